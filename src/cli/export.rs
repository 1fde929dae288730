//! `crosscheck export`: a finding's reproducer as a test engine developers can commit.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use crosscheck_oracles::Engine;

use super::args::IsolationArgs;
use crate::engines::{EngineSet, Isolation};
use crate::export;
use crate::finding::Finding;
use crate::finding::atomic::write_file;
use crate::known::KnownList;

/// The output format of `crosscheck export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A `.wast` script.
    Wast,
    /// A standalone Rust test against the `wasmtime` API.
    Rust,
    /// A Markdown bug report (REPORT.md) for the developers of the engine that broke, with
    /// one-line reproductions on the engines' own command-line tools (and reproducer.wast beside
    /// it when the plan needs a script).
    Report,
}

/// The arguments of `crosscheck export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The finding directory.
    dir: PathBuf,
    /// `wast`, `rust`, or `report` (a Markdown bug report).
    #[arg(long, value_enum)]
    format: Format,
    /// The output file; default: reproducer.wast, reproducer.rs or REPORT.md in the finding
    /// directory.
    #[arg(long)]
    out: Option<PathBuf>,
    /// A known-bug list added to the built-in one (for the report's known-bug line);
    /// repeatable; `none` empties it.
    #[arg(long = "known", value_name = "FILE")]
    known: Vec<PathBuf>,
    #[command(flatten)]
    isolation: IsolationArgs,
}

impl ExportArgs {
    /// Writes the reproducer in the chosen format.
    ///
    /// # Errors
    ///
    /// A missing or corrupt finding directory, an unreadable known-bug list, an engine of the
    /// finding that is unavailable here, or an output file that cannot be written.
    pub fn run(self) -> Result<ExitCode> {
        export_finding(
            &self.dir,
            self.format,
            self.out,
            &KnownList::from_args(&self.known)?,
            &self.isolation.isolation()?,
        )
    }
}

/// Writes the reproducer of the finding in `dir` as `format` to `out`.
fn export_finding(
    dir: &Path,
    format: Format,
    out: Option<PathBuf>,
    known: &KnownList,
    isolation: &Isolation,
) -> Result<ExitCode> {
    let finding = Finding::load(dir)?;
    let names = finding.best_engines()?;
    let set = EngineSet::from_list(&names.join(","), isolation)?;
    let engines: Vec<&dyn Engine> = set.engines().collect();
    let reproducer = export::reproducer(&finding, &engines)?;
    let (text, default_name) = match format {
        Format::Wast => (export::wast::script(&reproducer)?, "reproducer.wast"),
        Format::Rust => (export::rust::test(&reproducer)?, "reproducer.rs"),
        Format::Report => {
            let written = export::report::report(&finding, &reproducer, known)?;
            if let Some(wast) = written.wast {
                let beside = out.as_deref().and_then(Path::parent).unwrap_or(dir);
                write_file(&beside.join(export::report::WAST_FILE), wast.as_bytes())?;
            }
            (written.markdown, "REPORT.md")
        }
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
