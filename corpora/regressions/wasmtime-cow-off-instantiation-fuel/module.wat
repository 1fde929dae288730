(module
  (memory (;0;) 1 1)
  (data (;0;) (i32.const 65472) "")
)
