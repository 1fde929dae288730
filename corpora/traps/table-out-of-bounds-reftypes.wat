;; Tests table-out-of-bounds traps from reference-types table instructions (table.get/set/fill/copy on a funcref table) at and past the table's end.
(module
  (type $ret_i32 (func (result i32)))
  (table $t 4 funcref)
  (table $u 2 funcref)
  (elem (table $t) (i32.const 0) func $a $b)
  (elem declare func $a)

  (func $a (type $ret_i32) (i32.const 1))
  (func $b (type $ret_i32) (i32.const 2))

  ;; expect size_ok returns i32:4
  (func (export "size_ok") (result i32)
    (table.size $t))

  ;; Last slot (3) is null but in bounds.
  ;; expect get_last_ok returns i32:1
  (func (export "get_last_ok") (result i32)
    (ref.is_null (table.get $t (i32.const 3))))

  ;; expect get_eq_size trap table-out-of-bounds
  (func (export "get_eq_size") (result i32)
    (ref.is_null (table.get $t (i32.const 4))))

  ;; Writing the last slot with null keeps the table's content unchanged.
  ;; expect set_last_ok returns
  (func (export "set_last_ok")
    (table.set $t (i32.const 3) (ref.null func)))

  ;; expect set_eq_size trap table-out-of-bounds
  (func (export "set_eq_size")
    (table.set $t (i32.const 4) (ref.func $a)))

  ;; expect fill_to_end_ok returns
  (func (export "fill_to_end_ok")
    (table.fill $t (i32.const 2) (ref.null func) (i32.const 2)))

  ;; expect fill_past_end trap table-out-of-bounds
  (func (export "fill_past_end")
    (table.fill $t (i32.const 2) (ref.null func) (i32.const 3)))

  ;; A zero-length fill exactly at the end is in bounds.
  ;; expect fill_zero_at_end_ok returns
  (func (export "fill_zero_at_end_ok")
    (table.fill $t (i32.const 4) (ref.null func) (i32.const 0)))

  ;; expect fill_zero_past_end trap table-out-of-bounds
  (func (export "fill_zero_past_end")
    (table.fill $t (i32.const 5) (ref.null func) (i32.const 0)))

  ;; Copy within $t: [0,2) to [2,4) ends exactly at the end.
  ;; expect copy_to_end_ok returns
  (func (export "copy_to_end_ok")
    (table.copy $t $t (i32.const 2) (i32.const 0) (i32.const 2)))

  ;; expect copy_dest_past_end trap table-out-of-bounds
  (func (export "copy_dest_past_end")
    (table.copy $t $t (i32.const 3) (i32.const 0) (i32.const 2)))

  ;; expect copy_src_past_end trap table-out-of-bounds
  (func (export "copy_src_past_end")
    (table.copy $t $t (i32.const 0) (i32.const 3) (i32.const 2)))

  ;; Copy from $t (size 4) into the smaller $u (size 2).
  ;; expect copy_into_small_ok returns
  (func (export "copy_into_small_ok")
    (table.copy $u $t (i32.const 0) (i32.const 0) (i32.const 2)))

  ;; expect copy_into_small_past_end trap table-out-of-bounds
  (func (export "copy_into_small_past_end")
    (table.copy $u $t (i32.const 0) (i32.const 0) (i32.const 3)))

  ;; After the successful copies, $t is [a, b, a, b] and slot 2 is callable.
  ;; expect call_copied_ok returns i32:1
  (func (export "call_copied_ok") (result i32)
    (call_indirect $t (type $ret_i32) (i32.const 2)))
)
