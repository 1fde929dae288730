(module
  (type (;0;) (func (param i64 i32) (result i64)))
  (export "6" (func 0))
  (func (;0;) (type 0) (param i64 i32) (result i64)
    unreachable
  )
)
