//! Probes that panicked an engine or killed its worker, as findings of their own (docs/design.md,
//! "The oracle"): an engine build that panics or crashes compiling a feature's probe module
//! ([`crosscheck_oracles::Support`]) has a bug, so the campaign records it once per build, with the probe module as reproducer,
//! and goes on with that feature counted unsupported for the engine.

use std::collections::BTreeSet;

use anyhow::Result;
use crosscheck_oracles::{CallPlan, Engine, Execution, Feature, StepOutcome, StepRecord};

use crate::compare::cause::{crash_key, family};
use crate::compare::{Class, Divergence, Readings};
use crate::engines::{EngineSet, info};
use crate::finding::{FindingStore, NewFinding, Origin, Recorded};

/// The difference key of a probe's panic.
pub const PROBE_PANIC: &str = "probe-panic";

/// The divergence a panicking probe stands for: `engine` crashed (`message`) compiling the probe
/// of `feature` at instantiation (step 0), against `others`, the engines of the run whose probe
/// of the feature compiled (none when no other engine compiles it).
pub fn divergence(engine: &str, feature: Feature, message: &str, others: &[String]) -> Divergence {
    let mut groups = Vec::new();
    if !others.is_empty() {
        groups.push(others.to_vec());
    }
    groups.push(vec![engine.to_string()]);
    Divergence {
        class: Class::Crash,
        step: 0,
        engines: [
            engine.to_string(),
            others.first().cloned().unwrap_or_else(|| engine.to_string()),
        ],
        key: PROBE_PANIC.into(),
        detail: format!(
            "{engine} failed compiling the probe module of feature {}: {message}",
            feature.name()
        ),
        groups,
        minority: vec![engine.to_string()],
        cause: crash_key(message),
    }
}

/// Records a finding for each probe that panicked an engine of `engines`, once per build (engine
/// family and build label, [`family`]) and feature: the probe module as reproducer, the
/// panicking engine's execution a crash at instantiation, and the engines whose probe compiled
/// as the other side (each run on the probe module). Returns what the store did with each (a
/// panic an earlier campaign recorded is counted once more there).
///
/// # Errors
///
/// When a finding cannot be written.
pub fn record(engines: &EngineSet, store: &FindingStore, command_line: &[String]) -> Result<Vec<Recorded>> {
    let all: Vec<&dyn Engine> = engines.engines().collect();
    let mut seen = BTreeSet::new();
    let mut recorded = Vec::new();
    for engine in &all {
        for (feature, message) in engine.support().faults() {
            if !seen.insert((family(engine.name()).into_owned(), feature)) {
                continue;
            }
            let others: Vec<&dyn Engine> = all
                .iter()
                .copied()
                .filter(|e| family(e.name()) != family(engine.name()))
                .filter(|e| e.support().features().contains(feature))
                .collect();
            let names: Vec<String> = others.iter().map(|e| e.name().to_string()).collect();
            let wasm = feature.probe_wasm();
            let plan = CallPlan::default();
            let crashed = Execution {
                rejection: None,
                steps: vec![StepRecord::bare(StepOutcome::Crashed(message.to_string()))],
            };
            let ran: Vec<Execution> = others.iter().map(|e| e.execute(&wasm, &plan)).collect();
            let mut runs = vec![(info(*engine), &crashed)];
            runs.extend(others.iter().map(|e| info(*e)).zip(&ran));
            let divergence = divergence(engine.name(), feature, message, &names);
            let finding = NewFinding {
                wasm: &wasm,
                plan: &plan,
                divergence: &divergence,
                readings: Readings::of(&divergence, runs.iter().map(|(info, _)| info)),
                executions: &runs,
                generation: Some(Origin::Probe { probe: feature.name() }),
                sat_out: &[],
            };
            recorded.push(store.record(&finding, command_line)?);
        }
    }
    Ok(recorded)
}
