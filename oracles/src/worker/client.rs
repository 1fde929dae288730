//! The harness side: an [`Engine`] whose engine runs in a worker process, restarted after it dies
//! and killed when it does not answer in time.

use std::collections::VecDeque;
use std::io::{BufWriter, Read, Write};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};

use super::frames::{FrameReader, RecvError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::precompiler::{Compiled, CompilingWorker, Precompiler, RemoteCompiler};
use super::protocol::{BatchEntry, Delivery, Hello, Request, Response, rebuild, write_frame};
use super::runs::Sparse;
use super::stopping;
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

/// How much of a worker's standard error is kept for crash reports, in bytes.
const STDERR_TAIL_BYTES: usize = 4096;

/// How to start a worker process: a program and its arguments, e.g. `crosscheck worker`, or
/// `qemu-aarch64 -L /usr/aarch64-linux-gnu .../crosscheck-worker` for a worker of another
/// architecture.
#[derive(Clone, Debug)]
pub struct WorkerCommand {
    /// The program.
    pub program: PathBuf,
    /// Its arguments.
    pub args: Vec<String>,
    /// How long a step may take before the worker is killed and the step reported as a hang.
    pub watchdog: Duration,
    /// The emulator `program` is, with its version (e.g. `qemu-aarch64 10.0.2`); `None` for a
    /// native worker.
    pub emulator: Option<String>,
    /// A worker whose resident memory exceeds this many bytes after a module is replaced by a
    /// fresh one before the next module (a recycle, not a restart); `None` keeps it for good. The
    /// memory is read after a worker's first module, then at most once a second.
    pub recycle_above_bytes: Option<u64>,
    /// Features whose probes a worker does not run ([`crate::features::SKIP_PROBES_VAR`]): those
    /// that killed an earlier worker of this engine. Empty until [`WorkerEngine::spawn`] finds one.
    pub skip_probes: Vec<crate::Feature>,
}

/// The least time a worker has to answer the handshake (an emulated worker starts slowly).
const HANDSHAKE_TIME: Duration = Duration::from_secs(60);

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
    restarts: Arc<AtomicU64>,
    recycles: Arc<AtomicU64>,
    hangs_not_reproduced: Arc<AtomicU64>,
    killed_from_outside: Arc<AtomicU64>,
    /// A step limit tighter than the watchdog (see [`Engine::limit_steps`]).
    step_limit: Mutex<Option<Duration>>,
    /// Compilation on the host ([`WorkerEngine::compile_on_host`]) and the worker's phases, with
    /// the rest of each round trip as transport.
    phases: PhaseMeter,
}

pub(super) struct Worker {
    child: Child,
    stdin: BufWriter<WorkerInput>,
    responses: FrameReader,
    stderr: Arc<Mutex<VecDeque<u8>>>,
    /// When its resident memory was last read against [`WorkerCommand::recycle_above_bytes`];
    /// `None` before its first execution ends.
    rss_checked: Option<Instant>,
}

/// How often a worker's resident memory is read (from `/proc`, after an execution), at most: after
/// its first execution, then at most once in this time. Reading it after every execution cost a
/// file read per round trip; memory grows by kilobytes per module.
const RSS_CHECK_INTERVAL: Duration = Duration::from_secs(1);

impl WorkerEngine {
    /// Starts a worker for the concrete engine `name` and asks it to describe the engine. A name
    /// with a build label (`winch-x64@48.0.8`, see [`naming::label_of`]) keeps it: the worker,
    /// which `command` starts from that build, is asked for the engine without the label.
    ///
    /// # Errors
    ///
    /// [`EngineError::Unavailable`] when the worker cannot be started, is refused at the
    /// handshake ([`Hello`]) or does not answer, [`EngineError::Build`] when it cannot build the
    /// engine.
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
            .ensure_worker(&mut slot)
            .map_err(|reason| EngineError::Unavailable {
                name: name.into(),
                reason,
            })?;
        let description = describe(worker, name, self.command.watchdog);
        if matches!(description, Err(Undescribed::Silent(_))) {
            *slot = None;
        }
        let counters = Counters {
            restarts: Arc::clone(&self.restarts),
            recycles: Arc::clone(&self.recycles),
            hangs_not_reproduced: Arc::clone(&self.hangs_not_reproduced),
            killed_from_outside: Arc::clone(&self.killed_from_outside),
        };
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
                restarts: counters.restarts,
                recycles: counters.recycles,
                hangs_not_reproduced: counters.hangs_not_reproduced,
                killed_from_outside: counters.killed_from_outside,
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
        let pid = self.process.lock().ok().and_then(|p| p.as_ref().map(|w| w.child.id()));
        WorkerStats {
            restarts: self.restarts.load(Ordering::Relaxed),
            recycles: self.recycles.load(Ordering::Relaxed),
            hangs_not_reproduced: self.hangs_not_reproduced.load(Ordering::Relaxed),
            killed_from_outside: self.killed_from_outside.load(Ordering::Relaxed),
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
        let worker = match self.ensure_worker(&mut slot) {
            Ok(worker) => worker,
            Err(message) => return crash_rest(message, 0, sink),
        };
        let request = Request::Script {
            engine: naming::unlabeled(&self.name),
            commands: commands.to_vec(),
        };
        let sent = write_frame(&mut worker.stdin, &request);
        let budget = self
            .command
            .watchdog
            .saturating_mul(u32::try_from(commands.len()).unwrap_or(u32::MAX).max(1))
            .min(MAX_SCRIPT_TIME.max(self.command.watchdog));
        let deadline = Instant::now() + budget;
        loop {
            let answer = match sent {
                Ok(()) => worker
                    .responses
                    .recv_timeout(deadline.saturating_duration_since(Instant::now())),
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
            restarts: Arc::clone(&self.restarts),
            recycles: Arc::clone(&self.recycles),
            hangs_not_reproduced: Arc::clone(&self.hangs_not_reproduced),
            killed_from_outside: Arc::clone(&self.killed_from_outside),
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

    /// Counts a hang that did not happen again when its executions ran again alone.
    pub(super) fn count_hang_not_reproduced(&self) {
        self.hangs_not_reproduced.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts a death from outside (see [`WorkerEngine::stats`]) that did not happen again when
    /// its executions ran again alone.
    pub(super) fn count_killed_from_outside(&self) {
        self.killed_from_outside.fetch_add(1, Ordering::Relaxed);
    }

    /// The part of [`Engine::run`] in the worker: sends the module (or `precompiled`, the result
    /// of compiling it on the host) and delivers the worker's steps; `worker_phases` receives the
    /// worker's phase times when it finishes the execution.
    ///
    /// With [`Delivery::Batched`] the worker sends the steps in one piece, which costs one
    /// wake-up of each process per execution. When it dies or hangs, the steps it had not sent
    /// yet are lost with it, so the execution is re-run in a fresh worker that sends each step as
    /// it ends ([`Delivery::Streamed`]): what the engine did before the crash is then known step
    /// by step, as it always was. With [`Delivery::Streamed`] from the start (a batch's module run
    /// again, see `super::batch`), the steps of a death are already known and nothing is re-run.
    /// A module the host compiler refuses or panics on ends here with its phases set (to zero).
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
        let mut request = entry.execute(delivery);
        let mut slot = self.process.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let first = self.exchange(&mut slot, &request);
        let (steps, end) = match first {
            Exchange::Done(Finished {
                steps,
                rejection,
                phases,
            }) => {
                *worker_phases = Some(phases);
                steps.into_iter().for_each(&mut *sink);
                return rejection;
            }
            Exchange::Ended(ended) if ended.died && delivery == Delivery::Batched => {
                if let Request::Execute { delivery, .. } = &mut request {
                    *delivery = Delivery::Streamed;
                }
                match self.exchange(&mut slot, &request) {
                    Exchange::Ended(again) if again.died => (again.steps, again.outcome),
                    Exchange::Ended(again) => {
                        let note = format!(
                            "a re-run to find the step did not run: {}",
                            outcome_message(&again.outcome)
                        );
                        (Vec::new(), annotate(ended.outcome, &note))
                    }
                    Exchange::Done(Finished {
                        steps,
                        rejection,
                        phases,
                    }) if matches!(ended.outcome, StepOutcome::Hung(_)) || ended.outside => {
                        if ended.outside {
                            self.count_killed_from_outside();
                        } else {
                            self.count_hang_not_reproduced();
                        }
                        *worker_phases = Some(phases);
                        steps.into_iter().for_each(&mut *sink);
                        return rejection;
                    }
                    Exchange::Done(_) => {
                        let note = "its step is not known: a re-run sending each step as it ended finished normally";
                        (Vec::new(), annotate(ended.outcome, note))
                    }
                }
            }
            Exchange::Ended(ended) => (ended.steps, ended.outcome),
        };
        steps.into_iter().for_each(&mut *sink);
        sink(StepRecord::bare(end));
        None
    }

    /// Sends `request` (an execution) to the worker of `slot`, started when there is none, and
    /// collects its answer. A worker that dies, hangs or breaks the protocol is gone from `slot`
    /// afterwards; one whose memory grew past the recycle threshold is replaced.
    fn exchange(&self, slot: &mut Option<Worker>, request: &Request) -> Exchange {
        let (mut finished, ended) = self.exchange_many(slot, request, 1);
        match (ended, finished.pop()) {
            (Some(ended), _) => Exchange::Ended(ended),
            (None, Some(done)) => Exchange::Done(done),
            (None, None) => unreachable!("an exchange ends with its execution or without it"),
        }
    }

    /// [`WorkerEngine::exchange`] of a request of `count` executions (a [`Request::Batch`]): the
    /// executions the worker finished, in order, and how the first one it did not finish ended.
    pub(super) fn exchange_many(
        &self,
        slot: &mut Option<Worker>,
        request: &Request,
        count: usize,
    ) -> (Vec<Finished>, Option<Ended>) {
        let mut finished = Vec::with_capacity(count);
        let ended = |died: bool, steps: Vec<StepRecord>, outcome: StepOutcome| {
            Some(Ended {
                died,
                outside: false,
                steps,
                outcome,
            })
        };
        let mut sent = match self.ensure_worker(slot) {
            Ok(worker) => write_frame(&mut worker.stdin, request),
            Err(message) => return (finished, ended(false, Vec::new(), StepOutcome::Crashed(message))),
        };
        if sent.is_err() {
            // The worker ended before this request (between executions): not this module's doing,
            // so it goes to a fresh worker.
            if let Some(mut gone) = slot.take() {
                gone.reap();
            }
            sent = match self.ensure_worker(slot) {
                Ok(worker) => write_frame(&mut worker.stdin, request),
                Err(message) => return (finished, ended(false, Vec::new(), StepOutcome::Crashed(message))),
            };
        }
        let worker = slot.as_mut().expect("a worker was just started");
        let limit = *self.step_limit.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let watchdog = limit.map_or(self.command.watchdog, |l| l.min(self.command.watchdog));
        let mut steps: Vec<StepRecord> = Vec::new();
        let mut outside = false;
        let (died, outcome) = loop {
            let answer = match sent {
                Ok(()) => worker.responses.recv_timeout(watchdog),
                Err(_) => Err(RecvError::Closed),
            };
            match answer {
                Ok(Response::Step {
                    mut step,
                    patches,
                    same_state,
                }) => {
                    let previous = steps.iter().rev().find_map(|s| s.state.as_ref());
                    if let Err(message) = rebuild(&mut step, &patches, same_state, previous) {
                        let message = format!("worker protocol error: {message}; {}", worker.kill());
                        break (false, StepOutcome::Crashed(message));
                    }
                    steps.push(step);
                }
                Ok(Response::Done { rejection, phases }) => {
                    finished.push(Finished {
                        steps: std::mem::take(&mut steps),
                        rejection,
                        phases,
                    });
                    if finished.len() < count {
                        continue;
                    }
                    let grown = self.command.recycle_above_bytes.is_some_and(|limit| {
                        let due = worker.rss_checked.is_none_or(|at| at.elapsed() >= RSS_CHECK_INTERVAL);
                        if due {
                            worker.rss_checked = Some(Instant::now());
                        }
                        due && rss_bytes(worker.child.id()).is_some_and(|rss| rss > limit)
                    });
                    if grown {
                        worker.kill();
                        *slot = None;
                        // When the fresh worker cannot start, the next module tries again (a restart).
                        if let Ok(fresh) = Worker::start(&self.command) {
                            self.recycles.fetch_add(1, Ordering::Relaxed);
                            *slot = Some(fresh);
                        }
                    }
                    return (finished, None);
                }
                Ok(other) => {
                    let message = format!("worker protocol error: unexpected {other:?}; {}", worker.kill());
                    break (false, StepOutcome::Crashed(message));
                }
                Err(RecvError::Closed) => {
                    let (how, signal) = worker.reap_with_signal();
                    outside = signal.is_some_and(from_outside);
                    break (true, StepOutcome::Crashed(format!("worker died: {how}")));
                }
                Err(RecvError::Garbled(what)) => {
                    let message = format!("worker protocol error: {what}; {}", worker.kill());
                    break (false, StepOutcome::Crashed(message));
                }
                Err(RecvError::Timeout) => {
                    let secs = watchdog.as_secs_f64();
                    worker.kill();
                    break (
                        true,
                        StepOutcome::Hung(format!("no answer within {secs} s; worker killed")),
                    );
                }
            }
        };
        *slot = None;
        let ended = ended(died, steps, outcome).map(|e| Ended { outside, ..e });
        (finished, ended)
    }

    /// Has the worker build the engine `served` (a name it knows, without a label): `Err` with the
    /// worker's reason when it refuses, or why it did not answer.
    fn ask_to_build(&self, served: &str) -> Result<(), String> {
        let mut slot = self.process.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let worker = self.ensure_worker(&mut slot)?;
        match describe(worker, served, self.command.watchdog) {
            Ok(_) => Ok(()),
            Err(Undescribed::Refused(message)) => Err(message),
            Err(Undescribed::Silent(reason)) => {
                *slot = None;
                Err(reason)
            }
        }
    }

    /// The running worker, started anew (and counted as a restart) when the last one ended.
    fn ensure_worker<'a>(&self, slot: &'a mut Option<Worker>) -> Result<&'a mut Worker, String> {
        if slot.is_none() {
            let worker = Worker::start(&self.command).map_err(|e| format!("cannot restart worker: {e}"))?;
            self.restarts.fetch_add(1, Ordering::Relaxed);
            *slot = Some(worker);
        }
        Ok(slot.as_mut().expect("a worker was just started"))
    }
}

impl CompilingWorker for WorkerEngine {
    /// Sends `request` (a [`Request::Precompile`]) to this engine's worker, started when there is
    /// none, and returns the artifact. A worker that dies, hangs or breaks the protocol is gone
    /// afterwards, and the next request starts a fresh one.
    fn compile(&self, request: &Request) -> Result<Vec<u8>, Compiled> {
        let mut slot = self.process.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let worker = self.ensure_worker(&mut slot).map_err(Compiled::Lost)?;
        if let Err(e) = write_frame(&mut worker.stdin, request) {
            let how = format!("does not accept requests: {e}; {}", worker.reap());
            *slot = None;
            return Err(Compiled::Lost(how));
        }
        let lost = match worker.responses.recv_timeout(self.command.watchdog) {
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

/// What a worker says of an engine it serves ([`Response::Described`]).
struct Description {
    name: String,
    version: String,
    arch: String,
    proposals: Vec<crate::Proposal>,
    support: crate::Support,
    isa_flags: Vec<String>,
}

/// Why a worker gave no [`Description`].
enum Undescribed {
    /// It cannot build the engine; its reason.
    Refused(String),
    /// It did not answer (it was killed) or does not take requests; how it ended.
    Silent(String),
}

/// Counters that the engines of one worker process share.
#[derive(Default)]
struct Counters {
    restarts: Arc<AtomicU64>,
    recycles: Arc<AtomicU64>,
    hangs_not_reproduced: Arc<AtomicU64>,
    killed_from_outside: Arc<AtomicU64>,
}

/// Asks `worker` to build and describe the engine `name` (a label is dropped: the worker is of
/// that build), waiting `watchdog` or the handshake time, whichever is longer. A worker that does
/// not answer is killed.
fn describe(worker: &mut Worker, name: &str, watchdog: Duration) -> Result<Description, Undescribed> {
    let request = Request::Describe {
        engine: naming::unlabeled(name),
    };
    if let Err(e) = write_frame(&mut worker.stdin, &request) {
        return Err(Undescribed::Silent(format!("worker does not accept requests: {e}")));
    }
    match worker.responses.recv_timeout(watchdog.max(HANDSHAKE_TIME)) {
        Ok(Response::Described {
            name,
            version,
            arch,
            proposals,
            support,
            isa_flags,
        }) => Ok(Description {
            name,
            version,
            arch,
            proposals,
            support,
            isa_flags,
        }),
        Ok(Response::Refused(message)) => Err(Undescribed::Refused(message)),
        _ => Err(Undescribed::Silent(format!(
            "worker gave no description: {}",
            worker.kill()
        ))),
    }
}

/// The features whose probe alone kills a worker of `command` describing the engine `name`,
/// each with how the worker died: each feature is probed in a fresh worker told to skip every
/// other probe ([`crate::features::SKIP_PROBES_VAR`]). A worker that cannot start counts as no
/// crash.
/// None when a worker that runs no probe dies too: then no probe is to blame.
fn crashing_probes(name: &str, command: &WorkerCommand) -> Vec<(crate::Feature, String)> {
    let dies_probing = |probed: Option<crate::Feature>| {
        let alone = WorkerCommand {
            skip_probes: crate::Feature::ALL.into_iter().filter(|f| Some(*f) != probed).collect(),
            ..command.clone()
        };
        let mut worker = Worker::start(&alone).ok()?;
        match describe(&mut worker, name, alone.watchdog) {
            Err(Undescribed::Silent(how)) => Some(how),
            _ => {
                worker.kill();
                None
            }
        }
    };
    if dies_probing(None).is_some() {
        return Vec::new();
    }
    crate::Feature::ALL
        .into_iter()
        .filter_map(|f| dies_probing(Some(f)).map(|how| (f, how)))
        .collect()
}

/// A worker's standard input. A worker that has died closed its end of the pipe, and a write
/// then fails with `EPIPE` instead of raising `SIGPIPE`, which would end the harness (`crosscheck`
/// keeps `SIGPIPE` fatal for its own output, as command-line tools do): the signal is blocked on
/// the writing thread during each write, and a `SIGPIPE` the write raised is taken off the thread
/// before it is unblocked. Every write goes through here, the flush of a dropped buffer included.
struct WorkerInput(ChildStdin);

impl Write for WorkerInput {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        // SAFETY: the sets are initialized by sigemptyset before use; the calls change only this
        // thread's signal mask and take only a SIGPIPE pending for this thread.
        unsafe {
            let mut pipe: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut pipe);
            libc::sigaddset(&mut pipe, libc::SIGPIPE);
            let mut before: libc::sigset_t = std::mem::zeroed();
            libc::pthread_sigmask(libc::SIG_BLOCK, &pipe, &mut before);
            let written = self.0.write(buf);
            if written
                .as_ref()
                .is_err_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            {
                let now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
                while libc::sigtimedwait(&pipe, std::ptr::null_mut(), &now) == libc::SIGPIPE {}
            }
            libc::pthread_sigmask(libc::SIG_SETMASK, &before, std::ptr::null_mut());
            written
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

impl Worker {
    fn start(command: &WorkerCommand) -> std::io::Result<Worker> {
        let mut child = Command::new(&command.program);
        let shielded = stopping::shielded();
        // SAFETY: `setrlimit` and `signal` are async-signal-safe and touch no memory of the parent.
        unsafe {
            child.pre_exec(move || {
                if shielded {
                    libc::signal(libc::SIGINT, libc::SIG_IGN);
                }
                no_core_dumps()
            });
        }
        if !command.skip_probes.is_empty() {
            let names: Vec<&str> = command.skip_probes.iter().map(|f| f.name()).collect();
            child.env(crate::features::SKIP_PROBES_VAR, names.join(","));
        }
        let mut child = child
            .args(&command.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        if !stopping::enter(child.id()) {
            child.kill().ok();
            child.wait().ok();
            return Err(std::io::Error::other("the run is stopping"));
        }
        let mut stdin = BufWriter::new(WorkerInput(child.stdin.take().expect("stdin is piped")));
        let mut responses = FrameReader::new(child.stdout.take().expect("stdout is piped"))?;
        let refused = |child: &mut Child, why: String| {
            child.kill().ok();
            stopping::leave(child.id());
            child.wait().ok();
            std::io::Error::other(format!("the worker was refused at the handshake: {why}"))
        };
        // A worker that ends before the handshake (one built before it existed exits on the first
        // frame) may do so before or after reading the harness's hello: either way it sent none.
        let no_handshake = "it sent no handshake (a worker built from an older crosscheck?); rebuild it from this tree";
        if write_frame(&mut stdin, &Hello::ours()).is_err() {
            return Err(refused(&mut child, no_handshake.into()));
        }
        match responses.recv_timeout::<Hello>(command.watchdog.max(HANDSHAKE_TIME)) {
            Ok(hello) => {
                if let Some(why) = hello.mismatch() {
                    return Err(refused(&mut child, why));
                }
            }
            Err(_) => return Err(refused(&mut child, no_handshake.into())),
        }
        let mut stderr_pipe = child.stderr.take().expect("stderr is piped");
        let stderr = Arc::new(Mutex::new(VecDeque::new()));
        let tail = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut buf = [0u8; 1024];
            while let Ok(n @ 1..) = stderr_pipe.read(&mut buf) {
                let mut tail = tail.lock().unwrap_or_else(|p| p.into_inner());
                tail.extend(&buf[..n]);
                let excess = tail.len().saturating_sub(STDERR_TAIL_BYTES);
                tail.drain(..excess);
            }
        });
        Ok(Worker {
            child,
            stdin,
            responses,
            stderr,
            rss_checked: None,
        })
    }

    /// Kills the process and describes how it ended.
    fn kill(&mut self) -> String {
        self.child.kill().ok();
        self.reap()
    }

    /// Waits for the process to end and describes how it ended, with the tail of its stderr.
    fn reap(&mut self) -> String {
        self.reap_with_signal().0
    }

    /// [`Worker::reap`], with the signal that ended the process, if one did.
    fn reap_with_signal(&mut self) -> (String, Option<i32>) {
        stopping::leave(self.child.id());
        let (status, signal) = match self.child.wait() {
            Ok(status) => (describe_exit(status), status.signal()),
            Err(e) => (format!("cannot wait for the worker: {e}"), None),
        };
        // The stderr reader ends with the process; give it a moment to drain the pipe.
        std::thread::sleep(Duration::from_millis(20));
        let tail = self
            .stderr
            .lock()
            .map(|t| String::from_utf8_lossy(&t.iter().copied().collect::<Vec<_>>()).into_owned());
        let tail = tail.unwrap_or_default();
        let tail: Vec<&str> = tail.lines().filter(|l| !l.trim().is_empty()).collect();
        let tail = tail[tail.len().saturating_sub(6)..].join(" | ");
        if tail.is_empty() {
            (status, signal)
        } else {
            (format!("{status}; stderr: {tail}"), signal)
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.child.kill().ok();
        stopping::leave(self.child.id());
        self.child.wait().ok();
    }
}

/// What became of an execution sent to a worker.
enum Exchange {
    /// The worker finished it.
    Done(Finished),
    /// It ended without an answer.
    Ended(Ended),
}

/// An execution that a worker finished.
pub(super) struct Finished {
    /// Its steps, in order.
    pub(super) steps: Vec<StepRecord>,
    /// The engine's refusal of the module, if it refused it.
    pub(super) rejection: Option<Rejection>,
    /// The worker's time in each phase of the execution.
    pub(super) phases: PhaseTimes,
}

/// An execution that a worker did not finish.
pub(super) struct Ended {
    /// The worker died or hung while running it, so steps it had not sent yet may be lost; false
    /// when no worker could be started or the worker broke the protocol.
    pub(super) died: bool,
    /// It died of a signal that comes from outside, not from a failing engine (see
    /// [`from_outside`]).
    pub(super) outside: bool,
    /// The steps received before it ended.
    pub(super) steps: Vec<StepRecord>,
    /// How it ended: `Crashed` or `Hung`, with the reason.
    pub(super) outcome: StepOutcome,
}

/// The reason carried by a `Crashed` or `Hung` outcome (empty for the others).
fn outcome_message(outcome: &StepOutcome) -> &str {
    match outcome {
        StepOutcome::Crashed(message) | StepOutcome::Hung(message) => message,
        _ => "",
    }
}

/// `outcome` with `note` appended to its reason, in parentheses.
pub(super) fn annotate(outcome: StepOutcome, note: &str) -> StepOutcome {
    match outcome {
        StepOutcome::Crashed(message) => StepOutcome::Crashed(format!("{message} ({note})")),
        StepOutcome::Hung(message) => StepOutcome::Hung(format!("{message} ({note})")),
        other => other,
    }
}

/// Turns off core dumps in a worker: a crashing engine is recorded as a finding with its
/// reproducer, and a core of a process with gigabytes of reserved address space (or QEMU's core of
/// its guest) would only fill the working directory.
fn no_core_dumps() -> std::io::Result<()> {
    let zero = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: a valid pointer to a live `rlimit`.
    if unsafe { libc::setrlimit(libc::RLIMIT_CORE, &zero) } == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Whether a worker that died of `signal` was killed from outside (the out-of-memory killer, a CI
/// runner, a user): SIGKILL, SIGTERM, SIGINT or SIGHUP. An engine that fails raises SIGSEGV,
/// SIGBUS, SIGILL, SIGFPE, SIGTRAP or SIGABRT (a panic's abort) instead.
fn from_outside(signal: i32) -> bool {
    matches!(signal, libc::SIGKILL | libc::SIGTERM | libc::SIGINT | libc::SIGHUP)
}

/// `killed by signal 11 (SIGSEGV)`, `exited with status 101`, ...
fn describe_exit(status: ExitStatus) -> String {
    if let Some(signal) = status.signal() {
        let name = match signal {
            1 => "SIGHUP",
            2 => "SIGINT",
            4 => "SIGILL",
            5 => "SIGTRAP",
            6 => "SIGABRT",
            7 => "SIGBUS",
            8 => "SIGFPE",
            9 => "SIGKILL",
            11 => "SIGSEGV",
            15 => "SIGTERM",
            _ => "signal",
        };
        return format!("killed by signal {signal} ({name})");
    }
    match status.code() {
        Some(code) => format!("exited with status {code}"),
        None => "ended".into(),
    }
}

/// Resident set size of process `pid` in bytes, from `/proc/PID/status`.
fn rss_bytes(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}
