//! Findings on disk (docs/design.md, "A finding on disk"): one directory per root-cause signature
//! holding `module.wasm`, `module.wat`, `plan.json`, `outcomes.json` and `finding.json`, and
//! `examples/N/` with the module and plan of later instances that differed in detail.
//!
//! Signature schemes: directories written before root-cause signatures (scheme 1, no `scheme`
//! field) were named `CLASS--ENGINE--ENGINE--KEY` after the first disagreeing pair. They still
//! load: [`read_meta`] recomputes their scheme-2 signature by comparing `outcomes.json` again
//! with the rules of [`crate::compare`], and keeps the old name as `legacy_signature`; the
//! directory keeps its name.

pub mod atomic;
pub mod host_conditions;
mod instances;
pub mod load;
pub mod reduction;
mod store;
pub mod vote;

pub use instances::Instances;
pub use load::Finding;
pub use store::{FindingStore, KNOWN_DIR, Recorded, host_cpu, read_meta};
pub use vote::Vote;

use std::collections::BTreeMap;

use crosscheck_oracles::{CallPlan, Execution};
use serde::{Deserialize, Serialize};

use crate::compare::cross_version::CrossVersion;
use crate::compare::emulation_note::EmulationNote;
use crate::compare::{Class, Divergence, Readings};
use crate::engines::{EngineInfo, SatOut};
use crate::generate::{Mode, Source};

/// The signature scheme of findings written now: root-cause signatures.
pub const SCHEME: u32 = 2;

fn legacy_scheme() -> u32 {
    1
}

/// The contents of `finding.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingMeta {
    /// The signature scheme (see the module documentation); 1 when absent.
    #[serde(default = "legacy_scheme")]
    pub scheme: u32,
    /// The root-cause signature (see [`Divergence::signature`]); also the directory name of a
    /// finding written with this scheme.
    pub signature: String,
    /// The scheme-1 signature of a directory written before root-cause signatures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy_signature: Option<String>,
    /// The engines that broke (see [`Divergence::minority`]).
    #[serde(default)]
    pub minority: Vec<String>,
    /// What they did, normalized (see [`crate::compare::cause::cause_key`]).
    #[serde(default)]
    pub cause: String,
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
    /// What the instances after the first added: distinct details and configurations, example
    /// modules.
    #[serde(default)]
    pub instances: Instances,
    /// When it was first found, in seconds since the Unix epoch.
    pub first_seen: u64,
    /// When it was last found, in seconds since the Unix epoch.
    pub last_seen: u64,
    /// The host: `os-arch`.
    pub host: String,
    /// The host CPU's model name (`/proc/cpuinfo`), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu: Option<String>,
    /// The crosscheck version that found it.
    pub crosscheck: String,
    /// The command line that found it.
    pub command_line: Vec<String>,
    /// When emulated engines took part in the divergence: whether the other emulated engines side
    /// with them (see [`crate::compare::emulation_note`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emulation: Option<EmulationNote>,
    /// Free-form facts about how the module was made (swarm choices), when known.
    #[serde(default)]
    pub generation: BTreeMap<String, serde_json::Value>,
    /// Set by hand in `corpora/regressions/` once the pinned engine versions include the fix, e.g.
    /// `wasmtime 49.0.0`: the reproducer must then replay without a divergence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed_in: Option<String>,
    /// When an engine of another build disagrees with the same engine of the harness's build:
    /// whether the divergence is a regression or a fix of the harness's build (see
    /// [`crate::compare::cross_version`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cross_version: Option<CrossVersion>,
    /// Set by hand when the cause is the host, not an engine (an emulator fault): what the host
    /// must offer for the reproducer to diverge (see [`host_conditions`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_conditions: Option<host_conditions::HostConditions>,
    /// When no oracle judged the divergence: `oracle: none`, the engines that voted, those that
    /// sat out with the reason, and whether it was a tie (see [`vote`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vote: Option<Vote>,
}

impl FindingMeta {
    /// The divergence as recorded: class, step, engines, detail, groups and root cause (the
    /// comparison key, which `finding.json` does not keep, is empty).
    pub fn divergence(&self) -> Divergence {
        Divergence {
            class: self.class,
            step: self.step,
            engines: self.engines.clone(),
            key: String::new(),
            detail: self.detail.clone(),
            groups: self.groups.clone(),
            minority: self.minority.clone(),
            cause: self.cause.clone(),
        }
    }
}

/// Everything needed to record one divergence.
pub struct NewFinding<'a> {
    /// The module, binary.
    pub wasm: &'a [u8],
    /// The plan that was run.
    pub plan: &'a CallPlan,
    /// The divergence.
    pub divergence: &'a Divergence,
    /// What the divergence says beyond itself (emulation note, cross-version verdict), read where
    /// it was judged and written as they are in `finding.json`.
    pub readings: Readings,
    /// Each engine's info and execution, in run order.
    pub executions: &'a [(EngineInfo, &'a Execution)],
    /// How the module was made, written as `generation` in `finding.json` (empty when unknown).
    pub generation: Option<Origin>,
    /// The engines of the run that did not run the module, with the reason (recorded in the
    /// finding's [`Vote`] when no oracle judged it).
    pub sat_out: &'a [SatOut],
}

/// How a finding's module was made. Its fields are in the order of their names, the order of the
/// free-form `generation` object that [`FindingMeta`] reads back.
#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub enum Origin {
    /// Module `module_index` of a campaign.
    Campaign {
        /// The proposals the generator could use.
        allowed_proposals: Vec<&'static str>,
        /// The campaign's seed.
        campaign_seed: u64,
        /// The module's index in the campaign.
        module_index: u64,
        /// The module's own seed.
        seed: u64,
        /// What the strategy built it from.
        source: Source,
        /// The generation strategy.
        strategy: &'static str,
    },
    /// The probe module of a feature, which panicked an engine when the campaign started (see
    /// `crate::campaign::probe_faults`).
    Probe {
        /// The feature's name ([`crosscheck_oracles::Feature::name`]).
        probe: &'static str,
    },
    /// A libFuzzer input of a `cargo fuzz` target (`replay --fuzz-input`).
    FuzzInput {
        /// The input file.
        fuzz_input: String,
        /// The target's name.
        fuzz_target: &'static str,
        /// The generation mode the target decoded.
        mode: Mode,
        /// What the strategy built the module from.
        source: Source,
    },
}

impl Origin {
    /// The `generation` object of `finding.json`.
    ///
    /// # Errors
    ///
    /// When the origin cannot be written as JSON (not expected: every field is plain data).
    pub fn to_map(&self) -> serde_json::Result<BTreeMap<String, serde_json::Value>> {
        serde_json::from_value(serde_json::to_value(self)?)
    }
}
