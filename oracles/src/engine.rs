//! The engine interface every adapter implements.

use thiserror::Error;

use crate::script::{ScriptCommand, ScriptResult, ScriptSink};
use crate::{CallPlan, Execution, ProposalSet, ReadOnlyExports, Rejection, StepRecord, Support};

/// Why an engine name cannot be turned into an engine.
#[derive(Debug, Error)]
pub enum EngineError {
    /// The name is not one of the engines crosscheck knows.
    #[error("unknown engine `{name}` (known engines: {known})")]
    Unknown {
        /// The name given.
        name: String,
        /// The known names, comma-separated.
        known: String,
    },
    /// The engine exists but cannot run in this process on this host.
    #[error("engine `{name}` is not available here: {reason}")]
    Unavailable {
        /// The name given.
        name: String,
        /// Why.
        reason: String,
    },
    /// The engine library refused to build the engine.
    #[error("cannot build engine `{name}`: {message}")]
    Build {
        /// The name given.
        name: String,
        /// The engine library's error.
        message: String,
    },
}

/// Counters of a worker-hosted engine (`crate::worker`), as [`Engine::worker_stats`] reports them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WorkerStats {
    /// Workers started after the first one died or was killed.
    pub restarts: u64,
    /// Workers replaced because their memory grew past `WorkerCommand::recycle_above_bytes`.
    pub recycles: u64,
    /// Executions whose worker hung (past the watchdog) but whose re-run finished: the re-run's
    /// steps were delivered (see `WorkerEngine::stats` for why).
    pub hangs_not_reproduced: u64,
    /// Executions whose worker was killed from outside (SIGKILL, SIGTERM, SIGINT, SIGHUP) but
    /// whose re-run finished: the re-run's steps were delivered, no crash recorded.
    pub killed_from_outside: u64,
    /// Resident memory of the current worker process, in bytes (Linux `VmRSS`), if one runs.
    pub rss_bytes: Option<u64>,
    /// The current worker process's id, if one runs (engines that share a process give the same).
    pub pid: Option<u32>,
}

/// Where an engine delivers each step record as soon as the step has ended.
pub type StepSink<'a> = dyn FnMut(StepRecord) + Send + 'a;

/// Native stack of the thread that runs Wasm beyond the Wasm stack budget, in bytes: room for the
/// engine and host functions, so that Wasm stack limits, not the host thread, decide when
/// recursion overflows.
pub const HOST_STACK_MARGIN_BYTES: usize = 8 << 20;

/// The Wasm stack budget of compiled engines (Wasmtime `max_wasm_stack`) at stack scale 1, in
/// bytes. Generated modules bound recursion depth through their termination budget; a finite
/// recursion that overflows this is re-run with a larger scale before it counts as a divergence.
pub const WASM_STACK_BYTES: usize = 4 << 20;

/// A WebAssembly engine under test, built once for one configuration and reused for many modules.
///
/// `run` and `execute` never panic and never return an error: everything the engine does,
/// including refusing a module, is reported as steps and an optional [`Rejection`]. An engine is
/// `Any`, so that [`crate::execute_batch`] can tell the engines that share a worker process.
pub trait Engine: std::any::Any + Send + Sync {
    /// The engine's name as used on the command line and in findings, e.g. `cranelift-x64:o0`.
    fn name(&self) -> &str;

    /// The engine crate and version, e.g. `wasmtime 50.0.1`.
    fn version(&self) -> String;

    /// The architecture the engine generates code for, e.g. `x86_64`; `interpreter` for wasmi.
    fn arch(&self) -> &str;

    /// What this engine's build compiles, per feature: each probe module of
    /// [`crate::features`] compiled once per build (and cached for it), never again per
    /// configuration.
    fn support(&self) -> &Support;

    /// The proposals this engine is configured with: those of which it compiles at least one
    /// feature ([`Support::proposals`]).
    fn proposals(&self) -> ProposalSet {
        self.support().proposals()
    }

    /// Compiles `wasm`, instantiates it with the host imports of [`crate::host`], and makes the
    /// calls of `plan` on that one instance, handing each step's record to `sink` as soon as the
    /// step ends (so a caller learns which step was running when an engine dies). Returns the
    /// engine's refusal of the module, if it refused it; then no step ran. `read_only` is
    /// [`ReadOnlyExports::of`] `wasm` (or less): after a call of one of them, but the last call,
    /// the memories are not read again (see [`crate::effects`]).
    fn run(
        &self,
        wasm: &[u8],
        read_only: &ReadOnlyExports,
        plan: &CallPlan,
        sink: &mut StepSink<'_>,
    ) -> Option<Rejection>;

    /// [`Engine::run`] of a module that the harness compiled ahead of time for this engine (see
    /// [`crate::CrossCompiler`]): `artifact` is the precompiled module. Engines that cannot load
    /// one refuse it with an error rejection, which the harness reports as a divergence.
    fn run_precompiled(
        &self,
        _artifact: &[u8],
        _read_only: &ReadOnlyExports,
        _plan: &CallPlan,
        _sink: &mut StepSink<'_>,
    ) -> Option<Rejection> {
        Some(Rejection {
            kind: crate::RejectionKind::Error,
            message: format!("{} does not load precompiled modules", self.name()),
        })
    }

    /// The emulator the engine's generated code runs under, e.g. `qemu-aarch64 7.2.22`; `None` when
    /// it runs natively on this host.
    fn emulator(&self) -> Option<&str> {
        None
    }

    /// Limits every step of the executions that follow to `limit` (never beyond the engine's own
    /// watchdog), or lifts the limit with `None`; a step over the limit ends as
    /// [`crate::StepOutcome::Hung`]. A reducer uses it so that a candidate that runs far longer
    /// than the original costs little. Returns whether the engine can limit its steps: an engine
    /// in a worker process can, one in the harness's own process cannot (the default).
    fn limit_steps(&self, _limit: Option<std::time::Duration>) -> bool {
        false
    }

    /// The time this engine spent in each phase of its executions since it was built (zero for an
    /// engine that does not measure it, such as a test double).
    fn phase_times(&self) -> crate::PhaseTimes {
        crate::PhaseTimes::default()
    }

    /// Restart count and memory of the worker process hosting this engine; `None` in-process.
    fn worker_stats(&self) -> Option<WorkerStats> {
        None
    }

    /// Runs a script's commands in order on one store and one linker (so that `Register` links
    /// later modules to earlier instances), handing one result per command to `sink` as soon as
    /// the command ends. The default reports every command as [`ScriptResult::Unsupported`].
    fn run_script(&self, commands: &[ScriptCommand], sink: &mut ScriptSink<'_>) {
        for _ in commands {
            sink(ScriptResult::Unsupported(format!(
                "{} does not run scripts",
                self.name()
            )));
        }
    }

    /// This engine in another configuration: `settings` are `knob=value` pairs (see
    /// [`crate::config`]), and the new engine is named by [`crate::config::configured_name`]. It
    /// shares what it can with this one (a worker-hosted engine shares its worker process). The
    /// default refuses: the engine has no knobs.
    ///
    /// # Errors
    ///
    /// [`EngineError::Build`] with the reason when a setting is unknown, not
    /// allowed, or not supported by this engine (a Winch engine refuses `signals=off`).
    fn configured(&self, settings: &[&str]) -> Result<Box<dyn Engine>, EngineError> {
        Err(EngineError::Build {
            name: self.name().into(),
            message: format!("it has no knobs, so it cannot take `{}`", settings.join(",")),
        })
    }

    /// The stack of the thread this engine's executions run on at stack scale 1, in bytes (what
    /// it passes to [`on_execution_thread`]). A worker serves on a thread of this size, so that
    /// executions run without a hand-over to another thread. Default: that of a compiled engine,
    /// [`COMPILED_EXECUTION_STACK_BYTES`].
    fn execution_stack_bytes(&self) -> usize {
        COMPILED_EXECUTION_STACK_BYTES
    }

    /// [`Engine::run_script`], collected: one result per command, in order.
    fn script(&self, commands: &[ScriptCommand]) -> Vec<ScriptResult> {
        let mut results = Vec::with_capacity(commands.len());
        self.run_script(commands, &mut |r| results.push(r));
        results
    }

    /// [`Engine::run`], collected into an [`Execution`], with the read-only exports found from
    /// `wasm`.
    fn execute(&self, wasm: &[u8], plan: &CallPlan) -> Execution {
        self.execute_with(wasm, &ReadOnlyExports::of(wasm), plan)
    }

    /// [`Engine::run`], collected into an [`Execution`].
    fn execute_with(&self, wasm: &[u8], read_only: &ReadOnlyExports, plan: &CallPlan) -> Execution {
        let mut steps = Vec::with_capacity(plan.calls.len() + 1);
        let rejection = self.run(wasm, read_only, plan, &mut |step| steps.push(step));
        Execution { rejection, steps }
    }
}

/// Threads of each pool of [`on_execution_thread`]: more than the executions that run at once in
/// one process (one per engine of a job), so that executions never wait for a thread.
const EXECUTION_THREADS: usize = 16;

/// Runs `f` on an execution thread with `stack_bytes` of stack and waits for it. A panic inside `f`
/// is returned as its message.
///
/// In a worker process (one serving through [`with_execution_stack`]) the threads are kept in a
/// pool per stack size and reused, or the serving thread itself runs `f`: starting and ending a
/// thread (and the engine's per-thread state) cost about 0.35 ms per execution here, a quarter of a
/// worker's time outside the engine. Elsewhere (engines in the harness's own process) every
/// execution gets a fresh thread, as it always did: the real wasmi bugs of
/// `corpora/regressions/` that read stale memory show it in-process only when wasmi's thread
/// takes over the allocator arena the other engines' threads just left, which a pool thread
/// never does.
///
/// # Errors
///
/// The panic message of `f`, or the reason the pool could not be started.
pub fn on_execution_thread<R: Send>(stack_bytes: usize, f: impl FnOnce() -> R + Send) -> Result<R, String> {
    crate::panics::install();
    if !POOLED.load(std::sync::atomic::Ordering::Relaxed) {
        return fresh_thread(stack_bytes, f);
    }
    let own = OWN_STACK.get();
    if own == stack_bytes {
        // This thread has exactly that stack (a worker's serving thread, see
        // `with_execution_stack`): run here, without handing over to another thread and back. Only
        // the same size will do: how deep a host (an interpreter) can recurse before its native
        // stack overflows is part of what is tested.
        OWN_STACK.set(0);
        let caught = caught_on_this_thread(f);
        OWN_STACK.set(own);
        caught
    } else {
        execution_pool(stack_bytes)?.install(|| caught_on_this_thread(f))
    }
}

/// Runs `f`, a panic becoming its message (taken on the panicking thread, which holds its location).
fn caught_on_this_thread<R>(f: impl FnOnce() -> R) -> Result<R, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|payload| panic_message(payload.as_ref()))
}

/// Stack of the thread a compiled engine's executions run on at stack scale 1, in bytes:
/// [`WASM_STACK_BYTES`] for Wasm plus [`HOST_STACK_MARGIN_BYTES`] for the host. A worker serving
/// such an engine serves on a thread of this size and runs its executions on it
/// ([`with_execution_stack`]).
pub const COMPILED_EXECUTION_STACK_BYTES: usize = WASM_STACK_BYTES + HOST_STACK_MARGIN_BYTES;

/// Set in a worker process: executions run on pooled threads (see [`on_execution_thread`]).
static POOLED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// [`on_execution_thread`] on a new thread of its own.
fn fresh_thread<R: Send>(stack_bytes: usize, f: impl FnOnce() -> R + Send) -> Result<R, String> {
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("crosscheck-exec".into())
            .stack_size(stack_bytes)
            .spawn_scoped(scope, || caught_on_this_thread(f))
            .map_err(|e| format!("cannot spawn the execution thread: {e}"))?;
        handle.join().map_err(|payload| panic_message(payload.as_ref()))?
    })
}

/// The message of a caught panic's `payload`, with its location when the hook of [`crate::panics`]
/// saw it: `panic: MESSAGE (at crate-version/path:line)`.
pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    let msg = payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "non-string panic payload".into());
    match crate::panics::take_location() {
        Some(location) => format!("panic: {msg} (at {location})"),
        None => format!("panic: {msg}"),
    }
}

thread_local! {
    /// Stack bytes of this thread available to executions run on it; 0 for threads not started
    /// by [`with_execution_stack`] and while an execution runs.
    static OWN_STACK: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Runs `f` on a new thread with `stack_bytes` of stack, on which [`on_execution_thread`] runs
/// executions of that stack size directly, and turns on pooled execution threads for the whole
/// process (for executions of other sizes). A worker process serves its requests this way, with
/// the [`Engine::execution_stack_bytes`] of its engine.
///
/// # Errors
///
/// When the thread cannot be started, or the panic message of `f`.
pub fn with_execution_stack<R: Send>(stack_bytes: usize, f: impl FnOnce() -> R + Send) -> Result<R, String> {
    POOLED.store(true, std::sync::atomic::Ordering::Relaxed);
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("crosscheck-serve".into())
            .stack_size(stack_bytes)
            .spawn_scoped(scope, || {
                OWN_STACK.set(stack_bytes);
                f()
            })
            .map_err(|e| format!("cannot start the serving thread: {e}"))?;
        handle.join().map_err(|_| "the serving thread panicked".to_string())
    })
}

/// The pool of execution threads with `stack_bytes` of stack, started on first use.
fn execution_pool(stack_bytes: usize) -> Result<std::sync::Arc<rayon::ThreadPool>, String> {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex, OnceLock};
    static POOLS: OnceLock<Mutex<HashMap<usize, Arc<rayon::ThreadPool>>>> = OnceLock::new();
    let mut pools = POOLS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(pool) = pools.get(&stack_bytes) {
        return Ok(Arc::clone(pool));
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(EXECUTION_THREADS)
        .stack_size(stack_bytes)
        .thread_name(|_| "crosscheck-exec".into())
        .build()
        .map_err(|e| format!("cannot start the execution threads: {e}"))?;
    let pool = Arc::new(pool);
    pools.insert(stack_bytes, Arc::clone(&pool));
    Ok(pool)
}
