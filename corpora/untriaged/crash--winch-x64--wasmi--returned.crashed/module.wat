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
  (import "host" "log_i32" (func (;0;) (type 0)))
  (import "host" "log_i64" (func (;1;) (type 1)))
  (import "host" "next_i32" (func (;2;) (type 4)))
  (import "host" "scale_f64" (func (;3;) (type 6)))
  (import "host" "assert_positive" (func (;4;) (type 0)))
  (import "host" "call_back" (func (;5;) (type 8)))
  (memory (;0;) 1 2)
  (memory (;1;) 1 2 (pagesize 0x10000))
  (global (;0;) (mut i64) i64.const 0)
  (global (;1;) (mut i64) i64.const 0)
  (global (;2;) (mut i32) i32.const 0)
  (global (;3;) (mut i32) i32.const 0)
  (global (;4;) (mut i32) i32.const 5000)
  (export "\u{1e}" (func 0))
  (export "" (func 1))
  (export "2" (func 2))
  (export "3" (func 3))
  (export "4" (func 4))
  (export "5" (func 5))
  (export "6" (func 6))
  (export "7" (func 7))
  (export "8" (func 8))
  (export "9" (func 9))
  (export "10" (func 10))
  (export "11" (func 11))
  (export "12" (memory 0))
  (export "13" (memory 1))
  (export "14" (global 0))
  (export "Y" (global 1))
  (export "t" (global 2))
  (export "\u{2}E-\u{a}" (global 3))
  (func (;6;) (type 0) (param i32)
    global.get 4
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 4
    i32.const 1
    i32.sub
    global.set 4
    i64.const 2
    i32.wrap_i64
    br_if 0
    f64.const -0x1.0e598dbee28bap+5 (;=-33.79372738961088;)
    br 0
    loop (type 4) (result i32) ;; label = @1
      global.get 4
      i32.eqz
      if ;; label = @2
        unreachable
      end
      global.get 4
      i32.const 1
      i32.sub
      global.set 4
      local.get 0
      i32.eqz
      i64.extend_i32_s
      i32.wrap_i64
      f64.convert_i32_u
      i64.trunc_sat_f64_s
      i64.eqz
      call 9
      block ;; label = @2
        nop
        i64.const 6959892852940438526
        i64.clz
        f32.convert_i64_u
        i32.const 32
        i32.extend16_s
        memory.grow 1
        loop (type 8) (param i32) (result i32) ;; label = @3
          global.get 4
          i32.eqz
          if ;; label = @4
            unreachable
          end
          global.get 4
          i32.const 1
          i32.sub
          global.set 4
          i64.load8_s offset=50868
          i64.eqz
          memory.size
          i32.load16_u offset=60453 align=1
          i32.load16_u 1 offset=75838
          i32.extend16_s
          i32.lt_s
        end
        f64.const 0x1.ffffffffff8p-1033 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002172923689948;)
        local.get 0
        call 4
        i64.trunc_sat_f64_s
        f32.const -nan:0x7ffffc (;=NaN;)
        i32.trunc_sat_f32_s
        i32.load 1 offset=60674 align=2
        i64.extend_i32_s
        f32.convert_i64_u
        f64.promote_f32
        i64.reinterpret_f64
        i64.const 131071
        i64.ne
        i64.load8_u offset=27259
        memory.size 1
        i32.load8_s 1 offset=72231
        br_table 0 (;@2;) 1 (;@1;) 2 2
        f64.convert_i64_u
        i64.reinterpret_f64
        global.get 0
        i64.xor
        global.set 0
        global.get 1
        i64.xor
        global.set 1
        global.get 2
        i32.xor
        global.set 2
        i32.reinterpret_f32
        global.get 3
        i32.xor
        global.set 3
      end
      i32.const 1516664347
    end
    global.get 2
    i32.xor
    global.set 2
    i64.reinterpret_f64
    global.get 0
    i64.xor
    global.set 0
  )
  (func (;7;) (type 6) (param f64) (result f64)
    (local i32 f32 f32 f32 f64 f64)
    global.get 4
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 4
    i32.const 1
    i32.sub
    global.set 4
    nop
    f32.const 0x1.0001p-133 (;=0.000000000000000000000000000000000000000091837;)
    i64.trunc_f32_s
    i64.extend8_s
    i64.eqz
    i64.const 268435456
    i64.store 1 offset=35493 align=4
    f32.const -0x1.9e4e4ep+125 (;=-68838370000000000000000000000000000000;)
    f32.sqrt
    local.tee 2
    f32.const nan (;=NaN;)
    local.get 2
    local.get 2
    f32.eq
    select
    f32.abs
    f32.trunc
    local.tee 3
    f32.const nan (;=NaN;)
    local.get 3
    local.get 3
    f32.eq
    select
    local.get 1
    i64.load16_u 1 offset=54630 align=1
    i64.extend32_s
    i64.extend32_s
    f64.const -nan:0xffffffeffffff (;=NaN;)
    local.set 0
    i64.eqz
    i64.load offset=64621
    local.get 1
    local.get 1
    i64.extend_i32_s
    i64.store 1 offset=57425 align=2
    i64.eqz
    i32.popcnt
    i32.const 28090408
    i32.ne
    memory.grow
    f32.load offset=77797 align=1
    f32.min
    local.tee 4
    f32.const nan (;=NaN;)
    local.get 4
    local.get 4
    f32.eq
    select
    block (type 4) (result i32) ;; label = @1
      i64.const -1073741824
      i32.wrap_i64
      i32.load16_s 1 offset=9401 align=1
      f64.load offset=17582 align=1
      call 7
      br 1
      f64.const -0x1.3f6859b233bbfp+39 (;=-685922638105.8671;)
      local.get 1
      if (type 6) (param f64) (result f64) ;; label = @2
        local.set 0
        loop (type 4) (result i32) ;; label = @3
          global.get 4
          i32.eqz
          if ;; label = @4
            unreachable
          end
          global.get 4
          i32.const 1
          i32.sub
          global.set 4
          f64.const 0x1.6ea59e19b3e95p-783 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002815279376627123;)
          i32.trunc_f64_u
          i32.clz
          i64.load16_s 1 offset=32379
          local.get 0
          local.tee 0
          f64.floor
          local.tee 5
          f64.const nan (;=NaN;)
          local.get 5
          local.get 5
          f64.eq
          select
          local.tee 0
          local.get 1
          block (result f64) ;; label = @4
            f32.const 0x1.93986cp+5 (;=50.449425;)
            i64.trunc_f32_s
            f64.convert_i64_s
            f64.ceil
            local.tee 6
            f64.const nan (;=NaN;)
            local.get 6
            local.get 6
            f64.eq
            select
          end
          i32.trunc_f64_u
          i32.rem_s
          loop (type 4) (result i32) ;; label = @4
            global.get 4
            i32.eqz
            if ;; label = @5
              unreachable
            end
            global.get 4
            i32.const 1
            i32.sub
            global.set 4
            br 1 (;@3;)
            br 1 (;@3;)
            memory.size 1
            f64.convert_i32_s
            i64.trunc_sat_f64_u
            memory.size
            i64.load32_s offset=97218 align=2
            i64.rem_u
            i64.extend32_s
            f64.convert_i64_s
            i64.reinterpret_f64
            global.get 0
            i64.xor
            global.set 0
            i32.const 8191
          end
          global.get 2
          i32.xor
          global.set 2
          global.get 2
          i32.xor
          global.set 2
          i64.reinterpret_f64
          global.get 0
          i64.xor
          global.set 0
          global.get 1
          i64.xor
          global.set 1
          i32.const 67108863
        end
        global.get 2
        i32.xor
        global.set 2
        f64.const -nan:0xfffffffffffef (;=NaN;)
      end
      i64.reinterpret_f64
      global.get 0
      i64.xor
      global.set 0
      i32.const 1934435186
    end
    global.get 2
    i32.xor
    global.set 2
    i32.reinterpret_f32
    global.get 3
    i32.xor
    global.set 3
    f64.const 0x1.15936fdab4e9bp+329 (;=1185797156752712200000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
  )
  (func (;8;) (type 8) (param i32) (result i32)
    (local f64 f64 f64 f32 f32 f32 f64)
    global.get 4
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 4
    i32.const 1
    i32.sub
    global.set 4
    block ;; label = @1
      i32.const 1400837000
      br_if 0 (;@1;)
      br 0 (;@1;)
      br 0 (;@1;)
      br 0 (;@1;)
      memory.size 1
      i64.load8_u offset=53518
      i32.const 4
      local.get 0
      i32.load8_s 1 offset=33847
      i32.load offset=48007 align=1
      call 2
      i32.lt_s
      i32.or
      i32.load16_u 1 offset=59497 align=1
      if (result i32) ;; label = @2
        loop ;; label = @3
          global.get 4
          i32.eqz
          if ;; label = @4
            unreachable
          end
          global.get 4
          i32.const 1
          i32.sub
          global.set 4
          i32.const -1467853204
          if (type 4) (result i32) ;; label = @4
            local.get 0
            i64.extend_i32_s
            i64.extend32_s
            loop ;; label = @5
              global.get 4
              i32.eqz
              if ;; label = @6
                unreachable
              end
              global.get 4
              i32.const 1
              i32.sub
              global.set 4
              i32.const 15
              i64.load8_s offset=46585
              i64.extend8_s
              i64.extend8_s
              loop ;; label = @6
                global.get 4
                i32.eqz
                if ;; label = @7
                  unreachable
                end
                global.get 4
                i32.const 1
                i32.sub
                global.set 4
                i32.const 8191
                i64.extend_i32_s
                nop
                i32.wrap_i64
                i32.load8_s offset=61057
                f64.load 1 offset=30969 align=4
                br 1 (;@5;)
                local.tee 1
                f64.abs
                call 3
                f64.nearest
                local.tee 3
                f64.const nan (;=NaN;)
                local.get 3
                local.get 3
                f64.eq
                select
                call 7
                br 0 (;@6;)
                i64.trunc_f64_u
                block ;; label = @7
                  block (result i64) ;; label = @8
                    loop ;; label = @9
                      global.get 4
                      i32.eqz
                      if ;; label = @10
                        unreachable
                      end
                      global.get 4
                      i32.const 1
                      i32.sub
                      global.set 4
                      block (result i32) ;; label = @10
                        block (result i32) ;; label = @11
                          i32.const 1073741824
                          f32.convert_i32_s
                          f32.trunc
                          local.tee 4
                          f32.const nan (;=NaN;)
                          local.get 4
                          local.get 4
                          f32.eq
                          select
                          local.get 2
                          local.tee 2
                          loop (result f32) ;; label = @12
                            global.get 4
                            i32.eqz
                            if ;; label = @13
                              unreachable
                            end
                            global.get 4
                            i32.const 1
                            i32.sub
                            global.set 4
                            call 2
                            f32.load offset=45109
                            i32.trunc_f32_s
                            br 3 (;@9;)
                            i64.load8_s 1 offset=41517
                            loop (type 1) (param i64) ;; label = @13
                              global.get 4
                              i32.eqz
                              if ;; label = @14
                                unreachable
                              end
                              global.get 4
                              i32.const 1
                              i32.sub
                              global.set 4
                              memory.size
                              i64.extend_i32_s
                              i64.le_u
                              local.tee 0
                              memory.size
                              i32.lt_s
                              i32.load8_u 1 offset=93207
                              call 8
                              loop (result i64) ;; label = @14
                                global.get 4
                                i32.eqz
                                if ;; label = @15
                                  unreachable
                                end
                                global.get 4
                                i32.const 1
                                i32.sub
                                global.set 4
                                f32.const -0x1.c505a4p-28 (;=-0.0000000065923382;)
                                i32.trunc_sat_f32_u
                                f64.convert_i32_s
                                i32.trunc_f64_u
                                i32.load8_u offset=36490
                                i64.load32_u 1 offset=21393 align=1
                                f32.const 0x1.0de766p+94 (;=20882803000000000000000000000;)
                                f32.const 0x1.001p-133 (;=0.000000000000000000000000000000000000000091858;)
                                i64.trunc_sat_f32_s
                                nop
                                i64.const -3631432021837775487
                                f32.const 0x1.55c4d6p-67 (;=0.000000000000000000009046547;)
                                i32.trunc_sat_f32_u
                                local.tee 0
                                br 7 (;@7;)
                                i32.extend8_s
                                i64.load8_s 1 offset=22880
                                i64.gt_u
                                memory.grow
                                i64.load8_s offset=13920
                                i64.add
                                i64.popcnt
                                i64.const -8289228570959284359
                                i64.or
                                i64.const 970790805858535167
                                loop ;; label = @15
                                  global.get 4
                                  i32.eqz
                                  if ;; label = @16
                                    unreachable
                                  end
                                  global.get 4
                                  i32.const 1
                                  i32.sub
                                  global.set 4
                                  call 2
                                  i64.load32_s offset=27035
                                  f64.const 0x1.p-1048 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000033156184;)
                                  i64.trunc_f64_u
                                  i64.ge_s
                                  br_table 0 (;@15;) 1 (;@14;) 3 (;@12;) 6 (;@9;) 8 (;@7;) 9 (;@6;) 10 (;@5;) 12 (;@3;) 14 (;@1;) 0 (;@15;)
                                  block (result i64) ;; label = @16
                                    local.get 0
                                    block ;; label = @17
                                      block (result f32) ;; label = @18
                                        f32.const 0x1.cc25ep-31 (;=0.00000000083700424;)
                                      end
                                      i64.trunc_f32_u
                                      loop (result f64) ;; label = @18
                                        global.get 4
                                        i32.eqz
                                        if ;; label = @19
                                          unreachable
                                        end
                                        global.get 4
                                        i32.const 1
                                        i32.sub
                                        global.set 4
                                        i32.const 444591855
                                        f32.convert_i32_u
                                        i64.trunc_sat_f32_s
                                        i64.clz
                                        i64.extend16_s
                                        call 2
                                        i64.load16_s 1 offset=3270
                                        i64.ne
                                        i32.load 1 offset=104654
                                        f32.convert_i32_u
                                        i64.trunc_f32_s
                                        i64.ctz
                                        i32.wrap_i64
                                        br_if 1 (;@17;)
                                        i64.const 2663041383739291795
                                        i64.extend16_s
                                        memory.size
                                        i32.load 1 offset=21896
                                        i32.popcnt
                                        f64.load 1 offset=37628
                                        block (type 6) (param f64) (result f64) ;; label = @19
                                          i32.trunc_sat_f64_u
                                          i64.load offset=60356 align=4
                                          local.get 0
                                          br 18 (;@1;)
                                          loop (type 4) (result i32) ;; label = @20
                                            global.get 4
                                            i32.eqz
                                            if ;; label = @21
                                              unreachable
                                            end
                                            global.get 4
                                            i32.const 1
                                            i32.sub
                                            global.set 4
                                            br 6 (;@14;)
                                            memory.size 1
                                            br 20
                                            memory.size 1
                                            call 0
                                            f32.const -nan:0x600000 (;=NaN;)
                                            f32.const 0x1.p-143 (;=0.00000000000000000000000000000000000000000009;)
                                            f32.ceil
                                            local.tee 5
                                            f32.const nan (;=NaN;)
                                            local.get 5
                                            local.get 5
                                            f32.eq
                                            select
                                            f32.sub
                                            local.tee 6
                                            f32.const nan (;=NaN;)
                                            local.get 6
                                            local.get 6
                                            f32.eq
                                            select
                                            br 5 (;@15;)
                                            i32.trunc_f32_u
                                            i64.load 1 offset=3472 align=4
                                            f32.const -0x1.e4bf66p+81 (;=-4578312000000000000000000;)
                                            block (type 4) (result i32) ;; label = @21
                                              local.get 2
                                              f64.trunc
                                              local.tee 7
                                              f64.const nan (;=NaN;)
                                              local.get 7
                                              local.get 7
                                              f64.eq
                                              select
                                              i32.trunc_f64_u
                                              f64.load offset=54357 align=4
                                              i32.trunc_sat_f64_u
                                              br_if 3 (;@18;)
                                              f64.const 0x1.fffcp-1060 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000016189;)
                                              block (type 4) (result i32) ;; label = @22
                                                br 21 (;@1;)
                                                i32.const -641247439
                                              end
                                              global.get 2
                                              i32.xor
                                              global.set 2
                                              i64.reinterpret_f64
                                              global.get 0
                                              i64.xor
                                              global.set 0
                                              i32.const 2084246285
                                            end
                                            global.get 2
                                            i32.xor
                                            global.set 2
                                            i32.reinterpret_f32
                                            global.get 3
                                            i32.xor
                                            global.set 3
                                            global.get 1
                                            i64.xor
                                            global.set 1
                                            i32.const -33554433
                                          end
                                          global.get 2
                                          i32.xor
                                          global.set 2
                                          global.get 2
                                          i32.xor
                                          global.set 2
                                          global.get 1
                                          i64.xor
                                          global.set 1
                                          f64.const 0x1.fc82b6e81bd21p+264 (;=58881505170993435000000000000000000000000000000000000000000000000000000000000000;)
                                        end
                                        i64.reinterpret_f64
                                        global.get 0
                                        i64.xor
                                        global.set 0
                                        global.get 1
                                        i64.xor
                                        global.set 1
                                        f64.const -0x1.98eb1c3411ebdp+913 (;=-110607029209665030000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                                      end
                                      i64.reinterpret_f64
                                      global.get 0
                                      i64.xor
                                      global.set 0
                                      global.get 1
                                      i64.xor
                                      global.set 1
                                    end
                                    global.get 2
                                    i32.xor
                                    global.set 2
                                    i64.const 8402154751647303402
                                  end
                                  global.get 1
                                  i64.xor
                                  global.set 1
                                end
                                global.get 1
                                i64.xor
                                global.set 1
                                global.get 1
                                i64.xor
                                global.set 1
                                i32.reinterpret_f32
                                global.get 3
                                i32.xor
                                global.set 3
                              end
                              global.get 1
                              i64.xor
                              global.set 1
                              global.get 2
                              i32.xor
                              global.set 2
                            end
                            f32.const 0x1.dcceeap-42 (;=0.0000000000004234908;)
                          end
                          i32.reinterpret_f32
                          global.get 3
                          i32.xor
                          global.set 3
                          i64.reinterpret_f64
                          global.get 0
                          i64.xor
                          global.set 0
                          i32.reinterpret_f32
                          global.get 3
                          i32.xor
                          global.set 3
                          i32.const 2097151
                        end
                      end
                      global.get 2
                      i32.xor
                      global.set 2
                    end
                    i64.const 17592186044416
                  end
                  global.get 1
                  i64.xor
                  global.set 1
                end
                global.get 1
                i64.xor
                global.set 1
              end
              global.get 1
              i64.xor
              global.set 1
            end
            global.get 1
            i64.xor
            global.set 1
            i32.const 4095
          else
            i32.const 286331153
          end
          global.get 2
          i32.xor
          global.set 2
        end
        i32.const 16384
      else
        i32.const -1268450091
      end
      global.get 2
      i32.xor
      global.set 2
      global.get 1
      i64.xor
      global.set 1
    end
    i32.const -1074192536
  )
  (func (;9;) (type 0) (param i32)
    (local f32 f64 f64)
    global.get 4
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 4
    i32.const 1
    i32.sub
    global.set 4
    br 0
    f64.const -0x1.7f9f32460b81fp-885 (;=-0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000005809211918810404;)
    loop ;; label = @1
      global.get 4
      i32.eqz
      if ;; label = @2
        unreachable
      end
      global.get 4
      i32.const 1
      i32.sub
      global.set 4
      br 1
    end
    i64.reinterpret_f64
    br 0
    i32.const -67108865
    i32.load16_s 1 offset=27641 align=1
    i32.popcnt
    i64.load 1 offset=63739 align=1
    loop (type 4) (result i32) ;; label = @1
      global.get 4
      i32.eqz
      if ;; label = @2
        unreachable
      end
      global.get 4
      i32.const 1
      i32.sub
      global.set 4
      memory.size
      i32.clz
      i64.load8_u 1 offset=36230
      i64.extend32_s
      local.get 0
      f32.convert_i32_u
      i32.const -8
      i64.load16_u offset=60895 align=1
      f64.convert_i64_s
      f32.const 0x1.5e6684p+16 (;=89702.516;)
      memory.size
      if (type 2) (param f32) ;; label = @2
        f32.nearest
        local.tee 1
        f32.const nan (;=NaN;)
        local.get 1
        local.get 1
        f32.eq
        select
        memory.size 1
        call 0
        br 1 (;@1;)
        memory.size 1
        i64.load16_s 1 offset=7008
        f32.convert_i64_s
        f32.gt
        nop
        i32.load16_s 1 offset=24323 align=1
        f32.const nan (;=NaN;)
        memory.size 1
        i64.load 1 offset=39455 align=2
        call 2
        local.tee 0
        i32.load8_u offset=53164
        i32.load offset=53969 align=2
        call 6
        br 1 (;@1;)
        i64.clz
        loop ;; label = @3
          global.get 4
          i32.eqz
          if ;; label = @4
            unreachable
          end
          global.get 4
          i32.const 1
          i32.sub
          global.set 4
          i64.const 131072
          f64.convert_i64_u
          block (type 4) (result i32) ;; label = @4
            local.get 0
            block (type 4) (result i32) ;; label = @5
              local.get 0
              f32.load 1 offset=32461 align=1
              f32.abs
              i32.const 67108864
              i32.load16_u 1 offset=54206 align=1
              f64.convert_i32_s
              i32.const 30725988
              i32.popcnt
              i32.load offset=35630 align=1
              i64.load32_s 1 offset=43241 align=2
              loop (result i32) ;; label = @6
                global.get 4
                i32.eqz
                if ;; label = @7
                  unreachable
                end
                global.get 4
                i32.const 1
                i32.sub
                global.set 4
                return
                f64.const -0x1p+961 (;=-19490628022800000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                loop (type 6) (param f64) (result f64) ;; label = @7
                  global.get 4
                  i32.eqz
                  if ;; label = @8
                    unreachable
                  end
                  global.get 4
                  i32.const 1
                  i32.sub
                  global.set 4
                  f64.const -0x1.fdec3d5ba805bp+871 (;=-31361057479437057000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                  i32.trunc_sat_f64_s
                  block (type 4) (result i32) ;; label = @8
                    loop (type 4) (result i32) ;; label = @9
                      global.get 4
                      i32.eqz
                      if ;; label = @10
                        unreachable
                      end
                      global.get 4
                      i32.const 1
                      i32.sub
                      global.set 4
                      i32.const -33554432
                      i32.popcnt
                      return
                      f32.reinterpret_i32
                      i64.trunc_sat_f32_u
                      f64.convert_i64_u
                      f64.trunc
                      local.tee 2
                      f64.const nan (;=NaN;)
                      local.get 2
                      local.get 2
                      f64.eq
                      select
                      f32.const 0x1.p-135 (;=0.000000000000000000000000000000000000000022959;)
                      i64.trunc_sat_f32_s
                      f32.const 0x1.p-137 (;=0.00000000000000000000000000000000000000000574;)
                      call 2
                      i64.load 1 offset=6142 align=2
                      i64.extend16_s
                      call 1
                      i64.trunc_sat_f32_s
                      i64.mul
                      i64.extend8_s
                      f64.convert_i64_s
                      i32.trunc_sat_f64_u
                      f32.const -0x1.5139f8p+22 (;=-5525118;)
                      memory.size
                      loop (type 8) (param i32) (result i32) ;; label = @10
                        global.get 4
                        i32.eqz
                        if ;; label = @11
                          unreachable
                        end
                        global.get 4
                        i32.const 1
                        i32.sub
                        global.set 4
                        i32.load16_u 1 offset=27364 align=1
                        i32.extend16_s
                        f64.convert_i32_s
                        i64.const 18014398509481984
                        f64.convert_i64_s
                        f64.max
                        local.tee 3
                        f64.const nan (;=NaN;)
                        local.get 3
                        local.get 3
                        f64.eq
                        select
                        f64.const -0x1.7b366408e54bp+129 (;=-1008119646757184800000000000000000000000;)
                        f64.const 0x1.096d12a913255p+821 (;=14498732759909502000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                        f64.abs
                        i64.trunc_sat_f64_u
                        i64.ctz
                        call 1
                        f64.lt
                        local.get 0
                        i32.shl
                        local.tee 0
                        call 0
                        i64.const -137438953472
                        block (result f32) ;; label = @11
                          f32.const -0x1.d3d972p-6 (;=-0.028555261;)
                        end
                        br 8 (;@2;)
                        br 8 (;@2;)
                        loop (type 4) (result i32) ;; label = @11
                          global.get 4
                          i32.eqz
                          if ;; label = @12
                            unreachable
                          end
                          global.get 4
                          i32.const 1
                          i32.sub
                          global.set 4
                          call 2
                          i32.eqz
                          if (type 4) (result i32) ;; label = @12
                            block ;; label = @13
                              loop (type 4) (result i32) ;; label = @14
                                global.get 4
                                i32.eqz
                                if ;; label = @15
                                  unreachable
                                end
                                global.get 4
                                i32.const 1
                                i32.sub
                                global.set 4
                                br 14
                                call 2
                                i32.load8_u offset=65506
                                br 8 (;@6;)
                                i64.load16_s 1 offset=33396 align=1
                                f64.convert_i64_u
                                i64.trunc_f64_u
                                i64.eqz
                                i32.load16_s offset=60152
                                f32.convert_i32_u
                                i64.trunc_f32_u
                                i64.popcnt
                                memory.size
                                if (result i64) ;; label = @15
                                  block (result f32) ;; label = @16
                                    memory.size 1
                                    br_if 5 (;@11;)
                                    local.get 0
                                    i64.const -7662987833313349136
                                    block (type 7) (param i32 i64) (result i64 i32) ;; label = @17
                                      f64.convert_i64_u
                                      f32.const 0x1.71ff6p-79 (;=0.0000000000000000000000023910532;)
                                      i64.const 6635527806619251419
                                      i64.popcnt
                                      i64.eqz
                                      f32.convert_i32_u
                                      loop (result i64) ;; label = @18
                                        global.get 4
                                        i32.eqz
                                        if ;; label = @19
                                          unreachable
                                        end
                                        global.get 4
                                        i32.const 1
                                        i32.sub
                                        global.set 4
                                        loop (type 4) (result i32) ;; label = @19
                                          global.get 4
                                          i32.eqz
                                          if ;; label = @20
                                            unreachable
                                          end
                                          global.get 4
                                          i32.const 1
                                          i32.sub
                                          global.set 4
                                          block (type 4) (result i32) ;; label = @20
                                            memory.size
                                            i32.clz
                                            i32.eqz
                                            i32.load8_u 1 offset=7647
                                            call 9
                                            call 2
                                            i64.load32_u 1 offset=31984 align=2
                                            i64.clz
                                            block (type 1) (param i64) ;; label = @21
                                              call 1
                                              i32.const 4194303
                                              i64.load32_s 1 offset=7335 align=2
                                              nop
                                              local.get 0
                                              i32.load8_s offset=40166
                                              f32.load 1 offset=12947 align=1
                                              i32.trunc_sat_f32_u
                                              local.get 0
                                              i32.lt_s
                                              i32.load16_s offset=57085 align=1
                                              i32.load16_s offset=3679 align=1
                                              i64.load32_s offset=9533 align=2
                                              global.get 1
                                              i64.xor
                                              global.set 1
                                              global.get 1
                                              i64.xor
                                              global.set 1
                                            end
                                            i32.const -633064883
                                          end
                                        end
                                        global.get 2
                                        i32.xor
                                        global.set 2
                                        i64.const 2969644614679031985
                                      end
                                      global.get 1
                                      i64.xor
                                      global.set 1
                                      i32.reinterpret_f32
                                      global.get 3
                                      i32.xor
                                      global.set 3
                                      i32.reinterpret_f32
                                      global.get 3
                                      i32.xor
                                      global.set 3
                                      i64.reinterpret_f64
                                      global.get 0
                                      i64.xor
                                      global.set 0
                                      global.get 2
                                      i32.xor
                                      global.set 2
                                      i64.const -8749860339558442138
                                      i32.const -33554433
                                    end
                                    global.get 2
                                    i32.xor
                                    global.set 2
                                    global.get 1
                                    i64.xor
                                    global.set 1
                                    f32.const 0x1.ee5cbep+75 (;=72954995000000000000000;)
                                  end
                                  i32.reinterpret_f32
                                  global.get 3
                                  i32.xor
                                  global.set 3
                                  i64.const 7380631790032384924
                                else
                                  i64.const -8533466939383541916
                                end
                                global.get 1
                                i64.xor
                                global.set 1
                                global.get 1
                                i64.xor
                                global.set 1
                                i32.const -1453057058
                              end
                              global.get 2
                              i32.xor
                              global.set 2
                            end
                            i32.const -512
                          else
                            i32.const 4096
                          end
                        end
                        global.get 2
                        i32.xor
                        global.set 2
                        i32.reinterpret_f32
                        global.get 3
                        i32.xor
                        global.set 3
                        global.get 1
                        i64.xor
                        global.set 1
                        i32.const 67108863
                      end
                      global.get 2
                      i32.xor
                      global.set 2
                      i32.reinterpret_f32
                      global.get 3
                      i32.xor
                      global.set 3
                      global.get 2
                      i32.xor
                      global.set 2
                      i64.reinterpret_f64
                      global.get 0
                      i64.xor
                      global.set 0
                      i32.const 2047
                    end
                  end
                  global.get 2
                  i32.xor
                  global.set 2
                  global.get 2
                  i32.xor
                  global.set 2
                end
                i64.reinterpret_f64
                global.get 0
                i64.xor
                global.set 0
                i32.const 642464683
              end
              global.get 2
              i32.xor
              global.set 2
              global.get 1
              i64.xor
              global.set 1
              i64.reinterpret_f64
              global.get 0
              i64.xor
              global.set 0
              i32.reinterpret_f32
              global.get 3
              i32.xor
              global.set 3
              i32.const 67108864
            end
            global.get 2
            i32.xor
            global.set 2
          end
          global.get 2
          i32.xor
          global.set 2
          i64.reinterpret_f64
          global.get 0
          i64.xor
          global.set 0
        end
        global.get 1
        i64.xor
        global.set 1
        i32.reinterpret_f32
        global.get 3
        i32.xor
        global.set 3
        global.get 2
        i32.xor
        global.set 2
      else
        i32.reinterpret_f32
        global.get 3
        i32.xor
        global.set 3
      end
      i64.reinterpret_f64
      global.get 0
      i64.xor
      global.set 0
      i32.reinterpret_f32
      global.get 3
      i32.xor
      global.set 3
      global.get 1
      i64.xor
      global.set 1
      i32.const -14863719
    end
    global.get 2
    i32.xor
    global.set 2
    global.get 1
    i64.xor
    global.set 1
    global.get 1
    i64.xor
    global.set 1
  )
  (func (;10;) (type 0) (param i32)
    (local f32 f32 f64 f64 f64 f32)
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
    f32.convert_i32_u
    f32.const -0x1.bc0f86p-117 (;=-0.0000000000000000000000000000000000104398154;)
    f32.le
    local.tee 0
    local.get 0
    i32.store 1 offset=24070 align=2
    call 2
    if ;; label = @1
      f32.const 0x1.4912c6p-81 (;=0.00000000000000000000000053164664;)
      local.get 0
      i32.load16_u offset=17518
      i64.load32_s 1 offset=9743 align=2
      block (type 1) (param i64) ;; label = @2
        f32.convert_i64_u
        block ;; label = @3
          i32.const 1563265126
          f64.const 0x1.c541b6d4350a9p-968 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000070968963209506655;)
          block (type 3) (param f64) ;; label = @4
            f64.abs
            i32.trunc_f64_u
            f32.convert_i32_u
            memory.size 1
            i32.load 1 offset=1328 align=2
            i32.load16_s offset=14400
            memory.size
            i32.store8 1 offset=24335
            f32.const 0x1p-23 (;=0.00000011920929;)
            br 0 (;@4;)
            nop
            f32.le
            br_if 4
            block (type 4) (result i32) ;; label = @5
              unreachable
              call 2
              i64.load8_s 1 offset=61952
              f64.convert_i64_s
              i32.const 15
              i32.load offset=892
              local.set 0
              i32.trunc_f64_s
              i32.load offset=40747 align=2
              i64.load8_s 1 offset=19409
              f32.const 0x1.24f142p-95 (;=0.000000000000000000000000000028886352;)
              i64.trunc_f32_u
              nop
              i32.wrap_i64
              br_if 2 (;@3;)
              i64.extend16_s
              local.get 0
              i32.popcnt
              i64.load 1 offset=63802
              i64.rotl
              i64.ctz
              f32.convert_i64_s
              f64.const -0x1.30dbd946da2dfp-340 (;=-0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000005316921178934259;)
              i64.trunc_f64_u
              block (type 4) (result i32) ;; label = @6
                call 2
                i64.load16_u 1 offset=3110
                f32.convert_i64_u
                f32.trunc
                local.tee 1
                f32.const nan (;=NaN;)
                local.get 1
                local.get 1
                f32.eq
                select
                i32.reinterpret_f32
                i32.extend8_s
                i64.load8_u offset=50425
                call 1
                block (result i64) ;; label = @7
                  local.get 0
                  if (result i64) ;; label = @8
                    local.get 0
                    local.get 0
                    f32.const -0x1.fffffep+120 (;=-2658455800000000000000000000000000000;)
                    i32.reinterpret_f32
                    memory.size
                    i32.extend8_s
                    i64.load16_u 1 offset=36242
                    i32.wrap_i64
                    i32.lt_s
                    i32.or
                    i32.le_u
                    block ;; label = @9
                      memory.size 1
                      i32.load8_s 1 offset=16047
                      i64.load16_s offset=13068
                      local.get 0
                      f32.load 1 offset=50417 align=1
                      memory.size 1
                      br_table 0 (;@9;) 5 (;@4;) 6 (;@3;) 7 (;@2;) 8 (;@1;) 9 6 (;@3;)
                      loop ;; label = @10
                        global.get 4
                        i32.eqz
                        if ;; label = @11
                          unreachable
                        end
                        global.get 4
                        i32.const 1
                        i32.sub
                        global.set 4
                        i32.const -2147483648
                        i64.load 1 offset=69828
                        f32.const -nan:0x7ff000 (;=NaN;)
                        f32.nearest
                        local.tee 2
                        f32.const nan (;=NaN;)
                        local.get 2
                        local.get 2
                        f32.eq
                        select
                        br 9 (;@1;)
                        f64.const 0x1.p-1040 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000008487983164;)
                        i64.reinterpret_f64
                        i64.clz
                        f64.convert_i64_s
                        f32.const -0x1.0bf96ap+3 (;=-8.374196;)
                        i64.trunc_f32_s
                        br 2 (;@8;)
                        i64.const 7
                        call 2
                        i64.load16_u 1 offset=40341
                        i64.sub
                        f32.convert_i64_u
                        f64.const 0x1.4ade4ecb4e833p+97 (;=204797613735860900000000000000;)
                        f64.abs
                        i32.trunc_f64_s
                        f64.load offset=3229 align=1
                        f64.sqrt
                        local.tee 3
                        f64.const nan (;=NaN;)
                        local.get 3
                        local.get 3
                        f64.eq
                        select
                        f64.ceil
                        local.tee 4
                        f64.const nan (;=NaN;)
                        local.get 4
                        local.get 4
                        f64.eq
                        select
                        i64.const 524287
                        memory.size 1
                        f64.load offset=55096 align=2
                        f32.demote_f64
                        loop ;; label = @11
                          global.get 4
                          i32.eqz
                          if ;; label = @12
                            unreachable
                          end
                          global.get 4
                          i32.const 1
                          i32.sub
                          global.set 4
                          br 2 (;@9;)
                          loop ;; label = @12
                            global.get 4
                            i32.eqz
                            if ;; label = @13
                              unreachable
                            end
                            global.get 4
                            i32.const 1
                            i32.sub
                            global.set 4
                            f64.const 0x1.ffffffffffp-1034 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000010864618449737;)
                            f64.ceil
                            local.tee 5
                            f64.const nan (;=NaN;)
                            local.get 5
                            local.get 5
                            f64.eq
                            select
                            i64.trunc_f64_s
                            f64.convert_i64_u
                            br 1 (;@11;)
                            i64.reinterpret_f64
                            i64.extend8_s
                            memory.size
                            i32.extend16_s
                            local.tee 0
                            i32.load 1 offset=23680
                            loop (type 8) (param i32) (result i32) ;; label = @13
                              global.get 4
                              i32.eqz
                              if ;; label = @14
                                unreachable
                              end
                              global.get 4
                              i32.const 1
                              i32.sub
                              global.set 4
                              i32.extend8_s
                              br_if 3 (;@10;)
                              i32.const 2047
                              i64.load8_s 1 offset=11422
                              i64.const -2115926415966705880
                              i64.eqz
                              br_table 1 (;@12;) 2 (;@11;) 3 (;@10;) 4 (;@9;) 9 (;@4;) 10 (;@3;) 11 (;@2;) 12 (;@1;) 13 12 (;@1;)
                              call 2
                              i64.load32_s 1 offset=59392 align=2
                              i64.rem_u
                              f64.reinterpret_i64
                              i64.trunc_f64_u
                              f32.convert_i64_u
                              f32.sqrt
                              local.tee 6
                              f32.const nan (;=NaN;)
                              local.get 6
                              local.get 6
                              f32.eq
                              select
                              call 2
                              i64.load 1 offset=2460 align=4
                              f64.reinterpret_i64
                              nop
                              i64.trunc_sat_f64_s
                              f64.reinterpret_i64
                              i32.trunc_sat_f64_u
                              global.get 2
                              i32.xor
                              global.set 2
                              i32.reinterpret_f32
                              global.get 3
                              i32.xor
                              global.set 3
                              i32.const -1491098800
                            end
                            global.get 2
                            i32.xor
                            global.set 2
                            global.get 1
                            i64.xor
                            global.set 1
                          end
                        end
                        i32.reinterpret_f32
                        global.get 3
                        i32.xor
                        global.set 3
                        global.get 1
                        i64.xor
                        global.set 1
                        i64.reinterpret_f64
                        global.get 0
                        i64.xor
                        global.set 0
                        i32.reinterpret_f32
                        global.get 3
                        i32.xor
                        global.set 3
                        i64.reinterpret_f64
                        global.get 0
                        i64.xor
                        global.set 0
                        i32.reinterpret_f32
                        global.get 3
                        i32.xor
                        global.set 3
                        global.get 1
                        i64.xor
                        global.set 1
                      end
                      i32.reinterpret_f32
                      global.get 3
                      i32.xor
                      global.set 3
                      global.get 1
                      i64.xor
                      global.set 1
                    end
                    global.get 2
                    i32.xor
                    global.set 2
                    i64.const 1152921504606846976
                  else
                    i64.const 17179869183
                  end
                end
                global.get 1
                i64.xor
                global.set 1
                i32.const 610932544
              end
              global.get 2
              i32.xor
              global.set 2
              global.get 1
              i64.xor
              global.set 1
              i32.reinterpret_f32
              global.get 3
              i32.xor
              global.set 3
              i32.const 319783070
            end
            global.get 2
            i32.xor
            global.set 2
          end
          global.get 2
          i32.xor
          global.set 2
        end
        i32.reinterpret_f32
        global.get 3
        i32.xor
        global.set 3
      end
      i32.reinterpret_f32
      global.get 3
      i32.xor
      global.set 3
    end
  )
  (func (;11;) (type 7) (param i32 i64) (result i64 i32)
    (local i32 i32 f32 f64)
    global.get 4
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 4
    i32.const 1
    i32.sub
    global.set 4
    i32.const -16384
    i64.load16_s 1 offset=46419 align=1
    call 1
    nop
    block (result f64) ;; label = @1
      local.get 2
      f64.load 1 offset=89248
      i64.const -2722195973474606096
      local.tee 1
      local.set 1
      i64.trunc_sat_f64_s
      f64.convert_i64_s
      i64.trunc_sat_f64_s
      f64.const 0x1.p-1044 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000005304989477;)
      loop (type 6) (param f64) (result f64) ;; label = @2
        global.get 4
        i32.eqz
        if ;; label = @3
          unreachable
        end
        global.get 4
        i32.const 1
        i32.sub
        global.set 4
        memory.size
        block (type 0) (param i32) ;; label = @3
          i32.clz
          f64.convert_i32_u
          i32.trunc_sat_f64_u
          local.get 3
          local.tee 2
          i32.mul
          br_if 0 (;@3;)
          loop (type 4) (result i32) ;; label = @4
            global.get 4
            i32.eqz
            if ;; label = @5
              unreachable
            end
            global.get 4
            i32.const 1
            i32.sub
            global.set 4
            loop ;; label = @5
              global.get 4
              i32.eqz
              if ;; label = @6
                unreachable
              end
              global.get 4
              i32.const 1
              i32.sub
              global.set 4
              call 2
              local.get 1
              f32.convert_i64_u
              f32.neg
              i64.const 65538
              local.tee 1
              i64.eqz
              i32.load8_s offset=69609
              i32.const 262143
              i32.store16 offset=16716 align=1
              f32.trunc
              local.tee 4
              f32.const nan (;=NaN;)
              local.get 4
              local.get 4
              f32.eq
              select
              f32.neg
              block (result f64) ;; label = @6
                br 2 (;@4;)
                loop ;; label = @7
                  global.get 4
                  i32.eqz
                  if ;; label = @8
                    unreachable
                  end
                  global.get 4
                  i32.const 1
                  i32.sub
                  global.set 4
                end
                i64.const 1
                local.set 1
                loop (type 4) (result i32) ;; label = @7
                  global.get 4
                  i32.eqz
                  if ;; label = @8
                    unreachable
                  end
                  global.get 4
                  i32.const 1
                  i32.sub
                  global.set 4
                  memory.size 1
                  f32.load 1 offset=46582
                  f32.const -0x1.aba95ep-47 (;=-0.000000000000011869994;)
                  f32.copysign
                  f32.abs
                  i64.trunc_f32_s
                  i32.wrap_i64
                  f32.load 1 offset=4516
                  i32.trunc_sat_f32_u
                  memory.size
                  loop (type 4) (result i32) ;; label = @8
                    global.get 4
                    i32.eqz
                    if ;; label = @9
                      unreachable
                    end
                    global.get 4
                    i32.const 1
                    i32.sub
                    global.set 4
                    loop (result f64) ;; label = @9
                      global.get 4
                      i32.eqz
                      if ;; label = @10
                        unreachable
                      end
                      global.get 4
                      i32.const 1
                      i32.sub
                      global.set 4
                      i64.const 2305843009213693952
                      f64.const -0x1.070c6f6e7a99bp+347 (;=-294580831744686270000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                      i64.reinterpret_f64
                      local.set 1
                      local.tee 1
                      i64.eqz
                      i64.load8_s 1 offset=56934
                      loop (result i64) ;; label = @10
                        global.get 4
                        i32.eqz
                        if ;; label = @11
                          unreachable
                        end
                        global.get 4
                        i32.const 1
                        i32.sub
                        global.set 4
                        unreachable
                        br 5 (;@5;)
                        call 2
                        nop
                        i32.clz
                        i32.extend8_s
                        i64.const 1152921504606846975
                        nop
                        i64.store32 offset=53007 align=2
                        memory.size
                        i64.extend_i32_s
                        i64.ctz
                        f32.const 0x1.p-132 (;=0.000000000000000000000000000000000000000183671;)
                        loop (result i64) ;; label = @11
                          global.get 4
                          i32.eqz
                          if ;; label = @12
                            unreachable
                          end
                          global.get 4
                          i32.const 1
                          i32.sub
                          global.set 4
                          memory.size
                          i64.load16_u offset=22518 align=1
                          i64.clz
                          call 2
                          call 10
                          f32.convert_i64_u
                          br 4 (;@7;)
                          block (result i32) ;; label = @12
                            loop ;; label = @13
                              global.get 4
                              i32.eqz
                              if ;; label = @14
                                unreachable
                              end
                              global.get 4
                              i32.const 1
                              i32.sub
                              global.set 4
                            end
                            block (result f32) ;; label = @13
                              br 8 (;@5;)
                              br 8 (;@5;)
                              call 2
                              i32.ctz
                              i64.load16_u offset=59672 align=1
                              f32.const -0x1.100244p+46 (;=-74769220000000;)
                              block (type 4) (result i32) ;; label = @14
                                local.get 1
                                local.tee 1
                                local.set 1
                                br 3 (;@11;)
                                i32.const -339441958
                                f32.convert_i32_s
                                f64.const -nan:0xfff8000000000 (;=NaN;)
                                f64.const -nan:0xffffbffffffff (;=NaN;)
                                i32.const 1077648763
                                i32.load16_u offset=24746
                                nop
                                i32.load offset=25549
                                loop (result i64) ;; label = @15
                                  global.get 4
                                  i32.eqz
                                  if ;; label = @16
                                    unreachable
                                  end
                                  global.get 4
                                  i32.const 1
                                  i32.sub
                                  global.set 4
                                  memory.size
                                  local.set 0
                                  call 2
                                  i32.load16_u 1 offset=27389
                                  br_if 5 (;@10;)
                                  i32.const 1711585916
                                  i32.load16_u offset=4390
                                  i32.eqz
                                  i64.load16_u offset=64037 align=1
                                  call 2
                                  f64.load 1 offset=5193 align=4
                                  f64.floor
                                  local.tee 5
                                  f64.const nan (;=NaN;)
                                  local.get 5
                                  local.get 5
                                  f64.eq
                                  select
                                  i32.trunc_sat_f64_s
                                  i32.extend16_s
                                  i64.load8_u 1 offset=3196407883
                                  i64.mul
                                end
                                f64.convert_i64_s
                                loop (type 6) (param f64) (result f64) ;; label = @15
                                  global.get 4
                                  i32.eqz
                                  if ;; label = @16
                                    unreachable
                                  end
                                  global.get 4
                                  i32.const 1
                                  i32.sub
                                  global.set 4
                                  loop (type 4) (result i32) ;; label = @16
                                    global.get 4
                                    i32.eqz
                                    if ;; label = @17
                                      unreachable
                                    end
                                    global.get 4
                                    i32.const 1
                                    i32.sub
                                    global.set 4
                                    br 0 (;@16;)
                                    local.get 1
                                    i64.extend16_s
                                    i64.extend16_s
                                    loop ;; label = @17
                                      global.get 4
                                      i32.eqz
                                      if ;; label = @18
                                        unreachable
                                      end
                                      global.get 4
                                      i32.const 1
                                      i32.sub
                                      global.set 4
                                      block ;; label = @18
                                        block (type 4) (result i32) ;; label = @19
                                          i64.const 4096
                                          br 16 (;@3;)
                                          i64.const 4286578688
                                          f32.const -0x1.3764e8p+95 (;=-48185913000000000000000000000;)
                                          memory.size 1
                                          i32.load16_s 1 offset=34341
                                          call 9
                                          f32.abs
                                          f64.const -nan:0xfbfffffffffff (;=NaN;)
                                          f32.const -0x1.3ee734p-74 (;=-0.00000000000000000000006594762;)
                                          i64.trunc_sat_f32_s
                                          f32.const 0x1.0002p-132 (;=0.000000000000000000000000000000000000000183677;)
                                          i64.const 256
                                          i32.wrap_i64
                                          i32.load16_s offset=20440
                                          i32.load16_s 1 offset=10651
                                          f64.load offset=40509 align=4
                                          i64.trunc_sat_f64_s
                                          global.get 1
                                          i64.xor
                                          global.set 1
                                          i32.reinterpret_f32
                                          global.get 3
                                          i32.xor
                                          global.set 3
                                          global.get 1
                                          i64.xor
                                          global.set 1
                                          i64.reinterpret_f64
                                          global.get 0
                                          i64.xor
                                          global.set 0
                                          i32.reinterpret_f32
                                          global.get 3
                                          i32.xor
                                          global.set 3
                                          global.get 1
                                          i64.xor
                                          global.set 1
                                          global.get 1
                                          i64.xor
                                          global.set 1
                                          i32.const 131056
                                        end
                                        global.get 2
                                        i32.xor
                                        global.set 2
                                      end
                                    end
                                    global.get 1
                                    i64.xor
                                    global.set 1
                                    i32.const 813841429
                                  end
                                  global.get 2
                                  i32.xor
                                  global.set 2
                                end
                                i64.reinterpret_f64
                                global.get 0
                                i64.xor
                                global.set 0
                                global.get 2
                                i32.xor
                                global.set 2
                                i64.reinterpret_f64
                                global.get 0
                                i64.xor
                                global.set 0
                                i64.reinterpret_f64
                                global.get 0
                                i64.xor
                                global.set 0
                                i32.reinterpret_f32
                                global.get 3
                                i32.xor
                                global.set 3
                                i32.const 511
                              end
                              global.get 2
                              i32.xor
                              global.set 2
                              i32.reinterpret_f32
                              global.get 3
                              i32.xor
                              global.set 3
                              global.get 1
                              i64.xor
                              global.set 1
                              f32.const -0x1.4d630cp+119 (;=-865521900000000000000000000000000000;)
                            end
                            i32.reinterpret_f32
                            global.get 3
                            i32.xor
                            global.set 3
                            i32.const -1791675080
                          end
                          global.get 2
                          i32.xor
                          global.set 2
                          i32.reinterpret_f32
                          global.get 3
                          i32.xor
                          global.set 3
                          i64.const 1787291363151728903
                        end
                        global.get 1
                        i64.xor
                        global.set 1
                        i32.reinterpret_f32
                        global.get 3
                        i32.xor
                        global.set 3
                      end
                      global.get 1
                      i64.xor
                      global.set 1
                      drop
                      f64.const 0x1.d19f783f7e046p-647 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000003114491845685751;)
                    end
                    i64.reinterpret_f64
                    global.get 0
                    i64.xor
                    global.set 0
                    i32.const 134217728
                  end
                  global.get 2
                  i32.xor
                  global.set 2
                  global.get 2
                  i32.xor
                  global.set 2
                end
                global.get 2
                i32.xor
                global.set 2
                f64.const 0x1.7f1b130ecf05dp+67 (;=220845434361770570000;)
              end
              i64.reinterpret_f64
              global.get 0
              i64.xor
              global.set 0
              i32.reinterpret_f32
              global.get 3
              i32.xor
              global.set 3
              global.get 2
              i32.xor
              global.set 2
            end
            i32.const -1328784354
          end
          global.get 2
          i32.xor
          global.set 2
        end
      end
      i64.reinterpret_f64
      global.get 0
      i64.xor
      global.set 0
      global.get 1
      i64.xor
      global.set 1
      f64.const 0x1p-1007 (;=0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000007291122019556398;)
    end
    i64.reinterpret_f64
    global.get 0
    i64.xor
    global.set 0
    i64.const 68719476736
    i32.const 1591072000
  )
  (data (;0;) (i32.const 2221) "")
  (data (;1;) (memory 1) (i32.const 28) "\1b")
)
