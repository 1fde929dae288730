;; Mutant 25: the innermost `try_table` catches first: 1 (inner catch), not 2 (outer catch_all).
(module
  (tag $e)
  (func $throw (throw $e))
  (func (export "inner_catches") (result i32)
    (block $outer
      (block $inner
        (try_table (catch_all $outer)
          (try_table (catch $e $inner)
            (call $throw)))
        (return (i32.const 0)))
      (return (i32.const 1)))
    (i32.const 2)))
