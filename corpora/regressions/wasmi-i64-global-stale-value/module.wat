(module
  (type (;0;) (func (param i64)))
  (type (;1;) (func (param f32)))
  (type (;2;) (func (result i32)))
  (type (;3;) (func (param i64 i32) (result i64)))
  (type (;4;) (func (param f64) (result f64)))
  (type (;5;) (func (param i32 i64) (result i64 i32)))
  (import "host" "log_f32" (func (;0;) (type 1)))
  (import "host" "next_i32" (func (;1;) (type 2)))
  (import "host" "mix_i64" (func (;2;) (type 3)))
  (import "host" "scale_f64" (func (;3;) (type 4)))
  (import "host" "pair" (func (;4;) (type 5)))
  (table (;0;) i64 0 2 funcref)
  (memory (;0;) 107049 177167 (pagesize 0x1))
  (memory (;1;) 2 6 (pagesize 0x10000))
  (global (;0;) (mut i32) i32.const 0)
  (global (;1;) (mut v128) v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
  (global (;2;) (mut i64) i64.const 0)
  (global (;3;) (mut i32) i32.const 0)
  (global (;4;) (mut i64) i64.const 0)
  (global (;5;) (mut i32) i32.const 6)
  (export "t" (func 0))
  (export "" (func 1))
  (export "2" (func 2))
  (export "3" (func 3))
  (export "4" (func 4))
  (export "5" (func 5))
  (export "'" (global 2))
  (func (;5;) (type 4) (param f64) (result f64)
    (local i64 v128 v128 v128 v128 v128)
    global.get 5
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 5
    global.set 5
    block ;; label = @1
    end
    loop (result f32) ;; label = @1
      i32.const 0
      if ;; label = @2
        unreachable
      end
      global.get 5
      i32.const 1
      i32.sub
      global.set 5
      loop ;; label = @2
        global.get 5
        i32.eqz
        if ;; label = @3
          unreachable
        end
        global.get 5
        global.set 5
        i64.const 1
        call 1
        local.get 0
        local.get 1
        memory.size 1
        i64.load8_s 1 offset=109820
        i32.const 1
        i32.load8_u offset=65371
        if (type 0) (param i64) ;; label = @3
          local.set 1
          i64.const 1
          i32.const 1
          block (type 3) (param i64 i32) (result i64) ;; label = @4
            i16x8.splat
            i8x16.neg
            i32x4.bitmask
            i32.load8_s offset=25988
            i32.load8_s offset=42267
            if (result i64) ;; label = @5
              loop ;; label = @6
                global.get 5
                if ;; label = @7
                  unreachable
                end
                global.get 5
                global.set 5
                block (type 2) (result i32) ;; label = @7
                  block (result f32) ;; label = @8
                    call 1
                    local.get 1
                    local.tee 1
                    call_indirect (type 2)
                    i32.store8 offset=144416
                    nop
                    local.get 1
                    local.get 1
                    loop (type 0) (param i64) ;; label = @9
                      global.get 5
                      if ;; label = @10
                        unreachable
                      end
                      global.get 5
                      global.set 5
                      br 0 (;@9;)
                      loop (result f32) ;; label = @10
                        global.get 5
                        if ;; label = @11
                          unreachable
                        end
                        global.get 5
                        global.set 5
                        call 1
                        br_if 7 (;@3;)
                        memory.size 1
                        br_table 0 (;@10;) 4 (;@6;) 7 (;@3;) 8 (;@2;) 9 (;@1;) 7 (;@3;)
                        br 7 (;@3;)
                        f64.const 0x1.e4a0cb05e4974p-330 (;=0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000008655059458502405;)
                        local.get 0
                        local.tee 0
                        f32.const 0x1.1f369p+42 (;=4934284000000;)
                        local.get 1
                        call 1
                        call 1
                        i8x16.splat
                        block (type 2) (result i32) ;; label = @11
                          local.get 1
                          loop ;; label = @12
                            global.get 5
                            if ;; label = @13
                              unreachable
                            end
                            global.get 5
                            global.set 5
                            memory.size 1
                            br 9 (;@3;)
                            memory.size
                            block ;; label = @13
                              i64.const 0
                              br 8 (;@5;)
                              local.get 0
                              return
                              br 1 (;@12;)
                              memory.size 1
                              loop ;; label = @14
                                global.get 5
                                if ;; label = @15
                                  unreachable
                                end
                                global.get 5
                                global.set 5
                                block (type 2) (result i32) ;; label = @15
                                  i64.const 0
                                  memory.size
                                  local.get 1
                                  br 1 (;@14;)
                                  loop ;; label = @16
                                    global.get 5
                                    if ;; label = @17
                                      unreachable
                                    end
                                    global.get 5
                                    global.set 5
                                    block ;; label = @17
                                      local.get 6
                                      global.set 1
                                    end
                                  end
                                  global.get 2
                                  i64.xor
                                  global.set 2
                                  global.get 0
                                  i32.xor
                                  global.set 0
                                  global.get 2
                                  i64.xor
                                  global.set 2
                                  i32.const 1
                                end
                                global.get 0
                                i32.xor
                                global.set 0
                              end
                              global.get 0
                              i32.xor
                              global.set 0
                            end
                            i32.const 0
                            i32.xor
                            global.set 0
                            global.get 0
                            i32.xor
                            global.set 0
                          end
                          global.get 2
                          i64.xor
                          global.set 2
                          i32.const 0
                        end
                        global.get 0
                        i32.xor
                        global.set 0
                        global.get 1
                        v128.xor
                        global.set 1
                        i32.const 1
                        i32.xor
                        global.set 0
                        i64.const 1
                        i64.xor
                        global.set 2
                        i32.reinterpret_f32
                        global.get 3
                        i32.xor
                        global.set 3
                        i64.reinterpret_f64
                        global.get 4
                        i64.xor
                        global.set 4
                        i64.reinterpret_f64
                        global.get 4
                        i64.xor
                        global.set 4
                        f32.const 0x1.dfa51ep-109 (;=0.0000000000000000000000000000000028867583;)
                      end
                      i32.reinterpret_f32
                      global.get 3
                      i32.xor
                      global.set 3
                    end
                    global.get 2
                    i64.xor
                    global.set 2
                    f32.const 0x1.p-140 (;=0.000000000000000000000000000000000000000000717;)
                  end
                  i32.reinterpret_f32
                  i32.const 1
                  i32.xor
                  global.set 3
                  i32.const -2071286015
                end
                global.get 0
                i32.xor
                global.set 0
              end
              i64.const 0
            else
              i64.const 31
            end
            global.get 2
            i64.xor
            global.set 2
          end
          global.get 2
          i64.xor
          global.set 2
        else
          i64.const 1
          i64.xor
          global.set 2
        end
        global.get 2
        i64.xor
        global.set 2
        i64.reinterpret_f64
        global.get 4
        i64.xor
        global.set 4
        global.get 0
        i32.xor
        global.set 0
        global.get 2
        i64.xor
        global.set 2
      end
      f32.const 0x1.p-143 (;=0.00000000000000000000000000000000000000000009;)
    end
    i32.reinterpret_f32
    global.get 3
    i32.xor
    global.set 3
    f64.const 0x1.d0b06ad353fc8p+78 (;=548608093149255100000000;)
  )
)

