//! Asking a worker to build and describe an engine ([`Request::Describe`]), and finding the
//! feature probes that kill a worker describing one.

use std::time::Duration;

use super::exchange::Link;
use super::process::{HANDSHAKE_TIME, Worker, WorkerCommand};
use super::protocol::{Request, Response};
use crate::naming;

/// What a worker says of an engine it serves ([`Response::Described`]).
pub(super) struct Description {
    /// The engine's name, without a label.
    pub(super) name: String,
    /// The engine crate and version.
    pub(super) version: String,
    /// The architecture it generates code for.
    pub(super) arch: String,
    /// The proposals it is configured with.
    pub(super) proposals: Vec<crate::Proposal>,
    /// What its build compiles, per feature.
    pub(super) support: crate::Support,
    /// The Cranelift ISA flags its host's CPU features enable.
    pub(super) isa_flags: Vec<String>,
}

/// Why a worker gave no [`Description`].
pub(super) enum Undescribed {
    /// It cannot build the engine; its reason.
    Refused(String),
    /// It did not answer (it was killed) or does not take requests; how it ended.
    Silent(String),
}

/// Asks `worker` to build and describe the engine `name` (a label is dropped: the worker is of
/// that build), waiting `watchdog` or the handshake time, whichever is longer. A worker that does
/// not answer is killed.
pub(super) fn describe(worker: &mut impl Link, name: &str, watchdog: Duration) -> Result<Description, Undescribed> {
    let request = Request::Describe {
        engine: naming::unlabeled(name),
    };
    if let Err(e) = worker.send(&request) {
        return Err(Undescribed::Silent(format!("worker does not accept requests: {e}")));
    }
    match worker.recv(watchdog.max(HANDSHAKE_TIME)) {
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
pub(super) fn crashing_probes(name: &str, command: &WorkerCommand) -> Vec<(crate::Feature, String)> {
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
