;; Tests the stack-overflow trap: unbounded self recursion and unbounded mutual recursion, beside a bounded recursion that returns.
(module
  (func $forever (param $n i32) (result i32)
    (i32.add (call $forever (i32.add (local.get $n) (i32.const 1))) (i32.const 1)))

  (func $ping (param $n i32) (result i32)
    (i32.add (call $pong (i32.add (local.get $n) (i32.const 1))) (i32.const 1)))

  (func $pong (param $n i32) (result i32)
    (i32.add (call $ping (i32.add (local.get $n) (i32.const 1))) (i32.const 1)))

  ;; Recurses $n levels deep, then returns $n.
  (func $bounded (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.const 0))
      (else (i32.add (call $bounded (i32.sub (local.get $n) (i32.const 1))) (i32.const 1)))))

  ;; expect bounded_ok returns i32:1000
  (func (export "bounded_ok") (result i32)
    (call $bounded (i32.const 1000)))

  ;; expect self_recursion trap stack-overflow
  (func (export "self_recursion") (result i32)
    (call $forever (i32.const 0)))

  ;; expect mutual_recursion trap stack-overflow
  (func (export "mutual_recursion") (result i32)
    (call $ping (i32.const 0)))

  ;; A zero-result self-recursive export.
  ;; expect self_recursion_void trap stack-overflow
  (func $void_forever (export "self_recursion_void")
    (call $void_forever))
)
