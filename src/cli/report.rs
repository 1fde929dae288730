//! `crosscheck report`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::known::KnownList;
use crate::report::{Inputs, Report};

/// What `crosscheck report` was asked to do.
pub struct Request<'a> {
    pub stats: &'a [PathBuf],
    pub findings: &'a Path,
    pub since: u64,
    pub regressions: &'a Path,
    pub allowlist: &'a Path,
    pub out: &'a Path,
}

pub fn run(request: &Request<'_>) -> Result<ExitCode> {
    let text = std::fs::read_to_string(request.allowlist)
        .with_context(|| format!("cannot read allowlist {}", request.allowlist.display()))?;
    let allowlist = KnownList::parse(&text, &request.allowlist.display().to_string())?;
    let report = Report::gather(&Inputs {
        stats: request.stats,
        findings: request.findings,
        since: request.since,
        regressions: request.regressions,
        allowlist: &allowlist,
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
