;; Tests a host import that traps (host.assert_positive on a negative argument), directly and under several wasm
;; frames, and that the instance serves calls afterwards.
(module
  (import "host" "assert_positive" (func $check (param i32)))
  (func $inner (param i32) (call $check (local.get 0)))
  (func $outer (param i32) (call $inner (i32.sub (local.get 0) (i32.const 10))))

  ;; expect positive_ok returns
  (func (export "positive_ok") (call $check (i32.const 5)))

  ;; expect negative trap host-trap
  (func (export "negative") (call $check (i32.const -5)))

  ;; expect nested_negative trap host-trap
  (func (export "nested_negative") (call $outer (i32.const 3)))

  ;; expect nested_ok returns i32:1
  (func (export "nested_ok") (result i32) (call $outer (i32.const 11)) (i32.const 1)))
