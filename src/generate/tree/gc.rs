//! GC arrays in `ops` ([`Proposal::Gc`], which only Cranelift compiles): the catalogue entries for
//! `array.fill`, `array.init_data` and `array.init_elem`, which wasm-smith emits only when its
//! operand stack happens to hold an array reference under three `i32`s, and the layout they are
//! written for.
//!
//! The layout follows the funcref-table layout of [`super::module`] (which a module with these
//! entries always gets; never together with the exception layout, `ops` draws one or the other):
//! types 3 (`array (mut i32)`) and 4 (`array (mut funcref)`), globals 0 (a mutable reference to an
//! `i32` array of [`I32_LENGTH`] zeros) and 1 (to a funcref array of [`FUNCREF_LENGTH`] nulls),
//! passive data segment 2 of [`DATA`] (after the two active edge-byte segments), and a data count
//! section. Each entry writes its array through the global (operands: the destination index, the
//! fill value or the source offset, the length) and reads one element back (the first or the
//! last), so that its result shows what the write left there; a funcref element shows whether it
//! is null.

use crosscheck_oracles::Proposal;
use wasm_encoder::{
    ConstExpr, DataCountSection, DataSection, GlobalSection, GlobalType, HeapType, Instruction, RefType, StorageType,
    TypeSection, ValType,
};

use super::Ty::I32;
use super::raw::Raw;

/// The first type index of the layout (after the table layout's three).
const TYPE_BASE: u32 = 3;

/// Length of the `i32` array of global 0.
pub const I32_LENGTH: u32 = 6;

/// Length of the funcref array of global 1 (the passive element segment has 4 functions).
pub const FUNCREF_LENGTH: u32 = 4;

/// The passive data segment's bytes: eight little-endian `i32`s, each byte distinct.
pub const DATA: [u8; 32] = [
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
    0x80,
];

/// The GC array entries of the catalogue (module documentation).
pub(super) fn entries() -> Vec<Raw> {
    let mut out = Vec::new();
    let mut add = |global: u32, after: String| {
        out.push(Raw {
            before: vec![format!("global.get {global}"), String::new(), String::new()],
            after,
            params: vec![I32, I32, I32],
            result: Some(I32),
            proposal: Some(Proposal::Gc),
            table: None,
            table64: false,
        });
    };
    let (ints, refs) = (TYPE_BASE, TYPE_BASE + 1);
    for read in [0, I32_LENGTH - 1] {
        let back = format!("global.get 0 i32.const {read} array.get {ints}");
        add(0, format!("array.fill {ints} {back}"));
        add(0, format!("array.init_data {ints} 2 {back}"));
    }
    for read in [0, FUNCREF_LENGTH - 1] {
        add(
            1,
            format!("array.init_elem {refs} 2 global.get 1 i32.const {read} array.get {refs} ref.is_null"),
        );
    }
    out
}

/// Adds the layout (module documentation) to the sections, which must hold the table layout's
/// three types and nothing else; returns the number of types it defines.
pub(super) fn layout(
    types: &mut TypeSection,
    globals: &mut GlobalSection,
    data: &mut DataSection,
    count: &mut Option<DataCountSection>,
) -> u32 {
    debug_assert_eq!(types.len(), TYPE_BASE);
    types.ty().array(&StorageType::Val(ValType::I32), true);
    types
        .ty()
        .array(&StorageType::Val(ValType::Ref(RefType::FUNCREF)), true);
    for (index, length) in [I32_LENGTH, FUNCREF_LENGTH].into_iter().enumerate() {
        let ty = TYPE_BASE + index as u32;
        globals.global(
            GlobalType {
                val_type: ValType::Ref(RefType {
                    nullable: true,
                    heap_type: HeapType::Concrete(ty),
                }),
                mutable: true,
                shared: false,
            },
            &ConstExpr::extended([Instruction::I32Const(length as i32), Instruction::ArrayNewDefault(ty)]),
        );
    }
    data.passive(DATA);
    *count = Some(DataCountSection { count: data.len() });
    2
}

#[cfg(test)]
mod tests {
    use super::super::catalog::Catalog;
    use super::super::{Expr, Function, module, proposals};
    use super::Proposal;

    #[test]
    fn every_array_entry_validates_in_its_layout_and_needs_gc() {
        let functions: Vec<Function> = Catalog::get()
            .all()
            .iter()
            .filter(|i| i.proposal == Some(Proposal::Gc))
            .map(|i| Function {
                params: i.params.clone(),
                result: i.result,
                body: Expr::apply(i, (0..3).map(Expr::param).collect()),
            })
            .collect();
        assert_eq!(functions.len(), 6);
        let used = proposals(&functions);
        let wasm = module(&functions, false);
        wasmparser::Validator::new_with_features(used.features())
            .validate_all(&wasm)
            .unwrap_or_else(|e| panic!("{e}: {}", wasmprinter::print_bytes(&wasm).unwrap()));
        let mut without = crosscheck_oracles::ProposalSet::empty();
        used.iter()
            .filter(|&p| p != Proposal::Gc)
            .for_each(|p| without.insert(p));
        assert!(
            wasmparser::Validator::new_with_features(without.features())
                .validate_all(&wasm)
                .is_err()
        );
    }
}
