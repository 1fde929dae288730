//! New engine releases: the nightly's look-up (`scripts/newest-release.sh`, through
//! `scripts/build-worker.sh --newest`) and `crosscheck engines`, against a fake crates.io index
//! directory, offline, and switched off. No worker is built here (`--no-build`): a build of another
//! Wasmtime takes longer than CI has.

use std::path::Path;
use std::process::{Command, Output};

use crosscheck::releases::INDEX_VAR;
use crosscheck_oracles::{WASMI_VERSION, WASMTIME_VERSION};

/// One index line of `krate` at `version`.
fn line(krate: &str, version: &str, yanked: bool) -> String {
    format!(r#"{{"name":"{krate}","vers":"{version}","deps":[],"cksum":"0","features":{{}},"yanked":{yanked}}}"#)
}

/// A sparse-index directory: wasmtime has the pin, 99.0.0 (whose winch-codegen is missing), a
/// yanked 100.0.0 and a pre-release; wasmi has only the pin.
fn fake_index() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str, lines: &[String]| {
        let file = dir.path().join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, lines.join("\n") + "\n").unwrap();
    };
    write(
        "wa/sm/wasmtime",
        &[
            line("wasmtime", WASMTIME_VERSION, false),
            line("wasmtime", "99.0.0", false),
            line("wasmtime", "100.0.0", true),
            line("wasmtime", "101.0.0-rc.1", false),
        ],
    );
    write(
        "wa/sm/wasmi",
        &[line("wasmi", "0.1.0", false), line("wasmi", WASMI_VERSION, false)],
    );
    write("wi/nc/winch-codegen", &[line("winch-codegen", WASMTIME_VERSION, false)]);
    dir
}

fn script(name: &str, args: &[&str]) -> Output {
    Command::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts").join(name))
        .args(args)
        .env_remove(INDEX_VAR)
        .output()
        .unwrap()
}

fn lookup(args: &[&str]) -> (serde_json::Value, String) {
    let dir = tempfile::tempdir().unwrap();
    let out_file = dir.path().join("releases.json");
    let mut all = vec!["--out", out_file.to_str().unwrap(), "--no-build"];
    all.extend_from_slice(args);
    let out = script("newest-release.sh", &all);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let record = serde_json::from_slice(&std::fs::read(&out_file).unwrap()).unwrap();
    let last = String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .unwrap_or_default()
        .to_string();
    (record, last)
}

#[test]
fn the_newest_release_is_found_in_the_index_and_recorded_against_the_pin() {
    let index = fake_index();
    let index_dir = index.path().to_str().unwrap();
    let newest = script("build-worker.sh", &["--index", index_dir, "--newest", "wasmtime"]);
    assert_eq!(String::from_utf8_lossy(&newest.stdout), "99.0.0\n");

    let (record, last) = lookup(&["--index", index_dir]);
    assert_eq!(record["looked"], true, "{record}");
    let wasmtime = &record["releases"][0];
    assert_eq!(
        (
            &wasmtime["crate"],
            &wasmtime["pinned"],
            &wasmtime["newest"],
            &wasmtime["worker"]
        ),
        (
            &"wasmtime".into(),
            &WASMTIME_VERSION.into(),
            &"99.0.0".into(),
            &"not built".into()
        ),
        "{record}"
    );
    let wasmi = &record["releases"][1];
    assert_eq!(
        (&wasmi["newest"], &wasmi["worker"]),
        (&WASMI_VERSION.into(), &serde_json::Value::Null)
    );
    assert_eq!(last, "engines: ", "nothing was built, so the night adds no campaign");
}

#[test]
fn offline_or_switched_off_the_look_up_says_so_and_succeeds() {
    let (offline, last) = lookup(&["--index", "/nonexistent/index"]);
    assert_eq!(offline["looked"], false);
    assert!(
        offline["note"]
            .as_str()
            .unwrap()
            .starts_with("could not look for new releases"),
        "{offline}"
    );
    assert_eq!(last, "engines: ");
    let (off, _) = lookup(&["--off"]);
    assert_eq!(off["looked"], false);
    assert!(off["note"].as_str().unwrap().contains("off"), "{off}");
}

#[test]
fn engines_prints_the_pins_and_a_newer_release() {
    let index = fake_index();
    let run = |index: &Path| {
        let out = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
            .args(["engines"])
            .env(INDEX_VAR, index)
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let listed = run(index.path());
    assert!(
        listed.starts_with(&format!("pinned: wasmtime {WASMTIME_VERSION}, wasmi {WASMI_VERSION}\n")),
        "{listed}"
    );
    assert!(
        listed.contains(&format!(
            "wasmtime: 99.0.0 is out, newer than the pin {WASMTIME_VERSION}"
        )) && listed.contains("winch-codegen 99.0.0 is not published"),
        "{listed}"
    );
    assert!(
        listed.contains(&format!("wasmi: {WASMI_VERSION} is the newest release")),
        "{listed}"
    );
    let offline = run(Path::new("/nonexistent/index"));
    assert!(
        offline.contains("wasmtime: could not look for a newer release"),
        "{offline}"
    );
}
