//! The reduction predicate: a candidate module and plan are interesting when the engines still
//! diverge with the finding's root-cause signature (class, breaking engines and their normalized
//! outcome, see `crate::compare::cause`).

use std::time::{Duration, Instant};

use crosscheck_oracles::{CallPlan, Engine, Execution};

use crate::compare::{Divergence, Verdict};
use crate::execute;

/// The engines a reduction runs and the signature it keeps, with the last interesting run.
pub struct Target<'a> {
    engines: &'a [&'a dyn Engine],
    signature: &'a str,
    deadline: Instant,
    /// Whether a stop request ([`crate::stop`]) ends it as its deadline does.
    stoppable: bool,
    /// How many candidates ran on the engines.
    pub candidates: u64,
    /// The executions and divergence of the last interesting candidate.
    pub last: Option<(Vec<Execution>, Divergence)>,
    /// The wall time of the slowest engine in the last interesting run.
    pub last_time: Duration,
}

impl<'a> Target<'a> {
    /// A predicate that runs `engines` until `deadline` and keeps `signature`.
    pub fn new(engines: &'a [&'a dyn Engine], signature: &'a str, deadline: Instant) -> Target<'a> {
        Target {
            engines,
            signature,
            deadline,
            stoppable: false,
            candidates: 0,
            last: None,
            last_time: Duration::ZERO,
        }
    }

    /// The same predicate, ended by a stop request too.
    pub fn stoppable(self) -> Target<'a> {
        Target {
            stoppable: true,
            ..self
        }
    }

    /// Whether the time budget is spent (or, when [`Target::stoppable`], a stop was requested).
    pub fn expired(&self) -> bool {
        Instant::now() >= self.deadline || (self.stoppable && crate::stop::requested())
    }

    /// Runs `wasm` and `plan` and tells whether they diverge with the signature; `false` without
    /// running once the budget is spent.
    pub fn holds(&mut self, wasm: &[u8], plan: &CallPlan) -> bool {
        let engines = self.engines;
        self.holds_on(engines, wasm, plan)
    }

    /// [`Target::holds`] on other engines than the target's (the same engines in other
    /// configurations, see [`super::config`]).
    pub fn holds_on(&mut self, engines: &[&dyn Engine], wasm: &[u8], plan: &CallPlan) -> bool {
        if self.expired() {
            return false;
        }
        self.candidates += 1;
        let outcome = execute::run(engines, wasm, plan);
        match outcome.verdict {
            Verdict::Diverge(d) if d.signature() == self.signature => {
                self.last_time = outcome.times.iter().copied().max().unwrap_or_default();
                self.last = Some((outcome.executions, d));
                true
            }
            _ => false,
        }
    }

    /// The step of the last interesting run's divergence.
    pub fn step(&self) -> Option<usize> {
        self.last.as_ref().map(|(_, d)| d.step)
    }
}
