//! Real engines on the hand-written cases of `corpora/traps/`: every engine reports what each
//! file's `;; expect EXPORT trap KIND` / `;; expect EXPORT returns VALUES` lines say, and the
//! engines agree with each other. A file with a `;; options interrupts` line runs in interrupt
//! mode; one with `;; options stack-rerun` must need the stack-overflow re-run (and no other
//! file may). Engines run as a campaign runs them (`crosscheck::execute::run`), so an engine that
//! overflows its stack is re-run with a bigger one. The aarch64 engines run the same files under
//! QEMU (skipped when QEMU is not installed, see `support::aarch64_available`).

use crate::support;

use std::path::Path;

use crosscheck::compare::Verdict;
use crosscheck::engines::Isolation;
use crosscheck::execute;
use crosscheck_oracles::{CallPlan, Engine, PlannedCall, StepOutcome};

const NATIVE: [&str; 5] = [
    "winch-x64",
    "cranelift-x64:o0",
    "cranelift-x64:speed",
    "cranelift-x64:size",
    "wasmi",
];

/// The aarch64 engines, and wasmi as the native reference.
const AARCH64: [&str; 5] = [
    "winch-aarch64",
    "cranelift-aarch64:o0",
    "cranelift-aarch64:speed",
    "cranelift-aarch64:size",
    "wasmi",
];

/// The expectations of a corpus file, in file order: export name and expected outcome text
/// (`trap KIND` or `returns VALUES`).
fn expectations(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|l| l.trim().strip_prefix(";; expect "))
        .map(|rest| {
            let (export, expected) = rest.split_once(' ').expect("`;; expect EXPORT trap|returns ...`");
            (export.to_string(), expected.trim().to_string())
        })
        .collect()
}

fn describe(outcome: &StepOutcome) -> String {
    match outcome {
        StepOutcome::Returned(values) => {
            let v: Vec<String> = values.iter().map(|v| v.to_string()).collect();
            format!("returns {}", v.join(" ")).trim_end().to_string()
        }
        StepOutcome::Trapped(kind) => format!("trap {kind}"),
        StepOutcome::Crashed(message) => format!("crashed {message}"),
        StepOutcome::Hung(message) => format!("hung {message}"),
    }
}

fn check_file(path: &Path, all_engines: &[Box<dyn Engine>]) -> usize {
    let text = std::fs::read_to_string(path).unwrap();
    let wasm = wat::parse_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let expected = expectations(&text);
    assert!(!expected.is_empty(), "{} has no expectations", path.display());
    let calls = expected
        .iter()
        .map(|(export, _)| PlannedCall {
            export: export.clone(),
            args: vec![],
        })
        .collect();
    let mut plan = CallPlan {
        calls,
        ..CallPlan::default()
    };
    plan.options.interrupts = text.lines().any(|l| l.trim() == ";; options interrupts");
    let engines: Vec<&dyn Engine> = all_engines
        .iter()
        .map(|e| e.as_ref())
        // An engine runs the files whose proposals it supports (Winch has no reference types).
        .filter(|e| {
            wasmparser::Validator::new_with_features(e.proposals().features())
                .validate_all(&wasm)
                .is_ok()
        })
        .collect();
    assert!(
        engines.len() >= 2,
        "{}: fewer than two engines can run it",
        path.display()
    );
    let outcome = execute::run(&engines, &wasm, &plan);
    for (engine, run) in engines.iter().zip(&outcome.executions) {
        assert!(
            run.rejection.is_none(),
            "{} rejected {}: {:?}",
            engine.name(),
            path.display(),
            run.rejection
        );
        assert_eq!(
            run.steps.len(),
            expected.len() + 1,
            "{} on {}",
            engine.name(),
            path.display()
        );
        for ((export, want), step) in expected.iter().zip(&run.steps[1..]) {
            assert_eq!(
                &describe(&step.outcome),
                want,
                "{} on {}: {export}",
                engine.name(),
                path.display()
            );
        }
    }
    assert_eq!(outcome.verdict, Verdict::Agree, "{}", path.display());
    let rerun_expected = text.lines().any(|l| l.trim() == ";; options stack-rerun");
    assert_eq!(outcome.stack_rerun, rerun_expected, "{}: stack re-run", path.display());
    expected.len()
}

/// Checks every corpus file on the engines `names` (built as a campaign builds them: an aarch64
/// engine in its worker under QEMU).
fn check_corpus(names: &[&str]) {
    let engines: Vec<Box<dyn Engine>> = names.iter().map(|n| Isolation::InProcess.build(n).unwrap()).collect();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/traps");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "wat"));
    files.sort();
    let mut kinds = std::collections::BTreeSet::new();
    for file in &files {
        check_file(file, &engines);
        for (_, want) in expectations(&std::fs::read_to_string(file).unwrap()) {
            if let Some(kind) = want.strip_prefix("trap ") {
                kinds.insert(kind.to_string());
            }
        }
    }
    for kind in [
        "memory-out-of-bounds",
        "table-out-of-bounds",
        "indirect-call-to-null",
        "bad-signature",
        "integer-overflow",
        "integer-division-by-zero",
        "bad-conversion-to-integer",
        "unreachable",
        "stack-overflow",
        "interrupt",
        "host-trap",
        "gc-heap-exhausted",
    ] {
        assert!(kinds.contains(kind), "no corpus case traps with {kind}");
    }
}

#[test]
fn every_engine_traps_as_each_corpus_file_expects() {
    check_corpus(&NATIVE);
}

#[test]
fn every_aarch64_engine_under_qemu_traps_as_each_corpus_file_expects() {
    if support::aarch64_available("every_aarch64_engine_under_qemu_traps_as_each_corpus_file_expects") {
        check_corpus(&AARCH64);
    }
}
