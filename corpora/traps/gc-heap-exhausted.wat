;; Tests GC allocations within and past the GC heap's resource limit (64 MiB per memory, docs/design.md "What is excluded, and why"): only engines with GC run it.
(module
  (type $bytes (array (mut i8)))

  ;; expect small_array returns i32:4096
  (func (export "small_array") (result i32)
    (array.len (array.new_default $bytes (i32.const 4096))))

  ;; expect billion_bytes trap gc-heap-exhausted
  (func (export "billion_bytes") (result i32)
    (array.len (array.new_default $bytes (i32.const 1000000000))))

  ;; expect small_array_after returns i32:16
  (func (export "small_array_after") (result i32)
    (array.len (array.new_default $bytes (i32.const 16))))
)
