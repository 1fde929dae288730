;; Mutant 20: a `table.fill` that ends exactly at the table's size (2 + 2 = 4) must not trap.
(module
  (type $t (func (result i32)))
  (table 4 funcref)
  (func $seven (result i32) (i32.const 7))
  (elem declare func $seven)
  (func (export "fill_to_end") (result i32)
    (table.fill 0 (i32.const 2) (ref.func $seven) (i32.const 2))
    (call_indirect (type $t) (i32.const 3))))
