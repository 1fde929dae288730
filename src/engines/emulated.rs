//! Engines for another architecture than the host's: the `crosscheck-worker` binary built for that
//! architecture and run under QEMU user mode (`qemu-aarch64 -L /usr/aarch64-linux-gnu WORKER`).
//!
//! One worker process per concrete engine is started when the engine set is built and kept for the
//! whole run, so QEMU starts once per engine, not once per module. `scripts/setup-cross.sh`
//! installs what this needs.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use crosscheck_oracles::naming::host_arch;
use crosscheck_oracles::worker::WorkerCommand;

/// How much longer a step may take under QEMU than natively before the watchdog fires: the
/// watchdog of an emulated worker is the run's watchdog times this factor.
pub const WATCHDOG_FACTOR: u32 = 5;

/// An emulated worker whose resident memory passes this is replaced by a fresh one between modules,
/// in bytes (512 MiB). QEMU user mode keeps bookkeeping for each module's new code that it never
/// frees: a `winch-aarch64` worker grew by about 44 KiB per module (888 MiB after 19,329 modules,
/// QEMU 10.0.2), while the same worker natively stays under 20 MiB.
pub const RECYCLE_ABOVE_BYTES: u64 = 512 << 20;

/// The environment variable naming a prebuilt worker binary for aarch64; when unset, the worker is
/// built from this source tree with cargo.
pub const AARCH64_WORKER_VAR: &str = "CROSSCHECK_AARCH64_WORKER";

/// An emulated architecture: how to build a worker for it and how to run that worker.
#[derive(Debug)]
pub struct Emulator {
    /// The architecture suffix of engine names, e.g. `aarch64`.
    pub arch: &'static str,
    /// The Rust target the worker is built for.
    pub target: &'static str,
    /// The QEMU user-mode program.
    pub qemu: &'static str,
    /// The guest's library root, passed to QEMU with `-L`.
    pub sysroot: &'static str,
    /// The environment variable that may name a prebuilt worker.
    pub worker_var: &'static str,
}

/// aarch64 Linux under `qemu-aarch64`, on an x86_64 host.
pub const AARCH64: Emulator = Emulator {
    arch: "aarch64",
    target: "aarch64-unknown-linux-gnu",
    qemu: "qemu-aarch64",
    sysroot: "/usr/aarch64-linux-gnu",
    worker_var: AARCH64_WORKER_VAR,
};

/// The emulator for engines of architecture suffix `arch` on this host, if crosscheck has one.
pub fn for_arch(arch: &str) -> Option<&'static Emulator> {
    (arch == AARCH64.arch && host_arch() == "x64").then_some(&AARCH64)
}

/// The emulators whose QEMU and guest libraries are installed here (the worker itself may still
/// need building).
pub fn installed() -> Vec<&'static Emulator> {
    [&AARCH64]
        .into_iter()
        .filter(|e| for_arch(e.arch).is_some() && e.check_installed().is_ok())
        .collect()
}

impl Emulator {
    /// Checks that QEMU and the guest libraries are installed.
    ///
    /// # Errors
    ///
    /// A one-line message naming what is missing and the set-up script.
    pub fn check_installed(&self) -> Result<(), String> {
        if find_on_path(self.qemu).is_none() {
            return Err(format!("{} is not installed; run scripts/setup-cross.sh", self.qemu));
        }
        if !Path::new(self.sysroot).is_dir() {
            return Err(format!("{} is missing; run scripts/setup-cross.sh", self.sysroot));
        }
        Ok(())
    }

    /// The QEMU version, e.g. `qemu-aarch64 7.2.22`.
    ///
    /// # Errors
    ///
    /// When QEMU cannot be run.
    pub fn version(&self) -> Result<String, String> {
        let out = Command::new(self.qemu)
            .arg("--version")
            .output()
            .map_err(|e| format!("cannot run {}: {e}", self.qemu))?;
        let text = String::from_utf8_lossy(&out.stdout);
        let version = text
            .lines()
            .next()
            .and_then(|l| {
                l.split_whitespace()
                    .find(|w| w.starts_with(|c: char| c.is_ascii_digit()))
            })
            .unwrap_or("(unknown version)");
        Ok(format!("{} {version}", self.qemu))
    }

    /// The worker binary: the one named by [`Emulator::worker_var`], or else the one cargo builds
    /// from this source tree (`cargo build --release --target TARGET -p crosscheck-oracles --bin
    /// crosscheck-worker`, a no-op when it is up to date). Built at most once per process and target.
    ///
    /// # Errors
    ///
    /// A one-line message when the binary named by the variable does not exist, the source tree is
    /// gone, or cargo fails (usually because `scripts/setup-cross.sh` has not been run).
    pub fn worker(&self) -> Result<PathBuf, String> {
        if let Some(path) = std::env::var_os(self.worker_var) {
            let path = PathBuf::from(path);
            return if path.is_file() {
                Ok(path)
            } else {
                Err(format!(
                    "{} names {}, which does not exist",
                    self.worker_var,
                    path.display()
                ))
            };
        }
        static BUILT: OnceLock<Mutex<HashMap<&'static str, Result<PathBuf, String>>>> = OnceLock::new();
        let mut built = BUILT
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        built.entry(self.target).or_insert_with(|| self.build()).clone()
    }

    fn build(&self) -> Result<PathBuf, String> {
        let workspace = Path::new(env!("CARGO_MANIFEST_DIR"));
        if !workspace.join("Cargo.toml").is_file() {
            return Err(format!(
                "the crosscheck source tree {} is gone; set {} to a worker built for {}",
                workspace.display(),
                self.worker_var,
                self.target
            ));
        }
        // The default toolchain's cargo, not the one this process may run under: `cargo +nightly
        // fuzz run` passes RUSTUP_TOOLCHAIN=nightly (which lacks the aarch64 target) and its
        // sanitizer flags down to the fuzz target.
        let cargo = find_on_path("cargo")
            .map(|p| p.into_os_string())
            .or_else(|| std::env::var_os("CARGO"))
            .unwrap_or_else(|| "cargo".into());
        eprintln!(
            "crosscheck: building (or checking) the {} worker for {} with cargo",
            self.arch, self.target
        );
        let out = Command::new(cargo)
            .env_remove("RUSTUP_TOOLCHAIN")
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .current_dir(workspace)
            .args(["build", "--release", "--target", self.target])
            .args(["-p", "crosscheck-oracles", "--bin", "crosscheck-worker"])
            .arg("--message-format=json-render-diagnostics")
            .stderr(Stdio::inherit())
            .output()
            .map_err(|e| format!("cannot run cargo to build the {} worker: {e}", self.arch))?;
        if !out.status.success() {
            return Err(format!(
                "cargo could not build the {} worker (see above; run scripts/setup-cross.sh first)",
                self.arch
            ));
        }
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "crosscheck-worker")
            .find_map(|m| m["executable"].as_str().map(PathBuf::from))
            .ok_or_else(|| format!("cargo built no {} worker executable", self.arch))
    }

    /// The command that starts an emulated worker, with a watchdog of `watchdog` times
    /// [`WATCHDOG_FACTOR`].
    ///
    /// # Errors
    ///
    /// As [`Emulator::check_installed`] and [`Emulator::worker`].
    pub fn command(&self, watchdog: Duration) -> Result<WorkerCommand, String> {
        self.check_installed()?;
        self.command_for(&self.worker()?, watchdog)
    }

    /// [`Emulator::command`] of the worker binary `worker` (one of another build, see
    /// [`crate::engines::other_builds`]), once [`Emulator::check_installed`] has passed.
    ///
    /// # Errors
    ///
    /// When the emulator's version cannot be read.
    pub fn command_for(&self, worker: &std::path::Path, watchdog: Duration) -> Result<WorkerCommand, String> {
        Ok(WorkerCommand {
            program: PathBuf::from(self.qemu),
            args: vec!["-L".into(), self.sysroot.into(), worker.display().to_string()],
            watchdog: watchdog * WATCHDOG_FACTOR,
            emulator: Some(self.version()?),
            recycle_above_bytes: Some(RECYCLE_ABOVE_BYTES),
            skip_probes: Vec::new(),
        })
    }
}

/// The first `name` in a directory of `PATH`.
fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}
