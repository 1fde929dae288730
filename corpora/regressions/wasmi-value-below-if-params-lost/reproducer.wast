;; crosscheck finding state--wasmi--global.i64
;; engines: winch-x64 (wasmtime 50.0.1), cranelift-x64:o0 (wasmtime 50.0.1), cranelift-x64:speed (wasmtime 50.0.1), cranelift-x64:size (wasmtime 50.0.1), wasmi (wasmi 2.0.0)
;; the test asserts what winch-x64, cranelift-x64:o0, cranelift-x64:speed, cranelift-x64:size did; wasmi diverged at call 1 ""(f64:-681202945457674)
;; module: module.wasm (293 bytes), 2 calls

(module $host
  (global $calls (export "calls") (mut i64) (i64.const 0))
  (global $trace (export "trace") (mut i64) (i64.const 0))
  (func $mix (param $h i64) (param $x i64) (result i64) (local $z i64)
    (local.set $z (i64.xor (local.get $h) (i64.add (local.get $x) (i64.const 0x9e3779b97f4a7c15))))
    (local.set $z (i64.mul (i64.xor (local.get $z) (i64.shr_u (local.get $z) (i64.const 30))) (i64.const 0xbf58476d1ce4e5b9)))
    (local.set $z (i64.mul (i64.xor (local.get $z) (i64.shr_u (local.get $z) (i64.const 27))) (i64.const 0x94d049bb133111eb)))
    (i64.xor (local.get $z) (i64.shr_u (local.get $z) (i64.const 31))))
  (func (export "log_f32") (param f32) (local $h i64)
    (global.set $calls (i64.add (global.get $calls) (i64.const 1)))
    (global.set $trace (call $mix (global.get $trace) (i64.const 683689654007934213)))
    (global.set $trace (call $mix (global.get $trace) (select (i64.const 0x7fc00000) (i64.extend_i32_u (i32.reinterpret_f32 (local.get 0))) (f32.ne (local.get 0) (local.get 0)))))
    (local.set $h (call $mix (i64.const 683689654007934213) (global.get $calls)))
    (local.set $h (call $mix (local.get $h) (select (i64.const 0x7fc00000) (i64.extend_i32_u (i32.reinterpret_f32 (local.get 0))) (f32.ne (local.get 0) (local.get 0)))))
  )
)
(register "host" $host)

;; the module, as text:
;;   (module
;;     (type (;0;) (func (param i32)))
;;     (type (;1;) (func (param f32)))
;;     (type (;2;) (func (param f64)))
;;     (type (;3;) (func (param i32)))
;;     (import "host" "log_f32" (func (;0;) (type 1) (param f32)))
;;     (memory (;0;) 0 7 (pagesize 0x10000))
;;     (global (;0;) (mut i64) i64.const 0)
;;     (global (;1;) (mut v128) v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
;;     (global (;2;) (mut i64) i64.const 0)
;;     (global (;3;) (mut i32) i32.const 0)
;;     (global (;4;) (mut i32) i32.const 0)
;;     (global (;5;) (mut i32) i32.const 6)
;;     (export "R\u{434}" (func 0))
;;     (export "" (func 1))
;;     (export "\u{22}" (global 0))
;;     (func (;1;) (type 2) (param f64)
;;       (local f32 v128 v128 v128)
;;       i32.const 0
;;       if ;; label = @1
;;         unreachable
;;       end
;;       global.get 5
;;       global.set 5
;;       local.get 0
;;       memory.size
;;       memory.size
;;       if (type 0) (param i32) ;; label = @1
;;         i32.const 0
;;         i32.add
;;         i32x4.splat
;;         loop (result v128) ;; label = @2
;;           i32.const 1
;;           if ;; label = @3
;;             unreachable
;;           end
;;           global.get 5
;;           global.set 5
;;           i64.const 0
;;           f64.convert_i64_u
;;           i32.const -554516346
;;           block (type 3) (param i32) ;; label = @3
;;             br 0 (;@3;)
;;             f64.convert_i32_s
;;             br 1 (;@2;)
;;             call 1
;;             f32.const 0x1.77b28ap+43 (;=12908865000000;)
;;             i64.const 0
;;             loop ;; label = @4
;;               i32.const 0
;;               if ;; label = @5
;;                 unreachable
;;               end
;;               global.get 5
;;               global.set 5
;;               block (result f64) ;; label = @5
;;                 f64.const -0x1.3971b928f4c7ap-670 (;=-0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000249932780986144;)
;;               end
;;               i64.reinterpret_f64
;;               global.get 0
;;               i64.xor
;;               global.set 0
;;             end
;;             global.get 2
;;             i64.xor
;;             global.set 2
;;             i32.reinterpret_f32
;;             global.get 3
;;             i32.xor
;;             global.set 3
;;           end
;;           i64.reinterpret_f64
;;           i64.const 1
;;           i64.xor
;;           global.set 0
;;           v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000
;;         end
;;         global.get 1
;;         v128.xor
;;         global.set 1
;;         global.get 1
;;         v128.xor
;;         global.set 1
;;       else
;;         i32.const 1
;;         i32.xor
;;         global.set 4
;;       end
;;       i64.reinterpret_f64
;;       global.get 0
;;       i64.xor
;;       global.set 0
;;     )
;;   )
(module $reproducer binary
  "\00\61\73\6d\01\00\00\00\01\11\04\60\01\7f\00\60\01\7d\00\60\01\7c\00\60\01\7f\00\02\10\01\04\68"
  "\6f\73\74\07\6c\6f\67\5f\66\33\32\00\01\03\02\01\02\05\05\01\09\00\07\10\06\2f\06\7e\01\42\00\0b"
  "\7b\01\fd\0c\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\0b\7e\01\42\00\0b\7f\01\41\00\0b\7f"
  "\01\41\00\0b\7f\01\41\06\0b\07\0e\03\03\52\d0\b4\00\00\00\00\01\01\22\03\00\0c\01\00\0a\a6\01\01"
  "\a3\01\04\01\7d\01\7b\01\7b\01\7b\41\00\04\40\00\0b\23\05\24\05\20\00\3f\00\3f\00\04\00\41\00\6a"
  "\fd\11\03\7b\41\01\04\40\00\0b\23\05\24\05\42\00\ba\41\86\81\cb\f7\7d\02\03\0c\00\b7\0c\01\10\01"
  "\43\45\d9\3b\55\42\00\03\40\41\00\04\40\00\0b\23\05\24\05\02\7c\44\7a\4c\8f\92\1b\97\13\96\0b\bd"
  "\23\00\85\24\00\0b\23\02\85\24\02\bc\23\03\73\24\03\0b\bd\42\01\85\24\00\fd\0c\00\00\00\00\00\00"
  "\00\00\00\00\00\00\00\00\00\00\0b\23\01\fd\51\24\01\23\01\fd\51\24\01\05\41\01\73\24\04\0b\bd\23"
  "\00\85\24\00\0b"
)

;; the state after instantiation
(assert_return (get $host "trace") (i64.const 0))
(assert_return (get $reproducer "\"") (i64.const 0))

;; call 0 "Rд"(f32:-9576151000000000000)
(assert_return (invoke $reproducer "R\d0\b4" (f32.const -9.576151e18)))
(assert_return (get $host "trace") (i64.const -6756138131548332217))
(assert_return (get $reproducer "\"") (i64.const 0))

;; call 1 ""(f64:-681202945457674)
(assert_return (invoke $reproducer "" (f64.const -6.81202945457674e14)))
(assert_return (get $host "trace") (i64.const -6756138131548332217))
(assert_return (get $reproducer "\"") (i64.const -4394567212377313200))
