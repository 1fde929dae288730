(module
  (type (;0;) (func (param i32)))
  (type (;1;) (func (param i64)))
  (type (;2;) (func (param f64)))
  (type (;3;) (func (result i32)))
  (type (;4;) (func (param i32) (result i32)))
  (import "host" "log_i64" (func (;0;) (type 1)))
  (import "host" "next_i32" (func (;1;) (type 3)))
  (memory (;0;) 1 2)
  (memory (;1;) 1 2 (pagesize 0x10000))
  (global (;0;) (mut i64) i64.const 0)
  (global (;1;) (mut i64) i64.const 0)
  (global (;2;) (mut i32) i32.const 0)
  (global (;3;) (mut i32) i32.const 0)
  (global (;4;) (mut i32) i32.const 4)
  (export "10" (func 2))
  (func (;2;) (type 0) (param i32)
    (local f32 f32 f64 f64 f64 f32)
    global.get 4
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 4
    global.set 4
    local.get 0
    f32.convert_i32_u
    local.get 0
    f32.convert_i32_u
    f32.le
    local.tee 0
    local.get 0
    i32.store 1 offset=24070 align=2
    call 1
    if ;; label = @1
      f32.const 0x1.4912c6p-81 (;=0.00000000000000000000000053164664;)
      i64.const 0
      block (type 1) (param i64) ;; label = @2
        f32.convert_i64_u
        block ;; label = @3
          i32.const 0
          f64.const 0x1.c541b6d4350a9p-968 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000070968963209506655;)
          block (type 2) (param f64) ;; label = @4
            f64.abs
            i32.trunc_f64_u
            f32.convert_i32_u
            memory.size
            memory.size
            i32.store8 1 offset=24335
            f32.const 0x1p-23 (;=0.00000011920929;)
            br 0 (;@4;)
            f32.le
            br_if 4
            block (type 3) (result i32) ;; label = @5
              unreachable
              i64.const 0
              i32.const 0
              br_if 2 (;@3;)
              i64.extend16_s
              i64.const 1
              i64.rotl
              i64.ctz
              f32.convert_i64_s
              i64.const 0
              block (type 3) (result i32) ;; label = @6
                i64.const 1
                call 0
                block (result i64) ;; label = @7
                  local.get 0
                  if (result i64) ;; label = @8
                    local.get 0
                    block ;; label = @9
                      i64.const 0
                      f32.const -0x1.3df382p+89 (;=-768758800000000000000000000;)
                      memory.size 1
                      br_table 0 (;@9;) 5 (;@4;) 6 (;@3;) 7 (;@2;) 8 (;@1;) 9 6 (;@3;)
                      loop ;; label = @10
                        global.get 4
                        if ;; label = @11
                          unreachable
                        end
                        global.get 4
                        global.set 4
                        i64.const 0
                        local.get 2
                        br 9 (;@1;)
                        i64.const 1
                        f64.convert_i64_s
                        i64.const 0
                        br 2 (;@8;)
                        f32.const 0x1.51131cp+111 (;=3418343000000000000000000000000000;)
                        local.get 3
                        i64.const 0
                        f32.const 0x0p+0 (;=0;)
                        loop ;; label = @11
                          global.get 4
                          if ;; label = @12
                            unreachable
                          end
                          i32.const 0
                          global.set 4
                          br 2 (;@9;)
                          loop ;; label = @12
                            i32.const 0
                            if ;; label = @13
                              unreachable
                            end
                            global.get 4
                            global.set 4
                            local.get 5
                            br 1 (;@11;)
                            i64.reinterpret_f64
                            i64.extend8_s
                            memory.size
                            loop (type 4) (param i32) (result i32) ;; label = @13
                              global.get 4
                              if ;; label = @14
                                unreachable
                              end
                              global.get 4
                              global.set 4
                              i32.extend8_s
                              br_if 3 (;@10;)
                              i64.const 1
                              i32.const 0
                              br_table 1 (;@12;) 2 (;@11;) 3 (;@10;) 4 (;@9;) 9 (;@4;) 10 (;@3;) 11 (;@2;) 12 (;@1;) 13 12 (;@1;)
                              global.get 2
                              global.set 2
                              i64.const 0
                              i64.rem_u
                              f64.reinterpret_i64
                              i64.trunc_f64_u
                              f32.convert_i64_u
                              f32.sqrt
                              local.tee 6
                              f32.const -0x1.3a306cp-65 (;=-0.00000000000000000003326607;)
                              i32.const 0
                              select
                              i32.reinterpret_f32
                              global.get 3
                              i32.xor
                              global.set 3
                              i32.const 1
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
                    i64.const 1
                  else
                    i64.const 0
                  end
                end
                global.get 1
                i64.xor
                global.set 1
                i32.const 0
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
              i32.const 0
            end
            i32.const 0
            i32.xor
            global.set 2
          end
          global.get 2
          i32.xor
          global.set 2
        end
        i32.reinterpret_f32
        i32.const 0
        i32.xor
        global.set 3
      end
      i32.reinterpret_f32
      i32.const 0
      i32.xor
      global.set 3
    end
  )
)
