(module
  (func (export "f") (param v128) (result v128)
    v128.const i64x2 0 0
    v128.const i64x2 -1 -1
    local.get 0
    v128.not
    v128.bitselect))
