//! WebAssembly proposals beyond the MVP, and the probe modules that ask an engine whether it
//! supports one.

use serde::{Deserialize, Serialize};
use wasmparser::WasmFeatures;

/// A post-MVP proposal that a generated module may use.
///
/// Relaxed SIMD and threads are deliberately absent: their results are nondeterministic by
/// specification (docs/design.md, "What is excluded, and why"), so the harness never enables them.
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
}

impl Proposal {
    /// Every proposal, in declaration order.
    pub const ALL: [Proposal; 15] = [
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
        }
    }

    /// A small module in the text format that uses the proposal's characteristic instructions.
    /// An engine supports the proposal when it compiles this module with the proposal enabled.
    pub fn probe_wat(self) -> &'static str {
        match self {
            Proposal::MultiValue => {
                r#"(module (func (export "f") (result i32 i64)
                    (block (result i32 i64) (i32.const 1) (i64.const 2))))"#
            }
            Proposal::BulkMemory => {
                r#"(module (memory 1) (data "xy")
                  (func (export "f")
                    (memory.copy (i32.const 0) (i32.const 8) (i32.const 2))
                    (memory.fill (i32.const 0) (i32.const 7) (i32.const 3))
                    (memory.init 0 (i32.const 0) (i32.const 0) (i32.const 2))
                    (data.drop 0)))"#
            }
            Proposal::ReferenceTypes => {
                r#"(module (table $a 2 funcref) (table $b 1 externref) (elem (i32.const 0) $f)
                  (func $f (export "f") (param externref) (result i32)
                    (table.set $a (i32.const 1) (ref.func $f))
                    (table.set $b (i32.const 0) (local.get 0))
                    (drop (table.grow $b (ref.null extern) (i32.const 1)))
                    (drop (ref.is_null (table.get $b (i32.const 0))))
                    (call_indirect $a (param externref) (result i32) (local.get 0) (i32.const 1))))"#
            }
            Proposal::Simd => {
                r#"(module (memory 1)
                  (func (export "f") (param v128) (result i32)
                    (v128.store (i32.const 0)
                      (f32x4.mul (i8x16.add (local.get 0) (v128.load (i32.const 16)))
                        (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31 (local.get 0) (local.get 0))))
                    (i32x4.extract_lane 1 (i64x2.splat (i64.const 3)))))"#
            }
            Proposal::SaturatingFloatToInt => {
                r#"(module (func (export "f") (param f64) (result i64)
                    (i64.add (i64.extend_i32_s (i32.trunc_sat_f64_s (local.get 0)))
                      (i64.trunc_sat_f64_u (local.get 0)))))"#
            }
            Proposal::SignExtension => {
                r#"(module (func (export "f") (param i32) (result i64)
                    (i64.add (i64.extend32_s (i64.extend_i32_u (i32.extend8_s (local.get 0))))
                      (i64.const 1))))"#
            }
            Proposal::TailCall => {
                r#"(module (type $t (func (param i32) (result i32))) (table 1 funcref)
                  (func $g (type $t) (local.get 0))
                  (func (export "f") (param i32) (result i32)
                    (if (local.get 0) (then (return_call $g (local.get 0))))
                    (return_call_indirect (type $t) (local.get 0) (i32.const 0))))"#
            }
            Proposal::MultiMemory => {
                r#"(module (memory $a 1) (memory $b 1)
                  (func (export "f") (param i32) (result i32)
                    (i32.store $b (local.get 0) (i32.load $a (local.get 0)))
                    (i32.store8 $a (i32.const 1) (i32.load8_u $b (i32.const 2)))
                    (i32.load $b (i32.const 0))))"#
            }
            Proposal::Memory64 => {
                r#"(module (memory i64 1)
                  (func (export "f") (param i64) (result i64)
                    (i64.store (local.get 0) (i64.const 5))
                    (drop (memory.grow (i64.const 1)))
                    (i64.load offset=8 (local.get 0))))"#
            }
            Proposal::ExtendedConst => {
                r#"(module (global $g i32 (i32.add (i32.const 1) (i32.mul (i32.const 2) (i32.const 3))))
                  (func (export "f") (result i32) (global.get $g)))"#
            }
            Proposal::WideArithmetic => {
                r#"(module (func (export "f") (param i64 i64) (result i64)
                    (i64.add128 (local.get 0) (local.get 1) (local.get 1) (local.get 0))
                    (drop) (drop)
                    (i64.mul_wide_s (local.get 0) (local.get 1))
                    (i64.xor)))"#
            }
            Proposal::CustomPageSizes => {
                r#"(module (memory 16 (pagesize 1))
                  (func (export "f") (param i32) (result i32)
                    (drop (memory.grow (i32.const 3)))
                    (i32.load8_u (local.get 0))))"#
            }
            Proposal::Gc => {
                r#"(module (type $s (struct (field (mut i32)))) (type $a (array (mut i64)))
                  (func (export "f") (param i32) (result i32)
                    (local $r (ref null $s))
                    (local.set $r (struct.new $s (local.get 0)))
                    (drop (array.new $a (i64.const 1) (i32.const 4)))
                    (i32.add (struct.get $s 0 (local.get $r))
                      (i31.get_s (ref.i31 (local.get 0))))))"#
            }
            Proposal::Exceptions => {
                r#"(module (tag $e (param i32))
                  (func (export "f") (param i32) (result i32)
                    (block $h (result i32)
                      (try_table (catch $e $h) (throw $e (local.get 0)))
                      (i32.const 0))))"#
            }
            Proposal::CompactImports => {
                r#"(module
                  (import "host" (item "a" (func (param i32))) (item "b" (func (param i32))))
                  (func (export "f") (param i32) (call 0 (local.get 0)) (call 1 (local.get 0))))"#
            }
        }
    }

    /// The probe module as binary Wasm.
    ///
    /// # Panics
    ///
    /// Never for the built-in probe texts; a test parses every one of them.
    pub fn probe_wasm(self) -> Vec<u8> {
        wat::parse_str(self.probe_wat()).expect("built-in probe modules are valid text")
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
    fn every_probe_validates_with_exactly_its_features() {
        for p in Proposal::ALL {
            let wasm = p.probe_wasm();
            let with = ProposalSet::from_iter([p]).features();
            wasmparser::Validator::new_with_features(with)
                .validate_all(&wasm)
                .unwrap_or_else(|e| panic!("probe {} invalid: {e}", p.name()));
            let without = ProposalSet::empty().features();
            assert!(
                wasmparser::Validator::new_with_features(without)
                    .validate_all(&wasm)
                    .is_err(),
                "probe {} must need its proposal",
                p.name()
            );
        }
    }

    #[test]
    fn set_operations() {
        let a: ProposalSet = [Proposal::Simd, Proposal::Gc].into_iter().collect();
        let b: ProposalSet = [Proposal::Simd, Proposal::TailCall].into_iter().collect();
        assert_eq!(a.intersection(b).iter().collect::<Vec<_>>(), vec![Proposal::Simd]);
        assert!(ProposalSet::all().contains(Proposal::Exceptions));
    }
}
