;; Mutant 24: after growing the provider's table (4 elements) by 3, the imported table's size is 7,
;; not the import's declared minimum 4. Its bound is the exporter's current size.
(module
  (import "provider" "table" (table 4 100 funcref))
  (func (export "size_after_grow") (result i32)
    (drop (table.grow 0 (ref.null func) (i32.const 3)))
    (table.size 0)))
