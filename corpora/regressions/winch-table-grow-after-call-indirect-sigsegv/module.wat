(module
  (type (;0;) (func (result i32)))
  (type (;1;) (func (param i32) (result i32)))
  (type (;2;) (func (result i64)))
  (type (;3;) (func (param i32 i32) (result i32)))
  (table (;0;) 6 12 funcref)
  (export "f0" (func 4))
  (elem (;0;) (table 0) (i32.const 0) func 0 1 2 3)
  (func (;0;) (type 0) (result i32)
    unreachable
  )
  (func (;1;) (type 0) (result i32)
    unreachable
  )
  (func (;2;) (type 1) (param i32) (result i32)
    unreachable
  )
  (func (;3;) (type 2) (result i64)
    unreachable
  )
  (func (;4;) (type 3) (param i32 i32) (result i32)
    ref.func 0
    local.get 0
    local.get 0
    local.get 0
    table.copy
    i32.const 0
    call_indirect (type 0)
    table.grow 0
    drop
    i32.const 0
    call_indirect (type 0)
  )
)
