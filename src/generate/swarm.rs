//! Swarm testing: per module, a random subset of the allowed proposals and instruction classes,
//! and random size limits, turned into a wasm-smith configuration.
//!
//! Swarm testing (Groce et al., "Swarm Testing", ISSTA 2012) finds more bugs than always enabling
//! everything, because some features crowd out the instructions that would expose a bug.

use arbitrary::{Result, Unstructured};
use crosscheck_oracles::{Proposal, ProposalSet};
use serde::Serialize;
use wasm_smith::{Config, InstructionKind, InstructionKinds, MemoryOffsetChoices};

use super::{HostImports, Mode};

/// Largest 32- or 64-bit memory a generated module may declare, in bytes (8 pages of 64 KiB). Every
/// memory has a maximum, so state snapshots stay small and growth is bounded.
pub const MAX_MEMORY_BYTES: u64 = 8 * 65536;

/// Largest table a generated module may declare, in elements.
pub const MAX_TABLE_ELEMENTS: u64 = 100;

/// Instruction classes always on in [`Mode::Traps`].
const TRAP_CLASSES: [&str; 3] = ["control", "memory", "table"];

const INSTRUCTION_CLASSES: [(InstructionKind, &str); 9] = [
    (InstructionKind::Numeric, "numeric"),
    (InstructionKind::Vector, "vector"),
    (InstructionKind::Reference, "reference"),
    (InstructionKind::Parametric, "parametric"),
    (InstructionKind::Variable, "variable"),
    (InstructionKind::Table, "table"),
    (InstructionKind::Memory, "memory"),
    (InstructionKind::Control, "control"),
    (InstructionKind::Aggregate, "aggregate"),
];

/// The features one module was generated with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SwarmChoice {
    /// The proposals enabled for this module (a subset of what the engines of the run reach).
    #[serde(serialize_with = "serialize_proposals")]
    pub proposals: ProposalSet,
    /// The instruction classes enabled, by wasm-smith name.
    pub instruction_classes: Vec<&'static str>,
    #[serde(skip)]
    kinds: Vec<InstructionKind>,
}

impl SwarmChoice {
    /// Draws a choice: each allowed proposal in `common` (those every engine of the run reaches) is
    /// on with probability 3/4, each other allowed proposal (which some engines do not compile at
    /// all, so the module runs on fewer engines) with probability 1/4 (GC brings reference types
    /// along, which wasm-smith needs for it), and each instruction
    /// class with probability 3/4 (numeric instructions are kept when every class came out off).
    ///
    /// # Errors
    ///
    /// Only if `u` fails.
    pub fn arbitrary(
        u: &mut Unstructured,
        allowed: ProposalSet,
        common: ProposalSet,
        mode: Mode,
    ) -> Result<SwarmChoice> {
        let mut proposals = ProposalSet::empty();
        for p in allowed.iter() {
            let on = if common.contains(p) {
                u.ratio(3, 4)?
            } else {
                u.ratio(1, 4)?
            };
            if on {
                proposals.insert(p);
            }
        }
        // wasm-smith generates GC only with reference types (its `Config::sanitize`): a GC draw
        // brings them along, so that GC keeps its own weight.
        if proposals.contains(Proposal::Gc) && allowed.contains(Proposal::ReferenceTypes) {
            proposals.insert(Proposal::ReferenceTypes);
        }
        let mut kinds = Vec::new();
        let mut instruction_classes = Vec::new();
        for (kind, name) in INSTRUCTION_CLASSES {
            let forced = mode == Mode::Traps && TRAP_CLASSES.contains(&name);
            if u.ratio(3, 4)? || forced {
                kinds.push(kind);
                instruction_classes.push(name);
            }
        }
        if kinds.is_empty() {
            kinds.push(InstructionKind::Numeric);
            instruction_classes.push("numeric");
        }
        Ok(SwarmChoice {
            proposals,
            instruction_classes,
            kinds,
        })
    }

    /// The wasm-smith configuration for this choice, with `host_imports` as the menu of importable
    /// items (the menu valid under this choice's proposals; the providers' memories, tables and
    /// globals in half of the draws) and random size limits drawn from `u`. NaN canonicalization
    /// is on, relaxed SIMD and shared-everything threads are off, the threads proposal's atomics
    /// and shared memories are on with [`Proposal::Atomics`] (its waits are given a time-out of 0
    /// afterwards, [`super::smith::one_thread`]), memories and tables have required maximums,
    /// every item is exported.
    ///
    /// # Errors
    ///
    /// Only if `u` fails.
    pub fn config(&self, u: &mut Unstructured, host_imports: &HostImports, mode: Mode) -> Result<Config> {
        let on = |p| self.proposals.contains(p);
        let multi_memory = on(Proposal::MultiMemory);
        // With a menu of available imports, wasm-smith takes each menu function with probability
        // 1/2 regardless of `max_imports`, and counts them against `max_funcs`: leave room for
        // every menu function plus at least one defined function.
        let max_defined_funcs: usize = u.int_in_range(1..=12)?;
        // Half of the modules are offered the providers' memories, tables and globals.
        let provided: bool = u.arbitrary()?;
        Ok(Config {
            available_imports: Some(host_imports.menu(self.proposals, provided).to_vec()),
            allowed_instructions: InstructionKinds::new(&self.kinds),
            canonicalize_nans: true,
            export_everything: true,
            relaxed_simd_enabled: false,
            threads_enabled: on(Proposal::Atomics),
            shared_everything_threads_enabled: false,
            multi_value_enabled: on(Proposal::MultiValue),
            bulk_memory_enabled: on(Proposal::BulkMemory),
            reference_types_enabled: on(Proposal::ReferenceTypes),
            simd_enabled: on(Proposal::Simd),
            saturating_float_to_int_enabled: on(Proposal::SaturatingFloatToInt),
            sign_extension_ops_enabled: on(Proposal::SignExtension),
            tail_call_enabled: on(Proposal::TailCall),
            memory64_enabled: on(Proposal::Memory64),
            extended_const_enabled: on(Proposal::ExtendedConst),
            wide_arithmetic_enabled: on(Proposal::WideArithmetic),
            custom_page_sizes_enabled: on(Proposal::CustomPageSizes),
            gc_enabled: on(Proposal::Gc),
            exceptions_enabled: on(Proposal::Exceptions),
            compact_imports_enabled: on(Proposal::CompactImports),
            max_memories: if multi_memory { u.int_in_range(1..=3)? } else { 1 },
            max_tables: if on(Proposal::ReferenceTypes) {
                u.int_in_range(1..=3)?
            } else {
                1
            },
            memory_max_size_required: true,
            max_memory32_bytes: MAX_MEMORY_BYTES,
            max_memory64_bytes: u128::from(MAX_MEMORY_BYTES),
            table_max_size_required: true,
            memory_offset_choices: match mode {
                Mode::Default | Mode::Fuel | Mode::Spec => MemoryOffsetChoices::default(),
                Mode::Traps => MemoryOffsetChoices(50, 35, 15),
            },
            max_table_elements: MAX_TABLE_ELEMENTS,
            min_funcs: 1,
            max_funcs: crosscheck_oracles::host::HOST_FUNCS.len() + max_defined_funcs,
            max_instructions: u.int_in_range(10..=200)?,
            max_globals: u.int_in_range(0..=8)?,
            max_data_segments: u.int_in_range(0..=4)?,
            max_element_segments: u.int_in_range(0..=4)?,
            max_types: 20,
            ..Config::default()
        })
    }
}

fn serialize_proposals<S: serde::Serializer>(set: &ProposalSet, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.collect_seq(set.iter().map(Proposal::name))
}
