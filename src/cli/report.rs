//! `crosscheck report`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;

use crate::engines::Isolation;
use crate::known::KnownList;
use crate::report::{Inputs, Report};

/// What `crosscheck report` was asked to do.
pub struct Request<'a> {
    pub stats: &'a [PathBuf],
    pub findings: &'a Path,
    pub since: u64,
    pub regressions: &'a Path,
    pub known: KnownList,
    pub stale_known: bool,
    pub out: &'a Path,
}

pub fn run(request: &Request<'_>, isolation: &Isolation) -> Result<ExitCode> {
    let report = Report::gather(&Inputs {
        stats: request.stats,
        findings: request.findings,
        since: request.since,
        regressions: request.regressions,
        known: &request.known,
        stale_known: request.stale_known.then_some(isolation),
    })?;
    report.write(request.out)?;
    println!(
        "report: {} ({} campaign(s), {} finding(s), {} new)",
        request.out.join("report.md").display(),
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
