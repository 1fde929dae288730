//! The `crosscheck` binary: bad input gives one line on stderr and exit status 2; the main commands
//! run.

use crate::support;

use std::process::{Command, Output};

fn crosscheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(args)
        .output()
        .unwrap()
}

fn assert_one_line_error(out: &Output, needle: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "stderr: {stderr}");
    assert!(
        stderr.starts_with("error: ") && stderr.contains(needle),
        "stderr: {stderr}"
    );
}

#[test]
fn an_unknown_engine_is_a_one_line_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = crosscheck(&[
        "fuzz",
        "--engines",
        "winch-x64,v8",
        "--modules",
        "1",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_one_line_error(&out, "unknown engine `v8`");
    let out = crosscheck(&["replay", "--engines", "cranelift-x64:o9", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_corrupt_module_is_a_one_line_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.wasm");
    std::fs::write(&path, b"\0asm\x01\0\0\0\x01\x05garbage").unwrap();
    assert_one_line_error(
        &crosscheck(&["replay", path.to_str().unwrap()]),
        "is not a valid WebAssembly module",
    );
    std::fs::write(&path, b"not wasm at all").unwrap();
    assert_one_line_error(
        &crosscheck(&["replay", path.to_str().unwrap()]),
        "is not a valid WebAssembly module",
    );
}

#[test]
fn a_missing_or_empty_finding_directory_is_a_one_line_error() {
    let dir = tempfile::tempdir().unwrap();
    assert_one_line_error(
        &crosscheck(&["replay", dir.path().to_str().unwrap()]),
        "is not a finding directory",
    );
    let missing = dir.path().join("nope");
    assert_one_line_error(
        &crosscheck(&["replay", missing.to_str().unwrap()]),
        "no such finding directory",
    );
}

#[test]
fn an_unwritable_output_directory_is_a_one_line_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"").unwrap();
    let out = crosscheck(&[
        "fuzz",
        "--modules",
        "1",
        "--out",
        file.join("findings").to_str().unwrap(),
    ]);
    assert_one_line_error(&out, "cannot create finding directory");
}

#[test]
fn an_unwritable_stats_file_or_an_empty_budget_is_refused_before_the_campaign() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"").unwrap();
    let out_dir = dir.path().join("findings");
    let out = out_dir.to_str().unwrap();
    let stats = file.join("stats.json");
    let refused = crosscheck(&[
        "fuzz",
        "--modules",
        "1",
        "--out",
        out,
        "--stats",
        stats.to_str().unwrap(),
    ]);
    assert_one_line_error(&refused, "cannot write campaign statistics");
    assert!(refused.stdout.is_empty(), "no campaign ran");
    let refused = crosscheck(&[
        "fuzz",
        "--modules",
        "1",
        "--out",
        out,
        "--stats",
        dir.path().to_str().unwrap(),
    ]);
    assert_one_line_error(&refused, "it is a directory");
    assert_one_line_error(
        &crosscheck(&["fuzz", "--modules", "0", "--out", out]),
        "--modules must be at least 1",
    );
    assert_one_line_error(
        &crosscheck(&["fuzz", "--duration", "0", "--out", out]),
        "--duration must be at least 1 second",
    );
}

#[test]
fn replay_refuses_a_finding_without_its_metadata_unless_given_engines() {
    let (_tmp, dir) = finding_copy();
    let d = dir.to_str().unwrap();
    for broken in [None, Some(&b"{"[..])] {
        match broken {
            None => std::fs::remove_file(dir.join("finding.json")).unwrap(),
            Some(text) => std::fs::write(dir.join("finding.json"), text).unwrap(),
        }
        let refused = crosscheck(&["replay", d]);
        assert_one_line_error(&refused, "give --engines to replay its module anyway");
        assert_one_line_error(&refused, "finding.json");
        let replayed = crosscheck(&["replay", "--engines", "wasmi", d]);
        let code = replayed.status.code();
        assert!(
            matches!(code, Some(0 | 1)),
            "{code:?}: {}",
            String::from_utf8_lossy(&replayed.stderr)
        );
    }
}

#[test]
fn an_unknown_strategy_is_a_one_line_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = crosscheck(&[
        "fuzz",
        "--strategies",
        "smith,csmith",
        "--modules",
        "1",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_one_line_error(&out, "unknown strategy `csmith`");
    let out = crosscheck(&["bench", "--strategies", "nope", "--modules", "1"]);
    assert_one_line_error(&out, "unknown strategy `nope`");
}

#[test]
fn fuzz_runs_and_exits_zero_without_divergences() {
    let dir = tempfile::tempdir().unwrap();
    let out = crosscheck(&[
        "fuzz",
        "--modules",
        "25",
        "--seed",
        "5",
        "--config-swarm",
        "off",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("modules: 25 in"), "{stdout}");
    assert!(stdout.contains("divergences: 0"), "{stdout}");
    for strategy in ["smith", "edge", "isle", "ops"] {
        assert!(stdout.contains(&format!("strategy {strategy}: ")), "{stdout}");
    }
    assert!(stdout.contains("strategy isle coverage, mid-end: "), "{stdout}");
}

#[test]
fn replay_of_a_module_prints_every_engine_side_by_side() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.wat");
    std::fs::write(
        &path,
        r#"(module (func (export "f") (param i32) (result i32) (i32.div_s (i32.const 7) (local.get 0))))"#,
    )
    .unwrap();
    let out = crosscheck(&["replay", path.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    for engine in [
        "winch-x64",
        "cranelift-x64:o0",
        "cranelift-x64:speed",
        "cranelift-x64:size",
        "wasmi",
    ] {
        assert!(stdout.lines().next().unwrap().contains(engine), "{stdout}");
    }
    assert!(stdout.contains("all engines agree"), "{stdout}");
}

#[test]
fn engines_lists_versions_and_proposals() {
    let out = crosscheck(&["engines"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("wasmi") && l.contains("wasmi 2.") && l.contains("simd")),
        "{stdout}"
    );
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("winch-x64") && l.contains("wasmtime 50.")),
        "{stdout}"
    );
}

/// A copy of a real finding directory in a temporary directory.
fn finding_copy() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/regressions/winch-bulk-memory-fuel");
    let dir = tmp.path().join("finding");
    std::fs::create_dir(&dir).unwrap();
    for f in ["finding.json", "module.wasm", "module.wat", "plan.json"] {
        std::fs::copy(src.join(f), dir.join(f)).unwrap();
    }
    (tmp, dir)
}

#[test]
fn reduce_export_and_findings_name_the_missing_or_corrupt_file() {
    let (tmp, dir) = finding_copy();
    let d = dir.to_str().unwrap();
    let missing = tmp.path().join("nope");
    for command in [&["reduce"][..], &["export", "--format", "wast"]] {
        let args: Vec<&str> = command.iter().copied().chain([missing.to_str().unwrap()]).collect();
        assert_one_line_error(&crosscheck(&args), "no such finding directory");
    }
    assert_one_line_error(
        &crosscheck(&["findings", missing.to_str().unwrap()]),
        "no such finding directory",
    );
    assert_one_line_error(&crosscheck(&["replay", "--reduced", d]), "has no reduced reproducer");

    std::fs::write(dir.join("module.wasm"), b"\0asm\x01\0\0\0\x01\x05garbage").unwrap();
    for command in [&["reduce"][..], &["export", "--format", "wast"]] {
        let args: Vec<&str> = command.iter().copied().chain([d]).collect();
        assert_one_line_error(&crosscheck(&args), "module.wasm is not a valid WebAssembly module");
    }
    let listing = crosscheck(&["findings", tmp.path().to_str().unwrap()]);
    assert_one_line_error(&listing, "module.wasm is not a valid WebAssembly module");

    let (_tmp, dir) = finding_copy();
    let d = dir.to_str().unwrap();
    std::fs::remove_file(dir.join("plan.json")).unwrap();
    assert_one_line_error(&crosscheck(&["reduce", d]), "cannot read");
    assert_one_line_error(&crosscheck(&["reduce", d]), "plan.json");
    std::fs::write(dir.join("plan.json"), b"{\"calls\": 3}").unwrap();
    assert_one_line_error(
        &crosscheck(&["export", "--format", "rust", d]),
        "plan.json is not a call plan",
    );
    std::fs::write(dir.join("finding.json"), b"[]").unwrap();
    assert_one_line_error(&crosscheck(&["reduce", d]), "finding.json is not a finding's metadata");

    let (_tmp, dir) = finding_copy();
    let d = dir.to_str().unwrap();
    std::fs::copy(dir.join("module.wasm"), dir.join("reduced.wasm")).unwrap();
    std::fs::write(dir.join("reduced-plan.json"), b"not json").unwrap();
    assert_one_line_error(
        &crosscheck(&["export", "--format", "rust", d]),
        "reduced-plan.json is not a call plan",
    );
    assert_one_line_error(
        &crosscheck(&["replay", "--reduced", d]),
        "reduced-plan.json is not a call plan",
    );
}

#[test]
fn findings_lists_class_engines_count_and_sizes() {
    let (tmp, dir) = finding_copy();
    let out = crosscheck(&["findings", tmp.path().to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    let size = std::fs::metadata(dir.join("module.wasm")).unwrap().len();
    let line = stdout
        .lines()
        .find(|l| l.starts_with("fuel"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(line.contains("winch-x64 vs cranelift-x64:o0"), "{line}");
    assert!(line.contains(&format!("{size} B/")), "{line}");
    // A directory of signature scheme 1 is listed under its root-cause signature, recomputed
    // from its outcomes: the breaking engine only.
    assert!(line.trim_end().ends_with("fuel--winch-x64--fuel-left"), "{line}");
    assert!(stdout.contains("known bug: winch-bulk-operation-fuel"), "{stdout}");
    assert!(stdout.contains("1 findings"), "{stdout}");
    let json = crosscheck(&["findings", "--json", tmp.path().to_str().unwrap()]);
    let listing: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let rows = &listing["findings"];
    assert_eq!(rows[0]["class"], "fuel");
    assert_eq!(rows[0]["original_bytes"], size);
    assert_eq!(rows[0]["known"], "winch-bulk-operation-fuel");
    assert!(rows[0]["reduced_bytes"].is_null());
    let none = crosscheck(&["findings", "--json", "--known", "none", tmp.path().to_str().unwrap()]);
    let listing: serde_json::Value = serde_json::from_slice(&none.stdout).unwrap();
    assert!(
        listing["findings"][0]["known"].is_null(),
        "--known none matches nothing"
    );
}

/// A known-bug list for the `double-result` test double, whose every divergence it matches.
const DOUBLE_KNOWN: &str = r#"[[known]]
name = "planted-double"
reason = "the test double flips results"
regressions = ["none"]
sides = ["double-result*", "*"]
no_construct = "the double falsifies every module"
"#;

#[test]
fn fuzz_counts_known_bugs_apart_and_fails_only_on_new_findings() {
    let dir = tempfile::tempdir().unwrap();
    let known = dir.path().join("known.toml");
    std::fs::write(&known, DOUBLE_KNOWN).unwrap();
    let out_dir = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let fuzz = |known: &str, out: &str| {
        let mut args = vec!["fuzz", "--engines", "wasmi,double-result", "--config-swarm", "off"];
        args.extend([
            "--modules",
            "30",
            "--jobs",
            "1",
            "--seed",
            "4",
            "--known",
            known,
            "--out",
            out,
        ]);
        support::crosscheck_with_doubles(&args)
    };
    let quiet = fuzz(known.to_str().unwrap(), &out_dir("known"));
    let stdout = String::from_utf8_lossy(&quiet.stdout);
    assert_eq!(quiet.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("(0 new findings)") || stdout.contains("; 0 new findings)"),
        "{stdout}"
    );
    let line = stdout
        .lines()
        .find(|l| l.starts_with("  known bug planted-double: "))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(line.contains("first instance in"), "{line}");
    let root = dir.path().join("known");
    assert!(support::finding_dirs(&root).is_empty(), "a known bug is no finding");
    assert!(root.join("known/planted-double/finding.json").is_file());
    assert!(root.join("known/planted-double/module.wasm").is_file());
    let listed = crosscheck(&["findings", root.to_str().unwrap(), "--known", known.to_str().unwrap()]);
    let listing = String::from_utf8_lossy(&listed.stdout);
    assert!(
        listing.contains("known bugs seen") && listing.contains("planted-double"),
        "{listing}"
    );

    let loud = fuzz("none", &out_dir("none"));
    let stdout = String::from_utf8_lossy(&loud.stdout);
    assert_eq!(loud.status.code(), Some(1), "{stdout}");
    assert!(!support::finding_dirs(&dir.path().join("none")).is_empty(), "{stdout}");
}

#[test]
fn a_malformed_known_entry_names_the_file_entry_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let known = dir.path().join("bad.toml");
    std::fs::write(&known, DOUBLE_KNOWN.replace("sides", "side")).unwrap();
    let path = known.to_str().unwrap();
    for command in [
        &["fuzz", "--modules", "1", "--known", path][..],
        &["findings", "--known", path, "."][..],
    ] {
        let out = crosscheck(command);
        assert_one_line_error(&out, &format!("{path}: entry `planted-double`: "));
        assert!(String::from_utf8_lossy(&out.stderr).contains("side"));
    }
}

/// `findings --stale-known DIR` replays the entries' reproducers (here one, the others missing
/// from the corpus given) and shows what each entry absorbed in DIR, flagging for review an entry
/// that absorbed many distinct signatures.
#[test]
fn stale_known_shows_what_each_entry_absorbed_and_flags_broad_ones() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("regressions");
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/regressions/winch-bulk-memory-fuel");
    let copy = corpus.join("winch-bulk-memory-fuel");
    std::fs::create_dir_all(&copy).unwrap();
    for f in ["finding.json", "module.wasm", "plan.json"] {
        std::fs::copy(src.join(f), copy.join(f)).unwrap();
    }
    let findings = tmp.path().join("findings");
    let known = findings.join("known");
    std::fs::create_dir_all(known.join("winch-bulk-operation-fuel")).unwrap();
    std::fs::create_dir_all(known.join("winch-memory-grow-fuel")).unwrap();
    let absorbed = |signatures: &[&str]| {
        serde_json::json!({
            "divergences": 12,
            "other_classes": {"trap": 2},
            "after_reduction": 1,
            "signatures": signatures,
            "reduced_modules": ["00000000000000aa"],
        })
        .to_string()
    };
    std::fs::write(
        known.join("winch-bulk-operation-fuel/absorbed.json"),
        absorbed(&["fuel--winch-x64--fuel-left"]),
    )
    .unwrap();
    std::fs::write(
        known.join("winch-memory-grow-fuel/absorbed.json"),
        absorbed(&["a", "b", "c", "d"]),
    )
    .unwrap();
    let out = crosscheck(&[
        "findings",
        "--stale-known",
        "--in-process",
        "--regressions",
        corpus.to_str().unwrap(),
        findings.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("winch-bulk-memory-fuel: reproduces"), "{stdout}");
    assert!(
        stdout.contains(
            "absorbed 12 divergences; 1 distinct signatures, 1 distinct reduced modules; trap 2 as another \
             symptom; 1 matched after reduction"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "review these entries, which absorb 4 or more distinct signatures or reductions: winch-memory-grow-fuel\n"
        ),
        "{stdout}"
    );
}
