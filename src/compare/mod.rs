//! The divergence rules of DESIGN.md: executions of one module and plan on several engines are
//! compared step by step, and the first difference is the divergence.

mod state;
mod step;

use crosscheck_oracles::{Execution, RejectionKind, StepOutcome};
use serde::{Deserialize, Serialize};

pub use step::compare_steps;

/// The class of a divergence (DESIGN.md, "Divergence rules").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    /// Both returned, with different values.
    Result,
    /// Different trap kinds, or one trapped and the other returned.
    Trap,
    /// An exported memory, global or table size differs after a step.
    State,
    /// An engine failed in a way that is not a Wasm trap, or rejected a module the others ran.
    Crash,
    /// The sequence of host-import calls differs.
    HostCalls,
    /// One engine overflowed its stack where another did not.
    StackOverflow,
    /// An engine did not finish a step before the watchdog's deadline.
    Hang,
}

impl Class {
    /// The kebab-case name used in signatures and reports.
    pub fn name(self) -> &'static str {
        match self {
            Class::Result => "result",
            Class::Trap => "trap",
            Class::State => "state",
            Class::Crash => "crash",
            Class::HostCalls => "host-calls",
            Class::StackOverflow => "stack-overflow",
            Class::Hang => "hang",
        }
    }
}

/// How two engines' records of one step differ.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepDifference {
    /// The divergence class.
    pub class: Class,
    /// A short stable key for the signature, e.g. `memory-out-of-bounds/returned`.
    pub key: String,
    /// A human-readable explanation, e.g. the first differing memory offset and a byte window.
    pub detail: String,
}

/// The first divergence among a set of executions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Divergence {
    /// The divergence class.
    pub class: Class,
    /// The step at which it happened: 0 is instantiation, `i + 1` is call `i` of the plan.
    pub step: usize,
    /// The first pair of engines (in the run's engine order) that disagree.
    pub engines: [String; 2],
    /// The signature key of the difference (see [`StepDifference::key`]).
    pub key: String,
    /// A human-readable explanation.
    pub detail: String,
    /// All engines grouped by identical records at `step`, largest group first.
    pub groups: Vec<Vec<String>>,
}

impl Divergence {
    /// The deduplication signature: class, the disagreeing pair and the difference key, as a
    /// file-name-safe string, e.g. `trap--winch-x64--wasmi--memory-out-of-bounds.returned`.
    pub fn signature(&self) -> String {
        let raw = format!(
            "{}--{}--{}--{}",
            self.class.name(),
            self.engines[0],
            self.engines[1],
            self.key
        );
        raw.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                    c
                } else {
                    '.'
                }
            })
            .take(120)
            .collect()
    }
}

/// The verdict on one module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Every engine observed the same thing.
    Agree,
    /// The module cannot be compared; the reason is counted, not reported.
    Discard(&'static str),
    /// The engines disagree.
    Diverge(Divergence),
}

/// Compares the executions of one module and plan, given as `(engine name, execution)` in the
/// run's engine order.
///
/// A module that any engine rejects as unsupported or for a resource limit is discarded; one that
/// some engines reject with an error while others run it is a `crash` of the rejecting engine.
/// After a step where any engine trapped with a kind that
/// [ends state comparison](crosscheck_oracles::TrapKind::ends_state_comparison), state is no
/// longer compared, but outcomes and host calls still are.
pub fn compare(executions: &[(&str, &Execution)]) -> Verdict {
    if let Some(verdict) = compare_rejections(executions) {
        return verdict;
    }
    let steps = executions.iter().map(|(_, e)| e.steps.len()).max().unwrap_or(0);
    let mut compare_state = true;
    for step in 0..steps {
        for (i, (a_name, a)) in executions.iter().enumerate() {
            for (b_name, b) in &executions[i + 1..] {
                let diff = match (a.steps.get(step), b.steps.get(step)) {
                    (Some(x), Some(y)) => compare_steps(x, y, compare_state),
                    (Some(x), None) => Some(step::missing_step(Some(x), None)),
                    (None, Some(y)) => Some(step::missing_step(None, Some(y))),
                    (None, None) => None,
                };
                if let Some(d) = diff {
                    let groups = group(executions, step, compare_state);
                    return Verdict::Diverge(Divergence {
                        class: d.class,
                        step,
                        engines: [a_name.to_string(), b_name.to_string()],
                        key: d.key,
                        detail: d.detail,
                        groups,
                    });
                }
            }
        }
        let ends_state = executions.iter().any(|(_, e)| {
            matches!(e.steps.get(step).map(|s| &s.outcome), Some(StepOutcome::Trapped(k)) if k.ends_state_comparison())
        });
        compare_state &= !ends_state;
    }
    Verdict::Agree
}

fn compare_rejections(executions: &[(&str, &Execution)]) -> Option<Verdict> {
    let rejected: Vec<_> = executions
        .iter()
        .filter_map(|(name, e)| e.rejection.as_ref().map(|r| (*name, r)))
        .collect();
    if rejected.is_empty() {
        return None;
    }
    if let Some((_, r)) = rejected.iter().find(|(_, r)| r.kind != RejectionKind::Error) {
        return Some(Verdict::Discard(match r.kind {
            RejectionKind::Unsupported => "unsupported-by-engine",
            _ => "resource-limit",
        }));
    }
    if rejected.len() == executions.len() {
        return Some(Verdict::Discard("rejected-by-every-engine"));
    }
    let (name, rejection) = rejected[0];
    let runner = executions
        .iter()
        .find(|(_, e)| e.rejection.is_none())
        .map(|(n, _)| *n)
        .unwrap_or_default();
    let (mut accepted, mut refused) = (Vec::new(), Vec::new());
    for (n, e) in executions {
        if e.rejection.is_some() {
            refused.push(n.to_string())
        } else {
            accepted.push(n.to_string())
        }
    }
    Some(Verdict::Diverge(Divergence {
        class: Class::Crash,
        step: 0,
        engines: [name.to_string(), runner.to_string()],
        key: "rejected".into(),
        detail: format!("{name} rejected a module that {runner} runs: {}", rejection.message),
        groups: vec![accepted, refused],
    }))
}

/// Groups engines whose records of `step` are identical under the comparison rules.
fn group(executions: &[(&str, &Execution)], step: usize, compare_state: bool) -> Vec<Vec<String>> {
    let mut groups: Vec<(usize, Vec<String>)> = Vec::new();
    for (i, (name, e)) in executions.iter().enumerate() {
        let same = |j: usize| match (e.steps.get(step), executions[j].1.steps.get(step)) {
            (Some(x), Some(y)) => compare_steps(x, y, compare_state).is_none(),
            (None, None) => true,
            _ => false,
        };
        match groups.iter_mut().find(|(rep, _)| same(*rep)) {
            Some((_, members)) => members.push(name.to_string()),
            None => groups.push((i, vec![name.to_string()])),
        }
    }
    let mut groups: Vec<Vec<String>> = groups.into_iter().map(|(_, g)| g).collect();
    groups.sort_by_key(|g| std::cmp::Reverse(g.len()));
    groups
}
