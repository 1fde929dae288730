;; Mutant 22: the elements a successful `table.grow` adds hold its init value, not null.
(module
  (table 1 funcref)
  (func $f)
  (elem declare func $f)
  (func (export "grown_is_null") (result i32)
    (drop (table.grow 0 (ref.func $f) (i32.const 2)))
    (ref.is_null (table.get 0 (i32.const 2)))))
