//! Settings the configuration swarm leaves at their default (`fuzz --avoid-known`), as plain data:
//! what to avoid, on which modules and engines, and the name each avoidance is counted under. The
//! known-bug list makes them ([`crate::known::KnownList::settings_to_avoid`]).

use std::sync::Arc;

use crosscheck_oracles::Proposal;

/// Tells whether an engine, by its configured name (e.g. `winch-x64,avx2=off`), is one a setting
/// is avoided on.
pub type EngineTest = Arc<dyn Fn(&str) -> bool + Send + Sync>;

/// One setting for the swarm to leave at its default.
#[derive(Clone)]
pub struct AvoidedSetting {
    /// The name its avoidances are counted under (a known bug's name).
    pub name: String,
    /// The knob, a knob of `crosscheck engines --configs`, e.g. `avx2`.
    pub knob: String,
    /// The value to avoid, e.g. `off`.
    pub value: String,
    /// The proposal a module must use for the setting to be avoided; every module when `None`.
    pub proposal: Option<Proposal>,
    /// When true, the setting is avoided only for modules run with engine fuel.
    pub fuel_only: bool,
    /// The engines it is avoided on.
    pub engines: EngineTest,
}
