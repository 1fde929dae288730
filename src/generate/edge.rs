//! Strategy `edge`: a wasm-smith module (as strategy `smith` makes it) whose constants and memory
//! offsets are rewritten, through wasm-encoder's re-encoding, to the values compilers special-case:
//! each `i32.const`, `i64.const`, `f32.const`, `f64.const` and `v128.const` of a function body
//! becomes, with the module's rewrite rate, a value of [`values`] (or the value of an earlier
//! constant of the same function), and some memory offsets move next to the end of the memory.
//! Half of the `table.copy/init/fill/get/set` and `memory.copy/fill/init` get indices and lengths
//! that end at the size of their table, memory or segment, one before it or one past it
//! ([`bounds`]): the operands are dropped and constants pushed in their place (a reference operand
//! is kept in a scratch local, one per table the function sets or fills, added to it). An atomic
//! access's offset moves to an aligned place but one time in eight (the trap of a misaligned one
//! must agree too). A wait's time-out is made 0 after the rewriting, as in `smith`
//! ([`smith::one_thread`]).
//!
//! Left alone, so that the module keeps its meaning where the harness relies on it: constant
//! expressions (global initializers, segment offsets), and the decrement of wasm-smith's
//! termination fuel (the `i32.const` right after `global.get` of the fuel global), which would
//! otherwise make a terminating module loop.

use arbitrary::Unstructured;
use crosscheck_oracles::operators::Op;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use wasm_encoder::reencode::{self, Reencode};

use super::bounds::{self, Sizes};
use super::strategy::{Context, Made, Strategy};
use super::{Discard, Source, TERMINATION_FUEL, smith, values};

/// The edge-constant strategy.
pub struct Edge;

/// Rewrite rates a module draws from, in percent of its constants.
const RATES: [u32; 4] = [10, 25, 50, 100];

/// The share of memory offsets moved next to the end of their memory, in percent.
const OFFSET_RATE: u32 = 15;

/// The share of table and memory instructions whose indices and lengths are moved next to a
/// bound, in percent.
const BOUND_RATE: u32 = 50;

impl Strategy for Edge {
    fn generate(&self, u: &mut Unstructured, cx: &Context<'_>) -> Result<Made, Discard> {
        let (wasm, swarm, fuel_global) = smith::module(u, cx)?;
        let gen_err = |e: arbitrary::Error| Discard::Generator(e.to_string());
        let rate = *u.choose(&RATES).map_err(gen_err)?;
        let seed = u.arbitrary().map_err(gen_err)?;
        let (wasm, rewritten) =
            rewrite(&wasm, seed, rate, fuel_global).map_err(|e| Discard::Generator(format!("re-encoding: {e}")))?;
        Ok(Made {
            wasm: smith::one_thread(wasm, &swarm)?,
            proposals: swarm.proposals,
            termination_fuel: fuel_global.map(|_| TERMINATION_FUEL),
            source: Source::Edge { swarm, rewritten },
        })
    }
}

/// Rewrites the constants, memory offsets and table and memory bounds of `wasm` (a valid module)
/// as the module doc says, at `rate` percent of its constants, drawing from a generator seeded
/// with `seed`; `fuel_global` is wasm-smith's termination-fuel global, whose decrement is kept.
/// Returns the module and how many constants, offsets and bounded instructions were rewritten.
///
/// # Errors
///
/// When `wasm` cannot be re-encoded.
pub fn rewrite(wasm: &[u8], seed: u64, rate: u32, fuel_global: Option<u32>) -> Result<(Vec<u8>, u32), String> {
    let mut rewriter = Rewriter {
        rng: ChaCha8Rng::seed_from_u64(seed),
        rate,
        fuel_global,
        sizes: Sizes::of(wasm),
        next_body: 0,
        scratch_base: 0,
        scratch_tables: Vec::new(),
        in_body: false,
        atomic: false,
        after_fuel_get: false,
        seen: Vec::new(),
        rewritten: 0,
    };
    let mut module = wasm_encoder::Module::new();
    rewriter
        .parse_core_module(&mut module, wasmparser::Parser::new(0), wasm)
        .map_err(|e| e.to_string())?;
    Ok((module.finish(), rewriter.rewritten))
}

struct Rewriter {
    rng: ChaCha8Rng,
    rate: u32,
    fuel_global: Option<u32>,
    /// The declared sizes of the module's tables, memories and segments.
    sizes: Sizes,
    /// The position in the code section of the next function body.
    next_body: usize,
    /// The index of the current function's first scratch local, past its parameters and locals.
    scratch_base: u32,
    /// The tables of the current function's scratch locals, in order.
    scratch_tables: Vec<u32>,
    in_body: bool,
    /// Whether the instruction being re-encoded is an atomic one (its memory offset must keep
    /// its alignment).
    atomic: bool,
    after_fuel_get: bool,
    /// Constants of the current function so far, as raw bits, for reuse.
    seen: Vec<u64>,
    rewritten: u32,
}

impl Rewriter {
    /// Whether to rewrite the current constant or offset, at `rate` percent; counts a rewrite.
    fn rewrite_now(&mut self, rate: u32) -> bool {
        let now = self.in_body && self.rng.random_range(0..100) < rate;
        self.rewritten += u32::from(now);
        now
    }

    /// The value a constant of `bits` bits becomes: one of [`values::int_core`] or a dictionary
    /// value (half and half), or 1 time in 4 an earlier constant of the function (truncated to the
    /// width).
    fn int(&mut self, bits: u32, original: u64) -> u64 {
        let mask = if bits == 64 { u64::MAX } else { (1 << bits) - 1 };
        if !self.seen.is_empty() && self.rng.random_ratio(1, 4) {
            return self.seen[self.rng.random_range(0..self.seen.len())] & mask;
        }
        let dictionary = values::int_dictionary(bits);
        let core = values::int_core(bits);
        let value = if self.rng.random_ratio(1, 2) {
            core[self.rng.random_range(0..core.len())]
        } else {
            dictionary[self.rng.random_range(0..dictionary.len())]
        };
        if value == original & mask && dictionary.len() > 1 {
            dictionary[self.rng.random_range(0..dictionary.len())]
        } else {
            value
        }
    }

    fn float32(&mut self) -> u32 {
        values::F32_DICTIONARY[self.rng.random_range(0..values::F32_DICTIONARY.len())]
    }

    fn float64(&mut self) -> u64 {
        values::F64_DICTIONARY[self.rng.random_range(0..values::F64_DICTIONARY.len())]
    }

    /// A `v128` of one lane shape with every lane the same edge value, or two edge values
    /// alternating.
    fn vector(&mut self) -> i128 {
        let bits = [8u32, 16, 32, 64][self.rng.random_range(0..4)];
        let (a, b) = (self.int(bits, 0), self.int(bits, 0));
        let alternate = self.rng.random_ratio(1, 3);
        let mut v: u128 = 0;
        for lane in 0..128 / bits {
            let value = if alternate && lane % 2 == 1 { b } else { a };
            v |= u128::from(value) << (lane * bits);
        }
        v as i128
    }
}

/// A constant of type `i64` when `wide`, else `i32`.
fn constant(wide: bool, value: u64) -> wasm_encoder::Instruction<'static> {
    if wide {
        wasm_encoder::Instruction::I64Const(value as i64)
    } else {
        wasm_encoder::Instruction::I32Const(value as u32 as i32)
    }
}

impl Rewriter {
    /// The instructions to put before `op` when it is a table or memory instruction whose operands
    /// this time move next to a bound ([`bounds`]): they drop the operands and push the new ones
    /// (a reference operand goes through the scratch local of its table). `None` to leave `op` as
    /// it is.
    fn bound_operands(&mut self, op: &wasmparser::Operator<'_>) -> Option<Vec<wasm_encoder::Instruction<'static>>> {
        use wasm_encoder::Instruction as I;
        use wasmparser::Operator as O;
        let table = |t: u32| self.sizes.tables.get(t as usize).copied();
        let memory = |m: u32| self.sizes.memories.get(m as usize).copied();
        let plan: Bounded = match *op {
            O::TableCopy { dst_table, src_table } => {
                let (d, s) = (table(dst_table)?, table(src_table)?);
                Bounded::Span([d.table64, s.table64, d.table64 && s.table64], d.min, s.min)
            }
            O::TableInit { elem_index, table: t } => {
                let t = table(t)?;
                Bounded::Span(
                    [t.table64, false, false],
                    t.min,
                    *self.sizes.elements.get(elem_index as usize)?,
                )
            }
            O::TableFill { table: t } => Bounded::Fill(self.scratch(t)?, table(t)?),
            O::TableGet { table: t } => Bounded::Get(table(t)?),
            O::TableSet { table: t } => Bounded::Set(self.scratch(t)?, table(t)?),
            O::MemoryCopy { dst_mem, src_mem } => {
                let (d, s) = (memory(dst_mem)?, memory(src_mem)?);
                Bounded::Span(
                    [d.memory64, s.memory64, d.memory64 && s.memory64],
                    d.min_bytes,
                    s.min_bytes,
                )
            }
            O::MemoryInit { data_index, mem } => {
                let m = memory(mem)?;
                Bounded::Span(
                    [m.memory64, false, false],
                    m.min_bytes,
                    *self.sizes.data.get(data_index as usize)?,
                )
            }
            O::MemoryFill { mem } => Bounded::MemoryFill(memory(mem)?),
            _ => return None,
        };
        if !self.rewrite_now(BOUND_RATE) {
            return None;
        }
        Some(match plan {
            Bounded::Span(wide, dst_size, src_size) => {
                let (d, s, n) = bounds::span(&mut self.rng, dst_size, src_size);
                vec![
                    I::Drop,
                    I::Drop,
                    I::Drop,
                    constant(wide[0], d),
                    constant(wide[1], s),
                    constant(wide[2], n),
                ]
            }
            Bounded::Fill(local, size) => {
                let (at, n) = bounds::range(&mut self.rng, size.min);
                vec![
                    I::Drop,
                    I::LocalSet(local),
                    I::Drop,
                    constant(size.table64, at),
                    I::LocalGet(local),
                    constant(size.table64, n),
                ]
            }
            Bounded::Get(size) => vec![
                I::Drop,
                constant(size.table64, bounds::end_near(&mut self.rng, size.min)),
            ],
            Bounded::Set(local, size) => {
                let at = bounds::end_near(&mut self.rng, size.min);
                vec![
                    I::LocalSet(local),
                    I::Drop,
                    constant(size.table64, at),
                    I::LocalGet(local),
                ]
            }
            Bounded::MemoryFill(size) => {
                let (at, n) = bounds::range(&mut self.rng, size.min_bytes);
                let byte = self.int(8, 0);
                vec![
                    I::Drop,
                    I::Drop,
                    I::Drop,
                    constant(size.memory64, at),
                    constant(false, byte),
                    constant(size.memory64, n),
                ]
            }
        })
    }
}

impl Rewriter {
    /// The scratch local of table `table` in the current function, when it has one.
    fn scratch(&self, table: u32) -> Option<u32> {
        let at = self.scratch_tables.iter().position(|&t| t == table)?;
        Some(self.scratch_base + at as u32)
    }
}

/// A table or memory instruction whose operands [`Rewriter::bound_operands`] may move, with the
/// sizes that bound it.
enum Bounded {
    /// A copy or init: whether each operand (destination, source, length) is an `i64`, the
    /// destination's size and the source's.
    Span([bool; 3], u64, u64),
    /// `table.fill` through this scratch local of a table of this size.
    Fill(u32, bounds::TableSize),
    /// `table.get` of a table of this size.
    Get(bounds::TableSize),
    /// `table.set` through this scratch local of a table of this size.
    Set(u32, bounds::TableSize),
    /// `memory.fill` of a memory of this size.
    MemoryFill(bounds::MemorySize),
}

impl Reencode for Rewriter {
    type Error = std::convert::Infallible;

    fn parse_function_body(
        &mut self,
        code: &mut wasm_encoder::CodeSection,
        func: wasmparser::FunctionBody<'_>,
    ) -> Result<(), reencode::Error<Self::Error>> {
        self.in_body = true;
        self.seen.clear();
        self.after_fuel_get = false;
        let params = self.sizes.params.get(self.next_body).copied().unwrap_or_default();
        self.next_body += 1;
        let mut locals = Vec::new();
        let mut declared = 0u32;
        for pair in func.get_locals_reader()? {
            let (count, ty) = pair?;
            declared += count;
            locals.push((count, self.val_type(ty)?));
        }
        // A scratch local per table that a `table.set` or `table.fill` of the body writes: only
        // those, since a reference-typed local needs reference types, which a module of an MVP
        // `funcref` table may lack.
        self.scratch_base = params + declared;
        self.scratch_tables.clear();
        for op in func.get_operators_reader()? {
            if let wasmparser::Operator::TableSet { table } | wasmparser::Operator::TableFill { table } = op?
                && !self.scratch_tables.contains(&table)
                && let Some(size) = self.sizes.tables.get(table as usize)
            {
                self.scratch_tables.push(table);
                locals.push((1, self.val_type(wasmparser::ValType::Ref(size.element))?));
            }
        }
        let mut f = wasm_encoder::Function::new(locals);
        let mut reader = func.get_operators_reader()?;
        while !reader.eof() {
            let op = reader.read()?;
            if let Some(prefix) = self.bound_operands(&op) {
                for instruction in &prefix {
                    f.instruction(instruction);
                }
            }
            f.instruction(&self.instruction(op)?);
        }
        code.function(&f);
        self.in_body = false;
        Ok(())
    }

    fn mem_arg(&mut self, arg: wasmparser::MemArg) -> Result<wasm_encoder::MemArg, reencode::Error<Self::Error>> {
        let mut out = reencode::utils::mem_arg(self, arg)?;
        let min_bytes = match arg.target {
            wasmparser::MemArgTarget::Memory(index) => self.sizes.memories.get(index as usize).map(|m| m.min_bytes),
            wasmparser::MemArgTarget::Array(_) => None,
        };
        if let Some(min_bytes) = min_bytes
            && self.rewrite_now(OFFSET_RATE)
        {
            // At, just under and just past the end: with a zero address the access is the last
            // in bounds, straddles the end, or is past it.
            // An atomic access of `size` bytes stays aligned (one, two or four widths before the
            // end, or at it) but one time in eight, when it straddles the end or is the last in
            // bounds, misaligned.
            let back = if self.atomic {
                let size = 1u64 << arg.max_align;
                if self.rng.random_ratio(1, 8) {
                    [1, size + 1][self.rng.random_range(0..2)]
                } else {
                    [0, size, 2 * size, 4 * size][self.rng.random_range(0..4)]
                }
            } else {
                [0u64, 1, 2, 4, 8, 16][self.rng.random_range(0..6)]
            };
            out.offset = min_bytes.saturating_sub(back).min(u64::from(u32::MAX));
        }
        Ok(out)
    }

    fn instruction<'a>(
        &mut self,
        op: wasmparser::Operator<'a>,
    ) -> Result<wasm_encoder::Instruction<'a>, reencode::Error<Self::Error>> {
        use wasm_encoder::Instruction as I;
        use wasmparser::Operator as O;
        self.atomic = Op::of(&op).is_some_and(|o| o.proposal() == "threads");
        let keep = self.after_fuel_get;
        self.after_fuel_get = matches!(op, O::GlobalGet { global_index } if Some(global_index) == self.fuel_global);
        let rate = if keep { 0 } else { self.rate };
        Ok(match op {
            O::I32Const { value } => {
                let v = if self.rewrite_now(rate) {
                    self.int(32, value as u32 as u64) as u32 as i32
                } else {
                    value
                };
                self.seen.push(v as u32 as u64);
                I::I32Const(v)
            }
            O::I64Const { value } => {
                let v = if self.rewrite_now(rate) {
                    self.int(64, value as u64) as i64
                } else {
                    value
                };
                self.seen.push(v as u64);
                I::I64Const(v)
            }
            O::F32Const { .. } if self.rewrite_now(rate) => I::F32Const(wasm_encoder::Ieee32::new(self.float32())),
            O::F64Const { .. } if self.rewrite_now(rate) => I::F64Const(wasm_encoder::Ieee64::new(self.float64())),
            O::V128Const { .. } if self.rewrite_now(rate) => I::V128Const(self.vector()),
            other => reencode::utils::instruction(self, other)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The constant operands `(dst, src, len)` of each `table.copy` of `wasm` that three constants
    /// precede.
    fn constant_copies(wasm: &[u8]) -> Vec<(i64, i64, i64)> {
        let mut copies = Vec::new();
        for payload in wasmparser::Parser::new(0).parse_all(wasm) {
            let Ok(wasmparser::Payload::CodeSectionEntry(body)) = payload else {
                continue;
            };
            let mut constants: Vec<Option<i64>> = Vec::new();
            for op in body.get_operators_reader().unwrap() {
                match op.unwrap() {
                    wasmparser::Operator::I32Const { value } => constants.push(Some(i64::from(value))),
                    wasmparser::Operator::TableCopy { .. } => {
                        if let [.., Some(d), Some(s), Some(n)] = constants[..] {
                            copies.push((d, s, n));
                        }
                        constants.push(None);
                    }
                    _ => constants.push(None),
                }
            }
        }
        copies
    }

    #[test]
    fn rewritten_table_copies_end_one_before_at_and_one_past_the_table_size() {
        let wasm = wat::parse_str(
            r#"(module
              (table $a 5 20 funcref) (table $b 9 20 funcref)
              (func (export "f") (param i32)
                (table.copy $a $b (local.get 0) (local.get 0) (local.get 0))))"#,
        )
        .unwrap();
        let mut dst_ends = std::collections::BTreeSet::new();
        let mut src_ends = std::collections::BTreeSet::new();
        for seed in 0..60 {
            let (out, _) = rewrite(&wasm, seed, 10, None).unwrap();
            wasmparser::Validator::new().validate_all(&out).unwrap();
            for (d, s, n) in constant_copies(&out) {
                let (dst_end, src_end) = (d + n, s + n);
                assert!(
                    (4..=6).contains(&dst_end) || (8..=10).contains(&src_end),
                    "table.copy({d}, {s}, {n}) ends near neither size"
                );
                dst_ends.insert(dst_end);
                src_ends.insert(src_end);
            }
        }
        for end in [4, 5, 6] {
            assert!(
                dst_ends.contains(&end),
                "no copy ends at {end} of table $a: {dst_ends:?}"
            );
        }
        for end in [8, 9, 10] {
            assert!(
                src_ends.contains(&end),
                "no copy ends at {end} of table $b: {src_ends:?}"
            );
        }
    }

    #[test]
    fn rewritten_table_sets_and_fills_keep_their_reference_operand_and_validate() {
        let wasm = wat::parse_str(
            r#"(module
              (table $t 3 10 externref)
              (memory 1 2)
              (data "xyz")
              (func (export "f") (param externref i32)
                (table.set $t (local.get 1) (local.get 0))
                (table.fill $t (local.get 1) (local.get 0) (local.get 1))
                (drop (table.get $t (local.get 1)))
                (memory.fill (local.get 1) (local.get 1) (local.get 1))
                (memory.init 0 (local.get 1) (local.get 1) (local.get 1))))"#,
        )
        .unwrap();
        let mut rewritten = 0;
        for seed in 0..20 {
            let (out, n) = rewrite(&wasm, seed, 10, None).unwrap();
            wasmparser::Validator::new().validate_all(&out).unwrap();
            rewritten += n;
        }
        assert!(
            rewritten > 20,
            "only {rewritten} rewrites in 20 modules of 5 bounded instructions"
        );
    }
}
