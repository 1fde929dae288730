//! Where an engine's time goes: compiling modules, instantiating them, making the planned calls,
//! capturing the state after each step, and (for an engine in a worker process) moving requests
//! and records between processes.

use std::cell::Cell;
use std::ops::{Add, AddAssign};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

/// Wall time spent in each phase of executions, summed over executions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhaseTimes {
    /// Compiling (or, for a precompiled module, loading) modules. An interpreter that translates
    /// functions lazily (wasmi) does part of this work during calls.
    pub compile: Duration,
    /// Instantiating: linking the host imports, initializing segments and the start function.
    pub instantiate: Duration,
    /// The planned calls.
    pub calls: Duration,
    /// Capturing the instance's state after each step for the comparison (reading every exported
    /// memory, global and table, and comparing each memory with the previous step's): the
    /// harness's work, done in the engine's process.
    #[serde(default)]
    pub snapshot: Duration,
    /// Dropping the instance, its store and the module.
    pub teardown: Duration,
    /// Outside the engine: for a worker-hosted engine, the round trip of an execution less the
    /// worker's own phases (encoding, pipes, decoding); zero in-process.
    pub transport: Duration,
}

impl PhaseTimes {
    /// The sum of the phases.
    pub fn total(&self) -> Duration {
        self.compile + self.instantiate + self.calls + self.snapshot + self.teardown + self.transport
    }

    /// The phases of `self` since `earlier` (a reading of the same counters).
    pub fn since(&self, earlier: &PhaseTimes) -> PhaseTimes {
        PhaseTimes {
            compile: self.compile.saturating_sub(earlier.compile),
            instantiate: self.instantiate.saturating_sub(earlier.instantiate),
            calls: self.calls.saturating_sub(earlier.calls),
            snapshot: self.snapshot.saturating_sub(earlier.snapshot),
            teardown: self.teardown.saturating_sub(earlier.teardown),
            transport: self.transport.saturating_sub(earlier.transport),
        }
    }
}

impl Add for PhaseTimes {
    type Output = PhaseTimes;

    fn add(self, other: PhaseTimes) -> PhaseTimes {
        PhaseTimes {
            compile: self.compile + other.compile,
            instantiate: self.instantiate + other.instantiate,
            calls: self.calls + other.calls,
            snapshot: self.snapshot + other.snapshot,
            teardown: self.teardown + other.teardown,
            transport: self.transport + other.transport,
        }
    }
}

impl AddAssign for PhaseTimes {
    fn add_assign(&mut self, other: PhaseTimes) {
        *self = *self + other;
    }
}

/// Running [`PhaseTimes`] of one engine, shared by the threads that use it.
#[derive(Debug, Default)]
pub struct PhaseMeter(Mutex<PhaseTimes>);

impl PhaseMeter {
    /// Adds the phases of one execution.
    pub fn add(&self, times: PhaseTimes) {
        *self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) += times;
    }

    /// The totals so far.
    pub fn read(&self) -> PhaseTimes {
        *self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Marks, from inside an adapter's start-up, the moment compilation ended and instantiation began.
pub(crate) struct CompileMark(Cell<Option<Instant>>);

impl CompileMark {
    pub(crate) fn new() -> CompileMark {
        CompileMark(Cell::new(None))
    }

    /// Compilation (or loading) has just ended.
    pub(crate) fn compiled(&self) {
        self.0.set(Some(Instant::now()));
    }

    /// When compilation ended; `None` when the adapter never said (it rejected the module first).
    pub(crate) fn at(&self) -> Option<Instant> {
        self.0.get()
    }
}
