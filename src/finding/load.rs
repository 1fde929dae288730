//! Reading a finding directory back: every file checked, every error one line naming the file.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use crosscheck_oracles::{CallPlan, ProposalSet};
use serde::de::DeserializeOwned;

use super::reduction::ReductionReport;
use super::{FindingMeta, read_meta};

/// The reduced module of a finding (`reduced.wasm`).
pub const REDUCED_WASM: &str = "reduced.wasm";
/// The reduced module in the text format (`reduced.wat`).
pub const REDUCED_WAT: &str = "reduced.wat";
/// The reduced call plan (`reduced-plan.json`).
pub const REDUCED_PLAN: &str = "reduced-plan.json";
/// Each engine's execution of the reduced module and plan (`reduced-outcomes.json`).
pub const REDUCED_OUTCOMES: &str = "reduced-outcomes.json";
/// What the reduction did (`reduction.json`, see [`ReductionReport`]).
pub const REDUCTION: &str = "reduction.json";

/// A finding directory read from disk.
#[derive(Clone, Debug)]
pub struct Finding {
    /// The directory.
    pub dir: PathBuf,
    /// `finding.json`.
    pub meta: FindingMeta,
    /// `module.wasm`, validated.
    pub wasm: Vec<u8>,
    /// `plan.json`.
    pub plan: CallPlan,
}

impl Finding {
    /// Reads and checks `finding.json`, `module.wasm` and `plan.json` of `dir`.
    ///
    /// # Errors
    ///
    /// One line naming the directory or the file: a missing directory, a missing file, JSON that
    /// is not what the file should hold, or a `module.wasm` that is not a valid module.
    pub fn load(dir: &Path) -> Result<Finding> {
        if !dir.is_dir() {
            bail!("{}: no such finding directory", dir.display());
        }
        let meta = read_meta(dir)?;
        let wasm = read_module(&dir.join("module.wasm"))?;
        let plan = read_json(&dir.join("plan.json"), "a call plan")?;
        Ok(Finding {
            dir: dir.to_path_buf(),
            meta,
            wasm,
            plan,
        })
    }

    /// The reduced module and plan (`reduced.wasm`, `reduced-plan.json`), or `None` when the finding
    /// has not been reduced.
    ///
    /// # Errors
    ///
    /// As [`Finding::load`], when one of the two files exists but is corrupt or the other is missing.
    pub fn reduced(&self) -> Result<Option<(Vec<u8>, CallPlan)>> {
        let wasm_path = self.dir.join(REDUCED_WASM);
        let plan_path = self.dir.join(REDUCED_PLAN);
        if !wasm_path.exists() && !plan_path.exists() {
            return Ok(None);
        }
        Ok(Some((read_module(&wasm_path)?, read_json(&plan_path, "a call plan")?)))
    }

    /// What the finding's reduction found (`reduction.json`), when it was reduced.
    ///
    /// # Errors
    ///
    /// When `reduction.json` exists but is not a reduction report.
    pub fn reduction(&self) -> Result<Option<ReductionReport>> {
        read_reduction(&self.dir)
    }

    /// The engines that run [`Finding::best`]: the reduction's when the finding was reduced, else
    /// the recorded ones, in run order.
    ///
    /// # Errors
    ///
    /// As [`Finding::reduced`] and [`Finding::reduction`].
    pub fn best_engines(&self) -> Result<Vec<String>> {
        Ok(match self.reduction()? {
            Some(report) if self.reduced()?.is_some() => report.engines,
            _ => self.meta.run_engines.iter().map(|e| e.name.clone()).collect(),
        })
    }

    /// The reduced module and plan when there are some, else the original ones.
    ///
    /// # Errors
    ///
    /// As [`Finding::reduced`].
    pub fn best(&self) -> Result<(Vec<u8>, CallPlan)> {
        Ok(self
            .reduced()?
            .unwrap_or_else(|| (self.wasm.clone(), self.plan.clone())))
    }
}

/// Reads `reduction.json` of the finding directory `dir`, or `None` when it was not reduced.
///
/// # Errors
///
/// One line naming the file when it exists but is not a reduction report.
pub fn read_reduction(dir: &Path) -> Result<Option<ReductionReport>> {
    let path = dir.join(REDUCTION);
    if !path.exists() {
        return Ok(None);
    }
    read_json(&path, "a reduction report").map(Some)
}

/// Reads a binary module and validates it with every proposal crosscheck knows.
///
/// # Errors
///
/// One line naming `path` when it is missing, unreadable or not a valid module.
pub fn read_module(path: &Path) -> Result<Vec<u8>> {
    let wasm = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    wasmparser::Validator::new_with_features(ProposalSet::all().features())
        .validate_all(&wasm)
        .map_err(|e| anyhow::anyhow!("{} is not a valid WebAssembly module: {e}", path.display()))?;
    Ok(wasm)
}

/// Reads JSON of type `T` from `path`; `what` names the content for the error, e.g. `a call plan`.
///
/// # Errors
///
/// One line naming `path` when it is missing, unreadable or not `what`.
pub fn read_json<T: DeserializeOwned>(path: &Path, what: &str) -> Result<T> {
    let text = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    serde_json::from_slice(&text).map_err(|e| anyhow::anyhow!("{} is not {what}: {e}", path.display()))
}
