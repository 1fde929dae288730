//! Every reproducer in `corpora/regressions/` still diverges the way its `finding.json` records
//! (class, step, and the engines that disagree with the rest) on the pinned engine versions, when
//! replayed in one command as a user would: `crosscheck replay DIR` for a `crash` or `hang` (the
//! engine must die in its worker, not in the replay), `crosscheck replay --in-process DIR` for the
//! rest (a bug that reads stale engine memory only shows when earlier executions left something
//! behind, and a fresh worker process starts with zeroed memory).
//!
//! The Winch reproducers also replay on the aarch64 engines under QEMU (`--engines
//! winch-aarch64,cranelift-aarch64`), where Winch must diverge the same way (they do: the three
//! fuel bugs live in code Winch shares between its backends). Skipped without QEMU, see
//! `support::aarch64_available`.

mod support;

use std::path::Path;
use std::process::Command;

use crosscheck::compare::Class;
use crosscheck::finding::read_meta;

/// Most replays of each reproducer. Some bugs read stale engine memory, so a run may agree by
/// chance (the wasmi global bug reads a pointer-like value that is zero in about 70% of
/// in-process replays while other engines run concurrently); replays stop at the first one that
/// shows the recorded divergence, and no other outcome may ever show. With 40 replays a bug that
/// shows 30% of the time is missed with probability 0.7^40, about 6e-7.
const RUNS: usize = 40;

/// Replays `dir` (on `engines`, default the recorded ones) until it shows the recorded class and
/// step with `odd` (engine names) as the last group.
fn check(dir: &Path, engines: Option<&str>, odd: &[String]) {
    let meta = read_meta(dir).unwrap();
    let odd = format!("{odd:?}]");
    let expected = format!("divergence ({}) at {}:", meta.class.name(), meta.step_label);
    let isolation: &[&str] = match meta.class {
        Class::Crash | Class::Hang => &[],
        _ => &["--in-process"],
    };
    let mut reproduced = 0;
    for _ in 0..RUNS {
        let out = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
            .arg("replay")
            .args(isolation)
            .args(engines.iter().flat_map(|e| ["--engines", e]))
            .arg(dir)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        match out.status.code() {
            Some(1) => {
                assert!(stdout.contains(&expected), "{}: {stdout}", dir.display());
                assert!(
                    stdout
                        .lines()
                        .any(|l| l.trim().starts_with("groups:") && l.ends_with(&odd)),
                    "{stdout}"
                );
                reproduced += 1;
                break;
            }
            Some(0) => assert!(stdout.contains("all engines agree"), "{}: {stdout}", dir.display()),
            other => panic!("{}: exit {other:?}: {stdout}", dir.display()),
        }
    }
    assert!(reproduced > 0, "{} no longer reproduces: mark it fixed", dir.display());
}

#[test]
fn every_regression_reproducer_still_diverges_as_recorded() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/regressions");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty(), "corpora/regressions holds no reproducer");
    for dir in &dirs {
        check(dir, None, read_meta(dir).unwrap().groups.last().unwrap());
    }
}

#[test]
fn the_winch_reproducers_diverge_the_same_way_on_aarch64_under_qemu() {
    if !support::aarch64_available("the_winch_reproducers_diverge_the_same_way_on_aarch64_under_qemu") {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/regressions");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && p.file_name().unwrap().to_string_lossy().starts_with("winch-"))
        .collect();
    dirs.sort();
    assert_eq!(dirs.len(), 3, "{dirs:?}");
    for dir in &dirs {
        check(
            dir,
            Some("winch-aarch64,cranelift-aarch64"),
            &["winch-aarch64".to_string()],
        );
    }
}
