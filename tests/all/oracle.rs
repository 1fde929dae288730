//! Verdicts without the oracle (docs/design.md, "The oracle"): a planted bug in a feature wasmi
//! does not compile is found by the vote of the engines that ran the module, recorded as such,
//! and replayed, reduced and exported; a probe that panics an engine is a finding of its own.

use std::path::{Path, PathBuf};

use crate::support;

use crosscheck::compare::NO_ORACLE;
use crosscheck::finding::{FindingMeta, read_meta};

fn text(output: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn finding_named(root: &Path, prefix: &str) -> Option<PathBuf> {
    support::finding_dirs(root)
        .into_iter()
        .find(|d| d.file_name().unwrap().to_string_lossy().starts_with(prefix))
}

/// `double-no-oracle` (Cranelift at `speed`, flipping `i32` results of modules that use a feature
/// wasmi does not compile) against two correct Cranelift engines, wasmi in the run: the campaign
/// finds the bug within 10 modules (wasm-smith draws GC and exceptions for this run, since two
/// engine slots reach them), by vote (a tie of one implementation against one, which the tie rule
/// gives to Cranelift), and says that no oracle ran.
#[test]
fn a_bug_beyond_the_oracle_is_found_by_vote_and_replays_reduces_and_exports() {
    let out = tempfile::tempdir().unwrap();
    let root = out.path().to_str().unwrap();
    let run = support::crosscheck_with_doubles(&[
        "fuzz",
        "--engines",
        "double-no-oracle,cranelift-x64:o0,cranelift-x64:size,wasmi",
        "--config-swarm",
        "off",
        "--strategies",
        "smith",
        "--modules",
        "10",
        "--seed",
        "3",
        "--jobs",
        "1",
        "--out",
        root,
    ]);
    let dir = finding_named(out.path(), "result--double-no-oracle--")
        .unwrap_or_else(|| panic!("no finding of the planted bug:\n{}", text(&run)));
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.ends_with(NO_ORACLE), "{name}");
    let meta = read_meta(&dir).unwrap();
    let vote = meta.vote.clone().expect("the finding records its vote");
    assert_eq!(vote.oracle, "none");
    assert!(!vote.ran.iter().any(|e| e == "wasmi"), "{vote:?}");
    assert!(vote.ran.iter().any(|e| e == "double-no-oracle"), "{vote:?}");
    assert!(
        vote.tie,
        "two opt levels of one Cranelift build are one implementation against the double: {vote:?}"
    );
    let wasmi = vote
        .sat_out
        .iter()
        .find(|s| s.engine == "wasmi")
        .expect("wasmi sat out");
    assert!(wasmi.reason.starts_with("does not compile "), "{}", wasmi.reason);
    assert!(meta.run_engines.iter().all(|e| e.name != "wasmi"));
    // The same divergence, had wasmi agreed with the majority, has another signature.
    let mut backed = meta.divergence();
    backed.groups[0].push("wasmi".into());
    assert_ne!(backed.signature(), meta.signature);
    assert!(!backed.signature().ends_with(NO_ORACLE));

    let replay = support::crosscheck_with_doubles(&["replay", dir.to_str().unwrap()]);
    let replayed = text(&replay);
    assert_eq!(replay.status.code(), Some(1), "{replayed}");
    assert!(
        replayed.contains(&format!("signature: {}", meta.signature)),
        "{replayed}"
    );
    assert!(
        replayed.contains("no oracle ran: the verdict is the vote of"),
        "{replayed}"
    );

    let reduce = support::crosscheck_with_doubles(&["reduce", dir.to_str().unwrap(), "--time", "10"]);
    assert!(reduce.status.success(), "{}", text(&reduce));
    assert!(dir.join("reduced.wasm").is_file(), "{}", text(&reduce));
    let again = support::crosscheck_with_doubles(&["replay", "--reduced", dir.to_str().unwrap()]);
    assert!(text(&again).contains(&meta.signature), "{}", text(&again));

    for (format, file, says) in [
        ("report", "REPORT.md", "No oracle judged this finding"),
        ("wast", "reproducer.wast", "no oracle ran this module"),
    ] {
        let export = support::crosscheck_with_doubles(&["export", dir.to_str().unwrap(), "--format", format]);
        assert!(export.status.success(), "{format}: {}", text(&export));
        let written = std::fs::read_to_string(dir.join(file)).unwrap();
        assert!(written.contains(says), "{format}:\n{written}");
    }
}

/// A campaign of 10 modules of seed 1 on `double` (a double whose probe of `multi-value` fails),
/// Cranelift and wasmi, in `out`: it ends with a new finding (exit 1) and runs every module, the
/// double with multi-value counted unsupported. Returns the finding of the probe, whose name
/// starts with `prefix`, after checking what every such finding holds: the probe module, an
/// empty plan's feature, the double alone as the breaking side.
fn probe_fault_finding(double: &str, jobs: &str, out: &Path, prefix: &str) -> (PathBuf, FindingMeta) {
    let engines = format!("{double},cranelift-x64:o0,wasmi");
    let run = support::crosscheck_with_doubles(&[
        "fuzz",
        "--engines",
        &engines,
        "--config-swarm",
        "off",
        "--modules",
        "10",
        "--seed",
        "1",
        "--jobs",
        jobs,
        "--out",
        out.to_str().unwrap(),
    ]);
    let summary = text(&run);
    assert_eq!(run.status.code(), Some(1), "a new finding: {summary}");
    assert!(summary.contains("modules: 10 in"), "{summary}");
    assert!(summary.contains("discarded: 0 "), "{summary}");
    let dir = finding_named(out, prefix).unwrap_or_else(|| panic!("no finding of the probe:\n{summary}"));
    let meta = read_meta(&dir).unwrap();
    assert_eq!(meta.generation["probe"], "multi-value");
    assert_eq!(meta.minority, [double]);
    let probe = crosscheck_oracles::Feature::MultiValue.probe_wasm();
    assert_eq!(std::fs::read(dir.join("module.wasm")).unwrap(), probe);
    (dir, meta)
}

/// `double-probe` panics compiling its probe of `multi-value`: the campaign records the panic as
/// a crash finding with the probe module, once whatever the jobs, runs all its modules with
/// multi-value counted unsupported on the double, and `replay` shows the panic again.
#[test]
fn a_probe_that_panics_is_a_finding_and_the_campaign_goes_on() {
    let out = tempfile::tempdir().unwrap();
    let (dir, meta) = probe_fault_finding(
        "double-probe",
        "2",
        out.path(),
        "crash--double-probe--panic.planted.probe.panic",
    );
    assert_eq!(meta.count, 1, "once per campaign, whatever the jobs");
    assert_eq!(meta.vote, None, "wasmi compiles the probe and ran it");

    let replay = support::crosscheck_with_doubles(&["replay", dir.to_str().unwrap()]);
    let replayed = text(&replay);
    assert_eq!(replay.status.code(), Some(1), "{replayed}");
    assert!(
        replayed.contains("double-probe fails compiling its probe of multi-value"),
        "{replayed}"
    );
}

/// `double-probe-abort` aborts its worker compiling its probe of `multi-value`: the worker's death
/// while the engine is described is traced to that probe, the campaign records it as a crash
/// finding with the probe module, and runs all its modules with the engine's other features.
#[test]
fn a_probe_that_kills_the_worker_is_a_finding_and_the_campaign_goes_on() {
    let out = tempfile::tempdir().unwrap();
    let (dir, _) = probe_fault_finding("double-probe-abort", "1", out.path(), "crash--double-probe-abort--");
    let detail = std::fs::read_to_string(dir.join("finding.json")).unwrap();
    assert!(detail.contains("SIGABRT"), "the death is described: {detail}");
}
