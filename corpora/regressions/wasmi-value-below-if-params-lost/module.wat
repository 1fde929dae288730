(module
  (type (;0;) (func (param i32)))
  (type (;1;) (func (param f32)))
  (type (;2;) (func (param f64)))
  (type (;3;) (func (param i32)))
  (import "host" "log_f32" (func (;0;) (type 1)))
  (memory (;0;) 0 7 (pagesize 0x10000))
  (global (;0;) (mut i64) i64.const 0)
  (global (;1;) (mut v128) v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
  (global (;2;) (mut i64) i64.const 0)
  (global (;3;) (mut i32) i32.const 0)
  (global (;4;) (mut i32) i32.const 0)
  (global (;5;) (mut i32) i32.const 6)
  (export "R\u{434}" (func 0))
  (export "" (func 1))
  (export "\u{22}" (global 0))
  (func (;1;) (type 2) (param f64)
    (local f32 v128 v128 v128)
    i32.const 0
    if ;; label = @1
      unreachable
    end
    global.get 5
    global.set 5
    local.get 0
    memory.size
    memory.size
    if (type 0) (param i32) ;; label = @1
      i32.const 0
      i32.add
      i32x4.splat
      loop (result v128) ;; label = @2
        i32.const 1
        if ;; label = @3
          unreachable
        end
        global.get 5
        global.set 5
        i64.const 0
        f64.convert_i64_u
        i32.const -554516346
        block (type 3) (param i32) ;; label = @3
          br 0 (;@3;)
          f64.convert_i32_s
          br 1 (;@2;)
          call 1
          f32.const 0x1.77b28ap+43 (;=12908865000000;)
          i64.const 0
          loop ;; label = @4
            i32.const 0
            if ;; label = @5
              unreachable
            end
            global.get 5
            global.set 5
            block (result f64) ;; label = @5
              f64.const -0x1.3971b928f4c7ap-670 (;=-0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000249932780986144;)
            end
            i64.reinterpret_f64
            global.get 0
            i64.xor
            global.set 0
          end
          global.get 2
          i64.xor
          global.set 2
          i32.reinterpret_f32
          global.get 3
          i32.xor
          global.set 3
        end
        i64.reinterpret_f64
        i64.const 1
        i64.xor
        global.set 0
        v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      end
      global.get 1
      v128.xor
      global.set 1
      global.get 1
      v128.xor
      global.set 1
    else
      i32.const 1
      i32.xor
      global.set 4
    end
    i64.reinterpret_f64
    global.get 0
    i64.xor
    global.set 0
  )
)

