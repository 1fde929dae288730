//! Engines of other builds: the worker cache that `scripts/build-worker.sh` fills, and the worker
//! a labeled engine name runs in (`winch-x64@48.0.8`, `cranelift-aarch64:speed@local`,
//! `wasmi@1.0.4`; see `crosscheck_oracles::naming::label_of` and docs/versions.md).
//!
//! The cache holds `KIND/LABEL/TARGET/crosscheck-worker` with a `build.json` beside it, where KIND
//! is `wasmtime` or `wasmi` (the crate the label versions), LABEL a release (`48.0.8`), a local
//! checkout's commit (`local-0123456789ab`) or `local` (the newest local build), and TARGET a
//! Rust target triple.

use std::path::{Path, PathBuf};

use crosscheck_oracles::naming::{self, WASMI};
use serde::Deserialize;
use thiserror::Error;

/// The environment variable that moves the worker cache (default `~/.cache/crosscheck/workers`).
pub const CACHE_VAR: &str = "CROSSCHECK_WORKER_CACHE";

/// The file name of a cached worker.
pub const WORKER_FILE: &str = "crosscheck-worker";

/// The worker cache directory: `$CROSSCHECK_WORKER_CACHE`, else `~/.cache/crosscheck/workers`.
pub fn cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(CACHE_VAR) {
        return PathBuf::from(dir);
    }
    let home = std::env::var_os("HOME").map_or_else(|| PathBuf::from("."), PathBuf::from);
    home.join(".cache/crosscheck/workers")
}

/// The crate a label versions for engine `name`: `wasmi` for the interpreter, `wasmtime` for
/// Winch and Cranelift.
pub fn kind_of(name: &str) -> &'static str {
    let base = naming::without_label(crosscheck_oracles::config::split_name(name).0);
    if base == WASMI { "wasmi" } else { "wasmtime" }
}

/// The Rust target triple of this host (Linux), e.g. `x86_64-unknown-linux-gnu`.
pub fn host_target() -> String {
    format!("{}-unknown-linux-gnu", std::env::consts::ARCH)
}

/// What `scripts/build-worker.sh` recorded about a build (`build.json`).
#[derive(Clone, Debug, Deserialize)]
pub struct BuildInfo {
    /// The wasmtime version the worker links.
    pub wasmtime: String,
    /// The wasmi version the worker links.
    pub wasmi: String,
    /// `crates.io`, or the local checkout's directory.
    pub source: String,
    /// Whether it was built with Winch: a wasmtime release whose `winch-codegen` is not published
    /// is built without (`scripts/build-worker.sh`); absent in records of older builds, which all
    /// have it.
    #[serde(default = "with_winch")]
    pub winch: bool,
    /// How long the build took, in seconds (0 when it was cached).
    pub build_secs: u64,
}

/// A worker of another build in the cache.
#[derive(Clone, Debug)]
pub struct CachedWorker {
    /// `wasmtime` or `wasmi`.
    pub kind: String,
    /// The label engine names take after `@`.
    pub label: String,
    /// The target triple it runs on.
    pub target: String,
    /// The worker binary.
    pub program: PathBuf,
    /// Its build record.
    pub build: BuildInfo,
}

/// A labeled engine whose worker is not in the cache.
#[derive(Debug, Error)]
#[error("engine `{name}` is not built: run `{command}`")]
pub struct NotBuilt {
    /// The engine name.
    pub name: String,
    /// The command that builds its worker.
    pub command: String,
}

/// Every worker in the cache `dir`, by kind, label and target.
pub fn list(dir: &Path) -> Vec<CachedWorker> {
    let mut found = Vec::new();
    for kind in ["wasmtime", "wasmi"] {
        for label in sorted_entries(&dir.join(kind)) {
            for target in sorted_entries(&label) {
                let program = target.join(WORKER_FILE);
                let Ok(text) = std::fs::read_to_string(target.join("build.json")) else {
                    continue;
                };
                let Ok(build) = serde_json::from_str::<BuildInfo>(&text) else {
                    continue;
                };
                if program.is_file() {
                    found.push(CachedWorker {
                        kind: kind.into(),
                        label: file_name(&label),
                        target: file_name(&target),
                        program,
                        build,
                    });
                }
            }
        }
    }
    found
}

/// The cached worker that runs the labeled engine `name` on `target`.
///
/// # Errors
///
/// [`NotBuilt`], with the command that builds it, when the cache has none.
pub fn worker_for(dir: &Path, name: &str, target: &str) -> Result<PathBuf, NotBuilt> {
    let kind = kind_of(name);
    let label = naming::label_of(name).unwrap_or_default();
    let program = dir.join(kind).join(label).join(target).join(WORKER_FILE);
    if program.is_file() && program.with_file_name("build.json").is_file() {
        return Ok(program);
    }
    Err(NotBuilt {
        name: name.into(),
        command: build_command(kind, label, target),
    })
}

fn with_winch() -> bool {
    true
}

/// Why the cached worker `program` cannot run the engine `name`, when its build lacks the engine's
/// compiler: a Winch engine of a build made without Winch. `None` when it can (or when its
/// `build.json` cannot be read: the worker's own refusal then says why).
pub fn lacks_compiler(program: &Path, name: &str) -> Option<String> {
    if crosscheck_oracles::naming::compiler_of(name) != Some(crosscheck_oracles::Compiler::Winch) {
        return None;
    }
    let text = std::fs::read_to_string(program.with_file_name("build.json")).ok()?;
    let build: BuildInfo = serde_json::from_str(&text).ok()?;
    (!build.winch).then(|| {
        format!(
            "the worker of wasmtime {} was built without Winch (its winch-codegen crate is not published); \
             its Cranelift engines run",
            build.wasmtime
        )
    })
}

/// The `scripts/build-worker.sh` command that builds the worker of `label` for `kind` on `target`.
pub fn build_command(kind: &str, label: &str, target: &str) -> String {
    let what = if kind == "wasmtime" && (label == "local" || label.starts_with("local-")) {
        "--wasmtime-path DIR".to_string()
    } else {
        format!("--{kind} {label}")
    };
    let target = if target == host_target() {
        String::new()
    } else {
        format!(" --target {target}")
    };
    format!("scripts/build-worker.sh {what}{target}")
}

/// The subdirectories of `dir`, sorted by name (none when it cannot be read).
fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    entries.sort();
    entries
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unbuilt_engine_names_the_command_that_builds_it() {
        let dir = tempfile::tempdir().unwrap();
        let host = host_target();
        let e = worker_for(dir.path(), "winch-x64@48.0.8", &host).unwrap_err();
        assert_eq!(e.command, "scripts/build-worker.sh --wasmtime 48.0.8");
        let e = worker_for(dir.path(), "wasmi@1.0.4,fuel=on", "aarch64-unknown-linux-gnu").unwrap_err();
        assert_eq!(
            e.command,
            "scripts/build-worker.sh --wasmi 1.0.4 --target aarch64-unknown-linux-gnu"
        );
        assert!(
            worker_for(dir.path(), "cranelift-x64:o0@local", &host)
                .unwrap_err()
                .command
                .ends_with("--wasmtime-path DIR")
        );
    }

    #[test]
    fn built_workers_are_found_and_listed() {
        let dir = tempfile::tempdir().unwrap();
        let at = dir.path().join("wasmtime/48.0.8").join(host_target());
        std::fs::create_dir_all(&at).unwrap();
        std::fs::write(at.join(WORKER_FILE), "").unwrap();
        assert!(
            worker_for(dir.path(), "winch-x64@48.0.8", &host_target()).is_err(),
            "no build.json"
        );
        std::fs::write(
            at.join("build.json"),
            r#"{"kind": "wasmtime", "label": "48.0.8", "target": "t", "wasmtime": "48.0.8", "wasmi": "2.0.0", "source": "crates.io", "tree": "x", "build_secs": 400}"#,
        )
        .unwrap();
        assert_eq!(
            worker_for(dir.path(), "winch-x64@48.0.8", &host_target()).unwrap(),
            at.join(WORKER_FILE)
        );
        let listed = list(dir.path());
        assert_eq!(listed.len(), 1);
        assert_eq!(
            (listed[0].kind.as_str(), listed[0].label.as_str()),
            ("wasmtime", "48.0.8")
        );
        assert_eq!(listed[0].build.wasmtime, "48.0.8");
        assert!(listed[0].build.winch, "an older record has Winch");
        assert_eq!(lacks_compiler(&at.join(WORKER_FILE), "winch-x64@48.0.8"), None);
        std::fs::write(
            at.join("build.json"),
            r#"{"kind": "wasmtime", "label": "48.0.8", "target": "t", "wasmtime": "48.0.8", "wasmi": "2.0.0", "winch": false, "source": "crates.io", "tree": "x", "build_secs": 400}"#,
        )
        .unwrap();
        let why = lacks_compiler(&at.join(WORKER_FILE), "winch-x64@48.0.8,avx=off").unwrap();
        assert!(
            why.starts_with("the worker of wasmtime 48.0.8 was built without Winch"),
            "{why}"
        );
        assert_eq!(lacks_compiler(&at.join(WORKER_FILE), "cranelift-x64:o0@48.0.8"), None);
    }
}
