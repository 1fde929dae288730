//! Every reproducer in `corpora/regressions/` still diverges the way its `finding.json` records
//! (class, step, and the engines that disagree with the rest) on the pinned engine versions, when
//! replayed in one command as a user would: `crosscheck replay DIR` for a `crash` or `hang` (the
//! engine must die in its worker, not in the replay), `crosscheck replay --in-process DIR` for the
//! rest (a bug that reads stale engine memory only shows when earlier executions left something
//! behind, and a fresh worker process starts with zeroed memory).
//!
//! A reproducer of an emulated engine (aarch64 under QEMU) replays only where QEMU is set up (see
//! `support::aarch64_available`). A reproducer whose cause is the host (an emulator fault, with
//! `host_conditions` in its `finding.json`) replays only on a host that meets them; elsewhere the
//! test says so on its output, naming what the host lacks.
//!
//! A reproducer whose `finding.json` says `fixed_in` (set by hand when the pinned engine versions
//! include the fix) must instead replay without a divergence.
//!
//! The Winch reproducers in default configurations also replay on the aarch64 engines under QEMU
//! (`--engines winch-aarch64,cranelift-aarch64`), where Winch must diverge the same way (they do:
//! the four fuel bugs live in code Winch shares between its backends). A reproducer that needs an
//! x86_64 setting (`winch-x64,avx2=off`) is a bug of the x86_64 backend alone. Skipped without
//! QEMU, see `support::aarch64_available`.

use crate::support;

use std::path::Path;
use std::process::Command;

use crosscheck::compare::Class;
use crosscheck::finding::host_conditions::Host;
use crosscheck::finding::read_meta;

/// Most replays of each reproducer. Some bugs read stale engine memory, so a run may agree by
/// chance (the wasmi global bug reads a pointer-like value left by the engines replayed before it
/// in the same process: it showed in 7 of 20 replays on a loaded 2-core machine, and in 1 of 20
/// when the engines ran at once); replays stop at the first one that shows the recorded
/// divergence, and no other outcome may ever show. With 40 replays a bug that shows 30% of the
/// time is missed with probability 0.7^40, about 6e-7.
const RUNS: usize = 40;

/// Replays `dir` (on `engines`, default the recorded ones). A reproducer marked fixed
/// (`fixed_in`) must agree on every replay; any other must show, within [`RUNS`] replays, the
/// recorded class and step with `odd` (engine names) as the last group, and nothing else.
fn check(dir: &Path, engines: Option<&str>, odd: &[String]) -> Result<(), String> {
    let meta = read_meta(dir).unwrap();
    let odd = format!("{odd:?}]");
    let expected = format!("divergence ({}) at {}:", meta.class.name(), meta.step_label);
    let isolation: &[&str] = match meta.class {
        Class::Crash | Class::Hang => &[],
        _ => &["--in-process"],
    };
    for _ in 0..RUNS {
        let out = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
            .arg("replay")
            .args(isolation)
            .args(engines.iter().flat_map(|e| ["--engines", e]))
            .arg(dir)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        match (out.status.code(), &meta.fixed_in) {
            (Some(1), Some(version)) => {
                return Err(format!(
                    "{} is marked fixed in {version} but diverges: {stdout}",
                    dir.display()
                ));
            }
            (Some(1), None) => {
                let recorded = stdout.contains(&expected)
                    && stdout
                        .lines()
                        .any(|l| l.trim().starts_with("groups:") && l.ends_with(&odd));
                return if recorded {
                    Ok(())
                } else {
                    Err(format!("{} diverges otherwise than recorded: {stdout}", dir.display()))
                };
            }
            (Some(0), _) if stdout.contains("all engines agree") => {}
            (other, _) => return Err(format!("{}: exit {other:?}: {stdout}", dir.display())),
        }
    }
    match meta.fixed_in {
        Some(_) => Ok(()),
        None => Err(format!("{} no longer reproduces: mark it fixed", dir.display())),
    }
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
        let meta = read_meta(dir).unwrap();
        let emulated = meta.run_engines.iter().any(|e| e.emulator.is_some());
        if emulated && !support::aarch64_available(&format!("the replay of {}", dir.display())) {
            continue;
        }
        if let Some(conditions) = &meta.host_conditions
            && let Some(why) = conditions.not_checked(&dir.display().to_string(), &Host::current())
        {
            support::say(&why);
            continue;
        }
        check(dir, None, meta.groups.last().unwrap()).unwrap();
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
        .filter(|p| read_meta(p).unwrap().run_engines.iter().all(|e| !e.name.contains(',')))
        .collect();
    dirs.sort();
    assert_eq!(dirs.len(), 2, "{dirs:?}");
    for dir in &dirs {
        check(
            dir,
            Some("winch-aarch64,cranelift-aarch64"),
            &["winch-aarch64".to_string()],
        )
        .unwrap();
    }
}

/// Writes `meta` with `fixed_in` set (or cleared) into the copy of a reproducer in `dir`.
fn mark_fixed(dir: &Path, fixed_in: Option<&str>) {
    let mut meta = read_meta(dir).unwrap();
    meta.fixed_in = fixed_in.map(str::to_string);
    std::fs::write(dir.join("finding.json"), serde_json::to_vec_pretty(&meta).unwrap()).unwrap();
}

#[test]
fn a_fixed_mark_needs_agreement_and_a_fixed_bug_needs_the_mark() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/regressions/winch-bulk-memory-fuel");
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join("copy");
    std::fs::create_dir(&copy).unwrap();
    for f in ["finding.json", "module.wasm", "plan.json"] {
        std::fs::copy(root.join(f), copy.join(f)).unwrap();
    }
    let odd = ["winch-x64".to_string()];
    mark_fixed(&copy, Some("wasmtime 99.0.0"));
    let err = check(&copy, None, &odd).unwrap_err();
    assert!(err.contains("marked fixed in wasmtime 99.0.0 but diverges"), "{err}");

    // The same finding with the bulk operation gone: every engine agrees, as after a fix.
    let agreeing = wat::parse_str(r#"(module (func (export "f")))"#).unwrap();
    std::fs::write(copy.join("module.wasm"), agreeing).unwrap();
    check(&copy, None, &odd).unwrap();
    mark_fixed(&copy, None);
    let err = check(&copy, None, &odd).unwrap_err();
    assert!(err.contains("no longer reproduces: mark it fixed"), "{err}");
}
