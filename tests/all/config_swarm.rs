//! The engine configuration swarm (issue 8) on real engines: configurations that must agree do,
//! a campaign draws many configurations from its seed alone and records them in findings so that
//! a replay rebuilds exactly those engines, a reduction finds the settings a divergence needs, and
//! bad settings are refused in one line.

use crate::support;

use std::collections::BTreeSet;
use std::path::Path;

use crosscheck::campaign::{self, JobEngines, Swarm};
use crosscheck::compare::Verdict;
use crosscheck::engines::{EngineSet, Isolation, split_list};
use crosscheck::execute;
use crosscheck::finding::{Finding, FindingStore};
use crosscheck_oracles::naming::host_arch;
use crosscheck_oracles::registry;
use crosscheck_oracles::{CallPlan, Engine, StepOutcome, TrapKind, Value};

/// An ISA setting of this host's compiled engines.
fn isa_off() -> &'static str {
    if host_arch() == "x64" { "sse41=off" } else { "lse=off" }
}

/// A module with memory that grows, a store at its last byte and one past it, a table, and a
/// division by zero; the plan makes each call.
fn memory_module() -> (Vec<u8>, CallPlan) {
    let wasm = wat::parse_str(
        r#"(module
          (memory (export "mem") 1 4)
          (table (export "t") 2 funcref)
          (global (export "g") (mut i64) (i64.const 0))
          (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
          (func (export "poke") (param i32 i32)
            (i32.store8 (local.get 0) (local.get 1))
            (global.set 0 (i64.extend_i32_u (i32.load8_u (local.get 0)))))
          (func (export "sum") (param i32) (result i32)
            (local $i i32) (local $s i32)
            (loop $l
              (local.set $s (i32.add (local.get $s) (i32.load8_u (local.get $i))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $l (i32.lt_u (local.get $i) (local.get 0))))
            (local.get $s))
          (func (export "div") (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0))))"#,
    )
    .unwrap();
    let call = support::call;
    let plan = CallPlan {
        calls: vec![
            call("grow", vec![Value::I32(1)]),
            call("poke", vec![Value::I32(131_071), Value::I32(200)]),
            call("poke", vec![Value::I32(131_072), Value::I32(1)]),
            call("sum", vec![Value::I32(131_072)]),
            call("div", vec![Value::I32(0)]),
            call("grow", vec![Value::I32(5)]),
        ],
        ..CallPlan::default()
    };
    (wasm, plan)
}

/// The same module under configurations that only change how Wasmtime and wasmi implement it
/// (explicit bounds checks, no guard pages, no reservation, fuel and epoch checks, the other
/// register allocator, an ISA feature off, eager compilation) agrees with the defaults, traps
/// included.
#[test]
fn configurations_that_must_agree_do() {
    let arch = host_arch();
    let list = format!(
        "cranelift-{arch}:speed,winch-{arch},wasmi,\
         cranelift-{arch}:o0,regalloc=single_pass,signals=off,reservation=0,guard=0,cow=off,lazy_tables=off,fuel=on,epochs=on,{isa},\
         winch-{arch},reservation=1m,guard=64k,may_move=on,fuel=on,epochs=on,cow=off,\
         wasmi,compilation=eager,fuel=on",
        isa = isa_off()
    );
    let set = EngineSet::from_list(&list, &Isolation::InProcess).unwrap();
    let engines: Vec<&dyn Engine> = set.engines().collect();
    assert_eq!(engines.len(), 6);
    let (wasm, plan) = memory_module();
    let outcome = execute::run(&engines, &wasm, &plan);
    assert_eq!(outcome.verdict, Verdict::Agree, "{list}");
    let steps: Vec<&StepOutcome> = outcome.executions[3].steps.iter().map(|s| &s.outcome).collect();
    assert_eq!(steps[1], &StepOutcome::Returned(vec![Value::I32(1)]));
    assert_eq!(steps[3], &StepOutcome::Trapped(TrapKind::MemoryOutOfBounds));
    assert_eq!(steps[4], &StepOutcome::Returned(vec![Value::I32(200)]));
    assert_eq!(steps[5], &StepOutcome::Trapped(TrapKind::IntegerDivisionByZero));
    assert_eq!(steps[6], &StepOutcome::Returned(vec![Value::I32(-1)]));
}

/// The knobs of issue 36: heap and table Spectre mitigation off, no guard region before linear
/// memory, and the pooling allocator each parse, are named in canonical order, build engines
/// (Winch's and Cranelift's) that run the memory module in agreement with the defaults, and are
/// refused in one line where they cannot hold (pooling with a reservation below the memory
/// limit); `signals=off` takes the Spectre settings with it, and a pooled engine does not take a
/// shared memory.
#[test]
fn spectre_guard_before_and_pooling_configure_engines_that_run() {
    use crosscheck_oracles::Feature;
    let arch = host_arch();
    let given = [
        format!("cranelift-{arch}:speed"),
        "wasmi".to_string(),
        format!(
            "cranelift-{arch}:o0,allocator=pooling,guard_before=off,table_spectre=off,spectre=off,reservation=128m,guard=0"
        ),
        format!("winch-{arch},allocator=pooling,guard_before=off,spectre=off,table_spectre=off,reservation=128m"),
        format!("cranelift-{arch}:size,spectre=off,signals=off,table_spectre=off"),
    ];
    let list = given.join(",");
    let set = EngineSet::from_list(&list, &Isolation::InProcess).unwrap();
    let names: Vec<String> = set.engines().map(|e| e.name().to_string()).collect();
    assert_eq!(
        names[2..],
        [
            format!(
                "cranelift-{arch}:o0,spectre=off,table_spectre=off,reservation=128m,guard=0,guard_before=off,allocator=pooling"
            ),
            format!("winch-{arch},spectre=off,table_spectre=off,reservation=128m,guard_before=off,allocator=pooling"),
            format!("cranelift-{arch}:size,signals=off"),
        ]
    );
    let engines: Vec<&dyn Engine> = set.engines().collect();
    let (wasm, plan) = memory_module();
    let outcome = execute::run(&engines, &wasm, &plan);
    assert_eq!(outcome.verdict, Verdict::Agree, "{list}");
    let steps: Vec<&StepOutcome> = outcome.executions[2].steps.iter().map(|s| &s.outcome).collect();
    assert_eq!(steps[3], &StepOutcome::Trapped(TrapKind::MemoryOutOfBounds));
    assert_eq!(steps[6], &StepOutcome::Returned(vec![Value::I32(-1)]));
    let shared = |i: usize| engines[i].support().features().contains(Feature::SharedMemoryAtomics);
    assert!(shared(0), "Cranelift compiles a shared memory");
    assert!(!shared(2) && !shared(3), "a pooled engine takes no shared memory");
    let refused = EngineSet::from_list(
        &format!("cranelift-{arch}:o0,allocator=pooling,reservation=1m"),
        &Isolation::InProcess,
    )
    .err()
    .expect("pooling needs the memory limit reserved")
    .to_string();
    assert!(
        refused.contains("`allocator=pooling` needs a reservation of at least 64 MiB"),
        "{refused}"
    );
}

/// The names of every engine that ran in an in-process campaign of `modules` modules of seed
/// `seed` on Winch and wasmi, with `jobs` jobs.
fn campaign_configurations(seed: u64, modules: u64, jobs: usize, swarm: bool) -> BTreeSet<String> {
    let out = tempfile::tempdir().unwrap();
    let store = FindingStore::open(out.path()).unwrap();
    let list = format!("winch-{},wasmi", host_arch());
    let swarm = if swarm { Swarm::On } else { Swarm::Off };
    let engines = JobEngines::new(&list, &Isolation::InProcess).with_swarm(seed, swarm);
    let stats = campaign::run_jobs(
        &|job| engines.build(job),
        &store,
        &support::options(seed, modules),
        jobs,
    )
    .unwrap();
    assert!(stats.config_refusals.is_empty(), "{:?}", stats.config_refusals);
    stats.configurations
}

/// The swarm's choices depend on the seed and the module alone: one job or two, the same
/// configurations run; they are many, valid, canonical and never what Winch refuses; with the
/// swarm off only the given engines run.
#[test]
fn a_campaign_draws_many_configurations_from_its_seed() {
    let modules = 800;
    let one = campaign_configurations(3, modules, 1, true);
    let two = campaign_configurations(3, modules, 2, true);
    assert_eq!(one, two);
    assert!(one.len() >= 8, "{one:?}");
    assert!(one.iter().any(|n| n.starts_with("wasmi,")), "{one:?}");
    for name in &one {
        assert_eq!(registry::expand(name).unwrap(), vec![name.clone()], "not canonical");
        assert!(
            !name.contains("signals=off") && !name.contains("lazy_tables=off"),
            "{name}"
        );
    }
    let other_seed = campaign_configurations(4, modules, 1, true);
    assert_ne!(one, other_seed);
    let off = campaign_configurations(3, 50, 1, false);
    assert_eq!(
        off,
        BTreeSet::from([format!("winch-{}", host_arch()), "wasmi".to_string()])
    );
}

/// Engines are named by their full configuration in canonical form, which findings record; a
/// replay of the list of those names builds exactly those engines.
#[test]
fn configured_engine_names_replay_exactly() {
    let arch = host_arch();
    let given = [
        format!("winch-{arch},fuel=on,epochs=on,reservation=16m,guard=0,cow=on"),
        format!("cranelift-{arch}:size,signals=off,{},regalloc=single_pass", isa_off()),
        "wasmi,compilation=lazy".to_string(),
    ];
    let list = given.join(",");
    assert_eq!(split_list(&list).unwrap(), given);
    let set = EngineSet::from_list(&list, &Isolation::InProcess).unwrap();
    let built: Vec<String> = set.engines().map(|e| e.name().to_string()).collect();
    assert_eq!(
        built[0],
        format!("winch-{arch},reservation=16m,guard=0,fuel=on,epochs=on")
    );
    assert!(built[1].starts_with(&format!("cranelift-{arch}:size,regalloc=single_pass,")));
    assert!(built[1].ends_with(",signals=off") && built[1].contains(isa_off()));
    assert_eq!(built[2], "wasmi,compilation=lazy");
    let replayed = EngineSet::from_list(&built.join(","), &Isolation::InProcess).unwrap();
    let names: Vec<String> = replayed.engines().map(|e| e.name().to_string()).collect();
    assert_eq!(names, built);
    assert!(split_list("fuel=on,wasmi").is_err());
}

/// Records the divergence of `wasm` and `plan` on `list` (in-process) and loads the finding.
fn record(list: &str, wasm: &[u8], plan: &CallPlan, out: &Path) -> (EngineSet, Finding) {
    let set = EngineSet::from_list(list, &Isolation::InProcess).unwrap();
    let engines: Vec<&dyn Engine> = set.engines().collect();
    let outcome = execute::run(&engines, wasm, plan);
    let Verdict::Diverge(divergence) = &outcome.verdict else {
        panic!("{list}: no divergence: {:?}", outcome.verdict);
    };
    let runs: Vec<_> = engines
        .iter()
        .map(|e| crosscheck::engines::info(*e))
        .zip(&outcome.executions)
        .collect();
    let store = FindingStore::open(out).unwrap();
    let finding = crosscheck::finding::NewFinding {
        wasm,
        plan,
        divergence,
        readings: crosscheck::compare::Readings::of(divergence, runs.iter().map(|(info, _)| info)),
        executions: &runs,
        generation: Default::default(),
        sat_out: &[],
    };
    let dir = match store.record(&finding, &[]).unwrap() {
        crosscheck::finding::Recorded::New(dir) => dir,
        other => panic!("{other:?}"),
    };
    (set, Finding::load(&dir).unwrap())
}

/// The reduction of the Winch crash that only `avx2=off` causes
/// (`corpora/regressions/winch-avx2-off-load-splat-panic`), found among other drawn settings,
/// names that one setting in its configured signature.
#[cfg(target_arch = "x86_64")]
#[test]
fn reduction_finds_the_setting_a_divergence_needs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/regressions/winch-avx2-off-load-splat-panic");
    let wasm = std::fs::read(root.join("module.wasm")).unwrap();
    let plan = CallPlan::default();
    let out = tempfile::tempdir().unwrap();
    let list = "winch-x64,avx2=off,bmi2=off,fuel=on,reservation=16m,cranelift-x64:o0,regalloc=single_pass,wasmi";
    let (set, finding) = record(list, &wasm, &plan, out.path());
    let signature = finding.meta.signature.clone();
    assert!(
        signature.starts_with("crash--winch-x64--panic.Cannot.emit.inst._.for.target"),
        "{signature}"
    );
    assert_eq!(
        finding.meta.run_engines[0].name,
        "winch-x64,avx2=off,bmi2=off,reservation=16m,fuel=on"
    );
    let engines: Vec<&dyn Engine> = set.engines().collect();
    let reduced = crosscheck::reduce::reduce(&finding, &engines, std::time::Duration::from_secs(60)).unwrap();
    let config = reduced.report.config.expect("configured engines ran");
    assert!(!config.reproduces_with_defaults);
    assert_eq!(config.knobs, ["winch-x64:avx2=off"]);
    assert_eq!(
        reduced.report.configured_signature.as_deref(),
        Some(format!("{signature}--with-winch-x64.avx2.off").as_str())
    );
}

/// A divergence that does not depend on the configuration (Winch's missing fuel for
/// `memory.fill`, `corpora/regressions/winch-bulk-memory-fuel`) reproduces with every engine in
/// its default configuration, and its reduction says so.
#[test]
fn reduction_says_when_the_defaults_reproduce() {
    let arch = host_arch();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/regressions/winch-bulk-memory-fuel");
    let wasm = std::fs::read(root.join("module.wasm")).unwrap();
    let plan: CallPlan = serde_json::from_slice(&std::fs::read(root.join("plan.json")).unwrap()).unwrap();
    let out = tempfile::tempdir().unwrap();
    let list = format!("winch-{arch},cow=off,epochs=on,cranelift-{arch}:o0,signals=off,guard=0");
    let (set, finding) = record(&list, &wasm, &plan, out.path());
    let engines: Vec<&dyn Engine> = set.engines().collect();
    let reduced = crosscheck::reduce::reduce(&finding, &engines, std::time::Duration::from_secs(60)).unwrap();
    let config = reduced.report.config.expect("configured engines ran");
    assert!(config.reproduces_with_defaults, "{config:?}");
    assert!(config.knobs.is_empty());
    assert_eq!(
        reduced.report.configured_signature.as_deref(),
        Some(finding.meta.signature.as_str())
    );
}

/// Bad settings end `crosscheck fuzz` with one line naming the reason and exit status 2; the
/// knobs are listed by `crosscheck engines --configs`.
#[test]
fn bad_settings_are_refused_in_one_line() {
    let arch = host_arch();
    for (engines, reason) in [
        (
            format!("winch-{arch},signals=off"),
            "Winch requires signals-based traps",
        ),
        (format!("cranelift-{arch}:o0,avx512=off"), "no knob `avx512`"),
        (
            format!("cranelift-{arch}:o0,regalloc=greedy"),
            "values: backtracking, single_pass",
        ),
        ("signals=off,wasmi".to_string(), "comes before any engine name"),
    ] {
        let out = support::crosscheck_with_doubles(&["fuzz", "--engines", &engines, "--modules", "1"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{engines}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
        assert!(stderr.contains(reason), "{engines}: {stderr}");
    }
    let out = support::crosscheck_with_doubles(&["engines", "--configs"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    for knob in crosscheck_oracles::config::KNOBS {
        assert!(stdout.contains(knob.name), "{} not listed", knob.name);
    }
    assert!(stdout.contains("Winch requires signals-based traps"));
}

/// In worker processes (the default), a configured engine runs in its default engine's worker,
/// which builds it on first use: a campaign draws several configurations, starts no extra worker,
/// and Cranelift and wasmi agree in every one of them.
#[test]
fn worker_hosted_engines_take_their_configurations_in_the_same_worker() {
    let out = tempfile::tempdir().unwrap();
    let engines = format!("cranelift-{}:o0,wasmi", host_arch());
    let run = support::crosscheck_with_doubles(&[
        "fuzz",
        "--engines",
        &engines,
        "--modules",
        "300",
        "--seed",
        "2",
        "--jobs",
        "1",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("configuration swarm on"), "{stdout}");
    let distinct: usize = stdout
        .lines()
        .find_map(|l| l.strip_prefix("engine configurations: "))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no configuration count: {stdout}"));
    assert!(distinct >= 6, "{distinct} configurations: {stdout}");
    let workers: Vec<&str> = stdout.lines().filter(|l| l.starts_with("worker ")).collect();
    assert_eq!(workers.len(), 2, "one worker per default engine: {stdout}");
    assert!(workers.iter().all(|l| l.contains(": 0 restarts")), "{stdout}");
}

/// A short swarm campaign counts, per setting and the family of instructions it changes, the
/// modules that met both: a line of the summary, a `--stats` field and a table of the report.
#[test]
fn a_campaign_counts_the_settings_its_modules_met() {
    let arch = host_arch();
    let dir = tempfile::tempdir().unwrap();
    let path = |p: &str| dir.path().join(p).to_str().unwrap().to_string();
    let engines = format!("winch-{arch},cranelift-{arch},wasmi");
    let out = support::crosscheck_with_doubles(&[
        "fuzz",
        "--engines",
        &engines,
        "--modules",
        "300",
        "--seed",
        "11",
        "--out",
        &path("findings"),
        "--stats",
        &path("run.json"),
        "--label",
        "pairs",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = stdout
        .lines()
        .find(|l| l.starts_with("pairs: settings met by the instructions they change (modules): "))
        .unwrap_or_else(|| panic!("no pairs line in\n{stdout}"));
    let record = campaign::StatsFile::read(&dir.path().join("run.json")).unwrap();
    let met = |setting: &str, family: &str| {
        record
            .pairs
            .iter()
            .find(|p| p.setting == setting && p.family == family)
            .unwrap_or_else(|| panic!("no {setting}/{family} in {:?}", record.pairs))
            .modules
    };
    for setting in ["signals=off", "spectre=off", "guard_before=off"] {
        let n = met(setting, "memory-access");
        assert!(n > 10 && n < 300, "{setting}: {n}");
        assert!(line.contains(&format!("{setting}/memory-access {n}")), "{line}");
    }
    assert!(met("allocator=pooling", "memory-grow") > 0, "{:?}", record.pairs);
    if arch == "x64" {
        assert!(
            met("bmi2=off", "shifts") > 0 && met("popcnt=off", "popcnt") > 0,
            "{:?}",
            record.pairs
        );
    }
    std::fs::create_dir(dir.path().join("regressions")).unwrap();
    let report = support::crosscheck_with_doubles(&[
        "report",
        &path("run.json"),
        "--findings",
        &path("findings"),
        "--regressions",
        &path("regressions"),
        "--known",
        "none",
        "--out",
        &path("report"),
    ]);
    assert!(report.status.code().is_some_and(|c| c <= 1));
    let md = std::fs::read_to_string(dir.path().join("report/report.md")).unwrap();
    let row = format!(
        "| pairs | `signals=off` | memory-access | {} |",
        met("signals=off", "memory-access")
    );
    assert!(md.contains(&row), "{row} in\n{md}");
}
