(module
  (type (;0;) (func (param i32)))
  (type (;1;) (func (result i32)))
  (type (;2;) (func (param i32 i64) (result i64 i32)))
  (import "host" "pair" (func (;0;) (type 2)))
  (global (;0;) (mut i32) i32.const 0)
  (global (;1;) (mut i64) i64.const 0)
  (export "g" (global 1))
  (func $f (param i32 i64) (result i64)
    local.get 1
    i32.const 1
    local.get 1
    call 0
    block (type 0) (param i32)
      br_if 0
      local.get 1
      block (type 1) (result i32)
        i32.const 1
      end
      drop
      global.get 1
      i64.xor
      global.set 1
    end
    global.get 1
    i64.xor
    global.set 1
  )
  (func (export "run") (result i64) i32.const 0 i64.const 1 call $f)
)
