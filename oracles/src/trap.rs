//! Canonical trap kinds: the one vocabulary every engine adapter maps its own errors onto.

use serde::{Deserialize, Serialize};

/// A trap, independent of the engine that raised it: the trap kinds of docs/design.md, including
/// the traps of the GC and exception-handling proposals, which only engine sets without wasmi
/// generate.
///
/// Adapters map each engine's own trap codes onto this list; an engine error that maps to none of
/// them is reported as a crash, never as a trap, so that it can never compare equal by accident.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TrapKind {
    /// A load, store or bulk-memory access outside a linear memory.
    MemoryOutOfBounds,
    /// A table access (`table.get`/`set`/`copy`/`init`/`fill`, element segment) out of bounds,
    /// including `call_indirect` with an index past the table's end.
    TableOutOfBounds,
    /// `call_indirect` through a null table entry.
    IndirectCallToNull,
    /// `call_indirect` through an entry whose function type does not match.
    BadSignature,
    /// Signed division overflow (`INT_MIN / -1`).
    IntegerOverflow,
    /// Integer division or remainder by zero.
    IntegerDivisionByZero,
    /// A trapping float-to-integer truncation of NaN (a value out of range is `IntegerOverflow`).
    BadConversionToInteger,
    /// The `unreachable` instruction.
    Unreachable,
    /// The call stack was exhausted.
    StackOverflow,
    /// Engine fuel ran out.
    OutOfFuel,
    /// The host interrupted execution (Wasmtime epoch deadline).
    Interrupt,
    /// A null reference was dereferenced (function-references and GC proposals).
    NullReference,
    /// An allocation requested more than the engine allows.
    AllocationTooLarge,
    /// A GC allocation that the GC heap cannot hold within the store's resource limits (GC
    /// proposal; docs/design.md, "What is excluded, and why": resource limits). The
    /// specification leaves allocation failure to the implementation; Wasmtime reports it as
    /// its `GcHeapOutOfMemory` error rather than a trap code.
    GcHeapExhausted,
    /// An array access out of bounds (GC proposal).
    ArrayOutOfBounds,
    /// A failed `ref.cast` (GC proposal).
    CastFailure,
    /// An exception reached the host uncaught (exception-handling proposal).
    UncaughtException,
    /// A host import returned an error (the harness's `host.assert_positive` on a negative
    /// argument).
    HostTrap,
    /// An atomic access at an address that is not a multiple of its width (threads proposal).
    UnalignedAtomic,
    /// `memory.atomic.wait32/64` on a memory that is not shared (threads proposal).
    WaitOnUnsharedMemory,
}

impl TrapKind {
    /// Every kind, in declaration order.
    pub const ALL: [TrapKind; 20] = [
        TrapKind::MemoryOutOfBounds,
        TrapKind::TableOutOfBounds,
        TrapKind::IndirectCallToNull,
        TrapKind::BadSignature,
        TrapKind::IntegerOverflow,
        TrapKind::IntegerDivisionByZero,
        TrapKind::BadConversionToInteger,
        TrapKind::Unreachable,
        TrapKind::StackOverflow,
        TrapKind::OutOfFuel,
        TrapKind::Interrupt,
        TrapKind::NullReference,
        TrapKind::AllocationTooLarge,
        TrapKind::GcHeapExhausted,
        TrapKind::ArrayOutOfBounds,
        TrapKind::CastFailure,
        TrapKind::UncaughtException,
        TrapKind::HostTrap,
        TrapKind::UnalignedAtomic,
        TrapKind::WaitOnUnsharedMemory,
    ];

    /// The kebab-case name used in signatures, reports and `.wat` corpus annotations.
    pub fn name(self) -> &'static str {
        match self {
            TrapKind::MemoryOutOfBounds => "memory-out-of-bounds",
            TrapKind::TableOutOfBounds => "table-out-of-bounds",
            TrapKind::IndirectCallToNull => "indirect-call-to-null",
            TrapKind::BadSignature => "bad-signature",
            TrapKind::IntegerOverflow => "integer-overflow",
            TrapKind::IntegerDivisionByZero => "integer-division-by-zero",
            TrapKind::BadConversionToInteger => "bad-conversion-to-integer",
            TrapKind::Unreachable => "unreachable",
            TrapKind::StackOverflow => "stack-overflow",
            TrapKind::OutOfFuel => "out-of-fuel",
            TrapKind::Interrupt => "interrupt",
            TrapKind::NullReference => "null-reference",
            TrapKind::AllocationTooLarge => "allocation-too-large",
            TrapKind::GcHeapExhausted => "gc-heap-exhausted",
            TrapKind::ArrayOutOfBounds => "array-out-of-bounds",
            TrapKind::CastFailure => "cast-failure",
            TrapKind::UncaughtException => "uncaught-exception",
            TrapKind::HostTrap => "host-trap",
            TrapKind::UnalignedAtomic => "unaligned-atomic",
            TrapKind::WaitOnUnsharedMemory => "wait-on-unshared-memory",
        }
    }

    /// Whether the point where execution stopped depends on frame sizes or timing, so that the
    /// instance's state must no longer be compared afterwards (docs/design.md, "What is excluded, and why").
    pub fn ends_state_comparison(self) -> bool {
        matches!(self, TrapKind::StackOverflow | TrapKind::Interrupt)
    }
}

impl std::fmt::Display for TrapKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_match_the_serialized_form() {
        let mut names: Vec<_> = TrapKind::ALL.iter().map(|k| k.name()).collect();
        for kind in TrapKind::ALL {
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(
                json,
                format!("\"{}\"", kind.name()),
                "findings and corpus annotations use one spelling"
            );
        }
        names.sort();
        names.dedup();
        assert_eq!(names.len(), TrapKind::ALL.len());
    }
}
