;; Tests stack overflow in a mutual recursion through call_indirect, and a finite recursion through the same table.
(module
  (type $t (func (param i32) (result i32)))
  (table 2 funcref)
  (elem (i32.const 0) $ping $pong)

  (func $ping (type $t) (param i32) (result i32)
    (i32.add (i32.const 1) (call_indirect (type $t) (local.get 0) (i32.const 1))))
  (func $pong (type $t) (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (call_indirect (type $t) (i32.sub (local.get 0) (i32.const 1)) (i32.const 0)))))

  ;; A countdown from 100 through the table finishes.
  ;; expect bounded_ok returns i32:100
  (func (export "bounded_ok") (result i32)
    (call_indirect (type $t) (i32.const 100) (i32.const 1)))

  ;; A countdown from -1 never reaches zero.
  ;; expect unbounded_through_table trap stack-overflow
  (func (export "unbounded_through_table") (result i32)
    (call_indirect (type $t) (i32.const -1) (i32.const 1))))
