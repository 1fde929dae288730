(module
  (type (;0;) (func (param i32)))
  (type (;1;) (func (param i64)))
  (type (;2;) (func (param f32)))
  (type (;3;) (func (param f64)))
  (type (;4;) (func (result i32)))
  (type (;5;) (func (param i64 i32) (result i64)))
  (type (;6;) (func (param f64) (result f64)))
  (type (;7;) (func (param i32) (result i32)))
  (import "host" "log_i64" (func (;0;) (type 1) (param i64)))
  (import "host" "log_f32" (func (;1;) (type 2) (param f32)))
  (import "host" "next_i32" (func (;2;) (type 4) (result i32)))
  (import "host" "mix_i64" (func (;3;) (type 5) (param i64 i32) (result i64)))
  (import "host" "scale_f64" (func (;4;) (type 6) (param f64) (result f64)))
  (global (;0;) (mut v128) v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
  (global (;1;) (mut i32) i32.const 0)
  (global (;2;) (mut i64) i64.const 0)
  (global (;3;) (mut i32) i32.const 0)
  (global (;4;) (mut i32) i32.const 5000)
  (export "" (func 0))
  (export "1" (func 1))
  (export "2" (func 2))
  (export "3" (func 3))
  (export "4" (func 4))
  (export "5" (func 5))
  (export "6" (func 6))
  (export "7" (func 7))
  (export "8" (func 8))
  (export "h" (global 0))
  (export "10" (global 1))
  (export "q\u{8}?" (global 2))
  (export "12" (global 3))
  (func (;5;) (type 7) (param i32) (result i32)
    (local v128 v128)
    global.get 4
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 4
    i32.const 1
    i32.sub
    global.set 4
    i32.const 1
    i8x16.splat
    i16x8.extadd_pairwise_i8x16_s
    i32x4.trunc_sat_f64x2_s_zero
    i8x16.neg
    i32x4.trunc_sat_f64x2_s_zero
    i32x4.extend_high_i16x8_u
    f64x2.ceil
    local.tee 1
    v128.const i32x4 0x00000001 0x00000000 0x00000001 0x00000000
    local.get 1
    local.get 1
    f64x2.eq
    v128.bitselect
    f64x2.ceil
    local.tee 2
    v128.const i32x4 0xffffffff 0xffffffff 0xffffffff 0xffffffff
    local.get 2
    local.get 2
    f64x2.eq
    v128.bitselect
    global.get 0
    v128.xor
    global.set 0
    i32.const 2049
  )
  (func (;6;) (type 4) (result i32)
    (local f32 v128 f64 f64)
    global.get 4
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 4
    i32.const 1
    i32.sub
    global.set 4
    i64.const 8388608
    i64.clz
    i32.wrap_i64
    f64.convert_i32_s
    f64.trunc
    local.tee 2
    f64.const 0x1.fffffffffffffp+63 (;=18446744073709550000;)
    local.get 2
    local.get 2
    f64.eq
    select
    f64.ceil
    local.tee 3
    f64.const 0x1.fffffffffffffp+62 (;=9223372036854775000;)
    local.get 3
    local.get 3
    f64.eq
    select
    f32.const 0x1.000002p+64 (;=18446746000000000000;)
    f32.const 0x1.fffffep+30 (;=2147483500;)
    i32.reinterpret_f32
    global.get 1
    i32.xor
    global.set 1
    i32.reinterpret_f32
    global.get 1
    i32.xor
    global.set 1
    i64.reinterpret_f64
    global.get 2
    i64.xor
    global.set 2
    i32.const 8388608
  )
  (func (;7;) (type 2) (param f32)
    (local i32 i32 f64 f32 v128)
    global.get 4
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 4
    i32.const 1
    i32.sub
    global.set 4
    local.get 0
    i32.trunc_f32_u
    i32.ctz
    v128.const i32x4 0x3f7f3f7f 0x3f7f3f7f 0x3f7f3f7f 0x3f7f3f7f
    f64x2.convert_low_i32x4_u
    i32x4.extend_low_i16x8_u
    f32.const -0x1.000002p+63 (;=-9223373000000000000;)
    f32.sqrt
    local.tee 4
    f32.const 0x1.p-149 (;=0.000000000000000000000000000000000000000000001;)
    local.get 4
    local.get 4
    f32.eq
    select
    i64.trunc_f32_u
    i32.wrap_i64
    i8x16.shr_u
    i8x16.popcnt
    i64x2.neg
    f32x4.sqrt
    local.tee 5
    v128.const i32x4 0xfffffc00 0xfffffc00 0xfffffc00 0xfffffc00
    local.get 5
    local.get 5
    f32x4.eq
    v128.bitselect
    global.get 0
    v128.xor
    global.set 0
    global.get 3
    i32.xor
    global.set 3
  )
  (func (;8;) (type 0) (param i32)
    (local v128 i64 f32 f32)
    global.get 4
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 4
    i32.const 1
    i32.sub
    global.set 4
    local.get 0
    i32.ctz
    local.get 1
    i32x4.bitmask
    i32.ge_u
    f64.convert_i32_u
    i32.const 1
    i32.clz
    f64.const -0x1p+63 (;=-9223372036854776000;)
    f64.const nan (;=NaN;)
    f64.ge
    i32.sub
    f64.convert_i32_u
    f64.lt
    local.set 0
    f32.const 0x1.000002p+32 (;=4294968000;)
    f32.const 0x1.000002p+64 (;=18446746000000000000;)
    f32.ne
    f32.convert_i32_u
    f32.floor
    local.tee 4
    f32.const -inf (;=-inf;)
    local.get 4
    local.get 4
    f32.eq
    select
    i32.reinterpret_f32
    global.get 1
    i32.xor
    global.set 1
  )
)
