//! `crosscheck wast` end to end: hand-written scripts, a wrong assertion, a stale expectation, a
//! corrupt script, and the whole spec suite against the checked-in expectations.

use std::path::PathBuf;
use std::process::{Command, Output};

fn crosscheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(args)
        .output()
        .expect("crosscheck runs")
}

fn data(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
        .display()
        .to_string()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The engine rows of the summary table: (engine, files run, passed, failed).
fn rows(out: &Output) -> Vec<(String, usize, usize, usize)> {
    stdout(out)
        .lines()
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            Some((
                f[0].to_string(),
                f[1].parse().ok()?,
                f[3].parse().ok()?,
                f[4].parse().ok()?,
            ))
        })
        .collect()
}

#[test]
fn every_command_kind_passes_on_every_native_engine() {
    let out = crosscheck(&["wast", &data("all-commands.wast"), "--in-process"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let rows = rows(&out);
    assert_eq!(
        rows.len(),
        5,
        "winch, three cranelift variants, wasmi: {}",
        stdout(&out)
    );
    for (engine, files, passed, failed) in rows {
        assert_eq!((files, failed), (1, 0), "{engine}");
        assert!(passed >= 22, "{engine} passed {passed}");
    }
}

#[test]
fn reference_results_pass_in_workers() {
    let engines = format!("cranelift-{},wasmi", crosscheck_oracles::naming::host_arch());
    let out = crosscheck(&["wast", &data("references.wast"), "--engines", &engines]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(rows(&out).iter().all(|r| r.1 == 1 && r.2 == 6), "{}", stdout(&out));
}

#[test]
fn a_wrong_assertion_fails_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wrong.wast");
    std::fs::write(
        &path,
        "(module (func (export \"one\") (result i32) (i32.const 1)))\n\
         (assert_return (invoke \"one\") (i32.const 1))\n\
         (assert_return (invoke \"one\") (i32.const 2))\n",
    )
    .unwrap();
    let file = path.display().to_string();
    let out = crosscheck(&["wast", &file, "--engines", "wasmi", "--in-process"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stdout(&out).contains(&format!("UNEXPECTED {file}:3 [wasmi]")),
        "{}",
        stdout(&out)
    );

    // Listed as a known failure, the run passes; listing the passing line instead is an
    // unexpected pass (and line 3 an unexpected failure again).
    let known = dir.path().join("known.toml");
    let entry = |line: u32| {
        format!("[[fail]]\nengines = [\"wasm*\"]\nfile = {file:?}\nlines = [{line}]\nreason = \"deliberately wrong\"\n")
    };
    let known_arg = known.display().to_string();
    let run = || {
        crosscheck(&[
            "wast",
            &file,
            "--engines",
            "wasmi",
            "--in-process",
            "--expectations",
            &known_arg,
        ])
    };
    std::fs::write(&known, entry(3)).unwrap();
    let out = run();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    std::fs::write(&known, entry(2)).unwrap();
    let out = run();
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stdout(&out).contains(&format!("UNEXPECTED {file}:2 [wasmi] assert_return: unexpected pass")));
}

#[test]
fn a_corrupt_script_is_a_one_line_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corrupt.wast");
    std::fs::write(&path, "(module (func (export \"f\")\n(assert_return").unwrap();
    let out = crosscheck(&["wast", &path.display().to_string(), "--in-process"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("corrupt.wast"), "{err}");
    let out = crosscheck(&["wast", "/nonexistent/x.wast", "--in-process"]);
    assert_eq!(out.status.code(), Some(2));
}

/// The main proof: the whole spec suite on the default engines, in workers, matches
/// corpora/spec/expectations.toml (about 20 s in release mode).
#[test]
fn the_spec_suite_matches_the_expectations() {
    let out = crosscheck(&["wast"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let rows = rows(&out);
    assert_eq!(rows.len(), 5, "{}", stdout(&out));
    for (engine, files, passed, _) in rows {
        assert!(
            files > 150 && passed > 50_000,
            "{engine} ran {files} files, passed {passed}"
        );
    }
}
