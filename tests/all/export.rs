//! `crosscheck export`: the `.wast` and Rust tests it writes run, pass on the engines that were
//! right and fail on the engine that was wrong, with real engines:
//!
//! - a hand-written module that calls every host function (`call_back` through its callback
//!   target, nested past the depth limit, and `assert_positive` trapping) and has an exported
//!   memory, table and global: its script passes on Winch, Cranelift and wasmi, which proves the
//!   script's host module computes what the harness's host does; a script with one expected value
//!   changed fails;
//! - the real wasmi finding `corpora/regressions/wasmi-value-below-if-params-lost`: its script
//!   passes on Winch and Cranelift and fails on wasmi;
//! - the real Winch fuel finding `corpora/regressions/winch-bulk-memory-fuel`: a script cannot set
//!   fuel, so `--format wast` refuses it in one line; its Rust test, built with Cargo against the
//!   `wasmtime` crate, fails for Winch and passes for every Cranelift opt level, and so does the
//!   Rust test of the host module above;
//! - a hand-written module with a shared memory written by atomics: its Rust test creates the
//!   shared memory and reads it back, and passes on Winch and every Cranelift opt level.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crosscheck::export::{Reproducer, rust, wast};
use crosscheck_oracles::naming::host_arch;
use crosscheck_oracles::registry;
use crosscheck_oracles::{CallPlan, PlannedCall, ProposalSet, StepOutcome, Value};

fn crosscheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(args)
        .output()
        .unwrap()
}

fn compiled_engines() -> String {
    format!("winch-{0},cranelift-{0}", host_arch())
}

/// Every host function, an exported memory, table and global.
const HOST_MODULE: &str = r#"(module
  (import "host" "log_i32" (func $log_i32 (param i32)))
  (import "host" "log_i64" (func $log_i64 (param i64)))
  (import "host" "log_f32" (func $log_f32 (param f32)))
  (import "host" "log_f64" (func $log_f64 (param f64)))
  (import "host" "next_i32" (func $next_i32 (result i32)))
  (import "host" "mix_i64" (func $mix_i64 (param i64 i32) (result i64)))
  (import "host" "scale_f64" (func $scale_f64 (param f64) (result f64)))
  (import "host" "pair" (func $pair (param i32 i64) (result i64 i32)))
  (import "host" "assert_positive" (func $assert_positive (param i32)))
  (import "host" "call_back" (func $call_back (param i32) (result i32)))
  (memory (export "mem") 1 2)
  (table (export "tab") 2 funcref)
  (global $g (export "g") (mut i64) (i64.const 0))
  (func (export "a_target") (param i32) (result i32)
    (call $log_i32 (local.get 0))
    (if (result i32) (i32.gt_s (local.get 0) (i32.const 0))
      (then (call $call_back (i32.sub (local.get 0) (i32.const 1))))
      (else (call $next_i32))))
  (func (export "everything") (param i32 i64 f32 f64) (result i64 f64 i32)
    (local $p i64) (local $q i32)
    (call $log_i64 (local.get 1))
    (call $log_f32 (local.get 2))
    (call $log_f64 (local.get 3))
    (call $pair (local.get 0) (local.get 1))
    (local.set $q)
    (local.set $p)
    (i32.store (i32.const 8) (local.get $q))
    (global.set $g (call $mix_i64 (local.get $p) (call $next_i32)))
    (call $mix_i64 (local.get 1) (local.get 0))
    (call $scale_f64 (local.get 3))
    (call $call_back (local.get 0)))
  (func (export "positive") (param i32) (call $assert_positive (local.get 0)))
  (func (export "grow") (result i32) (memory.grow (i32.const 1))))"#;

fn call(export: &str, args: Vec<Value>) -> PlannedCall {
    PlannedCall {
        export: export.into(),
        args,
    }
}

/// The host module's reproducer with what wasmi did as the reference.
fn host_reproducer() -> Reproducer {
    let wasm = wat::parse_str(HOST_MODULE).unwrap();
    let plan = CallPlan {
        calls: vec![
            call(
                "everything",
                vec![
                    Value::I32(7),
                    Value::I64(-3),
                    Value::F32(1.5f32.to_bits()),
                    Value::F64(0x7ff8_0000_0000_0001),
                ],
            ),
            call("a_target", vec![Value::I32(9)]),
            call("positive", vec![Value::I32(-1)]),
            call("a_target", vec![Value::I32(2)]),
            call("grow", vec![]),
            call(
                "everything",
                vec![
                    Value::I32(-1),
                    Value::I64(5),
                    Value::F32(0),
                    Value::F64(2.5f64.to_bits()),
                ],
            ),
        ],
        ..CallPlan::default()
    };
    let r = agreed_reproducer("hand-written", wasm, plan, true);
    assert_eq!(r.reference.steps.len(), 7, "{:?}", r.reference);
    assert!(
        matches!(r.reference.steps[3].outcome, StepOutcome::Trapped(_)),
        "assert_positive(-1) traps"
    );
    r
}

/// The reproducer of `wasm` and `plan` run alike by Winch and every Cranelift opt level of this
/// host (and wasmi, `with_wasmi`): what the reference engine (wasmi, else Cranelift at `o0`) did,
/// every engine right.
fn agreed_reproducer(signature: &str, wasm: Vec<u8>, plan: CallPlan, with_wasmi: bool) -> Reproducer {
    let arch = host_arch();
    let mut names = vec![format!("winch-{arch}")];
    names.extend(registry::expand(&format!("cranelift-{arch}")).unwrap());
    if with_wasmi {
        names.push("wasmi".into());
    }
    let proposals = names
        .iter()
        .map(|n| registry::build(n).unwrap().proposals())
        .fold(ProposalSet::all(), ProposalSet::intersection);
    let reference_engine = if with_wasmi {
        "wasmi".to_string()
    } else {
        names[1].clone()
    };
    let reference = registry::build(&reference_engine).unwrap().execute(&wasm, &plan);
    Reproducer {
        signature: signature.into(),
        wasm,
        plan,
        reduced: true,
        executions: vec![(reference_engine, reference.clone())],
        reference,
        right: names.clone(),
        wrong: Vec::new(),
        versions: names,
        proposals,
        step: None,
        without_oracle: !with_wasmi,
    }
}

/// A shared memory written by atomics (which wasmi does not compile): the reproducer of a module
/// that Winch and every Cranelift opt level run alike, Cranelift at `o0` the reference.
fn shared_memory_reproducer() -> Reproducer {
    let wasm = wat::parse_str(
        r#"(module
  (memory (export "mem") 1 1 shared)
  (func (export "add") (param i32) (result i32)
    (i32.atomic.store (i32.const 8) (i32.const 0x01020304))
    (i32.atomic.rmw.add (i32.const 8) (local.get 0))))"#,
    )
    .unwrap();
    let plan = CallPlan {
        calls: vec![call("add", vec![Value::I32(5)]), call("add", vec![Value::I32(-1)])],
        ..CallPlan::default()
    };
    let r = agreed_reproducer("hand-written-shared-memory", wasm, plan, false);
    assert_eq!(
        r.reference.steps[2].outcome,
        StepOutcome::Returned(vec![Value::I32(0x01020304)]),
        "{:?}",
        r.reference
    );
    r
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn the_host_module_script_passes_on_every_engine_and_a_changed_value_fails() {
    let dir = tempfile::tempdir().unwrap();
    let r = host_reproducer();
    let script = write(dir.path(), "host.wast", &wast::script(&r).unwrap());
    let engines = format!("{},wasmi", compiled_engines());
    let out = crosscheck(&["wast", script.to_str().unwrap(), "--engines", &engines]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("all results match"), "{stdout}");

    let mut changed = host_reproducer();
    let StepOutcome::Returned(values) = &mut changed.reference.steps[2].outcome else {
        panic!("a_target returns");
    };
    values[0] = Value::I32(12345);
    let script = write(dir.path(), "changed.wast", &wast::script(&changed).unwrap());
    let out = crosscheck(&["wast", script.to_str().unwrap(), "--engines", "wasmi"]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn a_real_wasmi_finding_exports_a_script_that_only_wasmi_fails() {
    let dir = tempfile::tempdir().unwrap();
    let finding = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/regressions/wasmi-value-below-if-params-lost");
    let script = dir.path().join("r.wast");
    let out = crosscheck(&[
        "export",
        finding.to_str().unwrap(),
        "--format",
        "wast",
        "--out",
        script.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let s = script.to_str().unwrap();
    let right = crosscheck(&["wast", s, "--engines", &compiled_engines()]);
    assert_eq!(
        right.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&right.stdout)
    );
    let wrong = crosscheck(&["wast", s, "--engines", "wasmi"]);
    let text = String::from_utf8_lossy(&wrong.stdout);
    assert_eq!(wrong.status.code(), Some(1), "{text}");
    assert!(text.contains("1 unexpected result"), "{text}");
}

#[test]
fn rust_exports_build_and_fail_only_for_the_wrong_compiler() {
    let fuel = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/regressions/winch-bulk-memory-fuel");
    let wast = crosscheck(&[
        "export",
        fuel.to_str().unwrap(),
        "--format",
        "wast",
        "--out",
        "/dev/null",
    ]);
    let stderr = String::from_utf8_lossy(&wast.stderr);
    assert_eq!(wast.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with("error: ") && stderr.contains("engine fuel"),
        "{stderr}"
    );

    let project = tempfile::tempdir().unwrap();
    let root = project.path();
    std::fs::create_dir_all(root.join("tests")).unwrap();
    std::fs::create_dir_all(root.join("src")).unwrap();
    write(root, "src/lib.rs", "");
    write(
        root,
        "Cargo.toml",
        &format!(
            "[package]\nname = \"crosscheck-export-check\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dev-dependencies]\n{}\n\n[workspace]\n",
            rust::wasmtime_dependency()
        ),
    );
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock"),
        root.join("Cargo.lock"),
    )
    .unwrap();
    let out = crosscheck(&[
        "export",
        fuel.to_str().unwrap(),
        "--format",
        "rust",
        "--out",
        root.join("tests/fuel.rs").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    write(root, "tests/host.rs", &rust::test(&host_reproducer()).unwrap());
    write(
        root,
        "tests/shared.rs",
        &rust::test(&shared_memory_reproducer()).unwrap(),
    );
    // A finding of a configured engine: the test of `winch-x64,avx2=off` applies the setting.
    let avx2 = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/regressions/winch-avx2-off-load-splat-panic");
    if cfg!(target_arch = "x86_64") {
        let out = crosscheck(&[
            "export",
            avx2.to_str().unwrap(),
            "--format",
            "rust",
            "--out",
            root.join("tests/avx2.rs").to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    }

    // A target directory that outlives the test, so that Wasmtime is built once per checkout.
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/export-check");
    let run = Command::new(env!("CARGO"))
        .args(["test", "--no-fail-fast"])
        .current_dir(root)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("Running tests/fuel.rs"), "{stderr}");
    for test in ["cranelift_o0", "cranelift_speed", "cranelift_size"] {
        assert!(stdout.contains(&format!("test {test} ... ok")), "{stdout}");
    }
    assert!(stdout.contains("test winch ... FAILED"), "{stdout}");
    assert!(stdout.contains("fuel left after call 0 'f'()"), "{stdout}");
    assert!(
        stdout.contains("test result: ok. 4 passed"),
        "the host test passes everywhere: {stdout}"
    );
    assert!(stdout.contains("test result: FAILED. 3 passed; 1 failed"), "{stdout}");
    // The shared memory is created (Wasmtime refuses to unless configured to) and read back.
    let shared = Command::new(env!("CARGO"))
        .args(["test", "--test", "shared"])
        .current_dir(root)
        .env(
            "CARGO_TARGET_DIR",
            Path::new(env!("CARGO_MANIFEST_DIR")).join("target/export-check"),
        )
        .output()
        .unwrap();
    let shared_out = String::from_utf8_lossy(&shared.stdout);
    assert!(shared_out.contains("test result: ok. 4 passed"), "{shared_out}");
    if cfg!(target_arch = "x86_64") {
        assert!(stderr.contains("Running tests/avx2.rs"), "{stderr}");
        assert!(stdout.contains("test winch_avx2_off ... FAILED"), "{stdout}");
        assert!(stdout.contains("test cranelift_o0 ... ok"), "{stdout}");
        assert!(stdout.contains("vpbroadcastb"), "{stdout}");
    }
}

/// `--format report` of two real findings: the Winch x64 panic with AVX2 off (instantiation only,
/// so a `wasmtime run` line with the configuration's flags) and the wasmi if-params bug (host
/// imports, so `wast` lines and the script written beside the report).
#[test]
fn reports_title_the_breaking_engine_and_give_its_cli_lines() {
    let dir = tempfile::tempdir().unwrap();
    let regressions = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/regressions");
    let export = |name: &str| {
        let out = dir.path().join(name).join("REPORT.md");
        std::fs::create_dir_all(out.parent().unwrap()).unwrap();
        let finding = regressions.join(name);
        let run = crosscheck(&[
            "export",
            finding.to_str().unwrap(),
            "--format",
            "report",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
        std::fs::read_to_string(out).unwrap()
    };
    let avx2 = export("winch-avx2-off-load-splat-panic");
    let title = avx2.lines().next().unwrap();
    assert!(
        title.starts_with("# Winch x64: panic while compiling or instantiating"),
        "{title}"
    );
    assert!(title.contains("Cannot emit inst"), "{title}");
    assert!(
        avx2.contains("Known to crosscheck as `winch-x64-avx2-off-load-splat`"),
        "{avx2}"
    );
    assert!(
        avx2.contains(&format!("wasmtime {}", crosscheck_oracles::WASMTIME_VERSION)),
        "{avx2}"
    );
    let line = avx2
        .lines()
        .find(|l| l.trim_start().starts_with("wasmtime run") && l.contains("compiler=winch"))
        .unwrap_or_else(|| panic!("{avx2}"));
    assert!(
        line.contains("-C cranelift-has_avx2=false") && line.trim_end().ends_with("module.wasm"),
        "{line}"
    );
    assert!(avx2.contains("crosscheck replay "), "{avx2}");
    assert!(avx2.contains("```wat\n(module"), "{avx2}");

    let block = export("wasmi-value-below-block-params-lost");
    assert_eq!(
        block.lines().next().unwrap(),
        "# wasmi: wrong global i64 after the step in call \"5\"",
        "its reduction reproduced it in the default configurations, so no setting is named"
    );
    let wasmi = export("wasmi-value-below-if-params-lost");
    assert!(
        wasmi.starts_with("# wasmi: wrong global i64 after the step"),
        "{}",
        wasmi.lines().next().unwrap()
    );
    assert!(wasmi.contains("the module imports host functions"), "{wasmi}");
    assert!(wasmi.contains("wasmi wast reproducer.wast"), "{wasmi}");
    let script = dir.path().join("wasmi-value-below-if-params-lost/reproducer.wast");
    let wrong = crosscheck(&["wast", script.to_str().unwrap(), "--engines", "wasmi"]);
    assert_eq!(
        wrong.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&wrong.stdout)
    );
}
