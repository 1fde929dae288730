//! The providers (`crosscheck_oracles::provider`): a module that imports their memory, table and
//! globals and writes through them runs alike on Winch, Cranelift and wasmi; a wrong write into a
//! provider's memory or global is a `state` divergence naming the provider's item; generated
//! `smith` modules import them; and a reproducer that imports them exports as a script that passes.

use crate::support;

use crosscheck::compare::{Class, Verdict, compare};
use crosscheck::export::{Reproducer, wast};
use crosscheck::generate::{Generator, Mode};
use crosscheck_oracles::naming::host_arch;
use crosscheck_oracles::{CallPlan, Engine, Execution, ProposalSet, StepOutcome, TrapKind, Value, registry};
use support::{FaultyEngine, call};

/// Imports the provider's memory, table and three of its globals; writes through each.
const IMPORTER: &str = r#"(module
  (import "provider" "memory" (memory 1 8))
  (import "provider" "table" (table $t 4 100 funcref))
  (import "provider" "mut_i32" (global $g (mut i32)))
  (import "provider" "mut_f64" (global $h (mut f64)))
  (import "provider" "const_i64" (global $k i64))
  (type $r (func (result i32)))
  (func $mine (result i32) (i32.const 5))
  (elem declare func $mine)
  (func (export "store") (param i32 i32)
    (i32.store (local.get 0) (local.get 1))
    (global.set $g (i32.add (global.get $g) (local.get 1)))
    (global.set $h (f64.convert_i32_s (local.get 1))))
  (func (export "grow") (param i32) (result i32)
    (table.grow $t (ref.func $mine) (local.get 0)))
  (func (export "fill") (param i32 i32)
    (table.fill $t (local.get 0) (ref.func $mine) (local.get 1)))
  (func (export "set") (param i32) (table.set $t (local.get 0) (ref.null func)))
  (func (export "call") (param i32) (result i32) (call_indirect $t (type $r) (local.get 0)))
  (func (export "load") (param i32) (result i64) (i64.add (i64.load (local.get 0)) (global.get $k)))
  (func (export "size") (result i32) (i32.add (table.size $t) (memory.size))))"#;

/// The importer and its plan: stores (one past the end), table.grow, table.fill (one exactly to
/// the end, one past it), table.set, calls through the imported table (null, a provider function
/// of another type, the module's own function), a load and the sizes.
fn importer() -> (Vec<u8>, CallPlan) {
    let i = Value::I32;
    let plan = CallPlan {
        calls: vec![
            call("store", vec![i(0), i(0x0102_0304)]),
            call("store", vec![i(65532), i(-1)]),
            call("store", vec![i(65533), i(1)]),
            call("grow", vec![i(3)]),
            call("fill", vec![i(2), i(5)]),
            call("fill", vec![i(3), i(5)]),
            call("set", vec![i(0)]),
            call("call", vec![i(0)]),
            call("call", vec![i(1)]),
            call("call", vec![i(6)]),
            call("load", vec![i(0)]),
            call("size", vec![]),
        ],
        ..CallPlan::default()
    };
    (wat::parse_str(IMPORTER).unwrap(), plan)
}

fn engines() -> Vec<String> {
    let arch = host_arch();
    let mut names = vec![format!("winch-{arch}"), format!("cranelift-{arch}:speed")];
    names.push("wasmi".into());
    names
}

#[test]
fn writes_through_imports_agree_on_winch_cranelift_and_wasmi() {
    let (wasm, plan) = importer();
    let runs: Vec<(String, Execution)> = engines()
        .into_iter()
        .map(|n| {
            let e = registry::build(&n).unwrap().execute(&wasm, &plan);
            (n, e)
        })
        .collect();
    let named: Vec<(&str, &Execution)> = runs.iter().map(|(n, e)| (n.as_str(), e)).collect();
    assert_eq!(compare(&named), Verdict::Agree);
    let steps = &runs[0].1.steps;
    assert_eq!(steps.len(), 13, "{steps:?}");
    let outcomes: Vec<&StepOutcome> = steps.iter().map(|s| &s.outcome).collect();
    assert_eq!(*outcomes[3], StepOutcome::Trapped(TrapKind::MemoryOutOfBounds));
    assert_eq!(*outcomes[4], StepOutcome::Returned(vec![Value::I32(4)]));
    assert_eq!(*outcomes[6], StepOutcome::Trapped(TrapKind::TableOutOfBounds));
    assert_eq!(*outcomes[8], StepOutcome::Trapped(TrapKind::IndirectCallToNull));
    assert_eq!(*outcomes[9], StepOutcome::Trapped(TrapKind::BadSignature));
    assert_eq!(*outcomes[10], StepOutcome::Returned(vec![Value::I32(5)]));
    assert_eq!(*outcomes[12], StepOutcome::Returned(vec![Value::I32(8)]));
    let last = steps[12].state.as_ref().unwrap();
    let memory = last.memories.iter().find(|m| &*m.export == "provider.memory").unwrap();
    assert_eq!(memory.bytes[..4], [4, 3, 2, 1]);
    assert_eq!(memory.bytes[65532..], [0xff; 4]);
    let table = last.tables.iter().find(|t| &*t.export == "provider.table").unwrap();
    assert_eq!(table.size, 7);
    let global = last.globals.iter().find(|g| &*g.export == "provider.mut_i32").unwrap();
    assert_eq!(global.value, Value::I32(-1 + 0x0102_0304 - 1));
    assert_eq!(last.globals.len(), 8, "every provider global is observed: {last:?}");
}

/// A double of wasmi with `fault` against Cranelift on the importer.
fn against_double(fault: support::Fault) -> crosscheck::compare::Divergence {
    let (wasm, plan) = importer();
    let real = registry::build(&format!("cranelift-{}:o0", host_arch())).unwrap();
    let double = FaultyEngine::new("wasmi", fault);
    let (a, b) = (real.execute(&wasm, &plan), double.execute(&wasm, &plan));
    match compare(&[(real.name(), &a), (double.name(), &b)]) {
        Verdict::Diverge(d) => d,
        other => panic!("expected a divergence, got {other:?}"),
    }
}

#[test]
fn a_wrong_write_into_a_provider_memory_or_global_is_a_state_divergence() {
    let d = against_double(Box::new(|e: &mut Execution| {
        let state = e.steps[1].state.as_mut().unwrap();
        let m = state
            .memories
            .iter_mut()
            .find(|m| &*m.export == "provider.memory")
            .unwrap();
        std::sync::Arc::make_mut(&mut m.bytes)[2] ^= 1;
    }));
    assert_eq!((d.class, d.step), (Class::State, 1));
    assert!(d.detail.contains("provider.memory"), "{}", d.detail);

    let d = against_double(Box::new(|e: &mut Execution| {
        let state = e.steps[2].state.as_mut().unwrap();
        let g = state
            .globals
            .iter_mut()
            .find(|g| &*g.export == "provider.mut_f64")
            .unwrap();
        g.value = Value::F64(1.0f64.to_bits());
    }));
    assert_eq!((d.class, d.step, d.key.as_str()), (Class::State, 2, "global"));
    assert!(d.detail.contains("provider.mut_f64"), "{}", d.detail);
}

#[test]
fn smith_modules_import_the_providers_items() {
    let generator = Generator::with_strategies(
        ProposalSet::all(),
        Mode::Default,
        &crosscheck::generate::registry::parse_list("smith").unwrap(),
    );
    let (mut made, mut importing, mut kinds) = (0, 0, std::collections::BTreeSet::new());
    for seed in 0..300u64 {
        let Ok(case) = generator.from_seed(seed) else { continue };
        made += 1;
        let mut imports = false;
        for payload in wasmparser::Parser::new(0).parse_all(&case.wasm) {
            if let wasmparser::Payload::ImportSection(reader) = payload.unwrap() {
                for import in reader.into_imports() {
                    let import = import.unwrap();
                    if import.module.starts_with("provider") {
                        imports = true;
                        kinds.insert(format!("{}.{}", import.module, import.name));
                    }
                }
            }
        }
        importing += u32::from(imports);
    }
    assert!(made >= 200, "only {made} of 300 seeds made a module");
    assert!(
        importing * 4 >= made,
        "{importing} of {made} modules import from a provider"
    );
    for item in [
        "provider.memory",
        "provider.table",
        "provider.mut_i32",
        "provider64.memory",
    ] {
        assert!(kinds.contains(item), "no module imports {item}: {kinds:?}");
    }
}

#[test]
fn an_importing_reproducer_exports_a_script_that_passes() {
    let (wasm, plan) = importer();
    let reference = registry::build("wasmi").unwrap().execute(&wasm, &plan);
    let names = engines();
    let r = Reproducer {
        signature: "hand-written".into(),
        wasm,
        plan,
        reduced: true,
        executions: vec![("wasmi".to_string(), reference.clone())],
        reference,
        right: names.clone(),
        wrong: Vec::new(),
        versions: names.clone(),
        proposals: ProposalSet::all(),
        step: None,
        without_oracle: false,
    };
    let text = wast::script(&r).unwrap();
    assert!(text.contains("(register \"provider\" $provider)"), "{text}");
    assert!(text.contains("(get $provider \"mut_i32\")"), "{text}");
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("provider.wast");
    std::fs::write(&script, &text).unwrap();
    let run = |engines: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_crosscheck"))
            .args(["wast", script.to_str().unwrap(), "--engines", engines])
            .output()
            .unwrap()
    };
    let out = run(&names.join(","));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("all results match"), "{stdout}");

    let changed = text.replacen("(i32.const 16909058)", "(i32.const 16909059)", 1);
    assert_ne!(changed, text, "the script asserts provider.mut_i32");
    std::fs::write(&script, changed).unwrap();
    assert_eq!(run("wasmi").status.code(), Some(1));
}
