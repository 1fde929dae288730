(module
  (type (;0;) (func (result i32)))
  (type (;1;) (func (param i32) (result i32)))
  (type (;2;) (func (result i64)))
  (type (;3;) (func (param f32 i32) (result f32)))
  (table (;0;) 6 12 funcref)
  (table (;1;) i64 6 12 funcref)
  (export "f5" (func 4))
  (elem (;0;) (table 1) (i64.const 0) func 0 1 2 3)
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
  (func (;4;) (type 3) (param f32 i32) (result f32)
    f32.const 0x1.12c378p+109 (;=696608360000000000000000000000000;)
    local.get 0
    i64.const 0
    i32.const 1
    i32.const 0
    table.copy 1 0
    i64.const 0
    call_indirect 1 (type 0)
    select
  )
)
