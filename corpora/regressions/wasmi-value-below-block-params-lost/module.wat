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
  (import "host" "log_f32" (func (;0;) (type 2) (param f32)))
  (import "host" "scale_f64" (func (;1;) (type 6) (param f64) (result f64)))
  (import "host" "pair" (func (;2;) (type 7) (param i32 i64) (result i64 i32)))
  (import "host" "assert_positive" (func (;3;) (type 0) (param i32)))
  (import "host" "call_back" (func (;4;) (type 8) (param i32) (result i32)))
  (table (;0;) i64 0 68 funcref)
  (global (;0;) (mut v128) v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
  (global (;1;) (mut i32) i32.const 0)
  (global (;2;) (mut i64) i64.const 0)
  (global (;3;) (mut i32) i32.const 5000)
  (export "" (func 0))
  (export "1" (func 1))
  (export "2" (func 2))
  (export "3" (func 3))
  (export "4" (func 4))
  (export "5" (func 5))
  (export "6" (table 0))
  (export "[U" (global 0))
  (export "\u{a}_" (global 1))
  (export "ct" (global 2))
  (func (;5;) (type 7) (param i32 i64) (result i64 i32)
    (local v128 v128)
    global.get 3
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 3
    i32.const 1
    i32.sub
    global.set 3
    local.get 1
    local.get 1
    local.get 1
    v128.const i32x4 0x4119163b 0x3c9360d5 0x374ed4db 0x17590fbe
    f32x4.ceil
    local.tee 2
    v128.const i32x4 0x7fc00000 0x7fc00000 0x7fc00000 0x7fc00000
    local.get 2
    local.get 2
    f32x4.eq
    v128.bitselect
    i16x8.all_true
    local.get 1
    local.tee 1
    call 2
    block (type 0) (param i32) ;; label = @1
      br_if 0 (;@1;)
      local.get 1
      block (type 4) (result i32) ;; label = @2
        v128.const i32x4 0xf42557ae 0xb81777e5 0xc963a301 0x844afa68
        i64x2.neg
        f32x4.nearest
        local.tee 3
        v128.const i32x4 0x7fc00000 0x7fc00000 0x7fc00000 0x7fc00000
        local.get 3
        local.get 3
        f32x4.eq
        v128.bitselect
        global.get 0
        v128.xor
        global.set 0
        i32.const -2119527528
      end
      global.get 1
      i32.xor
      global.set 1
      global.get 2
      i64.xor
      global.set 2
    end
    global.get 2
    i64.xor
    global.set 2
    global.get 2
    i64.xor
    global.set 2
    global.get 2
    i64.xor
    global.set 2
    i32.const 4194304
  )
)
