//! A worker's process life: starting it (with the handshake), writing requests to it and reading
//! its frames, killing and reaping it with a description of how it ended, and reading its resident
//! memory.

use std::collections::VecDeque;
use std::io::{BufWriter, Read, Write};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::exchange::{Launch, Link};
use super::frames::{FrameReader, RecvError};
use super::protocol::{Hello, Request, Response, write_frame};
use super::stopping;

/// How much of a worker's standard error is kept for crash reports, in bytes.
const STDERR_TAIL_BYTES: usize = 4096;

/// The least time a worker has to answer the handshake (an emulated worker starts slowly).
pub(super) const HANDSHAKE_TIME: Duration = Duration::from_secs(60);

/// How often a worker's resident memory is read (from `/proc`, after an execution), at most: after
/// its first execution, then at most once in this time. Reading it after every execution cost a
/// file read per round trip; memory grows by kilobytes per module.
const RSS_CHECK_INTERVAL: Duration = Duration::from_secs(1);

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
    /// that killed an earlier worker of this engine. Empty until [`super::WorkerEngine::spawn`]
    /// finds one.
    pub skip_probes: Vec<crate::Feature>,
}

impl Launch for WorkerCommand {
    type Link = Worker;

    fn launch(&self) -> std::io::Result<Worker> {
        Worker::start(self)
    }
}

/// A running worker process: its pipes, and the tail of its standard error.
pub(super) struct Worker {
    child: Child,
    stdin: BufWriter<WorkerInput>,
    responses: FrameReader,
    stderr: Arc<Mutex<VecDeque<u8>>>,
    /// When its resident memory was last read against [`WorkerCommand::recycle_above_bytes`];
    /// `None` before its first execution ends.
    rss_checked: Option<Instant>,
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
    /// Starts a worker as `command` says and exchanges [`Hello`]s with it, waiting the watchdog
    /// or [`HANDSHAKE_TIME`], whichever is longer.
    ///
    /// # Errors
    ///
    /// When the process cannot be started, the run is stopping ([`stopping::abandon`]), or the
    /// worker sends no handshake or one of another protocol (it is killed then).
    pub(super) fn start(command: &WorkerCommand) -> std::io::Result<Worker> {
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

    /// The worker's process id.
    pub(super) fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Link for Worker {
    fn send(&mut self, request: &Request) -> std::io::Result<()> {
        write_frame(&mut self.stdin, request)
    }

    fn recv(&mut self, timeout: Duration) -> Result<Response, RecvError> {
        self.responses.recv_timeout(timeout)
    }

    /// Kills the process and describes how it ended.
    fn kill(&mut self) -> String {
        self.child.kill().ok();
        self.reap()
    }

    /// Waits for the process to end and describes how it ended, with the tail of its stderr.
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

    /// Reads the resident memory after the first execution, then at most once per
    /// [`RSS_CHECK_INTERVAL`]; `false` when it is not read this time.
    fn grown_past(&mut self, limit: u64) -> bool {
        let due = self.rss_checked.is_none_or(|at| at.elapsed() >= RSS_CHECK_INTERVAL);
        if due {
            self.rss_checked = Some(Instant::now());
        }
        due && rss_bytes(self.child.id()).is_some_and(|rss| rss > limit)
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.child.kill().ok();
        stopping::leave(self.child.id());
        self.child.wait().ok();
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

/// Resident set size of process `pid` in bytes, from `/proc/PID/status`; `None` when it cannot be
/// read (the process is gone).
pub(super) fn rss_bytes(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

#[cfg(test)]
mod tests {
    use std::process::ExitStatus;

    use super::*;

    #[test]
    fn an_exit_is_described_by_its_signal_or_its_status() {
        assert_eq!(describe_exit(ExitStatus::from_raw(11)), "killed by signal 11 (SIGSEGV)");
        assert_eq!(describe_exit(ExitStatus::from_raw(31)), "killed by signal 31 (signal)");
        assert_eq!(describe_exit(ExitStatus::from_raw(101 << 8)), "exited with status 101");
    }

    #[test]
    fn the_resident_memory_of_a_live_process_is_read_and_of_none_is_not() {
        let own = rss_bytes(std::process::id()).unwrap_or(0);
        assert!(own > 0 && own.is_multiple_of(1024), "{own}");
        assert_eq!(rss_bytes(u32::MAX), None);
    }
}
