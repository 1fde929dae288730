;; Tests bad-conversion-to-integer traps from trapping float-to-int truncation (NaN, out of range), beside in-range boundary cases and saturating forms.
(module
  ;; Note: every engine (and the spec) reports NaN as bad-conversion-to-integer ("invalid conversion to integer")
  ;; but an out-of-range finite or infinite input as integer-overflow, so those cases expect integer-overflow.
  ;; expect i32_trunc_f32_s_nan trap bad-conversion-to-integer
  (func (export "i32_trunc_f32_s_nan") (result i32)
    (i32.trunc_f32_s (f32.const nan)))

  ;; expect i32_trunc_f32_s_2p31 trap integer-overflow
  (func (export "i32_trunc_f32_s_2p31") (result i32)
    (i32.trunc_f32_s (f32.const 2147483648.0)))

  ;; The largest f32 below 2^31 converts.
  ;; expect i32_trunc_f32_s_below_2p31 returns i32:2147483520
  (func (export "i32_trunc_f32_s_below_2p31") (result i32)
    (i32.trunc_f32_s (f32.const 2147483520.0)))

  ;; expect i32_trunc_f64_u_neg1 trap integer-overflow
  (func (export "i32_trunc_f64_u_neg1") (result i32)
    (i32.trunc_f64_u (f64.const -1.0)))

  ;; -0.9 truncates to 0, which is in range for unsigned.
  ;; expect i32_trunc_f64_u_neg0_9 returns i32:0
  (func (export "i32_trunc_f64_u_neg0_9") (result i32)
    (i32.trunc_f64_u (f64.const -0.9)))

  ;; expect i32_trunc_f64_u_max returns i32:-1
  (func (export "i32_trunc_f64_u_max") (result i32)
    (i32.trunc_f64_u (f64.const 4294967295.9)))

  ;; expect i32_trunc_f64_u_2p32 trap integer-overflow
  (func (export "i32_trunc_f64_u_2p32") (result i32)
    (i32.trunc_f64_u (f64.const 4294967296.0)))

  ;; expect i64_trunc_f64_s_inf trap integer-overflow
  (func (export "i64_trunc_f64_s_inf") (result i64)
    (i64.trunc_f64_s (f64.const inf)))

  ;; expect i64_trunc_f64_s_nan trap bad-conversion-to-integer
  (func (export "i64_trunc_f64_s_nan") (result i64)
    (i64.trunc_f64_s (f64.const nan)))

  ;; expect i64_trunc_f64_s_min returns i64:-9223372036854775808
  (func (export "i64_trunc_f64_s_min") (result i64)
    (i64.trunc_f64_s (f64.const -9223372036854775808.0)))

  ;; expect i32_trunc_f64_s_min_frac returns i32:-2147483648
  (func (export "i32_trunc_f64_s_min_frac") (result i32)
    (i32.trunc_f64_s (f64.const -2147483648.9)))

  ;; expect i32_trunc_f64_s_below_min trap integer-overflow
  (func (export "i32_trunc_f64_s_below_min") (result i32)
    (i32.trunc_f64_s (f64.const -2147483649.0)))

  ;; expect i32_trunc_f64_s_max_frac returns i32:2147483647
  (func (export "i32_trunc_f64_s_max_frac") (result i32)
    (i32.trunc_f64_s (f64.const 2147483647.9)))

  ;; The saturating forms never trap.
  ;; expect i32_trunc_sat_f32_s_nan returns i32:0
  (func (export "i32_trunc_sat_f32_s_nan") (result i32)
    (i32.trunc_sat_f32_s (f32.const nan)))

  ;; expect i64_trunc_sat_f64_s_inf returns i64:9223372036854775807
  (func (export "i64_trunc_sat_f64_s_inf") (result i64)
    (i64.trunc_sat_f64_s (f64.const inf)))
)
