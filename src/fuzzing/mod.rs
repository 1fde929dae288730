//! The library side of the `cargo fuzz` targets (`fuzz/fuzz_targets/`): a libFuzzer input decodes
//! to engines, a mode, a module and a call plan; the engines run it and any divergence is reported.
//!
//! The decoding ([`Harness::decode`]) is the contract between a target and `crosscheck replay
//! --fuzz-input TARGET FILE`: byte 0 chooses the engines (bit `i` keeps candidate `i`; the first
//! candidate is always kept, and fewer than two kept means all), byte 1 chooses the mode among
//! the target's, and the rest is the generator's input ([`Generator::from_bytes`]).

mod target;

pub use target::{ENGINES_VAR, TARGETS, Target};

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use anyhow::Result;
use crosscheck_oracles::{Engine, Execution, ProposalSet};

use crate::compare::{Divergence, Verdict};
use crate::engines::{EngineSet, Isolation};
use crate::execute;
use crate::generate::{Discard, Generator, Mode, TestCase};
use crate::known::KnownList;

/// What an input decodes to.
pub struct Decoded {
    /// Indices of the chosen engines among the harness's, in order.
    pub engines: Vec<usize>,
    /// The mode of the generator.
    pub mode: Mode,
    /// The module and plan.
    pub case: TestCase,
}

/// What running an input gave.
pub enum Run {
    /// The input decodes to no test case.
    Discarded(Discard),
    /// The engines agree, or the module is not comparable.
    Agreed,
    /// The engines diverge.
    Diverged {
        /// The decoded input (boxed: it holds the module).
        decoded: Box<Decoded>,
        /// The divergence.
        divergence: Divergence,
        /// Each chosen engine's execution, in order.
        executions: Vec<Execution>,
    },
}

/// A target's engines, built once, its generators, built on first use, and the known bugs it does
/// not report.
pub struct Harness {
    target: Target,
    set: EngineSet,
    generators: Mutex<HashMap<(ProposalSet, Mode), Arc<Generator>>>,
    known: KnownList,
    seen_known: Mutex<BTreeSet<String>>,
}

impl Harness {
    /// The harness of `target` with its engines ([`ENGINES_VAR`] when set, else
    /// [`Target::default_engines`]), each where `isolation` says (engines of another architecture
    /// always run in an emulated worker).
    ///
    /// # Errors
    ///
    /// An unknown or unavailable engine.
    pub fn new(target: Target, isolation: &Isolation) -> Result<Harness> {
        let names = match std::env::var(ENGINES_VAR) {
            Ok(list) if !list.trim().is_empty() => list,
            _ => target.default_engines().join(","),
        };
        Harness::with_engines(target, &names, isolation)
    }

    /// The harness of `target` with the engines of the comma-separated list `names` and the known
    /// bugs that [`crate::known::KNOWN_VAR`] selects.
    ///
    /// # Errors
    ///
    /// An unknown or unavailable engine; an unreadable or malformed known-bug list.
    pub fn with_engines(target: Target, names: &str, isolation: &Isolation) -> Result<Harness> {
        Ok(Harness {
            target,
            set: EngineSet::from_list(names, isolation)?,
            generators: Mutex::new(HashMap::new()),
            known: KnownList::from_env()?,
            seen_known: Mutex::new(BTreeSet::new()),
        })
    }

    /// The same harness with the known-bug list `known` instead.
    pub fn with_known(self, known: KnownList) -> Harness {
        Harness { known, ..self }
    }

    /// The harness's engines, in order.
    pub fn engines(&self) -> Vec<&dyn Engine> {
        self.set.engines().collect()
    }

    /// Decodes a libFuzzer input (see the module documentation).
    ///
    /// # Errors
    ///
    /// A [`Discard`] when the input gives no test case.
    pub fn decode(&self, data: &[u8]) -> Result<Decoded, Discard> {
        let all = self.engines();
        let mask = data.first().copied().unwrap_or(0xff) | 1;
        let mut chosen: Vec<usize> = (0..all.len()).filter(|i| *i >= 8 || mask >> i & 1 == 1).collect();
        if chosen.len() < 2 {
            chosen = (0..all.len()).collect();
        }
        let modes = self.target.modes();
        let mode = modes[usize::from(data.get(1).copied().unwrap_or(0)) % modes.len()];
        let proposals = chosen.iter().fold(ProposalSet::all(), |set, i| {
            set.intersection(all[*i].support().complete_proposals())
        });
        let generator = self.generator(proposals, mode);
        let case = generator.from_bytes(data.get(2..).unwrap_or_default())?;
        Ok(Decoded {
            engines: chosen,
            mode,
            case,
        })
    }

    /// Decodes `data` and runs it on the chosen engines.
    pub fn run(&self, data: &[u8]) -> Run {
        let decoded = match self.decode(data) {
            Ok(d) => d,
            Err(discard) => return Run::Discarded(discard),
        };
        let all = self.engines();
        let chosen: Vec<&dyn Engine> = decoded.engines.iter().map(|i| all[*i]).collect();
        let outcome = execute::run(&chosen, &decoded.case.wasm, &decoded.case.plan);
        match outcome.verdict {
            Verdict::Diverge(divergence) => Run::Diverged {
                decoded: Box::new(decoded),
                divergence,
                executions: outcome.executions,
            },
            Verdict::Agree | Verdict::Discard(_) => Run::Agreed,
        }
    }

    /// The body of a fuzz target: runs `data` and panics with [`summary`] on a divergence, so that
    /// libFuzzer saves the input as a crash artifact, unless the divergence is a known bug of the
    /// harness's list (then it says so on stderr, once per known bug). Returns whether the input
    /// decoded to a test case (libFuzzer keeps only those in its corpus).
    pub fn check(&self, data: &[u8]) -> bool {
        match self.run(data) {
            Run::Discarded(_) => false,
            Run::Agreed => true,
            Run::Diverged {
                decoded, divergence, ..
            } => {
                let fuel = decoded.case.plan.options.fuel.is_some();
                let Some(found) = self.known.matching(&divergence, &decoded.case.wasm, fuel) else {
                    panic!("{}", summary(self.target, &divergence, &decoded));
                };
                let known = found.entry;
                let mut seen = self.seen_known.lock().unwrap_or_else(|p| p.into_inner());
                if seen.insert(known.name.clone()) {
                    eprintln!(
                        "crosscheck: divergence {} is the known bug `{}` ({}); not reported \
                         (set {}=off to report known bugs)",
                        divergence.signature(),
                        found.describe(),
                        known.regressions.join(", "),
                        crate::known::KNOWN_VAR
                    );
                }
                true
            }
        }
    }

    fn generator(&self, proposals: ProposalSet, mode: Mode) -> Arc<Generator> {
        let mut cache = self.generators.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let target = self.target;
        Arc::clone(cache.entry((proposals, mode)).or_insert_with(|| {
            Arc::new(if target == Target::SpecMutate {
                Generator::mutating_spec(proposals)
            } else {
                Generator::new(proposals, mode)
            })
        }))
    }
}

/// The harness of a fuzz target, in-process (engines of another architecture in their emulated
/// worker): what `fuzz/fuzz_targets/*.rs` build once.
///
/// # Panics
///
/// When an engine cannot be built (for example QEMU missing for `differential_aarch64`), with the
/// reason: a fuzz target cannot do anything else.
pub fn harness(target: Target) -> Harness {
    Harness::new(target, &Isolation::InProcess)
        .unwrap_or_else(|e| panic!("crosscheck fuzz target {}: {e:#}", target.name()))
}

/// The readable summary a target panics with on a divergence.
pub fn summary(target: Target, divergence: &Divergence, decoded: &Decoded) -> String {
    format!(
        "crosscheck {} divergence ({}) at {}: {} vs {}\n  {}\n  groups: {:?}\n  \
         replay: crosscheck replay --fuzz-input {} ARTIFACT",
        target.name(),
        divergence.class.name(),
        decoded.case.plan.step_label(divergence.step),
        divergence.engines[0],
        divergence.engines[1],
        divergence.detail,
        divergence.groups,
        target.name()
    )
}
