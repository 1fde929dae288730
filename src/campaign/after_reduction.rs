//! A divergence whose module hides a known bug's construct is matched on its reduction: the
//! campaign counts it under the entry, noted, and reports no new finding.

use std::sync::Arc;
use std::time::Duration;

use crosscheck_oracles::{CallPlan, PlannedCall, ProposalSet, Value, registry};

use super::*;
use crate::engines::Slot;
use crate::generate::{Mode, Source};
use crate::known::KnownList;

/// wasmi 2.0.0's `select` on a zero test (`wasmi-select-on-zero-test-inverted`), with a `nop`
/// between the test and the `select`: the detector does not model `nop`, so it does not see the
/// zero test in this module, and the reduction drops the `nop`.
const HIDDEN: &str = r#"(module (func (export "f") (param i32) (result i32)
    (local.get 0) (i32.const 0) (local.get 0) (i32.eqz) (nop) (select)))"#;

/// Runs each of `modules` (text) as a test case calling `f(1)`, as one job of a campaign on wasmi,
/// Winch and Cranelift with `--reduce` and the built-in known bugs, recording in `out`.
fn campaign(modules: &[&str], out: &std::path::Path) -> CampaignStats {
    let slots = ["wasmi", "winch-x64", "cranelift-x64:speed"]
        .into_iter()
        .map(|name| Slot {
            name: name.into(),
            variants: vec![Arc::from(registry::build(name).unwrap())],
        })
        .collect();
    let engines = EngineSet::from_slots(slots);
    let store = FindingStore::open(out).unwrap();
    let options = Options::new(1)
        .with_modules(Some(modules.len() as u64))
        .with_command_line(vec!["test".into()])
        .with_reduce(Some(Duration::from_secs(20)))
        .with_known(KnownList::built_in().unwrap());
    let generator = Generator::with_strategies(ProposalSet::all(), Mode::Default, &[]);
    let cx = JobContext {
        engines: &engines,
        store: &store,
        generator: &generator,
        job: Job {
            index: 0,
            count: 1,
            concurrency: Concurrency::Sequential,
        },
        options: &options,
    };
    let cases: Vec<CampaignCase> = modules
        .iter()
        .zip(0..)
        .map(|(text, index)| {
            let case = TestCase {
                wasm: wat::parse_str(text).unwrap(),
                plan: CallPlan {
                    calls: vec![PlannedCall {
                        export: "f".into(),
                        args: vec![Value::I32(1)],
                    }],
                    ..CallPlan::default()
                },
                source: Source::Ops(vec!["select".into()]),
                strategy: "ops",
                proposals: ProposalSet::default(),
            };
            CampaignCase {
                case,
                seed: index,
                index,
            }
        })
        .collect();
    let mut stats = CampaignStats::default();
    run_cases(&cx, &cases, &mut stats).unwrap();
    stats
}

/// The entries of a finding directory, hidden ones included.
fn entries(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

const NAME: &str = "wasmi-select-on-zero-test-inverted";

#[test]
fn a_construct_hidden_in_the_module_is_matched_on_its_reduction() {
    let wasm = wat::parse_str(HIDDEN).unwrap();
    let known = KnownList::built_in().unwrap();
    assert!(known.matching_or_reduced(&dummy(), (&wasm, false), None).is_none());
    let out = tempfile::tempdir().unwrap();
    let stats = campaign(&[HIDDEN], out.path());
    assert_eq!(stats.divergence_count(), 1, "{:?}", stats.divergences);
    assert!(
        stats.new_findings.is_empty() && stats.unknown_divergences == 0,
        "{:?}",
        stats.divergences
    );
    assert_eq!(stats.known.get(NAME), Some(&1));
    let notes = &stats.known_notes[NAME];
    assert_eq!((notes.after_reduction, notes.reduced_modules.len()), (1, 1));
    assert!(notes.describe().contains("1 matched after reduction"), "{notes:?}");
    // The finding directory is gone; the known bug's first instance keeps the reduction.
    assert_eq!(entries(out.path()), [crate::finding::KNOWN_DIR]);
    let first = out.path().join(crate::finding::KNOWN_DIR).join(NAME);
    assert!(first.join("reduced.wasm").is_file());
}

/// With `--reduce`, the first instance of each signature a known bug absorbs is reduced, in place
/// for the bug's first instance and in a scratch directory for a later one; a repeat is not.
#[test]
fn known_instances_are_reduced_once_per_signature() {
    let shown = r#"(module (func (export "f") (param i32) (result i32)
        (local.get 0) (i32.const 0) (local.get 0) (i32.eqz) (select)))"#;
    let traps = r#"(module (func (export "f") (param i32) (result i32)
        (i32.div_u (i32.const 7)
          (select (i32.const 0) (i32.const 1) (i32.eqz (local.get 0))))))"#;
    let out = tempfile::tempdir().unwrap();
    let stats = campaign(&[shown, shown, traps], out.path());
    assert_eq!(stats.known.get(NAME), Some(&3), "{:?}", stats.divergences);
    let notes = &stats.known_notes[NAME];
    assert_eq!(notes.signatures.len(), 2, "{notes:?}");
    assert_eq!(notes.reduced_modules.len(), 2, "{notes:?}");
    assert_eq!(notes.other_classes.get("trap"), Some(&1), "{notes:?}");
    let first = out.path().join(crate::finding::KNOWN_DIR).join(NAME);
    assert!(first.join("reduced.wasm").is_file());
    assert_eq!(
        entries(out.path()),
        [crate::finding::KNOWN_DIR],
        "no scratch directory is left"
    );
}

/// A result divergence with wasmi breaking, for a match on the module alone.
fn dummy() -> crate::compare::Divergence {
    crate::compare::Divergence {
        class: crate::compare::Class::Result,
        step: 1,
        engines: ["wasmi".into(), "winch-x64".into()],
        key: String::new(),
        detail: String::new(),
        groups: vec![vec!["winch-x64".into()], vec!["wasmi".into()]],
        minority: vec!["wasmi".into()],
        cause: "i32".into(),
    }
}
