//! WebAssembly proposals beyond the MVP: the coarse grouping the generator uses. What an engine
//! compiles is probed per feature, finer than a proposal ([`crate::features`]).

use serde::{Deserialize, Serialize};
use wasmparser::WasmFeatures;

/// A post-MVP proposal that a generated module may use.
///
/// Relaxed SIMD is deliberately absent: its results are nondeterministic by specification
/// (docs/design.md, "What is excluded, and why"), so the harness never enables it. Of the threads
/// proposal only its instructions are here ([`Proposal::Atomics`]): the harness never starts a
/// second thread, and on one thread they are deterministic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Proposal {
    /// Multi-value results and block types.
    MultiValue,
    /// Bulk memory operations (`memory.copy`, `memory.fill`, passive segments).
    BulkMemory,
    /// Reference types (`externref`, several tables, `table.*`).
    ReferenceTypes,
    /// 128-bit fixed-width SIMD.
    Simd,
    /// Non-trapping float-to-int conversions.
    SaturatingFloatToInt,
    /// Sign-extension operators.
    SignExtension,
    /// Tail calls (`return_call`, `return_call_indirect`).
    TailCall,
    /// Several memories per module.
    MultiMemory,
    /// 64-bit memory indices.
    Memory64,
    /// Extended constant expressions.
    ExtendedConst,
    /// 128-bit wide arithmetic (`i64.add128`, `i64.mul_wide_s`, ...).
    WideArithmetic,
    /// Custom page sizes (1-byte pages).
    CustomPageSizes,
    /// Garbage collection (structs, arrays, i31) and typed function references.
    Gc,
    /// Exception handling (`try_table`, `throw`, `exnref`).
    Exceptions,
    /// Compact imports: several imports of one module name in one import-section entry
    /// (a binary-format change; parsed by wasmparser 0.261 and newer).
    CompactImports,
    /// The atomic instructions and shared memories of the threads proposal, on one thread:
    /// `*.atomic.*` loads, stores, rmw and cmpxchg, `memory.atomic.notify`,
    /// `memory.atomic.wait32/64` (the generators give them a time-out of 0) and `atomic.fence`.
    Atomics,
}

impl Proposal {
    /// Every proposal, in declaration order.
    pub const ALL: [Proposal; 16] = [
        Proposal::MultiValue,
        Proposal::BulkMemory,
        Proposal::ReferenceTypes,
        Proposal::Simd,
        Proposal::SaturatingFloatToInt,
        Proposal::SignExtension,
        Proposal::TailCall,
        Proposal::MultiMemory,
        Proposal::Memory64,
        Proposal::ExtendedConst,
        Proposal::WideArithmetic,
        Proposal::CustomPageSizes,
        Proposal::Gc,
        Proposal::Exceptions,
        Proposal::CompactImports,
        Proposal::Atomics,
    ];

    /// The kebab-case name used in the CLI and reports.
    pub fn name(self) -> &'static str {
        match self {
            Proposal::MultiValue => "multi-value",
            Proposal::BulkMemory => "bulk-memory",
            Proposal::ReferenceTypes => "reference-types",
            Proposal::Simd => "simd",
            Proposal::SaturatingFloatToInt => "saturating-float-to-int",
            Proposal::SignExtension => "sign-extension",
            Proposal::TailCall => "tail-call",
            Proposal::MultiMemory => "multi-memory",
            Proposal::Memory64 => "memory64",
            Proposal::ExtendedConst => "extended-const",
            Proposal::WideArithmetic => "wide-arithmetic",
            Proposal::CustomPageSizes => "custom-page-sizes",
            Proposal::Gc => "gc",
            Proposal::Exceptions => "exceptions",
            Proposal::CompactImports => "compact-imports",
            Proposal::Atomics => "atomics",
        }
    }

    /// The validator features this proposal needs, on top of the MVP.
    pub fn features(self) -> WasmFeatures {
        match self {
            Proposal::MultiValue => WasmFeatures::MULTI_VALUE,
            Proposal::BulkMemory => WasmFeatures::BULK_MEMORY,
            Proposal::ReferenceTypes => WasmFeatures::REFERENCE_TYPES | WasmFeatures::GC_TYPES,
            Proposal::Simd => WasmFeatures::SIMD,
            Proposal::SaturatingFloatToInt => WasmFeatures::SATURATING_FLOAT_TO_INT,
            Proposal::SignExtension => WasmFeatures::SIGN_EXTENSION,
            Proposal::TailCall => WasmFeatures::TAIL_CALL,
            Proposal::MultiMemory => WasmFeatures::MULTI_MEMORY,
            Proposal::Memory64 => WasmFeatures::MEMORY64,
            Proposal::ExtendedConst => WasmFeatures::EXTENDED_CONST,
            Proposal::WideArithmetic => WasmFeatures::WIDE_ARITHMETIC,
            Proposal::CustomPageSizes => WasmFeatures::CUSTOM_PAGE_SIZES,
            Proposal::Gc => {
                WasmFeatures::GC
                    | WasmFeatures::GC_TYPES
                    | WasmFeatures::FUNCTION_REFERENCES
                    | WasmFeatures::REFERENCE_TYPES
            }
            Proposal::Exceptions => WasmFeatures::EXCEPTIONS | WasmFeatures::REFERENCE_TYPES | WasmFeatures::GC_TYPES,
            Proposal::CompactImports => WasmFeatures::COMPACT_IMPORTS,
            Proposal::Atomics => WasmFeatures::THREADS,
        }
    }
}

/// A set of proposals, as a bit set over [`Proposal::ALL`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ProposalSet(u32);

impl ProposalSet {
    /// The empty set (MVP only).
    pub const fn empty() -> ProposalSet {
        ProposalSet(0)
    }

    /// Every proposal.
    pub fn all() -> ProposalSet {
        Proposal::ALL.into_iter().collect()
    }

    /// Whether `p` is in the set.
    pub fn contains(self, p: Proposal) -> bool {
        self.0 & (1 << p as u32) != 0
    }

    /// Adds `p`.
    pub fn insert(&mut self, p: Proposal) {
        self.0 |= 1 << p as u32;
    }

    /// The proposals in both sets.
    pub fn intersection(self, other: ProposalSet) -> ProposalSet {
        ProposalSet(self.0 & other.0)
    }

    /// The proposals in either set.
    pub fn union(self, other: ProposalSet) -> ProposalSet {
        ProposalSet(self.0 | other.0)
    }

    /// The members, in [`Proposal::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Proposal> {
        Proposal::ALL.into_iter().filter(move |p| self.contains(*p))
    }

    /// The validator features of the MVP (floats and mutable globals) and of every member.
    /// wasmparser's `GC_TYPES` (which gates `externref`) comes only with the proposals that need
    /// it, since Winch refuses it.
    pub fn features(self) -> WasmFeatures {
        self.iter()
            .fold(WasmFeatures::FLOATS | WasmFeatures::MUTABLE_GLOBAL, |f, p| {
                f | p.features()
            })
    }
}

impl FromIterator<Proposal> for ProposalSet {
    fn from_iter<I: IntoIterator<Item = Proposal>>(iter: I) -> Self {
        let mut set = ProposalSet::empty();
        for p in iter {
            set.insert(p);
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_operations() {
        let a: ProposalSet = [Proposal::Simd, Proposal::Gc].into_iter().collect();
        let b: ProposalSet = [Proposal::Simd, Proposal::TailCall].into_iter().collect();
        assert_eq!(a.intersection(b).iter().collect::<Vec<_>>(), vec![Proposal::Simd]);
        assert!(ProposalSet::all().contains(Proposal::Exceptions));
    }
}
