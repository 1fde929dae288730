(module
  (type (;0;) (func (param i32)))
  (type (;1;) (func (param i64)))
  (type (;2;) (func (param f32)))
  (type (;3;) (func (param f64)))
  (type (;4;) (func (result i32)))
  (type (;5;) (func (param i64 i32) (result i64)))
  (type (;6;) (func (param f64) (result f64)))
  (type (;7;) (func (param i32 i64) (result i64 i32)))
  (import "host" "log_f32" (func (;0;) (type 2)))
  (import "host" "log_f64" (func (;1;) (type 3)))
  (import "host" "next_i32" (func (;2;) (type 4)))
  (import "host" "scale_f64" (func (;3;) (type 6)))
  (import "host" "pair" (func (;4;) (type 7)))
  (import "host" "assert_positive" (func (;5;) (type 0)))
  (table (;0;) 0 65 funcref)
  (global (;0;) (mut i32) i32.const 0)
  (global (;1;) (mut i64) i64.const 0)
  (global (;2;) (mut i64) i64.const 0)
  (global (;3;) (mut v128) v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
  (export "" (func 0))
  (export "1" (func 1))
  (export "2" (func 2))
  (export "3" (func 3))
  (export "4" (func 4))
  (export "5" (func 5))
  (export "6" (func 6))
  (export "7" (table 0))
  (export "58" (global 0))
  (export "E" (global 1))
  (export "10" (global 2))
  (export "411" (global 3))
  (elem (;0;) func)
  (func (;6;) (type 7) (param i32 i64) (result i64 i32)
    (local f32 f32 v128 i64 i32 i64 v128 f32 f64 f64 f64 f64)
    local.get 8
    i64.const 2305843009213693951
    nop
    f32.convert_i64_s
    f32.trunc
    local.tee 9
    f32.const nan (;=NaN;)
    local.get 9
    local.get 9
    f32.eq
    select
    f64.promote_f32
    i64.trunc_f64_u
    local.get 6
    if (type 1) (param i64) ;; label = @1
      local.tee 7
      elem.drop 0
      f64.convert_i64_s
      f64.nearest
      local.tee 10
      f64.const nan (;=NaN;)
      local.get 10
      local.get 10
      f64.eq
      select
      f64.sqrt
      local.tee 11
      f64.const nan (;=NaN;)
      local.get 11
      local.get 11
      f64.eq
      select
      f64.nearest
      local.tee 12
      f64.const nan (;=NaN;)
      local.get 12
      local.get 12
      f64.eq
      select
      f64.floor
      local.tee 13
      f64.const nan (;=NaN;)
      local.get 13
      local.get 13
      f64.eq
      select
      loop (type 6) (param f64) (result f64) ;; label = @2
        i64.trunc_f64_u
        i64.eqz
        loop (type 4) (result i32) ;; label = @3
          i64.const -7268848644677402326
          drop
          i32.const -877213851
        end
        global.get 0
        i32.xor
        global.set 0
        global.get 0
        i32.xor
        global.set 0
        f64.const -0x1.3ee1170a8bdc7p+326 (;=-170280490187645550000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
      end
      i64.reinterpret_f64
      global.get 1
      i64.xor
      global.set 1
    else
      global.get 2
      i64.xor
      global.set 2
    end
    global.get 3
    v128.xor
    global.set 3
    i64.const -9223253917761829484
    i32.const -1428102119
  )
  (data (;0;) "\1c")
  (data (;1;) "h(1x")
  (data (;2;) "a")
)
