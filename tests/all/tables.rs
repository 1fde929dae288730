//! Funcref tables in `ops` (`src/generate/tree/catalog.rs`, `table_entries`): modules with two
//! funcref tables route to Winch as well as Cranelift and wasmi (they use no `externref`), a
//! hand-checked entry shows the identity of what a write left in a table, and a short campaign
//! runs every table instruction on Winch. Tables are compared by their elements: a double that
//! shows one wrong element is caught, and the real engines agree on a module of table writes.
//! 64-bit tables (memory64's table64): `ops` names them in every table instruction, their modules
//! route to every engine (all three compile table64) and a short campaign runs them there without
//! a divergence.

use crate::support;

use crosscheck::engines::{EngineSet, Isolation, route};
use crosscheck::generate::registry::parse_list;
use crosscheck::generate::tree::catalog::Catalog;
use crosscheck::generate::tree::{self, Expr, Function, Ty};
use crosscheck::generate::{Generator, Mode};
use crosscheck_oracles::uses::features_used;
use crosscheck_oracles::{CallPlan, Engine, Feature, StepOutcome, TrapKind, Value};

/// `ops` in a run of Winch, Cranelift and wasmi: a share of the modules has funcref tables, and
/// each that uses no atomics routes to all three engines.
#[test]
fn ops_makes_funcref_table_modules_that_route_to_winch_cranelift_and_wasmi() {
    let set = EngineSet::from_list("winch-x64,cranelift-x64:speed,wasmi", &Isolation::InProcess).unwrap();
    let engines: Vec<&dyn Engine> = set.engines().collect();
    let generator =
        Generator::with_strategies(set.reach(), Mode::Default, &parse_list("ops").unwrap()).sharing(set.proposals());
    let (mut with, mut funcref, mut everywhere) = (0, 0, 0);
    for seed in 0..300u64 {
        let Ok(case) = generator.from_seed(seed) else { continue };
        let used = features_used(&case.wasm).unwrap();
        if !used.contains(Feature::MultiTable) {
            continue;
        }
        with += 1;
        assert!(
            used.contains(Feature::TableCopyInit),
            "seed {seed}: passive and declared segments"
        );
        funcref += usize::from(used.contains(Feature::FuncrefTable));
        assert!(!used.contains(Feature::Externref), "seed {seed}");
        let routed = route(&engines, used);
        assert!(routed.starts_with(&[0, 1]), "seed {seed}: {routed:?}");
        everywhere += usize::from(routed == [0, 1, 2]);
    }
    assert!(with >= 30, "{with} of 300 modules with tables");
    assert!(funcref * 2 >= with, "{funcref} of {with} with table.get/set/grow/fill");
    assert!(everywhere * 2 >= with, "{everywhere} of {with} on every engine");
}

/// `table.fill 1` of `ref.func 0` (which returns 17) over entries 1 and 2, then `call_indirect`
/// of the last entry: the fill shows in the result; a fill one past the size traps.
#[test]
fn a_table_write_is_read_back_through_call_indirect() {
    let c = Catalog::get();
    let fill = c
        .find("_ ref.func 0 _ table.fill 1 table.size 1 i32.const 1 i32.sub call_indirect 1 (type 0)")
        .expect("catalogued");
    let f = Function {
        params: vec![Ty::I32, Ty::I32],
        result: Some(Ty::I32),
        body: Expr::apply(fill, vec![Expr::param(0), Expr::param(1)]),
    };
    let wasm = tree::module(&[f], false);
    let set = EngineSet::from_list("winch-x64,cranelift-x64:o0,wasmi", &Isolation::InProcess).unwrap();
    let engines: Vec<&dyn Engine> = set.engines().collect();
    assert_eq!(route(&engines, features_used(&wasm).unwrap()), [0, 1, 2]);
    let plan = CallPlan {
        calls: vec![
            support::call("f0", vec![Value::I32(1), Value::I32(3)]),
            support::call("f0", vec![Value::I32(1), Value::I32(2)]),
        ],
        ..Default::default()
    };
    for e in engines {
        let run = e.execute(&wasm, &plan);
        assert!(run.rejection.is_none(), "{}: {:?}", e.name(), run.rejection);
        assert_eq!(
            run.steps[1].outcome,
            StepOutcome::Trapped(TrapKind::TableOutOfBounds),
            "{}",
            e.name()
        );
        assert_eq!(
            run.steps[2].outcome,
            StepOutcome::Returned(vec![Value::I32(17)]),
            "{}",
            e.name()
        );
    }
}

/// 300 `ops` modules on Winch, Cranelift and wasmi: every table instruction ran on Winch.
#[test]
fn a_short_ops_campaign_reaches_every_table_instruction_on_winch() {
    let (_, record) = support::reach_campaign("ops", "winch-x64,cranelift-x64:o0,wasmi", "300");
    let winch = record.reach.iter().find(|r| r.engine == "winch-x64").unwrap();
    for op in [
        "table.fill",
        "table.grow",
        "table.copy",
        "table.init",
        "table.get",
        "table.set",
        "table.size",
        "elem.drop",
        "call_indirect",
        "ref.func",
        "ref.is_null",
    ] {
        assert!(!winch.missing.iter().any(|m| m == op), "{op}: {winch:?}");
    }
}

/// A table of 4 elements (function `$b`, the exported `$a`, two nulls), into which `go` sets
/// `$c`, grows by 300 copies of `$b` and writes 5 nulls at 100: the same function reached through
/// a segment, `ref.func` and `table.grow` must get the same number on every engine.
const TABLE_WRITES: &str = r#"(module
  (table (export "t") 4 funcref)
  (func $a (export "a") (result i32) (i32.const 1))
  (func $b (result i32) (i32.const 2))
  (func $c (result i32) (i32.const 3))
  (elem (i32.const 0) func $b $a)
  (elem declare func $c)
  (func (export "go") (result i32)
    (table.set 0 (i32.const 3) (ref.func $c))
    (drop (table.grow 0 (ref.func $b) (i32.const 300)))
    (table.fill 0 (i32.const 100) (ref.null func) (i32.const 5))
    (table.size 0)))"#;

#[test]
fn a_differing_table_element_is_caught_and_the_real_engines_agree_on_table_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tables.wat");
    std::fs::write(&path, TABLE_WRITES).unwrap();
    let p = path.to_str().unwrap();
    let text = |o: &std::process::Output| String::from_utf8_lossy(&o.stdout).into_owned();

    let lied = support::crosscheck_with_doubles(&["replay", "--engines", "wasmi,double-table", p]);
    assert_eq!(lied.status.code(), Some(1), "{}", text(&lied));
    assert!(
        text(&lied).contains(r#"table "t" element 3: null / function #0"#),
        "{}",
        text(&lied)
    );

    let real = support::crosscheck_with_doubles(&["replay", "--engines", "winch-x64,cranelift-x64:speed,wasmi", p]);
    assert_eq!(real.status.code(), Some(0), "{}", text(&real));
    assert!(text(&real).contains("i32:304"), "{}", text(&real));
}

/// The table instructions `ops` modules use on a 64-bit table (2 or 3), by name, in `wasm`.
fn table64_instructions(wasm: &[u8], out: &mut std::collections::BTreeSet<&'static str>) {
    use wasmparser::{Operator, Parser, Payload};
    for payload in Parser::new(0).parse_all(wasm) {
        let Ok(Payload::CodeSectionEntry(body)) = payload else {
            continue;
        };
        for op in body.get_operators_reader().unwrap() {
            let name = match op.unwrap() {
                Operator::TableSize { table } if table >= 2 => "table.size",
                Operator::TableGrow { table } if table >= 2 => "table.grow",
                Operator::TableFill { table } if table >= 2 => "table.fill",
                Operator::TableGet { table } if table >= 2 => "table.get",
                Operator::TableSet { table } if table >= 2 => "table.set",
                Operator::TableInit { table, .. } if table >= 2 => "table.init",
                Operator::TableCopy { dst_table, src_table } if dst_table >= 2 || src_table >= 2 => "table.copy",
                Operator::CallIndirect { table_index, .. } if table_index >= 2 => "call_indirect",
                _ => continue,
            };
            out.insert(name);
        }
    }
}

/// `ops` in a run of Winch, Cranelift and wasmi (all three compile table64): a share of its
/// modules declares 64-bit tables, each routes to all three engines, and together they use every
/// table instruction on a 64-bit table. A short campaign on those engines runs table64 modules on
/// each of them, with no divergence.
#[test]
fn ops_runs_64_bit_table_modules_on_every_engine_that_compiles_them() {
    let engines_list = "winch-x64,cranelift-x64:o0,wasmi";
    let set = EngineSet::from_list(engines_list, &Isolation::InProcess).unwrap();
    let engines: Vec<&dyn Engine> = set.engines().collect();
    let generator =
        Generator::with_strategies(set.reach(), Mode::Default, &parse_list("ops").unwrap()).sharing(set.proposals());
    let (mut wide, mut everywhere, mut seen) = (0, 0, std::collections::BTreeSet::new());
    for seed in 0..200u64 {
        let Ok(case) = generator.from_seed(seed) else { continue };
        let used = features_used(&case.wasm).unwrap();
        if !used.contains(Feature::Table64) {
            continue;
        }
        wide += 1;
        let routed = route(&engines, used);
        assert!(routed.starts_with(&[0, 1]), "seed {seed}: {routed:?}");
        everywhere += usize::from(routed == [0, 1, 2]);
        table64_instructions(&case.wasm, &mut seen);
    }
    assert!(wide >= 20, "{wide} of 200 modules with 64-bit tables");
    assert!(
        everywhere * 2 >= wide,
        "{everywhere} of {wide} on every engine, wasmi too"
    );
    let all = [
        "call_indirect",
        "table.copy",
        "table.fill",
        "table.get",
        "table.grow",
        "table.init",
        "table.set",
        "table.size",
    ];
    assert_eq!(seen.into_iter().collect::<Vec<_>>(), all);

    let (_, record) = support::reach_campaign("ops", engines_list, "150");
    assert!(record.divergences.is_empty(), "{:?}", record.divergences);
    for engine in ["winch-x64", "cranelift-x64:o0", "wasmi"] {
        let runs = record.routing.feature_runs[engine]
            .get("table64")
            .copied()
            .unwrap_or_default();
        assert!(runs >= 20, "{engine} ran {runs} table64 modules");
    }
}
