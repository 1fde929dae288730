//! A divergence whose module hides a known bug's construct is matched on its reduction: the
//! campaign counts it under the entry, noted, and reports no new finding.

use std::sync::Arc;
use std::time::Duration;

use crosscheck_oracles::{CallPlan, PlannedCall, ProposalSet, Value, registry};

use super::*;
use crate::engines::Slot;
use crate::generate::Source;

/// wasmi 2.0.0's `select` on a zero test (`wasmi-select-on-zero-test-inverted`), with a `nop`
/// between the test and the `select`: the detector does not model `nop`, so it does not see the
/// zero test in this module, and the reduction drops the `nop`.
const HIDDEN: &str = r#"(module (func (export "f") (param i32) (result i32)
    (local.get 0) (i32.const 0) (local.get 0) (i32.eqz) (nop) (select)))"#;

#[test]
fn a_construct_hidden_in_the_module_is_matched_on_its_reduction() {
    let slots = ["wasmi", "winch-x64", "cranelift-x64:speed"]
        .into_iter()
        .map(|name| Slot {
            name: name.into(),
            variants: vec![Arc::from(registry::build(name).unwrap())],
        })
        .collect();
    let engines = EngineSet::from_slots(slots);
    let out = tempfile::tempdir().unwrap();
    let store = FindingStore::open(out.path()).unwrap();
    let known = KnownList::built_in().unwrap();
    let options = Options {
        seed: 1,
        mode: Mode::Default,
        duration: None,
        modules: Some(1),
        progress: false,
        command_line: vec!["test".into()],
        reduce: Some(Duration::from_secs(20)),
        strategies: Vec::new(),
        known,
    };
    let wasm = wat::parse_str(HIDDEN).unwrap();
    assert!(
        options
            .known
            .matching_or_reduced(&dummy(), (&wasm, false), None)
            .is_none()
    );
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
    let case = TestCase {
        wasm,
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
    let mut stats = CampaignStats::default();
    run_cases(&cx, &[(case, 1, 0)], &mut stats).unwrap();
    let name = "wasmi-select-on-zero-test-inverted";
    assert_eq!(stats.divergence_count(), 1, "{}", stats.summary());
    assert!(
        stats.new_findings.is_empty() && stats.unknown_divergences == 0,
        "{}",
        stats.summary()
    );
    assert_eq!(stats.known.get(name), Some(&1));
    let notes = &stats.known_notes[name];
    assert_eq!((notes.after_reduction, notes.reduced_modules.len()), (1, 1));
    assert!(
        stats.summary().contains("1 matched after reduction"),
        "{}",
        stats.summary()
    );
    // The finding directory is gone; the known bug's first instance keeps the reduction.
    let dirs: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    assert_eq!(dirs, [crate::finding::KNOWN_DIR], "{dirs:?}");
    let first = out.path().join(crate::finding::KNOWN_DIR).join(name);
    assert!(first.join("reduced.wasm").is_file());
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
