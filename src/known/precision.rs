//! Precision of the built-in list: each entry matches its own reproducers, and not the same
//! divergence in a module without its construct; another class in a module with the construct is
//! the same bug; engines of other builds stand in for their family; a construct hidden in the
//! original module is matched on its reduction.

use std::path::Path;

use super::*;
use crate::compare::Class;
use crate::finding::Finding;

fn built_in() -> KnownList {
    KnownList::built_in().unwrap()
}

fn wasm(text: &str) -> Vec<u8> {
    wat::parse_str(text).unwrap()
}

/// A module with none of the constructs of the list: arithmetic, a call, a branch.
const PLAIN: &str = r#"(module (import "host" "log_i32" (func $log (param i32)))
    (func (export "f") (param i32) (result i32)
      (call $log (local.get 0))
      (block (br_if 0 (local.get 0)))
      (i32.mul (local.get 0) (i32.const 3))))"#;

fn reproducers(entry: &Known) -> Vec<Finding> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/regressions");
    entry
        .regressions
        .iter()
        .map(|dir| Finding::load(&root.join(dir)).unwrap())
        .collect()
}

#[test]
fn every_entry_matches_its_reproducers_and_only_with_its_construct() {
    let list = built_in();
    let plain = wasm(PLAIN);
    for entry in list.entries() {
        for finding in reproducers(entry) {
            let found = list.matching_finding(&finding);
            assert_eq!(
                found.map(|m| (m.entry.name.as_str(), m.symptom, m.after_reduction)),
                Some((entry.name.as_str(), Symptom::Recorded, false)),
                "{}",
                finding.dir.display()
            );
            let divergence = finding.meta.divergence();
            let fuel = finding.plan.options.fuel.is_some();
            if entry.module.is_some() {
                assert_eq!(
                    list.matching(&divergence, &plain, fuel).map(|m| m.entry.name.clone()),
                    None,
                    "{}: the same divergence without the construct",
                    finding.dir.display()
                );
            }
            // Another class on the same module: the same bug, noted, unless the entry is limited.
            let unlisted = |c: &Class| entry.classes.as_ref().is_some_and(|l| !l.iter().any(|n| n == c.name()));
            let Some(other) = [Class::Trap, Class::Result, Class::State, Class::HostCalls, Class::Fuel]
                .into_iter()
                .find(unlisted)
            else {
                continue;
            };
            let moved = Divergence {
                class: other,
                ..divergence.clone()
            };
            let limited = entry.module.is_none() || entry.classes_only.is_some();
            let expected = (!limited).then_some(Symptom::Other(other));
            assert_eq!(
                entry.judge(&moved, &finding.wasm, fuel),
                expected,
                "{}: class {}",
                finding.dir.display(),
                other.name()
            );
        }
    }
}

/// A Winch fuel bug that is none of the entries' (an off-by-one on `i32.mul`, a test double's)
/// is no known bug, in any class it shows as.
#[test]
fn a_winch_fuel_difference_without_a_known_construct_is_new() {
    let list = built_in();
    let plain = wasm(PLAIN);
    let groups = vec![
        vec!["cranelift-x64:o0".to_string(), "cranelift-x64:speed".to_string()],
        vec!["winch-x64".to_string()],
    ];
    for class in [
        Class::Fuel,
        Class::HostCalls,
        Class::Trap,
        Class::State,
        Class::Backtrace,
    ] {
        let d = Divergence {
            class,
            step: 1,
            engines: ["winch-x64".into(), "cranelift-x64:o0".into()],
            key: String::new(),
            detail: "fuel left: 994 / 995".into(),
            groups: groups.clone(),
            minority: vec!["winch-x64".into()],
            cause: "fuel-left".into(),
        };
        assert!(list.matching(&d, &plain, true).is_none(), "{}", class.name());
    }
}

#[test]
fn an_entry_without_a_construct_is_refused_unless_it_says_why() {
    let base =
        "[[known]]\nname = \"broad\"\nreason = \"r\"\nregressions = [\"x\"]\nsides = [\"winch-*\", \"cranelift-*\"]\n";
    let err = KnownList::parse(base, "k.toml").unwrap_err().to_string();
    assert!(err.starts_with("k.toml: entry `broad`: field `module`: "), "{err}");
    assert!(!err.contains('\n'), "{err}");
    assert!(KnownList::parse(&format!("{base}no_construct = \"any trap\"\n"), "k").is_ok());
    let both = format!("{base}module = \"memory-grow\"\nno_construct = \"why\"\n");
    assert_eq!(
        KnownList::parse(&both, "k").unwrap_err().to_string(),
        "k: entry `broad`: field `no_construct`"
    );
    let blank = format!("{base}no_construct = \" \"\n");
    assert!(KnownList::parse(&blank, "k").is_err());
    let only = format!("{base}module = \"memory-grow\"\nclasses_only = \"why\"\n");
    assert_eq!(
        KnownList::parse(&only, "k").unwrap_err().to_string(),
        "k: entry `broad`: field `classes_only`"
    );
    let versions = format!("{base}module = \"memory-grow\"\nversions = \"~43\"\n");
    let err = KnownList::parse(&versions, "k").unwrap_err().to_string();
    assert!(
        err.starts_with("k: entry `broad`: ") && err.contains("versions"),
        "{err}"
    );
}

/// The wasmi `select` bug reached through a divisor traps where the compilers return: the same
/// root cause, counted under its entry with the class noted.
#[test]
fn a_known_construct_shown_as_another_class_is_that_bug() {
    let list = built_in();
    let module = wasm(
        r#"(module (func (export "f") (param i32 i32) (result i32)
            (i32.rem_u (local.get 0)
              (select (i32.const -1) (i32.const 0) (i32.ne (local.get 1) (i32.const 0))))))"#,
    );
    let d = Divergence {
        class: Class::Trap,
        step: 1,
        engines: ["winch-x64".into(), "wasmi".into()],
        key: String::new(),
        detail: "returned / trapped: integer-divide-by-zero".into(),
        groups: vec![
            vec!["winch-x64".into(), "cranelift-x64:o0".into()],
            vec!["wasmi".into()],
        ],
        minority: vec!["wasmi".into()],
        cause: "integer-divide-by-zero".into(),
    };
    let found = list.matching(&d, &module, false).unwrap();
    assert_eq!(found.entry.name, "wasmi-select-on-zero-test-inverted");
    assert_eq!(found.symptom, Symptom::Other(Class::Trap));
    assert!(
        found.describe().contains("another symptom: trap"),
        "{}",
        found.describe()
    );
    // An entry limited to its classes for a stated reason takes no other class: a Winch result
    // in a module with a `table.copy` is not the empty-copy spill bug; its crash is.
    let copying = wasm(
        r#"(module (table 2 funcref)
            (func (export "f") (param i32) (result i32)
              (table.copy (i32.const 0) (i32.const 1) (local.get 0)) (local.get 0)))"#,
    );
    let result = Divergence {
        class: Class::Result,
        engines: ["winch-x64".into(), "cranelift-x64:o0".into()],
        groups: vec![vec!["cranelift-x64:o0".into()], vec!["winch-x64".into()]],
        minority: vec!["winch-x64".into()],
        cause: "i32".into(),
        ..d.clone()
    };
    assert!(list.matching(&result, &copying, false).is_none());
    let crash = Divergence {
        class: Class::Crash,
        detail: "worker died: killed by SIGSEGV".into(),
        cause: "crashed".into(),
        ..result
    };
    let found = list.matching(&crash, &copying, false).map(|m| m.entry.name.clone());
    assert_eq!(found.as_deref(), Some("winch-empty-table-copy-skips-spill"));
}

/// Engines of other builds stand in for their family on the side that agrees; on the breaking
/// side they count only when the entry's `versions` covers their build.
#[test]
fn builds_stand_in_for_their_family_and_versions_cover_labeled_engines() {
    let list = built_in();
    let select = wasm(
        r#"(module (func (export "f") (param i32) (result i32)
            (select (local.get 0) (i32.const 1) (i32.eq (i32.const 0) (local.get 0)))))"#,
    );
    let (winch, cranelift) = ("winch-x64@43.0.0", "cranelift-x64:o0@43.0.0");
    let d = Divergence {
        class: Class::Result,
        step: 1,
        engines: [winch.into(), "wasmi".into()],
        key: String::new(),
        detail: String::new(),
        groups: vec![vec![winch.into(), cranelift.into()], vec!["wasmi".into()]],
        minority: vec!["wasmi".into()],
        cause: "i32".into(),
    };
    let found = list.matching(&d, &select, false).map(|m| m.entry.name.clone());
    assert_eq!(found.as_deref(), Some("wasmi-select-on-zero-test-inverted"));
    let local = Divergence {
        groups: vec![vec!["winch-x64@local".into()], vec!["wasmi".into()]],
        engines: ["winch-x64@local".into(), "wasmi".into()],
        ..d.clone()
    };
    assert!(list.matching(&local, &select, false).is_some(), "@local agrees");

    // A Winch of 43.0.0 breaking with its bulk-operation fuel bug: only an entry naming versions
    // that cover 43.0.0 takes it.
    let fill =
        wasm(r#"(module (memory 1) (func (export "f") (memory.fill (i32.const 0) (i32.const 7) (i32.const 4))))"#);
    let fuel = |breaking: &str| Divergence {
        class: Class::Fuel,
        step: 1,
        engines: [breaking.into(), "cranelift-x64:o0".into()],
        key: String::new(),
        detail: String::new(),
        groups: vec![vec!["cranelift-x64:o0".into()], vec![breaking.into()]],
        minority: vec![breaking.into()],
        cause: "fuel-left".into(),
    };
    assert!(list.matching(&fuel("winch-x64"), &fill, true).is_some());
    assert!(
        list.matching(&fuel(winch), &fill, true).is_none(),
        "no versions: the harness's build"
    );
    let mut entry = list
        .entries()
        .iter()
        .find(|e| e.name == "winch-bulk-operation-fuel")
        .unwrap()
        .clone();
    entry.versions = Some(VersionReq::try_from(">=43, <51".to_string()).unwrap());
    assert!(entry.matches(&fuel(winch), &fill, true));
    assert!(!entry.matches(&fuel("winch-x64@42.0.1"), &fill, true));
    assert!(!entry.matches(&fuel("winch-x64@local"), &fill, true));
    assert_eq!(
        entry.matches(&fuel("winch-x64"), &fill, true),
        VersionReq::try_from(">=43, <51".to_string())
            .unwrap()
            .holds(crosscheck_oracles::WASMTIME_VERSION),
        "the harness's own build, by its linked release"
    );
}

/// A `select(x, 1, i32.eq 0 x)` whose zero test the detector cannot see in the original module
/// (the zero comes through a local) is matched on the reduction that shows it.
#[test]
fn a_construct_hidden_in_the_original_module_is_matched_after_reduction() {
    let list = built_in();
    let original = wasm(
        r#"(module (func (export "f") (param i32) (result i32) (local i32)
            (local.set 1 (i32.const 0))
            (i32.add (i32.const 5)
              (select (local.get 0) (i32.const 1) (i32.eq (local.get 1) (local.get 0))))))"#,
    );
    let reduced = wasm(
        r#"(module (func (export "f") (param i32) (result i32)
            (select (local.get 0) (i32.const 1) (i32.eq (i32.const 0) (local.get 0)))))"#,
    );
    let d = Divergence {
        class: Class::Result,
        step: 1,
        engines: ["winch-x64".into(), "wasmi".into()],
        key: String::new(),
        detail: String::new(),
        groups: vec![vec!["winch-x64".into()], vec!["wasmi".into()]],
        minority: vec!["wasmi".into()],
        cause: "i32".into(),
    };
    assert!(list.matching(&d, &original, false).is_none());
    let found = list
        .matching_or_reduced(&d, (&original, false), Some((&reduced, false)))
        .unwrap();
    assert_eq!(found.entry.name, "wasmi-select-on-zero-test-inverted");
    assert!(found.after_reduction);
    assert!(
        found.describe().ends_with("(matched after reduction)"),
        "{}",
        found.describe()
    );
    assert!(list.matching_or_reduced(&d, (&original, false), None).is_none());
}

/// In a `fuel` divergence of one Winch against one Cranelift with `lazy_tables=off` (wasmi aside),
/// the signature blames Winch by convention; the lazy-tables entry takes it all the same, and only
/// in a module with an active element segment.
#[test]
fn a_tie_of_wasmtime_engines_in_fuel_goes_to_the_entry_whose_setting_splits_it() {
    let list = built_in();
    let (winch, lazy) = ("winch-x64,fma=off,fuel=on", "cranelift-x64:size,lazy_tables=off");
    let d = Divergence {
        class: Class::Fuel,
        step: 0,
        engines: [winch.into(), lazy.into()],
        key: String::new(),
        detail: "fuel left: 158699 / 158697".into(),
        groups: vec![vec![winch.into(), "wasmi,fuel=on".into()], vec![lazy.into()]],
        minority: vec![winch.into()],
        cause: "fuel-left".into(),
    };
    let elem = wasm("(module (table 1 funcref) (elem (i32.const 0) func))");
    let found = list.matching(&d, &elem, true).map(|m| m.entry.name.clone());
    assert_eq!(found.as_deref(), Some("wasmtime-lazy-tables-off-instantiation-fuel"));
    assert!(list.matching(&d, &wasm(PLAIN), true).is_none());
    // Not in a class wasmi is compared in: there the tie-break is the oracle's.
    let result = Divergence {
        class: Class::Result,
        ..d
    };
    assert!(
        list.entries()
            .iter()
            .all(|e| !e.matches(&result, &elem, true) || e.on_first_side(winch))
    );
}
