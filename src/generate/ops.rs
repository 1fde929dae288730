//! Strategy `ops`: small modules of one to eight functions, each one catalogued instruction
//! ([`tree::catalog`], every immediate shape an entry of its own) applied to operands that are
//! parameters (called with edge arguments), edge constants ([`values`]) or, one level down, another
//! instruction's result; half the comparisons are negated with `i32.eqz`, the shape engines fuse
//! into one inverted compare. The cheap exhaustive sweep that per-instruction code generation (Winch's
//! especially, which has no rule language to derive patterns from) needs: a campaign meets every
//! instruction of its proposals within a few thousand modules.
//!
//! A proposal that every engine of the run reaches is always in use; any other (the atomics, which
//! wasmi does not compile) is in one module in four, so that most modules still run on every
//! engine. In a module with atomics, half the functions are an atomic instruction, its memory is
//! shared half the time, addresses are mostly aligned (two of [`ATOMIC_ADDRESSES`] are not: the
//! trap must agree), the value operands of a narrow access have the bits above its width set half
//! the time, and `memory.atomic.wait32/64` always waits 0 ns (docs/design.md, "What is excluded,
//! and why").
//!
//! Exceptions ([`Proposal::Exceptions`], which wasmi does not compile, so drawn like the atomics;
//! they also need the table layout's proposals and multi-value): in a module with them, half the functions are
//! drawn from a special group of their own, the exception entries of the catalogue (tags of each
//! value type, several values and none; `catch`, `catch_ref`, `catch_all`, `catch_all_ref`;
//! nested handlers; throws across a call; `throw_ref`; uncaught exceptions), whose results show
//! which handler ran.
//!
//! GC arrays ([`Proposal::Gc`], which only Cranelift compiles; never in a module with exceptions,
//! whose layout would take the same indices): half the functions are drawn from the GC array
//! entries (`array.fill`, `array.init_data`, `array.init_elem`), three in four of their operands
//! from [`ARRAY_OPERANDS`].
//!
//! Funcref tables ([`Proposal::ReferenceTypes`] with [`Proposal::BulkMemory`], drawn like any
//! proposal; `return_call_indirect` also needs [`Proposal::TailCall`]): in half the modules that
//! may use them, half the functions are a table entry of the catalogue (a special group is drawn
//! first when atomics are usable too); in the other half they are drawn with the rest. Three in four of their `i32` operands are table edges: a small
//! constant or a grow delta ending at a table's maximum, one before and one past
//! ([`TABLE_OPERANDS`]), or `table.size` of the entry's table minus one of [`SIZE_OFFSETS`]
//! (computed at run time, so an index and a length end exactly at the current size, one before
//! or one past it, after any grow). `return_call_indirect` is only a function's outermost
//! instruction, where its callee's `i32` result is the function's.
//!
//! 64-bit tables ([`Proposal::Memory64`]'s table64, drawn like any proposal): the table entries
//! that name tables 2 and 3 ([`Instr::table64`]) take `i64` indices, lengths and deltas, three in
//! four of them table edges too ([`TABLE64_OPERANDS`], with values past 2^32 that must trap, or
//! `table.size` of a 64-bit table minus one of [`SIZE_OFFSETS`]).

use arbitrary::Unstructured;
use crosscheck_oracles::{Proposal, ProposalSet};

use super::strategy::{Context, Coverage, Made, Strategy};
use super::tree::catalog::{Catalog, FIRST_TABLE64, Instr};
use super::tree::{self, Expr, Function, Ty};
use super::{Discard, Source, values};

/// The instruction-sweep strategy.
pub struct Ops;

/// Most functions in one module.
const MAX_FUNCTIONS: usize = 8;

/// Addresses given to memory instructions: the start, around the last words, and past the end.
const ADDRESSES: [u32; 6] = [0, 1, 65520, 65532, 65535, 65536];

/// Addresses given to atomic instructions: aligned for every width (in the edge bytes at the start
/// and the end, in the zeros between, past the end), 65532 (aligned up to 4 bytes), and two
/// misaligned ones.
const ATOMIC_ADDRESSES: [u32; 10] = [0, 8, 56, 1024, 65520, 65528, 65532, 65536, 1, 65535];

/// Table operands: indices and lengths around both tables' sizes (6 and 3), grow deltas that
/// reach their maximums (12 and 100) exactly, one before and one past, and the largest ones.
const TABLE_OPERANDS: [u32; 14] = [0, 1, 2, 3, 4, 5, 6, 7, 96, 97, 98, 100, 0x8000_0000, u32::MAX];

/// Operands of a GC array entry: indices, lengths and source offsets around the arrays' lengths
/// (6 and 4), the passive element segment's (4) and the data segment's (32 bytes, 8 `i32`s), and
/// the largest.
const ARRAY_OPERANDS: [u32; 11] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 28, u32::MAX];

/// Operands of a 64-bit table: [`TABLE_OPERANDS`] and indices, lengths and grow deltas that
/// only an `i64` holds (2^32 and just above, the largest signed, the largest two), which must trap
/// or fail to grow.
const TABLE64_OPERANDS: [u64; 20] = [
    0,
    1,
    2,
    3,
    4,
    5,
    6,
    7,
    96,
    97,
    98,
    100,
    0x8000_0000,
    0xffff_ffff,
    1 << 32,
    (1 << 32) + 1,
    (1 << 32) + 6,
    i64::MAX as u64,
    u64::MAX - 1,
    u64::MAX,
];

/// What `table.size` is reduced by for a table operand: one past the size, the size, and the
/// last three entries.
const SIZE_OFFSETS: [i32; 5] = [-1, 0, 1, 2, 3];

impl Strategy for Ops {
    fn generate(&self, u: &mut Unstructured, cx: &Context<'_>) -> Result<Made, Discard> {
        let gen_err = |e: arbitrary::Error| Discard::Generator(e.to_string());
        let drawn = drawn(u, cx).map_err(gen_err)?;
        let usable: Vec<&'static Instr> = Catalog::get()
            .all()
            .iter()
            .filter(|i| i.proposal.is_none_or(|p| drawn.contains(p)))
            .filter(|i| !uses_v128(i) || drawn.contains(Proposal::Simd))
            .filter(|i| {
                !(i.table.is_some() || is_exception(i) || is_array(i))
                    || (drawn.contains(Proposal::ReferenceTypes) && drawn.contains(Proposal::BulkMemory))
            })
            .filter(|i| !is_exception(i) || drawn.contains(Proposal::MultiValue))
            .filter(|i| !i.table64 || drawn.contains(Proposal::Memory64))
            .collect();
        let atomic: Vec<&'static Instr> = usable.iter().copied().filter(|i| is_atomic(i)).collect();
        let table: Vec<&'static Instr> = usable.iter().copied().filter(|i| i.table.is_some()).collect();
        let exception: Vec<&'static Instr> = usable.iter().copied().filter(|i| is_exception(i)).collect();
        let array: Vec<&'static Instr> = usable.iter().copied().filter(|i| is_array(i)).collect();
        let favour_tables = u.ratio(1, 2).map_err(gen_err)?;
        let special: Vec<&Vec<&'static Instr>> = [
            (&atomic, true),
            (&table, favour_tables),
            (&exception, true),
            (&array, true),
        ]
        .into_iter()
        .filter(|(g, on)| *on && !g.is_empty())
        .map(|(g, _)| g)
        .collect();
        let eqz = Catalog::get().find("i32.eqz").expect("the catalogue has i32.eqz");
        let count = u.int_in_range(1..=MAX_FUNCTIONS).map_err(gen_err)?;
        let mut functions = Vec::with_capacity(count);
        let mut names = Vec::new();
        for _ in 0..count {
            let from = if !special.is_empty() && u.ratio(1, 2).map_err(gen_err)? {
                *u.choose(&special).map_err(gen_err)?
            } else {
                &usable
            };
            let instr = *u.choose(from).map_err(gen_err)?;
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
        let proposals = tree::proposals(&functions);
        let shared = proposals.contains(Proposal::Atomics) && u.ratio(1, 2).map_err(gen_err)?;
        Ok(Made {
            wasm: tree::module(&functions, shared),
            proposals,
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

/// The proposals a module may use: those every engine of the run reaches, and each other allowed
/// one with probability 1/4, as the swarm draws them for wasm-smith.
fn drawn(u: &mut Unstructured, cx: &Context<'_>) -> arbitrary::Result<ProposalSet> {
    let mut drawn = ProposalSet::empty();
    // The exception and GC array layouts both follow the table layout: a module gets one of them.
    let apart = if u.ratio(1, 2)? {
        Proposal::Gc
    } else {
        Proposal::Exceptions
    };
    let both = cx.allowed.contains(Proposal::Gc) && cx.allowed.contains(Proposal::Exceptions);
    for p in cx.allowed.iter() {
        if (cx.common.contains(p) || u.ratio(1, 4)?) && !(both && p == apart) {
            drawn.insert(p);
        }
    }
    Ok(drawn)
}

fn uses_v128(i: &Instr) -> bool {
    i.params.contains(&Ty::V128) || i.result == Some(Ty::V128)
}

/// Whether `i` is a GC array entry (`array.fill`, `array.init_data`, `array.init_elem`) of the
/// catalogue.
fn is_array(i: &Instr) -> bool {
    i.proposal == Some(Proposal::Gc)
}

/// Whether `i` is an exception entry (`try_table`, `throw`, `throw_ref`) of the catalogue.
fn is_exception(i: &Instr) -> bool {
    i.proposal == Some(Proposal::Exceptions)
}

/// Whether `i` is an atomic instruction of the threads proposal.
fn is_atomic(i: &Instr) -> bool {
    i.proposal == Some(Proposal::Atomics)
}

/// The width in bits of an atomic instruction's memory access (`i64.atomic.rmw16.add_u`: 16; a
/// full-width access, `memory.atomic.notify` and `memory.atomic.wait32`: their value type's).
fn access_bits(i: &Instr) -> u32 {
    let op = i.text.split(".atomic.").nth(1).unwrap_or_default();
    let op = op.split(['.', '_', ' ']).next().unwrap_or_default();
    let digits: String = op.chars().filter(char::is_ascii_digit).collect();
    digits
        .parse()
        .unwrap_or(if i.text.starts_with("i64") { 64 } else { 32 })
}

/// An edge value of `bits` bits as an operand of type `ty` (`i32` or `i64`) with every bit above
/// `bits` set: what an atomic access of that width must ignore (a store, an rmw operand) or wrap
/// before comparing (cmpxchg's expected value).
fn wide_operand(u: &mut Unstructured, ty: Ty, bits: u32) -> arbitrary::Result<u128> {
    let type_mask = if ty == Ty::I64 { u64::MAX } else { u64::from(u32::MAX) };
    let high = if bits < 64 { (u64::MAX << bits) & type_mask } else { 0 };
    Ok(u128::from((values::int_edge(u, bits)? | high) & type_mask))
}

/// `instr` applied to one operand per parameter: the address of a memory instruction is an
/// [`ADDRESSES`] constant ([`ATOMIC_ADDRESSES`] for an atomic one) or a parameter; the time-out of
/// `memory.atomic.wait32/64` is 0; half the other operands of an atomic instruction are
/// [`wide_operand`]s of its width; the two operands of a scalar binary instruction are, 1
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
    let atomic = is_atomic(instr);
    let memory = instr.text.contains("load") || instr.text.contains("store") || atomic;
    let wait = instr.text.starts_with("memory.atomic.wait");
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
        let condition = (instr.text.starts_with("select") && position == 2) || instr.text == "i32.eqz";
        let arg = if is_array(instr) && u.ratio(3, 4)? {
            Expr::constant(Ty::I32, u128::from(*u.choose(&ARRAY_OPERANDS)?))
        } else if let Some(table) = instr.table
            && matches!(ty, Ty::I32 | Ty::I64)
            && u.ratio(3, 4)?
        {
            table_operand(u, table, ty)?
        } else if memory && position == 0 && u.ratio(3, 4)? {
            let addresses: &[u32] = if atomic { &ATOMIC_ADDRESSES } else { &ADDRESSES };
            Expr::constant(Ty::I32, u128::from(*u.choose(addresses)?))
        } else if wait && position == 2 {
            Expr::constant(Ty::I64, 0)
        } else if atomic && position > 0 && u.ratio(1, 2)? {
            Expr::constant(ty, wide_operand(u, ty, access_bits(instr))?)
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
                    let producers: Vec<&'static Instr> = usable
                        .iter()
                        .copied()
                        .filter(|i| i.result == Some(ty) && !i.text.starts_with("return_call"))
                        .collect();
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

/// An index operand (`i32` or `i64`, `ty`) of a table entry on `table`: half the time a
/// [`TABLE_OPERANDS`] constant ([`TABLE64_OPERANDS`] for an `i64`), else `table.size` minus one of
/// [`SIZE_OFFSETS`], of `table` if its index type is `ty`, else of its twin of the other index
/// type (tables 0 and 2, 1 and 3: the same sizes), which for a copy between a 32- and a 64-bit
/// table is the other table or one of its size.
fn table_operand(u: &mut Unstructured, table: u32, ty: Ty) -> arbitrary::Result<Expr> {
    let wide = ty == Ty::I64;
    if u.ratio(1, 2)? {
        let value = if wide {
            *u.choose(&TABLE64_OPERANDS)?
        } else {
            u64::from(*u.choose(&TABLE_OPERANDS)?)
        };
        return Ok(Expr::constant(ty, u128::from(value)));
    }
    let sized = table % FIRST_TABLE64 + if wide { FIRST_TABLE64 } else { 0 };
    let catalog = Catalog::get();
    let size = catalog
        .find(&format!("table.size {sized}"))
        .expect("the catalogue has table.size");
    let sub = catalog
        .find(&format!("{}.sub", ty.name()))
        .expect("the catalogue has i32.sub and i64.sub");
    let offset = i64::from(*u.choose(&SIZE_OFFSETS)?) as u64;
    let offset = if wide { offset } else { offset & u64::from(u32::MAX) };
    Ok(Expr::apply(
        sub,
        vec![Expr::apply(size, Vec::new()), Expr::constant(ty, u128::from(offset))],
    ))
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
