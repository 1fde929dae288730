;; Tests the indirect-call-to-null trap: call_indirect to an uninitialised (null) table slot, beside an initialised one.
(module
  (type $ret_i32 (func (result i32)))
  (table 4 funcref)
  (elem (i32.const 0) $forty_two)
  (elem (i32.const 2) $seven)

  (func $forty_two (type $ret_i32) (i32.const 42))
  (func $seven (type $ret_i32) (i32.const 7))

  ;; expect call_slot0_ok returns i32:42
  (func (export "call_slot0_ok") (result i32)
    (call_indirect (type $ret_i32) (i32.const 0)))

  ;; Slot 1 was never initialised.
  ;; expect call_slot1_null trap indirect-call-to-null
  (func (export "call_slot1_null") (result i32)
    (call_indirect (type $ret_i32) (i32.const 1)))

  ;; expect call_slot2_ok returns i32:7
  (func (export "call_slot2_ok") (result i32)
    (call_indirect (type $ret_i32) (i32.const 2)))

  ;; The last slot (3) is null and in bounds.
  ;; expect call_last_slot_null trap indirect-call-to-null
  (func (export "call_last_slot_null") (result i32)
    (call_indirect (type $ret_i32) (i32.const 3)))
)
