//! `crosscheck findings`: the findings of a directory, one line per signature.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, UNIX_EPOCH};

use anyhow::{Context, Result, bail};
use serde::Serialize;

use super::args::IsolationArgs;
use crate::engines::Isolation;
use crate::finding::atomic::{Leftover, leftovers};
use crate::finding::load::{REDUCED_WASM, REDUCED_WAT};
use crate::finding::{Finding, KNOWN_DIR};
use crate::known::KnownList;
use crate::report::stale;

/// One finding of the listing.
#[derive(Debug, Serialize)]
struct Row {
    signature: String,
    /// The signature with the engine settings the divergence needs, once a reduction knows them.
    #[serde(skip_serializing_if = "Option::is_none")]
    configured_signature: Option<String>,
    class: String,
    engines: [String; 2],
    count: u64,
    first_seen: u64,
    last_seen: u64,
    original_bytes: u64,
    original_wat_lines: Option<u64>,
    reduced_bytes: Option<u64>,
    reduced_wat_lines: Option<u64>,
    reproducer: PathBuf,
    /// The known bug the finding is, when one matches.
    #[serde(skip_serializing_if = "Option::is_none")]
    known: Option<String>,
    /// Between two builds of one engine: regression or fix (see `crate::compare::cross_version`).
    #[serde(skip_serializing_if = "Option::is_none")]
    cross_version: Option<String>,
    /// When no oracle judged it: the vote, in words (see `crate::finding::vote`).
    #[serde(skip_serializing_if = "Option::is_none")]
    vote: Option<String>,
}

/// The listing: the findings, then the known bugs seen (`DIR/known/NAME/`), then the unfinished
/// writes (temporaries, see `crate::finding::atomic`).
#[derive(Debug, Serialize)]
struct Listing {
    findings: Vec<Row>,
    known: Vec<Row>,
    incomplete: Vec<Leftover>,
}

/// The arguments of `crosscheck findings`.
#[derive(Debug, clap::Args)]
pub struct FindingsArgs {
    /// The finding directory.
    #[arg(default_value = "findings")]
    dir: PathBuf,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// A known-bug list (the format of corpora/known.toml) added to the built-in one;
    /// repeatable; `none` empties the list, so that every divergence is reported.
    #[arg(long = "known", value_name = "FILE")]
    known: Vec<PathBuf>,
    /// Name the known-bug entries whose reproducers (in --regressions) no longer diverge on
    /// the engines linked here, or diverge otherwise than the entry says.
    #[arg(long)]
    stale_known: bool,
    /// The regression corpus the entries' reproducers are in (with --stale-known).
    #[arg(long, default_value = "corpora/regressions")]
    regressions: PathBuf,
    #[command(flatten)]
    isolation: IsolationArgs,
}

impl FindingsArgs {
    /// Lists the findings (exit 2 when one is corrupt), or with `--stale-known` checks the known
    /// bugs' reproducers (exit 1 when an entry is stale).
    ///
    /// # Errors
    ///
    /// A missing finding directory or regression corpus, an unreadable known-bug list, or a bad
    /// `--watchdog`.
    pub fn run(self) -> Result<ExitCode> {
        let known = KnownList::from_args(&self.known)?;
        if self.stale_known {
            let absorbed = crate::known::absorbed::load_all(&self.dir)?;
            stale(
                &self.regressions,
                &known,
                self.json,
                &self.isolation.isolation()?,
                &absorbed,
            )
        } else {
            list(&self.dir, self.json, &known)
        }
    }
}

/// Lists the findings of `root`, as JSON when `json`.
fn list(root: &Path, json: bool, known: &KnownList) -> Result<ExitCode> {
    if !root.is_dir() {
        bail!("{}: no such finding directory", root.display());
    }
    let mut corrupt = 0;
    let mut findings = rows(root, known, &mut corrupt)?;
    let known_dir = root.join(KNOWN_DIR);
    let mut seen = if known_dir.is_dir() {
        rows(&known_dir, known, &mut corrupt)?
    } else {
        Vec::new()
    };
    for r in &mut seen {
        r.known = r
            .reproducer
            .parent()
            .and_then(|d| d.file_name())
            .map(|n| n.to_string_lossy().into_owned());
    }
    for list in [&mut findings, &mut seen] {
        list.sort_by(|a, b| {
            b.last_seen
                .cmp(&a.last_seen)
                .then_with(|| a.signature.cmp(&b.signature))
        });
    }
    let incomplete = leftovers(root);
    if json {
        let listing = Listing {
            findings,
            known: seen,
            incomplete,
        };
        println!("{}", serde_json::to_string_pretty(&listing)?);
    } else {
        print_table(&findings);
        if !seen.is_empty() {
            println!("\nknown bugs seen ({}):", known_dir.display());
            for r in &seen {
                println!(
                    "  {:<40} {:>7} divergences, last seen {}  {}",
                    r.known.as_deref().unwrap_or_default(),
                    r.count,
                    date(r.last_seen),
                    r.reproducer.parent().unwrap_or(&r.reproducer).display()
                );
            }
        }
        print_incomplete(&incomplete);
    }
    Ok(if corrupt > 0 {
        ExitCode::from(super::EXIT_ERROR)
    } else {
        ExitCode::SUCCESS
    })
}

/// `crosscheck findings --stale-known`: replays every known bug's reproducers and lists each
/// entry's verdict, with what it absorbed in the finding directory (`absorbed`, by entry name);
/// exits 1 when an entry is stale.
fn stale(
    regressions: &Path,
    known: &KnownList,
    json: bool,
    isolation: &Isolation,
    absorbed: &std::collections::BTreeMap<String, crate::known::Absorbed>,
) -> Result<ExitCode> {
    if !regressions.is_dir() {
        bail!("{}: no such regression corpus", regressions.display());
    }
    let checks = stale::check(known, regressions, isolation, absorbed);
    if json {
        println!("{}", serde_json::to_string_pretty(&checks)?);
    } else {
        for check in &checks {
            let verdict = if check.stale() { "STALE" } else { "ok" };
            println!("{verdict:<6} {}", check.name);
            for (dir, replayed) in &check.reproducers {
                println!("         {dir}: {}", stale::describe(replayed));
            }
            if let Some(absorbed) = &check.absorbed {
                println!("         {}", stale::describe_absorbed(absorbed));
            }
        }
        let review: Vec<&str> = checks
            .iter()
            .filter(|c| c.absorbed.as_ref().is_some_and(|a| a.needs_review()))
            .map(|c| c.name.as_str())
            .collect();
        if !review.is_empty() {
            println!(
                "review these entries, which absorb {} or more distinct signatures or reductions: {}",
                crate::known::REVIEW_SIGNATURES,
                review.join(", ")
            );
        }
    }
    let stale: Vec<&str> = checks.iter().filter(|c| c.stale()).map(|c| c.name.as_str()).collect();
    if stale.is_empty() {
        println!("every known bug with a reproducer replayed here still reproduces");
        Ok(ExitCode::SUCCESS)
    } else {
        println!(
            "stale known bugs (remove or rewrite their entries): {}",
            stale.join(", ")
        );
        Ok(ExitCode::from(super::EXIT_DIVERGENCE))
    }
}

/// The rows of the finding directories directly under `root` (not `known/`); a corrupt one is
/// reported on stderr and counted in `corrupt`.
fn rows(root: &Path, known: &KnownList, corrupt: &mut usize) -> Result<Vec<Row>> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root)
        .with_context(|| format!("cannot read {}", root.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir() && !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')))
        .filter(|p| p.file_name().is_none_or(|n| n != KNOWN_DIR))
        .collect();
    dirs.sort();
    let mut rows = Vec::new();
    for dir in dirs {
        match row(&dir, known) {
            Ok(r) => rows.push(r),
            Err(e) => {
                *corrupt += 1;
                eprintln!("error: {}", format!("{e:#}").replace('\n', " "));
            }
        }
    }
    Ok(rows)
}

fn row(dir: &Path, known: &KnownList) -> Result<Row> {
    let f = Finding::load(dir)?;
    let known = known.matching_finding(&f).map(|k| k.describe());
    let reduced = f.reduced()?;
    let configured_signature = f.reduction()?.and_then(|r| r.configured_signature);
    let lines = |name: &str| {
        std::fs::read_to_string(dir.join(name))
            .ok()
            .map(|t| t.lines().count() as u64)
    };
    Ok(Row {
        signature: f.meta.signature,
        configured_signature,
        class: f.meta.class.name().into(),
        engines: f.meta.engines,
        count: f.meta.count,
        first_seen: f.meta.first_seen,
        last_seen: f.meta.last_seen,
        original_bytes: f.wasm.len() as u64,
        original_wat_lines: lines("module.wat"),
        reduced_bytes: reduced.as_ref().map(|(w, _)| w.len() as u64),
        reduced_wat_lines: reduced.as_ref().and(lines(REDUCED_WAT)),
        reproducer: dir.join(if reduced.is_some() { REDUCED_WASM } else { "module.wasm" }),
        known,
        cross_version: f.meta.cross_version.as_ref().map(|c| c.describe()),
        vote: f.meta.vote.as_ref().map(|v| v.describe()),
    })
}

fn print_table(rows: &[Row]) {
    println!(
        "{:<14} {:<36} {:>6}  {:<20}  {:<20}  {:>15}  {:>15}  signature",
        "class", "engines", "count", "first seen (UTC)", "last seen (UTC)", "original", "reduced"
    );
    let size = |bytes: Option<u64>, lines: Option<u64>| match (bytes, lines) {
        (Some(b), Some(l)) => format!("{b} B/{l} ln"),
        (Some(b), None) => format!("{b} B"),
        _ => "-".into(),
    };
    for r in rows {
        println!(
            "{:<14} {:<36} {:>6}  {:<20}  {:<20}  {:>15}  {:>15}  {}",
            r.class,
            format!("{} vs {}", base(&r.engines[0]), base(&r.engines[1])),
            r.count,
            date(r.first_seen),
            date(r.last_seen),
            size(Some(r.original_bytes), r.original_wat_lines),
            size(r.reduced_bytes, r.reduced_wat_lines),
            r.configured_signature.as_ref().unwrap_or(&r.signature)
        );
        if let Some(name) = &r.known {
            println!("{:<14} known bug: {name}", "");
        }
        if let Some(reading) = &r.cross_version {
            println!("{:<14} across builds: {reading}", "");
        }
        if let Some(vote) = &r.vote {
            println!("{:<14} {vote}", "");
        }
    }
    println!("{} findings", rows.len());
}

/// Lists the unfinished writes: a finding or an update that a process was writing when it
/// stopped (or is writing now).
fn print_incomplete(incomplete: &[Leftover]) {
    if incomplete.is_empty() {
        return;
    }
    println!("\nincomplete ({}, not findings):", incomplete.len());
    for l in incomplete {
        let note = if l.running {
            format!("being written by process {}", l.pid)
        } else {
            format!(
                "left by process {}, which is gone; the next campaign on this directory removes it",
                l.pid
            )
        };
        println!("  {}  ({note})", l.path.display());
    }
}

fn date(secs: u64) -> String {
    humantime::format_rfc3339_seconds(UNIX_EPOCH + Duration::from_secs(secs)).to_string()
}

/// An engine name without its settings (the table's engines column; the signature column names
/// the settings a divergence needs once a reduction knows them).
fn base(name: &str) -> &str {
    crosscheck_oracles::config::split_name(name).0
}
