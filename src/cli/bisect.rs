//! `crosscheck bisect`: the first Wasmtime release (or commit) that reproduces a finding.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use crosscheck_oracles::registry;

use super::args::IsolationArgs;
use crate::bisect::{self, Candidate, Replayed};
use crate::engines::other_builds;
use crate::finding::Finding;

/// The arguments of `crosscheck bisect`.
#[derive(Debug, clap::Args)]
pub struct BisectArgs {
    /// The finding directory.
    dir: PathBuf,
    /// Published wasmtime releases, `FROM..TO` (ends included), e.g. `43.0.0..50.0.1`.
    #[arg(
        long,
        value_name = "FROM..TO",
        required_unless_present = "wasmtime_path",
        conflicts_with = "wasmtime_path"
    )]
    wasmtime: Option<String>,
    /// A Wasmtime checkout whose commits to bisect (with --commits).
    #[arg(long, value_name = "DIR", requires = "commits")]
    wasmtime_path: Option<PathBuf>,
    /// Commits of --wasmtime-path, `A..B`: A and every commit after it up to B.
    #[arg(long, value_name = "A..B", requires = "wasmtime_path")]
    commits: Option<String>,
    #[command(flatten)]
    isolation: IsolationArgs,
}

impl BisectArgs {
    /// Bisects: prints each build tried and the first that reproduces the finding with the last
    /// that does not. Exit 0 when the range holds such a boundary, 1 when the newest build does
    /// not reproduce the finding.
    ///
    /// # Errors
    ///
    /// A missing or corrupt finding directory, a malformed range, an unreadable crates.io index
    /// or checkout, or a worker build that fails (naming its cargo log).
    pub fn run(self) -> Result<ExitCode> {
        let isolation = self.isolation.isolation()?;
        let finding = Finding::load(&self.dir)?;
        let candidates = match (&self.wasmtime, &self.wasmtime_path, &self.commits) {
            (Some(range), _, _) => {
                let (from, to) = split_range(range)?;
                bisect::releases(from, to)?
            }
            (None, Some(checkout), Some(range)) => {
                let (from, to) = split_range(range)?;
                let scratch = other_builds::cache_dir().join("checkouts");
                std::fs::create_dir_all(&scratch).with_context(|| format!("cannot create {}", scratch.display()))?;
                bisect::commits(checkout, from, to, &scratch)?
            }
            _ => bail!("give --wasmtime FROM..TO, or --wasmtime-path DIR with --commits A..B"),
        };
        let reduced = finding.reduced()?;
        let (wasm, plan) = match &reduced {
            Some((wasm, plan)) => (wasm.as_slice(), plan),
            None => (finding.wasm.as_slice(), &finding.plan),
        };
        let target = target_of(&finding);
        println!(
            "bisecting {} ({}) over {} builds ({} .. {}), {} module",
            self.dir.display(),
            finding.meta.signature,
            candidates.len(),
            candidates[0].label,
            candidates[candidates.len() - 1].label,
            if reduced.is_some() {
                "the reduced"
            } else {
                "the original"
            }
        );
        let result = bisect::search(&candidates, |candidate: &Candidate| {
            bisect::build(candidate, &target)?;
            let engines = bisect::engines_of_build(&finding, &candidate.label);
            let replayed = bisect::replay(&finding, (wasm, plan), &engines, &isolation)?;
            let said = match &replayed {
                Replayed::Reproduces => "reproduces".to_string(),
                Replayed::Differs(how) => format!("does not reproduce: {how}"),
            };
            println!("  {:<24} {said}", candidate.label);
            Ok(replayed)
        })?;
        match (&result.first_bad, &result.last_good) {
            (Some(bad), Some(good)) => {
                println!("first build that reproduces it: {bad}; last that does not: {good}");
                Ok(ExitCode::SUCCESS)
            }
            (Some(bad), None) => {
                println!("it reproduces already on the oldest build of the range, {bad}");
                Ok(ExitCode::SUCCESS)
            }
            (None, _) => {
                println!("the newest build of the range does not reproduce it");
                Ok(ExitCode::from(super::EXIT_DIVERGENCE))
            }
        }
    }
}

/// `FROM..TO` as its two ends.
fn split_range(range: &str) -> Result<(&str, &str)> {
    match range.split_once("..") {
        Some((from, to)) if !from.is_empty() && !to.is_empty() => Ok((from, to)),
        _ => bail!("`{range}` is not a range FROM..TO"),
    }
}

/// The target triple the finding's Wasmtime engines run on: their emulator's for engines of
/// another architecture (an aarch64 finding's run under QEMU), this host's otherwise.
fn target_of(finding: &Finding) -> String {
    finding
        .meta
        .run_engines
        .iter()
        .find_map(|e| registry::foreign_arch(&e.name).and_then(crate::engines::emulated::for_arch))
        .map_or_else(other_builds::host_target, |emulator| emulator.target.to_string())
}
