;; crosscheck finding crash--wasmi--panic.internal.error.entered.unreachable.code
;; engines: winch-x64 (wasmtime 50.0.1), cranelift-x64:o0 (wasmtime 50.0.1), wasmi (wasmi 2.0.0)
;; the test asserts what winch-x64, cranelift-x64:o0 did; wasmi diverged at call 0 "10"(i32:0)
;; module: module.wasm (531 bytes), 1 calls

(module $host
  (global $calls (export "calls") (mut i64) (i64.const 0))
  (global $trace (export "trace") (mut i64) (i64.const 0))
  (func $mix (param $h i64) (param $x i64) (result i64) (local $z i64)
    (local.set $z (i64.xor (local.get $h) (i64.add (local.get $x) (i64.const 0x9e3779b97f4a7c15))))
    (local.set $z (i64.mul (i64.xor (local.get $z) (i64.shr_u (local.get $z) (i64.const 30))) (i64.const 0xbf58476d1ce4e5b9)))
    (local.set $z (i64.mul (i64.xor (local.get $z) (i64.shr_u (local.get $z) (i64.const 27))) (i64.const 0x94d049bb133111eb)))
    (i64.xor (local.get $z) (i64.shr_u (local.get $z) (i64.const 31))))
  (func (export "log_i64") (param i64) (local $h i64)
    (global.set $calls (i64.add (global.get $calls) (i64.const 1)))
    (global.set $trace (call $mix (global.get $trace) (i64.const -4900324184409916053)))
    (global.set $trace (call $mix (global.get $trace) (local.get 0)))
    (local.set $h (call $mix (i64.const -4900324184409916053) (global.get $calls)))
    (local.set $h (call $mix (local.get $h) (local.get 0)))
  )
  (func (export "next_i32") (result i32) (local $h i64)
    (global.set $calls (i64.add (global.get $calls) (i64.const 1)))
    (global.set $trace (call $mix (global.get $trace) (i64.const -2355520404505324427)))
    (local.set $h (call $mix (i64.const -2355520404505324427) (global.get $calls)))
    (i32.wrap_i64 (call $mix (local.get $h) (i64.const 0)))
  )
)
(register "host" $host)

;; the module, as text:
;;   (module
;;     (type (;0;) (func (param i32)))
;;     (type (;1;) (func (param i64)))
;;     (type (;2;) (func (param f64)))
;;     (type (;3;) (func (result i32)))
;;     (type (;4;) (func (param i32) (result i32)))
;;     (import "host" "log_i64" (func (;0;) (type 1) (param i64)))
;;     (import "host" "next_i32" (func (;1;) (type 3) (result i32)))
;;     (memory (;0;) 1 2)
;;     (memory (;1;) 1 2 (pagesize 0x10000))
;;     (global (;0;) (mut i64) i64.const 0)
;;     (global (;1;) (mut i64) i64.const 0)
;;     (global (;2;) (mut i32) i32.const 0)
;;     (global (;3;) (mut i32) i32.const 0)
;;     (global (;4;) (mut i32) i32.const 4)
;;     (export "10" (func 2))
;;     (func (;2;) (type 0) (param i32)
;;       (local f32 f32 f64 f64 f64 f32)
;;       global.get 4
;;       i32.eqz
;;       if ;; label = @1
;;         unreachable
;;       end
;;       global.get 4
;;       global.set 4
;;       local.get 0
;;       f32.convert_i32_u
;;       local.get 0
;;       f32.convert_i32_u
;;       f32.le
;;       local.tee 0
;;       local.get 0
;;       i32.store 1 offset=24070 align=2
;;       call 1
;;       if ;; label = @1
;;         f32.const 0x1.4912c6p-81 (;=0.00000000000000000000000053164664;)
;;         i64.const 0
;;         block (type 1) (param i64) ;; label = @2
;;           f32.convert_i64_u
;;           block ;; label = @3
;;             i32.const 0
;;             f64.const 0x1.c541b6d4350a9p-968 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000070968963209506655;)
;;             block (type 2) (param f64) ;; label = @4
;;               f64.abs
;;               i32.trunc_f64_u
;;               f32.convert_i32_u
;;               memory.size
;;               memory.size
;;               i32.store8 1 offset=24335
;;               f32.const 0x1p-23 (;=0.00000011920929;)
;;               br 0 (;@4;)
;;               f32.le
;;               br_if 4
;;               block (type 3) (result i32) ;; label = @5
;;                 unreachable
;;                 i64.const 0
;;                 i32.const 0
;;                 br_if 2 (;@3;)
;;                 i64.extend16_s
;;                 i64.const 1
;;                 i64.rotl
;;                 i64.ctz
;;                 f32.convert_i64_s
;;                 i64.const 0
;;                 block (type 3) (result i32) ;; label = @6
;;                   i64.const 1
;;                   call 0
;;                   block (result i64) ;; label = @7
;;                     local.get 0
;;                     if (result i64) ;; label = @8
;;                       local.get 0
;;                       block ;; label = @9
;;                         i64.const 0
;;                         f32.const -0x1.3df382p+89 (;=-768758800000000000000000000;)
;;                         memory.size 1
;;                         br_table 0 (;@9;) 5 (;@4;) 6 (;@3;) 7 (;@2;) 8 (;@1;) 9 6 (;@3;)
;;                         loop ;; label = @10
;;                           global.get 4
;;                           if ;; label = @11
;;                             unreachable
;;                           end
;;                           global.get 4
;;                           global.set 4
;;                           i64.const 0
;;                           local.get 2
;;                           br 9 (;@1;)
;;                           i64.const 1
;;                           f64.convert_i64_s
;;                           i64.const 0
;;                           br 2 (;@8;)
;;                           f32.const 0x1.51131cp+111 (;=3418343000000000000000000000000000;)
;;                           local.get 3
;;                           i64.const 0
;;                           f32.const 0x0p+0 (;=0;)
;;                           loop ;; label = @11
;;                             global.get 4
;;                             if ;; label = @12
;;                               unreachable
;;                             end
;;                             i32.const 0
;;                             global.set 4
;;                             br 2 (;@9;)
;;                             loop ;; label = @12
;;                               i32.const 0
;;                               if ;; label = @13
;;                                 unreachable
;;                               end
;;                               global.get 4
;;                               global.set 4
;;                               local.get 5
;;                               br 1 (;@11;)
;;                               i64.reinterpret_f64
;;                               i64.extend8_s
;;                               memory.size
;;                               loop (type 4) (param i32) (result i32) ;; label = @13
;;                                 global.get 4
;;                                 if ;; label = @14
;;                                   unreachable
;;                                 end
;;                                 global.get 4
;;                                 global.set 4
;;                                 i32.extend8_s
;;                                 br_if 3 (;@10;)
;;                                 i64.const 1
;;                                 i32.const 0
;;                                 br_table 1 (;@12;) 2 (;@11;) 3 (;@10;) 4 (;@9;) 9 (;@4;) 10 (;@3;) 11 (;@2;) 12 (;@1;) 13 12 (;@1;)
;;                                 global.get 2
;;                                 global.set 2
;;                                 i64.const 0
;;                                 i64.rem_u
;;                                 f64.reinterpret_i64
;;                                 i64.trunc_f64_u
;;                                 f32.convert_i64_u
;;                                 f32.sqrt
;;                                 local.tee 6
;;                                 f32.const -0x1.3a306cp-65 (;=-0.00000000000000000003326607;)
;;                                 i32.const 0
;;                                 select
;;                                 i32.reinterpret_f32
;;                                 global.get 3
;;                                 i32.xor
;;                                 global.set 3
;;                                 i32.const 1
;;                               end
;;                               global.get 2
;;                               i32.xor
;;                               global.set 2
;;                               global.get 1
;;                               i64.xor
;;                               global.set 1
;;                             end
;;                           end
;;                           i32.reinterpret_f32
;;                           global.get 3
;;                           i32.xor
;;                           global.set 3
;;                           global.get 1
;;                           i64.xor
;;                           global.set 1
;;                           i64.reinterpret_f64
;;                           global.get 0
;;                           i64.xor
;;                           global.set 0
;;                           i32.reinterpret_f32
;;                           global.get 3
;;                           i32.xor
;;                           global.set 3
;;                           i64.reinterpret_f64
;;                           global.get 0
;;                           i64.xor
;;                           global.set 0
;;                           i32.reinterpret_f32
;;                           global.get 3
;;                           i32.xor
;;                           global.set 3
;;                           global.get 1
;;                           i64.xor
;;                           global.set 1
;;                         end
;;                         i32.reinterpret_f32
;;                         global.get 3
;;                         i32.xor
;;                         global.set 3
;;                         global.get 1
;;                         i64.xor
;;                         global.set 1
;;                       end
;;                       global.get 2
;;                       i32.xor
;;                       global.set 2
;;                       i64.const 1
;;                     else
;;                       i64.const 0
;;                     end
;;                   end
;;                   global.get 1
;;                   i64.xor
;;                   global.set 1
;;                   i32.const 0
;;                 end
;;                 global.get 2
;;                 i32.xor
;;                 global.set 2
;;                 global.get 1
;;                 i64.xor
;;                 global.set 1
;;                 i32.reinterpret_f32
;;                 global.get 3
;;                 i32.xor
;;                 global.set 3
;;                 i32.const 0
;;               end
;;               i32.const 0
;;               i32.xor
;;               global.set 2
;;             end
;;             global.get 2
;;             i32.xor
;;             global.set 2
;;           end
;;           i32.reinterpret_f32
;;           i32.const 0
;;           i32.xor
;;           global.set 3
;;         end
;;         i32.reinterpret_f32
;;         i32.const 0
;;         i32.xor
;;         global.set 3
;;       end
;;     )
;;   )
(module $reproducer binary
  "\00\61\73\6d\01\00\00\00\01\16\05\60\01\7f\00\60\01\7e\00\60\01\7c\00\60\00\01\7f\60\01\7f\01\7f"
  "\02\20\02\04\68\6f\73\74\07\6c\6f\67\5f\69\36\34\00\01\04\68\6f\73\74\08\6e\65\78\74\5f\69\33\32"
  "\00\03\03\02\01\00\05\08\02\01\01\02\09\01\02\10\06\1a\05\7e\01\42\00\0b\7e\01\42\00\0b\7f\01\41"
  "\00\0b\7f\01\41\00\0b\7f\01\41\04\0b\07\06\01\02\31\30\00\02\0a\9c\03\01\99\03\06\01\7d\01\7d\01"
  "\7c\01\7c\01\7c\01\7d\23\04\45\04\40\00\0b\23\04\24\04\20\00\b3\20\00\b3\5f\22\00\20\00\36\41\01"
  "\86\bc\01\10\01\04\40\43\63\89\24\17\42\00\02\01\b5\02\40\41\00\44\a9\50\43\6d\1b\54\7c\03\02\02"
  "\99\ab\b3\3f\00\3f\00\3a\40\01\8f\be\01\43\00\00\00\34\0c\00\5f\0d\04\02\03\00\42\00\41\00\0d\02"
  "\c3\42\01\89\7a\b4\42\00\02\03\42\01\10\00\02\7e\20\00\04\7e\20\00\02\40\42\00\43\c1\f9\1e\ec\3f"
  "\01\0e\06\00\05\06\07\08\09\06\03\40\23\04\04\40\00\0b\23\04\24\04\42\00\20\02\0c\09\42\01\b9\42"
  "\00\0c\02\43\8e\89\28\77\20\03\42\00\43\00\00\00\00\03\40\23\04\04\40\00\0b\41\00\24\04\0c\02\03"
  "\40\41\00\04\40\00\0b\23\04\24\04\20\05\0c\01\bd\c2\3f\00\03\04\23\04\04\40\00\0b\23\04\24\04\c0"
  "\0d\03\42\01\41\00\0e\09\01\02\03\04\09\0a\0b\0c\0d\0c\23\02\24\02\42\00\82\bf\b1\b5\91\22\06\43"
  "\36\18\1d\9f\41\00\1b\bc\23\03\73\24\03\41\01\0b\23\02\73\24\02\23\01\85\24\01\0b\0b\bc\23\03\73"
  "\24\03\23\01\85\24\01\bd\23\00\85\24\00\bc\23\03\73\24\03\bd\23\00\85\24\00\bc\23\03\73\24\03\23"
  "\01\85\24\01\0b\bc\23\03\73\24\03\23\01\85\24\01\0b\23\02\73\24\02\42\01\05\42\00\0b\0b\23\01\85"
  "\24\01\41\00\0b\23\02\73\24\02\23\01\85\24\01\bc\23\03\73\24\03\41\00\0b\41\00\73\24\02\0b\23\02"
  "\73\24\02\0b\bc\41\00\73\24\03\0b\bc\41\00\73\24\03\0b\0b"
)

;; the state after instantiation
(assert_return (get $host "trace") (i64.const 0))

;; call 0 "10"(i32:0)
(assert_return (invoke $reproducer "10" (i32.const 0)))
(assert_return (get $host "trace") (i64.const 1508447924717244761))
