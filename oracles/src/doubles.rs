//! Fault-injecting test doubles, for proving that the harness survives and records real engine
//! failures. They exist only when the environment variable [`ENABLE_VAR`] is `1`, so a user never
//! meets them by accident.
//!
//! Each double runs wasmi, and on a *marked* module (one whose FNV-1a digest is divisible by
//! [`MARK_MODULUS`], so about a quarter of generated modules) fails for real right after
//! instantiation, in the middle of the run:
//!
//! - `double-segv` writes through a null pointer (SIGSEGV);
//! - `double-abort` calls `abort()` (SIGABRT);
//! - `double-hang` never finishes the step.
//!
//! Each double also exists with an architecture suffix, e.g. `double-segv-aarch64`: on a host of
//! that architecture it is the same double; on another host it names the double inside a worker
//! built for that architecture and run under an emulator, to prove that the harness records the
//! death of an emulated worker.

use crate::engine::StepSink;
use crate::outcome::fnv1a64;
use crate::{CallPlan, Engine, ProposalSet, Rejection, WasmiEngine};

/// The environment variable that enables the doubles.
pub const ENABLE_VAR: &str = "CROSSCHECK_TEST_DOUBLES";

/// A module is marked when its digest is divisible by this.
pub const MARK_MODULUS: u64 = 4;

/// The names of the doubles (without architecture suffix).
pub const NAMES: [&str; 3] = ["double-segv", "double-abort", "double-hang"];

/// Whether the doubles are enabled in this process.
pub fn enabled() -> bool {
    std::env::var(ENABLE_VAR).is_ok_and(|v| v == "1")
}

/// The double that `name` names in this process: one of [`NAMES`], alone or with this host's
/// architecture suffix ([`crate::registry::host_arch`]); `None` for any other name or when the
/// doubles are not enabled.
pub fn kind(name: &str) -> Option<&'static str> {
    if !enabled() {
        return None;
    }
    let native = format!("-{}", crate::registry::host_arch());
    let base = name.strip_suffix(native.as_str()).unwrap_or(name);
    NAMES.into_iter().find(|d| *d == base)
}

/// Whether a double fails on `wasm`.
pub fn is_marked(wasm: &[u8]) -> bool {
    fnv1a64(wasm).is_multiple_of(MARK_MODULUS)
}

/// A fault-injecting double (see the module documentation).
pub struct FaultDouble {
    name: String,
    kind: &'static str,
    inner: WasmiEngine,
}

impl FaultDouble {
    /// The double `name` (see [`kind`]).
    ///
    /// # Errors
    ///
    /// When `name` is not a double of this host or wasmi cannot be built.
    pub fn new(name: &str) -> anyhow::Result<FaultDouble> {
        let kind = kind(name).ok_or_else(|| anyhow::anyhow!("`{name}` is not a test double of this host"))?;
        Ok(FaultDouble {
            name: name.into(),
            kind,
            inner: WasmiEngine::new()?,
        })
    }

    fn fail(&self) {
        match self.kind {
            "double-segv" => unsafe {
                // SAFETY: deliberately unsound: the point is to die of SIGSEGV.
                std::ptr::null_mut::<u64>().write_volatile(0xdead);
            },
            "double-abort" => std::process::abort(),
            _ => loop {
                std::thread::sleep(std::time::Duration::from_secs(3600));
            },
        }
    }
}

impl Engine for FaultDouble {
    fn name(&self) -> &str {
        &self.name
    }

    fn version(&self) -> String {
        format!("test double over {}", self.inner.version())
    }

    fn arch(&self) -> &str {
        self.inner.arch()
    }

    fn proposals(&self) -> ProposalSet {
        self.inner.proposals()
    }

    fn run(&self, wasm: &[u8], plan: &CallPlan, sink: &mut StepSink<'_>) -> Option<Rejection> {
        let marked = is_marked(wasm);
        self.inner.run(wasm, plan, &mut |step| {
            sink(step);
            if marked {
                self.fail();
            }
        })
    }
}
