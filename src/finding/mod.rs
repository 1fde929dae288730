//! Findings on disk (DESIGN.md, "A finding on disk"): one directory per divergence signature
//! holding `module.wasm`, `module.wat`, `plan.json`, `outcomes.json` and `finding.json`.

pub mod atomic;
pub mod emulation;
pub mod load;
mod store;

pub use emulation::EmulationNote;
pub use load::Finding;
pub use store::{FindingStore, Recorded, read_meta};

use std::collections::BTreeMap;

use crosscheck_oracles::{CallPlan, Execution};
use serde::{Deserialize, Serialize};

use crate::compare::{Class, Divergence};

/// An engine of a run, as recorded in a finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EngineInfo {
    /// The engine name, e.g. `cranelift-x64:o0`.
    pub name: String,
    /// The engine crate and version, e.g. `wasmtime 50.0.1`.
    pub version: String,
    /// The architecture the engine generates code for, or `interpreter`.
    pub arch: String,
    /// The emulator its code ran under (e.g. `qemu-aarch64 7.2.22`); absent when it ran natively.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emulator: Option<String>,
}

/// The contents of `finding.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingMeta {
    /// The deduplication signature; also the directory name.
    pub signature: String,
    /// The divergence class.
    pub class: Class,
    /// The first pair of disagreeing engines.
    pub engines: [String; 2],
    /// Every engine that ran the module, in run order; `replay` re-runs these by default.
    pub run_engines: Vec<EngineInfo>,
    /// The step that diverged: 0 is instantiation, `i + 1` is call `i`.
    pub step: usize,
    /// The step in words, e.g. `call 3 "f"(i32:0)`.
    pub step_label: String,
    /// What differed.
    pub detail: String,
    /// Engines grouped by identical outcome at the diverging step, largest group first.
    pub groups: Vec<Vec<String>>,
    /// How many times this signature has been found.
    pub count: u64,
    /// When it was first found, in seconds since the Unix epoch.
    pub first_seen: u64,
    /// When it was last found, in seconds since the Unix epoch.
    pub last_seen: u64,
    /// The host: `os-arch`.
    pub host: String,
    /// The crosscheck version that found it.
    pub crosscheck: String,
    /// The command line that found it.
    pub command_line: Vec<String>,
    /// When emulated engines took part in the divergence: whether the other emulated engines side
    /// with them (see [`emulation::note`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emulation: Option<EmulationNote>,
    /// Free-form facts about how the module was made (swarm choices), when known.
    #[serde(default)]
    pub generation: BTreeMap<String, serde_json::Value>,
    /// Set by hand in `corpora/regressions/` once the pinned engine versions include the fix, e.g.
    /// `wasmtime 49.0.0`: the reproducer must then replay without a divergence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed_in: Option<String>,
}

/// Everything needed to record one divergence.
pub struct NewFinding<'a> {
    /// The module, binary.
    pub wasm: &'a [u8],
    /// The plan that was run.
    pub plan: &'a CallPlan,
    /// The divergence.
    pub divergence: &'a Divergence,
    /// Each engine's info and execution, in run order.
    pub executions: &'a [(EngineInfo, &'a Execution)],
    /// Facts about how the module was made.
    pub generation: BTreeMap<String, serde_json::Value>,
}
