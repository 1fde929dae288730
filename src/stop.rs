//! Stopping on SIGINT or SIGTERM (docs/commands.md, "Stopping a command"). A command that handles
//! stops (`fuzz`, `bench`, `wast`, `reduce`) calls [`install`] first. The first signal asks it to
//! stop: a campaign generates no more modules and lets the modules in flight finish, a reduction
//! keeps the smallest reproducer so far, `wast` runs no further script; the command then prints
//! and writes what it has and exits [`EXIT_STOPPED`] (or its own non-zero status). Modules still
//! in flight [`GRACE`] after the signal are abandoned: their worker processes are killed and
//! their executions not judged. A second signal ends the process at once, with its workers.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::{Context, Result};
use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

/// How long the work in flight may go on after the first signal before it is abandoned.
pub const GRACE: Duration = Duration::from_secs(5);

/// The exit status of a command stopped by a signal (and of the second signal), as a shell
/// reports a process ended by SIGINT.
pub const EXIT_STOPPED: u8 = 130;

/// Whether a stop was requested.
static REQUESTED: AtomicBool = AtomicBool::new(false);

/// Handles SIGINT and SIGTERM from now on, on a thread of their own (see the module
/// documentation); worker processes started from now on ignore SIGINT, which the harness then
/// passes on by stopping them itself.
///
/// # Errors
///
/// When the signal handlers cannot be installed.
pub fn install() -> Result<()> {
    let mut signals = Signals::new([SIGINT, SIGTERM]).context("cannot handle SIGINT and SIGTERM")?;
    crosscheck_oracles::worker::shield_from_interrupts();
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                let name = if signal == SIGTERM { "SIGTERM" } else { "SIGINT" };
                if REQUESTED.swap(true, Ordering::SeqCst) {
                    crosscheck_oracles::worker::abandon();
                    eprintln!("{name}: stopped at once");
                    std::process::exit(EXIT_STOPPED.into());
                }
                eprintln!(
                    "{name}: stopping; the work in flight has {} s to finish (Ctrl-C again to stop at once)",
                    GRACE.as_secs()
                );
                std::thread::spawn(|| {
                    std::thread::sleep(GRACE);
                    crosscheck_oracles::worker::abandon();
                });
            }
        })
        .context("cannot start the signal thread")?;
    Ok(())
}

/// Whether a stop was requested (the first signal came).
pub fn requested() -> bool {
    REQUESTED.load(Ordering::SeqCst)
}

/// Whether the work in flight was abandoned ([`GRACE`] passed after the first signal): its
/// executions ran on killed workers and must not be judged.
pub fn abandoned() -> bool {
    crosscheck_oracles::worker::abandoned()
}
