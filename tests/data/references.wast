;; Reference arguments and results (reference types): host references keep their identity.
(module
  (table $t 2 externref)
  (func (export "id") (param externref) (result externref) (local.get 0))
  (func (export "null") (result funcref) (ref.null func))
  (func $f (export "func") (result funcref) (ref.func $f))
  (func (export "is_null") (param externref) (result i32) (ref.is_null (local.get 0)))
)
(assert_return (invoke "id" (ref.extern 7)) (ref.extern 7))
(assert_return (invoke "id" (ref.null extern)) (ref.null extern))
(assert_return (invoke "null") (ref.null func))
(assert_return (invoke "func") (ref.func))
(assert_return (invoke "is_null" (ref.extern 1)) (i32.const 0))
