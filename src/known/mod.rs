//! Known divergences: real bugs of the pinned engines, each with its reproducer in
//! `corpora/regressions/`. Every command that meets divergences matches them against one list:
//! `crosscheck fuzz` counts a known bug under its name and stores its first instance apart
//! (`known/NAME/` of the finding directory) instead of reporting a new finding, `findings`,
//! `replay` and `report` name the known bug a finding is, and the cargo fuzz targets (see
//! [`crate::fuzzing`]) do not stop on one. A fuzz target that panics on the same known bug every
//! few seconds finds nothing else; with the list, it keeps looking.
//!
//! The list is `corpora/known.toml` (built into the binary) plus the files given with `--known
//! FILE`; `--known none` empties it (every divergence is reported). The fuzz targets, which take
//! no flags, read [`KNOWN_VAR`] instead. The format:
//!
//! ```toml
//! [[known]]
//! name = "winch-bulk-operation-fuel"
//! reason = "why the divergence is a known bug"
//! regressions = ["winch-bulk-memory-fuel"]   # directories of corpora/regressions/
//! sides = ["winch-*", "cranelift-*"]         # the two sides of the divergence
//! except = ["*fuel=off*", "*cow=off*"]       # never on the first side (one pattern or a list)
//! fuel = true                                # only plans with engine fuel
//! module = "bulk-operation"                  # the construct that triggers it (or a list: all)
//! no_construct = "why none exists"           # instead of `module`, when no construct can
//! classes = ["fuel"]                         # the classes the bug has shown (all when absent)
//! classes_only = "why other classes are not" # limits the entry to `classes` despite `module`
//! versions = ">=43, <51"                     # the releases with the bug (the harness's alone
//!                                            # when absent; see `view`)
//! detail = "failed to match ISA requirements" # only divergences whose detail contains this
//!                                            # (with `*`: whose whole detail matches the pattern)
//! avoid = { setting = "avx2=off", proposal = "simd" } # how `fuzz --avoid-known` keeps clear
//! ```
//!
//! An entry names its root cause: what in the module triggers the bug (`module`, constructs
//! recognized in the code, see [`ModuleConstruct`]) and in the engines' configuration (`sides`,
//! `except`), narrowly enough that another bug of the same engines and class does not match. An
//! entry with neither `module` nor `no_construct` is refused when the list is read.
//!
//! An entry matches a divergence when every condition it states holds. `sides` holds when the
//! disagreeing pair has one engine on each side, no engine group at the diverging step mixes
//! engines of the two sides, and an engine of the first side is among the engines that broke (the
//! divergence's breaking group, see [`crate::compare::cause`]) or the first side's engines
//! outnumber the second's (a majority that shares a bug outvotes the engines that are right; in
//! the Wasmtime-only classes `fuel` and `backtrace`, wasmi aside, and in a divergence no oracle
//! judged, a tie will do, the breaking group of a tie being a convention there). A
//! side is a pattern of engine names, settings included, where `*` stands for any text
//! (`winch-x64*` is every Winch x86_64 engine, `winch-aarch64*bti=on*` those with BTI on); an
//! engine that matches the first side's pattern is never on the second side, so `*` as the second
//! side means "every other engine". Engines of other builds (`winch-x64@43.0.0`) count as their
//! family on the side that agrees, and on the first side only when `versions` covers their build
//! (see `view`). `except` is a pattern of engines, or a list of them, kept off the first side
//! although they match it (`*signals=off*` where a setting hides the bug). `classes` limits an
//! entry without a construct, or with `classes_only`; an entry with a construct also matches a
//! divergence of another class (one root cause, another symptom: [`Symptom::Other`]), a crash
//! excepted (computing a wrong value or fuel count does not kill an engine). A `detail`
//! with a `*` is a pattern of the whole detail, `*` standing for any text; one without is text
//! the detail must contain. `avoid` names the engine setting (`KNOB=VALUE`) that, on an engine of
//! the first side and for a module using `proposal` (any module when absent), triggers the bug:
//! the configuration swarm then leaves that setting at its default (see
//! `crate::engines::config_swarm`). A divergence that matches no entry on its module is matched
//! again on its reduction, when it has one ([`KnownList::matching_or_reduced`]). Matching never
//! changes a comparison: the divergence is still detected, and only the decision to report it is
//! affected.

use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use crosscheck_oracles::{Proposal, naming};

use crate::compare::{Class, Divergence};
use crate::engines::AvoidedSetting;

pub mod absorbed;
mod construct;
#[cfg(test)]
mod precision;
mod versions;
mod view;

pub use absorbed::{Absorbed, REVIEW_SIGNATURES};
pub use construct::ModuleConstruct;
pub use versions::VersionReq;

/// The environment variable naming the known-divergence list of the fuzz targets: unset means the
/// built-in `corpora/known.toml`, `off` means none (every divergence is reported), anything else
/// is the path of a TOML file in the format of the module documentation.
pub const KNOWN_VAR: &str = "CROSSCHECK_FUZZ_KNOWN";

/// The checked-in list, `corpora/known.toml`.
pub const BUILT_IN: &str = include_str!("../../corpora/known.toml");

/// How a campaign keeps clear of a known bug: the setting that triggers it, and the module
/// feature it needs.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Avoid {
    /// The engine setting, `KNOB=VALUE` (a knob of `crosscheck engines --configs`), of the
    /// engines of the entry's first side.
    pub setting: String,
    /// The proposal (kebab-case name) a module must use for the setting to be avoided; every
    /// module when absent.
    pub proposal: Option<String>,
}

impl Avoid {
    /// The knob and value of [`Avoid::setting`].
    pub fn knob(&self) -> (&str, &str) {
        self.setting.split_once('=').unwrap_or((self.setting.as_str(), ""))
    }

    /// The proposal, when one is named.
    pub fn proposal(&self) -> Option<Proposal> {
        let name = self.proposal.as_deref()?;
        Proposal::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// One known bug: the conditions a divergence meets when it is this bug.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Known {
    /// A short name, printed when the entry first matches.
    pub name: String,
    /// Why the divergence is a known bug, not a new one.
    pub reason: String,
    /// The reproducers of the bug, directory names in `corpora/regressions/`.
    pub regressions: Vec<String>,
    /// Engine-name patterns of the two sides.
    pub sides: [String; 2],
    /// Engine-name patterns, one or a list, that keep engines off the first side even when they
    /// match it (for example `*signals=off*`, where a setting makes the bug go away).
    pub except: Option<Patterns>,
    /// When true, only divergences of a plan with engine fuel.
    #[serde(default)]
    pub fuel: bool,
    /// The class names the bug has shown (all when absent). They limit the entry when it names
    /// no construct, or when `classes_only` says why; otherwise a divergence of another class in
    /// a module with the construct is the same bug, another symptom of it ([`Symptom::Other`]).
    pub classes: Option<Vec<String>>,
    /// Why the entry is limited to `classes` although it names a construct.
    pub classes_only: Option<String>,
    /// The constructs the module must contain, one or a list (all of them): what in the module
    /// triggers the bug.
    pub module: Option<Constructs>,
    /// Why no construct of the module names the bug; required when `module` is absent.
    pub no_construct: Option<String>,
    /// The builds the bug is in, a version requirement (`">=43, <51"`, see [`VersionReq`]): engines
    /// of other builds labeled with a version that meets it (`winch-x64@43.0.0`) may then be the
    /// breaking side, and the harness's own engines only when their version meets it. Absent, the
    /// bug is one of the harness's own engines alone.
    pub versions: Option<VersionReq>,
    /// Text the divergence's detail must contain (for example a panic message), or, when it holds
    /// a `*`, a pattern the whole detail must match.
    pub detail: Option<String>,
    /// How campaigns avoid the bug (`fuzz --avoid-known`).
    pub avoid: Option<Avoid>,
}

/// One pattern or a list of them (`except = "*a*"` or `except = ["*a*", "*b*"]`).
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum Patterns {
    /// A single pattern.
    One(String),
    /// Several patterns: any of them.
    Many(Vec<String>),
}

impl Patterns {
    /// The patterns.
    pub fn all(&self) -> &[String] {
        match self {
            Patterns::One(one) => std::slice::from_ref(one),
            Patterns::Many(many) => many,
        }
    }
}

/// One construct or a list of them (`module = "memory-grow"` or `module = ["a", "b"]`).
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum Constructs {
    /// A single construct.
    One(ModuleConstruct),
    /// Several constructs: all of them.
    All(Vec<ModuleConstruct>),
}

impl Constructs {
    /// The constructs.
    pub fn all(&self) -> &[ModuleConstruct] {
        match self {
            Constructs::One(one) => std::slice::from_ref(one),
            Constructs::All(all) => all,
        }
    }
}

/// How a divergence is an entry's bug.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Symptom {
    /// Of one of the classes the entry lists.
    Recorded,
    /// Of another class, in a module with the entry's construct: another symptom of the bug.
    Other(Class),
}

/// An entry that a divergence matches, and how.
#[derive(Clone, Copy, Debug)]
pub struct Match<'a> {
    /// The entry.
    pub entry: &'a Known,
    /// The class of the divergence against the entry's.
    pub symptom: Symptom,
    /// Whether the original module did not match and its reduction did.
    pub after_reduction: bool,
}

impl Match<'_> {
    /// The entry's name with what sets this match apart, e.g. `wasmi-select-on-zero-test-inverted
    /// (another symptom: trap; matched after reduction)`.
    pub fn describe(&self) -> String {
        let mut notes = Vec::new();
        if let Symptom::Other(class) = self.symptom {
            notes.push(format!("another symptom: {}", class.name()));
        }
        if self.after_reduction {
            notes.push("matched after reduction".to_string());
        }
        if notes.is_empty() {
            self.entry.name.clone()
        } else {
            format!("{} ({})", self.entry.name, notes.join("; "))
        }
    }
}

/// The class names an entry's `classes` may hold.
const CLASS_NAMES: &[&str] = &[
    "result",
    "trap",
    "state",
    "crash",
    "host-calls",
    "stack-overflow",
    "hang",
    "fuel",
    "backtrace",
];

/// The value of `--known` that empties the list.
pub const NONE: &str = "none";

/// A list of known bugs.
#[derive(Clone, Debug, Default)]
pub struct KnownList {
    entries: Vec<Known>,
}

impl KnownList {
    /// Parses a list; `origin` names it in errors.
    ///
    /// # Errors
    ///
    /// One line naming `origin`, and for an entry its name (or its position, `#N`) and the
    /// field: malformed TOML, an unknown or missing field, an empty reason or no regression, an
    /// empty side or `except`, an unknown class, an `avoid.setting` without `=` or an unknown
    /// `avoid.proposal`.
    pub fn parse(text: &str, origin: &str) -> Result<KnownList> {
        let one_line = |e: &dyn std::fmt::Display| e.to_string().replace('\n', " ").trim().to_string();
        let table: toml::Table = toml::from_str(text).map_err(|e| anyhow::anyhow!("{origin}: {}", one_line(&e)))?;
        if let Some(key) = table.keys().find(|k| *k != "known") {
            bail!("{origin}: unknown top-level key `{key}` (expected `[[known]]` entries)");
        }
        let items = match table.get("known") {
            None => Vec::new(),
            Some(toml::Value::Array(items)) => items.clone(),
            Some(_) => bail!("{origin}: `known` must be an array of tables (`[[known]]`)"),
        };
        let mut entries = Vec::new();
        for (i, item) in items.into_iter().enumerate() {
            let label = match item.get("name").and_then(toml::Value::as_str) {
                Some(name) => format!("entry `{name}`"),
                None => format!("entry #{}", i + 1),
            };
            let entry: Known = item
                .try_into()
                .map_err(|e: toml::de::Error| anyhow::anyhow!("{origin}: {label}: {}", one_line(&e)))?;
            entry.check().map_err(|field| match field {
                "module" => anyhow::anyhow!(
                    "{origin}: {label}: field `module`: name the construct that triggers the bug, or say \
                     why none exists with `no_construct`"
                ),
                _ => anyhow::anyhow!("{origin}: {label}: field `{field}`"),
            })?;
            entries.push(entry);
        }
        Ok(KnownList { entries })
    }

    /// The list [`KNOWN_VAR`] selects (the fuzz targets').
    ///
    /// # Errors
    ///
    /// An unreadable or malformed file.
    pub fn from_env() -> Result<KnownList> {
        match std::env::var(KNOWN_VAR) {
            Ok(value) if value == "off" => Ok(KnownList::default()),
            Ok(path) if !path.is_empty() => KnownList::read(Path::new(&path)),
            _ => KnownList::built_in(),
        }
    }

    /// The built-in list, `corpora/known.toml`.
    ///
    /// # Errors
    ///
    /// When the built-in list is malformed (a test keeps it from being).
    pub fn built_in() -> Result<KnownList> {
        KnownList::parse(BUILT_IN, "corpora/known.toml")
    }

    /// Reads a list from a file.
    ///
    /// # Errors
    ///
    /// An unreadable or malformed file, in one line naming it.
    pub fn read(path: &Path) -> Result<KnownList> {
        let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        KnownList::parse(&text, &path.display().to_string())
    }

    /// The list of a command's `--known` values: the built-in list plus each file, or nothing
    /// when a value is [`NONE`].
    ///
    /// # Errors
    ///
    /// As [`KnownList::read`].
    pub fn from_args(files: &[std::path::PathBuf]) -> Result<KnownList> {
        if files.iter().any(|f| f.as_os_str() == NONE) {
            return Ok(KnownList::default());
        }
        let mut list = KnownList::built_in()?;
        for file in files {
            list.entries.extend(KnownList::read(file)?.entries);
        }
        Ok(list)
    }

    /// The entries, in file order.
    pub fn entries(&self) -> &[Known] {
        &self.entries
    }

    /// The settings of the entries that say how to avoid them ([`Avoid`]), in the list's order,
    /// for the configuration swarm: each avoided on the engines of its entry's first side
    /// ([`Known::on_first_side`]), counted under the entry's name.
    pub fn settings_to_avoid(&self) -> Vec<AvoidedSetting> {
        self.entries
            .iter()
            .filter_map(|known| {
                let avoid = known.avoid.as_ref()?;
                let (knob, value) = avoid.knob();
                let entry = known.clone();
                Some(AvoidedSetting {
                    name: known.name.clone(),
                    knob: knob.to_string(),
                    value: value.to_string(),
                    proposal: avoid.proposal(),
                    fuel_only: known.fuel,
                    engines: Arc::new(move |engine: &str| entry.on_first_side(engine)),
                })
            })
            .collect()
    }

    /// The entry that `divergence`, of module `wasm` run with engine fuel when `fuel`, matches:
    /// the first that lists its class, else the first that matches it as another symptom.
    pub fn matching(&self, divergence: &Divergence, wasm: &[u8], fuel: bool) -> Option<Match<'_>> {
        let judged: Vec<(&Known, Symptom)> = self
            .entries
            .iter()
            .filter_map(|k| Some((k, k.judge(divergence, wasm, fuel)?)))
            .collect();
        let (entry, symptom) = judged
            .iter()
            .find(|(_, s)| *s == Symptom::Recorded)
            .or_else(|| judged.first())
            .copied()?;
        Some(Match {
            entry,
            symptom,
            after_reduction: false,
        })
    }

    /// As [`KnownList::matching`], and when `divergence` matches no entry on `wasm`, on its
    /// reduced module `reduced` (of a plan with engine fuel when its flag is set), noted
    /// [`Match::after_reduction`].
    pub fn matching_or_reduced(
        &self,
        divergence: &Divergence,
        (wasm, fuel): (&[u8], bool),
        reduced: Option<(&[u8], bool)>,
    ) -> Option<Match<'_>> {
        self.matching(divergence, wasm, fuel).or_else(|| {
            let (wasm, fuel) = reduced?;
            let found = self.matching(divergence, wasm, fuel)?;
            Some(Match {
                after_reduction: true,
                ..found
            })
        })
    }

    /// The entry that the recorded finding `finding` matches: on its original module and plan,
    /// else on its reduction when it has one.
    pub fn matching_finding(&self, finding: &crate::finding::Finding) -> Option<Match<'_>> {
        let divergence = finding.meta.divergence();
        let reduced = finding.reduced().ok().flatten();
        self.matching_or_reduced(
            &divergence,
            (&finding.wasm, finding.plan.options.fuel.is_some()),
            reduced.as_ref().map(|(w, p)| (w.as_slice(), p.options.fuel.is_some())),
        )
    }
}

impl Known {
    /// The first field that is out of range, by name.
    fn check(&self) -> std::result::Result<(), &'static str> {
        if self.reason.trim().is_empty() {
            return Err("reason");
        }
        if self.regressions.is_empty() {
            return Err("regressions");
        }
        if self.sides.iter().any(|s| s.trim().is_empty()) {
            return Err("sides");
        }
        if self
            .except
            .as_ref()
            .is_some_and(|e| e.all().is_empty() || e.all().iter().any(|p| p.trim().is_empty()))
        {
            return Err("except");
        }
        if let Some(classes) = &self.classes
            && (classes.is_empty() || classes.iter().any(|c| !CLASS_NAMES.contains(&c.as_str())))
        {
            return Err("classes");
        }
        let said = |text: &Option<String>| text.as_ref().map(|t| !t.trim().is_empty());
        match (&self.module, said(&self.no_construct)) {
            (None, None) => return Err("module"),
            (Some(m), None) if m.all().is_empty() => return Err("module"),
            (None, Some(true)) | (Some(_), None) => {}
            _ => return Err("no_construct"),
        }
        if said(&self.classes_only) == Some(false) || (self.classes_only.is_some() && self.classes.is_none()) {
            return Err("classes_only");
        }
        if let Some(avoid) = &self.avoid {
            let (knob, value) = avoid.knob();
            if knob.is_empty() || value.is_empty() {
                return Err("avoid.setting");
            }
            if avoid.proposal.is_some() && avoid.proposal().is_none() {
                return Err("avoid.proposal");
            }
        }
        Ok(())
    }

    /// Whether `engine` (a full engine name) is on the entry's first side, the breaking one.
    pub fn on_first_side(&self, engine: &str) -> bool {
        pattern(&self.sides[0], engine)
            && !self
                .except
                .as_ref()
                .is_some_and(|e| e.all().iter().any(|p| pattern(p, engine)))
    }

    /// Whether `divergence`, of module `wasm` run with engine fuel when `fuel`, is this bug: every
    /// condition the entry states holds (see the module documentation).
    pub fn matches(&self, divergence: &Divergence, wasm: &[u8], fuel: bool) -> bool {
        self.judge(divergence, wasm, fuel).is_some()
    }

    /// How `divergence`, of module `wasm` run with engine fuel when `fuel`, is this bug; `None`
    /// when it is not (see the module documentation).
    pub fn judge(&self, divergence: &Divergence, wasm: &[u8], fuel: bool) -> Option<Symptom> {
        if self.fuel && !fuel {
            return None;
        }
        let listed = self
            .classes
            .as_ref()
            .is_none_or(|classes| classes.iter().any(|c| c == divergence.class.name()));
        // A crash (a panic, a signal, a worker's death) is never another symptom of a wrong value
        // or fuel count: sandboxed code that computes wrongly does not kill its engine.
        let limited = self.module.is_none() || self.classes_only.is_some() || divergence.class == Class::Crash;
        if !listed && limited {
            return None;
        }
        let divergence = view::for_entry(self, divergence)?;
        let [a, b] = &divergence.engines;
        let left = |e: &str| self.on_first_side(e);
        let right = |e: &str| pattern(&self.sides[1], e) && !left(e);
        let paired = (left(a) && right(b)) || (left(b) && right(a));
        let mixed = divergence
            .groups
            .iter()
            .any(|g| g.iter().any(|e| left(e)) && g.iter().any(|e| right(e)));
        // The bug's engines are among those that broke (when the divergence says which), or they
        // outnumber the others: a majority that shares a bug outvotes the engines that are right
        // (two aarch64 engines that keep a partial store against wasmi alone). In the classes only
        // Wasmtime engines are compared in (`fuel`, `backtrace`), wasmi does not count, and a tie
        // will do: which of two equal groups broke is then a convention (the one without a
        // Cranelift engine, see `compare::cause`), not what the engines showed. The same holds of
        // a divergence no oracle judged (a module wasmi does not compile): a tie of Wasmtime
        // engines is decided by the same convention.
        let wasmtime_only = matches!(divergence.class, Class::Fuel | Class::Backtrace);
        let by_convention = wasmtime_only || divergence.without_oracle();
        let count = |side: &dyn Fn(&str) -> bool| {
            let counted = |e: &&String| !(wasmtime_only && crate::compare::cause::family(e) == naming::WASMI);
            divergence
                .groups
                .iter()
                .flatten()
                .filter(counted)
                .filter(|e| side(e))
                .count()
        };
        let (ours, theirs) = (count(&left), count(&right));
        let broke = divergence.minority.is_empty()
            || divergence.minority.iter().any(|e| left(e))
            || ours > theirs
            || (by_convention && ours == theirs);
        if !paired || mixed || !broke {
            return None;
        }
        if let Some(text) = &self.detail {
            let holds = if text.contains('*') {
                pattern(text, &divergence.detail)
            } else {
                divergence.detail.contains(text.as_str())
            };
            if !holds {
                return None;
            }
        }
        if let Some(constructs) = &self.module
            && !constructs.all().iter().all(|c| c.is_in(wasm))
        {
            return None;
        }
        Some(if listed {
            Symptom::Recorded
        } else {
            Symptom::Other(divergence.class)
        })
    }
}

/// Whether `text` (an engine name, or a divergence's detail) matches `pattern`, where each `*`
/// stands for any text.
fn pattern(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::Class;

    fn divergence(class: Class, engines: [&str; 2], groups: &[&[&str]]) -> Divergence {
        Divergence {
            class,
            step: 1,
            engines: engines.map(String::from),
            key: String::new(),
            detail: String::new(),
            groups: groups
                .iter()
                .map(|g| g.iter().map(|e| e.to_string()).collect())
                .collect(),
            minority: Vec::new(),
            cause: String::new(),
        }
    }

    /// Without the oracle the breaking side of a tie is a convention (Winch against Cranelift
    /// makes Winch the one that broke): an entry for the other side matches it too; with wasmi's
    /// vote the engine that broke must be on the entry's first side.
    #[test]
    fn a_tie_without_the_oracle_matches_either_side() {
        let list = KnownList::parse(
            r#"
            [[known]]
            name = "cranelift-only"
            reason = "a test"
            regressions = ["x"]
            sides = ["cranelift-x64*", "*"]
            no_construct = "a test"
            "#,
            "test",
        )
        .unwrap();
        let (winch, speed) = ("winch-x64", "cranelift-x64:speed");
        let mut tie = divergence(Class::Result, [winch, speed], &[&[speed], &[winch]]);
        tie.minority = vec![winch.into()];
        assert!(tie.without_oracle() && tie.tie());
        assert!(list.matching(&tie, &[], false).is_some());
        let mut judged = divergence(Class::Result, [winch, speed], &[&[speed], &[winch], &["wasmi"]]);
        judged.minority = vec![winch.into()];
        assert!(list.matching(&judged, &[], false).is_none());
    }

    /// The partial out-of-bounds store of a mutation-score campaign (2026-12-06): Winch with a
    /// reservation checks bounds in code and sides with wasmi, Cranelift still writes; and which
    /// other settings put an engine on either side.
    #[test]
    fn a_winch_with_a_reservation_sides_with_wasmi_in_the_partial_store_bug() {
        let list = KnownList::parse(BUILT_IN, "corpora/known.toml").unwrap();
        let entry = list
            .entries()
            .iter()
            .find(|e| e.name == "aarch64-partial-out-of-bounds-store")
            .unwrap();
        let winch = "winch-aarch64,pauth=on,reservation=16m,guard=64k,fuel=on";
        let cranelift = "cranelift-aarch64:size,lse=off,may_move=off,lazy_tables=off,fuel=on";
        let mut d = divergence(Class::State, [winch, cranelift], &[&[winch, "wasmi"], &[cranelift]]);
        d.detail = "memory \"memory\" first differs at offset 0xfff1; bytes 0xffe1..0x10000: 00 / 46".into();
        let store =
            wat::parse_str("(module (memory 1) (func (v128.store (i32.const 65521) (v128.const i64x2 1 1))))").unwrap();
        assert!(entry.matches(&d, &store, false));
        assert!(!entry.matches(&d, &[], false), "no v128 store, not this bug");
        // Which engines write the 8 bytes (the first side), as replays of that finding showed.
        let writes = [
            ("winch-aarch64", true),
            ("winch-aarch64,guard=64k", true),
            ("winch-aarch64,reservation=0", false),
            ("winch-aarch64,guard=0", false),
            (winch, false),
            ("cranelift-aarch64:speed,reservation=0", true),
            ("cranelift-aarch64:speed,guard=0", true),
            ("cranelift-aarch64:speed,reservation=16m,guard=0", true),
            ("cranelift-aarch64:speed,reservation=0,guard=0", false),
            ("cranelift-aarch64:speed,signals=off", false),
        ];
        for (engine, first) in writes {
            assert_eq!(entry.on_first_side(engine), first, "{engine}");
        }
    }

    #[test]
    fn the_built_in_list_parses_and_names_existing_regressions() {
        let list = KnownList::parse(BUILT_IN, "corpora/known.toml").unwrap();
        assert!(!list.entries().is_empty());
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/regressions");
        for entry in list.entries() {
            for dir in &entry.regressions {
                assert!(root.join(dir).join("finding.json").is_file(), "{}: {dir}", entry.name);
            }
        }
    }

    #[test]
    fn sides_fuel_and_classes_must_all_hold() {
        let list = KnownList::parse(
            r#"
            [[known]]
            name = "w"
            reason = "r"
            regressions = ["x"]
            sides = ["winch-*", "cranelift-*"]
            fuel = true
            classes = ["fuel", "host-calls"]
            no_construct = "a test"
            "#,
            "test",
        )
        .unwrap();
        let wasm = wat::parse_str("(module)").unwrap();
        let split = divergence(
            Class::Fuel,
            ["winch-x64", "cranelift-x64:o0"],
            &[&["cranelift-x64:o0", "cranelift-x64:speed"], &["winch-x64"]],
        );
        assert!(list.matching(&split, &wasm, true).is_some());
        assert!(
            list.matching(&split, &wasm, false).is_none(),
            "fuel = true needs a fuel plan"
        );
        let swapped = divergence(
            Class::Fuel,
            ["cranelift-x64:o0", "winch-x64"],
            &[&["cranelift-x64:o0"], &["winch-x64"]],
        );
        assert!(
            list.matching(&swapped, &wasm, true).is_some(),
            "the sides are unordered"
        );
        let mixed = divergence(
            Class::Fuel,
            ["winch-x64", "cranelift-x64:o0"],
            &[&["cranelift-x64:o0"], &["winch-x64", "cranelift-x64:speed"]],
        );
        assert!(
            list.matching(&mixed, &wasm, true).is_none(),
            "a Cranelift engine sides with Winch"
        );
        let result = divergence(
            Class::Result,
            ["winch-x64", "cranelift-x64:o0"],
            &[&["cranelift-x64:o0"], &["winch-x64"]],
        );
        assert!(list.matching(&result, &wasm, true).is_none(), "class not listed");
        let wasmi = divergence(Class::Fuel, ["winch-x64", "wasmi"], &[&["wasmi"], &["winch-x64"]]);
        assert!(
            list.matching(&wasmi, &wasm, true).is_none(),
            "wasmi is not a Cranelift engine"
        );
    }

    #[test]
    fn patterns_match_settings_anywhere_and_sides_are_disjoint() {
        assert!(pattern("winch-aarch64*bti=on*", "winch-aarch64,lse=off,bti=on,fuel=on"));
        assert!(pattern("winch-aarch64*bti=on*", "winch-aarch64,bti=on"));
        assert!(!pattern("winch-aarch64*bti=on*", "winch-aarch64,pauth=on"));
        assert!(!pattern("winch-aarch64*bti=on*", "cranelift-aarch64:o0,bti=on"));
        assert!(pattern("wasmi", "wasmi") && !pattern("wasmi", "wasmi,fuel=on"));
        let entry = |sides: [&str; 2]| Known {
            name: "k".into(),
            reason: "r".into(),
            regressions: vec!["r".into()],
            sides: sides.map(String::from),
            fuel: false,
            classes: None,
            module: None,
            no_construct: Some("a test".into()),
            classes_only: None,
            versions: None,
            except: None,
            detail: Some("SIGILL".into()),
            avoid: None,
        };
        let bti = "winch-aarch64,bti=on";
        let mut d = divergence(Class::Crash, ["wasmi", bti], &[&["wasmi", "winch-aarch64"], &[bti]]);
        d.detail = "crashed: killed by signal 4 (SIGILL)".into();
        assert!(entry(["winch-aarch64*bti=on*", "*"]).matches(&d, &[], false));
        let mut other = d.clone();
        other.detail = "crashed: killed by signal 11 (SIGSEGV)".into();
        assert!(!entry(["winch-aarch64*bti=on*", "*"]).matches(&other, &[], false));
        let mixed = divergence(
            Class::Crash,
            ["wasmi", bti],
            &[&["wasmi"], &[bti, "winch-aarch64,bti=on,fuel=on"]],
        );
        let mut mixed_sigill = mixed.clone();
        mixed_sigill.detail = d.detail.clone();
        assert!(entry(["winch-aarch64*bti=on*", "*"]).matches(&mixed_sigill, &[], false));
        let split = divergence(Class::Crash, ["wasmi", bti], &[&["wasmi", bti]]);
        assert!(!entry(["winch-aarch64*bti=on*", "*"]).matches(&split, &[], false));
    }

    #[test]
    fn except_keeps_a_setting_off_the_first_side() {
        let list = KnownList::parse(
            r#"
            [[known]]
            name = "partial-store"
            reason = "r"
            regressions = ["x"]
            sides = ["*-aarch64*", "*"]
            except = "*signals=off*"
            no_construct = "a test"
            "#,
            "test",
        )
        .unwrap();
        let (winch, speed, off) = (
            "winch-aarch64",
            "cranelift-aarch64:speed",
            "cranelift-aarch64:speed,signals=off",
        );
        let mut d = divergence(Class::State, [winch, off], &[&[winch, speed], &[off, "wasmi"]]);
        d.minority = vec![winch.into(), speed.into()];
        assert!(list.matching(&d, &[], false).is_some());
        let entry = &list.entries()[0];
        assert!(entry.on_first_side(speed) && !entry.on_first_side(off));
        // Without a signals=off engine the two aarch64 engines outvote wasmi, which is right.
        let mut outvoted = divergence(Class::State, [winch, "wasmi"], &[&[winch, speed], &["wasmi"]]);
        outvoted.minority = vec!["wasmi".into()];
        assert!(list.matching(&outvoted, &[], false).is_some());
        // One against one, the engine that breaks must be on the first side.
        let mut alone = divergence(Class::State, [winch, "wasmi"], &[&[winch], &["wasmi"]]);
        alone.minority = vec!["wasmi".into()];
        assert!(list.matching(&alone, &[], false).is_none());
        let mut without = entry.clone();
        without.except = None;
        assert!(
            !without.matches(&d, &[], false),
            "signals=off sides with wasmi: a mixed group"
        );
        assert!(KnownList::parse(
            "[[known]]\nname = \"w\"\nreason = \"r\"\nregressions = [\"x\"]\nsides = [\"a\", \"b\"]\nexcept = \" \"\n",
            "f"
        )
        .unwrap_err()
        .to_string()
        .contains("except")); // A list: an engine that bound-checks in code for want of a reservation sides with
        // wasmi too (the campaign `--engines all --seed 11` of 2026-12-06).
        let reserved = "winch-aarch64,reservation=0";
        let mut both = divergence(
            Class::State,
            [winch, off],
            &[&[winch, speed], &[off, reserved, "wasmi"]],
        );
        both.minority = vec![winch.into(), speed.into()];
        assert!(!entry.matches(&both, &[], false), "one pattern: a mixed group");
        let mut listed = entry.clone();
        listed.except = Some(Patterns::Many(vec!["*signals=off*".into(), "*reservation=0*".into()]));
        assert!(listed.matches(&both, &[], false) && !listed.on_first_side(reserved));
        assert!(
            KnownList::parse(
                "[[known]]\nname = \"w\"\nreason = \"r\"\nregressions = [\"x\"]\nsides = [\"a\", \"b\"]\nexcept = []\n",
                "f"
            )
            .unwrap_err()
            .to_string()
            .contains("except")
        );
    }

    #[test]
    fn a_detail_with_a_star_is_a_pattern_of_the_whole_detail() {
        let mut e = Known {
            name: "k".into(),
            reason: "r".into(),
            regressions: vec!["r".into()],
            sides: ["*-aarch64*".into(), "*".into()],
            fuel: false,
            classes: None,
            module: None,
            no_construct: Some("a test".into()),
            classes_only: None,
            versions: None,
            except: None,
            detail: Some("*first differs at offset 0x*..0x*0000: *".into()),
            avoid: None,
        };
        let (a, b) = ("winch-aarch64", "wasmi");
        let mut d = divergence(Class::State, [a, b], &[&[a], &[b]]);
        d.minority = vec![a.into()];
        let at = |e: &Known, detail: &str, d: &mut Divergence| {
            d.detail = detail.into();
            e.matches(d, &[], false)
        };
        assert!(at(
            &e,
            "memory \"m\" first differs at offset 0xfff2; bytes 0xffe2..0x10000: 00 / 01",
            &mut d
        ));
        assert!(at(
            &e,
            "memory \"4\" first differs at offset 0x4fff8; bytes 0x4ffe8..0x50000: 00 / 01",
            &mut d
        ));
        assert!(!at(
            &e,
            "memory \"m\" first differs at offset 0x120; bytes 0x110..0x130: 00 / 01",
            &mut d
        ));
        e.detail = Some("offset 0xff".into());
        assert!(
            at(&e, "memory \"m\" first differs at offset 0xfff2; bytes", &mut d),
            "no star: contained"
        );
        assert!(!at(&e, "memory \"4\" first differs at offset 0x4fff8; bytes", &mut d));
    }

    #[test]
    fn a_malformed_entry_is_named_with_its_field() {
        let err = |text: &str| KnownList::parse(text, "test.toml").unwrap_err().to_string();
        let base = "[[known]]\nname = \"w\"\nreason = \"r\"\nregressions = [\"x\"]\nsides = [\"a\", \"b\"]\nno_construct = \"t\"\n";
        let no_reason = err("[[known]]\nname = \"w\"\nreason = \"\"\nregressions = [\"x\"]\nsides = [\"a\", \"b\"]\n");
        assert_eq!(no_reason, "test.toml: entry `w`: field `reason`");
        let unknown = err(&format!("{base}sidez = 1\n"));
        assert!(
            unknown.starts_with("test.toml: entry `w`: ") && unknown.contains("sidez"),
            "{unknown}"
        );
        assert!(!unknown.contains('\n'), "{unknown}");
        let class = err(&format!("{base}classes = [\"results\"]\n"));
        assert_eq!(class, "test.toml: entry `w`: field `classes`");
        let avoid = err(&format!("{base}avoid = {{ setting = \"avx2\" }}\n"));
        assert_eq!(avoid, "test.toml: entry `w`: field `avoid.setting`");
        let proposal = err(&format!(
            "{base}avoid = {{ setting = \"avx2=off\", proposal = \"simdd\" }}\n"
        ));
        assert_eq!(proposal, "test.toml: entry `w`: field `avoid.proposal`");
        let unnamed = err("[[known]]\nreason = \"r\"\n");
        assert!(
            unnamed.starts_with("test.toml: entry #1: ") && unnamed.contains("name"),
            "{unnamed}"
        );
        let ok = KnownList::parse(
            &format!("{base}avoid = {{ setting = \"avx2=off\", proposal = \"simd\" }}\n"),
            "t",
        )
        .unwrap();
        let avoid = ok.entries()[0].avoid.as_ref().unwrap();
        assert_eq!(
            (avoid.knob(), avoid.proposal()),
            (("avx2", "off"), Some(Proposal::Simd))
        );
    }

    #[test]
    fn none_empties_the_list_and_files_add_to_the_built_in_one() {
        assert!(KnownList::from_args(&[NONE.into()]).unwrap().entries().is_empty());
        let built_in = KnownList::built_in().unwrap().entries().len();
        let dir = tempfile::tempdir().unwrap();
        let extra = dir.path().join("extra.toml");
        std::fs::write(
            &extra,
            "[[known]]\nname = \"w\"\nreason = \"r\"\nregressions = [\"x\"]\nsides = [\"a\", \"b\"]\nno_construct = \"t\"\n",
        )
        .unwrap();
        assert_eq!(KnownList::from_args(&[extra]).unwrap().entries().len(), built_in + 1);
        let missing = KnownList::from_args(&[dir.path().join("missing.toml")]).unwrap_err();
        assert!(format!("{missing:#}").contains("missing.toml"), "{missing:#}");
    }
}
