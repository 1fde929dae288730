;; Mutant 21: `call_indirect` through table 1 must call table 1's element (2), not table 0's (1).
(module
  (type $t (func (result i32)))
  (table 1 funcref)
  (table 1 funcref)
  (func $one (result i32) (i32.const 1))
  (func $two (result i32) (i32.const 2))
  (elem (table 0) (i32.const 0) func $one)
  (elem (table 1) (i32.const 0) func $two)
  (func (export "through_table_1") (result i32)
    (call_indirect 1 (type $t) (i32.const 0))))
