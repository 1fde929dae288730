;; Tests memory-out-of-bounds traps: loads, stores, offset immediates and bulk memory exactly at and just past the end of a 1-page memory.
(module
  (memory 1 1)

  ;; expect load_i32_last_ok returns i32:0
  (func (export "load_i32_last_ok") (result i32)
    (i32.load (i32.const 65532)))

  ;; expect load_i32_past_end trap memory-out-of-bounds
  (func (export "load_i32_past_end") (result i32)
    (i32.load (i32.const 65533)))

  ;; expect store_i32_last_ok returns
  (func (export "store_i32_last_ok")
    (i32.store (i32.const 65532) (i32.const 0)))

  ;; expect store_i32_past_end trap memory-out-of-bounds
  (func (export "store_i32_past_end")
    (i32.store (i32.const 65533) (i32.const 0)))

  ;; expect load8_last_byte_ok returns i64:0
  (func (export "load8_last_byte_ok") (result i64)
    (i64.load8_u (i32.const 65535)))

  ;; expect load8_past_end trap memory-out-of-bounds
  (func (export "load8_past_end") (result i64)
    (i64.load8_u (i32.const 65536)))

  ;; expect load_i64_last_ok returns i64:0
  (func (export "load_i64_last_ok") (result i64)
    (i64.load (i32.const 65528)))

  ;; expect load_i64_past_end trap memory-out-of-bounds
  (func (export "load_i64_past_end") (result i64)
    (i64.load (i32.const 65529)))

  ;; expect store8_last_byte_ok returns
  (func (export "store8_last_byte_ok")
    (i32.store8 (i32.const 65535) (i32.const 0)))

  ;; expect store8_past_end trap memory-out-of-bounds
  (func (export "store8_past_end")
    (i32.store8 (i32.const 65536) (i32.const 0)))

  ;; An offset immediate: address 0 + offset 65532 is the last in-bounds i32.
  ;; expect load_offset_last_ok returns i32:0
  (func (export "load_offset_last_ok") (result i32)
    (i32.load offset=65532 (i32.const 0)))

  ;; expect load_offset_past_end trap memory-out-of-bounds
  (func (export "load_offset_past_end") (result i32)
    (i32.load offset=65532 (i32.const 1)))

  ;; The effective address is computed without 32-bit wrap-around: 0xFFFFFFFF + 1 does not become 0.
  ;; expect load_offset_no_wrap trap memory-out-of-bounds
  (func (export "load_offset_no_wrap") (result i32)
    (i32.load offset=1 (i32.const -1)))

  ;; expect fill_to_end_ok returns
  (func (export "fill_to_end_ok")
    (memory.fill (i32.const 65520) (i32.const 0) (i32.const 16)))

  ;; expect fill_past_end trap memory-out-of-bounds
  (func (export "fill_past_end")
    (memory.fill (i32.const 65520) (i32.const 0) (i32.const 17)))

  ;; A zero-length fill exactly at the end is in bounds.
  ;; expect fill_zero_at_end_ok returns
  (func (export "fill_zero_at_end_ok")
    (memory.fill (i32.const 65536) (i32.const 0) (i32.const 0)))

  ;; A zero-length fill one past the end still traps.
  ;; expect fill_zero_past_end trap memory-out-of-bounds
  (func (export "fill_zero_past_end")
    (memory.fill (i32.const 65537) (i32.const 0) (i32.const 0)))

  ;; expect copy_to_end_ok returns
  (func (export "copy_to_end_ok")
    (memory.copy (i32.const 65520) (i32.const 0) (i32.const 16)))

  ;; expect copy_dest_past_end trap memory-out-of-bounds
  (func (export "copy_dest_past_end")
    (memory.copy (i32.const 65520) (i32.const 0) (i32.const 17)))

  ;; expect copy_src_past_end trap memory-out-of-bounds
  (func (export "copy_src_past_end")
    (memory.copy (i32.const 0) (i32.const 65520) (i32.const 17)))
)
