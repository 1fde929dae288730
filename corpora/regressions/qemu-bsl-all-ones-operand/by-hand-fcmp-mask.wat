(module
  (func (export "f") (param v128 v128) (result v128)
    local.get 1
    v128.const i64x2 -1 -1
    local.get 0
    local.get 0
    f32x4.eq
    v128.bitselect))
