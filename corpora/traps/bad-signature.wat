;; Tests the bad-signature trap: call_indirect where the table entry's function type differs from the expected type.
(module
  (type $ret_i32 (func (result i32)))
  (type $ret_i64 (func (result i64)))
  (type $i32_to_i32 (func (param i32) (result i32)))
  (type $none (func))
  ;; Structurally identical to $ret_i32, so calls through it must match.
  (type $ret_i32_again (func (result i32)))

  (table 4 funcref)
  (elem (i32.const 0) $ret_i32_fn $ret_i64_fn $i32_to_i32_fn $none_fn)

  (func $ret_i32_fn (type $ret_i32) (i32.const 11))
  (func $ret_i64_fn (type $ret_i64) (i64.const 22))
  (func $i32_to_i32_fn (type $i32_to_i32) (i32.add (local.get 0) (i32.const 1)))
  (func $none_fn (type $none))

  ;; expect matching_ok returns i32:11
  (func (export "matching_ok") (result i32)
    (call_indirect (type $ret_i32) (i32.const 0)))

  ;; expect structurally_equal_type_ok returns i32:11
  (func (export "structurally_equal_type_ok") (result i32)
    (call_indirect (type $ret_i32_again) (i32.const 0)))

  ;; Different result type.
  ;; expect wrong_result_type trap bad-signature
  (func (export "wrong_result_type") (result i32)
    (call_indirect (type $ret_i32) (i32.const 1)))

  ;; Entry takes a parameter the call site does not pass.
  ;; expect wrong_param_count trap bad-signature
  (func (export "wrong_param_count") (result i32)
    (call_indirect (type $ret_i32) (i32.const 2)))

  ;; expect param_matching_ok returns i32:6
  (func (export "param_matching_ok") (result i32)
    (call_indirect (type $i32_to_i32) (i32.const 5) (i32.const 2)))

  ;; Entry has no params and no results; the call site expects (param i32) (result i32).
  ;; expect wrong_type_no_results trap bad-signature
  (func (export "wrong_type_no_results") (result i32)
    (call_indirect (type $i32_to_i32) (i32.const 5) (i32.const 3)))

  ;; expect none_matching_ok returns
  (func (export "none_matching_ok")
    (call_indirect (type $none) (i32.const 3)))
)
