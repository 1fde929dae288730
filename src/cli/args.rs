//! Arguments several subcommands share: where engines run, and on/off switches.

use std::time::Duration;

use anyhow::{Context, Result};
use crosscheck_oracles::worker::WorkerCommand;

use crate::engines::Isolation;

/// A feature switch on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Switch {
    /// On.
    On,
    /// Off.
    Off,
}

impl Switch {
    /// Whether the switch is on.
    pub fn is_on(self) -> bool {
        self == Switch::On
    }
}

/// Where engines run.
#[derive(Debug, clap::Args)]
pub struct IsolationArgs {
    /// Run engines inside this process instead of one worker process per engine (faster to start;
    /// a crashing engine then ends the run).
    #[arg(long)]
    in_process: bool,
    /// Seconds a step may take before its worker is killed and the step reported as a hang.
    /// Engines under an emulator (aarch64 under QEMU) get this times 5.
    #[arg(long = "watchdog", value_name = "WATCHDOG", default_value_t = crate::engines::DEFAULT_WATCHDOG_SECS)]
    watchdog_secs: f64,
}

/// A native worker whose resident memory passes this is replaced by a fresh one between modules,
/// in bytes (1 GiB), so that a campaign left running for hours stays within bounds. With the
/// configuration swarm a wasmi worker keeps growing slowly (measured: 173 MiB after 30 s, then about
/// 6 MiB a minute, 251 to 290 MiB after 10 minutes), while a Winch worker stays flat at about
/// 178 MiB; at that rate a wasmi worker is replaced after some two hours.
pub const NATIVE_RECYCLE_ABOVE_BYTES: u64 = 1 << 30;

impl IsolationArgs {
    /// The isolation these arguments ask for: in this process, or one worker process per engine
    /// started from this executable.
    ///
    /// # Errors
    ///
    /// A `--watchdog` that is not a positive number of seconds, or an executable path that cannot
    /// be found.
    pub fn isolation(&self) -> Result<Isolation> {
        if self.in_process {
            return Ok(Isolation::InProcess);
        }
        if !(self.watchdog_secs.is_finite() && self.watchdog_secs > 0.0) {
            anyhow::bail!("--watchdog must be a positive number of seconds");
        }
        let program = std::env::current_exe().context("cannot find the crosscheck executable to start workers")?;
        Ok(Isolation::Workers(WorkerCommand {
            program,
            args: vec!["worker".into()],
            watchdog: Duration::from_secs_f64(self.watchdog_secs),
            emulator: None,
            recycle_above_bytes: Some(NATIVE_RECYCLE_ABOVE_BYTES),
            skip_probes: Vec::new(),
        }))
    }
}
