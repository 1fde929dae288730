//! Stale known bugs: entries of the known-bug list whose reproducers no longer diverge on the
//! linked engines (the engine fixed the bug, and the entry should go), or diverge otherwise than
//! the entry says (the entry no longer describes the bug). `crosscheck findings --stale-known`
//! and the nightly report (`report --stale-known`) use it.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Result;
use crosscheck_oracles::Engine;
use serde::Serialize;

use crate::compare::{Class, Verdict};
use crate::engines::{EngineSet, Isolation};
use crate::execute;
use crate::finding::Finding;
use crate::finding::host_conditions::Host;
use crate::known::{Absorbed, Known, KnownList};

/// Replays of a reproducer before it counts as no longer diverging: some known bugs read stale
/// engine memory and show only on some runs.
pub const TRIES: usize = 10;

/// What replaying one reproducer of an entry showed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "detail")]
pub enum Replayed {
    /// It diverged, and the entry matches the divergence.
    Reproduces,
    /// It diverged, but the entry does not match: the signature seen.
    Otherwise(String),
    /// Every engine agreed in every replay.
    Agrees,
    /// It could not be replayed here (a missing directory, an engine not available, a host that
    /// lacks what an emulator fault needs): why.
    Skipped(String),
}

/// One entry's verdict.
#[derive(Clone, Debug, Serialize)]
pub struct EntryCheck {
    /// The entry's name.
    pub name: String,
    /// Each reproducer (directory of the regression corpus) and what its replays showed.
    pub reproducers: Vec<(String, Replayed)>,
    /// What the entry absorbed in the finding directory looked at (see
    /// [`crate::known::absorbed`]), when it absorbed anything there.
    pub absorbed: Option<Absorbed>,
}

impl EntryCheck {
    /// Whether the entry is stale: some reproducer was replayed and none reproduces.
    pub fn stale(&self) -> bool {
        let ran = self.reproducers.iter().any(|(_, r)| !matches!(r, Replayed::Skipped(_)));
        ran && !self.reproducers.iter().any(|(_, r)| *r == Replayed::Reproduces)
    }
}

/// Replays the reproducers of every entry of `known`, found in `regressions`, each on the engines
/// that ran it (its reduction's engines for a reduced one), and notes what each entry absorbed
/// (`absorbed`, by entry name). Crashes and hangs replay where `isolation` says; other classes
/// in-process, where a bug that reads stale engine memory shows.
pub fn check(
    known: &KnownList,
    regressions: &Path,
    isolation: &Isolation,
    absorbed: &BTreeMap<String, Absorbed>,
) -> Vec<EntryCheck> {
    known
        .entries()
        .iter()
        .map(|entry| EntryCheck {
            name: entry.name.clone(),
            reproducers: entry
                .regressions
                .iter()
                .map(|dir| {
                    let replayed = replay(entry, &regressions.join(dir), isolation)
                        .unwrap_or_else(|e| Replayed::Skipped(format!("{e:#}").replace('\n', " ")));
                    (dir.clone(), replayed)
                })
                .collect(),
            absorbed: absorbed.get(&entry.name).cloned(),
        })
        .collect()
}

/// What an entry absorbed, in words: `absorbed 12 divergences; 2 distinct signatures, ...`.
pub fn describe_absorbed(absorbed: &Absorbed) -> String {
    format!("absorbed {} divergences{}", absorbed.divergences, absorbed.describe())
}

/// What a replay showed, in words.
pub fn describe(replayed: &Replayed) -> String {
    match replayed {
        Replayed::Reproduces => "reproduces".into(),
        Replayed::Otherwise(signature) => format!("diverges otherwise ({signature})"),
        Replayed::Agrees => format!("no divergence in {TRIES} replays"),
        Replayed::Skipped(why) => format!("skipped: {why}"),
    }
}

fn replay(entry: &Known, dir: &Path, isolation: &Isolation) -> Result<Replayed> {
    let finding = Finding::load(dir)?;
    if let Some(conditions) = &finding.meta.host_conditions
        && let Some(why) = conditions.not_checked("the reproducer", &Host::current())
    {
        return Ok(Replayed::Skipped(why));
    }
    let (wasm, plan) = finding.best()?;
    let names = finding.best_engines()?;
    let isolation = match finding.meta.class {
        Class::Crash | Class::Hang => isolation,
        _ => &Isolation::InProcess,
    };
    let set = EngineSet::from_list(&names.join(","), isolation)?;
    let engines: Vec<&dyn Engine> = set.engines().collect();
    let fuel = plan.options.fuel.is_some();
    let mut otherwise = None;
    for _ in 0..TRIES {
        if let Verdict::Diverge(d) = execute::run_with(&engines, &wasm, &plan, execute::Concurrency::Sequential).verdict
        {
            if entry.matches(&d, &wasm, fuel) {
                return Ok(Replayed::Reproduces);
            }
            otherwise = Some(d.signature());
        }
    }
    Ok(otherwise.map_or(Replayed::Agrees, Replayed::Otherwise))
}
