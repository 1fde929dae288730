;; Mutant 23: an 8-bit atomic add returns the old byte (0) zero-extended, whatever the operand's
;; bits above 8 are.
(module
  (memory 1)
  (func (export "rmw8_add_u") (result i32)
    (i32.atomic.rmw8.add_u (i32.const 0) (i32.const 0x12345601))))
