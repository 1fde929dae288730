(module
  (memory (export "memory") 1 1)
  (func (export "f")
    i32.const 1
    v128.const i32x4 0x08080808 0x08080808 0x08080808 0x08080808
    v128.store offset=65520 align=1))
