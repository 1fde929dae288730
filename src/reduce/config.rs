//! Which engine settings a divergence needs: after the module and plan are reduced, the reduced
//! reproducer is run with every configured engine back in its default configuration, then with one
//! knob at a time put back to its default. A knob whose default makes the divergence go away is one
//! it depends on.

use std::sync::Arc;

use crosscheck_oracles::config::{EngineConfig, split_name};
use crosscheck_oracles::{CallPlan, Engine, naming};

use super::target::Target;
pub use crate::finding::reduction::ConfigDependence;

/// Runs of a candidate configuration before it counts as not reproducing (some divergences show
/// only on some runs).
const TRIES: usize = 2;

/// Finds what the divergence that `target` keeps needs of the configurations of `engines` on
/// `wasm` and `plan` (a reproducer that diverges). `None` when every engine runs its default
/// configuration, or when an engine cannot be configured (a test double).
pub fn dependence(
    engines: &[&dyn Engine],
    target: &mut Target<'_>,
    wasm: &[u8],
    plan: &CallPlan,
) -> Option<ConfigDependence> {
    let configs: Vec<EngineConfig> = engines
        .iter()
        .map(|e| naming::config_of(e.name()))
        .collect::<Option<_>>()?;
    if configs.iter().all(EngineConfig::is_default) {
        return None;
    }
    // The default engine of each configured engine; `None` for an engine already in its default.
    let defaults: Vec<Option<Arc<dyn Engine>>> = engines
        .iter()
        .zip(&configs)
        .map(|(e, c)| {
            if c.is_default() {
                Some(None)
            } else {
                in_config(*e, &EngineConfig::default()).map(Some)
            }
        })
        .collect::<Option<_>>()?;
    let run = |target: &mut Target<'_>, set: &[&dyn Engine]| (0..TRIES).any(|_| target.holds_on(set, wasm, plan));
    let all_default: Vec<&dyn Engine> = engines
        .iter()
        .zip(&defaults)
        .map(|(e, d)| d.as_deref().unwrap_or(*e))
        .collect();
    if run(target, &all_default) {
        return Some(ConfigDependence {
            reproduces_with_defaults: true,
            knobs: Vec::new(),
        });
    }
    let mut knobs = Vec::new();
    for (i, config) in configs.iter().enumerate() {
        for (knob, value) in config.settings() {
            let Some(without) = in_config(engines[i], &config.without(knob)) else {
                continue;
            };
            let mut set = engines.to_vec();
            set[i] = without.as_ref();
            if !run(target, &set) {
                knobs.push(format!("{}:{knob}={value}", split_name(engines[i].name()).0));
            }
        }
    }
    Some(ConfigDependence {
        reproduces_with_defaults: false,
        knobs,
    })
}

/// `engine` in configuration `config`; `None` when it cannot be configured.
fn in_config(engine: &dyn Engine, config: &EngineConfig) -> Option<Arc<dyn Engine>> {
    let pairs = config.pairs();
    let settings: Vec<&str> = pairs.iter().map(String::as_str).collect();
    engine.configured(&settings).ok().map(Arc::from)
}
