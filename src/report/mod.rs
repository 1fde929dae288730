//! The report of a nightly run (`crosscheck report`): its campaigns, the findings they touched, and
//! which of those are new, as Markdown, JSON and two SVG plots.

mod markdown;
mod plot;
pub mod releases;
pub mod stale;
mod summary;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;

use crate::campaign::StatsFile;
use crate::finding::load::{REDUCED_WASM, REDUCED_WAT};
use crate::finding::{Finding, KNOWN_DIR, read_meta};
use crate::known::KnownList;

pub use summary::campaign_summary;

/// Reduced reproducers of at most this many `.wat` lines are shown inline in `report.md`.
pub const INLINE_WAT_LINES: usize = 40;

/// Why a finding is not new.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "name")]
pub enum Known {
    /// A directory of `corpora/regressions/` has the same signature.
    Regression(String),
    /// An entry of the known-bug list matches it.
    KnownBug(String),
}

/// One finding the run recorded or saw again.
#[derive(Clone, Debug, Serialize)]
pub struct FindingEntry {
    /// The finding directory.
    pub dir: PathBuf,
    /// Its signature.
    pub signature: String,
    /// Its class.
    pub class: String,
    /// The first disagreeing pair.
    pub engines: [String; 2],
    /// The engines grouped by outcome at the diverging step.
    pub groups: Vec<Vec<String>>,
    /// What differed.
    pub detail: String,
    /// How many times it has been found (over every run that used the directory).
    pub count: u64,
    /// The campaign (label) that first recorded it in this run; `None` when it was recorded by an
    /// earlier run and only seen again.
    pub found_by: Option<String>,
    /// Why it is not new; `None` for a new finding.
    pub known: Option<Known>,
    /// Size of the original module, in bytes.
    pub original_bytes: u64,
    /// Size of the reduced module, in bytes, when it was reduced.
    pub reduced_bytes: Option<u64>,
    /// The reduced module's text when it has at most [`INLINE_WAT_LINES`] lines.
    pub reduced_wat: Option<String>,
    /// What the divergence needs of the engines' configurations, once a reduction knows it.
    pub config: Option<crate::finding::reduction::ConfigDependence>,
    /// When an engine of another build took part: which build the oracle sided with.
    pub cross_version: Option<crate::compare::cross_version::CrossVersion>,
}

/// Everything a report shows.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// The campaigns, in the order given.
    pub campaigns: Vec<StatsFile>,
    /// The findings recorded or seen again since the run started.
    pub findings: Vec<FindingEntry>,
    /// How many of them are new.
    pub new_findings: usize,
    /// The known bugs' reproducers replayed, when asked (`--stale-known`).
    pub known_checks: Vec<stale::EntryCheck>,
    /// The nightly's look-up of new engine releases, when given (`--releases`).
    pub releases: Option<releases::ReleaseLookup>,
}

/// Where a report's inputs are.
pub struct Inputs<'a> {
    /// `crosscheck fuzz --stats` files, one per campaign.
    pub stats: &'a [PathBuf],
    /// The finding directory the campaigns wrote to.
    pub findings: &'a Path,
    /// Only findings last seen at or after this time (seconds since the Unix epoch) belong to the run.
    pub since_secs: u64,
    /// The regression corpus (`corpora/regressions`).
    pub regressions: &'a Path,
    /// The known bugs.
    pub known: &'a KnownList,
    /// Whether to replay the known bugs' reproducers (see [`stale`]), with engines where
    /// `isolation` says.
    pub stale_known: Option<&'a crate::engines::Isolation>,
    /// The record of `scripts/newest-release.sh`, when the run looked for new releases.
    pub releases: Option<&'a Path>,
}

impl Report {
    /// Gathers a report.
    ///
    /// # Errors
    ///
    /// An unreadable campaign record, finding directory, regression corpus or release record.
    pub fn gather(inputs: &Inputs<'_>) -> Result<Report> {
        let campaigns = inputs
            .stats
            .iter()
            .map(|p| StatsFile::read(p))
            .collect::<Result<Vec<_>>>()?;
        let known_signatures = regression_signatures(inputs.regressions)?;
        let mut findings = Vec::new();
        if inputs.findings.is_dir() {
            let mut dirs: Vec<PathBuf> = std::fs::read_dir(inputs.findings)
                .with_context(|| format!("cannot read {}", inputs.findings.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| is_finding(p))
                .collect();
            let known_dir = inputs.findings.join(KNOWN_DIR);
            if known_dir.is_dir() {
                dirs.extend(
                    std::fs::read_dir(&known_dir)
                        .with_context(|| format!("cannot read {}", known_dir.display()))?
                        .filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| is_finding(p)),
                );
            }
            dirs.sort();
            for dir in dirs {
                if read_meta(&dir)?.last_seen < inputs.since_secs {
                    continue;
                }
                let mut found = entry(&dir, &campaigns, &known_signatures, inputs.known)?;
                if dir.parent() == Some(known_dir.as_path())
                    && let Some(name) = dir.file_name()
                {
                    found.known = Some(Known::KnownBug(name.to_string_lossy().into_owned()));
                }
                findings.push(found);
            }
        }
        let new_findings = findings.iter().filter(|f| f.known.is_none()).count();
        let known_checks = inputs
            .stale_known
            .map(|isolation| {
                // What each entry absorbed in this report's campaigns, from their records.
                let mut absorbed: BTreeMap<String, crate::known::Absorbed> = BTreeMap::new();
                for (name, notes) in campaigns.iter().flat_map(|c| &c.known_notes) {
                    absorbed.entry(name.clone()).or_default().merge(notes.clone());
                }
                stale::check(inputs.known, inputs.regressions, isolation, &absorbed)
            })
            .unwrap_or_default();
        let releases = inputs.releases.map(releases::ReleaseLookup::read).transpose()?;
        Ok(Report {
            campaigns,
            findings,
            new_findings,
            known_checks,
            releases,
        })
    }

    /// Writes `report.md`, `report.json`, `throughput.svg` and `findings.svg` into `out`.
    ///
    /// # Errors
    ///
    /// When a file cannot be written or a plot cannot be drawn.
    pub fn write(&self, out: &Path) -> Result<()> {
        std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
        std::fs::write(out.join("report.md"), markdown::render(self))
            .with_context(|| format!("cannot write {}", out.join("report.md").display()))?;
        std::fs::write(out.join("report.json"), serde_json::to_vec_pretty(self)?)
            .with_context(|| format!("cannot write {}", out.join("report.json").display()))?;
        plot::throughput(&self.campaigns, &out.join("throughput.svg"))?;
        plot::findings(&self.campaigns, &out.join("findings.svg"))?;
        Ok(())
    }
}

/// The signatures of every finding in the regression corpus.
/// Whether `path` is a finding directory: one with a `finding.json`, not the temporary of an
/// unfinished write (`.NAME.tmp-PID-N`, see `crate::finding::atomic`).
fn is_finding(path: &Path) -> bool {
    path.join("finding.json").is_file() && !path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

fn regression_signatures(dir: &Path) -> Result<BTreeSet<String>> {
    let mut signatures = BTreeSet::new();
    if !dir.is_dir() {
        return Ok(signatures);
    }
    for e in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = e?.path();
        if path.join("finding.json").is_file() {
            let meta = read_meta(&path)?;
            signatures.extend(meta.legacy_signature);
            signatures.insert(meta.signature);
        }
    }
    Ok(signatures)
}

fn entry(
    dir: &Path,
    campaigns: &[StatsFile],
    regressions: &BTreeSet<String>,
    known: &KnownList,
) -> Result<FindingEntry> {
    let finding = Finding::load(dir)?;
    let meta = &finding.meta;
    // A known-bug entry names the root cause, so it wins over a regression directory's signature.
    let known = known
        .matching_finding(&finding)
        .map(|k| Known::KnownBug(k.entry.name.clone()))
        .or_else(|| {
            regressions
                .contains(&meta.signature)
                .then(|| Known::Regression(meta.signature.clone()))
        });
    let found_by = campaigns
        .iter()
        .find(|c| {
            c.new_findings
                .iter()
                .any(|d| Path::new(d).file_name() == dir.file_name())
        })
        .map(|c| c.label.clone());
    let reduced_bytes = std::fs::metadata(dir.join(REDUCED_WASM)).ok().map(|m| m.len());
    let reduced_wat = std::fs::read_to_string(dir.join(REDUCED_WAT))
        .ok()
        .filter(|t| t.lines().count() <= INLINE_WAT_LINES);
    let config = finding.reduction().ok().flatten().and_then(|r| r.config);
    Ok(FindingEntry {
        config,
        dir: dir.to_path_buf(),
        signature: meta.signature.clone(),
        class: meta.class.name().to_string(),
        engines: meta.engines.clone(),
        groups: meta.groups.clone(),
        detail: meta.detail.clone(),
        count: meta.count,
        found_by,
        known,
        original_bytes: finding.wasm.len() as u64,
        reduced_bytes,
        reduced_wat,
        cross_version: meta.cross_version.clone(),
    })
}
