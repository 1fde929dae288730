//! The instruction catalog: every instruction the `ops` and `isle` strategies emit, by its text
//! name with immediates (`i32.load8_u offset=65535 align=1`, `i8x16.extract_lane_s 15`), with its
//! operand and result types, its proposal, how it treats NaN bits, and its binary encoding.
//!
//! Covered: the numeric instructions of Wasm 1.0 and of the sign-extension, non-trapping
//! float-to-int, bulk-memory (`memory.fill`, `memory.copy`) and fixed-width SIMD proposals, `select`,
//! the typed `select (result t)` of the reference-types proposal for each scalar type,
//! and every load and store with offsets at the start and at the end of a one-page memory and with
//! natural and byte alignment; the atomics of the threads proposal ([`Proposal::Atomics`]): every
//! atomic load and store of every width at both offsets, every rmw and cmpxchg of every width,
//! `memory.atomic.notify`, `memory.atomic.wait32/64` and `atomic.fence`; the funcref tables of the
//! reference-types and bulk-memory proposals (`table_entries`): every table instruction on two
//! tables, `elem.drop`, `call_indirect` and `return_call_indirect` through either table, `ref.func`,
//! `ref.null func` and `ref.is_null`, each entry a short sequence with scalar operands and result
//! (no `externref`, which Winch refuses); the exception entries of `exceptions.rs` (`try_table`
//! with every kind of clause, `throw`, `throw_ref`, tags of every value type) and the GC array
//! writes of `gc.rs`. Left to wasm-smith: control flow, direct calls, locals and globals,
//! externref, the rest of GC, relaxed SIMD and wide arithmetic.
//!
//! Encodings are assembled once from the text by the `wat` crate, so the catalog cannot disagree
//! with the text format.

use std::collections::HashMap;
use std::sync::OnceLock;

use crosscheck_oracles::Proposal;

use super::raw::Raw;
use super::{Shape, Ty};

/// How an instruction treats the bits of a NaN in its float operands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// As a float: a NaN's payload does not reach the result's bits except as a float result,
    /// which the harness compares payload-blind.
    Float,
    /// As bits (a reinterpretation, a store, a lane copy, an integer or bitwise `v128` operation,
    /// `copysign`, whose result takes its second operand's sign bit):
    /// an operand that may hold an arithmetic NaN is canonicalized before it.
    Bits,
}

/// One instruction of the catalog.
#[derive(Clone, Debug)]
pub struct Instr {
    /// The text name with immediates, e.g. `i64.load32_s offset=65532 align=4`.
    pub text: String,
    /// Operand types, bottom of the stack first.
    pub params: Vec<Ty>,
    /// The result type; `None` for a store, `memory.fill` and `memory.copy`.
    pub result: Option<Ty>,
    /// The proposal that adds it; `None` for Wasm 1.0.
    pub proposal: Option<Proposal>,
    /// How it treats NaN bits in its operands.
    pub view: View,
    /// The float shape of its result when it is float arithmetic that may make a NaN of any
    /// payload (specification section 4.3.3, NaN propagation).
    pub makes_nan: Option<Shape>,
    /// The float shape of its result, if it has one (a NaN in a [`View::Float`] operand may pass
    /// to a result of this shape).
    pub float_result: Option<Shape>,
    /// The float shape it reads its float operands as (`f32x4` for `f64x2.promote_low_f32x4`):
    /// an operand that may hold a NaN of another shape is canonicalized first, since its bits
    /// would show through the other shape's lanes.
    pub float_operand: Option<Shape>,
    /// The binary encoding of the instruction with its immediates, emitted after its operands
    /// (for a table entry, the instructions that follow them, e.g. a read-back).
    pub bytes: Vec<u8>,
    /// Bytes emitted before each operand, one per parameter (empty for all but table entries
    /// that push a reference between their operands, e.g. `table.fill`'s fill value).
    pub before: Vec<Vec<u8>>,
    /// The table whose size bounds its index and length operands, for a table entry
    /// ([`Catalog`]'s module documentation): 0 to 3.
    pub table: Option<u32>,
    /// Whether it names a 64-bit table (2 or 3, [`FIRST_TABLE64`] and up), which needs
    /// [`Proposal::Memory64`].
    pub table64: bool,
}

/// The first of the 64-bit tables of the table layout (`table_entries`): tables 2 and 3.
pub const FIRST_TABLE64: u32 = 2;

/// The catalog, built on first use (about a millisecond).
pub struct Catalog {
    instrs: Vec<Instr>,
    by_text: HashMap<String, usize>,
}

impl Catalog {
    /// The catalog.
    pub fn get() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(build)
    }

    /// Every instruction.
    pub fn all(&self) -> &[Instr] {
        &self.instrs
    }

    /// The instruction with this text, if catalogued.
    pub fn find(&self, text: &str) -> Option<&Instr> {
        self.by_text.get(text).map(|&i| &self.instrs[i])
    }
}

use Ty::{F32, F64, I32, I64, V128};

/// Offsets of memory accesses of `size` bytes: the start, the last in bounds, and past it (the
/// memory is one page).
fn offsets(size: u64) -> [u64; 3] {
    [0, 65536 - size, 65536 - size + 1]
}

/// A catalogue entry before assembly: text, operand types, result type, proposal.
type Entry = (String, Vec<Ty>, Option<Ty>, Option<Proposal>);

fn entries() -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    let mut add = |text: String, params: &[Ty], result: Option<Ty>, proposal: Option<Proposal>| {
        out.push((text, params.to_vec(), result, proposal));
    };
    for (t, name) in [(I32, "i32"), (I64, "i64")] {
        for op in ["clz", "ctz", "popcnt"] {
            add(format!("{name}.{op}"), &[t], Some(t), None);
        }
        add(format!("{name}.eqz"), &[t], Some(I32), None);
        for op in [
            "add", "sub", "mul", "div_s", "div_u", "rem_s", "rem_u", "and", "or", "xor", "shl", "shr_s", "shr_u",
            "rotl", "rotr",
        ] {
            add(format!("{name}.{op}"), &[t, t], Some(t), None);
        }
        for op in [
            "eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u",
        ] {
            add(format!("{name}.{op}"), &[t, t], Some(I32), None);
        }
    }
    for (t, name) in [(F32, "f32"), (F64, "f64")] {
        for op in ["abs", "neg", "ceil", "floor", "trunc", "nearest", "sqrt"] {
            add(format!("{name}.{op}"), &[t], Some(t), None);
        }
        for op in ["add", "sub", "mul", "div", "min", "max", "copysign"] {
            add(format!("{name}.{op}"), &[t, t], Some(t), None);
        }
        for op in ["eq", "ne", "lt", "gt", "le", "ge"] {
            add(format!("{name}.{op}"), &[t, t], Some(I32), None);
        }
    }
    let conversions = [
        ("i32.wrap_i64", I64, I32),
        ("i32.trunc_f32_s", F32, I32),
        ("i32.trunc_f32_u", F32, I32),
        ("i32.trunc_f64_s", F64, I32),
        ("i32.trunc_f64_u", F64, I32),
        ("i64.extend_i32_s", I32, I64),
        ("i64.extend_i32_u", I32, I64),
        ("i64.trunc_f32_s", F32, I64),
        ("i64.trunc_f32_u", F32, I64),
        ("i64.trunc_f64_s", F64, I64),
        ("i64.trunc_f64_u", F64, I64),
        ("f32.convert_i32_s", I32, F32),
        ("f32.convert_i32_u", I32, F32),
        ("f32.convert_i64_s", I64, F32),
        ("f32.convert_i64_u", I64, F32),
        ("f32.demote_f64", F64, F32),
        ("f64.convert_i32_s", I32, F64),
        ("f64.convert_i32_u", I32, F64),
        ("f64.convert_i64_s", I64, F64),
        ("f64.convert_i64_u", I64, F64),
        ("f64.promote_f32", F32, F64),
        ("i32.reinterpret_f32", F32, I32),
        ("i64.reinterpret_f64", F64, I64),
        ("f32.reinterpret_i32", I32, F32),
        ("f64.reinterpret_i64", I64, F64),
    ];
    for (text, from, to) in conversions {
        add(text.into(), &[from], Some(to), None);
    }
    for (text, t) in [
        ("i32.extend8_s", I32),
        ("i32.extend16_s", I32),
        ("i64.extend8_s", I64),
        ("i64.extend16_s", I64),
        ("i64.extend32_s", I64),
    ] {
        add(text.into(), &[t], Some(t), Some(Proposal::SignExtension));
    }
    for (to, to_name) in [(I32, "i32"), (I64, "i64")] {
        for (from, from_name) in [(F32, "f32"), (F64, "f64")] {
            for sign in ["s", "u"] {
                add(
                    format!("{to_name}.trunc_sat_{from_name}_{sign}"),
                    &[from],
                    Some(to),
                    Some(Proposal::SaturatingFloatToInt),
                );
            }
        }
    }
    for t in [I32, I64, F32, F64] {
        add("select".into(), &[t, t, I32], Some(t), None);
        let typed = format!("select (result {})", t.name());
        add(typed, &[t, t, I32], Some(t), Some(Proposal::ReferenceTypes));
    }
    add("select".into(), &[V128, V128, I32], Some(V128), Some(Proposal::Simd));
    let loads = [
        ("i32.load", I32, 4),
        ("i32.load8_s", I32, 1),
        ("i32.load8_u", I32, 1),
        ("i32.load16_s", I32, 2),
        ("i32.load16_u", I32, 2),
        ("i64.load", I64, 8),
        ("i64.load8_s", I64, 1),
        ("i64.load8_u", I64, 1),
        ("i64.load16_s", I64, 2),
        ("i64.load16_u", I64, 2),
        ("i64.load32_s", I64, 4),
        ("i64.load32_u", I64, 4),
        ("f32.load", F32, 4),
        ("f64.load", F64, 8),
    ];
    let stores = [
        ("i32.store", I32, 4),
        ("i32.store8", I32, 1),
        ("i32.store16", I32, 2),
        ("i64.store", I64, 8),
        ("i64.store8", I64, 1),
        ("i64.store16", I64, 2),
        ("i64.store32", I64, 4),
        ("f32.store", F32, 4),
        ("f64.store", F64, 8),
    ];
    for (name, t, size) in loads {
        for offset in offsets(size) {
            for align in [size, 1].into_iter().take(if size == 1 { 1 } else { 2 }) {
                add(format!("{name} offset={offset} align={align}"), &[I32], Some(t), None);
            }
        }
    }
    for (name, t, size) in stores {
        for offset in offsets(size) {
            for align in [size, 1].into_iter().take(if size == 1 { 1 } else { 2 }) {
                add(format!("{name} offset={offset} align={align}"), &[I32, t], None, None);
            }
        }
    }
    add("memory.size".into(), &[], Some(I32), None);
    add("memory.grow".into(), &[I32], Some(I32), None);
    add("memory.fill".into(), &[I32, I32, I32], None, Some(Proposal::BulkMemory));
    add("memory.copy".into(), &[I32, I32, I32], None, Some(Proposal::BulkMemory));
    simd(&mut add);
    atomics(&mut add);
    out
}

/// The funcref-table entries, for the layout `tree::module` gives a module that uses them (two
/// tables: 0 of 6 entries, at most 12; 1 of 3, at most 100; helper functions 0 and 1 of type 0
/// `[] -> [i32]`, 2 of type 1 `[i32] -> [i32]`, 3 of type 2 `[] -> [i64]`; element segment 0
/// active in table 0, 1 active in table 1, 2 passive, 3 declared; in a module with a 64-bit
/// table entry also tables 2 and 3, the 64-bit (`i64`-indexed) twins of 0 and 1, filled by the
/// active segments 4 and 5 as 0 and 1 are). Each table instruction of every table: `table.size`,
/// `table.get` (its `ref.is_null`), `call_indirect` and `return_call_indirect` of type 0 (a null
/// entry, a wrong signature or a good function, as the index says), `table.set`, `table.fill` and
/// `table.grow` with `ref.func 0`, `ref.func 3` (the wrong signature) or `ref.null func`,
/// `table.copy` from any table of the module (between a 32- and a 64-bit table the length is an
/// `i32`), `table.init` from the passive segment and from the active one (dropped at
/// instantiation); `elem.drop`, `ref.func` and `ref.null func` with `ref.is_null`. Indices,
/// lengths, grow deltas and the sizes of a 64-bit table are `i64`. Tables are compared by size
/// only, so every write is followed by a read-back that shows an element's identity:
/// `call_indirect` of the first entry or of the last (`table.size - 1`).
fn table_entries() -> Vec<Raw> {
    let mut out = Vec::new();
    // `table` bounds the entry's operands; `table64`: whether it names a 64-bit table.
    let mut add = |before: &[&str], after: String, params: &[Ty], result: Option<Ty>, proposal, (table, table64)| {
        out.push(Raw {
            before: before.iter().map(|s| s.to_string()).collect(),
            after,
            params: params.to_vec(),
            result,
            proposal: Some(proposal),
            table: Some(table),
            table64,
        });
    };
    let rt = Proposal::ReferenceTypes;
    let index = |t: u32| if t >= FIRST_TABLE64 { I64 } else { I32 };
    for t in 0..4 {
        let (at, name) = (index(t), index(t).name());
        let on = (t, at == I64);
        let readbacks = [
            format!("{name}.const 0 call_indirect {t} (type 0)"),
            format!("table.size {t} {name}.const 1 {name}.sub call_indirect {t} (type 0)"),
        ];
        add(&[], format!("table.size {t}"), &[], Some(at), rt, on);
        add(&[], format!("table.get {t} ref.is_null"), &[at], Some(I32), rt, on);
        add(&[], format!("call_indirect {t} (type 0)"), &[at], Some(I32), rt, on);
        add(
            &[],
            format!("return_call_indirect {t} (type 0)"),
            &[at],
            Some(I32),
            Proposal::TailCall,
            on,
        );
        for r in ["ref.func 0", "ref.func 3", "ref.null func"] {
            for back in &readbacks {
                add(&[], format!("{r} table.set {t} {back}"), &[at], Some(I32), rt, on);
                add(&["", r], format!("table.fill {t} {back}"), &[at, at], Some(I32), rt, on);
                add(&[r], format!("table.grow {t} drop {back}"), &[at], Some(I32), rt, on);
            }
            add(&[r], format!("table.grow {t}"), &[at], Some(at), rt, on);
        }
        for back in &readbacks {
            for s in 0..4 {
                let length = if index(s) == I64 { at } else { I32 };
                add(
                    &[],
                    format!("table.copy {t} {s} {back}"),
                    &[at, index(s), length],
                    Some(I32),
                    rt,
                    (t, at == I64 || index(s) == I64),
                );
            }
            for segment in [2, 0] {
                add(
                    &[],
                    format!("table.init {t} {segment} {back}"),
                    &[at, I32, I32],
                    Some(I32),
                    rt,
                    on,
                );
            }
        }
    }
    add(&[], "elem.drop 2".into(), &[], None, rt, (0, false));
    add(&[], "ref.func 2 ref.is_null".into(), &[], Some(I32), rt, (0, false));
    add(&[], "ref.null func ref.is_null".into(), &[], Some(I32), rt, (0, false));
    out
}

/// The atomic instructions of the threads proposal: loads and stores of every width at the start
/// and at the end of the memory, rmw and cmpxchg of every width at offset 0 (their address picks
/// the place), `notify`, `wait32/64` and `fence`. Their alignment is always the natural one, the
/// only one the proposal allows.
fn atomics(add: &mut impl FnMut(String, &[Ty], Option<Ty>, Option<Proposal>)) {
    let p = Some(Proposal::Atomics);
    let widths = [
        (I32, "i32", "", 4),
        (I32, "i32", "8", 1),
        (I32, "i32", "16", 2),
        (I64, "i64", "", 8),
        (I64, "i64", "8", 1),
        (I64, "i64", "16", 2),
        (I64, "i64", "32", 4),
    ];
    for (t, name, bits, size) in widths {
        let narrow = if bits.is_empty() { "" } else { "_u" };
        for offset in [0, 65536 - size] {
            add(
                format!("{name}.atomic.load{bits}{narrow} offset={offset}"),
                &[I32],
                Some(t),
                p,
            );
            add(format!("{name}.atomic.store{bits} offset={offset}"), &[I32, t], None, p);
        }
        for op in ["add", "sub", "and", "or", "xor", "xchg"] {
            add(format!("{name}.atomic.rmw{bits}.{op}{narrow}"), &[I32, t], Some(t), p);
        }
        add(
            format!("{name}.atomic.rmw{bits}.cmpxchg{narrow}"),
            &[I32, t, t],
            Some(t),
            p,
        );
    }
    add("memory.atomic.notify".into(), &[I32, I32], Some(I32), p);
    add("memory.atomic.wait32".into(), &[I32, I32, I64], Some(I32), p);
    add("memory.atomic.wait64".into(), &[I32, I64, I64], Some(I32), p);
    add("atomic.fence".into(), &[], None, p);
}

/// The fixed-width SIMD instructions (relaxed SIMD left out).
fn simd(add: &mut impl FnMut(String, &[Ty], Option<Ty>, Option<Proposal>)) {
    let p = Some(Proposal::Simd);
    let mut unary = |text: String| add(text, &[V128], Some(V128), p);
    for op in [
        "v128.not",
        "i8x16.abs",
        "i8x16.neg",
        "i8x16.popcnt",
        "i16x8.abs",
        "i16x8.neg",
        "i32x4.abs",
        "i32x4.neg",
        "i64x2.abs",
        "i64x2.neg",
        "i16x8.extadd_pairwise_i8x16_s",
        "i16x8.extadd_pairwise_i8x16_u",
        "i32x4.extadd_pairwise_i16x8_s",
        "i32x4.extadd_pairwise_i16x8_u",
        "i32x4.trunc_sat_f32x4_s",
        "i32x4.trunc_sat_f32x4_u",
        "i32x4.trunc_sat_f64x2_s_zero",
        "i32x4.trunc_sat_f64x2_u_zero",
        "f32x4.convert_i32x4_s",
        "f32x4.convert_i32x4_u",
        "f32x4.demote_f64x2_zero",
        "f64x2.convert_low_i32x4_s",
        "f64x2.convert_low_i32x4_u",
        "f64x2.promote_low_f32x4",
    ] {
        unary(op.into());
    }
    for (wide, narrow) in [("i16x8", "i8x16"), ("i32x4", "i16x8"), ("i64x2", "i32x4")] {
        for half in ["low", "high"] {
            for sign in ["s", "u"] {
                unary(format!("{wide}.extend_{half}_{narrow}_{sign}"));
            }
        }
    }
    for shape in ["f32x4", "f64x2"] {
        for op in ["ceil", "floor", "trunc", "nearest", "abs", "neg", "sqrt"] {
            unary(format!("{shape}.{op}"));
        }
    }
    let mut binary = |text: String| add(text, &[V128, V128], Some(V128), p);
    for op in ["v128.and", "v128.andnot", "v128.or", "v128.xor", "i8x16.swizzle"] {
        binary(op.into());
    }
    let int_compares = [
        "eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u",
    ];
    for shape in ["i8x16", "i16x8", "i32x4"] {
        for op in int_compares {
            binary(format!("{shape}.{op}"));
        }
    }
    for op in ["eq", "ne", "lt_s", "gt_s", "le_s", "ge_s"] {
        binary(format!("i64x2.{op}"));
    }
    for shape in ["f32x4", "f64x2"] {
        for op in [
            "eq", "ne", "lt", "gt", "le", "ge", "add", "sub", "mul", "div", "min", "max", "pmin", "pmax",
        ] {
            binary(format!("{shape}.{op}"));
        }
    }
    for shape in ["i8x16", "i16x8"] {
        for op in [
            "add",
            "add_sat_s",
            "add_sat_u",
            "sub",
            "sub_sat_s",
            "sub_sat_u",
            "min_s",
            "min_u",
            "max_s",
            "max_u",
            "avgr_u",
        ] {
            binary(format!("{shape}.{op}"));
        }
    }
    for op in [
        "i8x16.narrow_i16x8_s",
        "i8x16.narrow_i16x8_u",
        "i16x8.narrow_i32x4_s",
        "i16x8.narrow_i32x4_u",
        "i16x8.mul",
        "i16x8.q15mulr_sat_s",
        "i32x4.add",
        "i32x4.sub",
        "i32x4.mul",
        "i32x4.min_s",
        "i32x4.min_u",
        "i32x4.max_s",
        "i32x4.max_u",
        "i32x4.dot_i16x8_s",
        "i64x2.add",
        "i64x2.sub",
        "i64x2.mul",
    ] {
        binary(op.into());
    }
    for (wide, narrow) in [("i16x8", "i8x16"), ("i32x4", "i16x8"), ("i64x2", "i32x4")] {
        for half in ["low", "high"] {
            for sign in ["s", "u"] {
                binary(format!("{wide}.extmul_{half}_{narrow}_{sign}"));
            }
        }
    }
    for shuffle in [
        "0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15",
        "16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31",
        "15 14 13 12 11 10 9 8 7 6 5 4 3 2 1 0",
        "0 16 1 17 2 18 3 19 4 20 5 21 6 22 7 23",
        "0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23",
        "8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31",
        "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0",
        "4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11",
        "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16",
    ] {
        add(format!("i8x16.shuffle {shuffle}"), &[V128, V128], Some(V128), p);
    }
    add("v128.bitselect".into(), &[V128, V128, V128], Some(V128), p);
    add("v128.any_true".into(), &[V128], Some(I32), p);
    for shape in ["i8x16", "i16x8", "i32x4", "i64x2"] {
        add(format!("{shape}.all_true"), &[V128], Some(I32), p);
        add(format!("{shape}.bitmask"), &[V128], Some(I32), p);
        for op in ["shl", "shr_s", "shr_u"] {
            add(format!("{shape}.{op}"), &[V128, I32], Some(V128), p);
        }
    }
    let lanes = [
        ("i8x16", I32, 16, &["_s", "_u"][..]),
        ("i16x8", I32, 8, &["_s", "_u"][..]),
        ("i32x4", I32, 4, &[""][..]),
        ("i64x2", I64, 2, &[""][..]),
        ("f32x4", F32, 4, &[""][..]),
        ("f64x2", F64, 2, &[""][..]),
    ];
    for (shape, scalar, count, signs) in lanes {
        add(format!("{shape}.splat"), &[scalar], Some(V128), p);
        for lane in [0, 1, count - 1] {
            for sign in signs {
                add(format!("{shape}.extract_lane{sign} {lane}"), &[V128], Some(scalar), p);
            }
            add(format!("{shape}.replace_lane {lane}"), &[V128, scalar], Some(V128), p);
        }
    }
    let loads = [
        ("v128.load", 16),
        ("v128.load8x8_s", 8),
        ("v128.load8x8_u", 8),
        ("v128.load16x4_s", 8),
        ("v128.load16x4_u", 8),
        ("v128.load32x2_s", 8),
        ("v128.load32x2_u", 8),
        ("v128.load8_splat", 1),
        ("v128.load16_splat", 2),
        ("v128.load32_splat", 4),
        ("v128.load64_splat", 8),
        ("v128.load32_zero", 4),
        ("v128.load64_zero", 8),
    ];
    for (name, size) in loads {
        for offset in offsets(size) {
            add(format!("{name} offset={offset} align=1"), &[I32], Some(V128), p);
        }
    }
    for offset in offsets(16) {
        add(format!("v128.store offset={offset} align=1"), &[I32, V128], None, p);
    }
    for (bits, lanes) in [(8u64, 16), (16, 8), (32, 4), (64, 2)] {
        for offset in offsets(bits / 8) {
            for lane in [0, lanes - 1] {
                add(
                    format!("v128.load{bits}_lane offset={offset} align=1 {lane}"),
                    &[I32, V128],
                    Some(V128),
                    p,
                );
                add(
                    format!("v128.store{bits}_lane offset={offset} align=1 {lane}"),
                    &[I32, V128],
                    None,
                    p,
                );
            }
        }
    }
}

/// The shape of a text name's prefix (`f32x4.add` has `f32x4`), if it is a float shape.
fn float_shape(prefix: &str) -> Option<Shape> {
    match prefix {
        "f32" => Some(Shape::F32),
        "f64" => Some(Shape::F64),
        "f32x4" => Some(Shape::F32x4),
        "f64x2" => Some(Shape::F64x2),
        _ => None,
    }
}

/// The float shape an instruction reads its float operands as, from its text name and types.
fn operand_shape(text: &str, params: &[Ty]) -> Option<Shape> {
    if params.contains(&F32) {
        return Some(Shape::F32);
    }
    if params.contains(&F64) {
        return Some(Shape::F64);
    }
    if !params.contains(&V128) {
        return None;
    }
    let (prefix, rest) = text.split_once('.').unwrap_or((text, ""));
    if ["_i8x16", "_i16x8", "_i32x4", "_i64x2"]
        .iter()
        .any(|lanes| rest.contains(lanes))
    {
        // Integer lanes (`f32x4.convert_i32x4_s`): a NaN's payload would be read as a number.
        None
    } else if rest.contains("_f32x4") {
        Some(Shape::F32x4)
    } else if rest.contains("_f64x2") {
        Some(Shape::F64x2)
    } else {
        float_shape(prefix)
    }
}

/// The NaN roles of an instruction, from its text name: its [`View`], the shape of the NaN it may
/// make, and the float shape of its result.
fn roles(text: &str, params: &[Ty]) -> (View, Option<Shape>, Option<Shape>) {
    // The typed `select (result t)` is a `select`.
    let text = if text.starts_with("select") { "select" } else { text };
    let (prefix, rest) = text.split_once('.').unwrap_or((text, ""));
    let op = rest.split(' ').next().unwrap_or_default();
    let shape = float_shape(prefix);
    let moves_bits = ["reinterpret", "store", "splat", "replace_lane", "shuffle", "load"]
        .iter()
        .any(|w| op.starts_with(w))
        || matches!(
            op,
            "and" | "andnot" | "or" | "xor" | "not" | "bitselect" | "any_true" | "swizzle"
        )
        // The sign of its second operand, a NaN's too, becomes the sign of a result that need not
        // be a NaN: `copysign(-inf, nan)` is +inf or -inf as the NaN's undetermined sign says.
        || op == "copysign";
    let float_operands =
        params.iter().any(|t| matches!(t, F32 | F64)) || shape.is_some() || op.contains("_f32") || op.contains("_f64");
    let vector_select = prefix == "select" && params.first() == Some(&V128);
    let view = if moves_bits || !float_operands || vector_select {
        View::Bits
    } else {
        View::Float
    };
    let word = op.split('_').next().unwrap_or_default();
    let arithmetic = matches!(
        word,
        "add"
            | "sub"
            | "mul"
            | "div"
            | "sqrt"
            | "min"
            | "max"
            | "ceil"
            | "floor"
            | "trunc"
            | "nearest"
            | "demote"
            | "promote"
    );
    let makes_nan = shape.filter(|_| arithmetic);
    let comparison = matches!(op, "eq" | "ne" | "lt" | "gt" | "le" | "ge");
    let float_result = if prefix == "select" {
        match params.first() {
            Some(F32) => Some(Shape::F32),
            Some(F64) => Some(Shape::F64),
            _ => None,
        }
    } else if op.starts_with("extract_lane") {
        shape.map(Shape::scalar)
    } else {
        shape.filter(|_| !comparison)
    };
    (view, makes_nan, float_result)
}

fn build() -> Catalog {
    let mut entries: Vec<Raw> = entries()
        .into_iter()
        .map(|(after, params, result, proposal)| Raw {
            before: Vec::new(),
            after,
            params,
            result,
            proposal,
            table: None,
            table64: false,
        })
        .collect();
    entries.extend(table_entries());
    entries.extend(super::exceptions::entries());
    entries.extend(super::gc::entries());
    let mut text = String::from("(module (memory 1 1)\n");
    for e in &entries {
        for piece in e.before.iter().chain([&e.after]) {
            text.push_str(&format!("(func {piece})\n"));
        }
    }
    text.push(')');
    let wasm = wat::parse_str(&text).expect("the catalog's instructions are valid text");
    let mut bodies = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(&wasm) {
        if let Ok(wasmparser::Payload::CodeSectionEntry(body)) = payload {
            // A piece may open or close blocks: it runs to the body's final `end`.
            let reader = body.get_operators_reader().expect("an assembled body reads");
            let (start, end) = (reader.original_position(), body.range().end - 1);
            bodies.push(wasm[start as usize..end as usize].to_vec());
        }
    }
    let pieces: usize = entries.iter().map(|e| e.before.len() + 1).sum();
    assert_eq!(bodies.len(), pieces, "one body per catalog piece");
    let mut bodies = bodies.into_iter();
    let mut instrs = Vec::new();
    let mut by_text = HashMap::new();
    for entry in entries {
        let text = entry.text();
        let before: Vec<Vec<u8>> = entry.before.iter().map(|_| bodies.next().unwrap_or_default()).collect();
        let bytes = bodies.next().unwrap_or_default();
        let params = entry.params;
        // An exception entry moves its operands' bits (into a tag, out of a handler).
        let exception = entry.proposal == Some(Proposal::Exceptions);
        let (view, makes_nan, float_result) = if exception {
            (View::Bits, None, None)
        } else {
            roles(&text, &params)
        };
        let float_operand = operand_shape(&text, &params).filter(|_| !exception);
        let key = if text == "select" {
            format!("select {}", params[0].name())
        } else {
            text.clone()
        };
        by_text.insert(key, instrs.len());
        instrs.push(Instr {
            text,
            params,
            result: entry.result,
            proposal: entry.proposal,
            view,
            makes_nan,
            float_result,
            float_operand,
            bytes,
            before,
            table: entry.table,
            table64: entry.table64,
        });
    }
    Catalog { instrs, by_text }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalog_has_every_instruction_once_with_its_nan_role() {
        let c = Catalog::get();
        assert!(c.all().len() > 400, "{}", c.all().len());
        let add = c.find("f32.add").unwrap();
        assert_eq!(
            (add.view, add.makes_nan, add.float_result),
            (View::Float, Some(Shape::F32), Some(Shape::F32))
        );
        let neg = c.find("f64.neg").unwrap();
        assert_eq!(
            (neg.view, neg.makes_nan, neg.float_result),
            (View::Float, None, Some(Shape::F64))
        );
        assert_eq!(c.find("i32.reinterpret_f32").unwrap().view, View::Bits);
        assert_eq!(c.find("f32.copysign").unwrap().view, View::Bits);
        assert_eq!(c.find("f32.store offset=0 align=4").unwrap().view, View::Bits);
        assert_eq!(c.find("i32x4.add").unwrap().view, View::Bits);
        assert_eq!(c.find("f32x4.mul").unwrap().makes_nan, Some(Shape::F32x4));
        assert_eq!(c.find("f32x4.eq").unwrap().float_result, None);
        assert_eq!(c.find("f32x4.extract_lane 3").unwrap().float_result, Some(Shape::F32));
        assert_eq!(c.find("i32.trunc_sat_f32_s").unwrap().view, View::Float);
        assert_eq!(c.find("select f32").unwrap().float_result, Some(Shape::F32));
        assert_eq!(c.find("select v128").unwrap().view, View::Bits);
        assert_eq!(c.find("f64x2.max").unwrap().float_operand, Some(Shape::F64x2));
        assert_eq!(
            c.find("f64x2.promote_low_f32x4").unwrap().float_operand,
            Some(Shape::F32x4)
        );
        assert_eq!(c.find("f64.promote_f32").unwrap().float_operand, Some(Shape::F32));
        assert_eq!(c.find("f32x4.convert_i32x4_s").unwrap().float_operand, None);
        assert_eq!(c.find("f64x2.convert_low_i32x4_u").unwrap().float_operand, None);
        assert_eq!(c.find("i32.add").unwrap().bytes, [0x6a]);
        assert_eq!(c.find("i8x16.extract_lane_u 15").unwrap().bytes, [0xfd, 22, 15]);
        let atomic = |t: &str| c.all().iter().filter(|i| i.text.starts_with(t)).count();
        assert_eq!(atomic("i32.atomic."), 2 * 3 * 2 + 3 * 7);
        assert_eq!(atomic("i64.atomic."), 2 * 4 * 2 + 4 * 7);
        let cmpxchg = c.find("i64.atomic.rmw32.cmpxchg_u").unwrap();
        assert_eq!(
            (cmpxchg.params.as_slice(), cmpxchg.proposal),
            (&[I32, I64, I64][..], Some(Proposal::Atomics))
        );
        assert_eq!(c.find("atomic.fence").unwrap().bytes, [0xfe, 0x03, 0x00]);
    }
}
