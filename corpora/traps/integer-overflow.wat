;; Tests integer-overflow traps: signed division of the minimum value by -1, beside the non-trapping rem_s and neighbouring divisions.
(module
  ;; expect i32_div_s_min_by_neg1 trap integer-overflow
  (func (export "i32_div_s_min_by_neg1") (result i32)
    (i32.div_s (i32.const -2147483648) (i32.const -1)))

  ;; One above the minimum divides fine.
  ;; expect i32_div_s_min_plus1_by_neg1 returns i32:2147483647
  (func (export "i32_div_s_min_plus1_by_neg1") (result i32)
    (i32.div_s (i32.const -2147483647) (i32.const -1)))

  ;; Unsigned division of the same bits does not overflow.
  ;; expect i32_div_u_min_by_neg1 returns i32:0
  (func (export "i32_div_u_min_by_neg1") (result i32)
    (i32.div_u (i32.const -2147483648) (i32.const -1)))

  ;; rem_s INT_MIN % -1 is defined to be 0, not a trap.
  ;; expect i32_rem_s_min_by_neg1 returns i32:0
  (func (export "i32_rem_s_min_by_neg1") (result i32)
    (i32.rem_s (i32.const -2147483648) (i32.const -1)))

  ;; expect i64_div_s_min_by_neg1 trap integer-overflow
  (func (export "i64_div_s_min_by_neg1") (result i64)
    (i64.div_s (i64.const -9223372036854775808) (i64.const -1)))

  ;; expect i64_div_s_min_plus1_by_neg1 returns i64:9223372036854775807
  (func (export "i64_div_s_min_plus1_by_neg1") (result i64)
    (i64.div_s (i64.const -9223372036854775807) (i64.const -1)))

  ;; expect i64_rem_s_min_by_neg1 returns i64:0
  (func (export "i64_rem_s_min_by_neg1") (result i64)
    (i64.rem_s (i64.const -9223372036854775808) (i64.const -1)))
)
