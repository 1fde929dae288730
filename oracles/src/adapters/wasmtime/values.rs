//! Conversions between the harness's values and traps and Wasmtime's.

use wasmtime::{Trap, V128, Val, WasmBacktrace};

use crate::host::HostTrap;
use crate::{RefHierarchy, TrapKind, ValType, Value};

/// The trap an error stands for: `None` when it is no trap, `Some(None)` for a trap outside
/// the list of trap kinds (docs/design.md, "What is compared").
pub(super) fn error_trap_kind(e: &wasmtime::Error) -> Option<Option<TrapKind>> {
    if e.downcast_ref::<HostTrap>().is_some() {
        return Some(Some(TrapKind::HostTrap));
    }
    if e.downcast_ref::<wasmtime::ThrownException>().is_some() {
        return Some(Some(TrapKind::UncaughtException));
    }
    if e.downcast_ref::<wasmtime::GcHeapOutOfMemory<()>>().is_some() {
        return Some(Some(TrapKind::GcHeapExhausted));
    }
    e.downcast_ref::<Trap>().map(|t| trap_kind(*t))
}

/// The Wasm frames of a trap, innermost first, as function indices.
pub(super) fn backtrace(e: &wasmtime::Error) -> Option<Vec<u32>> {
    e.downcast_ref::<WasmBacktrace>()
        .map(|bt| bt.frames().iter().map(|f| f.func_index()).collect())
}

/// Maps a Wasmtime trap code to its canonical kind; `None` for codes outside the trap kinds of docs/design.md.
pub(super) fn trap_kind(trap: Trap) -> Option<TrapKind> {
    Some(match trap {
        Trap::StackOverflow => TrapKind::StackOverflow,
        Trap::MemoryOutOfBounds => TrapKind::MemoryOutOfBounds,
        Trap::TableOutOfBounds => TrapKind::TableOutOfBounds,
        Trap::IndirectCallToNull => TrapKind::IndirectCallToNull,
        Trap::BadSignature => TrapKind::BadSignature,
        Trap::IntegerOverflow => TrapKind::IntegerOverflow,
        Trap::IntegerDivisionByZero => TrapKind::IntegerDivisionByZero,
        Trap::BadConversionToInteger => TrapKind::BadConversionToInteger,
        Trap::UnreachableCodeReached => TrapKind::Unreachable,
        Trap::Interrupt => TrapKind::Interrupt,
        Trap::OutOfFuel => TrapKind::OutOfFuel,
        Trap::NullReference => TrapKind::NullReference,
        Trap::AllocationTooLarge => TrapKind::AllocationTooLarge,
        Trap::ArrayOutOfBounds => TrapKind::ArrayOutOfBounds,
        Trap::CastFailure => TrapKind::CastFailure,
        Trap::UnhandledTag => TrapKind::UncaughtException,
        Trap::HeapMisaligned => TrapKind::UnalignedAtomic,
        Trap::AtomicWaitNonSharedMemory => TrapKind::WaitOnUnsharedMemory,
        _ => return None,
    })
}

pub(super) fn val_type(ty: ValType) -> wasmtime::ValType {
    match ty {
        ValType::I32 => wasmtime::ValType::I32,
        ValType::I64 => wasmtime::ValType::I64,
        ValType::F32 => wasmtime::ValType::F32,
        ValType::F64 => wasmtime::ValType::F64,
        ValType::V128 => wasmtime::ValType::V128,
        ValType::Ref(RefHierarchy::Func) => wasmtime::ValType::FUNCREF,
        ValType::Ref(RefHierarchy::Extern) => wasmtime::ValType::EXTERNREF,
        ValType::Ref(RefHierarchy::Any) => wasmtime::ValType::ANYREF,
        ValType::Ref(RefHierarchy::Exn) => wasmtime::ValType::EXNREF,
    }
}

/// Converts a harness value to a Wasmtime value. References are passed as null: the harness never
/// holds a non-null reference of an engine.
pub(super) fn to_val(v: Value) -> Val {
    match v {
        Value::I32(x) => Val::I32(x),
        Value::I64(x) => Val::I64(x),
        Value::F32(bits) => Val::F32(bits),
        Value::F64(bits) => Val::F64(bits),
        Value::V128(bits) => Val::V128(V128::from(bits)),
        Value::Ref {
            hierarchy: RefHierarchy::Func,
            ..
        } => Val::FuncRef(None),
        Value::Ref {
            hierarchy: RefHierarchy::Extern,
            ..
        } => Val::ExternRef(None),
        Value::Ref {
            hierarchy: RefHierarchy::Any,
            ..
        } => Val::AnyRef(None),
        Value::Ref {
            hierarchy: RefHierarchy::Exn,
            ..
        } => Val::ExnRef(None),
    }
}

pub(super) fn from_val(v: &Val) -> Value {
    let r = |hierarchy, null| Value::Ref { hierarchy, null };
    match v {
        Val::I32(x) => Value::I32(*x),
        Val::I64(x) => Value::I64(*x),
        Val::F32(bits) => Value::F32(*bits),
        Val::F64(bits) => Value::F64(*bits),
        Val::V128(x) => Value::V128(x.as_u128()),
        Val::FuncRef(f) => r(RefHierarchy::Func, f.is_none()),
        Val::ExternRef(e) => r(RefHierarchy::Extern, e.is_none()),
        Val::AnyRef(a) => r(RefHierarchy::Any, a.is_none()),
        Val::ExnRef(e) => r(RefHierarchy::Exn, e.is_none()),
        // Stack switching is disabled in every configuration, so no continuation reaches here.
        Val::ContRef(c) => r(RefHierarchy::Any, c.is_none()),
    }
}
