//! Call plans: every exported function, several times, in rounds.

use arbitrary::Unstructured;
use crosscheck_oracles::{CallPlan, PlannedCall, RefHierarchy, ValType, Value};
use wasmparser::{AbstractHeapType, ExternalKind, HeapType, Parser, Payload, types::Types};

use super::values::{argument, argument_pair};

/// Most calls one plan makes.
pub const MAX_CALLS: usize = 48;

/// An exported function the harness can call: its export name and parameter types.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Callable {
    /// The export name.
    pub export: String,
    /// The parameter types.
    pub params: Vec<ValType>,
}

/// The exported functions of a validated module that the harness can call. A function with a
/// parameter the harness cannot produce (a non-nullable or concrete reference type, or a
/// continuation) is left out.
///
/// # Errors
///
/// When `wasm` does not parse; it has been validated, so this does not happen in practice.
pub fn callables(wasm: &[u8], types: &Types) -> wasmparser::Result<Vec<Callable>> {
    let mut out = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        let Payload::ExportSection(exports) = payload? else {
            continue;
        };
        for export in exports {
            let export = export?;
            if !matches!(export.kind, ExternalKind::Func | ExternalKind::FuncExact) {
                continue;
            }
            let id = types.as_ref().core_function_at(export.index);
            let ty = types[id].unwrap_func();
            let params: Option<Vec<ValType>> = ty.params().iter().map(|t| val_type(*t)).collect();
            if let Some(params) = params {
                out.push(Callable {
                    export: export.name.to_string(),
                    params,
                });
            }
        }
    }
    Ok(out)
}

/// A plan calling every callable 1 to 3 times: in each round, every callable once in export
/// order; at most [`MAX_CALLS`] calls.
///
/// # Errors
///
/// Only if `u` fails.
pub fn call_plan(u: &mut Unstructured, callables: &[Callable]) -> arbitrary::Result<CallPlan> {
    let rounds = u.int_in_range(1..=3)?;
    let mut calls = Vec::new();
    'rounds: for _ in 0..rounds {
        for c in callables {
            if calls.len() == MAX_CALLS {
                break 'rounds;
            }
            let args = arguments(u, &c.params)?;
            calls.push(PlannedCall {
                export: c.export.clone(),
                args,
            });
        }
    }
    Ok(CallPlan {
        calls,
        ..CallPlan::default()
    })
}

/// One argument per parameter ([`argument`]); then, 1 time in 4, two neighbouring parameters of
/// the same type get an [`argument_pair`] instead, so that a binary instruction applied to two
/// parameters meets its operand edges (`rem_s(MIN, -1)`, `max(+0, -0)`) as often as a single
/// edge value.
fn arguments(u: &mut Unstructured, params: &[ValType]) -> arbitrary::Result<Vec<Value>> {
    let mut args = params
        .iter()
        .map(|t| argument(u, *t))
        .collect::<arbitrary::Result<Vec<_>>>()?;
    let pairs: Vec<usize> = (1..params.len()).filter(|&i| params[i - 1] == params[i]).collect();
    if !pairs.is_empty() && u.ratio(1, 4)? {
        let i = *u.choose(&pairs)?;
        if let Some((a, b)) = argument_pair(u, params[i])? {
            args[i - 1] = a;
            args[i] = b;
        }
    }
    Ok(args)
}

fn val_type(ty: wasmparser::ValType) -> Option<ValType> {
    use wasmparser::ValType as W;
    Some(match ty {
        W::I32 => ValType::I32,
        W::I64 => ValType::I64,
        W::F32 => ValType::F32,
        W::F64 => ValType::F64,
        W::V128 => ValType::V128,
        W::Ref(r) if r.is_nullable() => {
            let HeapType::Abstract { ty, .. } = r.heap_type() else {
                return None;
            };
            use AbstractHeapType as A;
            ValType::Ref(match ty {
                A::Func | A::NoFunc => RefHierarchy::Func,
                A::Extern | A::NoExtern => RefHierarchy::Extern,
                A::Any | A::Eq | A::I31 | A::Struct | A::Array | A::None => RefHierarchy::Any,
                A::Exn | A::NoExn => RefHierarchy::Exn,
                A::Cont | A::NoCont => return None,
            })
        }
        W::Ref(_) => return None,
    })
}
