//! The finding directory: atomic creation, deduplication by signature, known bugs apart.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};

use crosscheck_oracles::Execution;

use super::atomic::{lock, remove_dead_leftovers, temp_path, write_file, write_new};
use super::{FindingMeta, Instances, NewFinding, SCHEME};
use crate::compare::cause::from_recorded;
use crate::compare::{Divergence, Verdict, compare};

/// The subdirectory of a finding directory that holds the first instance of each known bug seen
/// (`known/NAME/`, in the finding format), apart from the findings.
pub const KNOWN_DIR: &str = "known";

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
/// signature make one directory and count both. Processes sharing it (two campaigns with one
/// `--out`) update a finding under its lock file (`.lock` in its directory), so that no count is
/// lost either.
pub struct FindingStore {
    root: PathBuf,
    recording: Mutex<()>,
}

impl FindingStore {
    /// Opens (creating it if needed) the finding directory `root` and checks that it is writable,
    /// so that a campaign fails at start rather than losing its first finding. Temporaries that
    /// processes which are gone left there (an unfinished write, see [`super::atomic`]) are
    /// removed, each named on standard error.
    ///
    /// # Errors
    ///
    /// When `root` cannot be created or written.
    pub fn open(root: &Path) -> Result<FindingStore> {
        std::fs::create_dir_all(root).with_context(|| format!("cannot create finding directory {}", root.display()))?;
        let probe = temp_path(&root.join("write-check"));
        std::fs::write(&probe, b"").with_context(|| format!("finding directory {} is not writable", root.display()))?;
        std::fs::remove_file(&probe).ok();
        for path in remove_dead_leftovers(root) {
            eprintln!("removed {}, left unfinished by a process that is gone", path.display());
        }
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
    /// temporary name and then renamed into place, so that it is complete or absent. A known
    /// signature gets its `count`, `last_seen` and instances updated (see [`Instances::add`]) and
    /// an example directory when its detail is new, under the finding's lock: the example is
    /// renamed into place whole and `finding.json` replaced by a new one, so that a failed update
    /// leaves the finding as it was.
    ///
    /// # Errors
    ///
    /// When a file cannot be written: one message naming the finding and the file.
    pub fn record(&self, finding: &NewFinding, command_line: &[String]) -> Result<Recorded> {
        let signature = finding.divergence.signature();
        self.record_at(&self.root.join(&signature), signature, finding, command_line)
    }

    /// Records an instance of the known bug `name` in `known/NAME/`: the first instance as a
    /// finding directory, later ones counted there (as [`FindingStore::record`]).
    ///
    /// # Errors
    ///
    /// When a file cannot be written.
    pub fn record_known(&self, name: &str, finding: &NewFinding, command_line: &[String]) -> Result<Recorded> {
        let known = self.root.join(KNOWN_DIR);
        std::fs::create_dir_all(&known)
            .with_context(|| format!("cannot record known bug {name}: cannot create {}", known.display()))?;
        let safe: String = name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '.' })
            .collect();
        self.record_at(&known.join(safe), finding.divergence.signature(), finding, command_line)
    }

    fn record_at(
        &self,
        dir: &Path,
        signature: String,
        finding: &NewFinding,
        command_line: &[String],
    ) -> Result<Recorded> {
        let _recording = self.recording.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let now = now();
        if dir.exists() {
            return self.bump(dir, finding, now);
        }
        let tmp = temp_path(dir);
        let written = self.write_dir(&tmp, signature, finding, command_line, now);
        if let Err(e) = written {
            std::fs::remove_dir_all(&tmp).ok();
            return Err(e.context(format!("cannot record finding {}", dir.display())));
        }
        if std::fs::rename(&tmp, dir).is_err() {
            std::fs::remove_dir_all(&tmp).ok();
            if dir.exists() {
                return self.bump(dir, finding, now);
            }
            bail!(
                "cannot record finding {}: cannot move {} there",
                dir.display(),
                tmp.display()
            );
        }
        Ok(Recorded::New(dir.to_path_buf()))
    }

    /// Writes the finding directory of a new signature as `tmp`.
    fn write_dir(
        &self,
        tmp: &Path,
        signature: String,
        finding: &NewFinding,
        command_line: &[String],
        now: u64,
    ) -> Result<()> {
        std::fs::create_dir(tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
        let d = finding.divergence;
        let run_engines: Vec<_> = finding.executions.iter().map(|(info, _)| info.clone()).collect();
        let generation = match &finding.generation {
            Some(origin) => origin.to_map()?,
            None => BTreeMap::new(),
        };
        let meta = FindingMeta {
            scheme: SCHEME,
            signature,
            legacy_signature: None,
            minority: d.minority.clone(),
            cause: d.cause.clone(),
            class: d.class,
            engines: d.engines.clone(),
            emulation: finding.readings.emulation.clone(),
            run_engines,
            step: d.step,
            step_label: finding.plan.step_label(d.step),
            detail: d.detail.clone(),
            groups: d.groups.clone(),
            count: 1,
            instances: Instances::first(&d.detail, &d.minority),
            first_seen: now,
            last_seen: now,
            host: format!("{}-{}", std::env::consts::OS, std::env::consts::ARCH),
            cpu: host_cpu(),
            crosscheck: env!("CARGO_PKG_VERSION").into(),
            command_line: command_line.to_vec(),
            generation,
            fixed_in: None,
            cross_version: finding.readings.cross_version.clone(),
            host_conditions: None,
            vote: super::Vote::of(d, finding.sat_out),
        };
        let outcomes: BTreeMap<&str, _> = finding
            .executions
            .iter()
            .map(|(info, e)| (info.name.as_str(), e))
            .collect();
        write_new(&tmp.join("module.wasm"), finding.wasm)?;
        write_new(&tmp.join("plan.json"), &serde_json::to_vec_pretty(finding.plan)?)?;
        write_new(&tmp.join("outcomes.json"), &serde_json::to_vec_pretty(&outcomes)?)?;
        write_new(&tmp.join("finding.json"), &serde_json::to_vec_pretty(&meta)?)?;
        if let Ok(text) = wasmprinter::print_bytes(finding.wasm) {
            write_new(&tmp.join("module.wat"), text.as_bytes())?;
        }
        Ok(())
    }

    /// Counts a repeat of the finding `dir`, under its lock.
    fn bump(&self, dir: &Path, finding: &NewFinding, now: u64) -> Result<Recorded> {
        let context = || format!("cannot update finding {}", dir.display());
        let _lock = lock(dir).with_context(context)?;
        let mut meta = read_meta(dir).with_context(context)?;
        meta.count += 1;
        meta.last_seen = now;
        let d = finding.divergence;
        let example = match meta.instances.add(&d.detail, &d.minority) {
            Some(example) => Some(write_example(&dir.join(example), finding).with_context(context)?),
            None => None,
        };
        let written = serde_json::to_vec_pretty(&meta)
            .map_err(anyhow::Error::from)
            .and_then(|json| write_file(&dir.join("finding.json"), &json));
        if let Err(e) = written {
            if let Some(example) = example {
                std::fs::remove_dir_all(example).ok();
            }
            return Err(e.context(context()));
        }
        Ok(Recorded::Repeat(dir.to_path_buf(), meta.count))
    }
}

/// Writes the example directory `example` (module, plan, detail) of `finding` under a temporary
/// name and renames it into place, replacing one that an update which failed left unlisted;
/// returns its path.
fn write_example(example: &Path, finding: &NewFinding) -> Result<PathBuf> {
    let parent = example.parent().unwrap_or(example);
    std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    let tmp = temp_path(example);
    let written = std::fs::create_dir(&tmp)
        .with_context(|| format!("cannot create {}", tmp.display()))
        .and_then(|()| write_new(&tmp.join("module.wasm"), finding.wasm))
        .and_then(|()| write_new(&tmp.join("plan.json"), &serde_json::to_vec_pretty(finding.plan)?))
        .and_then(|()| write_new(&tmp.join("detail.txt"), finding.divergence.detail.as_bytes()))
        .and_then(|()| {
            if example.exists() {
                std::fs::remove_dir_all(example).with_context(|| format!("cannot remove {}", example.display()))?;
            }
            std::fs::rename(&tmp, example).with_context(|| format!("cannot move {} into place", tmp.display()))
        });
    match written {
        Ok(()) => Ok(example.to_path_buf()),
        Err(e) => {
            std::fs::remove_dir_all(&tmp).ok();
            Err(e)
        }
    }
}

/// Reads `finding.json` of a finding directory. A directory of signature scheme 1 gets its
/// root-cause signature, breaking engines and cause recomputed from `outcomes.json` (see the
/// module documentation of [`crate::finding`]); when that cannot be done (no outcomes, or they no
/// longer diverge under today's rules) its old signature stays.
///
/// # Errors
///
/// When the file is missing or is not a finding's metadata.
pub fn read_meta(dir: &Path) -> Result<FindingMeta> {
    let path = dir.join("finding.json");
    let text = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut meta: FindingMeta =
        serde_json::from_slice(&text).with_context(|| format!("{} is not a finding's metadata", path.display()))?;
    if meta.scheme < SCHEME {
        upgrade(dir, &mut meta);
    }
    Ok(meta)
}

/// Recomputes the signature of a scheme-1 finding: from its recorded outcomes, compared again;
/// without them (the trimmed directories of `corpora/regressions/`), from what `finding.json` kept
/// (see [`crate::compare::cause::from_recorded`]).
fn upgrade(dir: &Path, meta: &mut FindingMeta) {
    let outcomes = std::fs::read(dir.join("outcomes.json"))
        .ok()
        .and_then(|text| serde_json::from_slice::<BTreeMap<String, Execution>>(&text).ok());
    let ordered: Vec<(&str, &Execution)> = outcomes.as_ref().map_or_else(Vec::new, |outcomes| {
        meta.run_engines
            .iter()
            .filter_map(|e| outcomes.get(&e.name).map(|x| (e.name.as_str(), x)))
            .collect()
    });
    let divergence = match compare(&ordered) {
        Verdict::Diverge(d) if outcomes.is_some() => d,
        _ => {
            let root = from_recorded(meta.class, &legacy_key(meta), &meta.detail, &meta.engines, &meta.groups);
            Divergence {
                class: meta.class,
                step: meta.step,
                engines: meta.engines.clone(),
                key: legacy_key(meta),
                detail: meta.detail.clone(),
                groups: meta.groups.clone(),
                minority: root.minority,
                cause: root.cause,
            }
        }
    };
    meta.legacy_signature = Some(std::mem::replace(&mut meta.signature, divergence.signature()));
    meta.minority = divergence.minority;
    meta.cause = divergence.cause;
    meta.scheme = SCHEME;
    if meta.instances.details.is_empty() {
        meta.instances = Instances::first(&meta.detail, &meta.minority);
    }
}

/// The difference key of a scheme-1 signature: what follows `CLASS--ENGINE--ENGINE--`.
fn legacy_key(meta: &FindingMeta) -> String {
    meta.signature.splitn(4, "--").nth(3).unwrap_or_default().to_string()
}

/// The host CPU's model name from `/proc/cpuinfo`, when there is one.
pub fn host_cpu() -> Option<String> {
    let text = std::fs::read_to_string("/proc/cpuinfo").ok()?;
    text.lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, name)| name.trim().to_string())
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}
