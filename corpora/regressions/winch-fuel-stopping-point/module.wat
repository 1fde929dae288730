(module
  (type (;0;) (func (param i32)))
  (type (;1;) (func (param i64)))
  (type (;2;) (func (param f32)))
  (type (;3;) (func (param f64)))
  (type (;4;) (func (param i64 i32) (result i64)))
  (type (;5;) (func (param f64) (result f64)))
  (import "host" "log_i32" (func (;0;) (type 0)))
  (import "host" "log_i64" (func (;1;) (type 1)))
  (import "host" "log_f32" (func (;2;) (type 2)))
  (import "host" "log_f64" (func (;3;) (type 3)))
  (import "host" "mix_i64" (func (;4;) (type 4)))
  (import "host" "scale_f64" (func (;5;) (type 5)))
  (import "host" "assert_positive" (func (;6;) (type 0)))
  (global (;0;) (mut v128) v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
  (global (;1;) (mut i32) i32.const 0)
  (global (;2;) (mut i32) i32.const 0)
  (global (;3;) (mut i64) i64.const 0)
  (global (;4;) (mut i64) i64.const 0)
  (global (;5;) (mut i32) i32.const 0)
  (export "*" (func 0))
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
  (func (;7;) (type 3) (param f64))
  (func (;8;) (type 5) (param f64) (result f64)
    unreachable
  )
  (func (;9;) (type 4) (param i64 i32) (result i64)
    (local i64 f64 v128)
    i32.const 0
    if ;; label = @1
      unreachable
    end
    i32.const 1
    global.set 5
    block ;; label = @1
      block ;; label = @2
        f64.const -0x1.1937dc806ep+35 (;=-37744468995.4375;)
        block (result v128) ;; label = @3
          f32.const 0x0p+0 (;=0;)
          loop ;; label = @4
            i32.const 0
            if ;; label = @5
              unreachable
            end
            global.get 5
            global.set 5
            f64.const nan (;=NaN;)
            i32.trunc_f64_u
            loop (result f32) ;; label = @5
              global.get 5
              if ;; label = @6
                unreachable
              end
              i32.const 1
              global.set 5
              f64.const 0x1.9f5a961d329a6p+495 (;=165968676947722690000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
              v128.const i32x4 0xe567ca6f 0xaa5f92d7 0x55ab462a 0xea98093a
              i32.const 0
              br 3 (;@2;)
              i8x16.shr_s
              i32x4.extadd_pairwise_i16x8_u
              i32.const 1
              i64x2.shr_u
              i16x8.neg
              i32x4.extract_lane 3
              f32.convert_i32_s
              i64.trunc_sat_f32_s
              block (result i32) ;; label = @6
                i32.const 1
                i32.const 1
                f64.const -0x1.fffffffffffffp+896 (;=-1056589062271330400000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
                loop ;; label = @7
                  global.get 5
                  if ;; label = @8
                    unreachable
                  end
                  i32.const 1
                  global.set 5
                  block ;; label = @8
                    br 0 (;@8;)
                    global.get 2
                    global.set 2
                  end
                end
                i64.reinterpret_f64
                global.get 4
                i64.xor
                global.set 4
                i32.const 0
                i32.xor
                global.set 2
              end
              global.get 2
              i32.xor
              global.set 2
              global.get 3
              i64.xor
              global.set 3
              i64.reinterpret_f64
              global.get 4
              i64.xor
              global.set 4
              f32.const -0x1.e046b8p+35 (;=-64461586000;)
            end
            i32.reinterpret_f32
            global.get 1
            i32.xor
            global.set 1
            i32.const 0
            i32.xor
            global.set 2
          end
          i32.reinterpret_f32
          i32.const 0
          i32.xor
          global.set 1
          v128.const i32x4 0xffffffff 0xfffffff7 0xffc00000 0xffffffff
        end
        global.get 0
        v128.xor
        global.set 0
        i64.reinterpret_f64
        global.get 4
        i64.xor
        global.set 4
      end
    end
    i64.const 0
  )
  (func (;10;) (type 0) (param i32))
  (func (;11;) (type 0) (param i32)
    (local f64)
    i32.const 0
    if ;; label = @1
      unreachable
    end
    global.get 5
    global.set 5
    loop ;; label = @1
      i32.const 0
      if ;; label = @2
        unreachable
      end
      global.get 5
      global.set 5
      loop (result f64) ;; label = @2
        global.get 5
        i32.eqz
        if ;; label = @3
          unreachable
        end
        global.get 5
        global.set 5
        i64.const 0
        call 1
        br 1 (;@1;)
        loop ;; label = @3
          global.get 5
          if ;; label = @4
            unreachable
          end
          i32.const 1
          global.set 5
          i32.const 0
          i32.const 0
          call 10
          loop ;; label = @4
            global.get 5
            i32.eqz
            if ;; label = @5
              unreachable
            end
            i32.const 0
            global.set 5
          end
          i64.const 0
          call 12
          block (result f64) ;; label = @4
            i32.const 0
            br_table 1 (;@3;) 2 (;@2;) 3 (;@1;) 4 1 (;@3;)
            i64.const 0
            call 12
            i32.const 1
            br 2 (;@2;)
            call 6
            i32.const 1
            i32.const 0
            br 3 (;@1;)
            i32.eqz
            i32.ge_s
            f64.const 0x1.ffffffffffffcp-1024 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000011125369292536;)
            call 7
            i64.const 0
            i32.const 1
            if ;; label = @5
              loop (result i64) ;; label = @6
                global.get 5
                if ;; label = @7
                  unreachable
                end
                i32.const 0
                global.set 5
                loop (result i32) ;; label = @7
                  global.get 5
                  if ;; label = @8
                    unreachable
                  end
                  i32.const 1
                  global.set 5
                  i32.const 1
                  loop ;; label = @8
                    global.get 5
                    if ;; label = @9
                      unreachable
                    end
                    global.get 5
                    global.set 5
                    br 6 (;@2;)
                    br 6 (;@2;)
                    block (result v128) ;; label = @9
                      i32.const 1
                      br_table 1 (;@8;) 2 (;@7;) 3 (;@6;) 4 (;@5;) 6 (;@3;) 7 (;@2;) 8 (;@1;) 9 2 (;@7;)
                      i32.const 0
                      i32.const 2
                      if ;; label = @10
                      else
                        br 2 (;@8;)
                        global.get 2
                        global.set 2
                      end
                      global.get 2
                      i32.xor
                      global.set 2
                      v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
                    end
                    v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
                    v128.xor
                    global.set 0
                  end
                end
                global.get 2
                i32.xor
                global.set 2
                i64.const 0
              end
              global.get 3
              i64.xor
              global.set 3
            end
            global.get 3
            i64.xor
            global.set 3
            global.get 2
            i32.xor
            global.set 2
            f64.const 0x1.7029922a7a74fp+409 (;=1901374555647880700000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
          end
          i64.reinterpret_f64
          i64.const 0
          i64.xor
          global.set 4
          global.get 2
          i32.xor
          global.set 2
        end
        f64.const -nan:0xfefffffffffff (;=NaN;)
      end
      i64.reinterpret_f64
      global.get 4
      i64.xor
      global.set 4
    end
  )
  (func (;12;) (type 1) (param i64))
)

