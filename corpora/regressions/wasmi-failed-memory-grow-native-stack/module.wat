(module
  (memory 0 1)
  (func (export "f") (result i32) (local i32)
    (loop $l
      (drop (memory.grow (i32.const 1)))
      (local.set 0 (i32.add (local.get 0) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get 0) (i32.const 200000))))
    (memory.size)))
