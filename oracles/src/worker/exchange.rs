//! Executions sent to a worker: one request and its answer under the watchdog, a worker started
//! anew (a restart) when its slot is empty, replaced (a recycle) when its memory grew too much,
//! and an execution whose worker died run again to find the step that killed it. The worker is
//! reached through [`Link`], so that the exchange does not depend on how the worker lives.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::frames::RecvError;
use super::protocol::{Delivery, Request, Response, rebuild};
use crate::{PhaseTimes, Rejection, StepOutcome, StepRecord};

/// A running worker as the exchange sees it: requests go in, responses come out, and it can be
/// killed or waited for.
pub(super) trait Link {
    /// Writes `request` to the worker, flushed.
    ///
    /// # Errors
    ///
    /// When the worker no longer takes requests (it ended).
    fn send(&mut self, request: &Request) -> std::io::Result<()>;

    /// The next response, waiting at most `timeout`.
    ///
    /// # Errors
    ///
    /// [`RecvError`]: none came in time, the worker closed its output, or it sent no response.
    fn recv(&mut self, timeout: Duration) -> Result<Response, RecvError>;

    /// Kills the worker and describes how it ended.
    fn kill(&mut self) -> String;

    /// Waits for the worker to end; how it ended (`killed by signal 11 (SIGSEGV)`, with the tail
    /// of its standard error) and the signal that ended it, if one did.
    fn reap_with_signal(&mut self) -> (String, Option<i32>);

    /// [`Link::reap_with_signal`] without the signal.
    fn reap(&mut self) -> String {
        self.reap_with_signal().0
    }

    /// Whether the worker's resident memory is over `limit` bytes: `false` when it is not read
    /// this time (it is read at most once in a while).
    fn grown_past(&mut self, limit: u64) -> bool;
}

/// How to start a worker.
pub(super) trait Launch {
    /// The worker started.
    type Link: Link;

    /// Starts a worker, handshake done.
    ///
    /// # Errors
    ///
    /// When it cannot be started or is refused at the handshake.
    fn launch(&self) -> std::io::Result<Self::Link>;
}

/// The counts that the engines of one worker process share (a clone shares them too); see
/// [`crate::engine::WorkerStats`].
#[derive(Clone, Default)]
pub(super) struct Counters {
    /// Workers started in an empty slot.
    pub(super) restarts: Arc<AtomicU64>,
    /// Workers replaced because their memory grew past the limit.
    pub(super) recycles: Arc<AtomicU64>,
    /// Hangs whose executions finished when run again.
    pub(super) hangs_not_reproduced: Arc<AtomicU64>,
    /// Deaths from outside ([`from_outside`]) whose executions finished when run again.
    pub(super) killed_from_outside: Arc<AtomicU64>,
}

impl Counters {
    /// Counts a hang that did not happen again when its executions ran again alone.
    pub(super) fn count_hang_not_reproduced(&self) {
        self.hangs_not_reproduced.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts a death from outside that did not happen again when its executions ran again alone.
    pub(super) fn count_killed_from_outside(&self) {
        self.killed_from_outside.fetch_add(1, Ordering::Relaxed);
    }
}

/// What an exchange needs of an engine: how to start its worker, how long a step may take, when
/// to recycle the worker, and where to count what happened.
pub(super) struct Exchanger<'a, L> {
    /// Starts a worker in an empty slot, or in place of a recycled one.
    pub(super) launcher: &'a L,
    /// How long a step may take before the worker is killed and the step reported as a hang.
    pub(super) watchdog: Duration,
    /// A tighter limit than `watchdog`, read at each exchange (see [`crate::Engine::limit_steps`]).
    pub(super) step_limit: &'a Mutex<Option<Duration>>,
    /// A worker whose resident memory exceeds this many bytes after an exchange is replaced.
    pub(super) recycle_above_bytes: Option<u64>,
    /// The counts of the worker process.
    pub(super) counters: &'a Counters,
}

/// What became of an execution sent to a worker.
pub(super) enum Exchange {
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

impl<L: Launch> Exchanger<'_, L> {
    /// The running worker of `slot`, started anew (and counted as a restart) when the last one
    /// ended.
    ///
    /// # Errors
    ///
    /// `cannot restart worker: ...` when no worker can be started.
    pub(super) fn ensure<'s>(&self, slot: &'s mut Option<L::Link>) -> Result<&'s mut L::Link, String> {
        if slot.is_none() {
            let worker = self
                .launcher
                .launch()
                .map_err(|e| format!("cannot restart worker: {e}"))?;
            self.counters.restarts.fetch_add(1, Ordering::Relaxed);
            *slot = Some(worker);
        }
        Ok(slot.as_mut().expect("a worker was just started"))
    }

    /// Sends `request` (a [`Request::Execute`]) and collects the answer, as
    /// [`Exchanger::exchange`]; when the worker dies or hangs in an execution whose steps come in
    /// one piece ([`Delivery::Batched`]), the steps it had not sent yet are lost with it, so the
    /// execution is run again in a fresh worker that sends each step as it ends
    /// ([`Delivery::Streamed`]): what the engine did before the crash is then known step by step.
    ///
    /// The re-run's death or hang is the execution's. A re-run that finishes after a hang, or after
    /// a death from outside ([`from_outside`]), stands (and is counted in [`Counters`]); after any
    /// other death the first death stands, without steps, with a note that the re-run finished.
    /// A re-run that cannot run (no worker starts, the protocol breaks) leaves the first ending
    /// with a note saying why.
    pub(super) fn execute(&self, slot: &mut Option<L::Link>, mut request: Request) -> Exchange {
        let batched = matches!(
            request,
            Request::Execute {
                delivery: Delivery::Batched,
                ..
            }
        );
        let ended = match self.exchange(slot, &request) {
            Exchange::Ended(ended) if ended.died && batched => ended,
            first => return first,
        };
        if let Request::Execute { delivery, .. } = &mut request {
            *delivery = Delivery::Streamed;
        }
        match self.exchange(slot, &request) {
            Exchange::Ended(again) if again.died => Exchange::Ended(again),
            Exchange::Ended(again) => {
                let note = format!(
                    "a re-run to find the step did not run: {}",
                    outcome_message(&again.outcome)
                );
                step_unknown(ended, &note)
            }
            Exchange::Done(done) if matches!(ended.outcome, StepOutcome::Hung(_)) || ended.outside => {
                if ended.outside {
                    self.counters.count_killed_from_outside();
                } else {
                    self.counters.count_hang_not_reproduced();
                }
                Exchange::Done(done)
            }
            Exchange::Done(_) => step_unknown(
                ended,
                "its step is not known: a re-run sending each step as it ended finished normally",
            ),
        }
    }

    /// Sends `request` (an execution) to the worker of `slot`, started when there is none, and
    /// collects its answer. A worker that dies, hangs or breaks the protocol is gone from `slot`
    /// afterwards; one whose memory grew past the recycle threshold is replaced.
    pub(super) fn exchange(&self, slot: &mut Option<L::Link>, request: &Request) -> Exchange {
        let (mut finished, ended) = self.exchange_many(slot, request, 1);
        match (ended, finished.pop()) {
            (Some(ended), _) => Exchange::Ended(ended),
            (None, Some(done)) => Exchange::Done(done),
            (None, None) => unreachable!("an exchange ends with its execution or without it"),
        }
    }

    /// [`Exchanger::exchange`] of a request of `count` executions (a [`Request::Batch`]): the
    /// executions the worker finished, in order, and how the first one it did not finish ended.
    /// A worker that took no request (it ended between executions) is replaced and sent the
    /// request again, since its death is not this request's doing.
    pub(super) fn exchange_many(
        &self,
        slot: &mut Option<L::Link>,
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
        let mut sent = match self.ensure(slot) {
            Ok(worker) => worker.send(request),
            Err(message) => return (finished, ended(false, Vec::new(), StepOutcome::Crashed(message))),
        };
        if sent.is_err() {
            // The worker ended before this request (between executions): not this module's doing,
            // so it goes to a fresh worker.
            if let Some(mut gone) = slot.take() {
                gone.reap();
            }
            sent = match self.ensure(slot) {
                Ok(worker) => worker.send(request),
                Err(message) => return (finished, ended(false, Vec::new(), StepOutcome::Crashed(message))),
            };
        }
        let worker = slot.as_mut().expect("a worker was just started");
        let limit = *self.step_limit.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let watchdog = limit.map_or(self.watchdog, |l| l.min(self.watchdog));
        let mut steps: Vec<StepRecord> = Vec::new();
        let mut outside = false;
        let (died, outcome) = loop {
            let answer = match sent {
                Ok(()) => worker.recv(watchdog),
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
                    let grown = self.recycle_above_bytes.is_some_and(|limit| worker.grown_past(limit));
                    if grown {
                        worker.kill();
                        *slot = None;
                        // When the fresh worker cannot start, the next module tries again (a restart).
                        if let Ok(fresh) = self.launcher.launch() {
                            self.counters.recycles.fetch_add(1, Ordering::Relaxed);
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
}

/// `ended` without its steps, its outcome noted with `note`: the ending of an execution whose
/// re-run did not find the step that ended it.
fn step_unknown(ended: Ended, note: &str) -> Exchange {
    Exchange::Ended(Ended {
        steps: Vec::new(),
        outcome: annotate(ended.outcome, note),
        ..ended
    })
}

/// The reason carried by a `Crashed` or `Hung` outcome (empty for the others).
fn outcome_message(outcome: &StepOutcome) -> &str {
    match outcome {
        StepOutcome::Crashed(message) | StepOutcome::Hung(message) => message,
        _ => "",
    }
}

/// `outcome` with `note` appended to its reason, in parentheses (other outcomes unchanged).
pub(super) fn annotate(outcome: StepOutcome, note: &str) -> StepOutcome {
    match outcome {
        StepOutcome::Crashed(message) => StepOutcome::Crashed(format!("{message} ({note})")),
        StepOutcome::Hung(message) => StepOutcome::Hung(format!("{message} ({note})")),
        other => other,
    }
}

/// Whether a worker that died of `signal` was killed from outside (the out-of-memory killer, a CI
/// runner, a user): SIGKILL, SIGTERM, SIGINT or SIGHUP. An engine that fails raises SIGSEGV,
/// SIGBUS, SIGILL, SIGFPE, SIGTRAP or SIGABRT (a panic's abort) instead.
fn from_outside(signal: i32) -> bool {
    matches!(signal, libc::SIGKILL | libc::SIGTERM | libc::SIGINT | libc::SIGHUP)
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;
    use std::net::Shutdown;
    use std::os::unix::net::UnixStream;
    use std::thread::JoinHandle;
    use std::time::Instant;

    use super::*;
    use crate::worker::frames::FrameReader;
    use crate::worker::protocol::{read_frame, write_frame};
    use crate::{CallPlan, ReadOnlyExports};

    /// What a fake worker does with one request.
    enum Act {
        /// Sends these responses and waits for the next request.
        Answer(Vec<Response>),
        /// Sends these responses and ends, "killed by" this signal.
        Die(Vec<Response>, i32),
        /// Sends nothing until it is killed.
        Hang,
    }

    /// The requests the fake workers received: which worker (in launch order, from 0) and the
    /// delivery of the execution it was asked for.
    type Log = Arc<Mutex<Vec<(usize, Option<Delivery>)>>>;

    /// A fake worker: a thread speaking the protocol over a socket, acting out its script.
    struct Fake {
        responses: FrameReader,
        requests: UnixStream,
        thread: Option<JoinHandle<Option<i32>>>,
        rss: u64,
    }

    impl Fake {
        /// Waits until the fake has ended by itself (its script is done).
        fn wait_gone(&mut self) {
            self.thread.take().map(JoinHandle::join);
        }
    }

    impl Link for Fake {
        fn send(&mut self, request: &Request) -> std::io::Result<()> {
            write_frame(&mut self.requests, request)
        }

        fn recv(&mut self, timeout: Duration) -> Result<Response, RecvError> {
            self.responses.recv_timeout(timeout)
        }

        fn kill(&mut self) -> String {
            self.requests.shutdown(Shutdown::Both).ok();
            self.thread.take().map(JoinHandle::join);
            "killed by the test".into()
        }

        fn reap_with_signal(&mut self) -> (String, Option<i32>) {
            let signal = self.thread.take().and_then(|t| t.join().ok()).flatten();
            match signal {
                Some(signal) => (format!("killed by signal {signal}"), Some(signal)),
                None => ("exited with status 0".into(), None),
            }
        }

        fn grown_past(&mut self, limit: u64) -> bool {
            self.rss > limit
        }
    }

    /// Starts fake workers, each with the next script; none when the scripts are used up.
    struct Fakes {
        scripts: Mutex<VecDeque<Vec<Act>>>,
        launched: Mutex<usize>,
        log: Log,
        rss: u64,
    }

    impl Fakes {
        fn new(scripts: Vec<Vec<Act>>) -> Fakes {
            Fakes {
                scripts: Mutex::new(scripts.into()),
                launched: Mutex::new(0),
                log: Log::default(),
                rss: 0,
            }
        }

        fn log(&self) -> Vec<(usize, Option<Delivery>)> {
            self.log.lock().map(|l| l.clone()).unwrap_or_default()
        }
    }

    impl Launch for Fakes {
        type Link = Fake;

        fn launch(&self) -> std::io::Result<Fake> {
            let script = self.scripts.lock().ok().and_then(|mut s| s.pop_front());
            let script = script.ok_or_else(|| std::io::Error::other("no more workers"))?;
            let mut launched = self.launched.lock().map_err(|_| std::io::Error::other("poisoned"))?;
            let number = *launched;
            *launched += 1;
            let (ours, mut theirs) = UnixStream::pair()?;
            let log = Arc::clone(&self.log);
            let thread = std::thread::spawn(move || {
                for act in script {
                    let Ok(Some(request)) = read_frame::<_, Request>(&mut theirs) else {
                        return None;
                    };
                    let delivery = match request {
                        Request::Execute { delivery, .. } => Some(delivery),
                        _ => None,
                    };
                    log.lock().ok()?.push((number, delivery));
                    match act {
                        Act::Answer(responses) => responses.iter().for_each(|r| write_frame(&mut theirs, r).unwrap()),
                        Act::Die(responses, signal) => {
                            responses.iter().for_each(|r| write_frame(&mut theirs, r).unwrap());
                            return Some(signal);
                        }
                        Act::Hang => {
                            read_frame::<_, Request>(&mut theirs).ok();
                            return None;
                        }
                    }
                }
                None
            });
            Ok(Fake {
                responses: FrameReader::new(ours.try_clone()?)?,
                requests: ours,
                thread: Some(thread),
                rss: self.rss,
            })
        }
    }

    fn step(outcome: StepOutcome) -> Response {
        Response::Step {
            step: StepRecord::bare(outcome),
            patches: Vec::new(),
            same_state: false,
        }
    }

    fn returned() -> Response {
        step(StepOutcome::Returned(Vec::new()))
    }

    fn done(calls_ms: u64) -> Response {
        Response::Done {
            rejection: None,
            phases: PhaseTimes {
                calls: Duration::from_millis(calls_ms),
                ..PhaseTimes::default()
            },
        }
    }

    fn execute(delivery: Delivery) -> Request {
        Request::Execute {
            engine: "fake".into(),
            wasm: Vec::new(),
            precompiled: None,
            read_only: ReadOnlyExports::default(),
            plan: CallPlan::default(),
            delivery,
        }
    }

    /// The fakes, with the step limit and counts an exchanger borrows.
    struct Rig {
        fakes: Fakes,
        watchdog: Duration,
        step_limit: Mutex<Option<Duration>>,
        recycle_above_bytes: Option<u64>,
        counters: Counters,
    }

    impl Rig {
        fn new(scripts: Vec<Vec<Act>>) -> Rig {
            Rig {
                fakes: Fakes::new(scripts),
                watchdog: Duration::from_secs(5),
                step_limit: Mutex::new(None),
                recycle_above_bytes: None,
                counters: Counters::default(),
            }
        }

        fn exchanger(&self) -> Exchanger<'_, Fakes> {
            Exchanger {
                launcher: &self.fakes,
                watchdog: self.watchdog,
                step_limit: &self.step_limit,
                recycle_above_bytes: self.recycle_above_bytes,
                counters: &self.counters,
            }
        }

        fn count(counter: &AtomicU64) -> u64 {
            counter.load(Ordering::Relaxed)
        }
    }

    fn outcomes(steps: &[StepRecord]) -> Vec<StepOutcome> {
        steps.iter().map(|s| s.outcome.clone()).collect()
    }

    #[test]
    fn a_finished_execution_gives_its_steps_and_the_workers_phases() {
        let trapped = step(StepOutcome::Trapped(crate::TrapKind::Unreachable));
        let rig = Rig::new(vec![vec![Act::Answer(vec![returned(), trapped, done(7)])]]);
        let mut slot = None;
        let Exchange::Done(finished) = rig.exchanger().exchange(&mut slot, &execute(Delivery::Batched)) else {
            panic!("the execution did not finish");
        };
        assert_eq!(
            outcomes(&finished.steps),
            [
                StepOutcome::Returned(Vec::new()),
                StepOutcome::Trapped(crate::TrapKind::Unreachable)
            ]
        );
        assert_eq!(finished.phases.calls, Duration::from_millis(7));
        assert!(slot.is_some(), "the worker stays for the next execution");
        assert_eq!(
            Rig::count(&rig.counters.restarts),
            1,
            "an empty slot's worker is a restart"
        );
    }

    #[test]
    fn a_worker_that_dies_mid_execution_ends_it_as_a_crash_after_the_steps_it_sent() {
        let rig = Rig::new(vec![vec![Act::Die(vec![returned()], libc::SIGSEGV)]]);
        let mut slot = None;
        let Exchange::Ended(ended) = rig.exchanger().exchange(&mut slot, &execute(Delivery::Streamed)) else {
            panic!("the execution finished");
        };
        assert!(ended.died && !ended.outside);
        assert_eq!(outcomes(&ended.steps), [StepOutcome::Returned(Vec::new())]);
        assert_eq!(
            ended.outcome,
            StepOutcome::Crashed("worker died: killed by signal 11".into())
        );
        assert!(slot.is_none(), "a dead worker leaves its slot");
    }

    #[test]
    fn a_worker_killed_from_outside_is_told_apart_from_a_failing_engine() {
        let rig = Rig::new(vec![vec![Act::Die(Vec::new(), libc::SIGKILL)]]);
        let Exchange::Ended(ended) = rig.exchanger().exchange(&mut None, &execute(Delivery::Streamed)) else {
            panic!("the execution finished");
        };
        assert!(ended.died && ended.outside);
    }

    #[test]
    fn a_silent_worker_is_killed_at_the_step_limit_and_the_step_is_a_hang() {
        let rig = Rig::new(vec![vec![Act::Hang]]);
        *rig.step_limit.lock().unwrap() = Some(Duration::from_millis(50));
        let t = Instant::now();
        let Exchange::Ended(ended) = rig.exchanger().exchange(&mut None, &execute(Delivery::Streamed)) else {
            panic!("the execution finished");
        };
        assert!(t.elapsed() >= Duration::from_millis(50) && t.elapsed() < Duration::from_secs(1));
        assert!(ended.died);
        assert_eq!(
            ended.outcome,
            StepOutcome::Hung("no answer within 0.05 s; worker killed".into())
        );
    }

    #[test]
    fn a_worker_that_breaks_the_protocol_is_killed_and_its_execution_is_a_crash() {
        let rig = Rig::new(vec![vec![Act::Answer(vec![Response::ScriptDone])]]);
        let mut slot = None;
        let Exchange::Ended(ended) = rig.exchanger().execute(&mut slot, execute(Delivery::Batched)) else {
            panic!("the execution finished");
        };
        assert!(!ended.died);
        assert_eq!(
            ended.outcome,
            StepOutcome::Crashed("worker protocol error: unexpected ScriptDone; killed by the test".into())
        );
        assert_eq!(rig.fakes.log().len(), 1, "a broken protocol is not run again");
        assert!(slot.is_none());
    }

    #[test]
    fn a_worker_gone_between_executions_is_replaced_and_sent_the_request() {
        let rig = Rig::new(vec![Vec::new(), vec![Act::Answer(vec![done(1)])]]);
        let Ok(mut gone) = rig.fakes.launch() else {
            panic!("the first fake did not start");
        };
        gone.wait_gone();
        let mut slot = Some(gone);
        let exchange = rig.exchanger().exchange(&mut slot, &execute(Delivery::Batched));
        assert!(matches!(exchange, Exchange::Done(_)));
        assert_eq!(rig.fakes.log(), [(1, Some(Delivery::Batched))]);
        assert_eq!(Rig::count(&rig.counters.restarts), 1);
    }

    #[test]
    fn no_worker_to_start_ends_the_execution_without_a_death() {
        let rig = Rig::new(Vec::new());
        let Exchange::Ended(ended) = rig.exchanger().execute(&mut None, execute(Delivery::Batched)) else {
            panic!("the execution finished");
        };
        assert!(!ended.died);
        assert_eq!(
            ended.outcome,
            StepOutcome::Crashed("cannot restart worker: no more workers".into())
        );
        assert_eq!(Rig::count(&rig.counters.restarts), 0);
    }

    #[test]
    fn a_batch_gives_what_finished_and_how_the_first_unfinished_ended() {
        let rig = Rig::new(vec![vec![Act::Die(
            vec![done(1), returned(), done(2), returned()],
            libc::SIGABRT,
        )]]);
        let (finished, ended) = rig
            .exchanger()
            .exchange_many(&mut None, &Request::Batch { items: Vec::new() }, 3);
        let calls: Vec<Duration> = finished.iter().map(|f| f.phases.calls).collect();
        assert_eq!(calls, [Duration::from_millis(1), Duration::from_millis(2)]);
        assert_eq!(outcomes(&finished[1].steps), [StepOutcome::Returned(Vec::new())]);
        let Some(ended) = ended else {
            panic!("the third execution finished");
        };
        assert_eq!(outcomes(&ended.steps), [StepOutcome::Returned(Vec::new())]);
        assert_eq!(
            ended.outcome,
            StepOutcome::Crashed("worker died: killed by signal 6".into())
        );
    }

    #[test]
    fn a_worker_grown_past_the_limit_is_replaced_after_its_execution() {
        let mut rig = Rig::new(vec![vec![Act::Answer(vec![done(1)])], vec![Act::Answer(vec![done(2)])]]);
        rig.fakes.rss = 200;
        rig.recycle_above_bytes = Some(100);
        let mut slot = None;
        assert!(matches!(
            rig.exchanger().exchange(&mut slot, &execute(Delivery::Batched)),
            Exchange::Done(_)
        ));
        assert!(slot.is_some(), "the fresh worker is in the slot");
        assert_eq!(Rig::count(&rig.counters.recycles), 1);
        assert!(matches!(
            rig.exchanger().exchange(&mut slot, &execute(Delivery::Batched)),
            Exchange::Done(_)
        ));
        let workers: Vec<usize> = rig.fakes.log().iter().map(|(w, _)| *w).collect();
        assert_eq!(workers, [0, 1]);
        assert_eq!(Rig::count(&rig.counters.restarts), 1, "a recycle is no restart");
    }

    #[test]
    fn a_death_in_a_batched_execution_is_run_again_streamed_and_the_rerun_tells_the_step() {
        let rig = Rig::new(vec![
            vec![Act::Die(Vec::new(), libc::SIGSEGV)],
            vec![Act::Die(vec![returned()], libc::SIGILL)],
        ]);
        let Exchange::Ended(ended) = rig.exchanger().execute(&mut None, execute(Delivery::Batched)) else {
            panic!("the execution finished");
        };
        assert_eq!(
            rig.fakes.log(),
            [(0, Some(Delivery::Batched)), (1, Some(Delivery::Streamed))]
        );
        assert_eq!(outcomes(&ended.steps), [StepOutcome::Returned(Vec::new())]);
        assert_eq!(
            ended.outcome,
            StepOutcome::Crashed("worker died: killed by signal 4".into())
        );
    }

    #[test]
    fn a_death_in_a_streamed_execution_is_not_run_again() {
        let rig = Rig::new(vec![
            vec![Act::Die(Vec::new(), libc::SIGSEGV)],
            vec![Act::Answer(vec![done(1)])],
        ]);
        assert!(matches!(
            rig.exchanger().execute(&mut None, execute(Delivery::Streamed)),
            Exchange::Ended(_)
        ));
        assert_eq!(rig.fakes.log().len(), 1);
    }

    #[test]
    fn a_death_that_the_rerun_does_not_repeat_stands_with_a_note() {
        let rig = Rig::new(vec![
            vec![Act::Die(vec![returned()], libc::SIGSEGV)],
            vec![Act::Answer(vec![returned(), done(1)])],
        ]);
        let Exchange::Ended(ended) = rig.exchanger().execute(&mut None, execute(Delivery::Batched)) else {
            panic!("the re-run's finish replaced a crash");
        };
        assert!(ended.steps.is_empty());
        assert_eq!(
            ended.outcome,
            StepOutcome::Crashed(
                "worker died: killed by signal 11 (its step is not known: a re-run sending each step as it ended \
                 finished normally)"
                    .into()
            )
        );
        assert_eq!(Rig::count(&rig.counters.killed_from_outside), 0);
    }

    #[test]
    fn a_hang_that_the_rerun_does_not_repeat_is_counted_and_the_rerun_stands() {
        let mut rig = Rig::new(vec![vec![Act::Hang], vec![Act::Answer(vec![returned(), done(3)])]]);
        rig.watchdog = Duration::from_millis(50);
        let Exchange::Done(finished) = rig.exchanger().execute(&mut None, execute(Delivery::Batched)) else {
            panic!("the re-run's finish did not stand");
        };
        assert_eq!(finished.phases.calls, Duration::from_millis(3));
        assert_eq!(Rig::count(&rig.counters.hangs_not_reproduced), 1);
        assert_eq!(Rig::count(&rig.counters.restarts), 2);
    }

    #[test]
    fn a_death_from_outside_that_the_rerun_does_not_repeat_is_counted() {
        let rig = Rig::new(vec![
            vec![Act::Die(Vec::new(), libc::SIGTERM)],
            vec![Act::Answer(vec![done(1)])],
        ]);
        assert!(matches!(
            rig.exchanger().execute(&mut None, execute(Delivery::Batched)),
            Exchange::Done(_)
        ));
        assert_eq!(Rig::count(&rig.counters.killed_from_outside), 1);
        assert_eq!(Rig::count(&rig.counters.hangs_not_reproduced), 0);
    }

    #[test]
    fn a_rerun_that_cannot_start_leaves_the_death_with_why() {
        let rig = Rig::new(vec![vec![Act::Die(Vec::new(), libc::SIGSEGV)]]);
        let Exchange::Ended(ended) = rig.exchanger().execute(&mut None, execute(Delivery::Batched)) else {
            panic!("the execution finished");
        };
        assert_eq!(
            ended.outcome,
            StepOutcome::Crashed(
                "worker died: killed by signal 11 (a re-run to find the step did not run: cannot restart worker: no \
                 more workers)"
                    .into()
            )
        );
    }
}
