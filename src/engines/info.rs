//! What a run records of its engines: each engine's facts ([`EngineInfo`], `run_engines` in
//! `finding.json`) and the engines that sat a module out, with the reason ([`SatOut`]).

use serde::{Deserialize, Serialize};

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

/// An engine of the run that did not run the module, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SatOut {
    /// The engine's full name, e.g. `wasmi`.
    pub engine: String,
    /// Why it sat out, e.g. `does not compile exceptions, exnref`.
    pub reason: String,
}
