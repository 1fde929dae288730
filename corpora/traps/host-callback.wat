;; Tests host.call_back: the host calls back into wasm from inside a host call (both trampolines, both ways), nests,
;; and a trap inside the callback propagates through the host frame.
(module
  (import "host" "call_back" (func $cb (param i32) (result i32)))

  ;; The callback target: the first export by name of type [i32] -> [i32].
  (func (export "a_target") (param i32) (result i32)
    (if (i32.eq (local.get 0) (i32.const 13)) (then unreachable))
    (if (result i32) (i32.gt_u (local.get 0) (i32.const 100))
      (then (i32.add (i32.const 1) (call $cb (i32.sub (local.get 0) (i32.const 100)))))
      (else (i32.mul (local.get 0) (i32.const 2)))))

  ;; expect via_host_ok returns i32:42
  (func (export "via_host_ok") (result i32) (call $cb (i32.const 21)))

  ;; Three callbacks deep: 221 -> 121 -> 21.
  ;; expect vi_nested_ok returns i32:44
  (func (export "vi_nested_ok") (result i32) (call $cb (i32.const 221)))

  ;; expect trap_through_host trap unreachable
  (func (export "trap_through_host") (result i32) (call $cb (i32.const 13)))

  ;; expect z_after_ok returns i32:2
  (func (export "z_after_ok") (result i32) (call $cb (i32.const 1))))
