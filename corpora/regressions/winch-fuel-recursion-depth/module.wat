(module
  (type (;0;) (func (param i32)))
  (type (;1;) (func (param i64)))
  (type (;2;) (func (param f32)))
  (type (;3;) (func (result i32)))
  (type (;4;) (func (param i32) (result i32)))
  (import "host" "log_i32" (func (;0;) (type 0) (param i32)))
  (import "host" "assert_positive" (func (;1;) (type 0) (param i32)))
  (memory (;0;) 0 3)
  (global (;0;) (mut i32) i32.const 0)
  (global (;1;) (mut i64) i64.const 0)
  (global (;2;) (mut i64) i64.const 0)
  (global (;3;) (mut i32) i32.const 0)
  (global (;4;) (mut v128) v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
  (global (;5;) (mut i32) i32.const 60)
  (export "5" (func 2))
  (export "6" (func 3))
  (export "7" (func 4))
  (func (;2;) (type 2) (param f32)
    (local v128 v128 v128 v128 v128 f64)
    global.get 5
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 5
    i32.const 1
    i32.sub
    global.set 5
    block ;; label = @1
    end
    f64.const 0x1.64ab217224044p+763 (;=67594514983619360000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
    i64.const 0
    i32.const 1
    f32.convert_i32_s
    block ;; label = @1
      return
      f32.const -0x1.f76534p-41 (;=-0.00000000000089420973;)
      block ;; label = @2
        block (result i64) ;; label = @3
          i32.const 1
          return_call 1
          v128.const i32x4 0x6c95eb75 0x9c58a6dd 0xb563a452 0xe84393a0
          f64x2.promote_low_f32x4
          i32x4.trunc_sat_f32x4_s
          i16x8.abs
          f32.const -nan (;=NaN;)
          i32.const 1048575
          if (result i64) ;; label = @4
            i32.const 0
            br_if 4
            i32.const 1
            br_table 2 (;@2;) 3 (;@1;) 4 2 (;@2;)
            i32.const 0
            f32.const -0x1.04f842p-30 (;=-0.0000000009494024;)
            loop (result i64) ;; label = @5
              global.get 5
              if ;; label = @6
                unreachable
              end
              global.get 5
              global.set 5
              br 4 (;@1;)
              block (result i64) ;; label = @6
                f64.const -0x1.5441c49d539c2p+712 (;=-28636761101467096000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                i32.const 0
                br_if 6
                f64.trunc
                local.tee 6
                f64.const 0x1.0000000000001p+32 (;=4294967296.000001;)
                i32.const 0
                select
                loop ;; label = @7
                  i32.const 0
                  if ;; label = @8
                    unreachable
                  end
                  i32.const 1
                  global.set 5
                  i32.const 1
                  br_table 0 (;@7;) 2 (;@5;) 5 (;@2;) 6 (;@1;) 7 5 (;@2;)
                  block (result i64) ;; label = @8
                    i32.const 0
                    if (result i32) ;; label = @9
                      i32.const 1
                    else
                      i32.const 0
                    end
                    global.get 0
                    i32.xor
                    global.set 0
                    i64.const 0
                  end
                  global.get 1
                  i64.xor
                  global.set 1
                end
                i64.reinterpret_f64
                i64.const 1
                i64.xor
                global.set 2
                i64.const 0
              end
            end
            global.get 1
            i64.xor
            global.set 1
            i32.reinterpret_f32
            global.get 3
            i32.xor
            global.set 3
            global.get 0
            i32.xor
            global.set 0
            i64.const 0
          else
            i64.const 1
          end
          global.get 1
          i64.xor
          global.set 1
          i32.reinterpret_f32
          i32.const 0
          i32.xor
          global.set 3
          global.get 4
          v128.xor
          global.set 4
          i64.const 0
        end
        global.get 1
        i64.xor
        global.set 1
      end
      i32.reinterpret_f32
      i32.const 1
      i32.xor
      global.set 3
    end
    i32.reinterpret_f32
    i32.const 1
    i32.xor
    global.set 3
    global.get 1
    i64.xor
    global.set 1
    i64.reinterpret_f64
    global.get 2
    i64.xor
    global.set 2
  )
  (func (;3;) (type 1) (param i64)
    (local f64 f64 f64 f64 f32 f64 v128)
    i32.const 1
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 5
    global.set 5
    i32.const 0
    v128.load64_zero
    i32x4.bitmask
    br 0
    f32.const 0x1.65c1fcp-40 (;=0.0000000000012710109;)
    v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
    f64.const 0x1.c2f286476d90ep+139 (;=1227595484047304700000000000000000000000000;)
    f64.const nan (;=NaN;)
    i32.const 1
    select
    local.get 5
    loop ;; label = @1
      global.get 5
      if ;; label = @2
        unreachable
      end
      i32.const 0
      global.set 5
      block (result v128) ;; label = @2
        block (result f32) ;; label = @3
          f64.const -0x1.156ef8c503d49p-63 (;=-0.00000000000000000011749765056527593;)
          i64.const 0
          i64.eqz
          i32.eqz
          if ;; label = @4
          else
            call 5
            loop (result f32) ;; label = @5
              global.get 5
              if ;; label = @6
                unreachable
              end
              i32.const 1
              global.set 5
              block ;; label = @6
              end
              call 6
              if (result i32) ;; label = @6
                i32.const 1
                i64.const 0
                block ;; label = @7
                  br 7
                  loop (result f64) ;; label = @8
                    global.get 5
                    if ;; label = @9
                      unreachable
                    end
                    global.get 5
                    global.set 5
                    f32.const 0x1.4002p-131 (;=0.000000000000000000000000000000000000000459189;)
                    i64.const 0
                    i32.const 0
                    call 5
                    if ;; label = @9
                    else
                      loop ;; label = @10
                        global.get 5
                        if ;; label = @11
                          unreachable
                        end
                        i32.const 0
                        global.set 5
                        loop ;; label = @11
                          global.get 5
                          if ;; label = @12
                            unreachable
                          end
                          global.get 5
                          global.set 5
                        end
                        loop (result i32) ;; label = @11
                          global.get 5
                          if ;; label = @12
                            unreachable
                          end
                          global.get 5
                          global.set 5
                          i32.const 1
                        end
                        global.get 0
                        i32.xor
                        global.set 0
                      end
                    end
                    global.get 0
                    i32.xor
                    global.set 0
                    global.get 1
                    i64.xor
                    global.set 1
                    i32.reinterpret_f32
                    global.get 3
                    i32.xor
                    global.set 3
                    f64.const -0x1p+961 (;=-19490628022800000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                  end
                  i64.reinterpret_f64
                  i64.const 0
                  i64.xor
                  global.set 2
                end
                global.get 1
                i64.xor
                global.set 1
              else
                i32.const 0
              end
              global.get 0
              i32.xor
              global.set 0
              f32.const 0x1.28391ep+89 (;=716223540000000000000000000;)
            end
            i32.reinterpret_f32
            global.get 3
            i32.xor
            global.set 3
            i32.const 0
            i32.xor
            global.set 0
          end
          i64.reinterpret_f64
          global.get 2
          i64.xor
          global.set 2
          f32.const 0x1p+0 (;=1;)
        end
        i32.reinterpret_f32
        global.get 3
        i32.xor
        global.set 3
        v128.const i32x4 0x0041ffff 0x0041ffff 0x0041ffff 0x0041ffff
      end
      global.get 4
      v128.xor
      global.set 4
    end
    i32.reinterpret_f32
    global.get 3
    i32.xor
    global.set 3
    i64.reinterpret_f64
    i64.const 1
    i64.xor
    global.set 2
    global.get 4
    v128.xor
    global.set 4
    i32.reinterpret_f32
    global.get 3
    i32.xor
    global.set 3
    global.get 0
    i32.xor
    global.set 0
  )
  (func (;4;) (type 4) (param i32) (result i32)
    i32.const 0
    if ;; label = @1
      unreachable
    end
    global.get 5
    global.set 5
    loop ;; label = @1
      i32.const 1
      i32.eqz
      if ;; label = @2
        unreachable
      end
      global.get 5
      i32.const 1
      i32.sub
      global.set 5
      return_call 5
      i16x8.splat
      i16x8.bitmask
      v128.load16x4_s align=4
      i32x4.trunc_sat_f32x4_u
      i8x16.popcnt
      i32x4.extadd_pairwise_i16x8_s
      i16x8.bitmask
      call 0
      i64.const -4106199047594890873
      f32.convert_i64_s
      drop
    end
    i32.const 1
  )
  (func (;5;) (type 3) (result i32)
    (local v128 v128 v128 f64 f64 v128 v128 v128)
    global.get 5
    i32.eqz
    i32.eqz
    if ;; label = @1
    else
      unreachable
    end
    global.get 5
    i32.const 1
    i32.sub
    global.set 5
    call 5
    f32.const -0x1.c73c68p-4 (;=-0.11114159;)
    return_call 5
    i32.eqz
    block ;; label = @1
      return_call 5
      v128.load align=2
      i16x8.bitmask
      f64.convert_i32_u
      i32.trunc_sat_f64_s
      i32.extend8_s
      v128.load32x2_u align=4
      i32.const -536870913
      v128.load32x2_u align=2
      i8x16.sub_sat_s
      i32x4.bitmask
      i32.extend16_s
      br 1
      i32.const 0
      v128.load8x8_u align=1
      return_call 5
      i64x2.shl
      i32x4.neg
      br 0 (;@1;)
      f32x4.sqrt
      local.tee 0
      v128.const i32x4 0x7fc00000 0x7fc00000 0x7fc00000 0x7fc00000
      v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
      v128.bitselect
      i32x4.extend_high_i16x8_s
      f32x4.ceil
      local.tee 1
      v128.const i32x4 0x7fc00000 0x7fc00000 0x7fc00000 0x7fc00000
      local.get 1
      v128.bitselect
      i64x2.bitmask
      i8x16.splat
      f64x2.convert_low_i32x4_s
      f32x4.trunc
      local.tee 2
      v128.const i32x4 0x7fc00000 0x7fc00000 0x7fc00000 0x7fc00000
      local.get 2
      v128.bitselect
      i16x8.abs
      f64x2.abs
      loop ;; label = @2
        global.get 5
        if ;; label = @3
          unreachable
        end
        global.get 5
        global.set 5
        i32.const 0
        return_call 4
        i32x4.splat
        i64x2.bitmask
        return_call 6
        f32.convert_i32_u
        br 1 (;@1;)
        i32.reinterpret_f32
        i32.lt_s
        i32.extend16_s
        f64.convert_i32_s
        f64.nearest
        local.tee 3
        f64.const -0x1.a245760178755p-316 (;=-0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000012238818776772993;)
        i32.const 0
        select
        f64.nearest
        local.tee 4
        f64.const 0x1.972faccc43ed3p+997 (;=2130388430863523200000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
        i32.const 0
        select
        block (result v128) ;; label = @3
          local.get 5
          i64.const 1
          global.set 2
        end
        global.get 4
        v128.xor
        global.set 4
        i64.reinterpret_f64
        global.get 2
        i64.xor
        global.set 2
      end
      global.get 4
      v128.xor
      global.set 4
    end
    global.get 0
    i32.xor
    global.set 0
    i32.reinterpret_f32
    i32.const 0
    i32.xor
    global.set 3
  )
  (func (;6;) (type 3) (result i32)
    unreachable
  )
)
