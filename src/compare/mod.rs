//! The divergence rules of docs/design.md: executions of one module and plan on several engines are
//! compared step by step, and the first difference is the divergence.

pub mod cause;
pub mod cross_version;
pub mod emulation_note;
mod readings;
mod state;
mod step;

use crosscheck_oracles::naming::WASMI;
use crosscheck_oracles::{Execution, RejectionKind, StepOutcome, TrapKind};
use serde::{Deserialize, Serialize};

use crate::discard::DiscardReason;

pub use readings::Readings;
pub use step::{compare_steps, describe as describe_outcome};

/// The class of a divergence (docs/design.md, "One module, step by step").
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
    /// Wasmtime engines with the same fuel budget ran out at different steps or have different
    /// fuel left.
    Fuel,
    /// Wasmtime engines report different Wasm frames for the same trap.
    Backtrace,
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
            Class::Fuel => "fuel",
            Class::Backtrace => "backtrace",
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
    /// The pair's difference key (see [`StepDifference::key`]).
    pub key: String,
    /// A human-readable explanation.
    pub detail: String,
    /// All engines grouped by identical records at `step`, largest group first.
    pub groups: Vec<Vec<String>>,
    /// The engines that broke: the breaking group of the step (see [`cause`]), full names.
    pub minority: Vec<String>,
    /// What they did, normalized (see [`cause::cause_key`]).
    pub cause: String,
}

/// Longest signature, in characters (it is a directory name).
const SIGNATURE_CHARS: usize = 120;

impl Divergence {
    /// The root-cause signature, also the finding's directory name: the class, the families of
    /// the breaking engines (without settings or opt level, joined by `+`) and their normalized
    /// outcome, e.g. `crash--winch-x64--panic.Cannot.emit.inst._.for.target...@winch-codegen...`
    /// or `result--wasmi--i32`. The agreeing engines do not enter it, nor the values. A signature
    /// longer than 120 characters keeps its first 111 and a hash of the whole (`-` and 8 hex
    /// digits, CRC-32). The settings a divergence needs enter only through a reduction (see
    /// [`crate::reduce::config`]).
    ///
    /// A divergence judged without the oracle ([`Divergence::without_oracle`]) ends in
    /// [`NO_ORACLE`], kept whatever the length, so that it never shares a finding with an
    /// oracle-backed divergence of the same shape.
    pub fn signature(&self) -> String {
        let mut families: Vec<_> = self.minority.iter().map(|n| cause::family(n)).collect();
        families.dedup();
        let raw = format!("{}--{}--{}", self.class.name(), families.join("+"), self.cause);
        if self.without_oracle() {
            return format!("{}{NO_ORACLE}", limited(&raw, SIGNATURE_CHARS - NO_ORACLE.len()));
        }
        limited(&raw, SIGNATURE_CHARS)
    }

    /// Whether the wasmi oracle is among the engines that ran the diverging step (in
    /// [`Divergence::groups`]).
    pub fn oracle_ran(&self) -> bool {
        self.groups.iter().flatten().any(|n| cause::family(n) == WASMI)
    }

    /// Whether the verdict is the vote of engines without the oracle: the oracle did not run the
    /// module (it does not compile a feature the module uses, or the run has no wasmi), in a class
    /// it is compared in (all but `fuel` and `backtrace`, where it never votes).
    pub fn without_oracle(&self) -> bool {
        !self.oracle_ran() && !matches!(self.class, Class::Fuel | Class::Backtrace)
    }

    /// Whether the verdict was a tie: the reference group (see [`cause::reference_group`]) weighs
    /// no more than the breaking group ([`cause::weight`]), so which side broke is the tie rule's
    /// choice, not a majority's.
    pub fn tie(&self) -> bool {
        let reference = cause::reference_group(&self.groups).map_or(0, |i| cause::weight(&self.groups[i]));
        reference <= cause::weight(&self.minority)
    }
}

/// The end of the signature of a divergence judged without the oracle.
pub const NO_ORACLE: &str = "--no-oracle";

/// `raw` with every character other than letters, digits, `-`, `.`, `_`, `+` and `@` replaced by
/// `.`, at most `chars` characters long: a longer one keeps its first `chars - 9` and a CRC-32
/// of the whole (`-` and 8 hex digits).
fn limited(raw: &str, chars: usize) -> String {
    let safe: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '+' | '@') {
                c
            } else {
                '.'
            }
        })
        .collect();
    if safe.len() <= chars {
        return safe;
    }
    let head: String = safe.chars().take(chars - 9).collect();
    format!("{head}-{:08x}", crc32fast::hash(safe.as_bytes()))
}

/// The verdict on one module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Every engine observed the same thing.
    Agree,
    /// The module cannot be compared; the reason is counted, not reported.
    Discard(DiscardReason),
    /// The engines disagree.
    Diverge(Divergence),
}

/// Compares the executions of one module and plan, given as `(engine name, execution)` in the
/// run's engine order.
///
/// A module that any engine rejects as unsupported or for a resource limit is discarded; one that
/// some engines reject with an error while others run it is a `crash` of the rejecting engine.
/// Three rules of docs/design.md ("What is excluded, and why") narrow what is compared
/// as a run goes on:
/// - at a step where engines stopped with the same stack-overflow or interrupt trap, state,
///   backtraces and host calls past the shorter sequence are not compared (see
///   [`compare_steps`]);
/// - after a step where any engine trapped with a kind that
///   [ends state comparison](crosscheck_oracles::TrapKind::ends_state_comparison), and from a step
///   where any engine was interrupted on, only crashes and hangs are compared: the instance's
///   state (memory, globals, the host-call count) now depends on where each engine stopped, and
///   results computed from it may differ, but every engine must keep serving the instance; and
///   where a deadline stops a call is timing, so an engine that finished a slow call another was
///   interrupted in is not wrong;
/// - an engine that meters fuel (reports `fuel_left`) and one that does not are no longer
///   compared from the step where the metered one ran out of fuel on; nor are engines of a run
///   without a fuel budget from the step where one ran out of fuel: only an engine configured to
///   meter fuel anyway (`fuel=on`, see `crosscheck_oracles::config`) can, when one operation costs
///   more than its budget of 2^62 units (a bulk operation on a 64-bit length is charged per
///   element before it runs);
/// - two metered engines that began a step with different fuel left (an earlier trap is not
///   charged precisely: Winch stores its count at every control instruction, Cranelift at calls
///   and fuel checks) are, from a step where both ran out (the one with less making no more host
///   calls than the other), or where the one with less ran out
///   with too little for what the other did there (fewer units than it used when it returned, any
///   amount when it trapped or overran its budget), compared only for crashes and hangs: they
///   stopped at different points of the step, so backtraces, state and host calls differ from
///   there, as after any out-of-fuel.
pub fn compare(executions: &[(&str, &Execution)]) -> Verdict {
    if let Some(verdict) = compare_rejections(executions) {
        return verdict;
    }
    let steps = executions.iter().map(|(_, e)| e.steps.len()).max().unwrap_or(0);
    let metered: Vec<bool> = executions
        .iter()
        .map(|(_, e)| e.steps.first().is_some_and(|s| s.fuel_left.is_some()))
        .collect();
    let mut out_of_fuel = vec![false; executions.len()];
    let mut fuel_apart = vec![vec![false; executions.len()]; executions.len()];
    let mut failures_only = false;
    for step in 0..steps {
        let trapped_with = |e: &Execution, pred: &dyn Fn(TrapKind) -> bool| matches!(e.steps.get(step).map(|s| &s.outcome), Some(StepOutcome::Trapped(k)) if pred(*k));
        failures_only |= executions
            .iter()
            .any(|(_, e)| trapped_with(e, &|k| k == TrapKind::Interrupt));
        for (i, (_, e)) in executions.iter().enumerate() {
            out_of_fuel[i] |= trapped_with(e, &|k| k == TrapKind::OutOfFuel);
        }
        for (i, (a_name, a)) in executions.iter().enumerate() {
            for (j, (b_name, b)) in executions.iter().enumerate().skip(i + 1) {
                if !(metered[i] && metered[j]) && (out_of_fuel[i] || out_of_fuel[j]) {
                    continue;
                }
                let previous = step.checked_sub(1).and_then(|p| a.steps.get(p).zip(b.steps.get(p)));
                if let (Some(x), Some(y)) = (a.steps.get(step), b.steps.get(step)) {
                    fuel_apart[i][j] |= step::ran_out_on_an_earlier_shortfall(x, y, previous);
                }
                let diff = match (a.steps.get(step), b.steps.get(step)) {
                    // Reaching this step, the pair agreed at the step before, or from there on
                    // only failures are reported.
                    (Some(x), Some(y)) => compare_steps(x, y, previous, true),
                    (Some(x), None) if !ended_by_trap(b) => Some(step::missing_step(Some(x), None)),
                    (None, Some(y)) if !ended_by_trap(a) => Some(step::missing_step(None, Some(y))),
                    (Some(_), None) | (None, Some(_)) => None,
                    (None, None) => None,
                };
                let diff = diff
                    .filter(|d| !(failures_only || fuel_apart[i][j]) || matches!(d.class, Class::Crash | Class::Hang));
                if let Some(d) = diff {
                    let groups = group(executions, step);
                    let engines = [a_name.to_string(), b_name.to_string()];
                    let root = cause::root_cause(executions, step, &groups, d.class, &engines, None);
                    return Verdict::Diverge(Divergence {
                        class: d.class,
                        step,
                        engines,
                        key: d.key,
                        detail: d.detail,
                        groups,
                        minority: root.minority,
                        cause: root.cause,
                    });
                }
            }
        }
        failures_only |= executions
            .iter()
            .any(|(_, e)| trapped_with(e, &|k| k.ends_state_comparison()));
    }
    Verdict::Agree
}

/// Whether an execution stopped early because its instantiation trapped: there is no instance to
/// call, so its missing steps are not a failure (the trap itself was compared at step 0).
fn ended_by_trap(e: &Execution) -> bool {
    e.steps.len() == 1 && matches!(e.steps[0].outcome, StepOutcome::Trapped(_))
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
            RejectionKind::Unsupported => DiscardReason::UnsupportedByEngine,
            _ => DiscardReason::ResourceLimit,
        }));
    }
    if rejected.len() == executions.len() {
        return Some(Verdict::Discard(DiscardReason::RejectedByEveryEngine));
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
    let groups = vec![accepted, refused];
    let engines = [name.to_string(), runner.to_string()];
    let root = cause::root_cause(executions, 0, &groups, Class::Crash, &engines, Some(&rejection.message));
    Some(Verdict::Diverge(Divergence {
        class: Class::Crash,
        step: 0,
        engines,
        key: "rejected".into(),
        detail: format!("{name} rejected a module that {runner} runs: {}", rejection.message),
        groups,
        minority: root.minority,
        cause: root.cause,
    }))
}

/// Groups engines whose records of `step` are identical under the comparison rules.
fn group(executions: &[(&str, &Execution)], step: usize) -> Vec<Vec<String>> {
    let mut groups: Vec<(usize, Vec<String>)> = Vec::new();
    for (i, (name, e)) in executions.iter().enumerate() {
        let same = |j: usize| match (e.steps.get(step), executions[j].1.steps.get(step)) {
            (Some(x), Some(y)) => {
                let other = &executions[j].1;
                let previous = step.checked_sub(1).and_then(|p| e.steps.get(p).zip(other.steps.get(p)));
                compare_steps(x, y, previous, false).is_none()
            }
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
