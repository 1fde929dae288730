;; Tests a recursion 50,000 calls deep that finishes only with a bigger stack on some engines: wasmi overflows its
;; default call-depth limit (10,000) and must finish when the harness re-runs it with an 8x stack.
;; options stack-rerun
(module
  (func $down (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $down (i32.sub (local.get 0) (i32.const 1)))))))

  ;; expect deep_finite returns i32:50000
  (func (export "deep_finite") (result i32)
    (call $down (i32.const 50000))))
