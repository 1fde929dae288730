(module
  (type (;0;) (func (param i64 i32) (result i64)))
  (memory (;0;) 0 1)
  (global (;0;) (mut v128) v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
  (global (;1;) (mut i32) i32.const 0)
  (func (;0;) (type 0) (param i64 i32) (result i64)
    (local f32 f32 v128)
    global.get 1
    if ;; label = @1
      unreachable
    end
    i32.const 0
    v128.load8_splat
    global.set 0
    i64.const 0
  )
)
