//! What a campaign runs: its seed, mode, budget and the rest, built from defaults so that a caller
//! sets only what differs.

use std::time::Duration;

use crate::generate::Mode;
use crate::generate::registry::Registered;
use crate::known::KnownList;

/// What to run. [`Options::new`] gives the defaults; the `with_*` methods change one field each.
#[derive(Clone, Debug)]
pub struct Options {
    /// The campaign seed.
    pub seed: u64,
    /// What kind of modules to generate.
    pub mode: Mode,
    /// Stop after this much wall time.
    pub duration: Option<Duration>,
    /// Stop after this many modules.
    pub modules: Option<u64>,
    /// Show a progress bar on standard error (hidden when it is not a terminal), for all jobs.
    pub progress: bool,
    /// The command line, recorded in findings.
    pub command_line: Vec<String>,
    /// Reduce each new finding right after recording it, between modules, with this time budget
    /// (see [`crate::reduce`]); the time counts toward `duration`.
    pub reduce: Option<Duration>,
    /// The generation strategies to run (see [`crate::generate::registry`]); empty for all.
    pub strategies: Vec<&'static Registered>,
    /// The known bugs: a divergence matching one is counted under its name and its first
    /// instance stored in `known/NAME/` of the finding directory, not recorded as a finding.
    pub known: KnownList,
}

impl Options {
    /// The options of a campaign of seed `seed` with the defaults: [`Mode::Default`], no time or
    /// module budget (set one: the campaign runs until a stop otherwise), no progress bar, this
    /// process's command line, no reduction, every strategy, and no known bug.
    pub fn new(seed: u64) -> Options {
        Options {
            seed,
            mode: Mode::Default,
            duration: None,
            modules: None,
            progress: false,
            command_line: std::env::args().collect(),
            reduce: None,
            strategies: Vec::new(),
            known: KnownList::default(),
        }
    }

    /// The same options generating modules of `mode`.
    pub fn with_mode(self, mode: Mode) -> Options {
        Options { mode, ..self }
    }

    /// The same options stopping after `duration` of wall time (`None`: no time budget).
    pub fn with_duration(self, duration: Option<Duration>) -> Options {
        Options { duration, ..self }
    }

    /// The same options stopping after `modules` modules (`None`: no module budget).
    pub fn with_modules(self, modules: Option<u64>) -> Options {
        Options { modules, ..self }
    }

    /// The same options with a progress bar on standard error when `progress`.
    pub fn with_progress(self, progress: bool) -> Options {
        Options { progress, ..self }
    }

    /// The same options recording `command_line` in findings.
    pub fn with_command_line(self, command_line: Vec<String>) -> Options {
        Options { command_line, ..self }
    }

    /// The same options reducing each new finding with the time budget `reduce` (`None`: no
    /// reduction).
    pub fn with_reduce(self, reduce: Option<Duration>) -> Options {
        Options { reduce, ..self }
    }

    /// The same options running the generation strategies `strategies` (empty for all).
    pub fn with_strategies(self, strategies: Vec<&'static Registered>) -> Options {
        Options { strategies, ..self }
    }

    /// The same options counting the divergences that match an entry of `known` as known bugs.
    pub fn with_known(self, known: KnownList) -> Options {
        Options { known, ..self }
    }
}
