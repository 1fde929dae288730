//! Atomics on one thread (`crosscheck_oracles::Proposal::Atomics`): a hand-written module of every
//! width with `wait`/`notify` runs on Winch and every Cranelift variant and agrees while wasmi sits
//! it out, `ops` makes atomics modules that route past wasmi only, and a short campaign of `ops`
//! leaves no atomic instruction missing from Winch's reach; `isle` expresses the atomic lowering
//! rules of x64 and aarch64 that Wasm can reach, makes their modules only where two engines
//! compile them, and a short campaign of it reaches every narrow rmw.

use crate::support;

use arbitrary::Unstructured;
use cranelift_isle::ast::Pattern;
use crosscheck::compare::Verdict;
use crosscheck::engines::{EngineSet, Isolation, route};
use crosscheck::execute;
use crosscheck::generate::isle::Catalogue;
use crosscheck::generate::isle::rules::{ISLE_FILES, Rule};
use crosscheck::generate::isle::translate::Translator;
use crosscheck::generate::isle::types::ClifTy;
use crosscheck::generate::registry::parse_list;
use crosscheck::generate::tree::Expr;
use crosscheck::generate::{Generator, Mode};
use crosscheck_oracles::uses::features_used;
use crosscheck_oracles::{CallPlan, Engine, Feature, FeatureSet, StepOutcome, TrapKind, Value, registry};
use rand::{RngCore, SeedableRng};

/// Every width of load, store, rmw and cmpxchg on a shared memory, operands with the bits above
/// the access width set, `notify`, both waits with a time-out of 0, and `fence`.
const SHARED: &str = r#"(module
  (memory (export "memory") 1 1 shared)
  (func (export "narrow") (result i32)
    (i32.atomic.store8 (i32.const 4) (i32.const 0xffffff81))
    ;; the expected value wraps to 0x81 and matches; 0x1ff is stored as 0xff
    (i32.atomic.rmw8.cmpxchg_u (i32.const 4) (i32.const 0xffffff81) (i32.const 0x1ff))
    (i32.shl (i32.atomic.load8_u (i32.const 4)) (i32.const 8))
    (i32.add))
  (func (export "waits") (result i32)
    (atomic.fence)
    (i32.add
      (i32.mul (memory.atomic.wait32 (i32.const 1024) (i32.const 0) (i64.const 0)) (i32.const 100))
      (i32.add
        (i32.mul (memory.atomic.wait64 (i32.const 1032) (i64.const 1) (i64.const 0)) (i32.const 10))
        (memory.atomic.notify (i32.const 1024) (i32.const 3)))))
  (func (export "run") (param i32) (result i64)
    (i32.atomic.store (i32.const 0) (local.get 0))
    (i32.atomic.store16 (i32.const 6) (i32.const 0xffff8001))
    (i64.atomic.store (i32.const 8) (i64.const -2))
    (i64.atomic.store8 (i32.const 16) (i64.const -127))
    (i64.atomic.store16 (i32.const 18) (i64.const -32767))
    (i64.atomic.store32 (i32.const 20) (i64.const -5))
    (drop (i32.atomic.rmw.add (i32.const 0) (local.get 0)))
    (drop (i32.atomic.rmw8.sub_u (i32.const 1) (i32.const 0xffffff03)))
    (drop (i32.atomic.rmw16.and_u (i32.const 6) (local.get 0)))
    (drop (i64.atomic.rmw.or (i32.const 8) (i64.extend_i32_u (local.get 0))))
    (drop (i64.atomic.rmw8.xor_u (i32.const 16) (i64.const -1)))
    (drop (i64.atomic.rmw16.xchg_u (i32.const 18) (i64.const 0x7fff_0000_0000_1234)))
    (drop (i64.atomic.rmw32.cmpxchg_u (i32.const 20) (i64.const -5) (i64.extend_i32_s (local.get 0))))
    (drop (i32.atomic.rmw.cmpxchg (i32.const 24) (i32.const 0) (local.get 0)))
    (drop (i64.atomic.rmw.sub (i32.const 32) (i64.const 1)))
    (i64.add
      (i64.add (i64.atomic.load (i32.const 8)) (i64.atomic.load32_u (i32.const 20)))
      (i64.add
        (i64.add (i64.atomic.load8_u (i32.const 16)) (i64.atomic.load16_u (i32.const 18)))
        (i64.extend_i32_u
          (i32.add (i32.atomic.load (i32.const 0)) (i32.atomic.load16_u (i32.const 6)))))))
)"#;

/// The same memory unshared: a wait traps; and a misaligned atomic access traps on either.
const UNSHARED: &str = r#"(module
  (memory (export "memory") 1 1)
  (func (export "wait") (result i32)
    (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const 0)))
  (func (export "misaligned") (result i64)
    (i64.atomic.rmw16.add_u (i32.const 3) (i64.const 1))
    (i64.add (i64.atomic.load (i32.const 4)))))"#;

fn calls(names: &[&str], args: Vec<Value>) -> CallPlan {
    CallPlan {
        calls: names.iter().map(|n| support::call(n, args.clone())).collect(),
        ..Default::default()
    }
}

fn engines() -> Vec<Box<dyn Engine>> {
    [
        "winch-x64",
        "cranelift-x64:o0",
        "cranelift-x64:speed",
        "cranelift-x64:size",
        "wasmi",
    ]
    .iter()
    .map(|n| registry::build(n).unwrap())
    .collect()
}

fn atomics() -> FeatureSet {
    [
        Feature::Atomics32,
        Feature::Atomics64,
        Feature::SharedMemoryAtomics,
        Feature::AtomicWaitNotify,
    ]
    .into_iter()
    .collect()
}

fn uses_atomics(wasm: &[u8]) -> bool {
    features_used(wasm).is_ok_and(|u| u.iter().any(|f| atomics().contains(f)))
}

#[test]
fn a_module_of_every_atomic_width_runs_on_winch_and_cranelift_and_agrees() {
    let built = engines();
    let all: Vec<&dyn Engine> = built.iter().map(|e| e.as_ref()).collect();
    let wasm = wat::parse_str(SHARED).unwrap();
    let routed = route(&all, features_used(&wasm).unwrap());
    assert_eq!(routed, [0, 1, 2, 3], "wasmi sits it out");
    let ran: Vec<&dyn Engine> = routed.iter().map(|&i| all[i]).collect();
    for x in [0x1234_5680, -1] {
        let plan = calls(&["narrow", "waits"], vec![]);
        let plan = CallPlan {
            calls: [plan.calls, calls(&["run"], vec![Value::I32(x)]).calls].concat(),
            ..plan
        };
        let outcome = execute::run(&ran, &wasm, &plan);
        assert_eq!(outcome.verdict, Verdict::Agree, "not discarded: it is compared");
        for e in &outcome.executions {
            assert!(e.rejection.is_none(), "{:?}", e.rejection);
            assert_eq!(e.steps[1].outcome, StepOutcome::Returned(vec![Value::I32(0xff81)]));
            // Not equal at 1032 (1), timed out at 1024 (2), no waiter notified (0).
            assert_eq!(e.steps[2].outcome, StepOutcome::Returned(vec![Value::I32(210)]));
            assert!(matches!(e.steps[3].outcome, StepOutcome::Returned(_)));
        }
    }
    assert!(all[4].execute(&wasm, &calls(&["waits"], vec![])).rejection.is_some());
}

#[test]
fn waits_on_an_unshared_memory_and_misaligned_accesses_trap_alike() {
    let built = engines();
    let all: Vec<&dyn Engine> = built.iter().map(|e| e.as_ref()).collect();
    let wasm = wat::parse_str(UNSHARED).unwrap();
    let routed = route(&all, features_used(&wasm).unwrap());
    assert_eq!(routed, [0, 1, 2, 3]);
    let ran: Vec<&dyn Engine> = routed.iter().map(|&i| all[i]).collect();
    let outcome = execute::run(&ran, &wasm, &calls(&["wait", "misaligned"], vec![]));
    assert_eq!(outcome.verdict, Verdict::Agree);
    for e in &outcome.executions {
        assert_eq!(e.steps[1].outcome, StepOutcome::Trapped(TrapKind::WaitOnUnsharedMemory));
        assert_eq!(e.steps[2].outcome, StepOutcome::Trapped(TrapKind::UnalignedAtomic));
    }
}

/// `ops` in a run of Winch, Cranelift and wasmi: about one module in four has atomics (the
/// proposal wasmi does not reach), some on a shared memory, and each routes to Winch and
/// Cranelift only; the others run on all three unless they use exceptions (which wasmi refuses too).
#[test]
fn ops_makes_atomics_modules_that_route_past_wasmi() {
    let set = EngineSet::from_list("winch-x64,cranelift-x64:speed,wasmi", &Isolation::InProcess).unwrap();
    let engines: Vec<&dyn Engine> = set.engines().collect();
    let generator =
        Generator::with_strategies(set.reach(), Mode::Default, &parse_list("ops").unwrap()).sharing(set.proposals());
    let (mut with, mut shared) = (0, 0);
    for seed in 0..200u64 {
        let Ok(case) = generator.from_seed(seed) else { continue };
        let used = features_used(&case.wasm).unwrap();
        if uses_atomics(&case.wasm) {
            with += 1;
            shared += usize::from(used.contains(Feature::SharedMemoryAtomics));
            assert_eq!(route(&engines, used), [0, 1], "seed {seed}");
        } else if used.contains(Feature::Exceptions) {
            assert_eq!(
                route(&engines, used),
                [0, 1],
                "seed {seed}: exceptions, which wasmi refuses too"
            );
        } else {
            assert_eq!(route(&engines, used), [0, 1, 2], "seed {seed}");
        }
    }
    assert!((25..=80).contains(&with), "{with} of 200 modules with atomics");
    assert!(shared > 5 && shared < with, "{shared} of {with} on a shared memory");
}

/// 600 `ops` modules on Winch and Cranelift, which both reach the atomics (so every module may use
/// them; the atomics share the catalogue with the funcref-table entries): every atomic instruction
/// Winch compiles ran on it, and its reach line names none missing.
#[test]
fn a_short_ops_campaign_reaches_every_atomic_instruction_on_winch() {
    let (stdout, record) = support::reach_campaign("ops", "winch-x64,cranelift-x64:o0", "600");
    let row = |name: &str| record.reach.iter().find(|r| r.engine == name).unwrap();
    let winch = row("winch-x64");
    let atomic: Vec<&String> = winch.missing.iter().filter(|m| m.contains("atomic")).collect();
    assert!(atomic.is_empty(), "{atomic:?}");
    assert!(winch.reached > 67, "{winch:?}");
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("reach: winch-x64 reached ") && !l.contains("atomic")),
        "{stdout}"
    );
}

/// The atomic lowering rules of the linked Cranelift that `isle` expresses: every x64 and aarch64
/// rule of `atomic_load`, `atomic_store`, `atomic_rmw` and `atomic_cas` below 128 bits whose
/// operation has a Wasm form, and none of those whose operation has none (`Nand`, the min/max).
#[test]
fn isle_expresses_the_atomic_lowering_rules_that_wasm_can_reach() {
    let catalogue = Catalogue::get();
    let (mut expressible, mut not) = (Vec::new(), Vec::new());
    for (i, rule) in catalogue.rules.rules.iter().enumerate() {
        let text = format!("{:?}", rule.pattern);
        let root = match &rule.pattern {
            Pattern::Term { sym, .. } => sym.0.as_str(),
            Pattern::BindPattern { subpat, .. } => match subpat.as_ref() {
                Pattern::Term { sym, .. } => sym.0.as_str(),
                _ => "",
            },
            Pattern::And { subpats, .. } => match subpats.last() {
                Some(Pattern::Term { sym, .. }) => sym.0.as_str(),
                _ => "",
            },
            _ => "",
        };
        if !(root.starts_with("atomic_") || root == "fence") || rule.id.starts_with("opts/") || text.contains("I128") {
            continue;
        }
        let wasm_op = !["Nand", "Smin", "Smax", "Umin", "Umax"]
            .iter()
            .any(|op| text.contains(&format!("AtomicRmwOp.{op}")));
        match (catalogue.types[i].is_empty(), wasm_op) {
            (false, true) => expressible.push(rule.id.clone()),
            (true, false) => not.push(rule.id.clone()),
            (empty, _) => panic!("{} expressible: {}, Wasm form: {wasm_op}", rule.id, !empty),
        }
    }
    let x64 = expressible.iter().filter(|id| id.starts_with("isa/x64/")).count();
    // x64: a fence, a load of 64 bits and one narrower, a store, a cas, the rmw loop, xadd for
    // add and sub, xchg, and the five lock-prefixed ops of an unused result.
    assert_eq!(x64, 14, "{expressible:?}");
    // aarch64: a fence, load, store, the rmw ops with a Wasm form with LSE (5) and without (6),
    // cas with and without LSE.
    assert_eq!(expressible.len() - x64, 1 + 2 + 5 + 6 + 2, "{expressible:?}");
    assert_eq!(not.len(), 4 + 5, "{not:?}");
    let unused: Vec<&Rule> = catalogue
        .rules
        .rules
        .iter()
        .filter(|r| r.result_unused && r.id.starts_with("isa/x64/"))
        .collect();
    assert_eq!(unused.len(), 5, "x64's lock-prefixed rmw ops");
    assert!(unused.iter().all(|r| expressible.contains(&r.id)));
}

/// `isle` in a run of Winch, Cranelift and wasmi makes atomics modules (from the atomic lowering
/// rules), some on a shared memory, each routed to Winch and Cranelift only; in a run where only
/// Cranelift compiles the atomics it makes none.
#[test]
fn isle_makes_atomics_modules_only_where_two_engines_compile_them() {
    for (list, expected) in [
        ("winch-x64,cranelift-x64:speed,wasmi", true),
        ("cranelift-x64:speed,wasmi", false),
    ] {
        let set = EngineSet::from_list(list, &Isolation::InProcess).unwrap();
        let engines: Vec<&dyn Engine> = set.engines().collect();
        let generator = Generator::with_strategies(set.reach(), Mode::Default, &parse_list("isle").unwrap())
            .sharing(set.proposals());
        let (mut with, mut shared) = (0, 0);
        for seed in 0..200u64 {
            let Ok(case) = generator.from_seed(seed) else { continue };
            if !uses_atomics(&case.wasm) {
                continue;
            }
            let used = features_used(&case.wasm).unwrap();
            with += 1;
            shared += usize::from(used.contains(Feature::SharedMemoryAtomics));
            assert_eq!(route(&engines, used), [0, 1], "{list}, seed {seed}");
        }
        if expected {
            assert!((15..=100).contains(&with), "{with} of 200 modules with atomics");
            assert!(shared > 3 && shared < with, "{shared} of {with} on a shared memory");
        } else {
            assert_eq!(with, 0, "{list}");
        }
    }
}

/// 600 `isle` modules on Winch and Cranelift, which both compile the atomics: every narrow atomic
/// read-modify-write (and cmpxchg) ran on both, from the rules of `atomic_rmw` and `atomic_cas`.
#[test]
fn a_short_isle_campaign_reaches_every_narrow_atomic_rmw_on_winch_and_cranelift() {
    let (_, record) = support::reach_campaign("isle", "winch-x64,cranelift-x64", "600");
    for engine in ["winch-x64", "cranelift-x64"] {
        let row = record.reach.iter().find(|r| r.engine == engine).unwrap();
        let narrow: Vec<&String> = row
            .missing
            .iter()
            .filter(|m| ["rmw8.", "rmw16.", "rmw32."].iter().any(|w| m.contains(w)))
            .collect();
        assert!(narrow.is_empty(), "{engine}: {narrow:?}");
        assert!(!row.missing.iter().any(|m| m == "i64.atomic.store32"), "{row:?}");
    }
}

/// The translation of three atomic rules, over many draws: x64's `xadd` rule at `I8` is always an
/// 8-bit `add` (of the `i32` or the `i64` form), its `lock add` rule (old value unused) a function
/// without result that is never wrapped, and aarch64's `uextend` of an `atomic_load` a narrow
/// load without a mask.
#[test]
fn isle_translates_the_atomic_rules_at_the_widths_they_match() {
    let catalogue = Catalogue::get();
    let rule = |stage: &str, needle: &str| {
        let (_, text) = ISLE_FILES.iter().find(|(f, _)| *f == stage).unwrap();
        let line = text.lines().position(|l| l.contains(needle)).unwrap();
        catalogue.find(&format!("{stage}:{}", line + 1)).unwrap().1
    };
    let xadd = rule(
        "isa/x64/lower.isle",
        "(rule 1 (lower (atomic_rmw (and (fits_in_64 ty) (ty_int _)) (little_or_native_endian flags) (AtomicRmwOp.Add)",
    );
    let lock_add = rule(
        "isa/x64/lower.isle",
        "(rule 2 (lower i @ (atomic_rmw (fits_in_64 (ty_int ty)) (little_or_native_endian flags) (AtomicRmwOp.Add)",
    );
    let uextend = rule(
        "isa/aarch64/lower.isle",
        "(rule 1 (lower (uextend (fits_in_64 out) x @ (and (value_type in) (atomic_load",
    );
    let (mut forms, mut wrapped) = (std::collections::BTreeSet::new(), 0);
    for seed in 0..100u64 {
        let mut bytes = vec![0u8; 256];
        rand_chacha::ChaCha8Rng::seed_from_u64(seed).fill_bytes(&mut bytes);
        let mut u = Unstructured::new(&bytes);
        let mut translator = Translator::new(&catalogue.rules.macros, &mut u, None);
        let f = translator.function(xadd, ClifTy::I8).unwrap();
        let mut names = Vec::new();
        f.body.instructions(&mut names);
        let rmw = names.iter().find(|n| n.contains(".atomic.")).unwrap();
        assert!(rmw.ends_with(".atomic.rmw8.add_u"), "{names:?}");
        forms.insert(rmw.to_string());
        wrapped += usize::from(names[0] == "i32.wrap_i64");
        let f = translator.function(lock_add, ClifTy::I32).unwrap();
        assert_eq!(f.result, None);
        let Expr::Apply(root, _) = &f.body else {
            panic!("{:?}", f.body)
        };
        assert!(
            root.text.contains(".atomic.rmw") && root.text.contains(".add"),
            "{}",
            root.text
        );
        let f = translator.function(uextend, ClifTy::I32).unwrap();
        let mut names = Vec::new();
        f.body.instructions(&mut names);
        assert!(
            names.iter().any(|n| n.contains(".atomic.load")) && !names.contains(&"i32.and"),
            "{names:?}"
        );
    }
    assert_eq!(forms.len(), 2, "the i32 and i64 forms: {forms:?}");
    assert!(wrapped > 5 && wrapped < 60, "{wrapped} of 100 wrapped");
}
