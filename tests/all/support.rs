//! Test doubles: an engine adapter that wraps a real engine and deliberately falsifies what it
//! reports, so that tests can prove each divergence class is detected.

#![allow(dead_code)]

use crosscheck::engines::{EngineSet, Slot};
use crosscheck_oracles::engine::StepSink;
use crosscheck_oracles::{CallPlan, Engine, Execution, PlannedCall, ReadOnlyExports, Rejection, Value, registry};

/// A mutation applied to a real engine's execution.
pub type Fault = Box<dyn Fn(&mut Execution) + Send + Sync>;

/// A mutation applied to a real engine's execution of a module, which it may look at: a planted
/// bug that fires on a pattern of the module.
pub type ModuleFault = Box<dyn Fn(&[u8], &mut Execution) + Send + Sync>;

/// A deliberately faulty engine: runs `inner`, then applies `fault` to the execution.
pub struct FaultyEngine {
    name: String,
    inner: Box<dyn Engine>,
    fault: ModuleFault,
}

impl FaultyEngine {
    /// Wraps the real engine `inner_name` under the name `faulty-<inner_name>`.
    pub fn new(inner_name: &str, fault: Fault) -> FaultyEngine {
        FaultyEngine::with_module_fault(inner_name, Box::new(move |_, e| fault(e)))
    }

    /// As [`FaultyEngine::new`], with a fault that sees the module.
    pub fn with_module_fault(inner_name: &str, fault: ModuleFault) -> FaultyEngine {
        FaultyEngine::named(&format!("faulty-{inner_name}"), inner_name, fault)
    }

    /// The real engine `inner_name` with `fault`, under the name `name`: a build of that engine
    /// with a planted bug, which the harness cannot tell from the real one by its name.
    pub fn named(name: &str, inner_name: &str, fault: ModuleFault) -> FaultyEngine {
        FaultyEngine {
            name: name.into(),
            inner: registry::build(inner_name).unwrap(),
            fault,
        }
    }
}

impl Engine for FaultyEngine {
    fn name(&self) -> &str {
        &self.name
    }
    fn version(&self) -> String {
        format!("test double over {}", self.inner.version())
    }
    fn arch(&self) -> &str {
        self.inner.arch()
    }
    fn support(&self) -> &crosscheck_oracles::Support {
        self.inner.support()
    }
    fn run(
        &self,
        wasm: &[u8],
        read_only: &ReadOnlyExports,
        plan: &CallPlan,
        sink: &mut StepSink<'_>,
    ) -> Option<Rejection> {
        let mut e = self.inner.execute_with(wasm, read_only, plan);
        (self.fault)(wasm, &mut e);
        e.steps.into_iter().for_each(sink);
        e.rejection
    }
}

/// An engine set of the real engine `real` and a faulty double of `faulty_over`.
pub fn set_with_double(real: &str, faulty_over: &str, fault: Fault) -> EngineSet {
    set_with_module_double(real, faulty_over, Box::new(move |_, e| fault(e)))
}

/// As [`set_with_double`], with a fault that sees the module.
pub fn set_with_module_double(real: &str, faulty_over: &str, fault: ModuleFault) -> EngineSet {
    let real_engine = registry::build(real).unwrap();
    EngineSet::from_slots(vec![
        Slot {
            name: real.into(),
            variants: vec![std::sync::Arc::from(real_engine)],
        },
        Slot {
            name: format!("faulty-{faulty_over}"),
            variants: vec![std::sync::Arc::new(FaultyEngine::with_module_fault(faulty_over, fault))],
        },
    ])
}

/// A module that exercises results, traps, memory, a global and host calls, and its plan:
/// step 1 `add(1, 2)` (logs 1 through the host, returns 3), step 2 `store(7)` (writes memory at
/// 16 and the global), step 3 `div(0)` (traps: division by zero), step 4 `half(1.0)` (f32).
pub fn sample() -> (Vec<u8>, CallPlan) {
    let wasm = wat::parse_str(
        r#"(module
          (import "host" "log_i32" (func $log (param i32)))
          (memory (export "mem") 1 1)
          (global $g (export "g") (mut i32) (i32.const 0))
          (func (export "add") (param i32 i32) (result i32)
            (call $log (local.get 0))
            (i32.add (local.get 0) (local.get 1)))
          (func (export "store") (param i32)
            (i32.store (i32.const 16) (local.get 0))
            (global.set $g (local.get 0)))
          (func (export "div") (param i32) (result i32)
            (i32.div_u (i32.const 10) (local.get 0)))
          (func (export "half") (param f32) (result f32)
            (f32.mul (local.get 0) (f32.const 0.5))))"#,
    )
    .unwrap();
    let plan = CallPlan {
        calls: vec![
            call("add", vec![Value::I32(1), Value::I32(2)]),
            call("store", vec![Value::I32(7)]),
            call("div", vec![Value::I32(0)]),
            call("half", vec![Value::F32(1.0f32.to_bits())]),
        ],
        ..CallPlan::default()
    };
    (wasm, plan)
}

/// A planned call of `export` with `args`.
pub fn call(export: &str, args: Vec<Value>) -> PlannedCall {
    PlannedCall {
        export: export.into(),
        args,
    }
}

/// The finding directories under `root` (not the known bugs of `known/`), sorted.
pub fn finding_dirs(root: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut dirs: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && p.file_name().is_none_or(|n| n != crosscheck::finding::KNOWN_DIR))
        .collect();
    dirs.sort();
    dirs
}

/// The environment variable that turns a missing emulator from a skipped test into a failure
/// (`.ci/run` sets it, after `scripts/setup-cross.sh`).
pub const REQUIRE_EMULATION_VAR: &str = "CROSSCHECK_REQUIRE_EMULATION";

/// Whether the aarch64 engines can run here (QEMU and the guest libraries installed). Without
/// them a test is skipped with a notice, unless [`REQUIRE_EMULATION_VAR`] is `1`: then it fails.
pub fn aarch64_available(test: &str) -> bool {
    match crosscheck::engines::emulated::AARCH64.check_installed() {
        Ok(()) => true,
        Err(reason) if std::env::var(REQUIRE_EMULATION_VAR).is_ok_and(|v| v == "1") => {
            panic!("{test}: {reason}")
        }
        Err(reason) => {
            eprintln!("skipping {test}: {reason}");
            false
        }
    }
}

/// Writes `line` to the test run's standard error, past the test harness's output capture, so that
/// it shows even when the test passes: for a check that this host cannot make, and why.
pub fn say(line: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// A campaign of `modules` modules of `strategy` (seed 4, swarm off) on `engines`, which must end
/// with exit 0 or 1: its standard output and its `--stats` record (`reach` gives each engine's
/// reach).
pub fn reach_campaign(strategy: &str, engines: &str, modules: &str) -> (String, crosscheck::campaign::StatsFile) {
    let dir = tempfile::tempdir().unwrap();
    let path = |p: &str| dir.path().join(p).to_str().unwrap().to_string();
    let (findings, stats) = (path("findings"), path("run.json"));
    let out = crosscheck_with_doubles(&[
        "fuzz",
        "--engines",
        engines,
        "--strategies",
        strategy,
        "--modules",
        modules,
        "--config-swarm",
        "off",
        "--seed",
        "4",
        "--out",
        &findings,
        "--stats",
        &stats,
    ]);
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let record = crosscheck::campaign::StatsFile::read(&dir.path().join("run.json")).unwrap();
    (String::from_utf8_lossy(&out.stdout).into_owned(), record)
}

/// Runs the `crosscheck` binary with `args` and the fault-injecting doubles enabled
/// (`crosscheck_oracles::doubles`).
pub fn crosscheck_with_doubles(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(args)
        .env(crosscheck_oracles::doubles::ENABLE_VAR, "1")
        .output()
        .unwrap()
}

/// The options of a campaign of `modules` modules of seed `seed`, without a progress bar.
pub fn options(seed: u64, modules: u64) -> crosscheck::campaign::Options {
    crosscheck::campaign::Options::new(seed)
        .with_modules(Some(modules))
        .with_command_line(vec!["test".into()])
}

/// A fault for [`FaultyEngine`]: every i32 result has bit 4 flipped.
pub fn flip_i32_results() -> Fault {
    Box::new(|e: &mut Execution| {
        for step in &mut e.steps {
            if let crosscheck_oracles::StepOutcome::Returned(values) = &mut step.outcome {
                for v in values {
                    if let Value::I32(x) = v {
                        *x ^= 0x10;
                    }
                }
            }
        }
    })
}

/// The command that starts this build's worker (`crosscheck worker`), with a 20 s watchdog.
pub fn worker_command() -> crosscheck_oracles::worker::WorkerCommand {
    crosscheck_oracles::worker::WorkerCommand {
        program: env!("CARGO_BIN_EXE_crosscheck").into(),
        args: vec!["worker".into()],
        watchdog: std::time::Duration::from_secs(20),
        emulator: None,
        recycle_above_bytes: None,
        skip_probes: Vec::new(),
    }
}
