//! The library side of the `cargo fuzz` targets (`crosscheck::fuzzing`): the documented input
//! layout, and every target's seed corpus (`corpora/<target>/`) runs without a divergence. A
//! planted divergence is `tests/fuzz_planted.rs`.

use crate::support;

use std::path::Path;

use crosscheck::engines::Isolation;
use crosscheck::fuzzing::{Harness, TARGETS, Target};
use crosscheck::generate::Mode;

fn corpus(target: Target) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpora")
        .join(target.name());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files.into_iter().map(|f| std::fs::read(f).unwrap()).collect()
}

#[test]
fn the_input_layout_is_engines_then_mode_then_the_generator_input() {
    let harness = Harness::with_engines(
        Target::Differential,
        &Target::Differential.default_engines().join(","),
        &Isolation::InProcess,
    )
    .unwrap();
    let input = &corpus(Target::Differential)[0];
    let mut data = input.clone();
    data[0] = 0b1_0001;
    data[1] = 1;
    let decoded = harness.decode(&data).unwrap();
    assert_eq!(decoded.engines, [0, 4], "bits 0 and 4: winch and wasmi");
    assert_eq!(decoded.mode, Mode::Fuel, "mode 1 of default, fuel, traps");
    assert!(decoded.case.plan.options.fuel.is_some());
    data[0] = 0b1_0000;
    assert_eq!(
        harness.decode(&data).unwrap().engines,
        [0, 4],
        "candidate 0 is always kept"
    );
    data[0] = 0;
    data[1] = 5;
    let decoded = harness.decode(&data).unwrap();
    assert_eq!(decoded.engines, [0, 1, 2, 3, 4], "fewer than two chosen means all");
    assert_eq!(decoded.mode, Mode::Traps);
    let winch_cranelift = Target::WinchCranelift.default_engines();
    assert!(winch_cranelift[0].starts_with("winch-") && winch_cranelift.len() == 4);
}

#[test]
fn every_seed_corpus_runs_without_a_divergence() {
    for target in TARGETS {
        if target == Target::DifferentialAarch64 && !support::aarch64_available("differential_aarch64 seeds") {
            continue;
        }
        let harness = crosscheck::fuzzing::harness(target);
        let inputs = corpus(target);
        assert!(
            !inputs.is_empty() && inputs.len() <= 40,
            "{}: {} inputs",
            target.name(),
            inputs.len()
        );
        let kept = inputs.iter().filter(|data| harness.check(data)).count();
        assert!(2 * kept >= inputs.len(), "{}: only {kept} inputs decode", target.name());
    }
}
