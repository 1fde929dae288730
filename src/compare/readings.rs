//! The readings of a divergence: what it says beyond its class and cause, read where it is judged
//! (the engines of the run known) and carried to the finding store, which writes them as they are
//! (`emulation` and `cross_version` in `finding.json`).

use super::Divergence;
use super::cross_version::{CrossVersion, cross_version};
use super::emulation_note::{EmulationNote, note};
use crate::engines::EngineInfo;

/// What a divergence says about the emulator and about other builds of its engines.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Readings {
    /// When emulated engines took part in the divergence: whether the other emulated engines side
    /// with them (see [`note`]).
    pub emulation: Option<EmulationNote>,
    /// When an engine of another build disagrees with the same engine of the harness's build:
    /// regression or fix (see [`cross_version`]).
    pub cross_version: Option<CrossVersion>,
}

impl Readings {
    /// The readings of `divergence`, given the `engines` of the run (every engine that ran the
    /// module, in run order).
    pub fn of<'a>(divergence: &Divergence, engines: impl IntoIterator<Item = &'a EngineInfo>) -> Readings {
        Readings {
            emulation: note(&divergence.groups, engines),
            cross_version: cross_version(&divergence.groups),
        }
    }
}
