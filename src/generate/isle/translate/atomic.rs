//! The atomic CLIF operators as the Wasm atomics (threads proposal) that Cranelift's Wasm
//! translator turns into them: `atomic_load` (`i32.atomic.load8_u`, ...), `atomic_store`
//! (`i64.atomic.store16`, ...), `atomic_rmw` (`i32.atomic.rmw8.add_u`, ...) and `atomic_cas`
//! (`*.cmpxchg*`), at every access width the rule's type pattern admits; and `fence` as
//! `atomic.fence`.
//!
//! The translator reduces an operand to the access width (`ireduce`) and zero-extends a narrow
//! result (`uextend`), so a value of a narrow type is the access of that width, and an `i32` or
//! `i64` value is an access of its width or a narrower one extended; an `i32` value is now and then
//! the `i64` form of the access wrapped (`i32.wrap_i64`). A rule that holds only when the old value
//! is unused ([`Rule::result_unused`](super::super::rules::Rule::result_unused)) gets a function
//! that drops it, without the wrap. The operations Wasm has no atomic form of (`Nand`, `Smin`,
//! `Smax`, `Umin`, `Umax`, which aarch64 lowers) and 128-bit accesses leave a rule inexpressible.
//!
//! Addresses: an aligned constant (in the edge bytes at the start of the memory, in the zeros
//! after them, or the last eight bytes), one in eight a parameter, misaligned or out of bounds as
//! the call's argument makes it (the trap must agree). Loads and stores take the catalogue's
//! offset 0 or, one in four, the offset of the memory's last access of their width with address 0.

use cranelift_isle::ast::Pattern;

use super::{ClifTy, Expr, Function, R, Scope, Translator, Ty, fail};

/// Aligned addresses for every width, in bounds for eight bytes.
const ADDRESSES: [u128; 6] = [0, 8, 16, 56, 1024, 65528];

/// The read-modify-write operations with a Wasm form, by their CLIF name.
const RMW_OPS: [(&str, &str); 6] = [
    ("AtomicRmwOp.Add", "add"),
    ("AtomicRmwOp.Sub", "sub"),
    ("AtomicRmwOp.And", "and"),
    ("AtomicRmwOp.Or", "or"),
    ("AtomicRmwOp.Xor", "xor"),
    ("AtomicRmwOp.Xchg", "xchg"),
];

/// The access widths a value of `ty` may come from: its own and the narrower integer ones.
fn accesses(ty: ClifTy) -> R<Vec<ClifTy>> {
    use ClifTy::*;
    if !matches!(ty, I8 | I16 | I32 | I64) {
        return fail(format!("an atomic access at {}", ty.isle_name()));
    }
    Ok([ty, I8, I16, I32]
        .into_iter()
        .enumerate()
        .filter(|&(i, a)| i == 0 || a.lane_bits() < ty.lane_bits())
        .map(|(_, a)| a)
        .collect())
}

/// The parts of a Wasm atomic's name for an access of `access` bits in a value of type `wide`:
/// the width (`8`, or empty at the full width) and the zero-extension suffix (`_u`, or empty).
fn width(access: ClifTy, wide: Ty) -> (String, &'static str) {
    let full = if wide == Ty::I64 { 64 } else { 32 };
    if access.lane_bits() == full {
        (String::new(), "")
    } else {
        (access.lane_bits().to_string(), "_u")
    }
}

impl Translator<'_, '_, '_> {
    /// The atomic operator `name` (`atomic_load`, `atomic_rmw`, `atomic_cas`) at type `ty`, or
    /// `None` when `name` is another term.
    ///
    /// # Errors
    ///
    /// [`Inexpressible`](super::Inexpressible) at a type that is not a scalar integer, for an operation without a Wasm
    /// form, or when the type pattern admits no access width.
    pub(super) fn atomic(
        &mut self,
        name: &str,
        args: &[Pattern],
        ty: ClifTy,
        scope: &mut Scope<'_>,
    ) -> R<Option<Expr>> {
        // (atomic_load ty flags address), (atomic_rmw ty flags op address x),
        // (atomic_cas ty flags address expected replacement).
        let arity = match name {
            "atomic_load" => 3,
            "atomic_rmw" | "atomic_cas" => 5,
            _ => return Ok(None),
        };
        if args.len() != arity {
            return fail(format!("{name} with {} arguments", args.len()));
        }
        let op = match (name, &args[2]) {
            ("atomic_rmw", Pattern::Term { sym, .. }) => match RMW_OPS.iter().find(|(n, _)| *n == sym.0) {
                Some(&(_, w)) => Some(w),
                None => return fail(format!("{} has no Wasm atomic", sym.0)),
            },
            ("atomic_rmw", p) => Some(self.cond(p, &RMW_OPS, scope)?),
            _ => None,
        };
        let candidates = accesses(ty)?;
        let unused = scope.rule.result_unused && scope.depth == 0;
        let e = self.first_of(&candidates, scope, |t, access, scope| {
            if !t.type_matches(&args[0], access, scope) {
                return fail(format!("{name} at {}", access.isle_name()));
            }
            let wrapped = ty != ClifTy::I64 && !unused && t.u.ratio(1, 4).unwrap_or(false);
            let wide = if ty == ClifTy::I64 || wrapped { Ty::I64 } else { Ty::I32 };
            let (bits, zext) = width(access, wide);
            let p = wide.name();
            let e = match (name, op) {
                ("atomic_load", _) => {
                    let (offset, address) = t.offset_address(access);
                    Self::op(&format!("{p}.atomic.load{bits}{zext} offset={offset}"), vec![address])?
                }
                (_, Some(op)) => {
                    let address = t.address();
                    let x = t.operand(&args[4], access, wide, scope)?;
                    Self::op(&format!("{p}.atomic.rmw{bits}.{op}{zext}"), vec![address, x])?
                }
                _ => {
                    let address = t.address();
                    let expected = t.operand(&args[3], access, wide, scope)?;
                    let replacement = t.operand(&args[4], access, wide, scope)?;
                    Self::op(
                        &format!("{p}.atomic.rmw{bits}.cmpxchg{zext}"),
                        vec![address, expected, replacement],
                    )?
                }
            };
            if wrapped {
                Self::op("i32.wrap_i64", vec![e])
            } else {
                Ok(e)
            }
        })?;
        Ok(Some(e))
    }

    /// The function of an `atomic_store` rule (`(atomic_store flags value address)`, the stored
    /// value's type the access's) whose root type `ty` is the Wasm store's value type.
    ///
    /// # Errors
    ///
    /// [`Inexpressible`](super::Inexpressible) at a type other than `I32` and `I64`, or when the value's type pattern
    /// admits no access width.
    pub(super) fn atomic_store(&mut self, args: &[Pattern], ty: ClifTy, scope: &mut Scope<'_>) -> R<Function> {
        if args.len() != 3 || !matches!(ty, ClifTy::I32 | ClifTy::I64) {
            return fail(format!("atomic_store at {}", ty.isle_name()));
        }
        let candidates = accesses(ty)?;
        let body = self.first_of(&candidates, scope, |t, access, scope| {
            let wide = ty.wasm();
            let x = t.operand(&args[1], access, wide, scope)?;
            let (bits, _) = width(access, wide);
            let (offset, address) = t.offset_address(access);
            Self::op(
                &format!("{}.atomic.store{bits} offset={offset}", wide.name()),
                vec![address, x],
            )
        })?;
        Ok(Function {
            params: std::mem::take(&mut self.params),
            result: None,
            body,
        })
    }

    /// The function of a `fence` rule: `atomic.fence` alone, at root type `I32` only (it has no
    /// value; one type is enough to draw it).
    ///
    /// # Errors
    ///
    /// [`Inexpressible`](super::Inexpressible) at another type or with arguments.
    pub(super) fn fence(&mut self, args: &[Pattern], ty: ClifTy) -> R<Function> {
        if !args.is_empty() || ty != ClifTy::I32 {
            return fail(format!("fence at {}", ty.isle_name()));
        }
        Ok(Function {
            params: std::mem::take(&mut self.params),
            result: None,
            body: Self::op("atomic.fence", Vec::new())?,
        })
    }

    /// The value `p` at the access type `access`, as the operand of a Wasm atomic of type `wide`.
    fn operand(&mut self, p: &Pattern, access: ClifTy, wide: Ty, scope: &mut Scope<'_>) -> R<Expr> {
        let x = self.value(p, access, scope)?;
        if wide == Ty::I64 && access != ClifTy::I64 {
            Self::op("i64.extend_i32_u", vec![x])
        } else {
            Ok(x)
        }
    }

    /// An address for an atomic access at offset 0 (module documentation).
    fn address(&mut self) -> Expr {
        if self.u.ratio(1, 8).unwrap_or(false) {
            self.params.push(Ty::I32);
            Expr::param(self.params.len() as u32 - 1)
        } else {
            Expr::constant(Ty::I32, self.pick(&ADDRESSES))
        }
    }

    /// The offset and address of an atomic load or store of `access`: offset 0 and an
    /// [`address`](Self::address), or the offset of the last access of its width and address 0.
    fn offset_address(&mut self, access: ClifTy) -> (u32, Expr) {
        if self.u.ratio(1, 4).unwrap_or(false) {
            (65536 - access.lane_bits() / 8, Expr::constant(Ty::I32, 0))
        } else {
            (0, self.address())
        }
    }
}
