//! Engines of other builds (`NAME@LABEL`), tested with this build's own worker registered in a
//! scratch worker cache under a label (CI cannot build a second Wasmtime in its time): naming,
//! cache lookup, a campaign and a replay through the labeled engines, the handshake's refusal of
//! an incompatible worker, and the one-line error of an engine that is not built.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

use crosscheck::engines::other_builds::{CACHE_VAR, WORKER_FILE, host_target};
use crosscheck_oracles::naming::host_arch;

/// Puts `script` in `cache` as the worker of wasmtime build `label` for this host.
fn register(cache: &Path, label: &str, script: &str) {
    let dir = cache.join("wasmtime").join(label).join(host_target());
    std::fs::create_dir_all(&dir).unwrap();
    let worker = dir.join(WORKER_FILE);
    std::fs::write(&worker, script).unwrap();
    std::fs::set_permissions(&worker, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::write(
        dir.join("build.json"),
        format!(
            r#"{{"kind": "wasmtime", "label": "{label}", "target": "{}", "wasmtime": "test", "wasmi": "test", "source": "this build", "tree": "-", "build_secs": 0}}"#,
            host_target()
        ),
    )
    .unwrap();
}

/// A cache with this build's worker as wasmtime build `same`, and two incompatible ones: `old`
/// answers the handshake with protocol 0, `mute` exits without one.
fn cache() -> tempfile::TempDir {
    let cache = tempfile::tempdir().unwrap();
    let this = env!("CARGO_BIN_EXE_crosscheck");
    register(cache.path(), "same", &format!("#!/bin/sh\nexec '{this}' worker\n"));
    register(
        cache.path(),
        "old",
        "#!/bin/sh\nhead -c 13 >/dev/null\nprintf '\\011\\000\\000\\000xcheckwk\\000'\nsleep 5\n",
    );
    register(cache.path(), "mute", "#!/bin/sh\nexit 0\n");
    cache
}

fn crosscheck(cache: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(args)
        .env(CACHE_VAR, cache)
        .output()
        .unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn labeled_engines_run_campaigns_and_replays_in_their_build() {
    let cache = cache();
    let arch = host_arch();
    let listed = crosscheck(cache.path(), &["engines"]);
    assert!(
        text(&listed).contains(&format!("winch-{arch}@same, cranelift-{arch}@same")),
        "{}",
        text(&listed)
    );

    let out = tempfile::tempdir().unwrap();
    let engines = format!("winch-{arch},winch-{arch}@same,cranelift-{arch}:o0@same,wasmi");
    let run = crosscheck(
        cache.path(),
        &[
            "fuzz",
            "--engines",
            &engines,
            "--modules",
            "30",
            "--seed",
            "5",
            "--config-swarm",
            "off",
            "--out",
            out.path().to_str().unwrap(),
        ],
    );
    assert_eq!(run.status.code(), Some(0), "{}", text(&run));
    assert!(
        text(&run).contains(&format!("winch-{arch}@same")),
        "the summary names the labeled engine: {}",
        text(&run)
    );

    let wat = out.path().join("div.wat");
    std::fs::write(
        &wat,
        r#"(module (func (export "f") (param i32) (result i32) (i32.div_s (i32.const 7) (local.get 0))))"#,
    )
    .unwrap();
    let replay = crosscheck(
        cache.path(),
        &[
            "replay",
            wat.to_str().unwrap(),
            "--engines",
            &format!("winch-{arch}@same,wasmi"),
        ],
    );
    assert_eq!(replay.status.code(), Some(0), "{}", text(&replay));
    assert!(
        text(&replay).contains(&format!("winch-{arch}@same")),
        "{}",
        text(&replay)
    );
}

#[test]
fn incompatible_and_unbuilt_workers_are_refused_in_one_line() {
    let cache = cache();
    let arch = host_arch();
    let fuzz = |engine: &str| {
        crosscheck(
            cache.path(),
            &["fuzz", "--engines", &format!("{engine},wasmi"), "--modules", "1"],
        )
    };

    let old = fuzz(&format!("winch-{arch}@old"));
    assert_eq!(old.status.code(), Some(2), "{}", text(&old));
    let said = String::from_utf8_lossy(&old.stderr);
    assert!(
        said.contains("refused at the handshake") && said.contains("protocol 0"),
        "{said}"
    );
    assert_eq!(said.trim().lines().count(), 1, "{said}");

    let mute = fuzz(&format!("winch-{arch}@mute"));
    assert_eq!(mute.status.code(), Some(2), "{}", text(&mute));
    assert!(
        String::from_utf8_lossy(&mute.stderr).contains("sent no handshake"),
        "{}",
        text(&mute)
    );

    let unbuilt = fuzz(&format!("cranelift-{arch}:speed@9.9.9"));
    assert_eq!(unbuilt.status.code(), Some(2), "{}", text(&unbuilt));
    let said = String::from_utf8_lossy(&unbuilt.stderr);
    assert!(said.contains("scripts/build-worker.sh --wasmtime 9.9.9"), "{said}");
    assert_eq!(said.trim().lines().count(), 1, "{said}");
}

#[test]
fn a_labeled_aarch64_engine_is_compiled_on_the_host_by_a_worker_of_its_build() {
    if !crate::support::aarch64_available("a_labeled_aarch64_engine_is_compiled_on_the_host_by_a_worker_of_its_build") {
        return;
    }
    let cache = cache();
    let aarch64 = cache.path().join("wasmtime/same/aarch64-unknown-linux-gnu");
    std::fs::create_dir_all(&aarch64).unwrap();
    std::os::unix::fs::symlink(
        crosscheck::engines::emulated::AARCH64.worker().unwrap(),
        aarch64.join(WORKER_FILE),
    )
    .unwrap();
    std::fs::copy(
        cache
            .path()
            .join("wasmtime/same")
            .join(host_target())
            .join("build.json"),
        aarch64.join("build.json"),
    )
    .unwrap();
    let campaign = |engines: &str| {
        let out = tempfile::tempdir().unwrap();
        crosscheck(
            cache.path(),
            &[
                "fuzz",
                "--engines",
                engines,
                "--modules",
                "20",
                "--seed",
                "3",
                "--config-swarm",
                "off",
                "--out",
                out.path().to_str().unwrap(),
            ],
        )
    };
    let run = campaign("winch-aarch64@same,cranelift-aarch64:speed@same,winch-aarch64,wasmi");
    assert_eq!(run.status.code(), Some(0), "{}", text(&run));

    // Without a worker of the build for this host, the engine is refused, naming the command
    // that builds it: its modules are compiled there, not in the emulator.
    std::fs::remove_dir_all(cache.path().join("wasmtime/same").join(host_target())).unwrap();
    let refused = campaign("winch-aarch64@same,wasmi");
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("compiled on this host by a worker of its build")
            && said.contains("scripts/build-worker.sh --wasmtime same"),
        "{said}"
    );
    assert_eq!(said.trim().lines().count(), 1, "{said}");
}
