//! The aarch64 engines under QEMU, end to end through the command line: a fault in the emulated
//! worker is a `crash` finding that names the emulator, replays under QEMU, and carries the
//! emulation note; a finding of an emulated engine reduces with its candidates run under QEMU; a
//! campaign on every engine (x86_64 and aarch64) runs clean.
//!
//! Skipped with a notice when QEMU is not installed (`scripts/setup-cross.sh`), unless
//! `CROSSCHECK_REQUIRE_EMULATION=1`, as in `.ci/run`.

use crate::support;

use std::process::{Command, Output};

use crosscheck::compare::Class;
use crosscheck::finding::read_meta;

fn crosscheck(args: &[&str]) -> Output {
    support::crosscheck_with_doubles(args)
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn a_crash_of_the_emulated_worker_is_a_crash_finding_that_replays_under_qemu() {
    if !support::aarch64_available("a_crash_of_the_emulated_worker_is_a_crash_finding") {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let path = out.path().to_str().unwrap();
    let run = crosscheck(&[
        "fuzz",
        "--engines",
        "wasmi,double-segv-aarch64",
        "--modules",
        "16",
        "--seed",
        "2",
        "--out",
        path,
    ]);
    let log = text(&run);
    assert_eq!(run.status.code(), Some(1), "{log}");
    assert!(log.contains("modules: 16 in"), "the campaign runs to the end: {log}");
    let dirs = support::finding_dirs(out.path());
    assert!(!dirs.is_empty(), "{log}");
    for dir in &dirs {
        let meta = read_meta(dir).unwrap();
        assert_eq!(meta.class, Class::Crash, "{}", meta.detail);
        assert!(meta.detail.contains("killed by signal 11 (SIGSEGV)"), "{}", meta.detail);
        let emulated = meta
            .run_engines
            .iter()
            .find(|e| e.name == "double-segv-aarch64")
            .unwrap();
        assert!(
            emulated
                .emulator
                .as_deref()
                .is_some_and(|e| e.starts_with("qemu-aarch64 ")),
            "{emulated:?}"
        );
        assert!(
            meta.run_engines
                .iter()
                .any(|e| crosscheck_oracles::config::split_name(&e.name).0 == "wasmi" && e.emulator.is_none()),
            "the native wasmi (in any configuration of the swarm) ran beside the emulated double"
        );
        let note = meta.emulation.as_ref().expect("an emulation note");
        assert_eq!(note.diverging, ["double-segv-aarch64"]);
        assert!(note.verdict.contains("confirm on aarch64 hardware"), "{}", note.verdict);
    }

    let replay = crosscheck(&["replay", dirs[0].to_str().unwrap()]);
    let log = text(&replay);
    assert_eq!(replay.status.code(), Some(1), "{log}");
    assert!(log.contains("killed by signal 11 (SIGSEGV)"), "{log}");
}

#[test]
fn every_engine_x86_64_and_aarch64_agrees_over_a_short_campaign() {
    if !support::aarch64_available("every_engine_agrees_over_a_short_campaign") {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let run = crosscheck(&[
        "fuzz",
        "--engines",
        "all",
        "--modules",
        "60",
        "--seed",
        "11",
        "--config-swarm",
        "off",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    let log = text(&run);
    assert_eq!(run.status.code(), Some(0), "{log}");
    for engine in [
        "winch-x64",
        "wasmi",
        "winch-aarch64",
        "cranelift-aarch64 (o0|speed|size)",
    ] {
        assert!(log.contains(engine), "`all` includes {engine}: {log}");
    }
    assert!(log.contains("modules: 60 in"), "{log}");
}

#[test]
fn without_qemu_an_aarch64_engine_is_a_one_line_error_naming_the_set_up_script() {
    let empty = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(["fuzz", "--engines", "wasmi,winch-aarch64", "--modules", "1"])
        .env("PATH", empty.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("qemu-aarch64 is not installed; run scripts/setup-cross.sh"),
        "{stderr}"
    );
}

#[test]
fn an_engine_of_an_unknown_architecture_is_an_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(["fuzz", "--engines", "wasmi,winch-riscv64", "--modules", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown engine `winch-riscv64`"));
}

#[test]
fn a_finding_of_an_emulated_engine_reduces_under_qemu() {
    if !support::aarch64_available("a_finding_of_an_emulated_engine_reduces_under_qemu") {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let path = out.path().to_str().unwrap();
    let engines = "wasmi,double-result-aarch64";
    let run = crosscheck(&[
        "fuzz",
        "--engines",
        engines,
        "--modules",
        "8",
        "--seed",
        "3",
        "--out",
        path,
    ]);
    assert_eq!(run.status.code(), Some(1), "{}", text(&run));
    let dir = support::finding_dirs(out.path()).remove(0);
    let d = dir.to_str().unwrap();
    let reduce = crosscheck(&["reduce", d, "--time", "90"]);
    assert_eq!(reduce.status.code(), Some(0), "{}", text(&reduce));
    let report: crosscheck::finding::reduction::ReductionReport =
        serde_json::from_slice(&std::fs::read(dir.join("reduction.json")).unwrap()).unwrap();
    assert_eq!(report.signature, read_meta(&dir).unwrap().signature);
    assert!(
        report.engines.iter().any(|e| e == "double-result-aarch64"),
        "{report:?}"
    );
    assert!(3 * report.reduced_wat_lines <= report.original_wat_lines, "{report:?}");
    let replay = crosscheck(&["replay", "--reduced", d]);
    let log = text(&replay);
    assert_eq!(replay.status.code(), Some(1), "{log}");
    assert!(log.contains("divergence (result)"), "{log}");
}

#[test]
fn a_report_of_an_emulated_finding_runs_its_aarch64_lines_under_qemu() {
    if !support::aarch64_available("a_report_of_an_emulated_finding_runs_its_aarch64_lines_under_qemu") {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let report = out.path().join("REPORT.md");
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/corpora/regressions/winch-aarch64-bti-br-table-sigill"
    );
    let run = crosscheck(&["export", dir, "--format", "report", "--out", report.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run));
    let md = std::fs::read_to_string(&report).unwrap();
    let lines: Vec<&str> = md.lines().map(str::trim).filter(|l| l.contains("--invoke")).collect();
    assert!(
        lines.iter().any(
            |l| l.starts_with("qemu-aarch64 -L /usr/aarch64-linux-gnu wasmtime run ")
                && l.contains("-C compiler=winch")
        ),
        "{md}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("wasmi run ")),
        "wasmi runs natively: {md}"
    );
    assert!(md.contains("--target aarch64-unknown-linux-gnu"), "{md}");
}
