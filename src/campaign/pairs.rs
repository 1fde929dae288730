//! Pair coverage: per setting and the family of instructions it changes
//! ([`crate::engines::pairing::PAIRS`]), how many modules of a campaign met the pair: ran (were
//! compared, not discarded) on at least one engine with the setting, and use the family. Only the
//! pairs whose knob some engine of the run has are counted.

use crosscheck_oracles::config::split_name;
use crosscheck_oracles::naming;
use serde::{Deserialize, Serialize};

use crate::engines::EngineSet;
use crate::engines::pairing::{FamilySet, PAIRS, Pair};

/// The pairs of a campaign and the modules that met each.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PairCoverage {
    rows: Vec<(Pair, u64)>,
}

impl PairCoverage {
    /// No module yet, for the pairs whose knob an engine of `engines` has (and, for Winch, takes
    /// at a value other than its default).
    pub fn of(engines: &EngineSet) -> PairCoverage {
        let targets: Vec<_> = engines
            .slots()
            .iter()
            .flat_map(|s| &s.variants)
            .filter_map(|v| naming::target_of(split_name(v.name()).0))
            .collect();
        let rows = PAIRS
            .iter()
            .filter(|p| {
                targets.iter().any(|t| {
                    t.knobs()
                        .any(|k| k.name == p.knob && !(t.winch && k.winch_forbids.is_some()))
                })
            })
            .map(|p| (*p, 0))
            .collect();
        PairCoverage { rows }
    }

    /// Counts a module that ran on the engines named `engines` (full names, settings included)
    /// and uses the instruction `families`, toward each pair it met.
    pub fn note_ran<'a>(&mut self, engines: impl IntoIterator<Item = &'a str> + Clone, families: FamilySet) {
        if families.is_empty() {
            return;
        }
        for (pair, met) in &mut self.rows {
            if families.contains(pair.family) && engines.clone().into_iter().any(|e| pair.in_name(e)) {
                *met += 1;
            }
        }
    }

    /// Adds what another job of the same campaign counted (on the same engines).
    pub fn merge(&mut self, other: PairCoverage) {
        if self.rows.is_empty() {
            *self = other;
            return;
        }
        for (pair, met) in other.rows {
            if let Some(row) = self.rows.iter_mut().find(|(p, _)| *p == pair) {
                row.1 += met;
            }
        }
    }

    /// The summary line, `None` when no pair counts: `settings met by the instructions they change
    /// (modules): sse41=off/vector-rounding 812, ...; never met: ...`.
    pub fn summary_line(&self) -> Option<String> {
        if self.rows.is_empty() {
            return None;
        }
        let parts: Vec<String> = self
            .rows
            .iter()
            .map(|(p, n)| format!("{}/{} {n}", p.setting(), p.family.name()))
            .collect();
        let never: Vec<String> = self
            .rows
            .iter()
            .filter(|(_, n)| *n == 0)
            .map(|(p, _)| format!("{}/{}", p.setting(), p.family.name()))
            .collect();
        let mut line = format!(
            "settings met by the instructions they change (modules): {}",
            parts.join(", ")
        );
        if !never.is_empty() {
            line.push_str(&format!("; never met: {}", never.join(", ")));
        }
        Some(line)
    }

    /// The figures of every pair, for `--stats` records.
    pub fn figures(&self) -> Vec<PairFigures> {
        self.rows
            .iter()
            .map(|(p, n)| PairFigures {
                setting: p.setting(),
                family: p.family.name().to_string(),
                modules: *n,
            })
            .collect()
    }
}

/// One pair's coverage in a `--stats` record.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairFigures {
    /// The setting, `knob=value` (`sse41=off`).
    pub setting: String,
    /// The family of instructions it changes (`vector-rounding`).
    pub family: String,
    /// The modules that ran on an engine with the setting and use the family.
    pub modules: u64,
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crosscheck_oracles::{Engine, registry};

    use super::*;
    use crate::engines::Slot;
    use crate::engines::pairing::OpFamily;

    fn set(names: &[&str]) -> EngineSet {
        EngineSet::from_slots(
            names
                .iter()
                .map(|n| Slot {
                    name: (*n).into(),
                    variants: vec![Arc::from(registry::build(n).unwrap()) as Arc<dyn Engine>],
                })
                .collect(),
        )
    }

    /// Winch takes no `signals=off`, wasmi no Wasmtime knob: with Winch and wasmi alone the
    /// signals pair is not counted; a module counts once per pair it met, on any of its engines.
    #[test]
    fn modules_count_toward_the_pairs_they_met() {
        let winch = PairCoverage::of(&set(&["winch-x64", "wasmi"]));
        assert!(winch.figures().iter().all(|f| f.setting != "signals=off"));
        assert!(winch.figures().iter().any(|f| f.setting == "spectre=off"));
        let mut pairs = PairCoverage::of(&set(&["winch-x64", "cranelift-x64:o0", "wasmi"]));
        let mut families = FamilySet::default();
        families.insert(OpFamily::Popcnt);
        families.insert(OpFamily::MemoryAccess);
        pairs.note_ran(
            [
                "winch-x64,popcnt=off",
                "cranelift-x64:o0,popcnt=off,signals=off",
                "wasmi",
            ],
            families,
        );
        pairs.note_ran(["winch-x64", "cranelift-x64:o0,lzcnt=off"], families);
        let mut other = PairCoverage::of(&set(&["winch-x64", "cranelift-x64:o0", "wasmi"]));
        other.note_ran(["cranelift-x64:o0,signals=off"], families);
        pairs.merge(other);
        let met = |setting: &str, family: &str| {
            pairs
                .figures()
                .into_iter()
                .find(|f| f.setting == setting && f.family == family)
                .unwrap()
                .modules
        };
        assert_eq!(met("popcnt=off", "popcnt"), 1);
        assert_eq!(met("signals=off", "memory-access"), 2);
        assert_eq!(met("lzcnt=off", "clz"), 0, "the module has no clz");
        let line = pairs.summary_line().unwrap();
        assert!(
            line.contains("popcnt=off/popcnt 1") && line.contains("never met: "),
            "{line}"
        );
    }
}
