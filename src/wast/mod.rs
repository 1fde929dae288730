//! `crosscheck wast`: WebAssembly scripts (`.wast`) on every engine, judged by the harness against
//! the script's assertions and a file of known failures.
//!
//! A script is translated once ([`translate`]); each engine runs its commands on one store
//! ([`crosscheck_oracles::Engine::run_script`]) and the harness judges each result ([`judge`]).

pub mod expectations;
pub mod judge;
pub mod suite;
pub mod translate;

use anyhow::{Context, Result};
use crosscheck_oracles::{Engine, Proposal, ProposalSet, ScriptCommand};

use expectations::Expectations;
use translate::{Action, Entry};

/// A script to run: its name in reports and expectations, and what it needs.
pub struct Script {
    /// The file's name, e.g. `wasm-v3/address.wast` or the path given on the command line.
    pub name: String,
    /// Its directives.
    pub entries: Vec<Entry>,
    /// The proposals it needs, or why no engine can run it.
    pub needs: Result<ProposalSet, String>,
}

impl Script {
    /// Translates `text`; `proposal` is the proposal its suite directory belongs to, if any.
    ///
    /// # Errors
    ///
    /// When `text` is not a script, naming `name`.
    pub fn new(name: &str, text: &str, proposal: Option<Proposal>) -> Result<Script> {
        let entries = translate::translate(text).with_context(|| format!("{name} is not a valid .wast script"))?;
        let needs = suite::needs(&entries, proposal);
        Ok(Script {
            name: name.to_string(),
            entries,
            needs,
        })
    }
}

/// A command whose result did not match what the expectations file says.
#[derive(Debug)]
pub struct Surprise {
    /// The command's line in the file.
    pub line: usize,
    /// What happened: the mismatch, or `unexpected pass (listed: <reason>)`.
    pub detail: String,
}

/// One engine's run of one file.
#[derive(Debug, Default)]
pub struct FileRun {
    /// Why the file was not run, if it was not.
    pub skipped: Option<String>,
    /// Commands whose result met the assertion.
    pub passed: usize,
    /// Commands whose result did not (expected or not).
    pub failed: usize,
    /// Failures the expectations file lists.
    pub known: usize,
    /// Directives not run (unsupported kinds).
    pub skipped_commands: usize,
    /// Unexpected failures and unexpected passes.
    pub surprises: Vec<Surprise>,
    /// Every failure, expected or not, with its line and detail (for `--verbose`).
    pub failures: Vec<Surprise>,
}

/// Why a script was not run after a stop request ([`crate::stop`]).
pub const STOPPED: &str = "stopped by a signal";

/// Runs every script on `engine`, judging each command and comparing with `expected`. After a stop
/// request no further script runs, and a script whose worker was killed when the stop's grace
/// time ran out is not judged: both are skipped as [`STOPPED`].
pub fn run_engine(engine: &dyn Engine, scripts: &[Script], expected: &Expectations) -> Vec<FileRun> {
    let stopped = || FileRun {
        skipped: Some(STOPPED.into()),
        ..FileRun::default()
    };
    scripts
        .iter()
        .map(|s| {
            if crate::stop::requested() {
                return stopped();
            }
            let run = run_file(engine, s, expected);
            if crate::stop::abandoned() { stopped() } else { run }
        })
        .collect()
}

fn run_file(engine: &dyn Engine, script: &Script, expected: &Expectations) -> FileRun {
    let name = engine.name();
    let mut run = FileRun::default();
    if let Some(reason) = expected.skipped(name, &script.name) {
        run.skipped = Some(format!("expectations: {reason}"));
        return run;
    }
    match &script.needs {
        Err(reason) => {
            run.skipped = Some(reason.clone());
            return run;
        }
        Ok(needs) => {
            let missing: Vec<&str> = needs
                .iter()
                // A script's modules may use any feature of a proposal, so the engine must compile
                // every one of them.
                .filter(|p| !engine.support().complete_proposals().contains(*p))
                .map(|p| p.name())
                .collect();
            if !missing.is_empty() {
                run.skipped = Some(format!("needs {} ({name} lacks it)", missing.join(", ")));
                return run;
            }
        }
    }
    let commands: Vec<ScriptCommand> = script
        .entries
        .iter()
        .filter_map(|e| match &e.action {
            Action::Run { command, .. } => Some(command.clone()),
            Action::Skip(_) => None,
        })
        .collect();
    let mut results = engine.script(&commands).into_iter();
    let mut ran_lines = Vec::new();
    for entry in &script.entries {
        let Action::Run { expect, .. } = &entry.action else {
            run.skipped_commands += 1;
            continue;
        };
        ran_lines.push(entry.line);
        let verdict = match results.next() {
            Some(result) => judge::judge(expect, &result),
            None => Err("the engine gave no result".into()),
        };
        let known = expected.known_failure(name, &script.name, entry.line);
        match (verdict, known) {
            (Ok(()), None) => run.passed += 1,
            (Ok(()), Some(reason)) => {
                run.passed += 1;
                run.surprises.push(Surprise {
                    line: entry.line,
                    detail: format!("{}: unexpected pass (listed as failing: {reason})", entry.directive),
                });
            }
            (Err(detail), known) => {
                run.failed += 1;
                let detail = format!("{}: {detail}", entry.directive);
                if known.is_some() {
                    run.known += 1;
                } else {
                    run.surprises.push(Surprise {
                        line: entry.line,
                        detail: detail.clone(),
                    });
                }
                run.failures.push(Surprise {
                    line: entry.line,
                    detail,
                });
            }
        }
    }
    for (line, reason) in expected.failing(name, &script.name) {
        if !ran_lines.contains(&line) {
            run.surprises.push(Surprise {
                line,
                detail: format!("listed as failing ({reason}), but no command at this line ran"),
            });
        }
    }
    run
}
