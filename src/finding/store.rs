//! The finding directory: atomic creation, deduplication by signature.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};

use super::atomic::{temp_path, write_file};
use super::{FindingMeta, NewFinding};

/// What [`FindingStore::record`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Recorded {
    /// A new finding directory was created.
    New(PathBuf),
    /// The signature was known; its counter is now `count`.
    Repeat(PathBuf, u64),
}

/// A directory of findings, one subdirectory per signature. One store may be shared by the
/// threads of a campaign's jobs: recording is serialized, so that two jobs finding the same
/// signature make one directory and count both.
pub struct FindingStore {
    root: PathBuf,
    recording: Mutex<()>,
}

impl FindingStore {
    /// Opens (creating it if needed) the finding directory `root` and checks that it is writable,
    /// so that a campaign fails at start rather than losing its first finding.
    ///
    /// # Errors
    ///
    /// When `root` cannot be created or written.
    pub fn open(root: &Path) -> Result<FindingStore> {
        std::fs::create_dir_all(root).with_context(|| format!("cannot create finding directory {}", root.display()))?;
        let probe = temp_path(&root.join("write-check"));
        std::fs::write(&probe, b"").with_context(|| format!("finding directory {} is not writable", root.display()))?;
        std::fs::remove_file(&probe).ok();
        Ok(FindingStore {
            root: root.to_path_buf(),
            recording: Mutex::new(()),
        })
    }

    /// The directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Records a divergence. A new signature gets a directory, written completely under a
    /// temporary name and then renamed into place (module, plan, outcomes and metadata first; the
    /// `.wat` text after). A known signature gets its `count` and `last_seen` bumped.
    ///
    /// # Errors
    ///
    /// When a file cannot be written.
    pub fn record(&self, finding: &NewFinding, command_line: &[String]) -> Result<Recorded> {
        let _recording = self.recording.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let signature = finding.divergence.signature();
        let dir = self.root.join(&signature);
        let now = now();
        if dir.exists() {
            return self.bump(&dir, now);
        }
        let tmp = temp_path(&dir);
        std::fs::create_dir(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
        let d = finding.divergence;
        let run_engines: Vec<_> = finding.executions.iter().map(|(info, _)| info.clone()).collect();
        let meta = FindingMeta {
            signature,
            class: d.class,
            engines: d.engines.clone(),
            emulation: super::emulation::note(&d.groups, &run_engines),
            run_engines,
            step: d.step,
            step_label: finding.plan.step_label(d.step),
            detail: d.detail.clone(),
            groups: d.groups.clone(),
            count: 1,
            first_seen: now,
            last_seen: now,
            host: format!("{}-{}", std::env::consts::OS, std::env::consts::ARCH),
            crosscheck: env!("CARGO_PKG_VERSION").into(),
            command_line: command_line.to_vec(),
            generation: finding.generation.clone(),
            fixed_in: None,
        };
        let outcomes: BTreeMap<&str, _> = finding
            .executions
            .iter()
            .map(|(info, e)| (info.name.as_str(), e))
            .collect();
        std::fs::write(tmp.join("module.wasm"), finding.wasm)?;
        std::fs::write(tmp.join("plan.json"), serde_json::to_vec_pretty(finding.plan)?)?;
        std::fs::write(tmp.join("outcomes.json"), serde_json::to_vec_pretty(&outcomes)?)?;
        std::fs::write(tmp.join("finding.json"), serde_json::to_vec_pretty(&meta)?)?;
        if std::fs::rename(&tmp, &dir).is_err() {
            std::fs::remove_dir_all(&tmp).ok();
            if dir.exists() {
                return self.bump(&dir, now);
            }
            bail!("cannot move finding into {}", dir.display());
        }
        if let Ok(text) = wasmprinter::print_bytes(finding.wasm) {
            write_file(&dir.join("module.wat"), text.as_bytes())?;
        }
        Ok(Recorded::New(dir))
    }

    fn bump(&self, dir: &Path, now: u64) -> Result<Recorded> {
        let path = dir.join("finding.json");
        let mut meta = read_meta(dir)?;
        meta.count += 1;
        meta.last_seen = now;
        write_file(&path, &serde_json::to_vec_pretty(&meta)?)?;
        Ok(Recorded::Repeat(dir.to_path_buf(), meta.count))
    }
}

/// Reads `finding.json` of a finding directory.
///
/// # Errors
///
/// When the file is missing or is not a finding's metadata.
pub fn read_meta(dir: &Path) -> Result<FindingMeta> {
    let path = dir.join("finding.json");
    let text = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
    serde_json::from_slice(&text).with_context(|| format!("{} is not a finding's metadata", path.display()))
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}
