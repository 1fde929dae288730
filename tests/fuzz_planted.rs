//! A divergence planted through a test double (`double-result`, which flips the lowest bit of every
//! `i32` a call returns) makes the `differential` fuzz target's body panic with a readable summary,
//! and `crosscheck replay --fuzz-input differential` turns the same input into a finding
//! directory that replays. A known-bug list that names the double's divergence silences it, and
//! only it.
//!
//! One test in its own binary: it enables the doubles in this process's environment, which no
//! other test must see.

#[path = "all/support.rs"]
mod support;

use std::panic::AssertUnwindSafe;
use std::process::Command;

use crosscheck::engines::Isolation;
use crosscheck::finding::read_meta;
use crosscheck::fuzzing::{ENGINES_VAR, Harness, Target};
use crosscheck::known::KnownList;
use crosscheck_oracles::doubles::ENABLE_VAR;
use rand::{RngCore, SeedableRng};

#[test]
fn a_planted_divergence_panics_in_differential_and_its_input_replays_as_a_finding() {
    // SAFETY: the only test of this binary sets the variable before any thread reads it.
    unsafe { std::env::set_var(ENABLE_VAR, "1") };
    let build = || Harness::with_engines(Target::Differential, "wasmi,double-result", &Isolation::InProcess).unwrap();
    let harness = build();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let (data, message) = (0..1000)
        .find_map(|_| {
            let mut data = vec![0u8; 4096];
            rng.fill_bytes(&mut data);
            let panic = std::panic::catch_unwind(AssertUnwindSafe(|| harness.check(&data))).err()?;
            let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
            Some((data, message))
        })
        .expect("double-result diverges on some input of 1000");
    assert!(
        message.starts_with("crosscheck differential divergence (result) at call "),
        "{message}"
    );
    assert!(message.contains("wasmi vs double-result"), "{message}");
    assert!(
        message.contains("replay: crosscheck replay --fuzz-input differential ARTIFACT"),
        "{message}"
    );

    let known = |classes: &str| {
        let text = format!(
            "[[known]]\nname = \"planted\"\nreason = \"the double\"\nregressions = [\"none\"]\n\
             sides = [\"double-*\", \"wasmi\"]\nclasses = [{classes}]\nno_construct = \"every module\"\n"
        );
        KnownList::parse(&text, "test").unwrap()
    };
    assert!(
        build().with_known(known("\"result\"")).check(&data),
        "a known divergence is kept, not reported"
    );
    let other_class = build().with_known(known("\"trap\""));
    assert!(
        std::panic::catch_unwind(AssertUnwindSafe(|| other_class.check(&data))).is_err(),
        "a list for another class does not silence it"
    );

    let out = tempfile::tempdir().unwrap();
    let artifact = out.path().join("crash-planted");
    std::fs::write(&artifact, &data).unwrap();
    let findings = out.path().join("findings");
    let replay = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(["replay", "--fuzz-input", "differential"])
        .arg(&artifact)
        .arg("--out")
        .arg(&findings)
        .env(ENGINES_VAR, "wasmi,double-result")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&replay.stdout);
    assert_eq!(
        replay.status.code(),
        Some(1),
        "{stdout}{}",
        String::from_utf8_lossy(&replay.stderr)
    );
    let dir = support::finding_dirs(&findings).remove(0);
    assert!(stdout.contains(&format!("finding: {}", dir.display())), "{stdout}");
    assert!(stdout.contains("divergence (result)"), "{stdout}");
    let meta = read_meta(&dir).unwrap();
    assert_eq!(meta.engines, ["wasmi", "double-result"]);
    assert_eq!(meta.generation["fuzz_target"], "differential");
    let again = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .arg("replay")
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(
        again.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&again.stdout)
    );
}
