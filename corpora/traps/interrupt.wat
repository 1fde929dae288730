;; Tests interrupts: non-terminating loops (with and without calls) stop with the interrupt trap, and the same
;; instance keeps serving calls afterwards.
;; options interrupts
(module
  (global $n (mut i32) (i32.const 0))
  (func $tick (global.set $n (i32.add (global.get $n) (i32.const 1))))

  ;; expect before_ok returns i32:7
  (func (export "before_ok") (result i32) (i32.const 7))

  ;; expect spin trap interrupt
  (func (export "spin") (loop $l (br $l)))

  ;; expect spin_calling trap interrupt
  (func (export "spin_calling") (loop $l (call $tick) (br $l)))

  ;; expect spin_nested trap interrupt
  (func (export "spin_nested")
    (loop $outer
      (block $b (loop $inner (br_if $b (i32.const 0)) (br $inner)))
      (br $outer)))

  ;; A recursion that never returns but never grows past 20 frames: each level loops forever.
  (func $walk (param i32)
    (loop $l
      (if (i32.lt_u (local.get 0) (i32.const 20))
        (then (call $walk (i32.add (local.get 0) (i32.const 1)))))
      (br $l)))
  ;; expect spin_recursive trap interrupt
  (func (export "spin_recursive") (call $walk (i32.const 0)))

  ;; expect after_ok returns i32:42
  (func (export "after_ok") (result i32) (i32.const 42)))
