//! What an engine compiles, per instruction family and value type: a catalogue of [`Feature`]s,
//! each with a probe module, and the [`Support`] an engine build gives when asked to compile every
//! probe. A proposal ([`Proposal`]) is the coarse grouping the generator uses; a feature is the
//! finer unit an engine can support or refuse (Winch compiles funcref tables but refuses
//! `externref`, both of the reference-types proposal).

use serde::{Deserialize, Serialize};
use wasmparser::WasmFeatures;

use crate::{Proposal, ProposalSet};

/// An instruction family or value type that an engine either compiles or refuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Feature {
    /// Multi-value results and block types.
    MultiValue,
    /// `memory.copy`, `memory.fill`, `memory.init`, `data.drop`.
    BulkMemory,
    /// A funcref table and `table.get/set/size/grow/fill`, `ref.func`, `ref.null`, `ref.is_null`.
    FuncrefTable,
    /// `table.copy`, `table.init`, `elem.drop` with passive and declared segments.
    TableCopyInit,
    /// Several tables, `call_indirect` through table 1.
    MultiTable,
    /// `externref` parameters, tables and globals.
    Externref,
    /// 128-bit SIMD.
    Simd,
    /// Non-trapping float-to-int conversions.
    SaturatingFloatToInt,
    /// Sign-extension operators.
    SignExtension,
    /// `return_call`, `return_call_indirect`.
    TailCall,
    /// Several memories.
    MultiMemory,
    /// 64-bit memories: loads, stores, `memory.grow`.
    Memory64,
    /// 64-bit tables (with a 64-bit memory): `table.*` and `call_indirect` on an `i64` index.
    Table64,
    /// Extended constant expressions.
    ExtendedConst,
    /// 128-bit wide arithmetic.
    WideArithmetic,
    /// Custom page sizes.
    CustomPageSizes,
    /// Compact imports (a binary-format change).
    CompactImports,
    /// GC structs: `struct.new/get/set`.
    GcStruct,
    /// GC arrays: `array.new/get/set/len`.
    GcArray,
    /// `i31ref`: `ref.i31`, `i31.get_s/u`.
    GcI31,
    /// Typed function references: `call_ref`, `ref.as_non_null`, `br_on_null`.
    TypedFuncRef,
    /// Tags with values, `try_table` with `catch`, `throw`.
    Exceptions,
    /// `exnref`: `catch_all_ref`, `throw_ref`.
    Exnref,
    /// `i32.atomic.*` loads, stores, rmw and cmpxchg of 8, 16 and 32 bits on an unshared memory.
    Atomics32,
    /// `i64.atomic.*` loads, stores, rmw and cmpxchg of 8, 16, 32 and 64 bits on an unshared memory.
    Atomics64,
    /// Atomics of every width on a shared memory.
    SharedMemoryAtomics,
    /// `memory.atomic.notify`, `memory.atomic.wait32/64` (time-out 0) and `atomic.fence`.
    AtomicWaitNotify,
}

impl Feature {
    /// Every feature, in declaration order.
    pub const ALL: [Feature; 27] = [
        Feature::MultiValue,
        Feature::BulkMemory,
        Feature::FuncrefTable,
        Feature::TableCopyInit,
        Feature::MultiTable,
        Feature::Externref,
        Feature::Simd,
        Feature::SaturatingFloatToInt,
        Feature::SignExtension,
        Feature::TailCall,
        Feature::MultiMemory,
        Feature::Memory64,
        Feature::Table64,
        Feature::ExtendedConst,
        Feature::WideArithmetic,
        Feature::CustomPageSizes,
        Feature::CompactImports,
        Feature::GcStruct,
        Feature::GcArray,
        Feature::GcI31,
        Feature::TypedFuncRef,
        Feature::Exceptions,
        Feature::Exnref,
        Feature::Atomics32,
        Feature::Atomics64,
        Feature::SharedMemoryAtomics,
        Feature::AtomicWaitNotify,
    ];

    /// The kebab-case name used by `crosscheck engines --features`.
    pub fn name(self) -> &'static str {
        match self {
            Feature::MultiValue => "multi-value",
            Feature::BulkMemory => "bulk-memory",
            Feature::FuncrefTable => "funcref-table",
            Feature::TableCopyInit => "table-copy-init",
            Feature::MultiTable => "multi-table",
            Feature::Externref => "externref",
            Feature::Simd => "simd",
            Feature::SaturatingFloatToInt => "saturating-float-to-int",
            Feature::SignExtension => "sign-extension",
            Feature::TailCall => "tail-call",
            Feature::MultiMemory => "multi-memory",
            Feature::Memory64 => "memory64",
            Feature::Table64 => "table64",
            Feature::ExtendedConst => "extended-const",
            Feature::WideArithmetic => "wide-arithmetic",
            Feature::CustomPageSizes => "custom-page-sizes",
            Feature::CompactImports => "compact-imports",
            Feature::GcStruct => "gc-struct",
            Feature::GcArray => "gc-array",
            Feature::GcI31 => "gc-i31",
            Feature::TypedFuncRef => "typed-func-ref",
            Feature::Exceptions => "exceptions",
            Feature::Exnref => "exnref",
            Feature::Atomics32 => "atomics-32",
            Feature::Atomics64 => "atomics-64",
            Feature::SharedMemoryAtomics => "shared-memory-atomics",
            Feature::AtomicWaitNotify => "atomic-wait-notify",
        }
    }

    /// The proposal that groups this feature for the generator (the atomics: [`Proposal::Atomics`]).
    pub fn proposal(self) -> Proposal {
        match self {
            Feature::MultiValue => Proposal::MultiValue,
            Feature::BulkMemory => Proposal::BulkMemory,
            Feature::FuncrefTable | Feature::TableCopyInit | Feature::MultiTable | Feature::Externref => {
                Proposal::ReferenceTypes
            }
            Feature::Simd => Proposal::Simd,
            Feature::SaturatingFloatToInt => Proposal::SaturatingFloatToInt,
            Feature::SignExtension => Proposal::SignExtension,
            Feature::TailCall => Proposal::TailCall,
            Feature::MultiMemory => Proposal::MultiMemory,
            Feature::Memory64 | Feature::Table64 => Proposal::Memory64,
            Feature::ExtendedConst => Proposal::ExtendedConst,
            Feature::WideArithmetic => Proposal::WideArithmetic,
            Feature::CustomPageSizes => Proposal::CustomPageSizes,
            Feature::CompactImports => Proposal::CompactImports,
            Feature::GcStruct | Feature::GcArray | Feature::GcI31 | Feature::TypedFuncRef => Proposal::Gc,
            Feature::Exceptions | Feature::Exnref => Proposal::Exceptions,
            Feature::Atomics32 | Feature::Atomics64 | Feature::SharedMemoryAtomics | Feature::AtomicWaitNotify => {
                Proposal::Atomics
            }
        }
    }

    /// The validator features the probe needs on top of the MVP: its proposal's
    /// ([`Proposal::features`]), except that funcref-only reference types leave out wasmparser's
    /// `GC_TYPES` (which gates `externref`) and table64 adds reference types.
    pub fn wasm_features(self) -> WasmFeatures {
        let mvp = WasmFeatures::FLOATS | WasmFeatures::MUTABLE_GLOBAL;
        mvp | match self {
            Feature::FuncrefTable | Feature::MultiTable => WasmFeatures::REFERENCE_TYPES,
            Feature::TableCopyInit => WasmFeatures::REFERENCE_TYPES | WasmFeatures::BULK_MEMORY,
            Feature::Table64 => WasmFeatures::MEMORY64 | WasmFeatures::REFERENCE_TYPES,
            other => other.proposal().features(),
        }
    }

    /// The proposals that share a validator feature beyond the MVP with this feature's probe: what
    /// an engine configured per proposal (wasmi) enables to compile the probe.
    pub fn proposals_touched(self) -> ProposalSet {
        let mvp = WasmFeatures::FLOATS | WasmFeatures::MUTABLE_GLOBAL;
        let own = self.wasm_features().difference(mvp);
        Proposal::ALL
            .into_iter()
            .filter(|p| p.features().intersects(own))
            .collect()
    }

    /// A small module in the text format that uses the feature's instructions and types. An
    /// engine compiles the feature when it compiles this module with [`Feature::wasm_features`].
    pub fn probe_wat(self) -> &'static str {
        match self {
            Feature::MultiValue => {
                r#"(module (func (export "f") (result i32 i64)
                    (block (result i32 i64) (i32.const 1) (i64.const 2))))"#
            }
            Feature::BulkMemory => {
                r#"(module (memory 1) (data "xy")
                  (func (export "f")
                    (memory.copy (i32.const 0) (i32.const 8) (i32.const 2))
                    (memory.fill (i32.const 0) (i32.const 7) (i32.const 3))
                    (memory.init 0 (i32.const 0) (i32.const 0) (i32.const 2))
                    (data.drop 0)))"#
            }
            Feature::FuncrefTable => {
                r#"(module (table $t 2 10 funcref) (elem (i32.const 0) $f)
                  (func $f (export "f") (param i32) (result i32)
                    (table.set $t (i32.const 1) (ref.func $f))
                    (drop (table.grow $t (ref.null func) (i32.const 1)))
                    (table.fill $t (i32.const 0) (ref.func $f) (local.get 0))
                    (drop (ref.is_null (table.get $t (local.get 0))))
                    (table.size $t)))"#
            }
            Feature::TableCopyInit => {
                r#"(module (table $t 4 10 funcref) (elem $p func $f) (elem declare func $f)
                  (func $f (export "f") (param i32)
                    (table.init $t $p (local.get 0) (i32.const 0) (i32.const 1))
                    (table.copy $t $t (i32.const 2) (local.get 0) (i32.const 1))
                    (elem.drop $p)))"#
            }
            Feature::MultiTable => {
                r#"(module (type $t (func (param i32) (result i32)))
                  (table $a 1 funcref) (table $b 2 funcref) (elem (table $b) (i32.const 1) func $f)
                  (func $f (export "f") (type $t)
                    (table.set $a (i32.const 0) (table.get $b (i32.const 1)))
                    (call_indirect $b (type $t) (local.get 0) (i32.const 1))))"#
            }
            Feature::Externref => {
                r#"(module (table $x 1 10 externref) (global $g (mut externref) (ref.null extern))
                  (func (export "f") (param externref) (result i32)
                    (table.set $x (i32.const 0) (local.get 0))
                    (global.set $g (table.get $x (i32.const 0)))
                    (drop (table.grow $x (ref.null extern) (i32.const 1)))
                    (ref.is_null (global.get $g))))"#
            }
            Feature::Simd => {
                r#"(module (memory 1)
                  (func (export "f") (param v128) (result i32)
                    (v128.store (i32.const 0)
                      (f32x4.mul (i8x16.add (local.get 0) (v128.load (i32.const 16)))
                        (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31 (local.get 0) (local.get 0))))
                    (i32x4.extract_lane 1 (i64x2.splat (i64.const 3)))))"#
            }
            Feature::SaturatingFloatToInt => {
                r#"(module (func (export "f") (param f64) (result i64)
                    (i64.add (i64.extend_i32_s (i32.trunc_sat_f64_s (local.get 0)))
                      (i64.trunc_sat_f64_u (local.get 0)))))"#
            }
            Feature::SignExtension => {
                r#"(module (func (export "f") (param i32) (result i64)
                    (i64.add (i64.extend32_s (i64.extend_i32_u (i32.extend8_s (local.get 0))))
                      (i64.const 1))))"#
            }
            Feature::TailCall => {
                r#"(module (type $t (func (param i32) (result i32))) (table 1 funcref)
                  (func $g (type $t) (local.get 0))
                  (func (export "f") (param i32) (result i32)
                    (if (local.get 0) (then (return_call $g (local.get 0))))
                    (return_call_indirect (type $t) (local.get 0) (i32.const 0))))"#
            }
            Feature::MultiMemory => {
                r#"(module (memory $a 1) (memory $b 1)
                  (func (export "f") (param i32) (result i32)
                    (i32.store $b (local.get 0) (i32.load $a (local.get 0)))
                    (i32.store8 $a (i32.const 1) (i32.load8_u $b (i32.const 2)))
                    (i32.load $b (i32.const 0))))"#
            }
            Feature::Memory64 => {
                r#"(module (memory i64 1)
                  (func (export "f") (param i64) (result i64)
                    (i64.store (local.get 0) (i64.const 5))
                    (drop (memory.grow (i64.const 1)))
                    (i64.load offset=8 (local.get 0))))"#
            }
            Feature::Table64 => {
                r#"(module (type $t (func (param i64) (result i64)))
                  (memory i64 1) (table $t64 i64 2 10 funcref) (elem (table $t64) (i64.const 0) func $f)
                  (func $f (export "f") (type $t)
                    (drop (table.grow $t64 (ref.null func) (i64.const 1)))
                    (table.set $t64 (local.get 0) (ref.func $f))
                    (drop (call_indirect $t64 (type $t) (local.get 0) (i64.const 1)))
                    (table.size $t64)))"#
            }
            Feature::ExtendedConst => {
                r#"(module (global $g i32 (i32.add (i32.const 1) (i32.mul (i32.const 2) (i32.const 3))))
                  (func (export "f") (result i32) (global.get $g)))"#
            }
            Feature::WideArithmetic => {
                r#"(module (func (export "f") (param i64 i64) (result i64)
                    (i64.add128 (local.get 0) (local.get 1) (local.get 1) (local.get 0))
                    (drop) (drop)
                    (i64.mul_wide_s (local.get 0) (local.get 1))
                    (i64.xor)))"#
            }
            Feature::CustomPageSizes => {
                r#"(module (memory 16 (pagesize 1))
                  (func (export "f") (param i32) (result i32)
                    (drop (memory.grow (i32.const 3)))
                    (i32.load8_u (local.get 0))))"#
            }
            Feature::CompactImports => {
                r#"(module
                  (import "host" (item "a" (func (param i32))) (item "b" (func (param i32))))
                  (func (export "f") (param i32) (call 0 (local.get 0)) (call 1 (local.get 0))))"#
            }
            Feature::GcStruct => {
                r#"(module (type $s (struct (field (mut i32)) (field i64)))
                  (func (export "f") (param i32) (result i32)
                    (local $r (ref null $s))
                    (local.set $r (struct.new $s (local.get 0) (i64.const 7)))
                    (struct.set $s 0 (local.get $r) (i32.const 3))
                    (struct.get $s 0 (local.get $r))))"#
            }
            Feature::GcArray => {
                r#"(module (type $a (array (mut i64)))
                  (func (export "f") (param i32) (result i32)
                    (local $r (ref null $a))
                    (local.set $r (array.new $a (i64.const 1) (i32.const 4)))
                    (array.set $a (local.get $r) (local.get 0) (i64.const 9))
                    (drop (array.get $a (local.get $r) (i32.const 0)))
                    (array.len (local.get $r))))"#
            }
            Feature::GcI31 => {
                r#"(module (func (export "f") (param i32) (result i32)
                    (i32.add (i31.get_s (ref.i31 (local.get 0)))
                      (i31.get_u (ref.i31 (local.get 0))))))"#
            }
            Feature::TypedFuncRef => {
                r#"(module (type $t (func (param i32) (result i32))) (table 1 funcref) (elem (i32.const 0) $g)
                  (func $g (type $t) (local.get 0))
                  (func (export "f") (param i32) (result i32)
                    (local $r (ref null $t))
                    (local.set $r (ref.func $g))
                    (block $null
                      (br_on_null $null (local.get $r))
                      (drop))
                    (call_ref $t (local.get 0) (ref.as_non_null (local.get $r)))))"#
            }
            Feature::Exceptions => {
                r#"(module (tag $e (param i64))
                  (func (export "f") (param i64) (result i64)
                    (block $h (result i64)
                      (try_table (catch $e $h) (throw $e (local.get 0)))
                      (i64.const 0))))"#
            }
            Feature::Exnref => {
                r#"(module (tag $e (param i32))
                  (func (export "f") (param i32) (result i32)
                    (local $x exnref)
                    (local.set $x
                      (block $h (result exnref)
                        (try_table (catch_all_ref $h) (throw $e (local.get 0)))
                        (unreachable)))
                    (if (local.get 0) (then (throw_ref (local.get $x))))
                    (i32.const 0)))"#
            }
            Feature::Atomics32 => {
                r#"(module (memory 1 1)
                  (func (export "f") (param i32) (result i32)
                    (i32.atomic.store (i32.const 0) (local.get 0))
                    (i32.atomic.store8 (i32.const 5) (local.get 0))
                    (drop (i32.atomic.rmw16.add_u (i32.const 6) (local.get 0)))
                    (drop (i32.atomic.rmw8.cmpxchg_u (i32.const 1) (local.get 0) (i32.const 2)))
                    (drop (i32.atomic.rmw.xchg (i32.const 8) (local.get 0)))
                    (i32.add (i32.atomic.load (i32.const 0)) (i32.atomic.load16_u (i32.const 2)))))"#
            }
            Feature::Atomics64 => {
                r#"(module (memory 1 1)
                  (func (export "f") (param i64) (result i64)
                    (i64.atomic.store (i32.const 0) (local.get 0))
                    (i64.atomic.store32 (i32.const 8) (local.get 0))
                    (drop (i64.atomic.rmw.sub (i32.const 16) (local.get 0)))
                    (drop (i64.atomic.rmw32.cmpxchg_u (i32.const 8) (local.get 0) (i64.const 2)))
                    (drop (i64.atomic.rmw8.or_u (i32.const 3) (local.get 0)))
                    (i64.add (i64.atomic.load (i32.const 0)) (i64.atomic.load16_u (i32.const 2)))))"#
            }
            Feature::SharedMemoryAtomics => {
                r#"(module (memory 1 1 shared)
                  (func (export "f") (param i32 i64) (result i64)
                    (i32.atomic.store16 (i32.const 0) (local.get 0))
                    (drop (i32.atomic.rmw.and (i32.const 4) (local.get 0)))
                    (i64.atomic.store (i32.const 8) (local.get 1))
                    (drop (i64.atomic.rmw.cmpxchg (i32.const 8) (local.get 1) (i64.const 3)))
                    (i64.add (i64.atomic.load (i32.const 8))
                      (i64.extend_i32_u (i32.atomic.load8_u (i32.const 1))))))"#
            }
            Feature::AtomicWaitNotify => {
                r#"(module (memory 1 1 shared)
                  (func (export "f") (param i32) (result i32)
                    (atomic.fence)
                    (drop (memory.atomic.wait32 (i32.const 0) (local.get 0) (i64.const 0)))
                    (drop (memory.atomic.wait64 (i32.const 8) (i64.const 1) (i64.const 0)))
                    (memory.atomic.notify (i32.const 0) (i32.const 1))))"#
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

/// A set of features, as a bit set over [`Feature::ALL`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct FeatureSet(u64);

impl FeatureSet {
    /// The empty set (the MVP only).
    pub const fn empty() -> FeatureSet {
        FeatureSet(0)
    }

    /// Whether `f` is in the set.
    pub fn contains(self, f: Feature) -> bool {
        self.0 & (1 << f as u32) != 0
    }

    /// Adds `f`.
    pub fn insert(&mut self, f: Feature) {
        self.0 |= 1 << f as u32;
    }

    /// Whether every member of `self` is in `other`.
    pub fn is_subset(self, other: FeatureSet) -> bool {
        self.0 & !other.0 == 0
    }

    /// The members, in [`Feature::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Feature> {
        Feature::ALL.into_iter().filter(move |f| self.contains(*f))
    }
}

impl FromIterator<Feature> for FeatureSet {
    fn from_iter<I: IntoIterator<Item = Feature>>(iter: I) -> Self {
        let mut set = FeatureSet::empty();
        for f in iter {
            set.insert(f);
        }
        set
    }
}

/// What one probe gave.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProbeResult {
    /// The engine compiled the probe.
    Compiles,
    /// The engine refused it (or refused a configuration with its features); its message.
    Refused(String),
    /// The engine panicked compiling it: a bug of the engine, reported by `crosscheck engines
    /// --features` and never a crash of the harness. The panic's message.
    Panicked(String),
    /// Compiling it killed the engine's worker process (a signal, an abort): a bug of the engine
    /// too. The harness finds such a probe by probing each feature alone in a fresh worker, then
    /// starts the engine's workers without it ([`SKIP_PROBES_VAR`]); how the worker died.
    Crashed(String),
}

/// The environment variable that tells a worker process which probes not to run, because they
/// killed an earlier worker of the same engine build: feature names ([`Feature::name`]),
/// comma-separated. [`Support::probe`] records each as [`ProbeResult::Crashed`] without compiling
/// it; names it does not know are ignored.
pub const SKIP_PROBES_VAR: &str = "CROSSCHECK_SKIP_PROBES";

/// The features [`SKIP_PROBES_VAR`] names in this process's environment.
fn skipped_probes() -> Vec<Feature> {
    let names = std::env::var(SKIP_PROBES_VAR).unwrap_or_default();
    Feature::ALL
        .into_iter()
        .filter(|f| names.split(',').any(|n| n == f.name()))
        .collect()
}

/// What an engine build compiles: one [`ProbeResult`] per [`Feature`], in [`Feature::ALL`] order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Support {
    results: Vec<(Feature, ProbeResult)>,
}

impl Support {
    /// Probes every feature with `compile`, which compiles a probe module for a feature and
    /// returns the engine's refusal, if any. A panic of `compile` is caught and recorded as
    /// [`ProbeResult::Panicked`] (with its location, see [`crate::panics`]); a feature that
    /// [`SKIP_PROBES_VAR`] names is not compiled and recorded as [`ProbeResult::Crashed`].
    pub fn probe(mut compile: impl FnMut(Feature) -> Result<(), String>) -> Support {
        crate::panics::install();
        let skipped = skipped_probes();
        let results = Feature::ALL
            .into_iter()
            .map(|f| {
                if skipped.contains(&f) {
                    let why = "not probed: its probe killed an earlier worker process of this engine";
                    return (f, ProbeResult::Crashed(why.into()));
                }
                let result = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| compile(f))) {
                    Ok(Ok(())) => ProbeResult::Compiles,
                    Ok(Err(message)) => ProbeResult::Refused(message),
                    Err(payload) => ProbeResult::Panicked(crate::engine::panic_message(payload.as_ref())),
                };
                (f, result)
            })
            .collect();
        Support { results }
    }

    /// Each feature and what its probe gave, in [`Feature::ALL`] order.
    pub fn results(&self) -> &[(Feature, ProbeResult)] {
        &self.results
    }

    /// The features the engine compiles.
    pub fn features(&self) -> FeatureSet {
        self.results
            .iter()
            .filter(|(_, r)| *r == ProbeResult::Compiles)
            .map(|(f, _)| *f)
            .collect()
    }

    /// What the engine compiles in configuration `config`, given that it compiles this in its
    /// default configuration: the same, except that the pooling allocator (`allocator=pooling`)
    /// refuses shared memories (Wasmtime's memory pool owns its memories, which a shared memory
    /// would outlive), so that such modules are routed to other engines.
    pub fn under(&self, config: &crate::config::EngineConfig) -> Support {
        let mut results = self.results.clone();
        if config.is_pooling() {
            for (feature, result) in &mut results {
                if *feature == Feature::SharedMemoryAtomics {
                    *result =
                        ProbeResult::Refused("memory is shared which is not supported in the pooling allocator".into());
                }
            }
        }
        Support { results }
    }

    /// The probes that panicked the engine or killed its worker: the feature and the panic's
    /// message or how the worker died.
    pub fn faults(&self) -> impl Iterator<Item = (Feature, &str)> {
        self.results.iter().filter_map(|(f, r)| match r {
            ProbeResult::Panicked(m) | ProbeResult::Crashed(m) => Some((*f, m.as_str())),
            _ => None,
        })
    }

    /// This support with the probes of `crashed` recorded as [`ProbeResult::Crashed`], each with
    /// how it killed a worker.
    pub fn with_crashed(mut self, crashed: &[(Feature, String)]) -> Support {
        for (feature, result) in &mut self.results {
            if let Some((_, how)) = crashed.iter().find(|(f, _)| f == feature) {
                *result = ProbeResult::Crashed(how.clone());
            }
        }
        self
    }

    /// The proposals the engine is configured with: those of which it compiles at least one
    /// feature. A module using a feature of such a proposal that the engine refuses is refused
    /// when compiled (as `externref` is by Winch).
    pub fn proposals(&self) -> ProposalSet {
        self.features().iter().map(Feature::proposal).collect()
    }

    /// The proposals of which the engine compiles every feature: every module a generator makes
    /// with them compiles.
    pub fn complete_proposals(&self) -> ProposalSet {
        let features = self.features();
        Proposal::ALL
            .into_iter()
            .filter(|p| {
                Feature::ALL
                    .into_iter()
                    .filter(|f| f.proposal() == *p)
                    .all(|f| features.contains(f))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A support that compiles exactly `features`.
    fn exactly(features: FeatureSet) -> Support {
        let results = Feature::ALL
            .into_iter()
            .map(|f| {
                let result = if features.contains(f) {
                    ProbeResult::Compiles
                } else {
                    ProbeResult::Refused("not supported".into())
                };
                (f, result)
            })
            .collect();
        Support { results }
    }

    #[test]
    fn every_probe_validates_with_exactly_its_features() {
        let mvp = WasmFeatures::FLOATS | WasmFeatures::MUTABLE_GLOBAL;
        for f in Feature::ALL {
            let wasm = f.probe_wasm();
            wasmparser::Validator::new_with_features(f.wasm_features())
                .validate_all(&wasm)
                .unwrap_or_else(|e| panic!("probe {} invalid: {e}", f.name()));
            assert!(
                wasmparser::Validator::new_with_features(mvp)
                    .validate_all(&wasm)
                    .is_err(),
                "probe {} must need more than the MVP",
                f.name()
            );
        }
    }

    #[test]
    fn funcref_tables_do_not_need_gc_types_but_externref_does() {
        for f in [Feature::FuncrefTable, Feature::TableCopyInit, Feature::MultiTable] {
            assert!(!f.wasm_features().contains(WasmFeatures::GC_TYPES), "{}", f.name());
        }
        let without = Feature::FuncrefTable.wasm_features();
        assert!(
            wasmparser::Validator::new_with_features(without)
                .validate_all(&Feature::Externref.probe_wasm())
                .is_err()
        );
    }

    #[test]
    fn every_proposal_groups_at_least_one_feature() {
        for p in Proposal::ALL {
            assert!(Feature::ALL.iter().any(|f| f.proposal() == p), "{}", p.name());
        }
    }

    #[test]
    fn proposals_of_a_partial_support() {
        let support = exactly(
            [Feature::FuncrefTable, Feature::MultiTable, Feature::Simd]
                .into_iter()
                .collect(),
        );
        let configured: Vec<Proposal> = support.proposals().iter().collect();
        assert_eq!(configured, vec![Proposal::ReferenceTypes, Proposal::Simd]);
        let complete: Vec<Proposal> = support.complete_proposals().iter().collect();
        assert_eq!(complete, vec![Proposal::Simd]);
    }

    #[test]
    fn a_panicking_probe_is_recorded_not_raised() {
        let support = Support::probe(|f| match f {
            Feature::Simd => panic!("probe exploded"),
            Feature::Externref => Err("no".into()),
            _ => Ok(()),
        });
        let faults: Vec<_> = support.faults().collect();
        assert_eq!(faults.len(), 1);
        assert_eq!(faults[0].0, Feature::Simd);
        assert!(faults[0].1.contains("probe exploded"), "{}", faults[0].1);
        assert!(!support.features().contains(Feature::Simd));
        assert!(!support.features().contains(Feature::Externref));
        assert!(support.features().contains(Feature::FuncrefTable));
    }
}
