//! How a wasmi engine is configured: the per-run variants of a `wasmi::Config`.

use wasmi::{CompilationMode, Config};

use crate::config::EngineConfig;
use crate::{Proposal, ProposalSet};

/// wasmi's call-depth limit at stack scale 1. Generated modules bound recursion by their
/// termination budget (5,000 function entries), which stays below this.
const MAX_RECURSION_DEPTH: usize = 10_000;

/// wasmi's value-stack limit at stack scale 1, in values (8 bytes each).
const MAX_STACK_HEIGHT: usize = 4 << 20;

/// The settings that need a differently configured `wasmi::Engine`. wasmi runs without fuel
/// metering unless interrupts need it: it meters fuel differently from Wasmtime, so it takes no
/// part in the `fuel` class.
/// The `fuel=on` knob meters fuel in every run, interrupts or not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) struct Variant {
    pub(super) interrupts: bool,
    pub(super) stack_scale: u32,
}

/// The wasmi configuration with exactly `proposals`, for the run settings `variant` and the engine
/// configuration `settings` (`compilation`, `fuel`).
pub(super) fn config(proposals: ProposalSet, variant: Variant, settings: &EngineConfig) -> Config {
    let mut c = Config::default();
    let on = |p| proposals.contains(p);
    let scale = variant.stack_scale as usize;
    c.wasm_multi_value(on(Proposal::MultiValue))
        .wasm_bulk_memory(on(Proposal::BulkMemory))
        .wasm_reference_types(on(Proposal::ReferenceTypes))
        .wasm_simd(on(Proposal::Simd))
        .wasm_saturating_float_to_int(on(Proposal::SaturatingFloatToInt))
        .wasm_sign_extension(on(Proposal::SignExtension))
        .wasm_tail_call(on(Proposal::TailCall))
        .wasm_multi_memory(on(Proposal::MultiMemory))
        .wasm_memory64(on(Proposal::Memory64))
        .wasm_extended_const(on(Proposal::ExtendedConst))
        .wasm_wide_arithmetic(on(Proposal::WideArithmetic))
        .wasm_custom_page_sizes(on(Proposal::CustomPageSizes))
        .wasm_relaxed_simd(false)
        .consume_fuel(variant.interrupts || settings.is_on("fuel"))
        .compilation_mode(match settings.get("compilation") {
            Some("eager") => CompilationMode::Eager,
            Some("lazy") => CompilationMode::Lazy,
            _ => CompilationMode::LazyTranslation,
        })
        .set_max_recursion_depth(MAX_RECURSION_DEPTH.saturating_mul(scale))
        .set_max_stack_height(MAX_STACK_HEIGHT.saturating_mul(scale));
    // wasmi implements neither GC nor exception handling: their probes fail to validate.
    c
}
