(module
  (type (;0;) (func (result i32)))
  (type (;1;) (func (param i32) (result i32)))
  (type (;2;) (func))
  (memory (;0;) 2 7)
  (global (;0;) (mut v128) v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
  (global (;1;) (mut i64) i64.const 0)
  (global (;2;) (mut i32) i32.const 0)
  (global (;3;) (mut i64) i64.const 0)
  (export "3" (func 0))
  (func (;0;) (type 1) (param i32) (result i32)
    (local v128 v128)
    loop (result f64) ;; label = @1
      local.get 1
      i32.const 1
      memory.grow
      i16x8.shr_u
      br 0 (;@1;)
      i8x16.extract_lane_u 0
      v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      v128.store32_lane offset=391777 align=1 0
      i64.const 0
      br 0 (;@1;)
      i64.const 0
      i64.le_u
      block (type 2) ;; label = @2
        block (type 0) (result i32) ;; label = @3
          v128.const i32x4 0x73a219a6 0xba3a530e 0xf5abaa5e 0x83924a75
          block (type 2) ;; label = @4
          end
          f32x4.sqrt
          local.tee 2
          v128.const i32x4 0x7fc00000 0x7fc00000 0x7fc00000 0x7fc00000
          local.get 2
          v128.bitselect
          i64x2.extend_low_i32x4_u
          i16x8.bitmask
          loop (result v128) ;; label = @4
            i64.const 0
            i32.const 0
            if (result v128) ;; label = @5
              v128.const i32x4 0xffffffff 0xffffdfff 0x7f7fffff 0x00000000
            else
              v128.const i32x4 0xf722431b 0x44de5ede 0x9c687cb4 0x6527fa5b
            end
            global.get 0
            v128.xor
            global.set 0
            global.get 1
            i64.xor
            global.set 1
            v128.const i32x4 0x57fc9a56 0xe88d31cb 0x08f5bb1f 0xaf067e11
          end
          global.get 0
          v128.xor
          global.set 0
        end
        global.get 2
        i32.xor
        global.set 2
      end
      i32.const 1
      i32.xor
      global.set 2
      f64.const 0x1.a85f3629208bep-256 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000014316200908940733;)
    end
    i64.reinterpret_f64
    global.get 3
    i64.xor
    global.set 3
    i32.const 0
  )
)
