;; Mutant 26: an in-bounds load of a 64-bit memory (an explicit bounds check with the Spectre
;; guard, Wasmtime's default) returns the stored value; the index is not a constant.
(module
  (memory i64 1)
  (global $at (mut i64) (i64.const 8))
  (data (i64.const 8) "\2a\00\00\00")
  (func (export "load") (result i32)
    (i32.load (global.get $at))))
