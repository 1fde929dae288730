;; Tests the unreachable trap: plain, inside nested blocks after real work, and only on the taken branch.
(module
  (memory 1)

  ;; expect plain trap unreachable
  (func (export "plain")
    unreachable)

  ;; expect nested_after_work trap unreachable
  (func (export "nested_after_work") (result i32)
    (local $i i32)
    (local $acc i32)
    (block $outer
      (loop $loop
        (local.set $acc (i32.add (local.get $acc) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $loop (i32.lt_u (local.get $i) (i32.const 10)))))
    (block $b1
      (block $b2
        (if (i32.eq (local.get $acc) (i32.const 45))
          (then
            (block $b3
              unreachable)))))
    (local.get $acc))

  ;; The same loop without hitting unreachable: the untaken branch does not trap.
  ;; expect nested_untaken_ok returns i32:45
  (func (export "nested_untaken_ok") (result i32)
    (local $i i32)
    (local $acc i32)
    (block $outer
      (loop $loop
        (local.set $acc (i32.add (local.get $acc) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $loop (i32.lt_u (local.get $i) (i32.const 10)))))
    (block $b1
      (block $b2
        (if (i32.ne (local.get $acc) (i32.const 45))
          (then
            (block $b3
              unreachable)))))
    (local.get $acc))

  ;; unreachable in a called function propagates out through the caller.
  (func $callee (result i32)
    (block $x (result i32)
      (i32.const 1)
      unreachable))

  ;; expect via_call trap unreachable
  (func (export "via_call") (result i32)
    (i32.add (i32.const 5) (call $callee)))

  ;; A store made before the trap is not rolled back: the later read sees it.
  ;; expect store_then_unreachable trap unreachable
  (func (export "store_then_unreachable")
    (i32.store (i32.const 16) (i32.const 1234))
    unreachable)

  ;; expect read_after_trap returns i32:1234
  (func (export "read_after_trap") (result i32)
    (i32.load (i32.const 16)))
)
