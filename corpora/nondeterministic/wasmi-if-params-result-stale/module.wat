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
  (import "host" "log_f32" (func (;2;) (type 2)))
  (import "host" "next_i32" (func (;3;) (type 4)))
  (import "host" "scale_f64" (func (;4;) (type 6)))
  (import "host" "call_back" (func (;5;) (type 8)))
  (memory (;0;) i64 6 7)
  (memory (;1;) 0 3 (pagesize 0x10000))
  (global (;0;) (mut f64) f64.const -0x1.dc6188cd27ff1p-539 (;=-0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000010340625212659558;))
  (global (;1;) f32 f32.const 0x1.eb1968p+92 (;=9499241000000000000000000000;))
  (global (;2;) (mut i64) i64.const 0)
  (global (;3;) (mut i32) i32.const 0)
  (global (;4;) (mut i32) i32.const 0)
  (global (;5;) (mut i64) i64.const 0)
  (global (;6;) (mut i32) i32.const 5000)
  (export "" (func 0))
  (export "1" (func 1))
  (export "2" (func 2))
  (export "3" (func 3))
  (export "4" (func 4))
  (export "5" (func 5))
  (export "6" (func 6))
  (export "7" (func 7))
  (export "8" (func 8))
  (export "9" (func 9))
  (export "10" (memory 0))
  (export "11" (memory 1))
  (export "12" (global 0))
  (export "13" (global 1))
  (export "14" (global 2))
  (export "915" (global 3))
  (export "c" (global 4))
  (export "\u{1590}" (global 5))
  (func (;6;) (type 4) (result i32)
    (local i32 i64)
    global.get 6
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 6
    i32.const 1
    i32.sub
    global.set 6
    block (type 4) (result i32) ;; label = @1
      local.get 0
      global.get 1
      local.get 0
      if (type 2) (param f32) ;; label = @2
        block (result i64) ;; label = @3
          local.get 1
          local.get 1
          br 1 (;@2;)
          local.tee 1
          local.tee 1
          loop (type 1) (param i64) ;; label = @4
            global.get 6
            i32.eqz
            if ;; label = @5
              unreachable
            end
            global.get 6
            i32.const 1
            i32.sub
            global.set 6
            br 2 (;@2;)
            br 1 (;@3;)
            loop (type 4) (result i32) ;; label = @5
              global.get 6
              i32.eqz
              if ;; label = @6
                unreachable
              end
              global.get 6
              i32.const 1
              i32.sub
              global.set 6
              global.get 0
              block (type 4) (result i32) ;; label = @6
                loop ;; label = @7
                  global.get 6
                  i32.eqz
                  if ;; label = @8
                    unreachable
                  end
                  global.get 6
                  i32.const 1
                  i32.sub
                  global.set 6
                end
                nop
                block ;; label = @7
                  block (type 4) (result i32) ;; label = @8
                    br 6 (;@2;)
                    block (result f32) ;; label = @9
                      call 6
                      local.set 0
                      block (type 4) (result i32) ;; label = @10
                        global.get 0
                        i64.reinterpret_f64
                        global.get 2
                        i64.xor
                        global.set 2
                        i32.const -283290503
                      end
                      global.get 3
                      i32.xor
                      global.set 3
                      f32.const -nan:0x700000 (;=NaN;)
                    end
                    i32.reinterpret_f32
                    global.get 4
                    i32.xor
                    global.set 4
                    i32.const 1048576
                  end
                  global.get 3
                  i32.xor
                  global.set 3
                end
                i32.const 458744
              end
              global.get 3
              i32.xor
              global.set 3
              i64.reinterpret_f64
              global.get 2
              i64.xor
              global.set 2
              i32.const -1637172285
            end
            global.get 3
            i32.xor
            global.set 3
          end
        end
        global.get 5
        i64.xor
        global.set 5
        i32.reinterpret_f32
        global.get 4
        i32.xor
        global.set 4
      else
        i32.reinterpret_f32
        global.get 4
        i32.xor
        global.set 4
      end
    end
  )
  (func (;7;) (type 5) (param i64 i32) (result i64)
    (local i64)
    global.get 6
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 6
    i32.const 1
    i32.sub
    global.set 6
    block (result f64) ;; label = @1
      block ;; label = @2
        call 3
        block (result f32) ;; label = @3
          call 3
          call 5
          call 6
          block (type 8) (param i32) (result i32) ;; label = @4
            block (type 0) (param i32) ;; label = @5
              br_if 0 (;@5;)
              local.get 1
              global.get 1
              local.get 1
              br_table 0 (;@5;) 3 (;@2;) 0 (;@5;)
              br 3 (;@2;)
              br 0 (;@5;)
              br 2 (;@3;)
              br 1 (;@4;)
              call 6
              global.get 1
              local.get 0
              loop ;; label = @6
                global.get 6
                i32.eqz
                if ;; label = @7
                  unreachable
                end
                global.get 6
                i32.const 1
                i32.sub
                global.set 6
                call 3
                local.get 0
                global.get 0
                global.get 1
                call 2
                loop (type 4) (result i32) ;; label = @7
                  global.get 6
                  i32.eqz
                  if ;; label = @8
                    unreachable
                  end
                  global.get 6
                  i32.const 1
                  i32.sub
                  global.set 6
                  i32.const -33
                end
                global.get 3
                i32.xor
                global.set 3
                i64.reinterpret_f64
                global.get 2
                i64.xor
                global.set 2
                global.get 5
                i64.xor
                global.set 5
                global.get 3
                i32.xor
                global.set 3
              end
              global.get 5
              i64.xor
              global.set 5
              i32.reinterpret_f32
              global.get 4
              i32.xor
              global.set 4
              global.get 3
              i32.xor
              global.set 3
            end
            i32.const 2
          end
          drop
          global.get 3
          i32.xor
          global.set 3
          f32.const 0x1.7fff8p-132 (;=0.000000000000000000000000000000000000000275505;)
        end
        i32.reinterpret_f32
        global.get 4
        i32.xor
        global.set 4
        global.get 3
        i32.xor
        global.set 3
      end
      f64.const 0x1.ce929d2a82d49p+512 (;=24226898664891895000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
    end
    i64.reinterpret_f64
    global.get 2
    i64.xor
    global.set 2
    i64.const -5485919601839421340
  )
  (func (;8;) (type 1) (param i64)
    (local i32 f32)
    global.get 6
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 6
    i32.const 1
    i32.sub
    global.set 6
    return
    block (type 4) (result i32) ;; label = @1
      global.get 1
      call 3
      call 9
      block (result f32) ;; label = @2
        block (type 4) (result i32) ;; label = @3
          br 3
          call 6
          global.get 0
          br 3
          block (type 3) (param f64) ;; label = @4
            call 6
            local.set 1
            loop (result f32) ;; label = @5
              global.get 6
              i32.eqz
              if ;; label = @6
                unreachable
              end
              global.get 6
              i32.const 1
              i32.sub
              global.set 6
              call 6
              local.get 2
              local.tee 2
              local.tee 2
              local.set 2
              if (type 4) (result i32) ;; label = @6
                block ;; label = @7
                  local.get 1
                  if ;; label = @8
                    global.get 0
                    global.set 0
                  else
                    br 0 (;@8;)
                  end
                end
                i32.const 763489232
              else
                i32.const 262143
              end
              global.get 3
              i32.xor
              global.set 3
              f32.const 0x1.15926ap+22 (;=4547738.5;)
            end
            i32.reinterpret_f32
            global.get 4
            i32.xor
            global.set 4
            i64.reinterpret_f64
            global.get 2
            i64.xor
            global.set 2
          end
        end
        global.get 3
        i32.xor
        global.set 3
        f32.const 0x1.2c2b16p+78 (;=354376200000000000000000;)
      end
      i32.reinterpret_f32
      global.get 4
      i32.xor
      global.set 4
      global.get 3
      i32.xor
      global.set 3
      i32.reinterpret_f32
      global.get 4
      i32.xor
      global.set 4
      i32.const 1644634219
    end
    global.get 3
    i32.xor
    global.set 3
  )
  (func (;9;) (type 8) (param i32) (result i32)
    (local f32 i64)
    global.get 6
    i32.eqz
    if ;; label = @1
      unreachable
    end
    global.get 6
    i32.const 1
    i32.sub
    global.set 6
    global.get 0
    global.set 0
    block (result f32) ;; label = @1
      loop (type 4) (result i32) ;; label = @2
        global.get 6
        i32.eqz
        if ;; label = @3
          unreachable
        end
        global.get 6
        i32.const 1
        i32.sub
        global.set 6
        call 3
        local.tee 0
        local.get 2
        block (type 1) (param i64) ;; label = @3
          call 6
          call 3
          local.get 2
          global.get 1
          global.get 1
          global.get 0
          br 1 (;@2;)
          global.set 0
          global.get 1
          br 0 (;@3;)
          local.set 1
          br 2 (;@1;)
          loop (type 4) (result i32) ;; label = @4
            global.get 6
            i32.eqz
            if ;; label = @5
              unreachable
            end
            global.get 6
            i32.const 1
            i32.sub
            global.set 6
            global.get 1
            br 3 (;@1;)
            global.get 0
            local.get 1
            loop (type 4) (result i32) ;; label = @5
              global.get 6
              i32.eqz
              if ;; label = @6
                unreachable
              end
              global.get 6
              i32.const 1
              i32.sub
              global.set 6
              local.get 1
              loop ;; label = @6
                global.get 6
                i32.eqz
                if ;; label = @7
                  unreachable
                end
                global.get 6
                i32.const 1
                i32.sub
                global.set 6
              end
              i32.reinterpret_f32
              global.get 4
              i32.xor
              global.set 4
              i32.const -67108864
            end
            global.get 3
            i32.xor
            global.set 3
            i32.reinterpret_f32
            global.get 4
            i32.xor
            global.set 4
            i64.reinterpret_f64
            global.get 2
            i64.xor
            global.set 2
            i32.const 4095
          end
          global.get 3
          i32.xor
          global.set 3
          i32.reinterpret_f32
          global.get 4
          i32.xor
          global.set 4
          global.get 5
          i64.xor
          global.set 5
          global.get 3
          i32.xor
          global.set 3
          global.get 3
          i32.xor
          global.set 3
          global.get 5
          i64.xor
          global.set 5
        end
      end
      global.get 3
      i32.xor
      global.set 3
      f32.const -nan:0x7fffc0 (;=NaN;)
    end
    i32.reinterpret_f32
    global.get 4
    i32.xor
    global.set 4
    i32.const 1086840734
  )
  (data (;0;) (i64.const 1319) "\89")
)
