//! Exception handling in `ops` ([`Proposal::Exceptions`]): the catalogue entries (`try_table`
//! with `catch`, `catch_ref`, `catch_all` and `catch_all_ref`, `throw`, `throw_ref`) and the
//! layout of tags and helper functions they are written for.
//!
//! The layout follows the funcref-table layout of [`super::module`] (which a module with
//! exceptions always gets, so that the indices below are fixed): types 3 to 12 (the tag types
//! `[i32]`, `[i64]`, `[f32]`, `[f64]`, `[i32 i64 f32 f64]` and `[]` to `[]`, the block types
//! `[] -> [i32 exnref]`, the helper types `[i32 exnref] -> [i32]` and `[i32 i64 f32 f64] ->
//! [i64]`, the block type `[] -> [i32 i64 f32 f64]`) and, in a module with SIMD, type 13
//! (`[v128] -> []`); tags 0 to 5 of the six tag types in that order and, with SIMD, tag 6 of
//! `v128`; helper functions 4 (`[i32] -> [i32]`: throws tag 0 with its argument when the argument
//! is odd, else returns it xor `0x40`), 5 (`[i32 exnref] -> [i32]`: `throw_ref`s its exception when
//! the `i32` is odd, else returns the `i32` xor 3) and 6 (`[i32 i64 f32 f64] -> [i64]`: folds the
//! four values' bits into one `i64`).
//!
//! Every entry that catches shows which handler ran in its result: the caught values (their bits,
//! for floats) xor the handler's mark (1 for an inner handler, 2 for an outer one, 3 for a
//! `catch_all`, 4 for a later clause of the same `try_table`), or the mark alone for the tag
//! without values. Entries that throw and catch nothing let the exception leave the export (trap
//! kind `uncaught-exception`); `throw_ref` of a null `exnref` traps with `null-reference`.

use crosscheck_oracles::Proposal;
use wasm_encoder::{
    BlockType, CodeSection, FunctionSection, Instruction, TagKind, TagSection, TagType, TypeSection, ValType,
};

use super::Ty;
use super::raw::Raw;

use Ty::{F32, F64, I32, I64, V128};

/// The first type index of the layout (after the table layout's three).
const TYPE_BASE: u32 = 3;

/// Index of the block type `[] -> [i32 exnref]`.
const CATCH_REF_I32: u32 = 9;

/// Index of the block type `[] -> [i32 i64 f32 f64]`.
const SEVERAL: u32 = 12;

/// How the values of one tag are thrown and shown.
struct Carried {
    /// The tag.
    tag: u32,
    /// Its value types: an entry's operands.
    params: &'static [Ty],
    /// The block type of a handler that receives them, as text.
    block: String,
    /// The entry's result type.
    result: Ty,
}

impl Carried {
    /// Text turning the caught values into the result, with handler mark `mark`.
    fn show(&self, mark: u32) -> String {
        match self.params {
            [I32] => format!("i32.const {mark} i32.xor"),
            [I64] => format!("i64.const {mark} i64.xor"),
            [F32] => format!("i32.reinterpret_f32 i32.const {mark} i32.xor"),
            [F64] => format!("i64.reinterpret_f64 i64.const {mark} i64.xor"),
            [V128] => format!("v128.const i32x4 {mark} 0 0 0 v128.xor"),
            [] => format!("i32.const {mark}"),
            _ => format!("call 6 i64.const {mark} i64.xor"),
        }
    }

    /// Text of a constant result `mark` (for a handler that receives none of the values).
    fn mark(&self, mark: u32) -> String {
        match self.result {
            I64 => format!("i64.const {mark}"),
            V128 => format!("v128.const i32x4 {mark} 0 0 0"),
            _ => format!("i32.const {mark}"),
        }
    }
}

/// The carried shapes: each value type, several values, none, and `v128`.
fn carried() -> Vec<Carried> {
    let one = |tag, params: &'static [Ty], result| Carried {
        tag,
        params,
        block: format!("(result {})", params[0].name()),
        result,
    };
    vec![
        one(0, &[I32], I32),
        one(1, &[I64], I64),
        one(2, &[F32], I32),
        one(3, &[F64], I64),
        Carried {
            tag: 4,
            params: &[I32, I64, F32, F64],
            block: format!("(type {SEVERAL})"),
            result: I64,
        },
        Carried {
            tag: 5,
            params: &[],
            block: String::new(),
            result: I32,
        },
        one(6, &[V128], V128),
    ]
}

/// The exception entries of the catalogue (module documentation), each as the text before its
/// operands and the text after them.
pub(super) fn entries() -> Vec<Raw> {
    let mut out = Vec::new();
    let mut add = |open: String, close: String, params: &[Ty], result: Ty| {
        let (before, after) = if params.is_empty() {
            (Vec::new(), format!("{open} {close}").trim().to_string())
        } else {
            let mut before = vec![String::new(); params.len()];
            before[0] = open;
            (before, close)
        };
        out.push(Raw {
            before,
            after,
            params: params.to_vec(),
            result: Some(result),
            proposal: Some(Proposal::Exceptions),
            table: None,
            table64: false,
        });
    };
    for c in carried() {
        let (t, b, r) = (c.tag, &c.block, c.result);
        let other = if t == 5 { 0 } else { 5 };
        let other_block_type = if t == 5 { "(result i32)" } else { "" };
        // `catch`: the values reach the handler.
        add(
            format!("block {b} try_table (catch {t} 0)"),
            format!("throw {t} end unreachable end {}", c.show(1)),
            c.params,
            r,
        );
        // `catch_all`: the handler runs without them.
        add(
            "block try_table (catch_all 0)".into(),
            format!("throw {t} end unreachable end {}", c.mark(3)),
            c.params,
            r,
        );
        // Nested, both handlers match: the inner one wins.
        add(
            format!(
                "block (result {}) block {b} block {b} try_table (catch {t} 1) try_table (catch {t} 1)",
                r.name()
            ),
            format!(
                "throw {t} end end unreachable end {} br 1 end {} end",
                c.show(1),
                c.show(2)
            ),
            c.params,
            r,
        );
        // Nested, only the outer handler matches.
        add(
            format!(
                "block (result {}) block {b} block {other_block_type} try_table (catch {t} 1) try_table (catch {other} 1)",
                r.name()
            ),
            format!(
                "throw {t} end end unreachable end {} br 1 end {} end",
                if t == 5 {
                    "drop i32.const 1".to_string()
                } else {
                    c.mark(1)
                },
                c.show(2)
            ),
            c.params,
            r,
        );
        // Nested, the inner `catch_all` matches before the outer `catch`.
        add(
            format!(
                "block (result {}) block {b} block try_table (catch {t} 1) try_table (catch_all 1)",
                r.name()
            ),
            format!(
                "throw {t} end end unreachable end {} br 1 end {} end",
                c.mark(3),
                c.show(2)
            ),
            c.params,
            r,
        );
        // One `try_table`, three clauses: the first that matches (the second) wins.
        add(
            format!(
                "block (result {}) block block {b} block {other_block_type} try_table (catch {other} 0) (catch {t} 1) (catch_all 2)",
                r.name()
            ),
            format!(
                "throw {t} end unreachable end {} br 2 end {} br 1 end {} end",
                if t == 5 {
                    "drop i32.const 1".to_string()
                } else {
                    c.mark(1)
                },
                c.show(4),
                c.mark(3)
            ),
            c.params,
            r,
        );
        // `catch_all_ref`, then `throw_ref` of the caught exception to an outer `catch`.
        add(
            format!("block {b} try_table (catch {t} 0) block (result exnref) try_table (catch_all_ref 0)"),
            format!(
                "throw {t} end unreachable end throw_ref end unreachable end {}",
                c.show(2)
            ),
            c.params,
            r,
        );
        // Uncaught: the exception leaves the export.
        add(String::new(), format!("throw {t}"), c.params, r);
    }
    // Across a call: helper 4 throws on an odd argument, caught by the innermost of two handlers.
    add(
        "block (result i32) block (result i32) block (result i32) try_table (result i32) (catch 0 1) try_table (result i32) (catch 0 1)".into(),
        "call 4 end end br 2 end i32.const 1 i32.xor br 1 end i32.const 2 i32.xor end".into(),
        &[I32],
        I32,
    );
    // Across a call, one handler; an even argument returns normally.
    add(
        "block (result i32) block (result i32) try_table (result i32) (catch 0 0)".into(),
        "call 4 end br 1 end i32.const 1 i32.xor end".into(),
        &[I32],
        I32,
    );
    // `catch_ref` with the value, helper 5 rethrows an odd one to the outer `catch`.
    add(
        format!(
            "block (result i32) block (result i32) try_table (result i32) (catch 0 0) block (type {CATCH_REF_I32}) try_table (catch_ref 0 0)"
        ),
        "throw 0 end unreachable end call 5 end br 1 end i32.const 2 i32.xor end".into(),
        &[I32],
        I32,
    );
    // Uncaught across a call (an odd argument).
    add(String::new(), "call 4".into(), &[I32], I32);
    // `throw_ref` of a null reference.
    add(String::new(), "ref.null exn throw_ref".into(), &[], I32);
    out
}

/// Adds the layout (module documentation) to the sections, which must hold the table layout's
/// three types and four functions and nothing else; `simd` adds the `v128` tag. Returns the number
/// of types and of functions it defines.
pub(super) fn layout(
    types: &mut TypeSection,
    funcs: &mut FunctionSection,
    code: &mut CodeSection,
    tags: &mut TagSection,
    simd: bool,
) -> (u32, u32) {
    debug_assert_eq!(types.len(), TYPE_BASE);
    let several = [ValType::I32, ValType::I64, ValType::F32, ValType::F64];
    let tag_types: Vec<Vec<ValType>> = vec![
        vec![ValType::I32],
        vec![ValType::I64],
        vec![ValType::F32],
        vec![ValType::F64],
        several.to_vec(),
        Vec::new(),
    ];
    for params in &tag_types {
        types.ty().function(params.iter().copied(), []);
    }
    types.ty().function([], [ValType::I32, ValType::EXNREF]);
    types.ty().function([ValType::I32, ValType::EXNREF], [ValType::I32]);
    types.ty().function(several, [ValType::I64]);
    types.ty().function([], several);
    debug_assert_eq!(types.len(), SEVERAL + 1);
    let mut count = types.len() - TYPE_BASE;
    for index in 0..tag_types.len() as u32 {
        tags.tag(TagType {
            kind: TagKind::Exception,
            func_type_idx: TYPE_BASE + index,
        });
    }
    if simd {
        types.ty().function([ValType::V128], []);
        tags.tag(TagType {
            kind: TagKind::Exception,
            func_type_idx: types.len() - 1,
        });
        count += 1;
    }
    use Instruction as I;
    let helpers: [(u32, Vec<Instruction<'static>>); 3] = [
        (
            1,
            vec![
                I::LocalGet(0),
                I::I32Const(1),
                I::I32And,
                I::If(BlockType::Empty),
                I::LocalGet(0),
                I::Throw(0),
                I::End,
                I::LocalGet(0),
                I::I32Const(0x40),
                I::I32Xor,
            ],
        ),
        (
            CATCH_REF_I32 + 1,
            vec![
                I::LocalGet(0),
                I::I32Const(1),
                I::I32And,
                I::If(BlockType::Empty),
                I::LocalGet(1),
                I::ThrowRef,
                I::End,
                I::LocalGet(0),
                I::I32Const(3),
                I::I32Xor,
            ],
        ),
        (
            CATCH_REF_I32 + 2,
            vec![
                I::LocalGet(0),
                I::I64ExtendI32U,
                I::LocalGet(1),
                I::I64Const(1),
                I::I64Rotl,
                I::I64Xor,
                I::LocalGet(2),
                I::I32ReinterpretF32,
                I::I64ExtendI32U,
                I::I64Const(32),
                I::I64Shl,
                I::I64Xor,
                I::LocalGet(3),
                I::I64ReinterpretF64,
                I::I64Const(7),
                I::I64Rotl,
                I::I64Xor,
            ],
        ),
    ];
    super::emit_helpers(funcs, code, &helpers);
    (count, helpers.len() as u32)
}

#[cfg(test)]
mod tests {
    use super::super::Ty::V128;
    use super::super::catalog::Catalog;
    use super::super::{Expr, Function, module, proposals};
    use super::Proposal;
    use crosscheck_oracles::ProposalSet;

    #[test]
    fn every_exception_entry_validates_in_its_layout() {
        let functions: Vec<Function> = Catalog::get()
            .all()
            .iter()
            .filter(|i| i.proposal == Some(Proposal::Exceptions))
            .map(|i| Function {
                params: i.params.clone(),
                result: i.result,
                body: Expr::apply(i, (0..i.params.len() as u32).map(Expr::param).collect()),
            })
            .collect();
        assert_eq!(functions.len(), 7 * 8 + 5);
        let scalar: Vec<Function> = functions
            .iter()
            .filter(|f| !f.params.contains(&V128) && f.result != Some(V128))
            .cloned()
            .collect();
        for set in [functions, scalar] {
            let used = proposals(&set);
            assert!(used.contains(Proposal::ReferenceTypes) && used.contains(Proposal::BulkMemory));
            let wasm = module(&set, false);
            wasmparser::Validator::new_with_features(used.features())
                .validate_all(&wasm)
                .unwrap_or_else(|e| panic!("{e}: {}", wasmprinter::print_bytes(&wasm).unwrap()));
            assert!(
                wasmparser::Validator::new_with_features(ProposalSet::empty().features())
                    .validate_all(&wasm)
                    .is_err()
            );
        }
    }
}
