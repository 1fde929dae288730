;; Tests integer-division-by-zero traps for i32/i64 div and rem, each next to a non-trapping division by one.
(module
  ;; expect i32_div_s_by_one returns i32:7
  (func (export "i32_div_s_by_one") (result i32)
    (i32.div_s (i32.const 7) (i32.const 1)))

  ;; expect i32_div_s_by_zero trap integer-division-by-zero
  (func (export "i32_div_s_by_zero") (result i32)
    (i32.div_s (i32.const 7) (i32.const 0)))

  ;; expect i32_div_u_by_zero trap integer-division-by-zero
  (func (export "i32_div_u_by_zero") (result i32)
    (i32.div_u (i32.const 7) (i32.const 0)))

  ;; expect i32_rem_s_by_zero trap integer-division-by-zero
  (func (export "i32_rem_s_by_zero") (result i32)
    (i32.rem_s (i32.const 7) (i32.const 0)))

  ;; expect i32_rem_u_by_zero trap integer-division-by-zero
  (func (export "i32_rem_u_by_zero") (result i32)
    (i32.rem_u (i32.const 7) (i32.const 0)))

  ;; Zero divided by zero still traps.
  ;; expect i32_div_u_zero_by_zero trap integer-division-by-zero
  (func (export "i32_div_u_zero_by_zero") (result i32)
    (i32.div_u (i32.const 0) (i32.const 0)))

  ;; expect i32_rem_u_by_one returns i32:0
  (func (export "i32_rem_u_by_one") (result i32)
    (i32.rem_u (i32.const 7) (i32.const 1)))

  ;; expect i64_div_s_by_one returns i64:-7
  (func (export "i64_div_s_by_one") (result i64)
    (i64.div_s (i64.const -7) (i64.const 1)))

  ;; expect i64_div_s_by_zero trap integer-division-by-zero
  (func (export "i64_div_s_by_zero") (result i64)
    (i64.div_s (i64.const -7) (i64.const 0)))

  ;; expect i64_div_u_by_zero trap integer-division-by-zero
  (func (export "i64_div_u_by_zero") (result i64)
    (i64.div_u (i64.const 7) (i64.const 0)))

  ;; expect i64_rem_s_by_zero trap integer-division-by-zero
  (func (export "i64_rem_s_by_zero") (result i64)
    (i64.rem_s (i64.const 7) (i64.const 0)))

  ;; expect i64_rem_u_by_zero trap integer-division-by-zero
  (func (export "i64_rem_u_by_zero") (result i64)
    (i64.rem_u (i64.const 7) (i64.const 0)))

  ;; expect i64_rem_u_by_one returns i64:0
  (func (export "i64_rem_u_by_one") (result i64)
    (i64.rem_u (i64.const 7) (i64.const 1)))
)
