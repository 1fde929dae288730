//! The generation strategies: their modules validate, `isle` computes the rules it names, and a
//! planted bug behind an edge constant is found by `edge` and by `isle`.

use crate::support;

use arbitrary::Unstructured;
use crosscheck::campaign;
use crosscheck::finding::FindingStore;
use crosscheck::generate::isle::Catalogue;
use crosscheck::generate::isle::rules::ISLE_FILES;
use crosscheck::generate::isle::translate::Translator;
use crosscheck::generate::isle::types::ClifTy;
use crosscheck::generate::registry::{STRATEGIES, parse_list};
use crosscheck::generate::tree::{self, Expr, Leaf};
use crosscheck::generate::{Generator, Mode};
use crosscheck_oracles::{CallPlan, Execution, ProposalSet, StepOutcome, Value, registry};
use rand::{RngCore, SeedableRng};

#[test]
fn every_strategy_makes_valid_modules_that_use_only_allowed_proposals() {
    for allowed in [ProposalSet::all(), ProposalSet::empty()] {
        for name in ["smith", "edge", "isle", "ops"] {
            let generator = Generator::with_strategies(allowed, Mode::Default, &parse_list(name).unwrap());
            let mut made = 0;
            for seed in 0..120u64 {
                let attempt = generator.attempt(seed);
                assert_eq!(attempt.strategy, name);
                let Ok(case) = attempt.case else { continue };
                assert!(
                    case.proposals.iter().all(|p| allowed.contains(p)),
                    "{name}, seed {seed}"
                );
                wasmparser::Validator::new_with_features(allowed.features())
                    .validate_all(&case.wasm)
                    .unwrap_or_else(|e| panic!("{name}, seed {seed}: {e}"));
                made += 1;
            }
            assert!(made >= 60, "{name}: only {made} of 120 seeds made a module");
        }
    }
}

#[test]
fn a_seed_draws_its_strategy_by_weight() {
    let generator = Generator::new(ProposalSet::all(), Mode::Default);
    let mut counts = std::collections::BTreeMap::new();
    for seed in 0..400u64 {
        *counts.entry(generator.attempt(seed).strategy).or_insert(0) += 1;
    }
    let total: u32 = STRATEGIES.iter().map(|s| s.weight).sum();
    for strategy in &STRATEGIES {
        let (name, expected) = (strategy.name, 400 * strategy.weight / total);
        let n = counts.get(name).copied().unwrap_or(0);
        assert!(n > expected / 2 && n < expected * 2, "{name}: {n} of 400 ({counts:?})");
    }
}

/// The id of the mid-end rule `ushr (ishl x k) k` in the linked Cranelift's `opts/shifts.isle`.
fn ushr_ishl_rule_id() -> String {
    let (_, text) = ISLE_FILES.iter().find(|(f, _)| *f == "opts/shifts.isle").unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("(rule (simplify (ushr (ty_int ty) (ishl ty x (iconst _ shift)) (iconst _ shift)))"))
        .expect("shifts.isle has the ushr-of-ishl rule");
    format!("opts/shifts.isle:{}", line + 1)
}

fn run_on_wasmi(wasm: &[u8], args: Vec<Value>) -> Execution {
    let wasmi = registry::build("wasmi").unwrap();
    let plan = CallPlan {
        calls: vec![support::call("f0", args)],
        ..CallPlan::default()
    };
    wasmi.execute(wasm, &plan)
}

#[test]
fn isle_emits_the_ushr_of_ishl_rule_with_equal_shift_constants_and_computes_it_on_wasmi() {
    let catalogue = Catalogue::get();
    let id = ushr_ishl_rule_id();
    let (index, rule) = catalogue.find(&id).unwrap_or_else(|| panic!("{id} not parsed"));
    assert!(
        catalogue.types[index].contains(&ClifTy::I32) && catalogue.types[index].contains(&ClifTy::I64),
        "{id} expressible at {:?}",
        catalogue.types[index]
    );
    let mut amounts = std::collections::BTreeSet::new();
    let mut checked = 0;
    for seed in 0..200u64 {
        let mut bytes = vec![0u8; 256];
        rand_chacha::ChaCha8Rng::seed_from_u64(seed).fill_bytes(&mut bytes);
        let mut u = Unstructured::new(&bytes);
        let ty = if seed % 2 == 0 { ClifTy::I32 } else { ClifTy::I64 };
        let function = Translator::new(&catalogue.rules.macros, &mut u, None)
            .function(rule, ty)
            .unwrap();
        let Expr::Apply(shr, outer) = &function.body else {
            panic!("{id}: not an operator at the root")
        };
        assert!(shr.text.ends_with(".shr_u"), "{}", shr.text);
        let (Expr::Apply(shl, inner), Expr::Leaf(Leaf::Const(_, k2))) = (&outer[0], &outer[1]) else {
            panic!("{id}: {:?}", function.body)
        };
        assert!(shl.text.ends_with(".shl"));
        let Expr::Leaf(Leaf::Const(_, k1)) = &inner[1] else {
            panic!("{id}: the inner shift amount is not a constant")
        };
        assert_eq!(k1, k2, "equal constants of the rule stay equal");
        amounts.insert(*k1 as u64 % 64);
        if !matches!(inner[0], Expr::Leaf(Leaf::Param(0))) {
            continue;
        }
        let wasm = tree::module(std::slice::from_ref(&function), false);
        for x in [0u64, 1, u64::MAX, 0x8000_0000_0000_0001, 0x1234_5678_9abc_def0] {
            let (arg, expected) = if ty == ClifTy::I32 {
                let k = (*k1 as u32) % 32;
                let x = x as u32;
                (Value::I32(x as i32), Value::I32(((x << k) >> k) as i32))
            } else {
                let k = (*k1 as u32) % 64;
                (Value::I64(x as i64), Value::I64(((x << k) >> k) as i64))
            };
            let execution = run_on_wasmi(&wasm, vec![arg]);
            assert_eq!(
                execution.steps[1].outcome,
                StepOutcome::Returned(vec![expected]),
                "{id} at {ty:?} with k = {k1}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 100, "only {checked} evaluations");
    assert!(
        amounts
            .iter()
            .any(|&k| k == 31 || k == 32 || k == 33 || k == 63 || k == 0),
        "the shift amounts include the type's bounds: {amounts:?}"
    );
}

#[test]
fn isle_expresses_most_mid_end_rules() {
    let catalogue = Catalogue::get();
    assert!(catalogue.errors.is_empty(), "{:?}", catalogue.errors);
    let mid_end: Vec<usize> = (0..catalogue.rules.rules.len())
        .filter(|&i| catalogue.rules.rules[i].id.starts_with("opts/"))
        .collect();
    let expressible = mid_end.iter().filter(|&&i| !catalogue.types[i].is_empty()).count();
    assert!(
        expressible * 2 > mid_end.len(),
        "{expressible} of {} mid-end rules expressible; skipped: {:?}",
        mid_end.len(),
        catalogue.skipped
    );
}

/// Whether the module has the constant 33 as an `i32` or 65 as an `i64`: one past the bit width of
/// the type, the shift amount a planted bug (a shift amount masked with the width instead of the
/// width minus one) fires on. wasm-smith's constants are uniform or from its own set of
/// interesting values (powers of two, their neighbours below, MIN, MAX), which holds neither.
fn has_a_width_plus_one_constant(wasm: &[u8]) -> bool {
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        let Ok(wasmparser::Payload::CodeSectionEntry(body)) = payload else {
            continue;
        };
        let Ok(mut reader) = body.get_operators_reader() else {
            continue;
        };
        while !reader.eof() {
            match reader.read() {
                Ok(wasmparser::Operator::I32Const { value: 33 } | wasmparser::Operator::I64Const { value: 65 }) => {
                    return true;
                }
                Ok(_) => {}
                Err(_) => break,
            }
        }
    }
    false
}

fn divergences_with_a_planted_shift_amount_bug(strategy: &str, modules: u64) -> u64 {
    let set = support::set_with_module_double(
        "wasmi",
        "wasmi",
        Box::new(|wasm, execution| {
            if has_a_width_plus_one_constant(wasm) {
                (support::flip_i32_results())(execution);
            }
        }),
    );
    let out = tempfile::tempdir().unwrap();
    let store = FindingStore::open(out.path()).unwrap();
    let mut options = support::options(5, modules);
    options.strategies = parse_list(strategy).unwrap();
    campaign::run(&set, &store, &options).divergence_count()
}

#[test]
fn a_planted_bug_behind_an_edge_constant_is_found_by_edge_and_by_isle_and_not_by_smith() {
    for strategy in ["edge", "isle"] {
        let found = divergences_with_a_planted_shift_amount_bug(strategy, 400);
        assert!(found > 0, "{strategy} missed the planted bug in 400 modules");
    }
    assert_eq!(
        divergences_with_a_planted_shift_amount_bug("smith", 400),
        0,
        "wasm-smith alone draws neither constant"
    );
}

/// Whether `wasm` has a `table.copy` of three constant operands that ends one element past its
/// destination or its source table's declared size: the copy a planted bound bug (`> size + 1`
/// where `> size` is meant) lets through.
fn has_a_copy_one_past_a_table(wasm: &[u8]) -> bool {
    let sizes = crosscheck::generate::bounds::Sizes::of(wasm);
    let size = |t: u32| sizes.tables.get(t as usize).map(|t| t.min as i64);
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        let Ok(wasmparser::Payload::CodeSectionEntry(body)) = payload else {
            continue;
        };
        let mut constants: Vec<Option<i64>> = Vec::new();
        for op in body.get_operators_reader().into_iter().flatten() {
            let Ok(op) = op else { break };
            match op {
                wasmparser::Operator::I32Const { value } => constants.push(Some(i64::from(value))),
                wasmparser::Operator::I64Const { value } => constants.push(Some(value)),
                wasmparser::Operator::TableCopy { dst_table, src_table } => {
                    if let [.., Some(d), Some(s), Some(n)] = constants[..]
                        && (size(dst_table) == Some(d + n - 1) || size(src_table) == Some(s + n - 1))
                    {
                        return true;
                    }
                    constants.push(None);
                }
                _ => constants.push(None),
            }
        }
    }
    false
}

/// Divergences in a campaign of `modules` modules of `strategy` between wasmi and a double of
/// wasmi whose `table.copy` bound check is off by one: on a module with a constant copy one past a
/// table's end, its table-bounds traps become returns.
fn divergences_with_a_planted_table_copy_bound_bug(strategy: &str, modules: u64) -> u64 {
    let set = support::set_with_module_double(
        "wasmi",
        "wasmi",
        Box::new(|wasm, execution| {
            if has_a_copy_one_past_a_table(wasm) {
                for step in &mut execution.steps {
                    if step.outcome == StepOutcome::Trapped(crosscheck_oracles::TrapKind::TableOutOfBounds) {
                        step.outcome = StepOutcome::Returned(Vec::new());
                    }
                }
            }
        }),
    );
    let out = tempfile::tempdir().unwrap();
    let store = FindingStore::open(out.path()).unwrap();
    let mut options = support::options(6, modules);
    options.strategies = parse_list(strategy).unwrap();
    campaign::run(&set, &store, &options).divergence_count()
}

#[test]
fn a_planted_table_copy_bound_bug_is_found_by_edge_and_not_by_smith() {
    assert!(
        divergences_with_a_planted_table_copy_bound_bug("edge", 300) > 0,
        "edge missed the planted table.copy bound bug in 300 modules"
    );
    assert_eq!(
        divergences_with_a_planted_table_copy_bound_bug("smith", 300),
        0,
        "wasm-smith alone does not copy one past a table's end"
    );
}
