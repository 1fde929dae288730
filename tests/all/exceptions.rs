//! Exceptions in `ops` (`src/generate/tree/exceptions.rs`): a hand-written module of nested
//! handlers runs on Winch and Cranelift, which agree on which handler ran, while wasmi sits it out;
//! the mutant-25 witness shows the innermost handler winning; a short campaign of `ops` runs
//! exception modules on Winch and Cranelift and reaches `try_table`, `throw` and `throw_ref` on
//! Winch.

use crate::support;

use crosscheck::compare::Verdict;
use crosscheck::engines::route;
use crosscheck::execute;
use crosscheck_oracles::uses::features_used;
use crosscheck_oracles::{CallPlan, Engine, StepOutcome, TrapKind, Value, registry};

/// Nested handlers where both match (the inner wins) and where only the outer one does, clause
/// order within one `try_table`, a throw from a callee, `catch_all_ref` then `throw_ref` to an
/// outer `catch`, several values, an uncaught exception and `throw_ref` of null. Each result
/// shows the handler that ran: inner 1, outer 2, `catch_all` 3, second clause 4.
const NESTED: &str = r#"(module
  (tag $i (param i32))
  (tag $several (param i32 i64 f32 f64))
  (tag $none)
  (func $thrower (param i32) (result i32)
    (if (i32.and (local.get 0) (i32.const 1)) (then (throw $i (local.get 0))))
    (i32.xor (local.get 0) (i32.const 0x40)))
  (func (export "both_match") (param i32) (result i32)
    (block $outer (result i32)
      (block $inner (result i32)
        (try_table (catch $i $outer)
          (try_table (catch $i $inner)
            (throw $i (local.get 0))))
        (unreachable))
      (return (i32.xor (i32.const 1))))
    (i32.xor (i32.const 2)))
  (func (export "outer_only") (param i32) (result i32)
    (block $outer (result i32)
      (block $inner
        (try_table (catch $i $outer)
          (try_table (catch $none $inner)
            (throw $i (local.get 0))))
        (unreachable))
      (return (i32.const 1)))
    (i32.xor (i32.const 2)))
  (func (export "clause_order") (param i32) (result i32)
    (block $all
      (block $second (result i32)
        (block $first
          (try_table (catch $none $first) (catch $i $second) (catch_all $all)
            (throw $i (local.get 0)))
          (unreachable))
        (return (i32.const 1)))
      (return (i32.xor (i32.const 4))))
    (i32.const 3))
  (func (export "across_call") (param i32) (result i32)
    (block $outer (result i32)
      (block $inner (result i32)
        (try_table (result i32) (catch $i $outer)
          (try_table (result i32) (catch $i $inner)
            (call $thrower (local.get 0))))
        (return))
      (return (i32.xor (i32.const 1))))
    (i32.xor (i32.const 2)))
  (func (export "rethrown") (param i32) (result i32)
    (block $outer (result i32)
      (try_table (catch $i $outer)
        (throw_ref
          (block $inner (result exnref)
            (try_table (catch_all_ref $inner)
              (throw $i (local.get 0)))
            (unreachable))))
      (unreachable))
    (i32.xor (i32.const 2)))
  (func (export "several") (param i32) (result f64)
    (local $b i64) (local $c f32) (local $d f64)
    (block $h (result i32 i64 f32 f64)
      (try_table (catch $several $h)
        (throw $several (local.get 0) (i64.const -7) (f32.const 1.5) (f64.const -2.25)))
      (unreachable))
    (local.set $d)
    (local.set $c)
    (local.set $b)
    (f64.add
      (f64.add (f64.convert_i32_s) (f64.convert_i64_s (local.get $b)))
      (f64.add (f64.promote_f32 (local.get $c)) (local.get $d))))
  (func (export "uncaught") (param i32) (result i32)
    (call $thrower (local.get 0)))
  (func (export "null") (result i32)
    (throw_ref (ref.null exn))))"#;

fn engines() -> Vec<Box<dyn Engine>> {
    ["winch-x64", "cranelift-x64:o0", "cranelift-x64:speed", "wasmi"]
        .iter()
        .map(|n| registry::build(n).unwrap())
        .collect()
}

/// The outcomes of `calls` (export, `i32` argument) on every engine that compiles `wat`, after
/// checking that wasmi sits it out and the others agree.
fn agreed(wat: &str, calls: &[(&str, Option<i32>)]) -> Vec<StepOutcome> {
    let built = engines();
    let all: Vec<&dyn Engine> = built.iter().map(|e| e.as_ref()).collect();
    let wasm = wat::parse_str(wat).unwrap();
    let routed = route(&all, features_used(&wasm).unwrap());
    assert_eq!(routed, [0, 1, 2], "wasmi sits it out");
    let ran: Vec<&dyn Engine> = routed.iter().map(|&i| all[i]).collect();
    let plan = CallPlan {
        calls: calls
            .iter()
            .map(|(name, arg)| support::call(name, arg.iter().map(|&a| Value::I32(a)).collect()))
            .collect(),
        ..Default::default()
    };
    let outcome = execute::run(&ran, &wasm, &plan);
    assert_eq!(outcome.verdict, Verdict::Agree);
    for e in &outcome.executions {
        assert!(e.rejection.is_none(), "{:?}", e.rejection);
    }
    outcome.executions[0].steps[1..]
        .iter()
        .map(|s| s.outcome.clone())
        .collect()
}

#[test]
fn nested_handlers_agree_on_winch_and_cranelift_and_the_inner_one_wins() {
    let i32s = |v: i32| StepOutcome::Returned(vec![Value::I32(v)]);
    let outcomes = agreed(
        NESTED,
        &[
            ("both_match", Some(0x100)),
            ("outer_only", Some(0x100)),
            ("clause_order", Some(0x100)),
            ("across_call", Some(0x101)),
            ("across_call", Some(0x100)),
            ("rethrown", Some(0x100)),
            ("several", Some(3)),
            ("uncaught", Some(1)),
            ("uncaught", Some(2)),
            ("null", None),
        ],
    );
    assert_eq!(
        outcomes,
        [
            i32s(0x101),
            i32s(0x102),
            i32s(0x104),
            i32s(0x100),
            i32s(0x140),
            i32s(0x102),
            StepOutcome::Returned(vec![Value::F64((-4.75f64).to_bits())]),
            StepOutcome::Trapped(TrapKind::UncaughtException),
            i32s(0x42),
            StepOutcome::Trapped(TrapKind::NullReference),
        ]
    );
}

/// The witness of mutant 25 (Winch lists a call's handlers outermost first): on the real engines
/// the inner `catch` wins over the outer `catch_all`.
#[test]
fn the_mutant_25_witness_shows_the_inner_handler_winning() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/corpora/mutants/25-winch-exception-handlers-outermost-first.wat"
    );
    let wat = std::fs::read_to_string(path).unwrap();
    assert_eq!(
        agreed(&wat, &[("inner_catches", None)]),
        [StepOutcome::Returned(vec![Value::I32(1)])]
    );
}

/// 400 `ops` modules on Winch, Cranelift and wasmi: exception modules run on Winch and Cranelift
/// (wasmi sits them out), and Winch reaches every exception instruction.
#[test]
fn a_short_ops_campaign_runs_exceptions_on_winch_and_cranelift() {
    let (stdout, record) = support::reach_campaign("ops", "winch-x64,cranelift-x64:o0,wasmi", "400");
    let ran = |engine: &str| -> usize {
        let line = stdout
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{engine}: sat out")))
            .unwrap_or_else(|| panic!("{stdout}"));
        line.split(", ")
            .find_map(|part| part.rsplit_once("exceptions ").and_then(|(_, n)| n.parse().ok()))
            .unwrap_or(0)
    };
    assert!(ran("winch-x64") >= 30, "{stdout}");
    assert_eq!(ran("winch-x64"), ran("cranelift-x64:o0"), "{stdout}");
    assert_eq!(ran("wasmi"), 0, "{stdout}");
    let winch = record.reach.iter().find(|r| r.engine == "winch-x64").unwrap();
    for op in ["try_table", "throw", "throw_ref", "select (typed)"] {
        assert!(!winch.missing.iter().any(|m| m == op), "{op}: {winch:?}");
    }
}
