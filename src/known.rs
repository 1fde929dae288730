//! Known divergences: real bugs of the pinned engines, each with its reproducer in
//! `corpora/regressions/`, that the cargo fuzz targets do not report again (see
//! [`crate::fuzzing`]). A fuzz target that panics on the same known bug every few seconds finds
//! nothing else; with the list, it keeps looking.
//!
//! The list is `corpora/known.toml` (built into the binary), or the file named by [`KNOWN_VAR`]:
//!
//! ```toml
//! [[known]]
//! name = "winch-fuel-accounting"
//! reason = "why the divergence is a known bug"
//! regressions = ["winch-bulk-memory-fuel"]   # directories of corpora/regressions/
//! sides = ["winch-*", "cranelift-*"]         # the two sides of the divergence
//! fuel = true                                # only plans with engine fuel
//! classes = ["fuel", "host-calls"]           # only these classes (all when absent)
//! module = "if-with-params"                  # only modules with this construct
//! detail = "failed to match ISA requirements" # only divergences whose detail contains this
//! ```
//!
//! An entry matches a divergence when every condition it states holds. `sides` holds when the
//! disagreeing pair has one engine on each side and no engine group at the diverging step mixes
//! engines of the two sides. A side is a pattern of engine names, settings included, where `*`
//! stands for any text (`winch-x64*` is every Winch x86_64 engine, `winch-aarch64*bti=on*` those
//! with BTI on); an engine that matches the first side's pattern is never on the second side, so
//! `*` as the second side means "every other engine". Matching never changes a comparison: the divergence is still detected, and only
//! the decision to report it is affected.

use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::Deserialize;
use wasmparser::{BlockType, CompositeInnerType, Operator, Parser, Payload};

use crate::compare::Divergence;

/// The environment variable naming the known-divergence list of the fuzz targets: unset means the
/// built-in `corpora/known.toml`, `off` means none (every divergence is reported), anything else
/// is the path of a TOML file in the format of the module documentation.
pub const KNOWN_VAR: &str = "CROSSCHECK_FUZZ_KNOWN";

/// The checked-in list, `corpora/known.toml`.
pub const BUILT_IN: &str = include_str!("../corpora/known.toml");

/// A construct of the module that a known bug needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ModuleConstruct {
    /// An `if` whose block type takes parameters (a type index with at least one parameter).
    IfWithParams,
    /// A `select` whose condition is an `i32` tested against zero right before it: `i32.eqz`, or
    /// `i32.eq`/`i32.ne` with an `i32.const 0` among its two operands' last instructions.
    SelectOnZeroTest,
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
    /// When true, only divergences of a plan with engine fuel.
    #[serde(default)]
    pub fuel: bool,
    /// Class names the entry is limited to (all when absent).
    pub classes: Option<Vec<String>>,
    /// A construct the module must contain.
    pub module: Option<ModuleConstruct>,
    /// Text the divergence's detail must contain (for example a panic message).
    pub detail: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    known: Vec<Known>,
}

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
    /// Malformed TOML, an unknown field, an empty reason or no regression named.
    pub fn parse(text: &str, origin: &str) -> Result<KnownList> {
        let file: File =
            toml::from_str(text).map_err(|e| anyhow::anyhow!("{origin}: {}", e.to_string().replace('\n', " ")))?;
        for entry in &file.known {
            if entry.reason.trim().is_empty() || entry.regressions.is_empty() {
                bail!("{origin}: known bug `{}` needs a reason and a regression", entry.name);
            }
        }
        Ok(KnownList { entries: file.known })
    }

    /// The list [`KNOWN_VAR`] selects.
    ///
    /// # Errors
    ///
    /// An unreadable or malformed file.
    pub fn from_env() -> Result<KnownList> {
        match std::env::var(KNOWN_VAR) {
            Ok(value) if value == "off" => Ok(KnownList::default()),
            Ok(path) if !path.is_empty() => {
                let text = std::fs::read_to_string(Path::new(&path)).with_context(|| format!("cannot read {path}"))?;
                KnownList::parse(&text, &path)
            }
            _ => KnownList::parse(BUILT_IN, "corpora/known.toml"),
        }
    }

    /// The entries, in file order.
    pub fn entries(&self) -> &[Known] {
        &self.entries
    }

    /// The first entry that `divergence`, of module `wasm` run with engine fuel when `fuel`,
    /// matches.
    pub fn matching(&self, divergence: &Divergence, wasm: &[u8], fuel: bool) -> Option<&Known> {
        self.entries.iter().find(|k| k.matches(divergence, wasm, fuel))
    }

    /// The first entry that the recorded finding `finding` matches (its original module and plan).
    pub fn matching_finding(&self, finding: &crate::finding::Finding) -> Option<&Known> {
        let meta = &finding.meta;
        let divergence = Divergence {
            class: meta.class,
            step: meta.step,
            engines: meta.engines.clone(),
            key: String::new(),
            detail: meta.detail.clone(),
            groups: meta.groups.clone(),
        };
        self.matching(&divergence, &finding.wasm, finding.plan.options.fuel.is_some())
    }
}

impl Known {
    fn matches(&self, divergence: &Divergence, wasm: &[u8], fuel: bool) -> bool {
        if self.fuel && !fuel {
            return false;
        }
        if let Some(classes) = &self.classes
            && !classes.iter().any(|c| c == divergence.class.name())
        {
            return false;
        }
        let [a, b] = &divergence.engines;
        let left = |e: &str| pattern(&self.sides[0], e);
        let right = |e: &str| pattern(&self.sides[1], e) && !left(e);
        let paired = (left(a) && right(b)) || (left(b) && right(a));
        let mixed = divergence
            .groups
            .iter()
            .any(|g| g.iter().any(|e| left(e)) && g.iter().any(|e| right(e)));
        if !paired || mixed {
            return false;
        }
        if let Some(text) = &self.detail
            && !divergence.detail.contains(text.as_str())
        {
            return false;
        }
        match self.module {
            Some(ModuleConstruct::IfWithParams) => has_if_with_params(wasm),
            Some(ModuleConstruct::SelectOnZeroTest) => has_select_on_zero_test(wasm),
            None => true,
        }
    }
}

/// Whether `engine` matches `pattern`, where each `*` stands for any text.
fn pattern(pattern: &str, engine: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = engine.strip_prefix(first) else {
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

/// Whether `wasm` has a `select` on a zero test (see [`ModuleConstruct::SelectOnZeroTest`]);
/// false when it does not parse.
fn has_select_on_zero_test(wasm: &[u8]) -> bool {
    for payload in Parser::new(0).parse_all(wasm) {
        let Ok(Payload::CodeSectionEntry(body)) = payload else {
            if payload.is_err() {
                return false;
            }
            continue;
        };
        let Ok(mut reader) = body.get_operators_reader() else {
            return false;
        };
        // The last three operators, most recent last.
        let mut recent: [Option<Operator>; 3] = [None, None, None];
        while !reader.eof() {
            let Ok(op) = reader.read() else { return false };
            if matches!(op, Operator::Select | Operator::TypedSelect { .. }) {
                let zero = |o: &Option<Operator>| matches!(o, Some(Operator::I32Const { value: 0 }));
                let tested = match &recent[2] {
                    Some(Operator::I32Eqz) => true,
                    Some(Operator::I32Eq | Operator::I32Ne) => zero(&recent[0]) || zero(&recent[1]),
                    _ => false,
                };
                if tested {
                    return true;
                }
            }
            recent.rotate_left(1);
            recent[2] = Some(op);
        }
    }
    false
}

/// Whether `wasm` has an `if` whose block type takes parameters; false when it does not parse.
fn has_if_with_params(wasm: &[u8]) -> bool {
    let mut params: Vec<usize> = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        match payload {
            Ok(Payload::TypeSection(reader)) => {
                for sub in reader.into_iter().flatten().flat_map(|g| g.into_types()) {
                    params.push(match &sub.composite_type.inner {
                        CompositeInnerType::Func(f) => f.params().len(),
                        _ => 0,
                    });
                }
            }
            Ok(Payload::CodeSectionEntry(body)) => {
                let Ok(mut reader) = body.get_operators_reader() else {
                    return false;
                };
                while !reader.eof() {
                    match reader.read() {
                        Ok(Operator::If {
                            blockty: BlockType::FuncType(t),
                        }) if params.get(t as usize).is_some_and(|n| *n > 0) => return true,
                        Ok(_) => {}
                        Err(_) => return false,
                    }
                }
            }
            Ok(_) => {}
            Err(_) => return false,
        }
    }
    false
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
            detail: Some("SIGILL".into()),
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
    fn an_if_with_block_parameters_is_recognized() {
        let with = wat::parse_str(
            "(module (func (result i32) i32.const 1 i32.const 0 (if (param i32) (result i32) (then) (else))))",
        )
        .unwrap();
        let without = wat::parse_str(
            "(module (func (result i32) i32.const 0 (if (result i32) (then i32.const 1) (else i32.const 2))))",
        )
        .unwrap();
        assert!(has_if_with_params(&with));
        assert!(!has_if_with_params(&without));
        assert!(!has_if_with_params(b"\0asm garbage"));
    }

    #[test]
    fn a_select_on_a_zero_test_is_recognized() {
        let select = |cond: &str| {
            let text = format!("(module (func (param i32 i32) (result i32) local.get 0 local.get 1 {cond} select))");
            has_select_on_zero_test(&wat::parse_str(text).unwrap())
        };
        assert!(select("local.get 0 i32.eqz"));
        assert!(select("local.get 1 i32.const 0 i32.ne"));
        assert!(select("i32.const 0 local.get 1 i32.eq"));
        assert!(!select("local.get 1 i32.const 1 i32.eq"));
        assert!(!select("local.get 1"));
        assert!(!has_select_on_zero_test(b"\0asm garbage"));
    }

    #[test]
    fn a_list_without_reason_or_regression_is_refused() {
        let err = KnownList::parse(
            "[[known]]\nname = \"w\"\nreason = \"\"\nregressions = []\nsides = [\"a\", \"b\"]\n",
            "test.toml",
        )
        .unwrap_err();
        assert!(err.to_string().contains("needs a reason and a regression"), "{err}");
    }
}
