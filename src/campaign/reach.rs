//! Reach: per engine, how many of the instructions it compiles a campaign instantiated and ran on
//! it. The denominator is the engine's own probed support (the operators of
//! `crosscheck_oracles::operators` that [`OpSet::compiled_with`] its features, not the run's
//! intersection); the numerator, the distinct operators of the modules routed to it and compared
//! (not discarded), read in the same walk that routes them (`crosscheck_oracles::uses`).

use crosscheck_oracles::config::split_name;
use crosscheck_oracles::operators::{Op, OpSet, Requirement};
use serde::{Deserialize, Serialize};

use crate::engines::EngineSet;

/// Missing operators are named one by one in a summary line when there are at most this many;
/// beyond, they are counted per family.
pub const LISTED_MISSING: usize = 12;

/// One engine's reach: a slot, or one concrete variant of a slot of several.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EngineReach {
    /// The slot's name (`cranelift-x64`), or the variant's without its settings
    /// (`cranelift-x64:speed`).
    pub engine: String,
    /// The slot's index in the run.
    pub slot: usize,
    /// Whether this row stands for the whole slot (its variants' union), not one variant.
    pub whole_slot: bool,
    /// The operators it compiles, by its probed support.
    pub compiles: OpSet,
    /// Of those, the ones the campaign's modules ran on it.
    pub reached: OpSet,
}

impl EngineReach {
    /// The reached share of what it compiles, in percent.
    pub fn percent(&self) -> f64 {
        100.0 * self.reached.len() as f64 / self.compiles.len().max(1) as f64
    }

    /// The operators it compiles that no module ran on it.
    pub fn missing(&self) -> Vec<Op> {
        self.compiles.iter().filter(|op| !self.reached.contains(*op)).collect()
    }

    /// The summary line: `winch-x64 reached 412/468 instructions it compiles (88.0%); missing:
    /// table.grow, ...`, the missing ones by name when there are at most [`LISTED_MISSING`], else
    /// counted per family (a family of a few named too).
    pub fn line(&self) -> String {
        let missing = self.missing();
        let head = format!(
            "{} reached {}/{} instructions it compiles ({:.1}%)",
            self.engine,
            self.reached.len(),
            self.compiles.len(),
            self.percent()
        );
        if missing.is_empty() {
            return head;
        }
        format!("{head}; {}", describe_missing(&missing))
    }
}

/// `missing: NAME, ...` when `missing` has at most [`LISTED_MISSING`] operators, else `missing N:
/// FAMILY COUNT, ...` from the largest family down, the names of a family of three or fewer given.
pub fn describe_missing(missing: &[Op]) -> String {
    if missing.len() <= LISTED_MISSING {
        let names: Vec<String> = missing.iter().map(|op| op.name()).collect();
        return format!("missing: {}", names.join(", "));
    }
    let mut families: Vec<(String, Vec<Op>)> = Vec::new();
    for op in missing.iter().copied() {
        let family = family_name(op);
        match families.iter_mut().find(|(f, _)| *f == family) {
            Some((_, ops)) => ops.push(op),
            None => families.push((family, vec![op])),
        }
    }
    families.sort_by_key(|(f, ops)| (std::cmp::Reverse(ops.len()), f.clone()));
    let parts: Vec<String> = families
        .iter()
        .map(|(family, ops)| {
            if ops.len() <= 3 {
                let names: Vec<String> = ops.iter().map(|op| op.name()).collect();
                format!("{family} {} ({})", ops.len(), names.join(", "))
            } else {
                format!("{family} {}", ops.len())
            }
        })
        .collect();
    format!("missing {}: {}", missing.len(), parts.join(", "))
}

/// The operators of the catalogue named `names` (text-format names, as [`Op::name`] gives them);
/// names the catalogue does not have (from a record of another wasmparser) are left out.
pub fn ops_named(names: &[String]) -> Vec<Op> {
    names
        .iter()
        .filter_map(|n| Op::all().find(|op| op.name() == *n))
        .collect()
}

/// The family of an operator in summaries: `mvp`, or the features it needs (`atomics-32`,
/// `gc-struct+externref`).
pub fn family_name(op: Op) -> String {
    match op.requirement() {
        Requirement::Features(set) => set.iter().map(|f| f.name()).collect::<Vec<_>>().join("+"),
        Requirement::Mvp | Requirement::Unprobed => op.proposal().to_string(),
    }
}

/// The reach of every engine of a run: a row per slot, and per variant of a slot of several.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reach {
    rows: Vec<EngineReach>,
}

impl Reach {
    /// Nothing reached yet on the engines of `engines`, each compiling what its support says (a
    /// slot of several variants, the union of theirs).
    pub fn of(engines: &EngineSet) -> Reach {
        let mut rows = Vec::new();
        for (slot, s) in engines.slots().iter().enumerate() {
            let per_variant: Vec<(String, OpSet)> = s
                .variants
                .iter()
                .map(|v| {
                    let name = split_name(v.name()).0.to_string();
                    (name, OpSet::compiled_with(v.support().features()))
                })
                .collect();
            let mut union = OpSet::new();
            for (_, ops) in &per_variant {
                union.union_with(ops);
            }
            let whole = match per_variant.as_slice() {
                [(name, _)] => name.clone(),
                _ => s.name.clone(),
            };
            rows.push(EngineReach {
                engine: whole,
                slot,
                whole_slot: true,
                compiles: union,
                reached: OpSet::new(),
            });
            if per_variant.len() > 1 {
                rows.extend(per_variant.into_iter().map(|(engine, compiles)| EngineReach {
                    engine,
                    slot,
                    whole_slot: false,
                    compiles,
                    reached: OpSet::new(),
                }));
            }
        }
        Reach { rows }
    }

    /// The rows, slot by slot, each slot's variants after it.
    pub fn rows(&self) -> &[EngineReach] {
        &self.rows
    }

    /// Counts `ops`, the operators of a module that ran (was compared, not discarded) on the
    /// engine `engine` (its full name, settings included) of slot `slot`, toward that slot and
    /// that variant: the ones they compile.
    pub fn note_ran(&mut self, slot: usize, engine: &str, ops: &OpSet) {
        let variant = split_name(engine).0;
        for row in &mut self.rows {
            if row.slot == slot && (row.whole_slot || row.engine == variant) {
                row.reached.union_with(&ops.intersection(&row.compiles));
            }
        }
    }

    /// Adds what another job of the same campaign reached (on the same engines).
    pub fn merge(&mut self, other: Reach) {
        if self.rows.is_empty() {
            *self = other;
            return;
        }
        for theirs in other.rows {
            if let Some(row) = self
                .rows
                .iter_mut()
                .find(|r| r.engine == theirs.engine && r.slot == theirs.slot)
            {
                row.reached.union_with(&theirs.reached);
            }
        }
    }

    /// The summary lines, one per slot: its [`EngineReach::line`], and for a slot of several
    /// variants what each of them reached.
    pub fn summary_lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for row in self.rows.iter().filter(|r| r.whole_slot) {
            let variants: Vec<String> = self
                .rows
                .iter()
                .filter(|r| r.slot == row.slot && !r.whole_slot)
                .map(|r| format!("{} {}/{}", r.engine, r.reached.len(), r.compiles.len()))
                .collect();
            let mut line = row.line();
            if !variants.is_empty() {
                line.push_str(&format!(" [variants: {}]", variants.join(", ")));
            }
            lines.push(line);
        }
        lines
    }

    /// The figures of every row, for `--stats` records.
    pub fn figures(&self) -> Vec<ReachFigures> {
        self.rows
            .iter()
            .map(|r| ReachFigures {
                engine: r.engine.clone(),
                variant: !r.whole_slot,
                compiles: r.compiles.len(),
                reached: r.reached.len(),
                missing: r.missing().into_iter().map(Op::name).collect(),
            })
            .collect()
    }
}

/// One engine's reach in a `--stats` record.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReachFigures {
    /// The slot's name, or a variant's (without its settings).
    pub engine: String,
    /// Whether it is one variant of a slot of several (the slot has a row of its own).
    #[serde(default)]
    pub variant: bool,
    /// Instructions (operators) it compiles, by its probed support.
    pub compiles: usize,
    /// Of those, the ones the campaign instantiated and ran on it.
    pub reached: usize,
    /// The others, by their text-format names.
    pub missing: Vec<String>,
}

impl ReachFigures {
    /// The reached share of what it compiles, in percent.
    pub fn percent(&self) -> f64 {
        100.0 * self.reached as f64 / self.compiles.max(1) as f64
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crosscheck_oracles::uses::module_uses;
    use crosscheck_oracles::{Engine, registry};

    use super::*;
    use crate::engines::{EngineSet, Slot};

    fn slot(name: &str, variants: &[&str]) -> Slot {
        Slot {
            name: name.into(),
            variants: variants
                .iter()
                .map(|v| Arc::from(registry::build(v).unwrap()) as Arc<dyn Engine>)
                .collect(),
        }
    }

    fn op(name: &str) -> Op {
        Op::all().find(|o| o.name() == name).unwrap()
    }

    /// A module of funcref tables and an `externref` global: Winch compiles the tables, not the
    /// `externref`; a module that ran on Cranelift's `speed` and wasmi only counts for them.
    #[test]
    fn a_module_counts_for_the_engines_it_ran_on_only() {
        let set = EngineSet::from_slots(vec![
            slot("winch-x64", &["winch-x64"]),
            slot("cranelift-x64", &["cranelift-x64:o0", "cranelift-x64:speed"]),
            slot("wasmi", &["wasmi"]),
        ]);
        let mut reach = Reach::of(&set);
        let names: Vec<&str> = reach.rows().iter().map(|r| r.engine.as_str()).collect();
        assert_eq!(
            names,
            [
                "winch-x64",
                "cranelift-x64",
                "cranelift-x64:o0",
                "cranelift-x64:speed",
                "wasmi"
            ]
        );
        let winch = &reach.rows()[0];
        assert!(winch.compiles.contains(op("table.grow")));
        assert!(!winch.compiles.contains(op("extern.convert_any")));
        assert!(reach.rows()[1].compiles.contains(op("extern.convert_any")));
        assert!(
            !reach.rows()[4].compiles.contains(op("i32.atomic.load")),
            "wasmi has no atomics"
        );

        let wasm = wat::parse_str(
            r#"(module (table 2 funcref) (memory 1 1)
              (func (export "f") (param i32) (result i32)
                (drop (table.grow (ref.null func) (local.get 0)))
                (drop (i32.atomic.load (i32.const 0)))
                (i32.popcnt (table.size))))"#,
        )
        .unwrap();
        let ops = module_uses(&wasm).unwrap().operators;
        reach.note_ran(1, "cranelift-x64:speed,avx=off", &ops);
        reach.note_ran(2, "wasmi", &ops);
        let reached = |i: usize| reach.rows()[i].reached.clone();
        assert!(reached(0).is_empty(), "winch-x64 did not run it");
        assert!(reached(2).is_empty(), "nor did cranelift-x64:o0");
        for i in [1, 3] {
            assert!(reached(i).contains(op("table.grow")) && reached(i).contains(op("i32.atomic.load")));
        }
        assert!(reached(4).contains(op("i32.popcnt")));
        assert!(!reached(4).contains(op("i32.atomic.load")), "not what wasmi compiles");
        assert_eq!(reached(1).len(), ops.len());

        let mut other = Reach::of(&set);
        other.note_ran(0, "winch-x64", &ops);
        reach.merge(other);
        assert!(reach.rows()[0].reached.contains(op("table.size")));
        let lines = reach.summary_lines();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("winch-x64 reached "), "{}", lines[0]);
        assert!(lines[1].contains("[variants: cranelift-x64:o0 0/"), "{}", lines[1]);
    }

    /// Every operator of a few hundred wasm-smith modules (every proposal it generates on) is
    /// printed by wasmprinter under the name the catalogue gives it (up to a suffix in
    /// parentheses; a function's last `end` is never printed).
    #[test]
    fn catalogue_names_are_the_text_format_names() {
        let mut seen = OpSet::new();
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..300 {
            let bytes: Vec<u8> = (0..4096)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state as u8
                })
                .collect();
            let mut u = arbitrary::Unstructured::new(&bytes);
            let Ok(module) = wasm_smith::Module::new(wasm_smith::Config::default(), &mut u) else {
                continue;
            };
            let wasm = module.to_bytes();
            let text = wasmprinter::print_bytes(&wasm).unwrap();
            let words: std::collections::BTreeSet<&str> = text
                .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
                .collect();
            let ops = module_uses(&wasm).unwrap().operators;
            for op in ops.iter().filter(|op| op.name() != "end") {
                let name = op.name();
                let word = name.split(' ').next().unwrap();
                assert!(words.contains(word), "{name} is not printed in\n{text}");
            }
            seen.union_with(&ops);
        }
        assert!(seen.len() > 250, "only {} operators seen", seen.len());
    }

    #[test]
    fn few_missing_operators_are_named_many_are_counted_per_family() {
        let compiles: OpSet = ["i32.add", "table.grow", "table.size"].map(op).into_iter().collect();
        let mut row = EngineReach {
            engine: "e".into(),
            slot: 0,
            whole_slot: true,
            compiles,
            reached: [op("i32.add")].into_iter().collect(),
        };
        assert_eq!(
            row.line(),
            "e reached 1/3 instructions it compiles (33.3%); missing: table.grow, table.size"
        );
        row.compiles = OpSet::compiled_with(crosscheck_oracles::FeatureSet::empty());
        let line = row.line();
        assert!(line.contains("; missing ") && line.contains(": mvp "), "{line}");
        row.reached = row.compiles.clone();
        assert!(row.line().ends_with("(100.0%)"));
    }
}
