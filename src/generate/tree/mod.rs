//! Expression trees of catalogued instructions ([`catalog`]), and modules of functions that each
//! compute one tree: what the `isle` and `ops` strategies build.
//!
//! A module holds one memory of one page (minimum and maximum), shared or not, exported as
//! `memory`, whose first and last 64 bytes hold edge values, and one exported function `f<i>` per
//! tree, its parameters the tree's [`Leaf::Param`]s (a call plan calls them with edge arguments).
//! A module whose trees use a table entry of the catalogue ([`catalog::Instr::table`]) also holds,
//! before its own types and functions, the layout those entries are written for: three function
//! types (`[] -> [i32]`, `[i32] -> [i32]`, `[] -> [i64]`), four helper functions (0 and 1 of the
//! first type returning 17 and -1, 2 of the second returning its argument plus 1, 3 of the third
//! returning 5), two funcref tables (6 entries, at most 12; 3 entries, at most 100), and four
//! element segments (active in table 0 at 0: functions 0 to 3; active in table 1 at 1: 1, 0;
//! passive: 1, 3, 0, 2; declared: 0 to 3). A module whose trees name a 64-bit table
//! ([`catalog::Instr::table64`]) also holds tables 2 and 3, `(table i64 6 12 funcref)` and
//! `(table i64 3 100 funcref)`, filled by active segments 4 and 5 (at `i64` offsets 0 and 1) as
//! tables 0 and 1 are. The tables are exported as `table0` to `table3` (the harness compares
//! them after each call). A module whose trees use an exception entry
//! ([`Proposal::Exceptions`]) gets the table layout too, then tags and helper functions
//! (`exceptions.rs`); one whose trees use a GC array entry ([`Proposal::Gc`]) gets the table
//! layout, then two arrays in globals and a passive data segment (`gc.rs`).
//!
//! NaN bits: float arithmetic may return a NaN of any payload (specification section 4.3.3), and
//! the harness compares NaN payloads only as `f32`/`f64` results. Wherever a value that float
//! arithmetic made reaches an instruction that looks at its bits ([`catalog::View::Bits`]), a float
//! instruction of another shape (an `f32x4.min` read as `f64x2` lanes: whether the pair of `f32`
//! NaN lanes is an `f64` NaN depends on their payloads), or the function's `v128` result, it is
//! canonicalized first (a NaN becomes the canonical NaN of its shape), as wasm-smith's
//! `canonicalize_nans` does for its modules.

pub mod catalog;
mod exceptions;
mod gc;
mod raw;

use std::collections::BTreeMap;

use crosscheck_oracles::{Proposal, ProposalSet};
use std::borrow::Cow;

use wasm_encoder::{
    CodeSection, ConstExpr, DataSection, ElementSection, Elements, Encode, ExportKind, ExportSection, Function as Body,
    FunctionSection, GlobalSection, Instruction, MemorySection, MemoryType, Module, RefType, TableSection, TableType,
    TagSection, TypeSection, ValType,
};

use catalog::{Instr, View};

/// A Wasm value type the trees compute with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ty {
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `v128`.
    V128,
}

impl Ty {
    /// The text name, `i32` to `v128`.
    pub fn name(self) -> &'static str {
        match self {
            Ty::I32 => "i32",
            Ty::I64 => "i64",
            Ty::F32 => "f32",
            Ty::F64 => "f64",
            Ty::V128 => "v128",
        }
    }

    fn val_type(self) -> ValType {
        match self {
            Ty::I32 => ValType::I32,
            Ty::I64 => ValType::I64,
            Ty::F32 => ValType::F32,
            Ty::F64 => ValType::F64,
            Ty::V128 => ValType::V128,
        }
    }
}

/// The float shape of a value that may hold a NaN: a scalar, or the lanes of a `v128`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// An `f32`.
    F32,
    /// An `f64`.
    F64,
    /// A `v128` of four `f32` lanes.
    F32x4,
    /// A `v128` of two `f64` lanes.
    F64x2,
}

impl Shape {
    /// The lane of a vector shape (a scalar is its own).
    pub fn scalar(self) -> Shape {
        match self {
            Shape::F32 | Shape::F32x4 => Shape::F32,
            Shape::F64 | Shape::F64x2 => Shape::F64,
        }
    }
}

/// A leaf of a tree.
#[derive(Clone, Debug, PartialEq)]
pub enum Leaf {
    /// Parameter `index` of the function.
    Param(u32),
    /// A constant of this type, as little-endian bits (zero-extended).
    Const(Ty, u128),
}

/// An expression tree.
#[derive(Clone, Debug)]
pub enum Expr {
    /// A parameter or constant.
    Leaf(Leaf),
    /// A catalogued instruction applied to operands (as many as it takes, of its types).
    Apply(&'static Instr, Vec<Expr>),
}

impl Expr {
    /// `instr` applied to `args`.
    pub fn apply(instr: &'static Instr, args: Vec<Expr>) -> Expr {
        Expr::Apply(instr, args)
    }

    /// A constant.
    pub fn constant(ty: Ty, bits: u128) -> Expr {
        Expr::Leaf(Leaf::Const(ty, bits))
    }

    /// Parameter `index`.
    pub fn param(index: u32) -> Expr {
        Expr::Leaf(Leaf::Param(index))
    }

    /// The instructions of the tree, each once, by text.
    pub fn instructions(&self, out: &mut Vec<&'static str>) {
        if let Expr::Apply(instr, args) = self {
            if !out.contains(&instr.text.as_str()) {
                out.push(instr.text.as_str());
            }
            for a in args {
                a.instructions(out);
            }
        }
    }
}

/// A function computing one tree.
#[derive(Clone, Debug)]
pub struct Function {
    /// Parameter types.
    pub params: Vec<Ty>,
    /// The tree's result type; `None` for a store, or for a tree whose value the function drops
    /// (an atomic read-modify-write whose old value is unused).
    pub result: Option<Ty>,
    /// The tree.
    pub body: Expr,
}

/// Bytes of edge values at the start and at the end of the memory.
const EDGE_BYTES: usize = 64;

/// The edge bytes laid in memory: little-endian `i32` and `i64` edges and float bit patterns.
fn edge_bytes() -> Vec<u8> {
    let words: [u64; 8] = [
        0xffff_ffff_ffff_ffff,
        0x8000_0000_0000_0000,
        0x7fff_ffff_8000_0000,
        0x0000_0001_0000_001f,
        0x7fc0_0000_7f80_0001,
        0x7ff8_0000_0000_0001,
        0x4f00_0000_cf00_0000,
        0x0000_0000_0000_0080,
    ];
    let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    debug_assert_eq!(bytes.len(), EDGE_BYTES);
    bytes
}

/// The proposals a module of `functions` uses.
pub fn proposals(functions: &[Function]) -> ProposalSet {
    let mut set = ProposalSet::empty();
    fn walk(e: &Expr, set: &mut ProposalSet) {
        match e {
            Expr::Apply(instr, args) => {
                if let Some(p) = instr.proposal {
                    set.insert(p);
                }
                if instr.table.is_some() || is_exception(instr) || is_array(instr) {
                    set.insert(Proposal::ReferenceTypes);
                    set.insert(Proposal::BulkMemory);
                }
                if instr.table64 {
                    set.insert(Proposal::Memory64);
                }
                if is_exception(instr) {
                    set.insert(Proposal::MultiValue);
                }
                args.iter().for_each(|a| walk(a, set));
            }
            Expr::Leaf(Leaf::Const(Ty::V128, _)) => set.insert(Proposal::Simd),
            Expr::Leaf(_) => {}
        }
    }
    for f in functions {
        if f.params.contains(&Ty::V128) || f.result == Some(Ty::V128) {
            set.insert(Proposal::Simd);
        }
        walk(&f.body, &mut set);
    }
    set
}

/// Whether a tree uses a catalogue entry `entry` says yes to.
fn uses(e: &Expr, entry: fn(&Instr) -> bool) -> bool {
    match e {
        Expr::Apply(instr, args) => entry(instr) || args.iter().any(|a| uses(a, entry)),
        Expr::Leaf(_) => false,
    }
}

/// Whether `i` is a GC array entry of the catalogue.
fn is_array(i: &Instr) -> bool {
    i.proposal == Some(Proposal::Gc)
}

/// Whether `i` is an exception entry of the catalogue.
fn is_exception(i: &Instr) -> bool {
    i.proposal == Some(Proposal::Exceptions)
}

/// The helper functions of a module with tables: type index and the body's instructions.
fn helpers() -> [(u32, Vec<Instruction<'static>>); 4] {
    [
        (0, vec![Instruction::I32Const(17)]),
        (0, vec![Instruction::I32Const(-1)]),
        (
            1,
            vec![Instruction::LocalGet(0), Instruction::I32Const(1), Instruction::I32Add],
        ),
        (2, vec![Instruction::I64Const(5)]),
    ]
}

/// Adds the table layout (module documentation) to the sections, with the 64-bit tables when
/// `table64` holds; returns the number of types and of functions it defines.
/// Declares each helper function of `helpers` (its type index and its body's instructions,
/// without locals and without the final `end`) in `funcs` and writes its body to `code`.
fn emit_helpers(funcs: &mut FunctionSection, code: &mut CodeSection, helpers: &[(u32, Vec<Instruction<'static>>)]) {
    for (ty, instructions) in helpers {
        funcs.function(*ty);
        let mut f = Body::new([]);
        for i in instructions {
            f.instruction(i);
        }
        f.instruction(&Instruction::End);
        code.function(&f);
    }
}

fn table_layout(
    types: &mut TypeSection,
    funcs: &mut FunctionSection,
    code: &mut CodeSection,
    tables: &mut TableSection,
    elements: &mut ElementSection,
    exports: &mut ExportSection,
    table64: bool,
) -> (u32, u32) {
    types.ty().function([], [ValType::I32]);
    types.ty().function([ValType::I32], [ValType::I32]);
    types.ty().function([], [ValType::I64]);
    let helpers = helpers();
    emit_helpers(funcs, code, &helpers);
    let widths: &[bool] = if table64 { &[false, true] } else { &[false] };
    let sizes = widths.iter().flat_map(|&wide| [(wide, 6, 12), (wide, 3, 100)]);
    for (index, (wide, minimum, maximum)) in sizes.enumerate() {
        exports.export(&format!("table{index}"), ExportKind::Table, index as u32);
        tables.table(TableType {
            element_type: RefType::FUNCREF,
            table64: wide,
            minimum,
            maximum: Some(maximum),
            shared: false,
        });
    }
    let functions = |f: &'static [u32]| Elements::Functions(Cow::Borrowed(f));
    elements
        .active(Some(0), &ConstExpr::i32_const(0), functions(&[0, 1, 2, 3]))
        .active(Some(1), &ConstExpr::i32_const(1), functions(&[1, 0]))
        .passive(functions(&[1, 3, 0, 2]))
        .declared(functions(&[0, 1, 2, 3]));
    if table64 {
        elements
            .active(Some(2), &ConstExpr::i64_const(0), functions(&[0, 1, 2, 3]))
            .active(Some(3), &ConstExpr::i64_const(1), functions(&[1, 0]));
    }
    (3, helpers.len() as u32)
}

/// The module of `functions` (see the module documentation), its memory shared when `shared`
/// holds (a shared memory needs [`Proposal::Atomics`]).
pub fn module(functions: &[Function], shared: bool) -> Vec<u8> {
    let mut types = TypeSection::new();
    let mut funcs = FunctionSection::new();
    let mut exports = ExportSection::new();
    let mut code = CodeSection::new();
    let mut tables = TableSection::new();
    let mut elements = ElementSection::new();
    let mut tags = TagSection::new();
    let mut globals = GlobalSection::new();
    let mut data = DataSection::new();
    let mut data_count = None;
    let edges = edge_bytes();
    data.active(0, &ConstExpr::i32_const(0), edges.iter().copied());
    data.active(
        0,
        &ConstExpr::i32_const(65536 - EDGE_BYTES as i32),
        edges.iter().rev().copied(),
    );
    let exceptions = functions.iter().any(|f| uses(&f.body, is_exception));
    let arrays = functions.iter().any(|f| uses(&f.body, is_array));
    let tables_used = functions.iter().any(|f| uses(&f.body, |i| i.table.is_some()));
    let (mut type_base, mut func_base) = if exceptions || arrays || tables_used {
        table_layout(
            &mut types,
            &mut funcs,
            &mut code,
            &mut tables,
            &mut elements,
            &mut exports,
            functions.iter().any(|f| uses(&f.body, |i| i.table64)),
        )
    } else {
        (0, 0)
    };
    if exceptions {
        let simd = proposals(functions).contains(Proposal::Simd);
        let (t, f) = exceptions::layout(&mut types, &mut funcs, &mut code, &mut tags, simd);
        type_base += t;
        func_base += f;
    }
    if arrays {
        debug_assert!(!exceptions, "ops draws exceptions or arrays, not both");
        type_base += gc::layout(&mut types, &mut globals, &mut data, &mut data_count);
    }
    for (i, f) in functions.iter().enumerate() {
        let index = i as u32;
        types
            .ty()
            .function(f.params.iter().map(|t| t.val_type()), f.result.map(Ty::val_type));
        funcs.function(type_base + index);
        exports.export(&format!("f{i}"), ExportKind::Func, func_base + index);
        code.function(&body(f));
    }
    exports.export("memory", ExportKind::Memory, 0);
    let mut memories = MemorySection::new();
    memories.memory(MemoryType {
        minimum: 1,
        maximum: Some(1),
        memory64: false,
        shared,
        page_size_log2: None,
    });
    let mut module = Module::new();
    module.section(&types).section(&funcs);
    if !tables.is_empty() {
        module.section(&tables);
    }
    module.section(&memories);
    if !tags.is_empty() {
        module.section(&tags);
    }
    if !globals.is_empty() {
        module.section(&globals);
    }
    module.section(&exports);
    if !elements.is_empty() {
        module.section(&elements);
    }
    if let Some(count) = &data_count {
        module.section(count);
    }
    module.section(&code).section(&data);
    module.finish()
}

/// Emits one function: the tree, with canonicalizations where NaN bits would show.
fn body(f: &Function) -> Body {
    let mut emitter = Emitter {
        params: &f.params,
        scratch: BTreeMap::new(),
        bytes: Vec::new(),
    };
    let taint = emitter.emit(&f.body);
    if f.result == Some(Ty::V128)
        && let Some(shape) = taint
    {
        emitter.canonicalize(shape);
    }
    if f.result.is_none() && matches!(&f.body, Expr::Apply(instr, _) if instr.result.is_some()) {
        Instruction::Drop.encode(&mut emitter.bytes);
    }
    Instruction::End.encode(&mut emitter.bytes);
    let locals: Vec<(u32, ValType)> = emitter.scratch.keys().map(|t| (1, t.val_type())).collect();
    let mut body = Body::new(locals);
    body.raw(emitter.bytes);
    body
}

struct Emitter<'a> {
    params: &'a [Ty],
    /// The scratch local of each type used for canonicalization, by type.
    scratch: BTreeMap<Ty, u32>,
    bytes: Vec<u8>,
}

impl Emitter<'_> {
    /// Emits `e`; returns the float shape of the NaN of unknown payload it may leave.
    fn emit(&mut self, e: &Expr) -> Option<Shape> {
        match e {
            Expr::Leaf(Leaf::Param(i)) => {
                Instruction::LocalGet(*i).encode(&mut self.bytes);
                None
            }
            Expr::Leaf(Leaf::Const(ty, bits)) => {
                constant(*ty, *bits).encode(&mut self.bytes);
                None
            }
            Expr::Apply(instr, args) => {
                let mut tainted = None;
                for (i, a) in args.iter().enumerate() {
                    if let Some(before) = instr.before.get(i) {
                        self.bytes.extend_from_slice(before);
                    }
                    let taint = self.emit(a);
                    match (taint, instr.view) {
                        (Some(shape), View::Float) if instr.float_operand == Some(shape) => {
                            tainted = tainted.or(Some(shape));
                        }
                        (Some(shape), _) => self.canonicalize(shape),
                        (None, _) => {}
                    }
                }
                self.bytes.extend_from_slice(&instr.bytes);
                instr.makes_nan.or(tainted.and(instr.float_result))
            }
        }
    }

    /// Replaces the value of `shape` on top of the stack by itself, or the canonical NaN where it
    /// (or a lane of it) is a NaN.
    fn canonicalize(&mut self, shape: Shape) {
        let ty = match shape {
            Shape::F32 => Ty::F32,
            Shape::F64 => Ty::F64,
            Shape::F32x4 | Shape::F64x2 => Ty::V128,
        };
        let next = (self.params.len() + self.scratch.len()) as u32;
        let local = *self.scratch.entry(ty).or_insert(next);
        let b = &mut self.bytes;
        Instruction::LocalTee(local).encode(b);
        let (canonical, equal) = match shape {
            Shape::F32 => (constant(Ty::F32, 0x7fc0_0000), Instruction::F32Eq),
            Shape::F64 => (constant(Ty::F64, 0x7ff8_0000_0000_0000), Instruction::F64Eq),
            Shape::F32x4 => (
                constant(Ty::V128, 0x7fc0_0000_u128 * 0x0000_0001_0000_0001_0000_0001_0000_0001),
                Instruction::F32x4Eq,
            ),
            Shape::F64x2 => (
                constant(Ty::V128, 0x7ff8_0000_0000_0000_u128 * 0x1_0000_0000_0000_0001),
                Instruction::F64x2Eq,
            ),
        };
        canonical.encode(b);
        Instruction::LocalGet(local).encode(b);
        Instruction::LocalGet(local).encode(b);
        equal.encode(b);
        match shape {
            Shape::F32 | Shape::F64 => Instruction::Select.encode(b),
            Shape::F32x4 | Shape::F64x2 => Instruction::V128Bitselect.encode(b),
        }
    }
}

fn constant(ty: Ty, bits: u128) -> Instruction<'static> {
    match ty {
        Ty::I32 => Instruction::I32Const(bits as u32 as i32),
        Ty::I64 => Instruction::I64Const(bits as u64 as i64),
        Ty::F32 => Instruction::F32Const(wasm_encoder::Ieee32::new(bits as u32)),
        Ty::F64 => Instruction::F64Const(wasm_encoder::Ieee64::new(bits as u64)),
        Ty::V128 => Instruction::V128Const(bits as i128),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn validate(functions: &[Function]) -> wasmparser::types::Types {
        let wasm = module(functions, false);
        wasmparser::Validator::new_with_features(ProposalSet::all().features())
            .validate_all(&wasm)
            .unwrap_or_else(|e| panic!("{e}: {}", wasmprinter::print_bytes(&wasm).unwrap()))
    }

    /// Every entry that names a 64-bit table validates with its `i64` operands (and `i32` ones
    /// where a copy's length or a segment's offset is one), only with memory64: its module declares
    /// `i64`-indexed tables.
    #[test]
    fn the_64_bit_table_entries_validate_with_memory64_and_only_with_it() {
        let wide: Vec<&Instr> = catalog::Catalog::get().all().iter().filter(|i| i.table64).collect();
        // 37 on each 64-bit table, and the copies of either 32-bit table from one: 2 read-backs
        // of 2 sources each.
        assert_eq!(wide.len(), 2 * 37 + 2 * 4, "64-bit tables' entries and mixed copies");
        let copy = catalog::Catalog::get()
            .find("table.copy 0 3 i32.const 0 call_indirect 0 (type 0)")
            .unwrap();
        assert_eq!(
            copy.params,
            [Ty::I32, Ty::I64, Ty::I32],
            "a mixed copy's length is an i32"
        );
        for instr in wide {
            let f = Function {
                params: instr.params.clone(),
                result: instr.result,
                body: Expr::apply(instr, (0..instr.params.len() as u32).map(Expr::param).collect()),
            };
            let functions = [f];
            let types = validate(&functions);
            let types = types.as_ref();
            assert_eq!(types.table_count(), 4, "{}", instr.text);
            assert!(types.table_at(2).table64 && !types.table_at(1).table64);
            assert!(proposals(&functions).contains(Proposal::Memory64), "{}", instr.text);
            let mut without = ProposalSet::empty();
            for p in Proposal::ALL.into_iter().filter(|&p| p != Proposal::Memory64) {
                without.insert(p);
            }
            let wasm = module(&functions, false);
            assert!(
                wasmparser::Validator::new_with_features(without.features())
                    .validate_all(&wasm)
                    .is_err(),
                "{}",
                instr.text
            );
        }
    }

    #[test]
    fn a_function_without_result_drops_its_tree_value_and_a_store_has_none_to_drop() {
        let c = catalog::Catalog::get();
        let rmw = Function {
            params: vec![Ty::I32],
            result: None,
            body: Expr::apply(
                c.find("i32.atomic.rmw8.add_u").unwrap(),
                vec![Expr::constant(Ty::I32, 8), Expr::param(0)],
            ),
        };
        let store = Function {
            params: vec![Ty::I32],
            result: None,
            body: Expr::apply(
                c.find("i32.atomic.store offset=0").unwrap(),
                vec![Expr::constant(Ty::I32, 8), Expr::param(0)],
            ),
        };
        validate(&[rmw.clone(), store.clone()]);
        let text = |f: &Function| wasmprinter::print_bytes(module(std::slice::from_ref(f), true)).unwrap();
        assert!(text(&rmw).contains("drop"), "{}", text(&rmw));
        assert!(!text(&store).contains("drop"), "{}", text(&store));
        assert!(text(&rmw).contains("shared"));
    }

    #[test]
    fn a_float_sum_is_canonicalized_where_its_bits_show_and_only_there() {
        let c = catalog::Catalog::get();
        let add = c.find("f32.add").unwrap();
        let sum = Expr::apply(add, vec![Expr::param(0), Expr::param(0)]);
        let bits = Function {
            params: vec![Ty::F32],
            result: Some(Ty::I32),
            body: Expr::apply(c.find("i32.reinterpret_f32").unwrap(), vec![sum.clone()]),
        };
        let float = Function {
            params: vec![Ty::F32],
            result: Some(Ty::F32),
            body: Expr::apply(c.find("f32.neg").unwrap(), vec![sum]),
        };
        validate(&[bits.clone(), float.clone()]);
        let text = |f: &Function| wasmprinter::print_bytes(module(std::slice::from_ref(f), false)).unwrap();
        assert!(text(&bits).contains("f32.eq"), "{}", text(&bits));
        assert!(!text(&float).contains("f32.eq"), "{}", text(&float));
        let vector = Function {
            params: vec![Ty::V128],
            result: Some(Ty::V128),
            body: Expr::apply(c.find("f64x2.sqrt").unwrap(), vec![Expr::param(0)]),
        };
        validate(std::slice::from_ref(&vector));
        assert!(text(&vector).contains("f64x2.eq"));
        let reread = Function {
            params: vec![Ty::V128, Ty::V128],
            result: Some(Ty::F64),
            body: Expr::apply(
                c.find("f64x2.extract_lane 0").unwrap(),
                vec![Expr::apply(
                    c.find("f64x2.max").unwrap(),
                    vec![
                        Expr::param(0),
                        Expr::apply(c.find("f32x4.min").unwrap(), vec![Expr::param(0), Expr::param(1)]),
                    ],
                )],
            ),
        };
        validate(std::slice::from_ref(&reread));
        assert!(
            text(&reread).contains("f32x4.eq"),
            "f32x4 NaN lanes read as f64x2 lanes are canonicalized: {}",
            text(&reread)
        );
        assert_eq!(proposals(&[vector]), {
            let mut s = ProposalSet::empty();
            s.insert(Proposal::Simd);
            s
        });
    }
}
