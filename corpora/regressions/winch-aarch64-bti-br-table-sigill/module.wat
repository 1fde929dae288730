(module
  (type (;0;) (func (result i32)))
  (global (;0;) (mut i32) i32.const 0)
  (global (;1;) (mut i64) i64.const 0)
  (global (;2;) (mut i32) i32.const 27)
  (export "7" (func 0))
  (func (;0;) (type 0) (result i32)
    (local i64)
    i32.const 0
    if ;; label = @1
      unreachable
    end
    global.get 2
    global.set 2
    i64.const 0
    f32.const -nan:0x7ffffd (;=NaN;)
    f32.const 0x1.e202aep+54 (;=33918471000000000;)
    i32.const 1
    i32.const 0
    br_table 0 0
    i32.reinterpret_f32
    global.get 0
    i32.xor
    global.set 0
    i32.reinterpret_f32
    global.get 0
    i32.xor
    global.set 0
    global.get 1
    i64.xor
    global.set 1
    i32.const 0
  )
)
