//! The parts of the nightly job: parallel campaign jobs, campaign records (`fuzz --stats`), the
//! report and its exit status, `crosscheck bench`, and the engines' phase times.

use crate::support;

use std::collections::BTreeMap;
use std::path::Path;

use crosscheck::campaign::{self, StatsFile};
use crosscheck::engines::Isolation;
use crosscheck::finding::{FindingStore, read_meta};
use crosscheck::report::campaign_summary;
use crosscheck_oracles::{StepOutcome, Value, registry};

/// Signature -> count of every finding under `root`.
fn counts(root: &Path) -> BTreeMap<String, u64> {
    support::finding_dirs(root)
        .iter()
        .map(|d| {
            let meta = read_meta(d).unwrap();
            (meta.signature, meta.count)
        })
        .collect()
}

#[test]
fn two_jobs_run_the_same_modules_as_one_and_merge_their_findings() {
    let make = |_job: usize| Ok(support::set_with_double("wasmi", "wasmi", support::flip_i32_results()));
    let one = tempfile::tempdir().unwrap();
    let two = tempfile::tempdir().unwrap();
    let single = campaign::run_jobs(
        &make,
        &FindingStore::open(one.path()).unwrap(),
        &support::options(5, 40),
        1,
    )
    .unwrap();
    let double = campaign::run_jobs(
        &make,
        &FindingStore::open(two.path()).unwrap(),
        &support::options(5, 40),
        2,
    )
    .unwrap();
    assert!(single.divergence_count() > 0, "{}", campaign_summary(&single));
    assert_eq!((single.modules, double.modules), (40, 40));
    assert_eq!((single.jobs, double.jobs), (1, 2));
    assert_eq!(single.divergences, double.divergences);
    assert_eq!(single.call_outcomes, double.call_outcomes);
    assert_eq!(
        counts(one.path()),
        counts(two.path()),
        "the same signatures, counted the same"
    );
    assert_eq!(double.new_findings.len(), counts(two.path()).len());
    let last = double.samples.last().unwrap();
    assert_eq!(last.modules, 40, "the last sample counts both jobs");
    assert!(
        campaign_summary(&double).contains("2 jobs"),
        "{}",
        campaign_summary(&double)
    );
}

#[test]
fn a_report_fails_on_new_findings_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = |p: &str| dir.path().join(p).to_str().unwrap().to_string();
    let out = support::crosscheck_with_doubles(&[
        "fuzz",
        "--engines",
        "wasmi,double-result",
        "--config-swarm",
        "off",
        "--modules",
        "30",
        "--jobs",
        "2",
        "--seed",
        "4",
        "--out",
        &path("findings"),
        "--stats",
        &path("doubles.json"),
        "--label",
        "doubles",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let record = StatsFile::read(&dir.path().join("doubles.json")).unwrap();
    assert_eq!((record.label.as_str(), record.modules, record.jobs), ("doubles", 30, 2));
    assert!(record.samples.len() >= 2 && record.time.total_secs > 0.0);
    let found = support::finding_dirs(&dir.path().join("findings"));
    assert!(!found.is_empty());

    std::fs::create_dir(dir.path().join("regressions")).unwrap();
    let report = |known: &str, out: &str| {
        support::crosscheck_with_doubles(&[
            "report",
            &path("doubles.json"),
            "--findings",
            &path("findings"),
            "--regressions",
            &path("regressions"),
            "--known",
            &if known == "none" {
                known.to_string()
            } else {
                path(known)
            },
            "--out",
            &path(out),
        ])
    };
    let first = report("none", "new");
    assert_eq!(
        first.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let md = std::fs::read_to_string(dir.path().join("new/report.md")).unwrap();
    assert!(md.contains("| doubles | wasmi, double-result | default | 30 |"), "{md}");
    assert!(
        md.contains("## New findings") && !md.contains("## Known findings"),
        "{md}"
    );
    for svg in ["throughput.svg", "findings.svg"] {
        let text = std::fs::read_to_string(dir.path().join("new").join(svg)).unwrap();
        assert!(
            text.starts_with("<svg") && text.contains("\ndoubles\n"),
            "{svg} names the campaign"
        );
        assert!(text.contains("<polyline"), "{svg} draws a line");
    }

    // One finding moves to the regression corpus; a known-bug entry covers the double's other ones.
    let kept = &found[0];
    let copy = dir.path().join("regressions").join(kept.file_name().unwrap());
    std::fs::create_dir(&copy).unwrap();
    std::fs::copy(kept.join("finding.json"), copy.join("finding.json")).unwrap();
    // The temporary of an unfinished write is no finding.
    let name = kept.file_name().unwrap().to_string_lossy();
    let temporary = dir.path().join("findings").join(format!(".{name}.tmp-1-0"));
    std::fs::create_dir(&temporary).unwrap();
    std::fs::copy(kept.join("finding.json"), temporary.join("finding.json")).unwrap();
    let only_regression = report("none", "partly");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("partly/report.json")).unwrap()).unwrap();
    assert_eq!(json["new_findings"], found.len() - 1);
    assert_eq!(json["findings"].as_array().map(Vec::len), Some(found.len()));
    assert_eq!(only_regression.status.code(), Some(if found.len() > 1 { 1 } else { 0 }));
    std::fs::write(
        dir.path().join("allow.toml"),
        r#"[[known]]
name = "double-result"
reason = "the test double flips the lowest bit of every i32 result"
regressions = ["none"]
sides = ["double-*", "wasmi"]
classes = ["result"]
no_construct = "the double falsifies every module"
"#,
    )
    .unwrap();
    let known = report("allow.toml", "known");
    assert_eq!(
        known.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&known.stderr)
    );
    let md = std::fs::read_to_string(dir.path().join("known/report.md")).unwrap();
    assert!(
        md.contains("no new findings") && md.contains("known bug: `double-result`"),
        "{md}"
    );
}

#[test]
fn bench_splits_the_time_of_a_fixed_workload() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("bench.json");
    let run = || {
        support::crosscheck_with_doubles(&[
            "bench",
            "--modules",
            "24",
            "--set",
            "pair=wasmi,double-result",
            "--json",
            json.to_str().unwrap(),
        ])
    };
    let out = run();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        stdout.lines().any(|l| l.starts_with("pair ") && l.ends_with('%')),
        "{stdout}"
    );
    let floor = stdout
        .lines()
        .find_map(|l| l.strip_prefix("pair: generation alone takes "))
        .unwrap_or_else(|| panic!("a generation line for the set: {stdout}"));
    let figures: Vec<f64> = floor
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .filter_map(|w| w.parse().ok())
        .collect();
    let [generate, engines, share] = figures[..] else {
        panic!("three figures: {floor}")
    };
    assert!(generate > 0.0 && engines > 0.0, "{floor}");
    let reach = stdout
        .lines()
        .find_map(|l| l.strip_prefix("pair: instructions reached of those each engine compiles: "))
        .unwrap_or_else(|| panic!("a reach line for the set: {stdout}"));
    assert!(
        reach.starts_with("wasmi ") && reach.contains(", double-result "),
        "{reach}"
    );
    let expected = 100.0 * generate / (generate + engines);
    assert!(
        (share - expected).abs() < 1.0,
        "the share is generation's of the two: {floor}"
    );
    let first: Vec<StatsFile> = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let t = &first[0].time;
    assert_eq!(first[0].modules, 24);
    assert!(
        t.compile_secs > 0.0 && t.calls_secs > 0.0 && t.snapshot_secs > 0.0 && t.transport_secs > 0.0,
        "{t:?}"
    );
    assert!(
        t.engines_secs <= t.total_secs && t.compile_secs + t.calls_secs <= t.engines_secs,
        "{t:?}"
    );
    let share = first[0].harness_share();
    assert!(share > 0.0 && share < 100.0, "{share}");
    run();
    let second: Vec<StatsFile> = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(
        first[0].divergences, second[0].divergences,
        "the same modules every time"
    );
    assert_eq!(first[0].call_outcomes, second[0].call_outcomes);
}

#[test]
fn engines_account_for_their_time_and_workers_for_transport() {
    let (wasm, plan) = support::sample();
    let here = registry::build("wasmi").unwrap();
    here.execute(&wasm, &plan);
    let p = here.phase_times();
    assert!(
        p.compile > std::time::Duration::ZERO
            && p.calls > std::time::Duration::ZERO
            && p.snapshot > std::time::Duration::ZERO,
        "{p:?}"
    );
    assert_eq!(p.transport, std::time::Duration::ZERO, "no transport in-process");

    let worker = Isolation::Workers(support::worker_command()).build("wasmi").unwrap();
    let before = worker.phase_times();
    let run = worker.execute(&wasm, &plan);
    assert_eq!(run.steps[1].outcome, StepOutcome::Returned(vec![Value::I32(3)]));
    let p = worker.phase_times().since(&before);
    assert!(
        p.compile > std::time::Duration::ZERO
            && p.calls > std::time::Duration::ZERO
            && p.snapshot > std::time::Duration::ZERO,
        "{p:?}"
    );
    assert!(p.transport > std::time::Duration::ZERO, "{p:?}");
}

#[test]
fn engines_one_after_the_other_see_what_they_see_at_the_same_time() {
    use crosscheck::compare::Verdict;
    use crosscheck::execute::{self, Concurrency};
    let set = support::set_with_double("wasmi", "wasmi", support::flip_i32_results());
    let engines: Vec<&dyn crosscheck_oracles::Engine> = set.engines().collect();
    let (wasm, plan) = support::sample();
    let at_once = execute::run_with(&engines, &wasm, &plan, Concurrency::Parallel);
    let in_turn = execute::run_with(&engines, &wasm, &plan, Concurrency::Sequential);
    assert_eq!(at_once.executions, in_turn.executions);
    let signature = |v: &Verdict| match v {
        Verdict::Diverge(d) => d.signature(),
        other => panic!("the double must diverge: {other:?}"),
    };
    assert_eq!(signature(&at_once.verdict), signature(&in_turn.verdict));
    let sum: std::time::Duration = in_turn.times.iter().sum();
    assert!(
        in_turn.engines_wall <= sum && in_turn.engines_wall * 2 >= sum,
        "{:?}",
        in_turn.times
    );
    let phases = in_turn.phases.iter().fold(Default::default(), |s, p| s + *p);
    assert_eq!(
        in_turn.critical, phases,
        "one after the other, every engine is on the path"
    );
    let slowest = (0..2).max_by_key(|&i| at_once.times[i]).unwrap();
    assert_eq!(at_once.critical, at_once.phases[slowest]);
}
