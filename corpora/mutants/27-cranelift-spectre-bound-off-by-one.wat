;; Mutant 27: a load that ends exactly at the end of memory (65532 + 4 = 65536) does not trap.
;; The bounds check it needs (index against the size minus 4) is the one of a 64-bit memory
;; without a guard region: run it with `guard=0` on the Cranelift engine.
(module
  (memory i64 1)
  (global $at (mut i64) (i64.const 65532))
  (data (i64.const 65532) "\2a\00\00\00")
  (func (export "load_last") (result i32)
    (i32.load (global.get $at))))
