(module
  (type (;0;) (func (param i32) (result i32)))
  (global (;0;) (mut v128) v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
  (export "5" (func 0))
  (export "" (global 0))
  (func (;0;) (type 0) (param i32) (result i32)
    (local v128 v128)
    i32.const 0
    if ;; label = @1
      unreachable
    end
    local.get 1
    v128.const i32x4 0xffffffff 0xffffffff 0xffffffff 0xffffffff
    local.get 2
    local.get 2
    f64x2.eq
    v128.bitselect
    global.get 0
    v128.xor
    global.set 0
    i32.const 0
  )
)
