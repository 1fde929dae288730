//! The engines of each job of a campaign, built from an engine list: the same list for every job,
//! with the configuration swarm on or off.

use std::sync::Mutex;

use anyhow::Result;

use crate::engines::{AvoidedSetting, EngineSet, Isolation};

/// How a campaign's engines draw their configurations.
#[derive(Clone, Copy)]
pub enum Swarm<'a> {
    /// Every engine in its default configuration, or the settings given with it in the list.
    Off,
    /// Configurations drawn from the campaign seed (see [`EngineSet::with_config_swarm`]).
    On,
    /// Drawn, but leaving each of these settings (of known bugs) at its default (see
    /// [`EngineSet::avoiding`]).
    Avoiding(&'a [AvoidedSetting]),
}

/// Builds the engines of each job of a campaign: [`JobEngines::build`] is what
/// [`super::run_jobs`] takes.
pub struct JobEngines<'a> {
    list: &'a str,
    isolation: &'a Isolation,
    seed: u64,
    swarm: Swarm<'a>,
    /// An engine set built already, handed to the first job that asks.
    first: Mutex<Option<EngineSet>>,
}

impl<'a> JobEngines<'a> {
    /// The engines of the comma-separated list `list` (as [`EngineSet::from_list`] reads it),
    /// each where `isolation` says, with the swarm off.
    pub fn new(list: &'a str, isolation: &'a Isolation) -> JobEngines<'a> {
        JobEngines {
            list,
            isolation,
            seed: 0,
            swarm: Swarm::Off,
            first: Mutex::new(None),
        }
    }

    /// The same engines with the configuration swarm `swarm` drawing from `seed`.
    pub fn with_swarm(self, seed: u64, swarm: Swarm<'a>) -> JobEngines<'a> {
        JobEngines { seed, swarm, ..self }
    }

    /// The same engines, the first job taking `set` (built from the same list) instead of a set
    /// of its own.
    pub fn with_first(self, set: EngineSet) -> JobEngines<'a> {
        JobEngines {
            first: Mutex::new(Some(set)),
            ..self
        }
    }

    /// The engines of job `job`: the set given with [`JobEngines::with_first`] to job 0, a new
    /// one otherwise, with the swarm set.
    ///
    /// # Errors
    ///
    /// An unknown or unavailable engine of the list.
    pub fn build(&self, job: usize) -> Result<EngineSet> {
        let prebuilt = if job == 0 {
            self.first.lock().ok().and_then(|mut f| f.take())
        } else {
            None
        };
        let set = prebuilt.map_or_else(|| EngineSet::from_list(self.list, self.isolation), Ok)?;
        Ok(match self.swarm {
            Swarm::Off => set,
            Swarm::On => set.with_config_swarm(self.seed),
            Swarm::Avoiding(settings) => set.with_config_swarm(self.seed).avoiding(settings.to_vec()),
        })
    }
}
