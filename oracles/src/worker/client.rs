//! The harness side: an [`Engine`] whose engine runs in a worker process, restarted after it dies
//! and killed when it does not answer in time. The process's life is `super::process`'s, the
//! round trips of executions `super::exchange`'s; this is the engine they make.

use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::describe::{Description, Undescribed, crashing_probes, describe};
use super::exchange::{Counters, Ended, Exchange, Exchanger, Finished, Link};
use super::frames::RecvError;
use super::precompiler::{Compiled, CompilingWorker, Precompiler, RemoteCompiler};
use super::process::{Worker, WorkerCommand, rss_bytes};
use super::protocol::{BatchEntry, Delivery, Request, Response};
use super::runs::Sparse;
use crate::batch::BatchRun;
use crate::config::{EngineConfig, configured_name, split_name};
use crate::effects::ReadOnlyExports;
use crate::engine::StepSink;
use crate::engine::{EngineError, WorkerStats};
use crate::naming;
use crate::script::{ScriptCommand, ScriptResult, ScriptSink};
use crate::{
    CallPlan, Compiler, CrossCompiler, Engine, Execution, PhaseMeter, PhaseTimes, PrecompileError, ProposalSet,
    Rejection, StepOutcome, StepRecord,
};

/// The longest a whole script may take in a worker, however many commands it has.
const MAX_SCRIPT_TIME: Duration = Duration::from_secs(600);

/// An engine hosted in a worker process.
pub struct WorkerEngine {
    name: String,
    version: String,
    arch: String,
    proposals: ProposalSet,
    support: Arc<crate::Support>,
    isa_flags: Vec<String>,
    precompiler: Option<Precompiler>,
    command: WorkerCommand,
    /// The worker process, shared with the configured engines made from this one
    /// ([`Engine::configured`]).
    process: Arc<Mutex<Option<Worker>>>,
    /// The counts of the worker process, shared as it is.
    counters: Counters,
    /// A step limit tighter than the watchdog (see [`Engine::limit_steps`]).
    step_limit: Mutex<Option<Duration>>,
    /// Compilation on the host ([`WorkerEngine::compile_on_host`]) and the worker's phases, with
    /// the rest of each round trip as transport.
    phases: PhaseMeter,
}

impl WorkerEngine {
    /// Starts a worker for the concrete engine `name` and asks it to describe the engine. A name
    /// with a build label (`winch-x64@48.0.8`, see [`naming::label_of`]) keeps it: the worker,
    /// which `command` starts from that build, is asked for the engine without the label.
    ///
    /// # Errors
    ///
    /// [`EngineError::Unavailable`] when the worker cannot be started, is refused at the
    /// handshake ([`super::protocol::Hello`]) or does not answer, [`EngineError::Build`] when it
    /// cannot build the engine.
    ///
    /// A worker that dies while it describes the engine may have died compiling a probe module
    /// ([`crate::Support::probe`]): then each feature is probed alone, in a worker of its own, and
    /// the engine is described by a worker that skips the probes that killed theirs
    /// ([`WorkerCommand::skip_probes`]); its support records each as
    /// [`crate::ProbeResult::Crashed`], with how the worker died, a finding of its own. When no
    /// probe alone kills a worker, the engine is unavailable as before.
    pub fn spawn(name: &str, command: &WorkerCommand) -> Result<WorkerEngine, EngineError> {
        let unavailable = |reason: String| EngineError::Unavailable {
            name: name.into(),
            reason,
        };
        let start = |command: &WorkerCommand| {
            Worker::start(command)
                .map_err(|e| unavailable(format!("cannot start worker `{}`: {e}", command.program.display())))
        };
        let mut command = command.clone();
        let mut worker = start(&command)?;
        let mut description = describe(&mut worker, name, command.watchdog);
        let mut crashed = Vec::new();
        if matches!(description, Err(Undescribed::Silent(_))) {
            crashed = crashing_probes(name, &command);
            if !crashed.is_empty() {
                command.skip_probes = crashed.iter().map(|(f, _)| *f).collect();
                worker = start(&command)?;
                description = describe(&mut worker, name, command.watchdog);
            }
        }
        let description = description.map(|mut d| {
            d.support = d.support.with_crashed(&crashed);
            d
        });
        let process = Arc::new(Mutex::new(Some(worker)));
        let counters = Counters::default();
        WorkerEngine::described(name, description, &command, process, counters)
    }

    /// The concrete engine `name` in this engine's worker process, which is asked to describe it:
    /// another engine of the same build and architecture (an opt-level variant of a slot), which
    /// then shares the process, its restarts and its hangs. A batch of modules for both costs one
    /// round trip (see [`crate::execute_batch`]). Its modules are compiled where the worker
    /// compiles them until [`WorkerEngine::compile_on_host`] says otherwise.
    ///
    /// # Errors
    ///
    /// As [`WorkerEngine::spawn`].
    pub fn spawn_beside(&self, name: &str) -> Result<WorkerEngine, EngineError> {
        let mut slot = self.process.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let worker = self
            .exchanger()
            .ensure(&mut slot)
            .map_err(|reason| EngineError::Unavailable {
                name: name.into(),
                reason,
            })?;
        let description = describe(worker, name, self.command.watchdog);
        if matches!(description, Err(Undescribed::Silent(_))) {
            *slot = None;
        }
        let counters = self.counters.clone();
        WorkerEngine::described(name, description, &self.command, Arc::clone(&self.process), counters)
    }

    /// The engine `name` from the description its worker gave (or the reason it gave none).
    fn described(
        name: &str,
        description: Result<Description, Undescribed>,
        command: &WorkerCommand,
        process: Arc<Mutex<Option<Worker>>>,
        counters: Counters,
    ) -> Result<WorkerEngine, EngineError> {
        match description {
            Ok(d) => Ok(WorkerEngine {
                name: match naming::label_of(name) {
                    Some(label) => naming::labeled(&d.name, label),
                    None => d.name,
                },
                version: d.version,
                arch: d.arch,
                proposals: d.proposals.into_iter().collect(),
                support: Arc::new(d.support),
                isa_flags: d.isa_flags,
                precompiler: None,
                command: command.clone(),
                process,
                counters,
                step_limit: Mutex::new(None),
                phases: PhaseMeter::default(),
            }),
            Err(Undescribed::Refused(message)) => Err(EngineError::Build {
                name: name.into(),
                message,
            }),
            Err(Undescribed::Silent(reason)) => Err(EngineError::Unavailable {
                name: name.into(),
                reason,
            }),
        }
    }

    /// Makes the harness compile this engine's modules ahead of time, on its own host, with the
    /// Wasmtime `compiler` for the target `triple` and the ISA flags the worker detected; the
    /// worker then only loads and runs them (see [`CrossCompiler`]). For an emulated worker this
    /// takes compilation out of the emulator.
    ///
    /// # Errors
    ///
    /// [`EngineError::Build`] when Wasmtime cannot compile for `triple` here.
    pub fn compile_on_host(mut self, compiler: Compiler, triple: &str) -> Result<WorkerEngine, EngineError> {
        let cross = CrossCompiler::new(compiler, self.proposals, triple, self.isa_flags.clone()).map_err(|e| {
            EngineError::Build {
                name: self.name.clone(),
                message: format!("cannot compile for {triple} here: {e:#}"),
            }
        })?;
        self.precompiler = Some(Precompiler::Here(cross));
        Ok(self)
    }

    /// Makes a worker of this engine's own build on the host compile its modules ahead of time
    /// (see [`Precompiler::InWorker`]): `compiler`, a worker of the same build and of the host's
    /// architecture. For an emulated engine of another build (`winch-aarch64@43.0.0`) this takes
    /// compilation out of the emulator with the compiler of the right release.
    ///
    /// # Errors
    ///
    /// [`EngineError::Build`] when the compiling worker refuses the engine or does not answer.
    pub fn compile_in(mut self, compiler: Arc<dyn CompilingWorker>) -> Result<WorkerEngine, EngineError> {
        let proposals = self.proposals.iter().collect();
        let remote = RemoteCompiler::new(compiler, &self.name, proposals, self.isa_flags.clone()).map_err(|e| {
            EngineError::Build {
                name: self.name.clone(),
                message: format!("cannot compile in a worker of its build: {e:#}"),
            }
        })?;
        self.precompiler = Some(Precompiler::InWorker(remote));
        Ok(self)
    }

    /// The worker that compiles this engine's modules, when one does ([`WorkerEngine::compile_in`]).
    pub fn compiling_worker(&self) -> Option<&Arc<dyn CompilingWorker>> {
        self.precompiler.as_ref().and_then(Precompiler::worker)
    }

    /// Restart count, hangs not reproduced, deaths from outside, process id and resident memory
    /// of the worker.
    ///
    /// A hang is an execution that outlives the watchdog. The worker is killed and the execution
    /// re-run in a fresh worker; when that re-run finishes, the hang was the machine's doing (a
    /// load spike, swapping), not the engine's, and the re-run's steps are compared like any
    /// others. Seen on the 2-core build machine: a 10 s watchdog missed by a Cranelift compile
    /// while cargo built two crates beside a 2-job campaign (2026-12-06). A crash whose re-run
    /// finishes stays a crash, unless the worker was killed from outside: by SIGKILL, SIGTERM,
    /// SIGINT or SIGHUP (the kernel's out-of-memory killer, a CI runner reaping processes, a
    /// user's `kill`), which no engine raises when it fails. Such a death whose re-run finishes
    /// is counted the same way, and its re-run compared.
    pub fn stats(&self) -> WorkerStats {
        let pid = self.process.lock().ok().and_then(|p| p.as_ref().map(Worker::pid));
        let counters = &self.counters;
        WorkerStats {
            restarts: counters.restarts.load(Ordering::Relaxed),
            recycles: counters.recycles.load(Ordering::Relaxed),
            hangs_not_reproduced: counters.hangs_not_reproduced.load(Ordering::Relaxed),
            killed_from_outside: counters.killed_from_outside.load(Ordering::Relaxed),
            rss_bytes: pid.and_then(rss_bytes),
            pid,
        }
    }
}

impl Engine for WorkerEngine {
    fn name(&self) -> &str {
        &self.name
    }

    fn version(&self) -> String {
        self.version.clone()
    }

    fn arch(&self) -> &str {
        &self.arch
    }

    fn support(&self) -> &crate::Support {
        &self.support
    }

    fn proposals(&self) -> ProposalSet {
        self.proposals
    }

    fn emulator(&self) -> Option<&str> {
        self.command.emulator.as_deref()
    }

    fn phase_times(&self) -> PhaseTimes {
        self.phases.read()
    }

    fn run(
        &self,
        wasm: &[u8],
        read_only: &ReadOnlyExports,
        plan: &CallPlan,
        sink: &mut StepSink<'_>,
    ) -> Option<Rejection> {
        self.run_alone(wasm, read_only, plan, sink, Delivery::Batched).0
    }

    fn run_script(&self, commands: &[ScriptCommand], sink: &mut ScriptSink<'_>) {
        let mut delivered = 0;
        let crash_rest = |message: String, delivered: usize, sink: &mut ScriptSink<'_>| {
            for _ in delivered..commands.len() {
                sink(ScriptResult::Crashed(message.clone()));
            }
        };
        let mut slot = self.process.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let worker = match self.exchanger().ensure(&mut slot) {
            Ok(worker) => worker,
            Err(message) => return crash_rest(message, 0, sink),
        };
        let request = Request::Script {
            engine: naming::unlabeled(&self.name),
            commands: commands.to_vec(),
        };
        let sent = worker.send(&request);
        let budget = self
            .command
            .watchdog
            .saturating_mul(u32::try_from(commands.len()).unwrap_or(u32::MAX).max(1))
            .min(MAX_SCRIPT_TIME.max(self.command.watchdog));
        let deadline = Instant::now() + budget;
        loop {
            let answer = match sent {
                Ok(()) => worker.recv(deadline.saturating_duration_since(Instant::now())),
                Err(_) => Err(RecvError::Closed),
            };
            let message = match answer {
                Ok(Response::ScriptResult(result)) if delivered < commands.len() => {
                    sink(result);
                    delivered += 1;
                    continue;
                }
                Ok(Response::ScriptDone) if delivered == commands.len() => return,
                Ok(other) => format!("worker protocol error: unexpected {other:?}; {}", worker.kill()),
                Err(RecvError::Closed) => format!("worker died: {}", worker.reap()),
                Err(RecvError::Garbled(what)) => format!("worker protocol error: {what}; {}", worker.kill()),
                Err(RecvError::Timeout) => {
                    worker.kill();
                    format!("script not done within {} s; worker killed", budget.as_secs_f64())
                }
            };
            *slot = None;
            return crash_rest(message, delivered, sink);
        }
    }

    fn worker_stats(&self) -> Option<WorkerStats> {
        Some(self.stats())
    }

    fn limit_steps(&self, limit: Option<Duration>) -> bool {
        *self.step_limit.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = limit;
        true
    }

    /// The configured engine runs in this engine's worker process, which builds it on first use
    /// (see [`super::serve`]); the settings are checked here first, so the worker is never asked
    /// for an engine it would refuse. A worker of another build (a labeled engine) is asked to
    /// build it at once, since its release may lack a setting this crosscheck knows; its refusal
    /// is this method's error. An engine compiled on the host gets a compiler for the
    /// configuration too.
    fn configured(&self, settings: &[&str]) -> Result<Box<dyn Engine>, EngineError> {
        let base = split_name(&self.name).0;
        let error = |message: String| EngineError::Build {
            name: base.into(),
            message,
        };
        let target = naming::target_of(base).ok_or_else(|| error("it has no knobs".into()))?;
        let config = EngineConfig::parse(target, settings.iter().copied()).map_err(|e| error(e.0))?;
        let precompiler = match &self.precompiler {
            Some(cross) => Some(
                cross
                    .configured(base, config.clone())
                    .map_err(|e| error(format!("{e:#}")))?,
            ),
            None => None,
        };
        if naming::label_of(base).is_some() {
            // A worker of another build may lack a setting this crosscheck knows (a Cranelift flag
            // of a newer release): ask it now, so that a refusal is the configuration's, not a crash.
            self.ask_to_build(&naming::unlabeled(&configured_name(base, &config)))
                .map_err(error)?;
        }
        Ok(Box::new(WorkerEngine {
            name: configured_name(base, &config),
            version: self.version.clone(),
            arch: self.arch.clone(),
            proposals: self.proposals,
            support: Arc::new(self.support.under(&config)),
            isa_flags: self.isa_flags.clone(),
            precompiler,
            command: self.command.clone(),
            process: Arc::clone(&self.process),
            counters: self.counters.clone(),
            step_limit: Mutex::new(None),
            phases: PhaseMeter::default(),
        }))
    }
}

impl WorkerEngine {
    /// [`Engine::run`], the worker sending the steps as `delivery` says, with whether the worker
    /// ended without finishing the execution (it died or hung, whether or not a re-run did too).
    fn run_alone(
        &self,
        wasm: &[u8],
        read_only: &ReadOnlyExports,
        plan: &CallPlan,
        sink: &mut StepSink<'_>,
        delivery: Delivery,
    ) -> (Option<Rejection>, bool) {
        let compile_start = Instant::now();
        let precompiled = self.precompiler.as_ref().map(|c| c.precompile(wasm, &plan.options));
        self.phases.add(PhaseTimes {
            compile: compile_start.elapsed(),
            ..PhaseTimes::default()
        });
        let round_trip = Instant::now();
        let mut worker_phases = None;
        let entry = precompiled
            .transpose()
            .map(|artifact| self.entry(wasm, artifact, read_only, plan));
        let rejection = self.run_in_worker(entry, sink, delivery, &mut worker_phases);
        let elapsed = round_trip.elapsed();
        let unfinished = worker_phases.is_none();
        self.phases.add(match worker_phases {
            Some(phases) => PhaseTimes {
                transport: elapsed.saturating_sub(phases.total()),
                ..phases
            },
            // The worker died or hung: its time is the engine's, unsplit.
            None => PhaseTimes {
                calls: elapsed,
                ..PhaseTimes::default()
            },
        });
        (rejection, unfinished)
    }

    /// [`WorkerEngine::run_alone`], collected and timed, with whether the worker ended without
    /// finishing it.
    pub(super) fn timed_alone(
        &self,
        wasm: &[u8],
        read_only: &ReadOnlyExports,
        plan: &CallPlan,
        delivery: Delivery,
    ) -> (BatchRun, bool) {
        let t = Instant::now();
        let before = self.phases.read();
        let mut steps = Vec::with_capacity(plan.calls.len() + 1);
        let (rejection, unfinished) = self.run_alone(wasm, read_only, plan, &mut |step| steps.push(step), delivery);
        let run = BatchRun {
            execution: Execution { rejection, steps },
            phases: self.phases.read().since(&before),
            time: t.elapsed(),
        };
        (run, unfinished)
    }

    /// The module to send for `wasm`: `Ok(None)` for the module itself, `Ok(Some(artifact))` when
    /// this engine's modules are compiled on the host, `Err` when the host compiler refused it or
    /// panicked (a single execution reports which).
    pub(super) fn precompile(&self, wasm: &[u8], plan: &CallPlan) -> Result<Option<Vec<u8>>, ()> {
        match self.precompiler.as_ref().map(|c| c.precompile(wasm, &plan.options)) {
            None => Ok(None),
            Some(Ok(artifact)) => Ok(Some(artifact)),
            Some(Err(_)) => Err(()),
        }
    }

    /// What the worker needs to run `wasm` (or `precompiled`, when the host compiled it), whose
    /// read-only exports are `read_only`, and `plan` on this engine.
    pub(super) fn entry(
        &self,
        wasm: &[u8],
        precompiled: Option<Vec<u8>>,
        read_only: &ReadOnlyExports,
        plan: &CallPlan,
    ) -> BatchEntry {
        BatchEntry {
            engine: naming::unlabeled(&self.name),
            wasm: if precompiled.is_some() {
                Vec::new()
            } else {
                wasm.to_vec()
            },
            precompiled: precompiled.as_deref().map(Sparse::of),
            read_only: read_only.clone(),
            plan: plan.clone(),
        }
    }

    /// The worker process slot this engine shares with its configurations.
    pub(super) fn process(&self) -> &Arc<Mutex<Option<Worker>>> {
        &self.process
    }

    /// Adds one execution's phases to this engine's totals ([`Engine::phase_times`]).
    pub(super) fn add_phases(&self, phases: PhaseTimes) {
        self.phases.add(phases);
    }

    /// The counts of this engine's worker process (see [`WorkerEngine::stats`]).
    pub(super) fn counters(&self) -> &Counters {
        &self.counters
    }

    /// How this engine's executions reach its worker: its command, watchdog, step limit and
    /// counts.
    pub(super) fn exchanger(&self) -> Exchanger<'_, WorkerCommand> {
        Exchanger {
            launcher: &self.command,
            watchdog: self.command.watchdog,
            step_limit: &self.step_limit,
            recycle_above_bytes: self.command.recycle_above_bytes,
            counters: &self.counters,
        }
    }

    /// The part of [`Engine::run`] in the worker: sends the module (or `precompiled`, the result
    /// of compiling it on the host) and delivers the worker's steps; `worker_phases` receives the
    /// worker's phase times when it finishes the execution.
    ///
    /// With [`Delivery::Batched`] the worker sends the steps in one piece, which costs one
    /// wake-up of each process per execution; a death or hang then runs the execution again,
    /// streamed, as [`Exchanger::execute`] says. With [`Delivery::Streamed`] from the start (a
    /// batch's module run again, see `super::batch`), the steps of a death are already known and
    /// nothing is re-run. A module the host compiler refuses or panics on ends here with its
    /// phases set (to zero).
    fn run_in_worker(
        &self,
        entry: Result<BatchEntry, PrecompileError>,
        sink: &mut StepSink<'_>,
        delivery: Delivery,
        worker_phases: &mut Option<PhaseTimes>,
    ) -> Option<Rejection> {
        let crash = |message: String| StepRecord::bare(StepOutcome::Crashed(message));
        let entry = match entry {
            Ok(entry) => entry,
            Err(PrecompileError::Rejected(rejection)) => {
                *worker_phases = Some(PhaseTimes::default());
                return Some(rejection);
            }
            Err(PrecompileError::Panicked(message)) => {
                *worker_phases = Some(PhaseTimes::default());
                sink(crash(format!("the compiler panicked: {message}")));
                return None;
            }
        };
        let mut slot = self.process.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match self.exchanger().execute(&mut slot, entry.execute(delivery)) {
            Exchange::Done(Finished {
                steps,
                rejection,
                phases,
            }) => {
                *worker_phases = Some(phases);
                steps.into_iter().for_each(&mut *sink);
                rejection
            }
            Exchange::Ended(Ended { steps, outcome, .. }) => {
                steps.into_iter().for_each(&mut *sink);
                sink(StepRecord::bare(outcome));
                None
            }
        }
    }

    /// Has the worker build the engine `served` (a name it knows, without a label): `Err` with the
    /// worker's reason when it refuses, or why it did not answer.
    fn ask_to_build(&self, served: &str) -> Result<(), String> {
        let mut slot = self.process.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let worker = self.exchanger().ensure(&mut slot)?;
        match describe(worker, served, self.command.watchdog) {
            Ok(_) => Ok(()),
            Err(Undescribed::Refused(message)) => Err(message),
            Err(Undescribed::Silent(reason)) => {
                *slot = None;
                Err(reason)
            }
        }
    }
}

impl CompilingWorker for WorkerEngine {
    /// Sends `request` (a [`Request::Precompile`]) to this engine's worker, started when there is
    /// none, and returns the artifact. A worker that dies, hangs or breaks the protocol is gone
    /// afterwards, and the next request starts a fresh one.
    fn compile(&self, request: &Request) -> Result<Vec<u8>, Compiled> {
        let mut slot = self.process.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let worker = self.exchanger().ensure(&mut slot).map_err(Compiled::Lost)?;
        if let Err(e) = worker.send(request) {
            let how = format!("does not accept requests: {e}; {}", worker.reap());
            *slot = None;
            return Err(Compiled::Lost(how));
        }
        let lost = match worker.recv(self.command.watchdog) {
            Ok(Response::Precompiled(artifact)) => return Ok(artifact),
            Ok(Response::CompileRejected(rejection)) => return Err(Compiled::Rejected(rejection)),
            Ok(Response::CompilePanicked(message)) => return Err(Compiled::Panicked(message)),
            Ok(Response::Refused(message)) => return Err(Compiled::Refused(message)),
            Ok(other) => format!("broke the protocol (unexpected {other:?}); {}", worker.kill()),
            Err(RecvError::Closed) => format!("died: {}", worker.reap()),
            Err(RecvError::Garbled(what)) => format!("broke the protocol ({what}); {}", worker.kill()),
            Err(RecvError::Timeout) => {
                let secs = self.command.watchdog.as_secs_f64();
                format!("did not answer within {secs} s; {}", worker.kill())
            }
        };
        *slot = None;
        Err(Compiled::Lost(lost))
    }
}
