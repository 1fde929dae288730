;; crosscheck finding state--wasmi--global.i64
;; engines: winch-x64,fma=off,bmi1=off,guard=64k,may_move=off,cow=off (wasmtime 50.0.1), cranelift-x64:speed,regalloc=single_pass,sse3=off,ssse3=off,sse41=off,sse42=off,avx=off,avx2=off,fma=off,bmi1=off,lzcnt=off,popcnt=off,reservation=0,guard=2g,cow=off,lazy_tables=off,fuel=on,epochs=on (wasmtime 50.0.1), wasmi,compilation=eager (wasmi 2.0.0)
;; the test asserts what winch-x64,fma=off,bmi1=off,guard=64k,may_move=off,cow=off, cranelift-x64:speed,regalloc=single_pass,sse3=off,ssse3=off,sse41=off,sse42=off,avx=off,avx2=off,fma=off,bmi1=off,lzcnt=off,popcnt=off,reservation=0,guard=2g,cow=off,lazy_tables=off,fuel=on,epochs=on did; wasmi,compilation=eager diverged at call 0 "5"(i32:0, i64:1)
;; module: reduced.wasm (144 bytes), 1 calls

(module $host
  (global $calls (export "calls") (mut i64) (i64.const 0))
  (global $trace (export "trace") (mut i64) (i64.const 0))
  (func $mix (param $h i64) (param $x i64) (result i64) (local $z i64)
    (local.set $z (i64.xor (local.get $h) (i64.add (local.get $x) (i64.const 0x9e3779b97f4a7c15))))
    (local.set $z (i64.mul (i64.xor (local.get $z) (i64.shr_u (local.get $z) (i64.const 30))) (i64.const 0xbf58476d1ce4e5b9)))
    (local.set $z (i64.mul (i64.xor (local.get $z) (i64.shr_u (local.get $z) (i64.const 27))) (i64.const 0x94d049bb133111eb)))
    (i64.xor (local.get $z) (i64.shr_u (local.get $z) (i64.const 31))))
  (func (export "pair") (param i32 i64) (result i64 i32) (local $h i64)
    (global.set $calls (i64.add (global.get $calls) (i64.const 1)))
    (global.set $trace (call $mix (global.get $trace) (i64.const 245768396384803377)))
    (global.set $trace (call $mix (global.get $trace) (i64.extend_i32_u (local.get 0))))
    (global.set $trace (call $mix (global.get $trace) (local.get 1)))
    (local.set $h (call $mix (i64.const 245768396384803377) (global.get $calls)))
    (local.set $h (call $mix (local.get $h) (i64.extend_i32_u (local.get 0))))
    (local.set $h (call $mix (local.get $h) (local.get 1)))
    (call $mix (local.get $h) (i64.const 0))
    (i32.wrap_i64 (call $mix (local.get $h) (i64.const 1)))
  )
)
(register "host" $host)

;; the module, as text:
;;   (module
;;     (type (;0;) (func (param i32)))
;;     (type (;1;) (func (result i32)))
;;     (type (;2;) (func (param i32 i64) (result i64 i32)))
;;     (import "host" "pair" (func (;0;) (type 2) (param i32 i64) (result i64 i32)))
;;     (global (;0;) (mut i32) i32.const 0)
;;     (global (;1;) (mut i64) i64.const 0)
;;     (global (;2;) (mut i32) i32.const 27)
;;     (export "5" (func 1))
;;     (export "" (global 1))
;;     (func (;1;) (type 2) (param i32 i64) (result i64 i32)
;;       (local v128 v128)
;;       i32.const 0
;;       if ;; label = @1
;;         unreachable
;;       end
;;       global.get 2
;;       global.set 2
;;       local.get 1
;;       local.get 1
;;       local.get 1
;;       i32.const 1
;;       local.get 1
;;       call 0
;;       block (type 0) (param i32) ;; label = @1
;;         br_if 0 (;@1;)
;;         local.get 1
;;         block (type 1) (result i32) ;; label = @2
;;           i32.const 1
;;         end
;;         global.get 0
;;         i32.xor
;;         global.set 0
;;         global.get 1
;;         i64.xor
;;         global.set 1
;;       end
;;       global.get 1
;;       i64.xor
;;       global.set 1
;;       global.get 1
;;       i64.xor
;;       global.set 1
;;       global.get 1
;;       i64.xor
;;       global.set 1
;;       i32.const 0
;;     )
;;   )
(module $reproducer binary
  "\00\61\73\6d\01\00\00\00\01\10\03\60\01\7f\00\60\00\01\7f\60\02\7f\7e\02\7e\7f\02\0d\01\04\68\6f"
  "\73\74\04\70\61\69\72\00\02\03\02\01\02\06\10\03\7f\01\41\00\0b\7e\01\42\00\0b\7f\01\41\1b\0b\07"
  "\08\02\01\35\00\01\00\03\01\0a\45\01\43\02\01\7b\01\7b\41\00\04\40\00\0b\23\02\24\02\20\01\20\01"
  "\20\01\41\01\20\01\10\00\02\00\0d\00\20\01\02\01\41\01\0b\23\00\73\24\00\23\01\85\24\01\0b\23\01"
  "\85\24\01\23\01\85\24\01\23\01\85\24\01\41\00\0b"
)

;; the state after instantiation
(assert_return (get $host "trace") (i64.const 0))
(assert_return (get $reproducer "") (i64.const 0))

;; call 0 "5"(i32:0, i64:1)
(assert_return (invoke $reproducer "5" (i32.const 0) (i64.const 1)) (i64.const 1) (i32.const 0))
(assert_return (get $host "trace") (i64.const -4280509552724861245))
(assert_return (get $reproducer "") (i64.const 355710963780698476))
