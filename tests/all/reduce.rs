//! `crosscheck reduce` and `crosscheck export --format wast` on findings of every divergence class
//! that a fault-injecting double produces (`crosscheck_oracles::doubles`): the reduced module is a
//! small fraction of the original, `replay --reduced` still diverges with the finding's signature,
//! the originals are untouched, and the exported script passes on wasmi (right) and fails on the
//! double (wrong). Crashes and hangs run in worker processes, so the reducer survives its
//! candidates.

use crate::support;

use std::path::{Path, PathBuf};

use crosscheck::finding::read_meta;
use crosscheck::finding::reduction::ReductionReport;

/// The reduced `.wat` must have at most this fraction of the original's lines.
const MAX_FRACTION: f64 = 1.0 / 3.0;

/// A campaign of wasmi against `double`; the directory of its first finding of class `class`.
fn find(double: &str, class: &str, watchdog: &str) -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let engines = format!("wasmi,{double}");
    let path = out.path().to_str().unwrap();
    let args = [
        "fuzz",
        "--engines",
        &engines,
        "--config-swarm",
        "off",
        "--modules",
        "40",
        "--seed",
        "2",
        "--watchdog",
        watchdog,
        "--out",
        path,
    ];
    let run = support::crosscheck_with_doubles(&args);
    assert_eq!(run.status.code(), Some(1), "{}", String::from_utf8_lossy(&run.stdout));
    let dir = support::finding_dirs(out.path())
        .into_iter()
        .find(|d| read_meta(d).unwrap().class.name() == class)
        .unwrap_or_else(|| panic!("no {class} finding"));
    (out, dir)
}

fn run_ok(args: &[&str]) -> String {
    let out = support::crosscheck_with_doubles(args);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

fn digest(path: &Path) -> u64 {
    crosscheck_oracles::outcome::fnv1a64(&std::fs::read(path).unwrap())
}

/// Reduces the first `class` finding of `double` and checks everything the module documentation
/// promises.
fn reduces_and_exports(double: &str, class: &str, watchdog: &str, time: &str) {
    let (_keep, dir) = find(double, class, watchdog);
    let d = dir.to_str().unwrap();
    let meta = read_meta(&dir).unwrap();
    let originals = ["module.wasm", "module.wat", "plan.json"].map(|f| digest(&dir.join(f)));

    run_ok(&["reduce", d, "--time", time, "--watchdog", watchdog]);
    let report: ReductionReport = serde_json::from_slice(&std::fs::read(dir.join("reduction.json")).unwrap()).unwrap();
    assert_eq!(report.signature, meta.signature);
    assert!(
        (report.reduced_wat_lines as f64) <= MAX_FRACTION * report.original_wat_lines as f64,
        "{class}: {report:?}"
    );
    let wat = std::fs::read_to_string(dir.join("reduced.wat")).unwrap();
    assert_eq!(wat.lines().count() as u64, report.reduced_wat_lines);
    assert_eq!(
        std::fs::read(dir.join("reduced.wasm")).unwrap().len() as u64,
        report.reduced_bytes
    );
    assert_eq!(
        ["module.wasm", "module.wat", "plan.json"].map(|f| digest(&dir.join(f))),
        originals,
        "the originals are never touched"
    );

    let replay = support::crosscheck_with_doubles(&["replay", "--reduced", "--watchdog", watchdog, d]);
    let text = String::from_utf8_lossy(&replay.stdout);
    assert_eq!(replay.status.code(), Some(1), "{text}");
    assert!(text.contains(&format!("divergence ({class})")), "{text}");
    assert!(
        text.contains(&format!("groups: [[\"wasmi\"], [\"{double}\"]]")),
        "{text}"
    );

    run_ok(&["export", d, "--format", "wast", "--watchdog", watchdog]);
    let script = dir.join("reproducer.wast");
    let s = script.to_str().unwrap();
    run_ok(&["wast", s, "--engines", "wasmi", "--watchdog", watchdog]);
    let wrong = support::crosscheck_with_doubles(&["wast", s, "--engines", double, "--watchdog", watchdog]);
    assert_eq!(
        wrong.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&wrong.stdout)
    );
}

#[test]
fn a_result_finding_reduces_and_exports() {
    reduces_and_exports("double-result", "result", "5", "60");
}

#[test]
fn a_trap_finding_reduces_and_exports() {
    reduces_and_exports("double-trap", "trap", "5", "60");
}

#[test]
fn a_state_finding_reduces_and_exports() {
    reduces_and_exports("double-state", "state", "5", "60");
}

#[test]
fn a_crash_finding_reduces_in_workers_and_exports() {
    reduces_and_exports("double-segv", "crash", "5", "60");
}

#[test]
fn a_hang_finding_reduces_in_workers_and_exports() {
    reduces_and_exports("double-hang", "hang", "0.3", "60");
}

#[test]
fn fuzz_reduce_reduces_each_new_finding() {
    let out = tempfile::tempdir().unwrap();
    let path = out.path().to_str().unwrap();
    let args = [
        "fuzz",
        "--engines",
        "wasmi,double-trap",
        "--modules",
        "20",
        "--seed",
        "4",
        "--reduce",
        "--reduce-time",
        "20",
        "--out",
        path,
    ];
    let run = support::crosscheck_with_doubles(&args);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(1), "{stdout}");
    let dirs = support::finding_dirs(out.path());
    assert!(!dirs.is_empty());
    for dir in dirs {
        let report: ReductionReport =
            serde_json::from_slice(&std::fs::read(dir.join("reduction.json")).unwrap()).unwrap();
        assert!(report.reduced_bytes < report.original_bytes, "{report:?}");
        assert!(
            stdout.contains(&format!(
                "{} (reduced {} -> {} bytes)",
                dir.display(),
                report.original_bytes,
                report.reduced_bytes
            )),
            "{stdout}"
        );
    }
}
