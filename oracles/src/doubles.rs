//! Fault-injecting test doubles, for proving that the harness detects, records, reduces and exports
//! each kind of engine failure. They exist only when the environment variable [`ENABLE_VAR`] is
//! `1`, so a user never meets them by accident. Each double runs wasmi and falsifies what it
//! reports, in modules ([`Engine::run`]) and in scripts ([`Engine::run_script`]) alike.
//!
//! Five doubles fail for real on a *marked* module (see [`is_marked`]: about a quarter of
//! generated modules), right after instantiation, in the middle of the run (in a script: right
//! after a marked module is instantiated):
//!
//! - `double-segv` writes through a null pointer (SIGSEGV);
//! - `double-abort` calls `abort()` (SIGABRT);
//! - `double-hang` never finishes the step;
//! - `double-garble` writes a frame length over the protocol's limit to its worker's output and
//!   then waits 30 s before it exits: a worker of another build, or one that corrupted its output, which the
//!   harness must kill rather than wait for;
//! - `double-slow` never finishes the step in the first worker process of a campaign that meets a
//!   marked module, and runs normally everywhere else: a hang caused by the machine (a load
//!   spike), which the worker's re-run does not reproduce. A marker file says that it has
//!   happened: [`SLOW_MARKER_VAR`], or one in the temporary directory named by the campaign's
//!   process id. It holds the process id of the worker that hangs.
//!
//! Four lie about every module:
//!
//! - `double-result` flips the lowest bit of every `i32` a call returns;
//! - `double-trap` reports every trap as `unreachable`, and `unreachable` as `integer-overflow`;
//! - `double-state` flips the lowest bit of the first exported `i32` global after every step (and
//!   of every `i32` a script reads with `get`);
//! - `double-table` shows the last element of the first exported table, after every step, as null
//!   when it holds a reference and as function number 0 (the first exported function,
//!   [`crate::FuncIds`]) when it is null; it does not lie in scripts.
//!
//! Two stand for engines beyond the oracle's reach (docs/design.md, "The oracle"):
//!
//! - `double-no-oracle` runs Cranelift at `speed` instead of wasmi, and compiles what it
//!   compiles; in a module that uses a feature wasmi does not compile it flips the lowest bit of
//!   every `i32` a call returns: a planted bug that only engines voting without the oracle see;
//! - `double-probe` runs wasmi, and panics compiling the probe module of `multi-value` when its
//!   support is probed ([`crate::Support::probe`]): a probe that panics an engine;
//! - `double-probe-abort` runs wasmi, and aborts its process compiling the same probe: a probe
//!   that kills an engine's worker (in-process it ends the harness, as `double-abort` does).
//!
//! Each double also exists with an architecture suffix, e.g. `double-segv-aarch64`: on a host of
//! that architecture it is the same double; on another host it names the double inside a worker
//! built for that architecture and run under an emulator, to prove that the harness records the
//! death of an emulated worker.

use crate::elements::{Element, ElementRun};
use crate::engine::StepSink;
use crate::outcome::fnv1a64;
use crate::script::{ScriptCommand, ScriptResult, ScriptSink, ScriptValue};
use std::sync::Arc;

use crate::naming::{Compiler, host_arch};
use crate::{
    CallPlan, Engine, Feature, ProbeResult, ReadOnlyExports, Rejection, StepOutcome, StepRecord, Support, TrapKind,
    Value, WasmiEngine, WasmtimeEngine,
};

/// The environment variable that enables the doubles.
pub const ENABLE_VAR: &str = "CROSSCHECK_TEST_DOUBLES";

/// The environment variable naming the marker file of `double-slow`.
pub const SLOW_MARKER_VAR: &str = "CROSSCHECK_DOUBLE_SLOW_MARKER";

/// A module is marked when its digest is divisible by this.
pub const MARK_MODULUS: u64 = 4;

/// The names of the doubles (without architecture suffix).
pub const NAMES: [&str; 12] = [
    "double-segv",
    "double-abort",
    "double-hang",
    "double-garble",
    "double-slow",
    "double-result",
    "double-trap",
    "double-state",
    "double-table",
    "double-no-oracle",
    "double-probe",
    "double-probe-abort",
];

/// The message of the panic that `double-probe` plants in its probe of `multi-value`.
pub const PROBE_PANIC: &str = "planted probe panic";

/// Whether the doubles are enabled in this process.
pub fn enabled() -> bool {
    std::env::var(ENABLE_VAR).is_ok_and(|v| v == "1")
}

/// The double that `name` names in this process: one of [`NAMES`], alone or with this host's
/// architecture suffix ([`crate::naming::host_arch`]); `None` for any other name or when the
/// doubles are not enabled.
pub fn kind(name: &str) -> Option<&'static str> {
    if !enabled() {
        return None;
    }
    let native = format!("-{}", crate::naming::host_arch());
    let base = name.strip_suffix(native.as_str()).unwrap_or(name);
    NAMES.into_iter().find(|d| *d == base)
}

/// Whether a dying double fails on `wasm`: when the FNV-1a digest of the name of its first export
/// is divisible by [`MARK_MODULUS`]. A property of one export, not of the whole module, so that a
/// reducer can remove everything else and keep the failure, as it would keep the construct that
/// crashes a real engine.
pub fn is_marked(wasm: &[u8]) -> bool {
    let first_export = wasmparser::Parser::new(0)
        .parse_all(wasm)
        .find_map(|payload| match payload {
            Ok(wasmparser::Payload::ExportSection(reader)) => reader.into_iter().next().and_then(Result::ok),
            _ => None,
        });
    first_export.is_some_and(|e| fnv1a64(e.name.as_bytes()).is_multiple_of(MARK_MODULUS))
}

/// A fault-injecting double (see the module documentation).
pub struct FaultDouble {
    name: String,
    kind: &'static str,
    inner: Box<dyn Engine>,
    support: Arc<Support>,
}

impl FaultDouble {
    /// The double `name` (see [`kind`]).
    ///
    /// # Errors
    ///
    /// When `name` is not a double of this host or wasmi cannot be built.
    pub fn new(name: &str) -> anyhow::Result<FaultDouble> {
        let kind = kind(name).ok_or_else(|| anyhow::anyhow!("`{name}` is not a test double of this host"))?;
        let (inner, support): (Box<dyn Engine>, Arc<Support>) = match kind {
            "double-no-oracle" => {
                let compiler = Compiler::Cranelift(wasmtime::OptLevel::Speed);
                let cranelift = WasmtimeEngine::new(format!("cranelift-{}:speed", host_arch()), compiler)?;
                (Box::new(cranelift), crate::adapters::wasmtime::support(compiler))
            }
            "double-probe" | "double-probe-abort" => {
                let wasmi = WasmiEngine::new()?;
                let real = wasmi.support().clone();
                let support = Support::probe(|feature| match feature {
                    Feature::MultiValue if kind == "double-probe-abort" => std::process::abort(),
                    Feature::MultiValue => panic!("{PROBE_PANIC}"),
                    _ => match real.results().iter().find(|(f, _)| *f == feature) {
                        Some((_, ProbeResult::Refused(message))) => Err(message.clone()),
                        _ => Ok(()),
                    },
                });
                (Box::new(wasmi), Arc::new(support))
            }
            _ => (Box::new(WasmiEngine::new()?), crate::adapters::wasmi::support()),
        };
        Ok(FaultDouble {
            name: name.into(),
            kind,
            inner,
            support,
        })
    }

    /// Whether `double-no-oracle` falsifies its run of `wasm`: when the module uses a feature
    /// that wasmi does not compile.
    fn beyond_the_oracle(&self, wasm: &[u8]) -> bool {
        self.kind == "double-no-oracle"
            && crate::uses::features_used(wasm)
                .is_ok_and(|used| !used.is_subset(crate::adapters::wasmi::support().features()))
    }

    /// Whether this double dies on marked modules.
    fn dies(&self) -> bool {
        matches!(
            self.kind,
            "double-segv" | "double-abort" | "double-hang" | "double-garble" | "double-slow"
        )
    }

    /// Falsifies a step record as this double's kind says (`beyond`: whether the module is one
    /// that `double-no-oracle` falsifies).
    fn falsify(&self, step: &mut StepRecord, beyond: bool) {
        match self.kind {
            "double-result" => flip_results(step),
            "double-no-oracle" if beyond => flip_results(step),
            "double-trap" => {
                if let StepOutcome::Trapped(kind) = &mut step.outcome {
                    *kind = other_trap(*kind);
                }
            }
            "double-state" => {
                let globals = step
                    .state
                    .as_mut()
                    .map(|s| s.globals.as_mut_slice())
                    .unwrap_or_default();
                if let Some(g) = globals.iter_mut().find(|g| matches!(g.value, Value::I32(_))) {
                    flip(&mut g.value);
                }
            }
            "double-table" => {
                if let Some(t) = step.state.as_mut().and_then(|s| s.tables.first_mut()) {
                    flip_last_element(&mut t.elements);
                }
            }
            _ => {}
        }
    }

    /// Falsifies the result of script command `command` as this double's kind says.
    fn falsify_script(&self, command: &ScriptCommand, result: &mut ScriptResult) {
        let reads = match command {
            ScriptCommand::Invoke { .. } => self.kind == "double-result",
            ScriptCommand::Get { .. } => self.kind == "double-state",
            _ => false,
        };
        match result {
            ScriptResult::Returned(values) if reads => {
                for v in values {
                    if let ScriptValue::Value(v) = v {
                        flip(v);
                    }
                }
            }
            ScriptResult::Trapped { kind, .. } if self.kind == "double-trap" => {
                *kind = Some(other_trap(kind.unwrap_or(TrapKind::Unreachable)));
            }
            _ => {}
        }
    }

    fn fail(&self) {
        match self.kind {
            "double-segv" => unsafe {
                // SAFETY: deliberately unsound: the point is to die of SIGSEGV.
                std::ptr::null_mut::<u64>().write_volatile(0xdead);
            },
            "double-abort" => std::process::abort(),
            "double-garble" => {
                // A length prefix no frame may have.
                let frame = [0xffu8; 4];
                // SAFETY: writes a local buffer to this process's standard output.
                unsafe { libc::write(1, frame.as_ptr().cast(), frame.len()) };
                std::thread::sleep(std::time::Duration::from_secs(30));
                std::process::exit(3);
            }
            "double-slow" => {
                let marker = std::env::var_os(SLOW_MARKER_VAR).map_or_else(
                    || {
                        std::env::temp_dir().join(format!(
                            "crosscheck-double-slow-{}",
                            std::os::unix::process::parent_id()
                        ))
                    },
                    std::path::PathBuf::from,
                );
                if let Ok(mut file) = std::fs::File::create_new(marker) {
                    // Its process id, for a test that kills it from outside.
                    std::io::Write::write_all(&mut file, std::process::id().to_string().as_bytes()).ok();
                    loop {
                        std::thread::sleep(std::time::Duration::from_secs(3600));
                    }
                }
            }
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

    fn phase_times(&self) -> crate::PhaseTimes {
        self.inner.phase_times()
    }

    fn support(&self) -> &crate::Support {
        &self.support
    }

    fn run(
        &self,
        wasm: &[u8],
        read_only: &ReadOnlyExports,
        plan: &CallPlan,
        sink: &mut StepSink<'_>,
    ) -> Option<Rejection> {
        let dies = self.dies() && is_marked(wasm);
        let beyond = self.beyond_the_oracle(wasm);
        self.inner.run(wasm, read_only, plan, &mut |mut step| {
            self.falsify(&mut step, beyond);
            sink(step);
            if dies {
                self.fail();
            }
        })
    }

    fn run_script(&self, commands: &[ScriptCommand], sink: &mut ScriptSink<'_>) {
        let mut next = 0;
        self.inner.run_script(commands, &mut |mut result| {
            let command = &commands[next.min(commands.len() - 1)];
            next += 1;
            self.falsify_script(command, &mut result);
            let instantiated = matches!(result, ScriptResult::Done)
                && matches!(command, ScriptCommand::Module { wasm, .. } | ScriptCommand::Instantiate { wasm } if is_marked(wasm));
            sink(result);
            if self.dies() && instantiated {
                self.fail();
            }
        })
    }
}

/// Flips the lowest bit of every `i32` a step returned.
/// Replaces the last element of `runs` by [`Element::Null`], or by function 0 when it is null.
fn flip_last_element(runs: &mut Vec<ElementRun>) {
    let Some(last) = runs.pop() else { return };
    let element = match last.element {
        Element::Null => Element::Func(0),
        _ => Element::Null,
    };
    if last.count > 1 {
        runs.push(ElementRun {
            count: last.count - 1,
            ..last
        });
    }
    runs.push(ElementRun { element, count: 1 });
}

fn flip_results(step: &mut StepRecord) {
    if let StepOutcome::Returned(values) = &mut step.outcome {
        values.iter_mut().for_each(flip);
    }
}

/// Flips the lowest bit of an `i32`; other values are kept.
fn flip(v: &mut Value) {
    if let Value::I32(x) = v {
        *x ^= 1;
    }
}

/// The trap `double-trap` reports instead of `kind`.
fn other_trap(kind: TrapKind) -> TrapKind {
    if kind == TrapKind::Unreachable {
        TrapKind::IntegerOverflow
    } else {
        TrapKind::Unreachable
    }
}
