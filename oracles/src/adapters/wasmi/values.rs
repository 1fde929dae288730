//! Conversions between the harness's values and traps and wasmi's.

use wasmi::{F32, F64, TrapCode, V128, Val};

use super::compat::Nullable;

use crate::host::HostTrap;
use crate::{RefHierarchy, TrapKind, ValType, Value};

/// The trap an error stands for: `None` when it is no trap, `Some(None)` for a trap outside
/// the trap kinds of docs/design.md. wasmi reports an element segment that does not fit its table at instantiation
/// as an instantiation error rather than a trap code; the core specification traps there (module
/// instantiation runs `table.init` for each active segment, which traps out of bounds).
/// In interrupt mode wasmi's fuel is its interrupt mechanism, so running out is `interrupt`.
pub(super) fn error_trap_kind(e: &wasmi::Error, interrupts: bool) -> Option<Option<TrapKind>> {
    use wasmi::errors::{ErrorKind, InstantiationError};
    if e.downcast_ref::<HostTrap>().is_some() {
        return Some(Some(TrapKind::HostTrap));
    }
    if interrupts && e.as_trap_code() == Some(TrapCode::OutOfFuel) {
        return Some(Some(TrapKind::Interrupt));
    }
    match e.kind() {
        ErrorKind::Instantiation(InstantiationError::ElementSegmentDoesNotFit { .. }) => {
            Some(Some(TrapKind::TableOutOfBounds))
        }
        _ => e.as_trap_code().map(trap_kind),
    }
}

/// Maps a wasmi trap code to its canonical kind. `GrowthOperationLimited` and `OutOfSystemMemory`
/// are resource conditions outside the list of trap kinds (docs/design.md), so they are crashes.
pub(super) fn trap_kind(code: TrapCode) -> Option<TrapKind> {
    Some(match code {
        TrapCode::UnreachableCodeReached => TrapKind::Unreachable,
        TrapCode::MemoryOutOfBounds => TrapKind::MemoryOutOfBounds,
        TrapCode::TableOutOfBounds => TrapKind::TableOutOfBounds,
        TrapCode::IndirectCallToNull => TrapKind::IndirectCallToNull,
        TrapCode::IntegerDivisionByZero => TrapKind::IntegerDivisionByZero,
        TrapCode::IntegerOverflow => TrapKind::IntegerOverflow,
        TrapCode::BadConversionToInteger => TrapKind::BadConversionToInteger,
        TrapCode::StackOverflow => TrapKind::StackOverflow,
        TrapCode::BadSignature => TrapKind::BadSignature,
        TrapCode::OutOfFuel => TrapKind::OutOfFuel,
        _ => return None,
    })
}

pub(super) fn val_type(ty: ValType) -> wasmi::ValType {
    match ty {
        ValType::I32 => wasmi::ValType::I32,
        ValType::I64 => wasmi::ValType::I64,
        ValType::F32 => wasmi::ValType::F32,
        ValType::F64 => wasmi::ValType::F64,
        ValType::V128 => wasmi::ValType::V128,
        ValType::Ref(RefHierarchy::Func) => wasmi::ValType::FuncRef,
        ValType::Ref(_) => wasmi::ValType::ExternRef,
    }
}

/// Converts a harness value to a wasmi value. References are passed as null: the harness never
/// holds a non-null reference of an engine.
pub(super) fn to_val(v: Value) -> Val {
    match v {
        Value::I32(x) => Val::I32(x),
        Value::I64(x) => Val::I64(x),
        Value::F32(bits) => Val::F32(F32::from_bits(bits)),
        Value::F64(bits) => Val::F64(F64::from_bits(bits)),
        Value::V128(bits) => Val::V128(V128::from(bits)),
        Value::Ref {
            hierarchy: RefHierarchy::Func,
            ..
        } => Val::FuncRef(Nullable::Null),
        Value::Ref { .. } => Val::ExternRef(Nullable::Null),
    }
}

pub(super) fn from_val(v: &Val) -> Value {
    match v {
        Val::I32(x) => Value::I32(*x),
        Val::I64(x) => Value::I64(*x),
        Val::F32(x) => Value::F32(x.to_bits()),
        Val::F64(x) => Value::F64(x.to_bits()),
        Val::V128(x) => Value::V128(x.as_u128()),
        Val::FuncRef(f) => Value::Ref {
            hierarchy: RefHierarchy::Func,
            null: f.is_null(),
        },
        Val::ExternRef(e) => Value::Ref {
            hierarchy: RefHierarchy::Extern,
            null: e.is_null(),
        },
    }
}
