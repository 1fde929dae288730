(module
  (table (;0;) i64 6 20 funcref)
  (elem (;0;) (i64.const 0) func)
)
