//! `crosscheck findings`: the findings of a directory, one line per signature.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, UNIX_EPOCH};

use anyhow::{Context, Result, bail};
use serde::Serialize;

use crate::finding::Finding;
use crate::finding::load::{REDUCED_WASM, REDUCED_WAT};

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
}

pub fn run(root: &Path, json: bool) -> Result<ExitCode> {
    if !root.is_dir() {
        bail!("{}: no such finding directory", root.display());
    }
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root)
        .with_context(|| format!("cannot read {}", root.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir() && !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')))
        .collect();
    dirs.sort();
    let mut rows = Vec::new();
    let mut corrupt = 0;
    for dir in dirs {
        match row(&dir) {
            Ok(r) => rows.push(r),
            Err(e) => {
                corrupt += 1;
                eprintln!("error: {}", format!("{e:#}").replace('\n', " "));
            }
        }
    }
    rows.sort_by(|a, b| {
        b.last_seen
            .cmp(&a.last_seen)
            .then_with(|| a.signature.cmp(&b.signature))
    });
    if json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
    } else {
        print_table(&rows);
    }
    Ok(if corrupt > 0 {
        ExitCode::from(super::EXIT_ERROR)
    } else {
        ExitCode::SUCCESS
    })
}

fn row(dir: &Path) -> Result<Row> {
    let f = Finding::load(dir)?;
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
    }
    println!("{} findings", rows.len());
}

fn date(secs: u64) -> String {
    humantime::format_rfc3339_seconds(UNIX_EPOCH + Duration::from_secs(secs)).to_string()
}

/// An engine name without its settings (the table's engines column; the signature column names
/// the settings a divergence needs once a reduction knows them).
fn base(name: &str) -> &str {
    crosscheck_oracles::config::split_name(name).0
}
