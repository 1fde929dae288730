//! Exporting a finding as a test an engine's developers can commit: a `.wast` script ([`wast`]) or
//! a standalone Rust test against the `wasmtime` API ([`rust`]); or as a bug report in Markdown
//! ([`report`]). Both assert, step by step, what
//! the *right* engines did: the largest group of agreeing engines at the diverging step, or on a
//! tie the group of the wasmi oracle.

mod cli_lines;
mod host_module;
mod literal;
pub mod report;
pub mod rust;
mod state_checks;
pub mod wast;

use anyhow::{Result, bail};
use crosscheck_oracles::{CallPlan, Engine, Execution, ProposalSet};

use crate::compare::Verdict;
use crate::execute;
use crate::finding::Finding;

/// A finding's reproducer with the outcome the right engines produced.
pub struct Reproducer {
    /// The finding's signature.
    pub signature: String,
    /// The module: `reduced.wasm` when the finding was reduced, else `module.wasm`.
    pub wasm: Vec<u8>,
    /// The plan that goes with it.
    pub plan: CallPlan,
    /// Whether `wasm` and `plan` are the reduced ones.
    pub reduced: bool,
    /// The execution of one right engine: what the test asserts.
    pub reference: Execution,
    /// Every engine's execution of the reproducer, by engine name, in run order.
    pub executions: Vec<(String, Execution)>,
    /// The engines that agree with the reference at the diverging step.
    pub right: Vec<String>,
    /// The other engines; empty when every engine agrees today.
    pub wrong: Vec<String>,
    /// Every engine that ran, with its version, e.g. `winch-x64 (wasmtime 50.0.1)`.
    pub versions: Vec<String>,
    /// The proposals every engine supports.
    pub proposals: ProposalSet,
    /// The diverging step (0 is instantiation, `i + 1` is call `i`), when the engines diverge.
    pub step: Option<usize>,
    /// Whether no oracle judged the finding (its divergence today, else its record, has no wasmi
    /// among the engines that ran): the right engines are then the voting majority, or on a tie
    /// the side the tie rule picks (docs/design.md, "The oracle").
    pub without_oracle: bool,
}

impl Reproducer {
    /// The lines that head an exported test: the finding, the engines, who was right, the module.
    pub fn summary(&self) -> Vec<String> {
        let verdict = if self.wrong.is_empty() {
            "every engine agrees on this reproducer today; the test asserts what they all did".to_string()
        } else {
            format!(
                "the test asserts what {} did; {} diverged{}",
                self.right.join(", "),
                self.wrong.join(", "),
                self.step
                    .map(|s| format!(" at {}", self.plan.step_label(s)))
                    .unwrap_or_default()
            )
        };
        let mut lines = vec![
            format!("crosscheck finding {}", self.signature),
            format!("engines: {}", self.versions.join(", ")),
            verdict,
        ];
        if self.without_oracle {
            lines.push(NO_ORACLE_LINE.into());
        }
        lines.push(format!(
            "module: {} ({} bytes), {} calls",
            if self.reduced { "reduced.wasm" } else { "module.wasm" },
            self.wasm.len(),
            self.plan.calls.len()
        ));
        lines
    }
}

/// What an export of a finding no oracle judged says about its expected results.
pub const NO_ORACLE_LINE: &str = "no oracle ran this module: the expected results are the voting \
     majority's of the engines that ran it (on a tie, the side the tie rule picks)";

/// Runs the finding's best reproducer on `engines` (its recorded engines) and picks the reference.
///
/// # Errors
///
/// As [`Finding::best`].
pub fn reproducer(finding: &Finding, engines: &[&dyn Engine]) -> Result<Reproducer> {
    let reduced = finding.reduced()?;
    let is_reduced = reduced.is_some();
    let (wasm, plan) = reduced.unwrap_or_else(|| (finding.wasm.clone(), finding.plan.clone()));
    let outcome = execute::run(engines, &wasm, &plan);
    let names: Vec<String> = engines.iter().map(|e| e.name().to_string()).collect();
    let (right, step, without_oracle) = match &outcome.verdict {
        Verdict::Diverge(d) => (right_group(&d.groups), Some(d.step), d.without_oracle()),
        Verdict::Agree | Verdict::Discard(_) => (names.clone(), None, finding.meta.vote.is_some()),
    };
    let Some(index) = names.iter().position(|n| right.contains(n)) else {
        bail!("{}: no engine ran the reproducer", finding.dir.display());
    };
    Ok(Reproducer {
        signature: finding.meta.signature.clone(),
        wrong: names.iter().filter(|n| !right.contains(n)).cloned().collect(),
        versions: engines
            .iter()
            .map(|e| format!("{} ({})", e.name(), e.version()))
            .collect(),
        reference: outcome.executions[index].clone(),
        executions: names.iter().cloned().zip(outcome.executions.iter().cloned()).collect(),
        proposals: engines
            .iter()
            .fold(ProposalSet::all(), |set, e| set.intersection(e.proposals())),
        right,
        step,
        wasm,
        plan,
        reduced: is_reduced,
        without_oracle,
    })
}

/// The right group: the reference group of the root-cause rules (the largest; among equally
/// large ones the one with wasmi, then the one with fewer configured engines; see
/// [`crate::compare::cause`]).
fn right_group(groups: &[Vec<String>]) -> Vec<String> {
    crate::compare::cause::reference_group(groups)
        .map(|i| groups[i].clone())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn the_majority_is_right_and_wasmi_then_cranelift_break_ties() {
        let majority = [group(&["winch-x64", "cranelift-x64:o0"]), group(&["wasmi"])];
        assert_eq!(right_group(&majority), group(&["winch-x64", "cranelift-x64:o0"]));
        let tie = [group(&["winch-x64"]), group(&["wasmi"])];
        assert_eq!(right_group(&tie), group(&["wasmi"]));
        let tie_without_oracle = [group(&["winch-x64"]), group(&["cranelift-x64:o0"])];
        assert_eq!(right_group(&tie_without_oracle), group(&["cranelift-x64:o0"]));
    }
}
