//! The campaign end to end: determinism of seeds, findings written and deduplicated.

use crate::support;

use crosscheck::campaign;
use crosscheck::engines::{EngineSet, Isolation};
use crosscheck::finding::{FindingStore, read_meta};
use crosscheck::generate::{Generator, Mode, Source};
use crosscheck::report::campaign_summary;

#[test]
fn the_same_seed_gives_the_same_module_and_plan() {
    let set = EngineSet::from_list("winch-x64,cranelift-x64,wasmi", &Isolation::InProcess).unwrap();
    let generator = Generator::new(set.proposals(), Mode::Default);
    let mut distinct = std::collections::BTreeSet::new();
    for seed in 0..20u64 {
        let (Ok(a), Ok(b)) = (generator.from_seed(seed), generator.from_seed(seed)) else {
            continue;
        };
        assert_eq!(a.wasm, b.wasm);
        assert_eq!(a.plan, b.plan);
        assert_eq!(a.plan.seed, Some(seed));
        distinct.insert(a.wasm);
    }
    assert!(distinct.len() > 10, "different seeds must give different modules");
}

#[test]
fn generated_modules_use_only_allowed_proposals_and_every_export_is_planned() {
    let set = EngineSet::from_list("winch-x64,wasmi", &Isolation::InProcess).unwrap();
    let allowed = set.proposals();
    let smith = crosscheck::generate::registry::parse_list("smith").unwrap();
    let generator = Generator::with_strategies(allowed, Mode::Default, &smith);
    let mut planned = 0;
    for seed in 100..140u64 {
        let Ok(case) = generator.from_seed(seed) else {
            continue;
        };
        let Source::Swarm(swarm) = &case.source else {
            panic!("a generated module comes from wasm-smith")
        };
        assert!(swarm.proposals.iter().all(|p| allowed.contains(p)));
        wasmparser::Validator::new_with_features(allowed.features())
            .validate_all(&case.wasm)
            .unwrap();
        assert!(!case.plan.calls.is_empty());
        planned += case.plan.calls.len();
    }
    assert!(planned > 40);
}

#[test]
fn a_planted_divergence_is_recorded_once_per_signature_and_counted() {
    let set = support::set_with_double("wasmi", "wasmi", support::flip_i32_results());
    let out = tempfile::tempdir().unwrap();
    let store = FindingStore::open(out.path()).unwrap();
    let first = campaign::run(&set, &store, &support::options(11, 40));
    assert!(first.divergence_count() > 0, "{}", campaign_summary(&first));
    let dirs = support::finding_dirs(out.path());
    assert_eq!(dirs.len(), first.new_findings.len());
    let mut counted = 0;
    for dir in &dirs {
        for file in [
            "module.wasm",
            "module.wat",
            "plan.json",
            "outcomes.json",
            "finding.json",
        ] {
            assert!(dir.join(file).is_file(), "{} lacks {file}", dir.display());
        }
        let meta = read_meta(dir).unwrap();
        assert_eq!(meta.engines, ["wasmi".to_string(), "faulty-wasmi".into()]);
        assert_eq!(dir.file_name().unwrap().to_str().unwrap(), meta.signature);
        counted += meta.count;
    }
    assert_eq!(counted, first.divergence_count());

    let second = campaign::run(&set, &store, &support::options(11, 40));
    assert!(second.new_findings.is_empty(), "a repeat must not create a directory");
    assert_eq!(support::finding_dirs(out.path()), dirs);
    let recount: u64 = dirs.iter().map(|d| read_meta(d).unwrap().count).sum();
    assert_eq!(recount, 2 * first.divergence_count());
    assert!(
        !std::fs::read_dir(out.path())
            .unwrap()
            .any(|e| e.unwrap().file_name().to_string_lossy().contains(".tmp-"))
    );
}

#[test]
fn real_default_engines_agree_on_a_short_campaign() {
    let set = EngineSet::from_list("winch-x64,cranelift-x64,wasmi", &Isolation::InProcess).unwrap();
    let out = tempfile::tempdir().unwrap();
    let store = FindingStore::open(out.path()).unwrap();
    let stats = campaign::run(&set, &store, &support::options(2024, 60));
    assert_eq!(stats.modules, 60);
    assert_eq!(stats.divergence_count(), 0, "{}", campaign_summary(&stats));
    assert!(stats.discarded_count() < 30, "{}", campaign_summary(&stats));
}

/// One bug, one finding: a test double that flips every i32 result runs first, before every
/// Cranelift variant and wasmi. The first disagreeing pair is the double and whichever Cranelift
/// variant ran the module (one per module), so a signature after the pair would split the bug in
/// three; the root-cause signature names only the double, and the finding keeps the details and
/// configurations of the instances it merged.
#[test]
fn one_bug_is_one_finding_whatever_the_agreeing_engines() {
    use crosscheck::engines::Slot;
    use crosscheck_oracles::registry;
    let double = support::FaultyEngine::with_module_fault("wasmi", Box::new(|_, e| support::flip_i32_results()(e)));
    let variants = ["cranelift-x64:o0", "cranelift-x64:speed", "cranelift-x64:size"]
        .iter()
        .map(|n| std::sync::Arc::from(registry::build(n).unwrap()))
        .collect();
    let set = EngineSet::from_slots(vec![
        Slot {
            name: "faulty-wasmi".into(),
            variants: vec![std::sync::Arc::new(double)],
        },
        Slot {
            name: "cranelift-x64".into(),
            variants,
        },
        Slot {
            name: "wasmi".into(),
            variants: vec![std::sync::Arc::from(registry::build("wasmi").unwrap())],
        },
    ]);
    let out = tempfile::tempdir().unwrap();
    let store = FindingStore::open(out.path()).unwrap();
    let stats = campaign::run(&set, &store, &support::options(11, 60));
    let results = stats
        .divergences
        .get(&crosscheck::compare::Class::Result)
        .copied()
        .unwrap_or(0);
    assert!(results >= 3, "{}", campaign_summary(&stats));
    let dirs = support::finding_dirs(out.path());
    let names: Vec<String> = dirs
        .iter()
        .map(|d| d.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.contains("cranelift")), "{names:?}");
    let result = out.path().join("result--faulty-wasmi--i32");
    let meta = read_meta(&result).unwrap_or_else(|e| panic!("{e:#}: {names:?}"));
    assert_eq!(meta.count, results, "{names:?}");
    assert_eq!(meta.minority, ["faulty-wasmi"]);
    let configurations = &meta.instances.configurations;
    assert_eq!(
        configurations,
        &["faulty-wasmi"],
        "the breaking engine ran in one configuration"
    );
    assert!(
        meta.instances.details.len() > 1,
        "distinct details are kept: {:?}",
        meta.instances
    );
    assert!(!meta.instances.examples.is_empty() && result.join("examples/1/module.wasm").is_file());
}
