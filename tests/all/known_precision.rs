//! Known bugs hide nothing else: a Winch build with a planted fuel bug that no entry of the
//! built-in list describes (one extra fuel unit charged in a module with an `i32.mul`) comes out
//! of a `--mode fuel` campaign as a new finding, not as one of the Winch fuel entries, while the
//! real Winch fuel bugs the same campaign meets stay known.

use std::sync::Arc;

use crosscheck::campaign;
use crosscheck::engines::{EngineSet, Slot};
use crosscheck::finding::{Finding, FindingStore};
use crosscheck::generate::Mode;
use crosscheck::known::{KnownList, ModuleConstruct};
use crosscheck::report::campaign_summary;
use crosscheck_oracles::Execution;
use wasmparser::{Operator, Parser, Payload};

use crate::support::{self, FaultyEngine};

/// Whether a function body of `wasm` holds an `i32.mul`.
fn has_mul(wasm: &[u8]) -> bool {
    Parser::new(0).parse_all(wasm).any(|payload| match payload {
        Ok(Payload::CodeSectionEntry(body)) => body
            .get_operators_reader()
            .into_iter()
            .flat_map(|r| r.into_iter())
            .any(|op| matches!(op, Ok(Operator::I32Mul))),
        _ => false,
    })
}

/// The planted bug: after every call of a module with an `i32.mul`, one fuel unit fewer left.
fn extra_fuel_on_mul(wasm: &[u8], e: &mut Execution) {
    if !has_mul(wasm) {
        return;
    }
    for step in e.steps.iter_mut().skip(1) {
        if let Some(left) = &mut step.fuel_left {
            *left = left.saturating_sub(1);
        }
    }
}

#[test]
fn a_planted_winch_fuel_bug_is_a_new_finding_in_a_fuel_campaign() {
    let engines = EngineSet::from_slots(vec![
        Slot {
            name: "cranelift-x64".into(),
            variants: ["cranelift-x64:o0", "cranelift-x64:speed"]
                .map(|name| Arc::from(crosscheck_oracles::registry::build(name).unwrap()))
                .to_vec(),
        },
        Slot {
            name: "winch-x64".into(),
            variants: vec![Arc::new(FaultyEngine::named(
                "winch-x64",
                "winch-x64",
                Box::new(extra_fuel_on_mul),
            ))],
        },
    ]);
    let out = tempfile::tempdir().unwrap();
    let store = FindingStore::open(out.path()).unwrap();
    let options = support::options(1, 400)
        .with_mode(Mode::Fuel)
        .with_known(KnownList::built_in().unwrap());
    let stats = campaign::run(&engines, &store, &options);
    assert_eq!(stats.write_failure, None);
    let planted: Vec<Finding> = stats
        .new_findings
        .iter()
        .map(|dir| Finding::load(dir).unwrap())
        .filter(|f| f.meta.minority == ["winch-x64"] && has_mul(&f.wasm))
        .collect();
    assert!(
        !planted.is_empty(),
        "the planted bug is reported: {}",
        campaign_summary(&stats)
    );
    let known = [ModuleConstruct::BulkOperation, ModuleConstruct::MemoryGrow];
    for f in &planted {
        assert!(
            !known.iter().any(|c| c.is_in(&f.wasm)),
            "{}: a module with a known construct is reported",
            f.dir.display()
        );
    }
}
