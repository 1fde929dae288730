//! Settings meet the instructions they change: each knob value of the swarm that changes how a
//! family of instructions is lowered, paired with that family ([`PAIRS`]). The swarm prefers, for
//! a module that uses a family, a configuration of its pool with a setting paired with it
//! ([`super::config_swarm::ConfigSwarm::choose`]), and a campaign counts per pair the modules that
//! met it ([`crate::campaign::pairs`]).

use std::sync::OnceLock;

use crosscheck_oracles::config::EngineConfig;
use crosscheck_oracles::operators::{Op, OpSet};

/// A family of instructions whose lowering some setting changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OpFamily {
    /// `f32x4`/`f64x2` `ceil`, `floor`, `trunc`, `nearest` (SSE4.1 `roundps`/`roundpd`).
    VectorRounding,
    /// Every `*.splat` and `v128.load*` (SSE3 `movddup`, AVX encodings, AVX2 broadcasts).
    SplatsAndLoads,
    /// `i32.popcnt`, `i64.popcnt` (POPCNT).
    Popcnt,
    /// `i32.clz`, `i64.clz` (LZCNT).
    Clz,
    /// `i32.ctz`, `i64.ctz` (BMI1 `tzcnt`).
    Ctz,
    /// `i32.and`, `i64.and` (BMI1 `andn`, `blsr`, `blsi` when an operand is a negation or a
    /// complement).
    And,
    /// `shl`, `shr_s`, `shr_u`, `rotl`, `rotr` of `i32` and `i64` (BMI2 `shlx`, `sarx`, `shrx`,
    /// `rorx`).
    Shifts,
    /// Every instruction with a memory argument: loads, stores, atomics (bounds checks).
    MemoryAccess,
    /// `table.get`, `table.set`, `call_indirect`, `return_call_indirect` (table bounds checks).
    TableAccess,
    /// `memory.grow` (a pool's slot instead of a new mapping).
    MemoryGrow,
}

impl OpFamily {
    /// Every family, in [`FamilySet`] bit order.
    pub const ALL: [OpFamily; 10] = [
        OpFamily::VectorRounding,
        OpFamily::SplatsAndLoads,
        OpFamily::Popcnt,
        OpFamily::Clz,
        OpFamily::Ctz,
        OpFamily::And,
        OpFamily::Shifts,
        OpFamily::MemoryAccess,
        OpFamily::TableAccess,
        OpFamily::MemoryGrow,
    ];

    /// Its name in summaries and records (`vector-rounding`).
    pub fn name(self) -> &'static str {
        match self {
            OpFamily::VectorRounding => "vector-rounding",
            OpFamily::SplatsAndLoads => "splats-and-loads",
            OpFamily::Popcnt => "popcnt",
            OpFamily::Clz => "clz",
            OpFamily::Ctz => "ctz",
            OpFamily::And => "and",
            OpFamily::Shifts => "shifts",
            OpFamily::MemoryAccess => "memory-access",
            OpFamily::TableAccess => "table-access",
            OpFamily::MemoryGrow => "memory-grow",
        }
    }

    /// Whether most modules use the family (integer `and`, shifts, memory accesses): such a
    /// family meets its settings in the swarm's plain draw, which has each of them in about 5
    /// configurations in 12, and the swarm does not bias toward it (that would take most modules
    /// to the same few settings).
    pub fn common(self) -> bool {
        matches!(self, OpFamily::And | OpFamily::Shifts | OpFamily::MemoryAccess)
    }

    /// Whether the operator named `name` (text format, as [`Op::name`] gives it) is of the family.
    fn has(self, name: &str) -> bool {
        let (ty, op) = name.split_once('.').unwrap_or((name, ""));
        let int = ty == "i32" || ty == "i64";
        match self {
            OpFamily::VectorRounding => {
                (ty == "f32x4" || ty == "f64x2") && ["ceil", "floor", "trunc", "nearest"].contains(&op)
            }
            OpFamily::SplatsAndLoads => op == "splat" || name.starts_with("v128.load"),
            OpFamily::Popcnt => int && op == "popcnt",
            OpFamily::Clz => int && op == "clz",
            OpFamily::Ctz => int && op == "ctz",
            OpFamily::And => int && op == "and",
            OpFamily::Shifts => int && ["shl", "shr_s", "shr_u", "rotl", "rotr"].contains(&op),
            OpFamily::MemoryAccess => name.contains(".load") || name.contains(".store") || name.contains("atomic."),
            OpFamily::TableAccess => {
                ["table.get", "table.set", "call_indirect", "return_call_indirect"].contains(&name)
            }
            OpFamily::MemoryGrow => name == "memory.grow",
        }
    }
}

/// A set of [`OpFamily`], as bits in [`OpFamily::ALL`] order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct FamilySet(u16);

impl FamilySet {
    /// The families of the operators `ops` (a module's, from `crosscheck_oracles::uses`).
    pub fn of(ops: &OpSet) -> FamilySet {
        static BY_OP: OnceLock<Vec<FamilySet>> = OnceLock::new();
        let by_op = BY_OP.get_or_init(|| {
            Op::all()
                .map(|op| {
                    let name = op.name();
                    let mut set = FamilySet::default();
                    for family in OpFamily::ALL.into_iter().filter(|f| f.has(&name)) {
                        set.insert(family);
                    }
                    set
                })
                .collect()
        });
        ops.iter()
            .fold(FamilySet::default(), |all, op| FamilySet(all.0 | by_op[op.index()].0))
    }

    /// Adds `family`.
    pub fn insert(&mut self, family: OpFamily) {
        self.0 |= 1 << family as u16;
    }

    /// Whether `family` is in the set.
    pub fn contains(self, family: OpFamily) -> bool {
        self.0 & (1 << family as u16) != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// A setting (`knob=value`) and the family of instructions whose lowering it changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pair {
    /// The knob (`crosscheck_oracles::config::KNOBS`).
    pub knob: &'static str,
    /// Its value in the pair (never its default).
    pub value: &'static str,
    /// The family it changes.
    pub family: OpFamily,
}

impl Pair {
    /// `knob=value`, as in a configured engine's name.
    pub fn setting(self) -> String {
        format!("{}={}", self.knob, self.value)
    }

    /// Whether `config` has the pair's setting.
    pub fn in_config(self, config: &EngineConfig) -> bool {
        config.get(self.knob) == Some(self.value)
    }

    /// Whether the engine named `name` (settings included, canonical) runs with the setting.
    pub fn in_name(self, name: &str) -> bool {
        let setting = self.setting();
        crosscheck_oracles::config::split_name(name)
            .1
            .contains(&setting.as_str())
    }
}

const fn pair(knob: &'static str, value: &'static str, family: OpFamily) -> Pair {
    Pair { knob, value, family }
}

/// Every pair. The lowering each changes, in Cranelift 0.137's x64 ISLE rules and Winch 50: SSE4.1
/// `round*`; SSE3 `movddup`, AVX's VEX loads and AVX2's `vpbroadcast*` for splats and vector
/// loads; `popcnt`, `lzcnt`, BMI1 `tzcnt`/`andn`, BMI2's shifts; explicit bounds checks without
/// signals, and without their Spectre guard; no guard region before a memory; a pooled memory.
pub const PAIRS: &[Pair] = &[
    pair("sse41", "off", OpFamily::VectorRounding),
    pair("sse3", "off", OpFamily::SplatsAndLoads),
    pair("avx", "off", OpFamily::SplatsAndLoads),
    pair("avx2", "off", OpFamily::SplatsAndLoads),
    pair("popcnt", "off", OpFamily::Popcnt),
    pair("lzcnt", "off", OpFamily::Clz),
    pair("bmi1", "off", OpFamily::Ctz),
    pair("bmi1", "off", OpFamily::And),
    pair("bmi2", "off", OpFamily::Shifts),
    pair("signals", "off", OpFamily::MemoryAccess),
    pair("spectre", "off", OpFamily::MemoryAccess),
    pair("table_spectre", "off", OpFamily::TableAccess),
    pair("guard_before", "off", OpFamily::MemoryAccess),
    pair("allocator", "pooling", OpFamily::MemoryGrow),
];

/// The pairs of a module that uses `families`.
pub fn pairs_of(families: FamilySet) -> impl Iterator<Item = Pair> {
    PAIRS.iter().copied().filter(move |p| families.contains(p.family))
}

/// The pairs the swarm draws toward for a module that uses `families`: those of its families
/// that are not [`OpFamily::common`].
pub fn drawn_toward(families: FamilySet) -> impl Iterator<Item = Pair> {
    pairs_of(families).filter(|p| !p.family.common())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(names: &[&str]) -> OpSet {
        names
            .iter()
            .map(|n| Op::all().find(|op| op.name() == *n).unwrap())
            .collect()
    }

    #[test]
    fn families_come_from_the_operators() {
        let set = FamilySet::of(&ops(&["f32x4.ceil", "i8x16.splat", "i64.popcnt", "i32.atomic.rmw.add"]));
        for f in [
            OpFamily::VectorRounding,
            OpFamily::SplatsAndLoads,
            OpFamily::Popcnt,
            OpFamily::MemoryAccess,
        ] {
            assert!(set.contains(f), "{f:?}");
        }
        assert!(!set.contains(OpFamily::Clz) && !set.contains(OpFamily::TableAccess));
        let plain = FamilySet::of(&ops(&["f32.ceil", "i32.add", "v128.const"]));
        assert!(plain.is_empty(), "{plain:?}");
        let loads = FamilySet::of(&ops(&["v128.load32_zero"]));
        assert!(loads.contains(OpFamily::SplatsAndLoads) && loads.contains(OpFamily::MemoryAccess));
    }

    /// Every pair's knob exists and its value is one of the knob's, not the default.
    #[test]
    fn every_pair_names_a_knob_value_other_than_the_default() {
        for p in PAIRS {
            let knob = crosscheck_oracles::config::KNOBS
                .iter()
                .find(|k| k.name == p.knob)
                .unwrap_or_else(|| panic!("{p:?}"));
            assert!(knob.values[1..].contains(&p.value), "{p:?}");
        }
        assert!(pair("sse41", "off", OpFamily::VectorRounding).in_name("cranelift-x64:o0,sse41=off,sse42=off"));
        assert!(!pair("sse41", "off", OpFamily::VectorRounding).in_name("cranelift-x64:o0,sse42=off"));
    }
}
