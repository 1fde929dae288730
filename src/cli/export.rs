//! `crosscheck export`: a finding's reproducer as a test engine developers can commit.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use crosscheck_oracles::Engine;

use crate::engines::{EngineSet, Isolation};
use crate::export;
use crate::finding::Finding;
use crate::finding::atomic::write_file;
use crate::reduce;

/// The output format of `crosscheck export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A `.wast` script.
    Wast,
    /// A standalone Rust test against the `wasmtime` API.
    Rust,
}

pub fn run(dir: &Path, format: Format, out: Option<PathBuf>, isolation: &Isolation) -> Result<ExitCode> {
    let finding = Finding::load(dir)?;
    let names = match reduce::read_report(dir)? {
        Some(report) if finding.reduced()?.is_some() => report.engines,
        _ => finding.meta.run_engines.iter().map(|e| e.name.clone()).collect(),
    };
    let set = EngineSet::from_list(&names.join(","), isolation)?;
    let engines: Vec<&dyn Engine> = set.engines().collect();
    let reproducer = export::reproducer(&finding, &engines)?;
    let (text, default_name) = match format {
        Format::Wast => (export::wast::script(&reproducer)?, "reproducer.wast"),
        Format::Rust => (export::rust::test(&reproducer)?, "reproducer.rs"),
    };
    let path = out.unwrap_or_else(|| dir.join(default_name));
    write_file(&path, text.as_bytes())?;
    if !reproducer.reduced {
        eprintln!(
            "note: {} is not reduced; `crosscheck reduce {}` makes a smaller test",
            dir.display(),
            dir.display()
        );
    }
    if reproducer.wrong.is_empty() {
        eprintln!("note: every engine agrees on this reproducer today");
    }
    println!("wrote {}", path.display());
    Ok(ExitCode::SUCCESS)
}
