//! `crosscheck report`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use super::args::IsolationArgs;
use crate::engines::Isolation;
use crate::known::KnownList;
use crate::report::{Inputs, Report};

/// The arguments of `crosscheck report`.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// `crosscheck fuzz --stats` files, one per campaign.
    #[arg(required = true)]
    stats: Vec<PathBuf>,
    /// The finding directory the campaigns wrote to.
    #[arg(long, default_value = "findings")]
    findings: PathBuf,
    /// Only findings last seen at or after this time (seconds since the Unix epoch).
    #[arg(long = "since", value_name = "SINCE", default_value_t = 0)]
    since_secs: u64,
    /// The regression corpus.
    #[arg(long, default_value = "corpora/regressions")]
    regressions: PathBuf,
    /// A known-bug list (the format of corpora/known.toml) added to the built-in one;
    /// repeatable; `none` empties the list, so that every divergence is reported.
    #[arg(long = "known", value_name = "FILE")]
    known: Vec<PathBuf>,
    /// Also replay the known bugs' reproducers (as `findings --stale-known`) and list the
    /// entries that no longer reproduce.
    #[arg(long)]
    stale_known: bool,
    /// The record of `scripts/newest-release.sh` (JSON): the report's first lines say whether a
    /// newer wasmtime or wasmi is out and what the campaign `newest` found against the pin.
    #[arg(long, value_name = "FILE")]
    releases: Option<PathBuf>,
    #[command(flatten)]
    isolation: IsolationArgs,
    /// The report directory.
    #[arg(long)]
    out: PathBuf,
}

impl ReportArgs {
    /// Writes the report: exit 1 when a finding is new, 0 otherwise.
    ///
    /// # Errors
    ///
    /// An unreadable stats file, finding directory or known-bug list, or a report directory that
    /// cannot be written.
    pub fn run(self) -> Result<ExitCode> {
        let known = KnownList::from_args(&self.known)?;
        let isolation = self.isolation.isolation()?;
        write_report(&self, &known, &isolation)
    }
}

/// Gathers and writes the report `args` ask for.
fn write_report(args: &ReportArgs, known: &KnownList, isolation: &Isolation) -> Result<ExitCode> {
    let report = Report::gather(&Inputs {
        stats: &args.stats,
        findings: &args.findings,
        since_secs: args.since_secs,
        regressions: &args.regressions,
        known,
        stale_known: args.stale_known.then_some(isolation),
        releases: args.releases.as_deref(),
    })?;
    report.write(&args.out)?;
    println!(
        "report: {} ({} campaign(s), {} finding(s), {} new)",
        args.out.join("report.md").display(),
        report.campaigns.len(),
        report.findings.len(),
        report.new_findings
    );
    Ok(if report.new_findings > 0 {
        ExitCode::from(super::EXIT_DIVERGENCE)
    } else {
        ExitCode::SUCCESS
    })
}
