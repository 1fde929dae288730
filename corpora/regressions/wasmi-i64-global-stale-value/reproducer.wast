;; crosscheck finding state--wasmi--global.i64
;; engines: winch-x64 (wasmtime 50.0.1), cranelift-x64:o0 (wasmtime 50.0.1), cranelift-x64:speed (wasmtime 50.0.1), cranelift-x64:size (wasmtime 50.0.1), wasmi (wasmi 2.0.0)
;; every engine agrees on this reproducer today; the test asserts what they all did
;; module: module.wasm (716 bytes), 6 calls

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
  (func (export "next_i32") (result i32) (local $h i64)
    (global.set $calls (i64.add (global.get $calls) (i64.const 1)))
    (global.set $trace (call $mix (global.get $trace) (i64.const -2355520404505324427)))
    (local.set $h (call $mix (i64.const -2355520404505324427) (global.get $calls)))
    (i32.wrap_i64 (call $mix (local.get $h) (i64.const 0)))
  )
  (func (export "mix_i64") (param i64 i32) (result i64) (local $h i64)
    (global.set $calls (i64.add (global.get $calls) (i64.const 1)))
    (global.set $trace (call $mix (global.get $trace) (i64.const 1635737684697198491)))
    (global.set $trace (call $mix (global.get $trace) (local.get 0)))
    (global.set $trace (call $mix (global.get $trace) (i64.extend_i32_u (local.get 1))))
    (local.set $h (call $mix (i64.const 1635737684697198491) (global.get $calls)))
    (local.set $h (call $mix (local.get $h) (local.get 0)))
    (local.set $h (call $mix (local.get $h) (i64.extend_i32_u (local.get 1))))
    (call $mix (local.get $h) (i64.const 0))
  )
  (func (export "scale_f64") (param f64) (result f64) (local $h i64)
    (global.set $calls (i64.add (global.get $calls) (i64.const 1)))
    (global.set $trace (call $mix (global.get $trace) (i64.const -537497465509109722)))
    (global.set $trace (call $mix (global.get $trace) (select (i64.const 0x7ff8000000000000) (i64.reinterpret_f64 (local.get 0)) (f64.ne (local.get 0) (local.get 0)))))
    (local.set $h (call $mix (i64.const -537497465509109722) (global.get $calls)))
    (local.set $h (call $mix (local.get $h) (select (i64.const 0x7ff8000000000000) (i64.reinterpret_f64 (local.get 0)) (f64.ne (local.get 0) (local.get 0)))))
    (select (f64.const nan) (f64.mul (local.get 0) (f64.const 0.5)) (f64.ne (local.get 0) (local.get 0)))
  )
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
;;     (type (;0;) (func (param i64)))
;;     (type (;1;) (func (param f32)))
;;     (type (;2;) (func (result i32)))
;;     (type (;3;) (func (param i64 i32) (result i64)))
;;     (type (;4;) (func (param f64) (result f64)))
;;     (type (;5;) (func (param i32 i64) (result i64 i32)))
;;     (import "host" "log_f32" (func (;0;) (type 1) (param f32)))
;;     (import "host" "next_i32" (func (;1;) (type 2) (result i32)))
;;     (import "host" "mix_i64" (func (;2;) (type 3) (param i64 i32) (result i64)))
;;     (import "host" "scale_f64" (func (;3;) (type 4) (param f64) (result f64)))
;;     (import "host" "pair" (func (;4;) (type 5) (param i32 i64) (result i64 i32)))
;;     (table (;0;) i64 0 2 funcref)
;;     (memory (;0;) 107049 177167 (pagesize 0x1))
;;     (memory (;1;) 2 6 (pagesize 0x10000))
;;     (global (;0;) (mut i32) i32.const 0)
;;     (global (;1;) (mut v128) v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
;;     (global (;2;) (mut i64) i64.const 0)
;;     (global (;3;) (mut i32) i32.const 0)
;;     (global (;4;) (mut i64) i64.const 0)
;;     (global (;5;) (mut i32) i32.const 6)
;;     (export "t" (func 0))
;;     (export "" (func 1))
;;     (export "2" (func 2))
;;     (export "3" (func 3))
;;     (export "4" (func 4))
;;     (export "5" (func 5))
;;     (export "'" (global 2))
;;     (func (;5;) (type 4) (param f64) (result f64)
;;       (local i64 v128 v128 v128 v128 v128)
;;       global.get 5
;;       i32.eqz
;;       if ;; label = @1
;;         unreachable
;;       end
;;       global.get 5
;;       global.set 5
;;       block ;; label = @1
;;       end
;;       loop (result f32) ;; label = @1
;;         i32.const 0
;;         if ;; label = @2
;;           unreachable
;;         end
;;         global.get 5
;;         i32.const 1
;;         i32.sub
;;         global.set 5
;;         loop ;; label = @2
;;           global.get 5
;;           i32.eqz
;;           if ;; label = @3
;;             unreachable
;;           end
;;           global.get 5
;;           global.set 5
;;           i64.const 1
;;           call 1
;;           local.get 0
;;           local.get 1
;;           memory.size 1
;;           i64.load8_s 1 offset=109820
;;           i32.const 1
;;           i32.load8_u offset=65371
;;           if (type 0) (param i64) ;; label = @3
;;             local.set 1
;;             i64.const 1
;;             i32.const 1
;;             block (type 3) (param i64 i32) (result i64) ;; label = @4
;;               i16x8.splat
;;               i8x16.neg
;;               i32x4.bitmask
;;               i32.load8_s offset=25988
;;               i32.load8_s offset=42267
;;               if (result i64) ;; label = @5
;;                 loop ;; label = @6
;;                   global.get 5
;;                   if ;; label = @7
;;                     unreachable
;;                   end
;;                   global.get 5
;;                   global.set 5
;;                   block (type 2) (result i32) ;; label = @7
;;                     block (result f32) ;; label = @8
;;                       call 1
;;                       local.get 1
;;                       local.tee 1
;;                       call_indirect (type 2)
;;                       i32.store8 offset=144416
;;                       nop
;;                       local.get 1
;;                       local.get 1
;;                       loop (type 0) (param i64) ;; label = @9
;;                         global.get 5
;;                         if ;; label = @10
;;                           unreachable
;;                         end
;;                         global.get 5
;;                         global.set 5
;;                         br 0 (;@9;)
;;                         loop (result f32) ;; label = @10
;;                           global.get 5
;;                           if ;; label = @11
;;                             unreachable
;;                           end
;;                           global.get 5
;;                           global.set 5
;;                           call 1
;;                           br_if 7 (;@3;)
;;                           memory.size 1
;;                           br_table 0 (;@10;) 4 (;@6;) 7 (;@3;) 8 (;@2;) 9 (;@1;) 7 (;@3;)
;;                           br 7 (;@3;)
;;                           f64.const 0x1.e4a0cb05e4974p-330 (;=0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000008655059458502405;)
;;                           local.get 0
;;                           local.tee 0
;;                           f32.const 0x1.1f369p+42 (;=4934284000000;)
;;                           local.get 1
;;                           call 1
;;                           call 1
;;                           i8x16.splat
;;                           block (type 2) (result i32) ;; label = @11
;;                             local.get 1
;;                             loop ;; label = @12
;;                               global.get 5
;;                               if ;; label = @13
;;                                 unreachable
;;                               end
;;                               global.get 5
;;                               global.set 5
;;                               memory.size 1
;;                               br 9 (;@3;)
;;                               memory.size
;;                               block ;; label = @13
;;                                 i64.const 0
;;                                 br 8 (;@5;)
;;                                 local.get 0
;;                                 return
;;                                 br 1 (;@12;)
;;                                 memory.size 1
;;                                 loop ;; label = @14
;;                                   global.get 5
;;                                   if ;; label = @15
;;                                     unreachable
;;                                   end
;;                                   global.get 5
;;                                   global.set 5
;;                                   block (type 2) (result i32) ;; label = @15
;;                                     i64.const 0
;;                                     memory.size
;;                                     local.get 1
;;                                     br 1 (;@14;)
;;                                     loop ;; label = @16
;;                                       global.get 5
;;                                       if ;; label = @17
;;                                         unreachable
;;                                       end
;;                                       global.get 5
;;                                       global.set 5
;;                                       block ;; label = @17
;;                                         local.get 6
;;                                         global.set 1
;;                                       end
;;                                     end
;;                                     global.get 2
;;                                     i64.xor
;;                                     global.set 2
;;                                     global.get 0
;;                                     i32.xor
;;                                     global.set 0
;;                                     global.get 2
;;                                     i64.xor
;;                                     global.set 2
;;                                     i32.const 1
;;                                   end
;;                                   global.get 0
;;                                   i32.xor
;;                                   global.set 0
;;                                 end
;;                                 global.get 0
;;                                 i32.xor
;;                                 global.set 0
;;                               end
;;                               i32.const 0
;;                               i32.xor
;;                               global.set 0
;;                               global.get 0
;;                               i32.xor
;;                               global.set 0
;;                             end
;;                             global.get 2
;;                             i64.xor
;;                             global.set 2
;;                             i32.const 0
;;                           end
;;                           global.get 0
;;                           i32.xor
;;                           global.set 0
;;                           global.get 1
;;                           v128.xor
;;                           global.set 1
;;                           i32.const 1
;;                           i32.xor
;;                           global.set 0
;;                           i64.const 1
;;                           i64.xor
;;                           global.set 2
;;                           i32.reinterpret_f32
;;                           global.get 3
;;                           i32.xor
;;                           global.set 3
;;                           i64.reinterpret_f64
;;                           global.get 4
;;                           i64.xor
;;                           global.set 4
;;                           i64.reinterpret_f64
;;                           global.get 4
;;                           i64.xor
;;                           global.set 4
;;                           f32.const 0x1.dfa51ep-109 (;=0.0000000000000000000000000000000028867583;)
;;                         end
;;                         i32.reinterpret_f32
;;                         global.get 3
;;                         i32.xor
;;                         global.set 3
;;                       end
;;                       global.get 2
;;                       i64.xor
;;                       global.set 2
;;                       f32.const 0x1.p-140 (;=0.000000000000000000000000000000000000000000717;)
;;                     end
;;                     i32.reinterpret_f32
;;                     i32.const 1
;;                     i32.xor
;;                     global.set 3
;;                     i32.const -2071286015
;;                   end
;;                   global.get 0
;;                   i32.xor
;;                   global.set 0
;;                 end
;;                 i64.const 0
;;               else
;;                 i64.const 31
;;               end
;;               global.get 2
;;               i64.xor
;;               global.set 2
;;             end
;;             global.get 2
;;             i64.xor
;;             global.set 2
;;           else
;;             i64.const 1
;;             i64.xor
;;             global.set 2
;;           end
;;           global.get 2
;;           i64.xor
;;           global.set 2
;;           i64.reinterpret_f64
;;           global.get 4
;;           i64.xor
;;           global.set 4
;;           global.get 0
;;           i32.xor
;;           global.set 0
;;           global.get 2
;;           i64.xor
;;           global.set 2
;;         end
;;         f32.const 0x1.p-143 (;=0.00000000000000000000000000000000000000000009;)
;;       end
;;       i32.reinterpret_f32
;;       global.get 3
;;       i32.xor
;;       global.set 3
;;       f64.const 0x1.d0b06ad353fc8p+78 (;=548608093149255100000000;)
;;     )
;;   )
(module $reproducer binary
  "\00\61\73\6d\01\00\00\00\01\1f\06\60\01\7e\00\60\01\7d\00\60\00\01\7f\60\02\7e\7f\01\7e\60\01\7c"
  "\01\7c\60\02\7f\7e\02\7e\7f\02\4c\05\04\68\6f\73\74\07\6c\6f\67\5f\66\33\32\00\01\04\68\6f\73\74"
  "\08\6e\65\78\74\5f\69\33\32\00\02\04\68\6f\73\74\07\6d\69\78\5f\69\36\34\00\03\04\68\6f\73\74\09"
  "\73\63\61\6c\65\5f\66\36\34\00\04\04\68\6f\73\74\04\70\61\69\72\00\05\03\02\01\04\04\05\01\70\05"
  "\00\02\05\0d\02\09\a9\c4\06\8f\e8\0a\00\09\02\06\10\06\2f\06\7f\01\41\00\0b\7b\01\fd\0c\00\00\00"
  "\00\00\00\00\00\00\00\00\00\00\00\00\00\0b\7e\01\42\00\0b\7f\01\41\00\0b\7e\01\42\00\0b\7f\01\41"
  "\06\0b\07\1c\07\01\74\00\00\00\00\01\01\32\00\02\01\33\00\03\01\34\00\04\01\35\00\05\01\27\03\02"
  "\0a\e9\03\01\e6\03\06\01\7e\01\7b\01\7b\01\7b\01\7b\01\7b\23\05\45\04\40\00\0b\23\05\24\05\02\40"
  "\0b\03\7d\41\00\04\40\00\0b\23\05\41\01\6b\24\05\03\40\23\05\45\04\40\00\0b\23\05\24\05\42\01\10"
  "\01\20\00\20\01\3f\01\30\40\01\fc\d9\06\41\01\2d\00\db\fe\03\04\00\21\01\42\01\41\01\02\03\fd\10"
  "\fd\61\fd\a4\01\2c\00\84\cb\01\2c\00\9b\ca\02\04\7e\03\40\23\05\04\40\00\0b\23\05\24\05\02\02\02"
  "\7d\10\01\20\01\22\01\11\02\00\3a\00\a0\e8\08\01\20\01\20\01\03\00\23\05\04\40\00\0b\23\05\24\05"
  "\0c\00\03\7d\23\05\04\40\00\0b\23\05\24\05\10\01\0d\07\3f\01\0e\05\00\04\07\08\09\07\0c\07\44\74"
  "\49\5e\b0\0c\4a\5e\2b\20\00\22\00\43\48\9b\8f\54\20\01\10\01\10\01\fd\0f\02\02\20\01\03\40\23\05"
  "\04\40\00\0b\23\05\24\05\3f\01\0c\09\3f\00\02\40\42\00\0c\08\20\00\0f\0c\01\3f\01\03\40\23\05\04"
  "\40\00\0b\23\05\24\05\02\02\42\00\3f\00\20\01\0c\01\03\40\23\05\04\40\00\0b\23\05\24\05\02\40\20"
  "\06\24\01\0b\0b\23\02\85\24\02\23\00\73\24\00\23\02\85\24\02\41\01\0b\23\00\73\24\00\0b\23\00\73"
  "\24\00\0b\41\00\73\24\00\23\00\73\24\00\0b\23\02\85\24\02\41\00\0b\23\00\73\24\00\23\01\fd\51\24"
  "\01\41\01\73\24\00\42\01\85\24\02\bc\23\03\73\24\03\bd\23\04\85\24\04\bd\23\04\85\24\04\43\8f\d2"
  "\6f\09\0b\bc\23\03\73\24\03\0b\23\02\85\24\02\43\00\02\00\00\0b\bc\41\01\73\24\03\41\81\de\aa\a4"
  "\78\0b\23\00\73\24\00\0b\42\00\05\42\1f\0b\23\02\85\24\02\0b\23\02\85\24\02\05\42\01\85\24\02\0b"
  "\23\02\85\24\02\bd\23\04\85\24\04\23\00\73\24\00\23\02\85\24\02\0b\43\40\00\00\00\0b\bc\23\03\73"
  "\24\03\44\c8\3f\35\ad\06\0b\dd\44\0b"
)

;; the state after instantiation
(assert_return (get $host "trace") (i64.const 0))
(assert_return (get $reproducer "'") (i64.const 0))

;; call 0 "t"(f32:-0.000000000000000000026104935)
(assert_return (invoke $reproducer "t" (f32.const -2.6104935e-20)))
(assert_return (get $host "trace") (i64.const 2277508605204140024))
(assert_return (get $reproducer "'") (i64.const 0))

;; call 1 ""()
(assert_return (invoke $reproducer "") (i32.const 355551323))
(assert_return (get $host "trace") (i64.const -7595800703667717277))
(assert_return (get $reproducer "'") (i64.const 0))

;; call 2 "2"(i64:4216525122306171871, i32:153555707)
(assert_return (invoke $reproducer "2" (i64.const 4216525122306171871) (i32.const 153555707)) (i64.const -5839749590190031118))
(assert_return (get $host "trace") (i64.const 3359267211613075579))
(assert_return (get $reproducer "'") (i64.const 0))

;; call 3 "3"(f64:1)
(assert_return (invoke $reproducer "3" (f64.const 1e0)) (f64.const 5e-1))
(assert_return (get $host "trace") (i64.const 1868213208105226566))
(assert_return (get $reproducer "'") (i64.const 0))

;; call 4 "4"(i32:127, i64:3873902138828322592)
(assert_return (invoke $reproducer "4" (i32.const 127) (i64.const 3873902138828322592)) (i64.const 3828804520035097987) (i32.const 214144865))
(assert_return (get $host "trace") (i64.const 1686504451886434770))
(assert_return (get $reproducer "'") (i64.const 0))

;; call 5 "5"(f64:2147483647.9999998)
(assert_return (invoke $reproducer "5" (f64.const 2.1474836479999998e9)) (f64.const 5.486080931492551e23))
(assert_return (get $host "trace") (i64.const 2996715755037230516))
(assert_return (get $reproducer "'") (i64.const 0))
