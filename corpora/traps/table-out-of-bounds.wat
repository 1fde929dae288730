;; Tests the table-out-of-bounds trap via call_indirect (MVP only): index == table size, beyond it, and the last valid index.
(module
  (type $ret_i32 (func (result i32)))
  (table 3 funcref)
  (elem (i32.const 0) $a $b $c)

  (func $a (type $ret_i32) (i32.const 1))
  (func $b (type $ret_i32) (i32.const 2))
  (func $c (type $ret_i32) (i32.const 3))

  ;; expect call_last_index_ok returns i32:3
  (func (export "call_last_index_ok") (result i32)
    (call_indirect (type $ret_i32) (i32.const 2)))

  ;; expect call_index_eq_size trap table-out-of-bounds
  (func (export "call_index_eq_size") (result i32)
    (call_indirect (type $ret_i32) (i32.const 3)))

  ;; expect call_index_far trap table-out-of-bounds
  (func (export "call_index_far") (result i32)
    (call_indirect (type $ret_i32) (i32.const 1000)))

  ;; The index is unsigned: -1 is 0xFFFFFFFF, not the last slot.
  ;; expect call_index_neg1 trap table-out-of-bounds
  (func (export "call_index_neg1") (result i32)
    (call_indirect (type $ret_i32) (i32.const -1)))

  ;; expect call_first_index_ok returns i32:1
  (func (export "call_first_index_ok") (result i32)
    (call_indirect (type $ret_i32) (i32.const 0)))
)
