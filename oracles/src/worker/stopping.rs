//! Stopping a run's worker processes from the outside of the engines: a harness that handles
//! SIGINT itself ([`shield_from_interrupts`]) starts workers that ignore it, so that a Ctrl-C at a
//! terminal (sent to the whole process group) lets the modules in flight finish; and a run that
//! must end now ([`abandon`]) kills every live worker and starts no new one, so that the threads
//! waiting for them return at once and no worker outlives the harness.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether workers started from now on ignore SIGINT.
static SHIELDED: AtomicBool = AtomicBool::new(false);

/// Whether the run was abandoned: workers are killed and none is started any more.
static ABANDONED: AtomicBool = AtomicBool::new(false);

/// The process ids of the workers started and not yet waited for. A worker leaves before it is
/// waited for, so that an id here is never one that the system has given to another process.
static LIVE: Mutex<Vec<u32>> = Mutex::new(Vec::new());

/// Workers started from now on ignore SIGINT: the harness, which handles it, stops them itself.
pub fn shield_from_interrupts() {
    SHIELDED.store(true, Ordering::SeqCst);
}

/// Whether workers ignore SIGINT ([`shield_from_interrupts`]).
pub(super) fn shielded() -> bool {
    SHIELDED.load(Ordering::SeqCst)
}

/// Kills every live worker process (SIGKILL) and keeps any new one from starting: an execution
/// in flight ends as a crash ("worker died") or, when it needed a new worker, as a crash saying
/// that the run was stopped. The caller must not judge such executions.
pub fn abandon() {
    ABANDONED.store(true, Ordering::SeqCst);
    let live = LIVE.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    for &pid in live.iter() {
        if let Ok(pid) = libc::pid_t::try_from(pid) {
            // SAFETY: sends a signal to a child process that has not been waited for.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
    }
}

/// Whether [`abandon`] was called.
pub fn abandoned() -> bool {
    ABANDONED.load(Ordering::SeqCst)
}

/// Notes the worker `pid` as live; `false` (and it is not noted) when the run was abandoned, so
/// that the caller kills it.
pub(super) fn enter(pid: u32) -> bool {
    let mut live = LIVE.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if abandoned() {
        return false;
    }
    live.push(pid);
    true
}

/// Forgets the worker `pid`, before it is waited for.
pub(super) fn leave(pid: u32) {
    let mut live = LIVE.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    live.retain(|&p| p != pid);
}
