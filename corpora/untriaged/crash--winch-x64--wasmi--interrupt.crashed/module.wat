(module
  (type (;0;) (func (param i32)))
  (type (;1;) (func (param i64)))
  (type (;2;) (func (param f32)))
  (type (;3;) (func (param f64)))
  (type (;4;) (func (result i32)))
  (type (;5;) (func (param i64 i32) (result i64)))
  (type (;6;) (func (param f64) (result f64)))
  (type (;7;) (func (param i32 i64) (result i64 i32)))
  (type (;8;) (func (param i32) (result i32)))
  (type (;9;) (func))
  (import "host" "log_f64" (func (;0;) (type 3)))
  (import "host" "mix_i64" (func (;1;) (type 5)))
  (import "host" "scale_f64" (func (;2;) (type 6)))
  (memory (;0;) 2 7)
  (global (;0;) (mut v128) v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
  (global (;1;) (mut i64) i64.const 0)
  (global (;2;) (mut i32) i32.const 0)
  (global (;3;) (mut i64) i64.const 0)
  (export "" (func 0))
  (export "1" (func 1))
  (export "2" (func 2))
  (export "3" (func 3))
  (export "4" (memory 0))
  (export "#" (global 0))
  (export "P" (global 1))
  (export "7" (global 2))
  (export "8" (global 3))
  (func (;3;) (type 8) (param i32) (result i32)
    (local v128 v128)
    loop (result f64) ;; label = @1
      memory.size
      v128.load16x4_u offset=87466
      i32x4.extend_high_i16x8_u
      f64x2.trunc
      local.tee 1
      v128.const i32x4 0x00000000 0x7ff80000 0x00000000 0x7ff80000
      local.get 1
      local.get 1
      f64x2.eq
      v128.bitselect
      i8x16.abs
      i64x2.extend_low_i32x4_u
      i32.const 1984640272
      memory.grow
      i16x8.shr_u
      br 0 (;@1;)
      i8x16.extract_lane_u 0
      v128.const i32x4 0xcc75b71f 0xe2d5fe8b 0x5ba56d44 0x22793d3d
      v128.not
      i16x8.neg
      v128.store32_lane offset=391777 align=1 0
      i64.const -72057594037927936
      i64.ctz
      i64.eqz
      i64.load16_u offset=285024
      i64.extend8_s
      br 0 (;@1;)
      memory.size
      i32.extend8_s
      i64.load32_u offset=152697 align=1
      i64.ctz
      i64.le_u
      block (type 9) ;; label = @2
        block (type 4) (result i32) ;; label = @3
          v128.const i32x4 0x73a219a6 0xba3a530e 0xf5abaa5e 0x83924a75
          f64x2.promote_low_f32x4
          block (type 9) ;; label = @4
          end
          f32x4.sqrt
          local.tee 2
          v128.const i32x4 0x7fc00000 0x7fc00000 0x7fc00000 0x7fc00000
          local.get 2
          local.get 2
          f32x4.eq
          v128.bitselect
          i64x2.extend_low_i32x4_u
          i16x8.bitmask
          loop (result v128) ;; label = @4
            i64.const -5511487566137248975
            f64.const -0x1.1640d3ef128fbp+443 (;=-24688137881567870000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
            i32.trunc_f64_u
            i32x4.splat
            i32x4.all_true
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
      global.get 2
      i32.xor
      global.set 2
      f64.const 0x1.a85f3629208bep-256 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000014316200908940733;)
    end
    i64.reinterpret_f64
    global.get 3
    i64.xor
    global.set 3
    i32.const 33554432
  )
)
