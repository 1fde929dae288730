//! How a Wasmtime engine is configured: the compiler, the per-run variants of a `wasmtime::Config`,
//! the proposals as Wasmtime's features, and what a compile error means.

use wasmtime::{Config, InstanceAllocationStrategy, PoolingAllocationConfig, Strategy, WasmFeatures};

use crate::config::EngineConfig;
use crate::engine::WASM_STACK_BYTES;
use crate::naming::Compiler;
use crate::{ProposalSet, Rejection, RejectionKind, RunOptions};

/// Compile-error messages by which Winch reports a known gap in its implementation rather than a
/// bug. Taken from the `#[error]` strings of `winch_codegen::CodeGenError` (wasmtime 50; its
/// other new error, `AllocationTooLarge`, is raised only for GC objects, which Winch does not compile).
const WINCH_UNSUPPORTED: &[&str] = &[
    "Unimplemented Wasm instruction",
    "Unsupported Wasm type",
    "Instruction not implemented for CPUs without",
    "Unsupported eager initialization of tables",
    "exceeds the implementation limit",
];

/// The rejection of a module that `compiler` failed to compile: `unsupported` for a known Winch
/// gap ([`WINCH_UNSUPPORTED`]), an error otherwise.
pub(super) fn compile_rejection(compiler: Compiler, error: &wasmtime::Error) -> Rejection {
    let message = format!("{error:#}");
    let unsupported = compiler == Compiler::Winch && WINCH_UNSUPPORTED.iter().any(|p| message.contains(p));
    let kind = if unsupported {
        RejectionKind::Unsupported
    } else {
        RejectionKind::Error
    };
    Rejection { kind, message }
}

/// The settings of a run that need a differently configured `wasmtime::Engine`: fuel and epoch
/// interruption when the run or the engine's configuration asks for them, and the stack budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) struct Variant {
    pub(super) fuel: bool,
    pub(super) epochs: bool,
    pub(super) stack_scale: u32,
}

impl Variant {
    pub(super) fn of(options: &RunOptions, settings: &EngineConfig) -> Variant {
        Variant {
            fuel: options.fuel.is_some() || settings.is_on("fuel"),
            epochs: options.interrupts || settings.is_on("epochs"),
            stack_scale: options.stack_scale.max(1),
        }
    }

    pub(super) fn wasm_stack(self) -> usize {
        WASM_STACK_BYTES.saturating_mul(self.stack_scale as usize)
    }
}

/// The Wasmtime configuration of a compiler with exactly the validator features `features` enabled
/// (relaxed SIMD, threads and stack switching off unless they are in it; with threads, the
/// creation of shared memories allowed, which Wasmtime forbids by default), for the run
/// settings `variant` and the engine configuration `settings`, for the target `triple` (`None`:
/// this host; it decides which Cranelift flags exist, see [`super::compat::cranelift_knows`]).
pub(super) fn config(
    compiler: Compiler,
    features: wasmparser::WasmFeatures,
    variant: Variant,
    settings: &EngineConfig,
    triple: Option<&str>,
) -> Config {
    let mut c = Config::new();
    match compiler {
        Compiler::Winch => {
            c.strategy(Strategy::Winch);
        }
        Compiler::Cranelift(level) => {
            c.strategy(Strategy::Cranelift).cranelift_opt_level(level);
        }
    }
    let optional =
        wasmtime_features(ProposalSet::all().features()) | WasmFeatures::RELAXED_SIMD | WasmFeatures::THREADS;
    let enabled = wasmtime_features(features);
    c.wasm_features(optional, false)
        .wasm_features(enabled, true)
        .shared_memory(enabled.contains(WasmFeatures::THREADS))
        .wasm_stack_switching(false)
        .consume_fuel(variant.fuel)
        .epoch_interruption(variant.epochs)
        .max_wasm_stack(variant.wasm_stack())
        .signals_based_traps(settings.is_on("signals"))
        .memory_may_move(settings.is_on("may_move"))
        .memory_init_cow(settings.is_on("cow"))
        .table_lazy_init(settings.is_on("lazy_tables"))
        .guard_before_linear_memory(settings.is_on("guard_before"));
    if settings.is_pooling() {
        c.allocation_strategy(InstanceAllocationStrategy::Pooling(pooling()));
    }
    super::compat::async_stack_at_least(&mut c, variant.wasm_stack() + (1 << 20));
    if let Some(bytes) = settings.reservation() {
        c.memory_reservation(bytes);
    }
    if let Some(bytes) = settings.guard() {
        c.memory_guard_size(bytes);
    }
    if settings.get("regalloc") == Some("single_pass") {
        c.cranelift_regalloc_algorithm(wasmtime::RegallocAlgorithm::SinglePass);
    }
    for (flag, value) in settings.cranelift_flags() {
        if !super::compat::cranelift_knows(&flag, triple) {
            continue;
        }
        // SAFETY: the flags only turn CPU features off (code then avoids instructions the host
        // has) or turn on HINT-space instructions (PAuth, BTI) that every aarch64 CPU executes.
        unsafe {
            c.cranelift_flag_set(&flag, value);
        }
    }
    c
}

/// The pooling allocator of `allocator=pooling`, with the limits of [`crate::limits::pooling`].
fn pooling() -> PoolingAllocationConfig {
    use crate::limits::pooling::*;
    let mut p = PoolingAllocationConfig::new();
    p.total_core_instances(TOTAL)
        .total_memories(TOTAL)
        .total_tables(TOTAL)
        .total_gc_heaps(TOTAL)
        .max_memories_per_module(MEMORIES_PER_MODULE)
        .max_tables_per_module(TABLES_PER_MODULE)
        .max_core_instance_size(INSTANCE_BYTES)
        .max_memory_size(MEMORY_BYTES)
        .table_elements(TABLE_ELEMENTS);
    p
}

/// The validator features `features` (of the wasmparser release crosscheck links) as the
/// `WasmFeatures` of the wasmparser release Wasmtime links, matched by flag name: the two releases
/// may differ (wasmtime 50 links wasmparser 0.261, crosscheck 0.263), and so may their bit layouts.
/// A flag Wasmtime's release does not know is dropped, so a probe that needs it fails to validate
/// and its proposal is reported unsupported.
pub fn wasmtime_features(features: wasmparser::WasmFeatures) -> WasmFeatures {
    features
        .iter_names()
        .filter_map(|(name, _)| WasmFeatures::from_name(name))
        .fold(WasmFeatures::empty(), |all, f| all | f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_proposal_feature_reaches_wasmtime_by_name() {
        let ours = ProposalSet::all().features();
        let theirs = wasmtime_features(ours);
        let ours_names: Vec<&str> = ours.iter_names().map(|(n, _)| n).collect();
        let theirs_names: Vec<&str> = theirs.iter_names().map(|(n, _)| n).collect();
        assert_eq!(ours_names, theirs_names);
        assert!(
            theirs.contains(WasmFeatures::SIMD | WasmFeatures::GC | WasmFeatures::MEMORY64 | WasmFeatures::THREADS)
        );
        assert!(!theirs.contains(WasmFeatures::RELAXED_SIMD));
    }
}
