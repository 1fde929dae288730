(module
  (type (;0;) (func (param f64)))
  (type (;1;) (func (result i32)))
  (type (;2;) (func (param f64) (result f64)))
  (type (;3;) (func (param i32 i64) (result i64 i32)))
  (import "host" "pair" (func (;0;) (type 3)))
  (table (;0;) 1 37 funcref)
  (memory (;0;) 0 3)
  (memory (;1;) 0 1)
  (global (;0;) (mut f64) f64.const 0x1.52708eb391085p+918 (;=2929390890462515700000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;))
  (global (;1;) (mut i64) i64.const 0)
  (global (;2;) (mut i64) i64.const 0)
  (global (;3;) (mut i64) i64.const 0)
  (global (;4;) (mut i32) i32.const 0)
  (global (;5;) (mut i32) i32.const 58)
  (export "9" (func 1))
  (func (;1;) (type 2) (param f64) (result f64)
    (local i32)
    i32.const 0
    if ;; label = @1
      unreachable
    end
    global.get 5
    global.set 5
    memory.size 1
    local.tee 1
    local.get 1
    i32.store8 1
    memory.size 1
    if (type 1) (result i32) ;; label = @1
      memory.size
      call_indirect (type 1)
      i32.load8_u
    else
      block (type 1) (result i32) ;; label = @2
        i32.const 0
        global.get 1
        call 0
        global.get 0
        loop ;; label = @3
          global.get 5
          if ;; label = @4
            unreachable
          end
          global.get 5
          global.set 5
          br 0 (;@3;)
          block ;; label = @4
            global.get 0
            loop (type 0) (param f64) ;; label = @5
              global.get 5
              if ;; label = @6
                unreachable
              end
              i32.const 1
              global.set 5
              local.get 0
              global.get 0
              local.get 0
              local.get 0
              br 5
              local.set 0
              loop (type 2) (param f64) (result f64) ;; label = @6
                i32.const 1
                if ;; label = @7
                  unreachable
                end
                global.get 5
                global.set 5
                local.tee 0
                block (type 1) (result i32) ;; label = @7
                  br 4 (;@3;)
                  local.get 0
                  loop (type 1) (result i32) ;; label = @8
                    global.get 5
                    if ;; label = @9
                      unreachable
                    end
                    global.get 5
                    global.set 5
                    global.get 4
                    global.set 4
                    global.get 2
                    global.set 2
                    i32.const 0
                  end
                  global.get 4
                  i32.xor
                  global.set 4
                  i64.reinterpret_f64
                  global.get 3
                  i64.xor
                  global.set 3
                  i32.const 0
                end
                global.get 4
                i32.xor
                global.set 4
              end
              i64.reinterpret_f64
              i64.const 0
              i64.xor
              global.set 3
              i64.reinterpret_f64
              global.get 3
              i64.xor
              global.set 3
              i64.reinterpret_f64
              global.get 3
              i64.xor
              global.set 3
            end
          end
        end
        i64.reinterpret_f64
        i64.const 1
        i64.xor
        global.set 3
        global.get 4
        i32.xor
        global.set 4
        global.get 2
        i64.xor
        global.set 2
        i32.const 0
      end
    end
    global.get 4
    i32.xor
    global.set 4
    f64.const 0x0p+0 (;=0;)
  )
)
