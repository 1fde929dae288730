(module
  (type (;0;) (func (param i32)))
  (type (;1;) (func (result i32)))
  (type (;2;) (func (param i32 i64) (result i64 i32)))
  (import "host" "pair" (func (;0;) (type 2) (param i32 i64) (result i64 i32)))
  (global (;0;) (mut i32) i32.const 0)
  (global (;1;) (mut i64) i64.const 0)
  (global (;2;) (mut i32) i32.const 27)
  (export "5" (func 1))
  (export "" (global 1))
  (func (;1;) (type 2) (param i32 i64) (result i64 i32)
    (local v128 v128)
    i32.const 0
    if ;; label = @1
      unreachable
    end
    global.get 2
    global.set 2
    local.get 1
    local.get 1
    local.get 1
    i32.const 1
    local.get 1
    call 0
    block (type 0) (param i32) ;; label = @1
      br_if 0 (;@1;)
      local.get 1
      block (type 1) (result i32) ;; label = @2
        i32.const 1
      end
      global.get 0
      i32.xor
      global.set 0
      global.get 1
      i64.xor
      global.set 1
    end
    global.get 1
    i64.xor
    global.set 1
    global.get 1
    i64.xor
    global.set 1
    global.get 1
    i64.xor
    global.set 1
    i32.const 0
  )
)
