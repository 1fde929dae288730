//! Every knob of `crosscheck_oracles::config` reaches its engine, and Winch refuses what it does not
//! support.

use crosscheck_oracles::config::{EngineConfig, KNOBS, Target, split_name};
use crosscheck_oracles::engine::EngineError;
use crosscheck_oracles::{CallPlan, Compiler, CrossCompiler, PlannedCall, StepOutcome, Value, WasmtimeEngine};
use crosscheck_oracles::{naming, registry};

/// Whether this x86_64 host has the feature a knob turns off (turning off a missing feature changes
/// nothing).
#[cfg(target_arch = "x86_64")]
fn host_has(knob: &str) -> bool {
    match knob {
        "sse3" => std::is_x86_feature_detected!("sse3"),
        "ssse3" => std::is_x86_feature_detected!("ssse3"),
        "sse41" => std::is_x86_feature_detected!("sse4.1"),
        "sse42" => std::is_x86_feature_detected!("sse4.2"),
        "avx" => std::is_x86_feature_detected!("avx"),
        "avx2" => std::is_x86_feature_detected!("avx2"),
        "fma" => std::is_x86_feature_detected!("fma"),
        "bmi1" => std::is_x86_feature_detected!("bmi1"),
        "bmi2" => std::is_x86_feature_detected!("bmi2"),
        "lzcnt" => std::is_x86_feature_detected!("lzcnt"),
        "popcnt" => std::is_x86_feature_detected!("popcnt"),
        _ => true,
    }
}

#[cfg(not(target_arch = "x86_64"))]
fn host_has(_knob: &str) -> bool {
    true
}

/// Each value of each knob of a native Wasmtime engine, other than the default, changes the hash
/// by which Wasmtime matches compiled code to engines: the engine applies it. The instance
/// allocator is chosen at run time and leaves compiled code alone: it is checked by
/// [`the_pooling_allocator_applies_its_limits`].
#[test]
fn every_wasmtime_knob_changes_what_wasmtime_applies() {
    let arch = naming::host_arch();
    for base in [format!("winch-{arch}"), format!("cranelift-{arch}:speed")] {
        let compiler = naming::compiler_of(&base).unwrap();
        let target = naming::target_of(&base).unwrap();
        let default = WasmtimeEngine::new(&base, compiler).unwrap();
        let default_hash = default.compatibility_hash().unwrap();
        let mut checked = 0;
        for knob in target.knobs() {
            if (target.winch && knob.winch_forbids.is_some()) || knob.name == "allocator" {
                continue;
            }
            for value in &knob.values[1..] {
                let setting = format!("{}={value}", knob.name);
                if !host_has(knob.name) {
                    continue;
                }
                let config = EngineConfig::parse(target, [setting.as_str()]);
                let Ok(config) = config else {
                    // `may_move=off` alone is refused; it is checked with a reservation below.
                    assert_eq!(setting, "may_move=off");
                    continue;
                };
                let engine = default.configure(format!("{base},{config}"), config).unwrap();
                let hash = engine.compatibility_hash().unwrap();
                assert_ne!(hash, default_hash, "{base},{setting} is not applied");
                checked += 1;
            }
        }
        let fixed = EngineConfig::parse(target, ["may_move=off", "reservation=128m"]).unwrap();
        let moving = EngineConfig::parse(target, ["reservation=128m"]).unwrap();
        let hash = |c: EngineConfig| {
            default
                .configure(base.clone(), c)
                .unwrap()
                .compatibility_hash()
                .unwrap()
        };
        assert_ne!(hash(fixed), hash(moving), "{base}: may_move=off is not applied");
        assert!(checked >= 12, "{base}: only {checked} knob values checked");
    }
}

/// `allocator=pooling` instantiates through the pool: a module of one memory more than the pool
/// allows per module ([`crosscheck_oracles::limits::pooling::MEMORIES_PER_MODULE`]) is refused at
/// instantiation as a resource limit, while the on-demand allocator instantiates it and runs it.
#[test]
fn the_pooling_allocator_applies_its_limits() {
    let arch = naming::host_arch();
    let memories = crosscheck_oracles::limits::pooling::MEMORIES_PER_MODULE + 1;
    let wat = format!(
        "(module {} (func (export \"f\") (result i32) (i32.const 7)))",
        "(memory 1 1) ".repeat(memories as usize)
    );
    let wasm = wat::parse_str(wat).unwrap();
    let plan = CallPlan {
        calls: vec![PlannedCall {
            export: "f".into(),
            args: Vec::new(),
        }],
        ..CallPlan::default()
    };
    for base in [format!("winch-{arch}"), format!("cranelift-{arch}:speed")] {
        let on_demand = registry::build(&base).unwrap().execute(&wasm, &plan);
        assert!(on_demand.rejection.is_none(), "{base}: {:?}", on_demand.rejection);
        let pooled = registry::build(&format!("{base},allocator=pooling"))
            .unwrap()
            .execute(&wasm, &plan);
        let refusal = format!("{:?} {:?}", pooled.rejection, pooled.steps.first().map(|s| &s.outcome));
        assert!(
            refusal.contains("memories") || refusal.contains("limit"),
            "{base},allocator=pooling ran a module of {memories} memories: {refusal}"
        );
    }
}

/// The aarch64 knobs reach the compiler that compiles for the emulated aarch64 engines: the code
/// of a function changes with return-address signing and with BTI; LSE, which only atomics use
/// (and threads are off), changes the settings Wasmtime applies.
#[cfg(target_arch = "x86_64")]
#[test]
fn aarch64_knobs_change_the_code_compiled_for_aarch64() {
    let wasm = wat::parse_str(
        r#"(module (func $g (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
             (func (export "f") (result i32) (call $g (i32.const 1))))"#,
    )
    .unwrap();
    let base = "cranelift-aarch64:speed";
    let target = naming::target_of(base).unwrap();
    let cross = CrossCompiler::new(
        Compiler::Cranelift(wasmtime::OptLevel::Speed),
        crosscheck_oracles::ProposalSet::empty(),
        "aarch64-unknown-linux-gnu",
        vec!["has_lse".into()],
    )
    .unwrap();
    let options = crosscheck_oracles::RunOptions::default();
    let configured = |settings: &[&str]| {
        let config = EngineConfig::parse(target, settings.iter().copied()).unwrap();
        cross.configured(config).unwrap()
    };
    let default = configured(&[]).precompile(&wasm, &options).unwrap();
    for setting in ["pauth=on", "bti=on"] {
        let code = configured(&[setting]).precompile(&wasm, &options).unwrap();
        assert_ne!(code, default, "{base},{setting} is not applied");
    }
    let hash = |settings: &[&str]| configured(settings).compatibility_hash().unwrap();
    assert_ne!(hash(&["lse=off"]), hash(&[]), "{base},lse=off is not applied");
}

/// A configuration Winch does not support is refused with the reason, before any engine is built.
#[test]
fn winch_refuses_what_it_does_not_support() {
    let arch = naming::host_arch();
    for (setting, reason) in [
        ("signals=off", "Winch requires signals-based traps"),
        ("lazy_tables=off", "Winch requires lazy table initialization"),
        ("regalloc=single_pass", "no knob `regalloc`"),
    ] {
        let name = format!("winch-{arch},{setting}");
        for result in [registry::expand(&name).map(|_| ()), registry::build(&name).map(|_| ())] {
            match result {
                Err(EngineError::Build { message, .. }) => assert!(message.contains(reason), "{name}: {message}"),
                other => panic!("{name} was not refused: {:?}", other.err()),
            }
        }
    }
    let cranelift = format!("cranelift-{arch}:o0,signals=off");
    assert_eq!(registry::expand(&cranelift).unwrap(), vec![cranelift.clone()]);
    assert_eq!(registry::build(&cranelift).unwrap().name(), cranelift);
}

/// Names are canonical: settings in knob order, defaults dropped, implied features added; a bare
/// `cranelift-<arch>` passes its settings to each variant.
#[test]
fn configured_names_are_canonical() {
    let arch = naming::host_arch();
    let given = format!("cranelift-{arch}:o0,cow=on,epochs=on,regalloc=single_pass");
    let canonical = format!("cranelift-{arch}:o0,regalloc=single_pass,epochs=on");
    assert_eq!(registry::expand(&given).unwrap(), vec![canonical.clone()]);
    assert_eq!(registry::build(&given).unwrap().name(), canonical);
    let variants = registry::expand(&format!("cranelift-{arch},fuel=on")).unwrap();
    assert_eq!(variants.len(), 3);
    assert!(
        variants
            .iter()
            .all(|v| v.ends_with(",fuel=on") && split_name(v).1 == ["fuel=on"])
    );
    assert_eq!(
        registry::build("wasmi,compilation=eager").unwrap().name(),
        "wasmi,compilation=eager"
    );
    assert!(KNOBS.iter().all(|k| k.values.len() >= 2));
    assert!(matches!(
        registry::build("wasmi,compilation=fast"),
        Err(EngineError::Build { .. })
    ));
}

/// wasmi's `compilation=lazy` validates a function only when it is first called, so a module with
/// an invalid function that is never called runs; eager and lazy translation refuse it.
#[test]
fn wasmi_compilation_mode_reaches_wasmi() {
    let mut wasm = wat::parse_str(
        r#"(module (func (export "ok") (result i32) (i32.const 7))
                   (func (export "bad") (result i32) (i32.const 1) (i32.const 2) (i32.add)))"#,
    )
    .unwrap();
    // Turn `i32.add` (0x6a) in the second body into `i64.add` (0x7c), which does not validate.
    let at = wasm.iter().rposition(|b| *b == 0x6a).unwrap();
    wasm[at] = 0x7c;
    let plan = CallPlan {
        calls: vec![PlannedCall {
            export: "ok".into(),
            args: vec![],
        }],
        ..CallPlan::default()
    };
    let run = |name: &str| registry::build(name).unwrap().execute(&wasm, &plan);
    let lazy = run("wasmi,compilation=lazy");
    assert!(lazy.rejection.is_none(), "{:?}", lazy.rejection);
    assert_eq!(lazy.steps[1].outcome, StepOutcome::Returned(vec![Value::I32(7)]));
    for name in ["wasmi", "wasmi,compilation=eager"] {
        assert!(run(name).rejection.is_some(), "{name} accepted an invalid function");
    }
}

/// Only known engines have knobs, each kind its own: settings after an unknown name are refused,
/// wasmi has no Wasmtime knob, and a name's configuration reads back.
#[test]
fn each_engine_kind_has_its_own_knobs() {
    assert!(naming::target_of("no-such-engine").is_none());
    assert!(registry::expand("no-such-engine,fuel=on").is_err());
    let target: Target = naming::target_of("wasmi").unwrap();
    assert!(target.knobs().all(|k| k.name == "compilation" || k.name == "fuel"));
    assert!(matches!(
        registry::build("wasmi,signals=off"),
        Err(EngineError::Build { .. })
    ));
    let config = naming::config_of("wasmi,compilation=eager").unwrap();
    assert_eq!(config.pairs(), ["compilation=eager"]);
    assert!(naming::config_of("wasmi").unwrap().is_default());
}
