//! Engines in worker processes: a worker killed by a real fault is a `crash` finding and the
//! campaign goes on with a new worker; a worker that never answers is killed and is a `hang`. Either
//! way the finding names the step it happened in. A hang that the worker's re-run does not
//! reproduce is the machine's, not the engine's: it is counted and the re-run compared.
//! The faults come from the fault-injecting doubles of `crosscheck_oracles::doubles`.

use crate::support;

use std::path::Path;
use std::process::{Command, Output};

use crosscheck::compare::Class;
use crosscheck::finding::read_meta;

/// The slots of a module run on every engine of a run of up to 8 engines.
static SLOTS: [usize; 8] = [0, 1, 2, 3, 4, 5, 6, 7];

fn crosscheck(args: &[&str]) -> Output {
    support::crosscheck_with_doubles(args)
}

fn findings(root: &Path) -> Vec<crosscheck::finding::FindingMeta> {
    support::finding_dirs(root)
        .iter()
        .map(|d| read_meta(d).unwrap())
        .collect()
}

/// Runs a 24-module campaign of wasmi against `double`, returning its stdout and findings.
fn campaign(double: &str, extra: &[&str]) -> (String, Vec<crosscheck::finding::FindingMeta>, tempfile::TempDir) {
    campaign_of_seed(double, "3", extra)
}

/// [`campaign`] with the campaign seed `seed` (one whose 24 modules hold at least two the
/// double fails on, where a test needs two).
fn campaign_of_seed(
    double: &str,
    seed: &str,
    extra: &[&str],
) -> (String, Vec<crosscheck::finding::FindingMeta>, tempfile::TempDir) {
    let out = tempfile::tempdir().unwrap();
    let engines = format!("wasmi,{double}");
    let mut args = vec![
        "fuzz",
        "--engines",
        &engines,
        "--modules",
        "24",
        "--seed",
        seed,
        "--out",
    ];
    let path = out.path().to_str().unwrap().to_string();
    args.push(&path);
    args.extend(extra);
    let result = crosscheck(&args);
    let stdout = String::from_utf8_lossy(&result.stdout).into_owned();
    assert_eq!(
        result.status.code(),
        Some(1),
        "{stdout}{}",
        String::from_utf8_lossy(&result.stderr)
    );
    assert!(
        stdout.contains("modules: 24 in"),
        "the campaign must run to the end: {stdout}"
    );
    let metas = findings(out.path());
    (stdout, metas, out)
}

/// Workers of `engine` started after one died, plus one when the last one died with the last
/// module (the campaign ends before it needs a new one, and its memory at the end is `-`): the
/// number of deaths, summed over the campaign's jobs (`worker ENGINE (job N): ...` lines).
fn deaths(stdout: &str, engine: &str) -> u64 {
    let lines: Vec<&str> = stdout
        .lines()
        .filter(|l| {
            l.strip_prefix(&format!("worker {engine}"))
                .is_some_and(|rest| rest.starts_with(':') || rest.starts_with(" (job "))
        })
        .collect();
    assert!(!lines.is_empty(), "a worker line for {engine}: {stdout}");
    lines
        .iter()
        .map(|line| {
            let counts = line.split_once(": ").expect("a worker line").1;
            let restarts: u64 = counts.split_whitespace().next().unwrap().parse().unwrap();
            restarts + u64::from(line.ends_with("- at end"))
        })
        .sum()
}

#[test]
fn a_worker_killed_by_sigsegv_is_a_crash_finding_and_the_campaign_continues() {
    let (stdout, metas, out) = campaign_of_seed("double-segv", "2", &[]);
    assert!(!metas.is_empty(), "{stdout}");
    for meta in &metas {
        assert_eq!(meta.class, Class::Crash);
        assert!(meta.detail.contains("killed by signal 11 (SIGSEGV)"), "{}", meta.detail);
        assert!(meta.step >= 1, "the crash happens after instantiation");
    }
    let crashes: u64 = metas.iter().map(|m| m.count).sum();
    assert!(crashes >= 2, "{stdout}");
    let died = deaths(&stdout, "double-segv");
    assert!(
        crashes < died && died <= 2 * crashes,
        "{died} deaths for {crashes} crashes: a worker sends a batch's steps at its end, so each \
         module of a batch that died is re-run once in a worker that sends each step as it ends, \
         where each crashing one dies again: {stdout}"
    );
    assert_eq!(deaths(&stdout, "wasmi"), 0);
    let meta = &metas[0];

    // The finding replays in one command, in workers, and crashes the same way.
    let dir = out.path().join(&meta.signature);
    let replay = crosscheck(&["replay", dir.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&replay.stdout);
    assert_eq!(replay.status.code(), Some(1), "{text}");
    assert!(text.contains("killed by signal 11 (SIGSEGV)"), "{text}");
}

#[test]
fn an_aborting_worker_is_a_crash_with_its_signal() {
    let (_, metas, _out) = campaign("double-abort", &[]);
    assert!(metas.iter().all(|m| m.class == Class::Crash));
    assert!(
        metas.iter().any(|m| m.detail.contains("killed by signal 6 (SIGABRT)")),
        "{:?}",
        metas[0].detail
    );
}

#[test]
fn a_worker_that_garbles_its_output_is_killed_and_recorded_as_a_crash() {
    // Waited for instead of killed, the double would exit after 30 s, and the finding would say
    // "worker died" with its exit status.
    let (stdout, metas, _out) = campaign("double-garble", &[]);
    assert!(!metas.is_empty(), "{stdout}");
    for meta in &metas {
        assert_eq!(meta.class, Class::Crash);
        assert!(
            meta.detail
                .contains("worker protocol error: a frame of 4294967295 bytes, over the limit")
                && meta.detail.contains("killed by signal 9"),
            "{}",
            meta.detail
        );
    }
}

#[test]
fn a_worker_that_never_answers_is_killed_and_recorded_as_a_hang() {
    let (stdout, metas, _out) = campaign("double-hang", &["--watchdog", "0.5"]);
    assert!(!metas.is_empty(), "{stdout}");
    for meta in &metas {
        assert_eq!(meta.class, Class::Hang);
        assert!(meta.detail.contains("no answer within 0.5 s"), "{}", meta.detail);
    }
    for meta in &metas {
        assert!(
            meta.step >= 1,
            "the re-run finds the step that hangs, after instantiation"
        );
    }
    let hangs: u64 = metas.iter().map(|m| m.count).sum();
    let died = deaths(&stdout, "double-hang");
    assert!(
        hangs < died && died <= 2 * hangs,
        "{died} workers killed for {hangs} hangs: each module of a batch that hung is re-run once \
         to find its step, where each hanging one hangs again: {stdout}"
    );
}

#[test]
fn a_hang_that_its_re_run_does_not_reproduce_is_counted_not_reported() {
    let out = tempfile::tempdir().unwrap();
    let marker = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .env(crosscheck_oracles::doubles::ENABLE_VAR, "1")
        .env(crosscheck_oracles::doubles::SLOW_MARKER_VAR, marker.path().join("slow"))
        .args([
            "fuzz",
            "--engines",
            "wasmi,double-slow",
            "--modules",
            "24",
            "--seed",
            "3",
            "--jobs",
            "1",
            "--watchdog",
            "0.5",
            "--out",
            out.path().to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(findings(out.path()).is_empty(), "{stdout}");
    let line = stdout
        .lines()
        .find(|l| l.starts_with("worker double-slow"))
        .unwrap_or_else(|| panic!("a worker line: {stdout}"));
    assert!(
        line.contains("1 restarts, 1 hangs not reproduced by a re-run"),
        "one worker killed by the watchdog, its execution re-run and compared: {line}"
    );
}

#[test]
fn doubles_do_not_exist_unless_enabled() {
    let out = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(["fuzz", "--engines", "wasmi,double-segv", "--modules", "1"])
        .env_remove(crosscheck_oracles::doubles::ENABLE_VAR)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown engine `double-segv`"));
}

#[test]
fn a_worker_that_grows_past_its_memory_limit_is_recycled_between_modules() {
    use crosscheck_oracles::worker::{WorkerCommand, WorkerEngine};
    use crosscheck_oracles::{Engine, StepOutcome, Value};
    let command = WorkerCommand {
        program: env!("CARGO_BIN_EXE_crosscheck").into(),
        args: vec!["worker".into()],
        watchdog: std::time::Duration::from_secs(10),
        emulator: None,
        recycle_above_bytes: Some(1),
        skip_probes: Vec::new(),
    };
    let engine = WorkerEngine::spawn("wasmi", &command).unwrap();
    let (wasm, plan) = support::sample();
    for round in 1..=3 {
        let run = engine.execute(&wasm, &plan);
        assert_eq!(run.steps[1].outcome, StepOutcome::Returned(vec![Value::I32(3)]));
        let stats = engine.stats();
        assert_eq!((stats.recycles, stats.restarts), (round, 0), "{stats:?}");
    }
}

/// A batch of modules in workers (one request per worker process, the configuration swarm
/// drawing a configuration of the worker's engine per module, the opt levels of a slot in one
/// worker process) gives each module the executions and the verdict it gets alone.
#[test]
fn a_batch_in_workers_gives_each_module_what_it_gets_alone() {
    use crosscheck::engines::{EngineSet, Isolation, ModuleFacts};
    use crosscheck::execute::{self, Case, Concurrency};
    use crosscheck::generate::{Generator, Mode};
    use crosscheck_oracles::Engine;

    let set = EngineSet::from_list(
        "winch-x64,cranelift-x64,wasmi",
        &Isolation::Workers(support::worker_command()),
    )
    .unwrap()
    .with_config_swarm(11);
    let pids: Vec<Option<u32>> = set.engines().map(|e| e.worker_stats().and_then(|w| w.pid)).collect();
    assert!(
        pids.iter().all(Option::is_some),
        "every engine runs in a worker: {pids:?}"
    );
    assert_eq!(pids.len(), 5, "winch, three Cranelift opt levels, wasmi");
    assert!(
        pids[1] == pids[2] && pids[2] == pids[3] && pids[0] != pids[1] && pids[4] != pids[1],
        "the opt levels of the Cranelift slot share one worker process, and only they: {pids:?}"
    );
    let generator = Generator::with_strategies(set.proposals(), Mode::Default, &[]);
    let cases: Vec<_> = (0..12u64)
        .filter_map(|index| {
            let seed = crosscheck::seed::mix(5, index);
            generator.attempt(seed).case.ok().map(|case| (case, seed, index))
        })
        .collect();
    assert!(cases.len() >= 8, "most seeds give a module");
    let picked: Vec<Vec<std::sync::Arc<dyn Engine>>> = cases
        .iter()
        .map(|(case, seed, index)| {
            let facts = ModuleFacts {
                proposals: case.proposals,
                fuel: case.plan.options.fuel.is_some(),
                ..ModuleFacts::default()
            };
            set.pick(*seed, *index, &facts)
        })
        .collect();
    let chosen: Vec<Vec<&dyn Engine>> = picked.iter().map(|p| p.iter().map(|e| e.as_ref()).collect()).collect();
    let names: std::collections::BTreeSet<&str> = chosen.iter().flatten().map(|e| e.name()).collect();
    assert!(names.len() > 3, "the swarm draws several configurations: {names:?}");
    let batch: Vec<Case<'_>> = cases
        .iter()
        .zip(&chosen)
        .map(|((case, _, _), engines)| Case {
            engines,
            slots: &SLOTS[..engines.len()],
            wasm: &case.wasm,
            plan: &case.plan,
        })
        .collect();
    let together = execute::run_many(&batch, Concurrency::Sequential);
    assert_eq!(together.len(), cases.len());
    for (case, outcome) in batch.iter().zip(&together) {
        let alone = execute::run_with(case.engines, case.wasm, case.plan, Concurrency::Sequential);
        assert_eq!(outcome.executions, alone.executions);
        assert_eq!(format!("{:?}", outcome.verdict), format!("{:?}", alone.verdict));
        assert!(
            outcome.phases.iter().all(|p| p.transport > std::time::Duration::ZERO),
            "each execution of a batch gets a share of its transport: {:?}",
            outcome.phases
        );
    }
}

/// What a worker sends (memories as patches, unchanged states as "same state", host calls by
/// position) is rebuilt into exactly the steps the same engine makes in the harness's process.
#[test]
fn a_worker_delivers_the_steps_the_engine_makes_in_process() {
    use crosscheck::generate::{Generator, Mode};
    use crosscheck_oracles::worker::WorkerEngine;
    use crosscheck_oracles::{Engine, registry};

    let here = registry::build("wasmi").unwrap();
    let there = WorkerEngine::spawn("wasmi", &support::worker_command()).unwrap();
    // `smith` modules call the host; most of their steps change nothing.
    let strategies = crosscheck::generate::registry::parse_list("smith").unwrap();
    let generator = Generator::with_strategies(here.proposals(), Mode::Default, &strategies);
    let (mut same_states, mut host_calls, mut compared) = (0, 0, 0);
    for index in 0..24u64 {
        let Ok(case) = generator.attempt(crosscheck::seed::mix(9, index)).case else {
            continue;
        };
        let local = here.execute(&case.wasm, &case.plan);
        let remote = there.execute(&case.wasm, &case.plan);
        assert_eq!(remote, local, "module {index}");
        compared += 1;
        host_calls += local.steps.iter().map(|s| s.host_calls.len()).sum::<usize>();
        same_states += local
            .steps
            .windows(2)
            .filter(|w| w[0].state.is_some() && w[0].state == w[1].state)
            .count();
    }
    assert!(compared >= 16, "{compared} modules");
    assert!(
        same_states > 0 && host_calls > 0,
        "{same_states} unchanged states, {host_calls} host calls"
    );
}
