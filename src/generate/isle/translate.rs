//! From an ISLE left-hand side to a Wasm expression tree that computes it: each CLIF operator of
//! the pattern becomes the Wasm instruction (or short sequence) that Cranelift's Wasm translator
//! turns into that operator, at a chosen type; each variable becomes one leaf (a parameter, an edge
//! constant or a load) used wherever the variable recurs, so that equal values stay equal; each
//! immediate (`(iconst ty k)`) becomes a constant drawn from the rule's own constants and the
//! bounds of the type (its bit width and the values next to it) or from [`values`]. The atomic
//! operators and `fence` are in `translate/atomic.rs`.
//!
//! Patterns are expanded through the extractor macros of the rule files (`ult` is `icmp` with
//! `IntCC.UnsignedLessThan`). A term the translator does not know makes the rule inexpressible at
//! that type, with the term's name as the reason, never a panic.

mod atomic;

use std::collections::HashMap;

use arbitrary::Unstructured;
use cranelift_isle::ast::Pattern;

use super::rules::{Macro, Rule};
use super::types::{ClifTy, predicate};
use crate::generate::tree::catalog::{Catalog, Instr};
use crate::generate::tree::{Expr, Function, Ty};
use crate::generate::values;

/// Why a rule could not be expressed: the first term or construct that has no Wasm form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inexpressible(pub String);

type R<T> = Result<T, Inexpressible>;

fn fail<T>(why: impl Into<String>) -> R<T> {
    Err(Inexpressible(why.into()))
}

/// What a rule variable stands for once bound.
#[derive(Clone, Debug)]
enum Bound {
    Value(Expr, ClifTy),
    Type(ClifTy),
    Imm(u64),
    Cond(&'static str),
}

/// Most levels of rules nested into one another's leaves.
const MAX_NESTING: u32 = 2;

/// A source of rules to nest into leaves: the rules expressible at each type.
pub trait Nest {
    /// A rule expressible at `ty`, drawn by `u`.
    fn rule_at(&self, u: &mut Unstructured, ty: ClifTy) -> Option<&Rule>;
}

/// Translates rules into functions, one at a time, sharing the parameter list and the record of
/// rules instantiated.
pub struct Translator<'a, 'u, 'd> {
    macros: &'a HashMap<String, Macro>,
    u: &'u mut Unstructured<'d>,
    nest: Option<&'a dyn Nest>,
    /// The function's parameter types so far.
    pub params: Vec<Ty>,
    /// The rules instantiated so far (the root's and the nested ones), by id.
    pub used: Vec<String>,
}

/// Per-rule state: its variables and constants.
struct Scope<'r> {
    vars: HashMap<String, Bound>,
    rule: &'r Rule,
    depth: u32,
}

const INT_CCS: [(&str, &str); 10] = [
    ("IntCC.Equal", "eq"),
    ("IntCC.NotEqual", "ne"),
    ("IntCC.SignedLessThan", "lt_s"),
    ("IntCC.SignedGreaterThanOrEqual", "ge_s"),
    ("IntCC.SignedGreaterThan", "gt_s"),
    ("IntCC.SignedLessThanOrEqual", "le_s"),
    ("IntCC.UnsignedLessThan", "lt_u"),
    ("IntCC.UnsignedGreaterThanOrEqual", "ge_u"),
    ("IntCC.UnsignedGreaterThan", "gt_u"),
    ("IntCC.UnsignedLessThanOrEqual", "le_u"),
];

const FLOAT_CCS: [(&str, &str); 6] = [
    ("FloatCC.Equal", "eq"),
    ("FloatCC.NotEqual", "ne"),
    ("FloatCC.LessThan", "lt"),
    ("FloatCC.LessThanOrEqual", "le"),
    ("FloatCC.GreaterThan", "gt"),
    ("FloatCC.GreaterThanOrEqual", "ge"),
];

/// Addresses of loads that read the edge bytes at the start of the memory.
const LOAD_ADDRESSES: [u128; 4] = [0, 8, 16, 40];

impl<'a, 'u, 'd> Translator<'a, 'u, 'd> {
    /// A translator drawing its choices from `u`, nesting rules of `nest` into leaves if given.
    pub fn new(macros: &'a HashMap<String, Macro>, u: &'u mut Unstructured<'d>, nest: Option<&'a dyn Nest>) -> Self {
        Translator {
            macros,
            u,
            nest,
            params: Vec::new(),
            used: Vec::new(),
        }
    }

    /// The function computing `rule`'s left-hand side with its root at `ty`.
    ///
    /// # Errors
    ///
    /// [`Inexpressible`] when a part of the pattern has no Wasm form at this type (or with the
    /// choices drawn).
    pub fn function(&mut self, rule: &Rule, ty: ClifTy) -> R<Function> {
        let mut scope = Scope {
            vars: HashMap::new(),
            rule,
            depth: 0,
        };
        if let Some(store) = self.store(&rule.pattern, ty, &mut scope)? {
            self.used.push(rule.id.clone());
            return Ok(store);
        }
        let body = self.value(&rule.pattern, ty, &mut scope)?;
        if matches!(body, Expr::Leaf(_)) {
            return fail("no operator");
        }
        self.used.push(rule.id.clone());
        Ok(Function {
            params: std::mem::take(&mut self.params),
            result: (!rule.result_unused).then(|| ty.wasm()),
            body,
        })
    }

    fn catalog(text: &str) -> R<&'static Instr> {
        Catalog::get()
            .find(text)
            .map_or_else(|| fail(format!("no Wasm instruction {text}")), Ok)
    }

    fn op(text: &str, args: Vec<Expr>) -> R<Expr> {
        Ok(Expr::apply(Self::catalog(text)?, args))
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        self.u.choose(items).copied().unwrap_or(items[0])
    }

    /// Runs `f` for each of `candidates` in a drawn order until one succeeds, undoing the
    /// bindings and parameters of failed tries.
    fn first_of<T>(
        &mut self,
        candidates: &[ClifTy],
        scope: &mut Scope<'_>,
        mut f: impl FnMut(&mut Self, ClifTy, &mut Scope<'_>) -> R<T>,
    ) -> R<T> {
        let mut order = candidates.to_vec();
        if order.len() > 1 {
            let start = self.u.choose_index(order.len()).unwrap_or(0);
            order.rotate_left(start);
        }
        let mut last = Inexpressible("no candidate type".into());
        for ty in order {
            let (vars, params) = (scope.vars.clone(), self.params.len());
            match f(self, ty, scope) {
                Ok(v) => return Ok(v),
                Err(e) => {
                    scope.vars = vars;
                    self.params.truncate(params);
                    last = e;
                }
            }
        }
        Err(last)
    }

    /// A leaf of `ty`: with nesting left, sometimes another rule's tree; else a parameter, an
    /// edge constant or a load of the edge bytes.
    fn leaf(&mut self, ty: ClifTy, scope: &Scope<'_>) -> Expr {
        if let Some(nest) = self.nest
            && scope.depth < MAX_NESTING
            && self.u.ratio(1, 4).unwrap_or(false)
            && let Some(rule) = nest.rule_at(self.u, ty)
            && !rule.result_unused
        {
            let mut inner = Scope {
                vars: HashMap::new(),
                rule,
                depth: scope.depth + 1,
            };
            let params = self.params.len();
            match self.value(&rule.pattern, ty, &mut inner) {
                Ok(e) => {
                    self.used.push(rule.id.clone());
                    return e;
                }
                Err(_) => self.params.truncate(params),
            }
        }
        match self.u.int_in_range(0..=5u8).unwrap_or(0) {
            4 => Expr::constant(ty.wasm(), self.edge(ty)),
            5 => self.load_leaf(ty),
            _ => {
                self.params.push(ty.wasm());
                Expr::param(self.params.len() as u32 - 1)
            }
        }
    }

    fn load_leaf(&mut self, ty: ClifTy) -> Expr {
        let text = match ty {
            ClifTy::I8 => "i32.load8_u offset=0 align=1",
            ClifTy::I16 => "i32.load16_u offset=0 align=2",
            ClifTy::I32 => "i32.load offset=0 align=4",
            ClifTy::I64 => "i64.load offset=0 align=8",
            ClifTy::F32 => "f32.load offset=0 align=4",
            ClifTy::F64 => "f64.load offset=0 align=8",
            _ => "v128.load offset=0 align=1",
        };
        let address = Expr::constant(Ty::I32, self.pick(&LOAD_ADDRESSES));
        match Self::op(text, vec![address]) {
            Ok(e) => e,
            Err(_) => Expr::constant(ty.wasm(), 0),
        }
    }

    /// An edge constant of `ty` as bits (vectors: one lane value in every lane).
    fn edge(&mut self, ty: ClifTy) -> u128 {
        let lane = ty.lane();
        let bits = match lane {
            ClifTy::F32 => u128::from(self.pick(values::F32_DICTIONARY)),
            ClifTy::F64 => u128::from(self.pick(values::F64_DICTIONARY)),
            _ => u128::from(values::int_edge(self.u, ty.lane_bits()).unwrap_or(0)),
        };
        splat(bits, ty)
    }

    /// The value an immediate takes: a bound one again; else a constant of the rule or a bound of
    /// the type (its bit width, one under and one over, twice it, and the width less each
    /// narrower integer width, the shift amounts that make a shift pair an extension) half the
    /// time, an edge value ([`values::int_edge`]) the other half; `power_of_two` extractors give
    /// a power of two.
    fn immediate(&mut self, p: &Pattern, ty: ClifTy, scope: &mut Scope<'_>) -> R<u64> {
        let bits = ty.lane_bits();
        let mask = if bits == 64 { u64::MAX } else { (1u64 << bits) - 1 };
        Ok(match p {
            Pattern::ConstInt { val, .. } => *val as u64 & mask,
            Pattern::Var { var, .. } => match scope.vars.get(&var.0) {
                Some(Bound::Imm(v)) => *v,
                Some(_) => return fail("an immediate bound to a value"),
                None => {
                    let v = self.draw_immediate(ty, scope.rule) & mask;
                    scope.vars.insert(var.0.clone(), Bound::Imm(v));
                    v
                }
            },
            Pattern::BindPattern { var, subpat, .. } => {
                let v = self.immediate(subpat, ty, scope)?;
                scope.vars.entry(var.0.clone()).or_insert(Bound::Imm(v));
                v
            }
            Pattern::Term { sym, args, .. } if sym.0.contains("power_of_two") => {
                let k = self.u.int_in_range(0..=bits - 1).unwrap_or(0);
                let v = 1u64 << k;
                if let Some(Pattern::Var { var, .. }) = args.last() {
                    scope.vars.insert(var.0.clone(), Bound::Imm(u64::from(k)));
                }
                v
            }
            Pattern::Term { args, .. } if !args.is_empty() => self.immediate(&args[args.len() - 1], ty, scope)?,
            _ => self.draw_immediate(ty, scope.rule) & mask,
        })
    }

    fn draw_immediate(&mut self, ty: ClifTy, rule: &Rule) -> u64 {
        let bits = u64::from(ty.lane_bits());
        if self.u.arbitrary::<bool>().unwrap_or(true) {
            let mut own: Vec<u64> = rule.constants.iter().map(|&c| c as u64).collect();
            own.extend([bits, bits - 1, bits + 1, 2 * bits, 0, 1, u64::MAX]);
            own.extend([8, 16, 32].into_iter().filter(|&w| w < bits).map(|w| bits - w));
            self.pick(&own)
        } else {
            values::int_edge(self.u, ty.lane_bits()).unwrap_or(0)
        }
    }

    /// Whether `ty` matches the type pattern `p`, binding its variables.
    fn type_matches(&mut self, p: &Pattern, ty: ClifTy, scope: &mut Scope<'_>) -> bool {
        match p {
            Pattern::Wildcard { .. } => true,
            Pattern::Var { var, .. } => match scope.vars.get(&var.0) {
                Some(Bound::Type(t)) => *t == ty,
                Some(_) => false,
                None => {
                    scope.vars.insert(var.0.clone(), Bound::Type(ty));
                    true
                }
            },
            Pattern::ConstPrim { val, .. } => ClifTy::from_isle(&val.0) == Some(ty),
            Pattern::BindPattern { var, subpat, .. } => {
                self.type_matches(subpat, ty, scope)
                    && match scope.vars.get(&var.0) {
                        Some(Bound::Type(t)) => *t == ty,
                        Some(_) => false,
                        None => {
                            scope.vars.insert(var.0.clone(), Bound::Type(ty));
                            true
                        }
                    }
            }
            Pattern::And { subpats, .. } => subpats.iter().all(|s| self.type_matches(s, ty, scope)),
            Pattern::Term { sym, args, .. } if sym.0 == "multi_lane" => {
                let int = |p: &Pattern, scope: &Scope<'_>| match p {
                    Pattern::ConstInt { val, .. } => Some(*val as u64),
                    Pattern::Var { var, .. } => match scope.vars.get(&var.0) {
                        Some(Bound::Imm(v)) => Some(*v),
                        _ => None,
                    },
                    _ => None,
                };
                if !ty.is_vector() || args.len() != 2 {
                    return false;
                }
                let (bits, lanes) = (u64::from(ty.lane_bits()), u64::from(ty.lanes()));
                [(0, bits), (1, lanes)]
                    .into_iter()
                    .all(|(i, want)| match int(&args[i], scope) {
                        Some(v) => v == want,
                        None => match &args[i] {
                            Pattern::Var { var, .. } => {
                                scope.vars.insert(var.0.clone(), Bound::Imm(want));
                                true
                            }
                            Pattern::Wildcard { .. } => true,
                            _ => false,
                        },
                    })
            }
            Pattern::Term { sym, args, .. } => match predicate(&sym.0, ty) {
                Some(holds) => holds && args.iter().all(|a| self.type_matches(a, ty, scope)),
                None => match self.macros.get(&sym.0) {
                    Some(m) if m.args.len() == args.len() => {
                        let expanded = expand(m, args);
                        self.type_matches(&expanded, ty, scope)
                    }
                    _ => false,
                },
            },
            _ => false,
        }
    }

    /// The Wasm condition suffix of the condition-code pattern `p` from `table`.
    fn cond(&mut self, p: &Pattern, table: &[(&str, &'static str)], scope: &mut Scope<'_>) -> R<&'static str> {
        match p {
            Pattern::Term { sym, args, .. } if args.is_empty() => table
                .iter()
                .find(|(name, _)| *name == sym.0)
                .map(|(_, w)| *w)
                .map_or_else(|| fail(format!("condition {}", sym.0)), Ok),
            Pattern::Var { var, .. } => match scope.vars.get(&var.0) {
                Some(Bound::Cond(c)) => Ok(c),
                Some(_) => fail("a condition bound to a value"),
                None => {
                    let c = self.pick(table).1;
                    scope.vars.insert(var.0.clone(), Bound::Cond(c));
                    Ok(c)
                }
            },
            Pattern::BindPattern { var, subpat, .. } => {
                let c = self.cond(subpat, table, scope)?;
                scope.vars.entry(var.0.clone()).or_insert(Bound::Cond(c));
                Ok(c)
            }
            _ => Ok(self.pick(table).1),
        }
    }

    /// The tree computing the value pattern `p` at type `ty`.
    fn value(&mut self, p: &Pattern, ty: ClifTy, scope: &mut Scope<'_>) -> R<Expr> {
        match p {
            Pattern::Var { var, .. } => match scope.vars.get(&var.0) {
                Some(Bound::Value(e, t)) if *t == ty => Ok(e.clone()),
                Some(_) => fail("a variable used at two types"),
                None => {
                    let e = self.leaf(ty, scope);
                    scope.vars.insert(var.0.clone(), Bound::Value(e.clone(), ty));
                    Ok(e)
                }
            },
            Pattern::Wildcard { .. } => Ok(self.leaf(ty, scope)),
            Pattern::ConstInt { val, .. } => Ok(Expr::constant(ty.wasm(), splat(*val as u128, ty))),
            Pattern::BindPattern { var, subpat, .. } => {
                let e = self.value(subpat, ty, scope)?;
                match scope.vars.get(&var.0) {
                    None => {
                        scope.vars.insert(var.0.clone(), Bound::Value(e.clone(), ty));
                    }
                    Some(Bound::Value(..)) => return fail("a bound variable rebound"),
                    Some(_) => {}
                }
                Ok(e)
            }
            Pattern::And { subpats, .. } => {
                let main = subpats
                    .iter()
                    .find(
                        |s| matches!(s, Pattern::Term { sym, .. } if sym.0 != "value_type" && !is_target_flag(&sym.0)),
                    )
                    .or_else(|| subpats.first())
                    .map_or_else(|| fail("an empty conjunction"), Ok)?;
                let e = self.value(main, ty, scope)?;
                for s in subpats.iter().filter(|s| !std::ptr::eq(*s, main)) {
                    match s {
                        Pattern::Var { var, .. } => {
                            scope.vars.insert(var.0.clone(), Bound::Value(e.clone(), ty));
                        }
                        Pattern::Term { sym, args, .. } if sym.0 == "value_type" && args.len() == 1 => {
                            if !self.type_matches(&args[0], ty, scope) {
                                return fail("value_type");
                            }
                        }
                        Pattern::Wildcard { .. } => {}
                        Pattern::Term { sym, args, .. } if args.is_empty() && is_target_flag(&sym.0) => {}
                        _ => return fail("a conjunction of two operators"),
                    }
                }
                Ok(e)
            }
            Pattern::Term { sym, args, .. } => self.term(&sym.0, args, ty, scope),
            _ => fail("a constant in value position"),
        }
    }

    /// Splits an operator's arguments into its type argument (if written) and its operands.
    fn typed<'p>(
        &mut self,
        name: &str,
        args: &'p [Pattern],
        operands: usize,
        ty: ClifTy,
        scope: &mut Scope<'_>,
    ) -> R<&'p [Pattern]> {
        if args.len() == operands + 1 {
            if !self.type_matches(&args[0], ty, scope) {
                return fail(format!("{name} at {}", ty.isle_name()));
            }
            Ok(&args[1..])
        } else if args.len() == operands {
            Ok(args)
        } else {
            fail(format!("{name} with {} arguments", args.len()))
        }
    }

    fn term(&mut self, name: &str, args: &[Pattern], ty: ClifTy, scope: &mut Scope<'_>) -> R<Expr> {
        if let Some(e) = self.leaf_term(name, args, ty, scope)? {
            return Ok(e);
        }
        if let Some(e) = self.operator(name, args, ty, scope)? {
            return Ok(e);
        }
        if let Some(e) = self.atomic(name, args, ty, scope)? {
            return Ok(e);
        }
        match self.macros.get(name) {
            Some(m) if m.args.len() == args.len() => {
                let expanded = expand(m, args);
                self.value(&expanded, ty, scope)
            }
            _ => fail(name.to_string()),
        }
    }

    /// Terms that stand for leaves: constants, `value_type`, loads the lowering may sink,
    /// immediates taken from a value, and transparent wrappers.
    fn leaf_term(&mut self, name: &str, args: &[Pattern], ty: ClifTy, scope: &mut Scope<'_>) -> R<Option<Expr>> {
        Ok(Some(match name {
            "iconst" | "iconst_u" | "iconst_s" => {
                if !ty.is_int() || ty.is_vector() {
                    return fail(format!("{name} at {}", ty.isle_name()));
                }
                let imm = self.typed(name, args, 1, ty, scope)?;
                let v = self.immediate(&imm[0], ty, scope)?;
                Expr::constant(ty.wasm(), u128::from(v))
            }
            "f32const" | "f64const" => {
                let want = if name == "f32const" { ClifTy::F32 } else { ClifTy::F64 };
                if ty != want {
                    return fail(format!("{name} at {}", ty.isle_name()));
                }
                let imm = self.typed(name, args, 1, ty, scope)?;
                let bits = match &imm[0] {
                    Pattern::Var { var, .. } => match scope.vars.get(&var.0) {
                        Some(Bound::Imm(v)) => *v,
                        _ => {
                            let v = self.edge(ty) as u64;
                            scope.vars.insert(var.0.clone(), Bound::Imm(v));
                            v
                        }
                    },
                    _ => self.edge(ty) as u64,
                };
                Expr::constant(ty.wasm(), u128::from(bits))
            }
            "vconst" | "all_zero" | "zero_value" | "splat_zero" => {
                if name == "vconst" && !ty.is_vector() {
                    return fail("vconst of a scalar");
                }
                if name == "vconst" {
                    self.typed(name, args, 1, ty, scope)?;
                    Expr::constant(ty.wasm(), self.edge(ty))
                } else {
                    if let Some(t) = args.first()
                        && !self.type_matches(t, ty, scope)
                    {
                        return fail(format!("{name} at {}", ty.isle_name()));
                    }
                    Expr::constant(ty.wasm(), 0)
                }
            }
            "value_type" => {
                if args.len() != 1 || !self.type_matches(&args[0], ty, scope) {
                    return fail("value_type");
                }
                self.leaf(ty, scope)
            }
            "sinkable_load" | "sinkable_load_exact" | "sinkable_load_ignore_flags" => self.load_leaf(ty),
            "def_inst" | "maybe_uextend" | "first_result" if args.len() == 1 => self.value(&args[0], ty, scope)?,
            "uextend_maybe" | "uextend_maybe_etor" if args.len() == 2 => self.value(&args[1], ty, scope)?,
            _ if name.ends_with("_from_value") || name.ends_with("_from_iconst") => {
                let v = match args.first() {
                    Some(p) => self.immediate(p, ty, scope)?,
                    None => self.draw_immediate(ty, scope.rule),
                };
                Expr::constant(ty.wasm(), splat(u128::from(v), ty))
            }
            _ => return Ok(None),
        }))
    }

    /// The store at the root of a rule, if it is one: a function without result.
    fn store(&mut self, p: &Pattern, ty: ClifTy, scope: &mut Scope<'_>) -> R<Option<Function>> {
        let Pattern::Term { sym, args, .. } = p else {
            return Ok(None);
        };
        let (width, text) = match sym.0.as_str() {
            "atomic_store" => return self.atomic_store(args, ty, scope).map(Some),
            "fence" => return self.fence(args, ty).map(Some),
            "store" => (None, ""),
            "istore8" => (Some(8), "store8"),
            "istore16" => (Some(16), "store16"),
            "istore32" => (Some(32), "store32"),
            _ => return Ok(None),
        };
        // (store flags value address offset): the stored value's type is the root type.
        if args.len() != 4 || ty == ClifTy::I8 || ty == ClifTy::I16 {
            return fail(format!("{} at {}", sym.0, ty.isle_name()));
        }
        if width.is_some() && (!ty.is_int() || ty.is_vector() || (width == Some(32) && ty != ClifTy::I64)) {
            return fail(format!("{} at {}", sym.0, ty.isle_name()));
        }
        let value = self.value(&args[1], ty, scope)?;
        let prefix = ty.wasm().name();
        let instr = match width {
            None if ty.is_vector() => "v128.store offset=0 align=1".to_string(),
            None => format!("{prefix}.store offset=0 align=1"),
            Some(_) => format!("{prefix}.{text} offset=0 align=1"),
        };
        let address = Expr::constant(Ty::I32, self.pick(&[0u128, 8, 65528, 65535]));
        let body = Self::op(&instr, vec![address, value])?;
        Ok(Some(Function {
            params: std::mem::take(&mut self.params),
            result: None,
            body,
        }))
    }

    /// CLIF operators, at result type `ty`.
    fn operator(&mut self, name: &str, args: &[Pattern], ty: ClifTy, scope: &mut Scope<'_>) -> R<Option<Expr>> {
        use ClifTy::*;
        let int_scalar = matches!(ty, I32 | I64);
        let prefix = ty.prefix();
        Ok(Some(match name {
            "iadd" | "isub" | "imul" | "udiv" | "sdiv" | "urem" | "srem" | "band" | "bor" | "bxor" | "ishl"
            | "ushr" | "sshr" | "rotl" | "rotr" | "band_not" | "bor_not" | "bxor_not" | "smin" | "smax" | "umin"
            | "umax" | "uadd_sat" | "sadd_sat" | "usub_sat" | "ssub_sat" | "avg_round" | "umulhi" | "smulhi"
            | "fadd" | "fsub" | "fmul" | "fdiv" | "fmin" | "fmax" | "fcopysign" | "swizzle" | "sqmul_round_sat" => {
                let ops = self.typed(name, args, 2, ty, scope)?;
                let shift = matches!(name, "ishl" | "ushr" | "sshr");
                let second = if shift && ty.is_vector() { I32 } else { ty };
                let x = self.value(&ops[0], ty, scope)?;
                let y = self.value(&ops[1], second, scope)?;
                binary(name, ty, x, y)?
            }
            "snarrow" | "unarrow" | "widening_pairwise_dot_product_s" => {
                let ops = self.typed(name, args, 2, ty, scope)?;
                let wide = match (name, ty) {
                    ("widening_pairwise_dot_product_s", I32X4) => I16X8,
                    ("snarrow" | "unarrow", I8X16) => I16X8,
                    ("snarrow" | "unarrow", I16X8) => I32X4,
                    _ => return fail(format!("{name} at {}", ty.isle_name())),
                };
                let x = self.value(&ops[0], wide, scope)?;
                let y = self.value(&ops[1], wide, scope)?;
                let p = prefix.unwrap_or_default();
                let w = wide.prefix().unwrap_or_default();
                let text = match name {
                    "snarrow" => format!("{p}.narrow_{w}_s"),
                    "unarrow" => format!("{p}.narrow_{w}_u"),
                    _ => "i32x4.dot_i16x8_s".into(),
                };
                Self::op(&text, vec![x, y])?
            }
            "bnot" | "ineg" | "iabs" | "clz" | "ctz" | "popcnt" | "fneg" | "fabs" | "sqrt" | "ceil" | "floor"
            | "trunc" | "nearest" => {
                let ops = self.typed(name, args, 1, ty, scope)?;
                let x = self.value(&ops[0], ty, scope)?;
                unary(name, ty, x)?
            }
            "icmp" | "fcmp" => {
                let ops = self.typed(name, args, 3, ty, scope)?;
                let float = name == "fcmp";
                let table: &[(&str, &'static str)] = if float { &FLOAT_CCS } else { &INT_CCS };
                let cc = self.cond(&ops[0], table, scope)?;
                let candidates: Vec<ClifTy> = if ty.is_vector() {
                    vec![ty]
                } else if matches!(ty, I8 | I32) {
                    if float { vec![F32, F64] } else { vec![I32, I64] }
                } else {
                    return fail(format!("{name} at {}", ty.isle_name()));
                };
                if ty.is_vector() && float == ty.is_int() {
                    return fail(format!("{name} at {}", ty.isle_name()));
                }
                self.first_of(&candidates, scope, |t, operand, scope| {
                    let x = t.value(&ops[1], operand, scope)?;
                    let y = t.value(&ops[2], operand, scope)?;
                    Self::op(&format!("{}.{cc}", operand.prefix().unwrap_or_default()), vec![x, y])
                })?
            }
            "select" => {
                let ops = self.typed(name, args, 3, ty, scope)?;
                if matches!(ty, I8 | I16) {
                    return fail("select of a narrow value");
                }
                let c = self.value(&ops[0], I8, scope)?;
                let x = self.value(&ops[1], ty, scope)?;
                let y = self.value(&ops[2], ty, scope)?;
                Self::op(&format!("select {}", ty.wasm().name()), vec![x, y, c])?
            }
            "bitselect" => {
                let ops = self.typed(name, args, 3, ty, scope)?;
                if !ty.is_vector() {
                    return fail("bitselect of a scalar");
                }
                let c = self.value(&ops[0], ty, scope)?;
                let x = self.value(&ops[1], ty, scope)?;
                let y = self.value(&ops[2], ty, scope)?;
                Self::op("v128.bitselect", vec![x, y, c])?
            }
            "uextend" | "sextend" => {
                let ops = self.typed(name, args, 1, ty, scope)?;
                let signed = name == "sextend";
                let sources: &[ClifTy] = match ty {
                    I64 => &[I32, I8, I16],
                    I32 => &[I8, I16],
                    _ => return fail(format!("{name} at {}", ty.isle_name())),
                };
                self.first_of(sources, scope, |t, from, scope| {
                    let x = t.value(&ops[0], from, scope)?;
                    extend(x, from, ty, signed)
                })?
            }
            "ireduce" => {
                let ops = self.typed(name, args, 1, ty, scope)?;
                let sources: &[ClifTy] = match ty {
                    I32 => &[I64],
                    I8 | I16 => &[I32, I64],
                    _ => return fail(format!("ireduce at {}", ty.isle_name())),
                };
                self.first_of(sources, scope, |t, from, scope| {
                    let x = t.value(&ops[0], from, scope)?;
                    if from == I64 {
                        Self::op("i32.wrap_i64", vec![x])
                    } else {
                        Ok(x)
                    }
                })?
            }
            "fpromote" | "fdemote" | "fvpromote_low" | "fvdemote" => {
                let ops = self.typed(name, args, 1, ty, scope)?;
                let (from, text) = match (name, ty) {
                    ("fpromote", F64) => (F32, "f64.promote_f32"),
                    ("fdemote", F32) => (F64, "f32.demote_f64"),
                    ("fvpromote_low", F64X2) => (F32X4, "f64x2.promote_low_f32x4"),
                    ("fvdemote", F32X4) => (F64X2, "f32x4.demote_f64x2_zero"),
                    _ => return fail(format!("{name} at {}", ty.isle_name())),
                };
                let x = self.value(&ops[0], from, scope)?;
                Self::op(text, vec![x])?
            }
            "fcvt_to_sint" | "fcvt_to_uint" | "fcvt_to_sint_sat" | "fcvt_to_uint_sat" => {
                let ops = self.typed(name, args, 1, ty, scope)?;
                let sign = if name.contains("sint") { "s" } else { "u" };
                let sat = if name.ends_with("_sat") { "_sat" } else { "" };
                if ty == I32X4 && !sat.is_empty() {
                    let x = self.value(&ops[0], F32X4, scope)?;
                    Self::op(&format!("i32x4.trunc_sat_f32x4_{sign}"), vec![x])?
                } else if int_scalar {
                    let p = prefix.unwrap_or_default();
                    self.first_of(&[F32, F64], scope, |t, from, scope| {
                        let x = t.value(&ops[0], from, scope)?;
                        let f = from.prefix().unwrap_or_default();
                        Self::op(&format!("{p}.trunc{sat}_{f}_{sign}"), vec![x])
                    })?
                } else {
                    return fail(format!("{name} at {}", ty.isle_name()));
                }
            }
            "fcvt_from_sint" | "fcvt_from_uint" => {
                let ops = self.typed(name, args, 1, ty, scope)?;
                let sign = if name.ends_with("sint") { "s" } else { "u" };
                match ty {
                    F32X4 => {
                        let x = self.value(&ops[0], I32X4, scope)?;
                        Self::op(&format!("f32x4.convert_i32x4_{sign}"), vec![x])?
                    }
                    F32 | F64 => {
                        let p = prefix.unwrap_or_default();
                        self.first_of(&[I32, I64], scope, |t, from, scope| {
                            let x = t.value(&ops[0], from, scope)?;
                            let i = from.prefix().unwrap_or_default();
                            Self::op(&format!("{p}.convert_{i}_{sign}"), vec![x])
                        })?
                    }
                    _ => return fail(format!("{name} at {}", ty.isle_name())),
                }
            }
            "bitcast" => {
                let ops = self.typed(name, args, 2, ty, scope)?;
                let (from, text) = match ty {
                    F32 => (I32, Some("f32.reinterpret_i32")),
                    I32 => (F32, Some("i32.reinterpret_f32")),
                    F64 => (I64, Some("f64.reinterpret_i64")),
                    I64 => (F64, Some("i64.reinterpret_f64")),
                    v if v.is_vector() => (self.pick(&[I8X16, I16X8, I32X4, I64X2, F32X4, F64X2]), None),
                    _ => return fail(format!("bitcast at {}", ty.isle_name())),
                };
                let x = self.value(&ops[1], from, scope)?;
                match text {
                    Some(text) => Self::op(text, vec![x])?,
                    None => x,
                }
            }
            "splat" => {
                let ops = self.typed(name, args, 1, ty, scope)?;
                if !ty.is_vector() {
                    return fail("splat to a scalar");
                }
                let x = self.value(&ops[0], ty.lane(), scope)?;
                Self::op(&format!("{}.splat", prefix.unwrap_or_default()), vec![x])?
            }
            "extractlane" => {
                let ops = self.typed(name, args, 2, ty, scope)?;
                let Some(vector) = ty.vector_of() else {
                    return fail(format!("extractlane at {}", ty.isle_name()));
                };
                let x = self.value(&ops[0], vector, scope)?;
                let lane = self.immediate(&ops[1], I8, scope)? % u64::from(vector.lanes());
                let sign = if matches!(ty, I8 | I16) { "_u" } else { "" };
                Self::op(
                    &format!("{}.extract_lane{sign} {lane}", vector.prefix().unwrap_or_default()),
                    vec![x],
                )?
            }
            "insertlane" => {
                let ops = self.typed(name, args, 3, ty, scope)?;
                if !ty.is_vector() {
                    return fail("insertlane into a scalar");
                }
                let x = self.value(&ops[0], ty, scope)?;
                let y = self.value(&ops[1], ty.lane(), scope)?;
                let lane = self.immediate(&ops[2], I8, scope)? % u64::from(ty.lanes());
                Self::op(
                    &format!("{}.replace_lane {lane}", prefix.unwrap_or_default()),
                    vec![x, y],
                )?
            }
            "shuffle" => {
                let ops = self.typed(name, args, 3, ty, scope)?;
                if !ty.is_vector() {
                    return fail("shuffle of a scalar");
                }
                let x = self.value(&ops[0], ty, scope)?;
                let y = self.value(&ops[1], ty, scope)?;
                let shuffles: Vec<&'static Instr> = Catalog::get()
                    .all()
                    .iter()
                    .filter(|i| i.text.starts_with("i8x16.shuffle"))
                    .collect();
                Expr::apply(self.pick(&shuffles), vec![x, y])
            }
            "vany_true" | "vall_true" | "vhigh_bits" => {
                let ops = self.typed(name, args, 1, ty, scope)?;
                if !matches!(ty, I8 | I32) {
                    return fail(format!("{name} at {}", ty.isle_name()));
                }
                self.first_of(&[I8X16, I16X8, I32X4, I64X2], scope, |t, vector, scope| {
                    let x = t.value(&ops[0], vector, scope)?;
                    let p = vector.prefix().unwrap_or_default();
                    let text = match name {
                        "vany_true" => "v128.any_true".to_string(),
                        "vall_true" => format!("{p}.all_true"),
                        _ => format!("{p}.bitmask"),
                    };
                    Self::op(&text, vec![x])
                })?
            }
            "swiden_low" | "swiden_high" | "uwiden_low" | "uwiden_high" => {
                let ops = self.typed(name, args, 1, ty, scope)?;
                let Some(narrow) = ty.narrower() else {
                    return fail(format!("{name} at {}", ty.isle_name()));
                };
                let x = self.value(&ops[0], narrow, scope)?;
                let sign = if name.starts_with('s') { "s" } else { "u" };
                let half = if name.ends_with("low") { "low" } else { "high" };
                let text = format!(
                    "{}.extend_{half}_{}_{sign}",
                    prefix.unwrap_or_default(),
                    narrow.prefix().unwrap_or_default()
                );
                Self::op(&text, vec![x])?
            }
            "load" | "uload8" | "sload8" | "uload16" | "sload16" | "uload32" | "sload32" => {
                // (load flags address offset): the address is the harness's, the offset one of
                // the catalogue's.
                let _ = self.typed(name, args, 3, ty, scope)?;
                let wasm = match (name, ty) {
                    ("load", I32 | I64 | F32 | F64) => format!("{}.load", ty.wasm().name()),
                    ("load", v) if v.is_vector() => "v128.load".into(),
                    (_, I32 | I64) if !name.ends_with("32") || ty == I64 => {
                        let bits = &name[5..];
                        let sign = if name.starts_with('u') { "u" } else { "s" };
                        format!("{}.load{bits}_{sign}", ty.wasm().name())
                    }
                    _ => return fail(format!("{name} at {}", ty.isle_name())),
                };
                let loads: Vec<&'static Instr> = Catalog::get()
                    .all()
                    .iter()
                    .filter(|i| i.text.split(' ').next() == Some(wasm.as_str()))
                    .collect();
                if loads.is_empty() {
                    return fail(format!("no Wasm instruction {wasm}"));
                }
                let address = Expr::constant(Ty::I32, self.pick(&[0u128, 8, 16]));
                Expr::apply(self.pick(&loads), vec![address])
            }
            _ => return Ok(None),
        }))
    }
}

/// Every lane of `ty` set to `bits` (a scalar is unchanged).
fn splat(bits: u128, ty: ClifTy) -> u128 {
    if !ty.is_vector() {
        return bits;
    }
    let width = ty.lane_bits();
    let lane = bits & ((1u128 << width) - 1);
    (0..ty.lanes()).fold(0, |v, i| v | (lane << (i * width)))
}

/// `m` with its parameters replaced by `args`.
fn expand(m: &Macro, args: &[Pattern]) -> Pattern {
    fn subst(p: &Pattern, m: &Macro, args: &[Pattern]) -> Pattern {
        match p {
            Pattern::Var { var, .. } => match m.args.iter().position(|a| *a == var.0) {
                Some(i) => args[i].clone(),
                None => p.clone(),
            },
            Pattern::BindPattern { var, subpat, pos } => Pattern::BindPattern {
                var: var.clone(),
                subpat: Box::new(subst(subpat, m, args)),
                pos: *pos,
            },
            Pattern::Term { sym, args: inner, pos } => Pattern::Term {
                sym: sym.clone(),
                args: inner.iter().map(|a| subst(a, m, args)).collect(),
                pos: *pos,
            },
            Pattern::And { subpats, pos } => Pattern::And {
                subpats: subpats.iter().map(|a| subst(a, m, args)).collect(),
                pos: *pos,
            },
            other => other.clone(),
        }
    }
    subst(&m.template, m, args)
}

/// Whether `name` is a condition on the target's features rather than on the value (aarch64's
/// `use_lse`, large-system atomics): a run on a target without them lowers the other rules.
fn is_target_flag(name: &str) -> bool {
    name == "use_lse"
}

/// The width in bits of the zero-extended result of an unsigned narrow atomic access
/// (`i32.atomic.rmw8.add_u`: 8), if `e` is one, or one of 8 or 16 bits wrapped to `i32`.
fn zero_extended_bits(e: &Expr) -> Option<u32> {
    let Expr::Apply(instr, args) = e else { return None };
    if instr.text == "i32.wrap_i64" {
        return zero_extended_bits(args.first()?).filter(|&bits| bits < 32);
    }
    let op = instr.text.split(".atomic.").nth(1)?.split(' ').next()?;
    if !op.ends_with("_u") {
        return None;
    }
    let digits: String = op
        .split(['.', '_'])
        .next()?
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// Whether `e` is a comparison (0 or 1 in an `i32`).
fn is_boolean(e: &Expr) -> bool {
    let Expr::Apply(instr, _) = e else { return false };
    let op = instr.text.split(['.', ' ']).nth(1).unwrap_or_default();
    instr.result == Some(Ty::I32)
        && !instr.text.starts_with("i32x4")
        && matches!(
            op.split('_').next().unwrap_or_default(),
            "eq" | "ne" | "lt" | "gt" | "le" | "ge" | "eqz" | "any" | "all"
        )
}

/// The extension of `x` (a `from` value) to `to`, as Wasm writes it.
fn extend(x: Expr, from: ClifTy, to: ClifTy, signed: bool) -> R<Expr> {
    use ClifTy::*;
    let op = Translator::op;
    let mask = |x: Expr, bits: u32| {
        if is_boolean(&x) || zero_extended_bits(&x).is_some_and(|b| b <= bits) {
            Ok(x)
        } else {
            op("i32.and", vec![x, Expr::constant(Ty::I32, (1u128 << bits) - 1)])
        }
    };
    match (from, to, signed) {
        (I32, I64, true) => op("i64.extend_i32_s", vec![x]),
        (I32, I64, false) => op("i64.extend_i32_u", vec![x]),
        (I8, I32, true) => op("i32.extend8_s", vec![x]),
        (I16, I32, true) => op("i32.extend16_s", vec![x]),
        (I8 | I16, I32, false) => mask(x, from.lane_bits()),
        (I8 | I16, I64, true) => {
            let wide = op("i64.extend_i32_u", vec![x])?;
            op(if from == I8 { "i64.extend8_s" } else { "i64.extend16_s" }, vec![wide])
        }
        (I8 | I16, I64, false) => op("i64.extend_i32_u", vec![mask(x, from.lane_bits())?]),
        _ => fail(format!("extension from {} to {}", from.isle_name(), to.isle_name())),
    }
}

fn minus_one(ty: ClifTy) -> Expr {
    Expr::constant(
        ty.wasm(),
        if ty == ClifTy::I64 {
            u128::from(u64::MAX)
        } else {
            u128::from(u32::MAX)
        },
    )
}

/// A two-operand operator at `ty`.
fn binary(name: &str, ty: ClifTy, x: Expr, y: Expr) -> R<Expr> {
    use ClifTy::*;
    let op = Translator::op;
    let Some(p) = ty.prefix() else {
        return fail(format!("{name} at {}", ty.isle_name()));
    };
    if matches!(ty, I32 | I64) {
        let direct = match name {
            "iadd" => "add",
            "isub" => "sub",
            "imul" => "mul",
            "udiv" => "div_u",
            "sdiv" => "div_s",
            "urem" => "rem_u",
            "srem" => "rem_s",
            "band" => "and",
            "bor" => "or",
            "bxor" => "xor",
            "ishl" => "shl",
            "ushr" => "shr_u",
            "sshr" => "shr_s",
            "rotl" => "rotl",
            "rotr" => "rotr",
            _ => "",
        };
        if !direct.is_empty() {
            return op(&format!("{p}.{direct}"), vec![x, y]);
        }
        return match name {
            "band_not" | "bor_not" | "bxor_not" => {
                let not_y = op(&format!("{p}.xor"), vec![y, minus_one(ty)])?;
                op(&format!("{p}.{}", &name[1..name.len() - 4]), vec![x, not_y])
            }
            "smin" | "smax" | "umin" | "umax" => {
                let cc = match name {
                    "smin" => "lt_s",
                    "smax" => "gt_s",
                    "umin" => "lt_u",
                    _ => "gt_u",
                };
                let c = op(&format!("{p}.{cc}"), vec![x.clone(), y.clone()])?;
                op(&format!("select {p}"), vec![x, y, c])
            }
            "umulhi" | "smulhi" if ty == I32 => {
                let (ext, shr) = if name == "umulhi" {
                    ("i64.extend_i32_u", "i64.shr_u")
                } else {
                    ("i64.extend_i32_s", "i64.shr_s")
                };
                let product = op("i64.mul", vec![op(ext, vec![x])?, op(ext, vec![y])?])?;
                op(
                    "i32.wrap_i64",
                    vec![op(shr, vec![product, Expr::constant(Ty::I64, 32)])?],
                )
            }
            _ => fail(format!("{name} at {}", ty.isle_name())),
        };
    }
    let text = match (name, ty.is_int()) {
        ("band", _) if ty.is_vector() => "v128.and".to_string(),
        ("bor", _) if ty.is_vector() => "v128.or".to_string(),
        ("bxor", _) if ty.is_vector() => "v128.xor".to_string(),
        ("band_not", _) if ty.is_vector() => "v128.andnot".to_string(),
        ("swizzle", true) if ty == I8X16 => "i8x16.swizzle".to_string(),
        ("sqmul_round_sat", true) if ty == I16X8 => "i16x8.q15mulr_sat_s".to_string(),
        (_, true) => {
            let w = match name {
                "iadd" => "add",
                "isub" => "sub",
                "imul" => "mul",
                "ishl" => "shl",
                "ushr" => "shr_u",
                "sshr" => "shr_s",
                "smin" => "min_s",
                "smax" => "max_s",
                "umin" => "min_u",
                "umax" => "max_u",
                "uadd_sat" => "add_sat_u",
                "sadd_sat" => "add_sat_s",
                "usub_sat" => "sub_sat_u",
                "ssub_sat" => "sub_sat_s",
                "avg_round" => "avgr_u",
                _ => return fail(format!("{name} at {}", ty.isle_name())),
            };
            format!("{p}.{w}")
        }
        (_, false) => {
            let w = match name {
                "fadd" => "add",
                "fsub" => "sub",
                "fmul" => "mul",
                "fdiv" => "div",
                "fmin" => "min",
                "fmax" => "max",
                "fcopysign" if !ty.is_vector() => "copysign",
                _ => return fail(format!("{name} at {}", ty.isle_name())),
            };
            format!("{p}.{w}")
        }
    };
    op(&text, vec![x, y])
}

/// A one-operand operator at `ty`.
fn unary(name: &str, ty: ClifTy, x: Expr) -> R<Expr> {
    use ClifTy::*;
    let op = Translator::op;
    let Some(p) = ty.prefix() else {
        return fail(format!("{name} at {}", ty.isle_name()));
    };
    match (name, ty) {
        ("clz" | "ctz" | "popcnt", I32 | I64) => op(&format!("{p}.{name}"), vec![x]),
        ("bnot", I32 | I64) => op(&format!("{p}.xor"), vec![x, minus_one(ty)]),
        ("ineg", I32 | I64) => op(&format!("{p}.sub"), vec![Expr::constant(ty.wasm(), 0), x]),
        ("iabs", I32 | I64) => {
            let negated = op(&format!("{p}.sub"), vec![Expr::constant(ty.wasm(), 0), x.clone()])?;
            let negative = op(&format!("{p}.lt_s"), vec![x.clone(), Expr::constant(ty.wasm(), 0)])?;
            op(&format!("select {p}"), vec![negated, x, negative])
        }
        ("bnot", v) if v.is_vector() => op("v128.not", vec![x]),
        ("ineg", v) if v.is_vector() && v.is_int() => op(&format!("{p}.neg"), vec![x]),
        ("iabs", v) if v.is_vector() && v.is_int() => op(&format!("{p}.abs"), vec![x]),
        ("popcnt", I8X16) => op("i8x16.popcnt", vec![x]),
        ("fneg" | "fabs" | "sqrt" | "ceil" | "floor" | "trunc" | "nearest", F32 | F64 | F32X4 | F64X2) => {
            let w = name.strip_prefix('f').filter(|_| name != "floor").unwrap_or(name);
            op(&format!("{p}.{w}"), vec![x])
        }
        _ => fail(format!("{name} at {}", ty.isle_name())),
    }
}
