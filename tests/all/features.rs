//! What each engine build compiles, per feature (`crosscheck_oracles::features`), and the routing
//! of each module to the engines that compile what it uses (`crosscheck::engines::route`).

use crate::support;

use crosscheck::compare::Verdict;
use crosscheck::engines::{EngineSet, Slot, route};
use crosscheck::execute;
use crosscheck::finding::FindingStore;
use crosscheck::report::campaign_summary;
use crosscheck_oracles::uses::features_used;
use crosscheck_oracles::{Engine, Feature, Rejection, RejectionKind, registry};

/// Two funcref tables, `table.grow/fill/set/get/size` and `call_indirect` through table 1: what
/// Winch 50 compiles although it refuses `externref`.
const FUNCREF_TABLES: &str = r#"(module
  (type $t (func (param i32) (result i32)))
  (table $a 2 10 funcref) (table $b 3 10 funcref)
  (elem (table $b) (i32.const 0) func $double $inc)
  (func $double (type $t) (i32.mul (local.get 0) (i32.const 2)))
  (func $inc (type $t) (i32.add (local.get 0) (i32.const 1)))
  (func (export "run") (param i32) (result i32)
    (drop (table.grow $a (table.get $b (i32.const 1)) (i32.const 2)))
    (table.fill $a (i32.const 0) (table.get $b (i32.const 0)) (i32.const 1))
    (table.set $b (i32.const 2) (table.get $a (i32.const 3)))
    (i32.add
      (call_indirect $b (type $t) (local.get 0) (i32.and (local.get 0) (i32.const 3)))
      (i32.add (table.size $a) (table.size $b)))))"#;

/// An externref parameter, table and global.
const EXTERNREF: &str = r#"(module
  (table $x (export "x") 1 10 externref)
  (func (export "run") (param externref) (result i32)
    (table.set $x (i32.const 0) (local.get 0))
    (drop (table.grow $x (ref.null extern) (i32.const 2)))
    (i32.add (table.size $x) (ref.is_null (table.get $x (i32.const 0))))))"#;

fn engines(names: &[&str]) -> Vec<Box<dyn Engine>> {
    names.iter().map(|n| registry::build(n).unwrap()).collect()
}

fn plan(args: Vec<crosscheck_oracles::Value>) -> crosscheck_oracles::CallPlan {
    crosscheck_oracles::CallPlan {
        calls: vec![support::call("run", args.clone()), support::call("run", args)],
        ..Default::default()
    }
}

#[test]
fn each_real_engine_compiles_what_its_probes_say() {
    let built = engines(&["winch-x64", "cranelift-x64:speed", "wasmi"]);
    let features: Vec<_> = built.iter().map(|e| e.support().features()).collect();
    let [winch, cranelift, wasmi] = features.as_slice() else {
        unreachable!()
    };
    for f in [
        Feature::FuncrefTable,
        Feature::MultiTable,
        Feature::TableCopyInit,
        Feature::Atomics32,
    ] {
        assert!(winch.contains(f), "winch-x64 compiles {}", f.name());
    }
    for f in [Feature::Externref, Feature::GcStruct] {
        assert!(!winch.contains(f), "winch-x64 refuses {}", f.name());
    }
    for f in [
        Feature::Externref,
        Feature::GcStruct,
        Feature::Atomics64,
        Feature::Table64,
    ] {
        assert!(cranelift.contains(f), "cranelift-x64 compiles {}", f.name());
    }
    for f in [Feature::Externref, Feature::FuncrefTable, Feature::Memory64] {
        assert!(wasmi.contains(f), "wasmi compiles {}", f.name());
    }
    for f in [Feature::GcArray, Feature::Exceptions, Feature::SharedMemoryAtomics] {
        assert!(!wasmi.contains(f), "wasmi refuses {}", f.name());
    }
    for e in &built {
        assert_eq!(e.support().faults().count(), 0, "{}", e.name());
    }
}

/// A module of funcref tables runs on Winch too and every engine agrees; a module with
/// `externref` runs on the others only, as Winch's probes predict: Winch refuses it when asked.
#[test]
fn a_module_runs_on_every_engine_that_compiles_what_it_uses() {
    let built = engines(&["winch-x64", "cranelift-x64:speed", "wasmi"]);
    let all: Vec<&dyn Engine> = built.iter().map(|e| e.as_ref()).collect();

    let tables = wat::parse_str(FUNCREF_TABLES).unwrap();
    let used = features_used(&tables).unwrap();
    assert!(used.contains(Feature::FuncrefTable) && used.contains(Feature::MultiTable));
    assert_eq!(route(&all, used), [0, 1, 2]);
    let outcome = execute::run(&all, &tables, &plan(vec![crosscheck_oracles::Value::I32(5)]));
    assert_eq!(outcome.verdict, Verdict::Agree);
    assert!(
        outcome
            .executions
            .iter()
            .all(|e| e.rejection.is_none() && e.steps.len() == 3)
    );

    let externref = wat::parse_str(EXTERNREF).unwrap();
    let used = features_used(&externref).unwrap();
    assert!(used.contains(Feature::Externref));
    let routed = route(&all, used);
    assert_eq!(routed, [1, 2], "winch-x64 sits it out");
    let others: Vec<&dyn Engine> = routed.iter().map(|&i| all[i]).collect();
    let null = crosscheck_oracles::Value::Ref {
        hierarchy: crosscheck_oracles::RefHierarchy::Extern,
        null: true,
    };
    let outcome = execute::run(&others, &externref, &plan(vec![null]));
    assert_eq!(outcome.verdict, Verdict::Agree, "not discarded: it is compared");
    assert!(outcome.executions.iter().all(|e| e.rejection.is_none()));
    let winch = all[0].execute(&externref, &plan(vec![null]));
    assert!(winch.rejection.is_some(), "the refusal the probe predicted");
}

/// A test double that compiles `externref` like the Cranelift engine it wraps, with a planted bug
/// on modules that use it, in a run with Winch (which refuses `externref`): the old intersection of
/// proposals never generated reference types for this run; now they are drawn, routed past Winch,
/// and the bug is found within 60 wasm-smith modules.
#[test]
fn a_bug_in_a_feature_one_engine_lacks_is_found() {
    let planted: support::ModuleFault = Box::new(|wasm, e| {
        if features_used(wasm).is_ok_and(|u| u.contains(Feature::Externref)) {
            e.steps.clear();
            e.rejection = Some(Rejection {
                kind: RejectionKind::Error,
                message: "planted externref bug".into(),
            });
        }
    });
    let slot = |name: &str, engine: Box<dyn Engine>| Slot {
        name: name.into(),
        variants: vec![std::sync::Arc::from(engine)],
    };
    let set = EngineSet::from_slots(vec![
        slot(
            "faulty-cranelift-x64:speed",
            Box::new(support::FaultyEngine::with_module_fault("cranelift-x64:speed", planted)),
        ),
        slot("cranelift-x64:o0", registry::build("cranelift-x64:o0").unwrap()),
        slot("winch-x64", registry::build("winch-x64").unwrap()),
    ]);
    let engines: Vec<&dyn Engine> = set.engines().collect();
    assert!(!engines[2].support().features().contains(Feature::Externref));
    assert!(set.proposals().contains(crosscheck_oracles::Proposal::ReferenceTypes));
    let out = tempfile::tempdir().unwrap();
    let store = FindingStore::open(out.path()).unwrap();
    let mut options = support::options(7, 60);
    options.strategies = vec![crosscheck::generate::registry::find("smith").unwrap()];
    let stats = crosscheck::campaign::run(&set, &store, &options);
    assert_eq!(stats.write_failure, None);
    let names: Vec<String> = support::finding_dirs(out.path())
        .iter()
        .map(|d| d.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("crash--faulty-cranelift-x64--") && n.contains("planted")),
        "{names:?}\n{}",
        campaign_summary(&stats)
    );
    assert!(
        stats.sat_out.get("winch-x64").is_some_and(|&n| n > 0),
        "{}",
        campaign_summary(&stats)
    );
    let winch_tables = stats
        .feature_runs
        .get(&("winch-x64".to_string(), Feature::FuncrefTable.name()))
        .copied()
        .unwrap_or(0);
    assert!(
        winch_tables > 0,
        "Winch ran funcref-table modules: {}",
        campaign_summary(&stats)
    );
}

/// A run of one engine slot has no second engine to route to: its modules run on that one, as they
/// always did (a crash hunt), and none is discarded for lack of engines.
#[test]
fn a_run_of_one_slot_runs_every_module() {
    let set = EngineSet::from_list("wasmi", &crosscheck::engines::Isolation::InProcess).unwrap();
    let out = tempfile::tempdir().unwrap();
    let store = FindingStore::open(out.path()).unwrap();
    let stats = crosscheck::campaign::run(&set, &store, &support::options(3, 20));
    assert_eq!(stats.write_failure, None);
    let too_few = crosscheck::discard::DiscardReason::TooFewEngines;
    assert_eq!(stats.discarded.get(&too_few), None, "{}", campaign_summary(&stats));
    assert!(stats.sat_out.is_empty(), "{}", campaign_summary(&stats));
}

#[test]
fn engines_features_lists_what_each_build_compiles() {
    let out = support::crosscheck_with_doubles(&["engines", "--features", "--engines", "winch-x64,wasmi"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    let winch = text.split("wasmi (").next().unwrap();
    assert!(
        winch.contains("funcref-table") && winch.contains("refuses externref:"),
        "{text}"
    );
    assert!(text.contains("refuses atomics-32:"), "wasmi refuses atomics: {text}");
}

/// GC structs, arrays, `i31`, typed function references and the `extern`/`any` conversions, with
/// a GC reference in a global (observed as hierarchy and null-ness) and a trapping array access:
/// what only Cranelift compiles of the default engines.
const GC: &str = r#"(module
  (type $pt (struct (field $x (mut i32)) (field $y i64)))
  (type $arr (array (mut i32)))
  (type $f (func (param i32) (result i32)))
  (global $g (export "g") (mut (ref null $pt)) (ref.null $pt))
  (elem declare func $inc)
  (func $inc (type $f) (i32.add (local.get 0) (i32.const 1)))
  (func (export "run") (param i32) (result i32)
    (local $p (ref null $pt)) (local $a (ref null $arr))
    (local.set $p (struct.new $pt (local.get 0) (i64.const 7)))
    (global.set $g (local.get $p))
    (struct.set $pt $x (local.get $p) (i32.mul (local.get 0) (i32.const 3)))
    (local.set $a (array.new $arr (local.get 0) (i32.const 4)))
    (array.set $arr (local.get $a) (i32.const 2) (i32.const 11))
    (i32.add
      (i32.add (struct.get $pt $x (local.get $p)) (array.get $arr (local.get $a) (i32.const 2)))
      (i32.add
        (array.len (local.get $a))
        (i32.add (i31.get_s (ref.i31 (local.get 0))) (call_ref $f (local.get 0) (ref.func $inc))))))
  (func (export "obj") (param i32) (result anyref)
    (if (result anyref) (local.get 0) (then (ref.i31 (local.get 0))) (else (ref.null any))))
  (func (export "ext") (param externref) (result i32)
    (ref.is_null (any.convert_extern (local.get 0))))
  (func (export "oob") (result i32)
    (array.get $arr (array.new_default $arr (i32.const 2)) (i32.const 5))))"#;

/// In a default-engines run, a GC module only the Cranelift slot compiles runs on two of its
/// opt-level variants (one batch, [`execute::run_many`]) and is compared, not discarded: both
/// run every step, agree, and see the reference results and the global by hierarchy and null-ness.
#[test]
fn a_gc_module_runs_on_two_cranelift_variants_of_a_default_run() {
    use crosscheck::engines::{Isolation, ModuleFacts};
    use crosscheck_oracles::{RefHierarchy, StepOutcome, Value};
    let set = EngineSet::from_list(&crosscheck::engines::default_list(), &Isolation::InProcess).unwrap();
    assert!(set.reach().contains(crosscheck_oracles::Proposal::Gc));
    let wasm = wat::parse_str(GC).unwrap();
    let used = features_used(&wasm).unwrap();
    assert!(used.contains(Feature::GcStruct) && used.contains(Feature::GcArray) && used.contains(Feature::GcI31));
    let facts = ModuleFacts {
        proposals: crosscheck_oracles::ProposalSet::all(),
        fuel: false,
        features: used,
        families: crosscheck::engines::pairing::FamilySet::default(),
    };
    let routing = set.pick_routed(3, 0, &facts, used);
    assert!(routing.paired);
    assert_eq!(routing.slots, [1, 1], "the Cranelift slot, twice");
    let names: Vec<&str> = routing.engines.iter().map(|e| e.name()).collect();
    assert!(
        names[0] != names[1] && names.iter().all(|n| n.starts_with("cranelift-x64:")),
        "{names:?}"
    );
    let null_extern = Value::Ref {
        hierarchy: RefHierarchy::Extern,
        null: true,
    };
    let plan = crosscheck_oracles::CallPlan {
        calls: vec![
            support::call("run", vec![Value::I32(5)]),
            support::call("obj", vec![Value::I32(1)]),
            support::call("obj", vec![Value::I32(0)]),
            support::call("ext", vec![null_extern]),
            support::call("oob", vec![]),
        ],
        ..Default::default()
    };
    let engines: Vec<&dyn Engine> = routing.engines.iter().map(|e| e.as_ref()).collect();
    let case = execute::Case {
        engines: &engines,
        slots: &routing.slots,
        wasm: &wasm,
        plan: &plan,
    };
    let outcome = execute::run_many(&[case], execute::Concurrency::Sequential).remove(0);
    assert_eq!(outcome.verdict, Verdict::Agree);
    assert_eq!(outcome.executions.len(), 2);
    let steps: Vec<&StepOutcome> = outcome.executions[0].steps.iter().map(|s| &s.outcome).collect();
    let any = |null| Value::Ref {
        hierarchy: RefHierarchy::Any,
        null,
    };
    assert_eq!(
        steps,
        [
            &StepOutcome::Returned(vec![]),
            &StepOutcome::Returned(vec![Value::I32(15 + 11 + 4 + 5 + 6)]),
            &StepOutcome::Returned(vec![any(false)]),
            &StepOutcome::Returned(vec![any(true)]),
            &StepOutcome::Returned(vec![Value::I32(1)]),
            &StepOutcome::Trapped(crosscheck_oracles::TrapKind::ArrayOutOfBounds),
        ]
    );
}

/// A default campaign (its engines, in-process) of 300 modules draws GC: the modules that use it
/// run on two Cranelift variants and are counted.
#[test]
fn a_default_campaign_generates_gc_modules() {
    let set = EngineSet::from_list(
        &crosscheck::engines::default_list(),
        &crosscheck::engines::Isolation::InProcess,
    )
    .unwrap()
    .with_config_swarm(4);
    let out = tempfile::tempdir().unwrap();
    let store = FindingStore::open(out.path()).unwrap();
    let stats = crosscheck::campaign::run(&set, &store, &support::options(4, 300));
    assert_eq!(stats.write_failure, None);
    let gc: u64 = [
        Feature::GcStruct,
        Feature::GcArray,
        Feature::GcI31,
        Feature::TypedFuncRef,
    ]
    .iter()
    .filter_map(|f| stats.feature_runs.get(&("cranelift-x64".to_string(), f.name())))
    .sum();
    assert!(stats.paired >= 10, "{}", campaign_summary(&stats));
    assert!(gc >= 10, "{}", campaign_summary(&stats));
    assert!(
        campaign_summary(&stats).contains(&format!(
            "{} modules only one engine slot compiles ran on two of its variants",
            stats.paired
        )),
        "{}",
        campaign_summary(&stats)
    );
}
