//! Strategy `ops`: small modules of one to eight functions, each one catalogued instruction
//! ([`tree::catalog`], every immediate shape an entry of its own) applied to operands that are
//! parameters (called with edge arguments), edge constants ([`values`]) or, one level down, another
//! instruction's result; half the comparisons are negated with `i32.eqz`, the shape engines fuse
//! into one inverted compare. The cheap exhaustive sweep that per-instruction code generation (Winch's
//! especially, which has no rule language to derive patterns from) needs: a campaign meets every
//! instruction of its proposals within a few thousand modules.

use arbitrary::Unstructured;

use super::strategy::{Context, Coverage, Made, Strategy};
use super::tree::catalog::{Catalog, Instr};
use super::tree::{self, Expr, Function, Ty};
use super::{Discard, Source, values};

/// The instruction-sweep strategy.
pub struct Ops;

/// Most functions in one module.
const MAX_FUNCTIONS: usize = 8;

/// Addresses given to memory instructions: the start, around the last words, and past the end.
const ADDRESSES: [u32; 6] = [0, 1, 65520, 65532, 65535, 65536];

impl Strategy for Ops {
    fn generate(&self, u: &mut Unstructured, cx: &Context<'_>) -> Result<Made, Discard> {
        let gen_err = |e: arbitrary::Error| Discard::Generator(e.to_string());
        let usable: Vec<&'static Instr> = Catalog::get()
            .all()
            .iter()
            .filter(|i| i.proposal.is_none_or(|p| cx.allowed.contains(p)))
            .filter(|i| !uses_v128(i) || cx.allowed.contains(crosscheck_oracles::Proposal::Simd))
            .collect();
        let eqz = Catalog::get().find("i32.eqz").expect("the catalogue has i32.eqz");
        let count = u.int_in_range(1..=MAX_FUNCTIONS).map_err(gen_err)?;
        let mut functions = Vec::with_capacity(count);
        let mut names = Vec::new();
        for _ in 0..count {
            let instr = *u.choose(&usable).map_err(gen_err)?;
            let mut params = Vec::new();
            let mut body = apply(u, instr, &usable, &mut params, 1).map_err(gen_err)?;
            if is_comparison(instr) && u.ratio(1, 2).map_err(gen_err)? {
                body = Expr::apply(eqz, vec![body]);
            }
            body.instructions(&mut names);
            functions.push(Function {
                params,
                result: instr.result,
                body,
            });
        }
        Ok(Made {
            wasm: tree::module(&functions),
            proposals: tree::proposals(&functions),
            source: Source::Ops(names.into_iter().map(String::from).collect()),
            termination_fuel: None,
        })
    }

    fn coverage(&self) -> Option<Coverage> {
        let count = Catalog::get().all().len();
        Some(Coverage {
            unit: "instructions",
            origin: "the instruction catalogue".into(),
            parsed: count,
            groups: vec![("catalogue", count, count)],
            group_of: |_| "catalogue",
        })
    }
}

fn uses_v128(i: &Instr) -> bool {
    i.params.contains(&Ty::V128) || i.result == Some(Ty::V128)
}

/// `instr` applied to one operand per parameter: the address of a memory instruction is an
/// [`ADDRESSES`] constant or a parameter; the two operands of a scalar binary instruction are, 1
/// time in 4, an operand pair ([`values::int_pair`], [`values::float_pair`]) as constants; a
/// condition (the `i32` of `select`, the operand of `i32.eqz`) is half the time a comparison of
/// parameters, the shape engines fuse into one compare-and-select or negated compare; any other
/// operand is a parameter, an edge constant, or (while `depth` lasts) another instruction of the
/// right result type.
fn apply(
    u: &mut Unstructured,
    instr: &'static Instr,
    usable: &[&'static Instr],
    params: &mut Vec<Ty>,
    depth: u32,
) -> arbitrary::Result<Expr> {
    let memory = instr.text.contains("load") || instr.text.contains("store");
    if let [a, b] = instr.params[..]
        && a == b
        && !memory
        && u.ratio(1, 4)?
        && let Some((x, y)) = operand_pair(u, a)?
    {
        return Ok(Expr::apply(instr, vec![Expr::constant(a, x), Expr::constant(a, y)]));
    }
    let mut args = Vec::with_capacity(instr.params.len());
    for (position, &ty) in instr.params.iter().enumerate() {
        let condition = (instr.text == "select" && position == 2) || instr.text == "i32.eqz";
        let arg = if memory && position == 0 && u.ratio(3, 4)? {
            Expr::constant(Ty::I32, u128::from(*u.choose(&ADDRESSES)?))
        } else if condition && u.ratio(1, 2)? {
            comparison(u, usable, params)?
        } else {
            match u.int_in_range(0..=5)? {
                0..=2 => {
                    params.push(ty);
                    Expr::param(params.len() as u32 - 1)
                }
                3 | 4 => Expr::constant(ty, edge_constant(u, ty)?),
                _ if depth > 0 => {
                    let producers: Vec<&'static Instr> =
                        usable.iter().copied().filter(|i| i.result == Some(ty)).collect();
                    match u.choose(&producers) {
                        Ok(inner) => apply(u, inner, usable, params, depth - 1)?,
                        Err(_) => Expr::constant(ty, edge_constant(u, ty)?),
                    }
                }
                _ => Expr::constant(ty, edge_constant(u, ty)?),
            }
        };
        args.push(arg);
    }
    Ok(Expr::apply(instr, args))
}

/// An operand pair of a scalar type, as bits; `None` for `v128`.
fn operand_pair(u: &mut Unstructured, ty: Ty) -> arbitrary::Result<Option<(u128, u128)>> {
    let (x, y) = match ty {
        Ty::I32 => values::int_pair(u, 32)?,
        Ty::I64 => values::int_pair(u, 64)?,
        Ty::F32 => values::float_pair(u, 32)?,
        Ty::F64 => values::float_pair(u, 64)?,
        Ty::V128 => return Ok(None),
    };
    Ok(Some((u128::from(x), u128::from(y))))
}

/// Whether `i` is a scalar comparison (`i64.lt_s`, `f32.ge`, ...).
fn is_comparison(i: &Instr) -> bool {
    const CONDITIONS: [&str; 14] = [
        "eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u", "lt", "gt", "le", "ge",
    ];
    i.result == Some(Ty::I32)
        && matches!(i.params[..], [a, b] if a == b && a != Ty::V128)
        && i.text.split_once('.').is_some_and(|(_, op)| CONDITIONS.contains(&op))
}

/// A scalar comparison of two new parameters; an edge constant when the run has none.
fn comparison(u: &mut Unstructured, usable: &[&'static Instr], params: &mut Vec<Ty>) -> arbitrary::Result<Expr> {
    let compares: Vec<&'static Instr> = usable.iter().copied().filter(|i| is_comparison(i)).collect();
    let Ok(&compare) = u.choose(&compares) else {
        return Ok(Expr::constant(Ty::I32, edge_constant(u, Ty::I32)?));
    };
    let ty = compare.params[0];
    params.extend([ty, ty]);
    let first = params.len() as u32 - 2;
    Ok(Expr::apply(compare, vec![Expr::param(first), Expr::param(first + 1)]))
}

/// An edge constant of `ty`, as bits: an [`values::int_edge`] or a dictionary value of the type, or for `v128` a lane value
/// of a random lane width in every lane.
pub fn edge_constant(u: &mut Unstructured, ty: Ty) -> arbitrary::Result<u128> {
    Ok(match ty {
        Ty::I32 => u128::from(values::int_edge(u, 32)?),
        Ty::I64 => u128::from(values::int_edge(u, 64)?),
        Ty::F32 => u128::from(*u.choose(values::F32_DICTIONARY)?),
        Ty::F64 => u128::from(*u.choose(values::F64_DICTIONARY)?),
        Ty::V128 => {
            let bits = *u.choose(&[8u32, 16, 32, 64])?;
            let lane = values::int_edge(u, bits)?;
            (0..128 / bits).fold(0u128, |v, i| v | (u128::from(lane) << (i * bits)))
        }
    })
}
