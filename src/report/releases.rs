//! The nightly's look-up of new engine releases (`scripts/newest-release.sh`, read by `crosscheck
//! report --releases FILE`) and what the night's findings say about them: the report's first
//! lines, e.g. "wasmtime 51.0.0 is out: 2 divergences against 50.0.2, 1 regression".

use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use super::FindingEntry;
use crate::compare::cross_version::VersionVerdict;

/// What `scripts/newest-release.sh` recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseLookup {
    /// Whether the index was read.
    pub looked: bool,
    /// Why it was not (off, offline), when it was not.
    #[serde(default)]
    pub note: Option<String>,
    /// One record per engine crate looked up.
    #[serde(default)]
    pub releases: Vec<CrateRelease>,
}

/// The newest release of one engine crate against its pin.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrateRelease {
    /// `wasmtime` or `wasmi`.
    #[serde(rename = "crate")]
    pub krate: String,
    /// The version Cargo.lock pins.
    pub pinned: String,
    /// The newest published release.
    pub newest: String,
    /// What became of its worker when it is newer: `built`, `failed`, `not built`; `None` when
    /// the pin is the newest.
    #[serde(default)]
    pub worker: Option<String>,
    /// A fact about the worker (the build's last line when it failed; Cranelift only).
    #[serde(default)]
    pub detail: Option<String>,
    /// The labeled engines of the new release the campaign `newest` ran.
    #[serde(default)]
    pub engines: Vec<String>,
}

impl ReleaseLookup {
    /// Reads a record.
    ///
    /// # Errors
    ///
    /// A file that cannot be read or is not such a record.
    pub fn read(path: &Path) -> Result<ReleaseLookup> {
        let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        serde_json::from_str(&text).with_context(|| format!("{} is not a release look-up record", path.display()))
    }

    /// The report's first lines: per crate, whether a newer release is out and, for one whose
    /// engines ran, how many of `findings` set them against the pinned build, and how many of those
    /// are regressions of the new release (the oracle sides with the pinned build; see
    /// [`crate::compare::cross_version`]).
    pub fn lines(&self, findings: &[FindingEntry]) -> Vec<String> {
        if !self.looked {
            return vec![
                self.note
                    .clone()
                    .unwrap_or_else(|| "new releases were not looked up".into()),
            ];
        }
        self.releases
            .iter()
            .map(|r| {
                let (krate, newest, pinned) = (&r.krate, &r.newest, &r.pinned);
                let Some(worker) = &r.worker else {
                    return format!("{krate} {pinned} is the newest release.");
                };
                let detail = r.detail.as_ref().map(|d| format!(" ({d})")).unwrap_or_default();
                if r.engines.is_empty() {
                    return format!("{krate} {newest} is out (pinned: {pinned}); its worker: {worker}{detail}.");
                }
                let label = format!("@{newest}");
                let against: Vec<_> = findings
                    .iter()
                    .filter_map(|f| f.cross_version.as_ref())
                    .filter(|c| c.other.ends_with(&label))
                    .collect();
                let regressions = against.iter().filter(|c| c.verdict == VersionVerdict::Fix).count();
                format!(
                    "{krate} {newest} is out: {} divergence(s) against {pinned}, {regressions} regression(s) \
                     (campaign `newest`: {}){detail}.",
                    against.len(),
                    r.engines.join(", ")
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::cross_version::CrossVersion;

    fn finding(other: &str, verdict: VersionVerdict) -> FindingEntry {
        FindingEntry {
            dir: "f".into(),
            signature: "s".into(),
            class: "result".into(),
            engines: ["a".into(), "b".into()],
            groups: Vec::new(),
            detail: String::new(),
            count: 1,
            found_by: Some("newest".into()),
            known: None,
            original_bytes: 1,
            reduced_bytes: None,
            reduced_wat: None,
            config: None,
            cross_version: Some(CrossVersion {
                current: "cranelift-x64:speed".into(),
                other: other.into(),
                verdict,
            }),
        }
    }

    fn release(krate: &str, newest: &str, worker: Option<&str>, engines: &[&str]) -> CrateRelease {
        CrateRelease {
            krate: krate.into(),
            pinned: "50.0.2".into(),
            newest: newest.into(),
            worker: worker.map(str::to_string),
            detail: None,
            engines: engines.iter().map(|e| e.to_string()).collect(),
        }
    }

    #[test]
    fn a_new_release_counts_its_divergences_and_its_regressions() {
        let lookup = ReleaseLookup {
            looked: true,
            note: None,
            releases: vec![
                release("wasmtime", "51.0.0", Some("built"), &["cranelift-x64:speed@51.0.0"]),
                release("wasmi", "50.0.2", None, &[]),
            ],
        };
        let findings = [
            finding("cranelift-x64:speed@51.0.0", VersionVerdict::Fix),
            finding("cranelift-x64:speed@51.0.0", VersionVerdict::Regression),
            finding("cranelift-x64:speed@48.0.8", VersionVerdict::Fix),
        ];
        let lines = lookup.lines(&findings);
        assert_eq!(
            lines[0],
            "wasmtime 51.0.0 is out: 2 divergence(s) against 50.0.2, 1 regression(s) (campaign `newest`: \
             cranelift-x64:speed@51.0.0)."
        );
        assert_eq!(lines[1], "wasmi 50.0.2 is the newest release.");
    }

    #[test]
    fn a_failed_build_or_no_look_up_is_said_instead() {
        let mut failed = release("wasmtime", "51.0.0", Some("failed"), &[]);
        failed.detail = Some("build-worker: the worker build failed".into());
        let lookup = ReleaseLookup {
            looked: true,
            note: None,
            releases: vec![failed],
        };
        assert_eq!(
            lookup.lines(&[]),
            ["wasmtime 51.0.0 is out (pinned: 50.0.2); its worker: failed (build-worker: the worker build failed)."]
        );
        let offline = ReleaseLookup {
            looked: false,
            note: Some("could not look for new releases: offline".into()),
            releases: Vec::new(),
        };
        assert_eq!(offline.lines(&[]), ["could not look for new releases: offline"]);
    }
}
