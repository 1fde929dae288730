//! Strategy `edge`: a wasm-smith module (as strategy `smith` makes it) whose constants and memory
//! offsets are rewritten, through wasm-encoder's re-encoding, to the values compilers special-case:
//! each `i32.const`, `i64.const`, `f32.const`, `f64.const` and `v128.const` of a function body
//! becomes, with the module's rewrite rate, a value of [`values`] (or the value of an earlier
//! constant of the same function), and some memory offsets move next to the end of the memory
//! (an atomic access's, to an aligned place but one time in eight; the trap of a misaligned one
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
use wasm_encoder::reencode::{self, Reencode, RoundtripReencoder};

use super::strategy::{Context, Made, Strategy};
use super::{Discard, Source, TERMINATION_FUEL, smith, values};

/// The edge-constant strategy.
pub struct Edge;

/// Rewrite rates a module draws from, in percent of its constants.
const RATES: [u32; 4] = [10, 25, 50, 100];

/// The share of memory offsets moved next to the end of their memory, in percent.
const OFFSET_RATE: u32 = 15;

impl Strategy for Edge {
    fn generate(&self, u: &mut Unstructured, cx: &Context<'_>) -> Result<Made, Discard> {
        let (wasm, swarm, fuel_global) = smith::module(u, cx)?;
        let gen_err = |e: arbitrary::Error| Discard::Generator(e.to_string());
        let rate = *u.choose(&RATES).map_err(gen_err)?;
        let mut rewriter = Rewriter {
            rng: ChaCha8Rng::seed_from_u64(u.arbitrary().map_err(gen_err)?),
            rate,
            fuel_global,
            memories: Vec::new(),
            in_body: false,
            atomic: false,
            after_fuel_get: false,
            seen: Vec::new(),
            rewritten: 0,
        };
        let mut module = wasm_encoder::Module::new();
        rewriter
            .parse_core_module(&mut module, wasmparser::Parser::new(0), &wasm)
            .map_err(|e| Discard::Generator(format!("re-encoding: {e}")))?;
        Ok(Made {
            wasm: smith::one_thread(module.finish(), &swarm)?,
            proposals: swarm.proposals,
            termination_fuel: fuel_global.map(|_| TERMINATION_FUEL),
            source: Source::Edge {
                swarm,
                rewritten: rewriter.rewritten,
            },
        })
    }
}

/// A memory of the module: its minimum size in bytes.
struct Memory {
    min_bytes: u64,
}

struct Rewriter {
    rng: ChaCha8Rng,
    rate: u32,
    fuel_global: Option<u32>,
    memories: Vec<Memory>,
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

impl Reencode for Rewriter {
    type Error = std::convert::Infallible;

    fn memory_type(
        &mut self,
        memory_ty: wasmparser::MemoryType,
    ) -> Result<wasm_encoder::MemoryType, reencode::Error<Self::Error>> {
        let page = memory_ty.page_size_log2.map_or(65536u64, |log2| 1 << log2);
        self.memories.push(Memory {
            min_bytes: memory_ty.initial.saturating_mul(page),
        });
        RoundtripReencoder.memory_type(memory_ty)
    }

    fn parse_function_body(
        &mut self,
        code: &mut wasm_encoder::CodeSection,
        func: wasmparser::FunctionBody<'_>,
    ) -> Result<(), reencode::Error<Self::Error>> {
        self.in_body = true;
        self.seen.clear();
        self.after_fuel_get = false;
        let result = reencode::utils::parse_function_body(self, code, func);
        self.in_body = false;
        result
    }

    fn mem_arg(&mut self, arg: wasmparser::MemArg) -> Result<wasm_encoder::MemArg, reencode::Error<Self::Error>> {
        let mut out = reencode::utils::mem_arg(self, arg)?;
        let min_bytes = match arg.target {
            wasmparser::MemArgTarget::Memory(index) => self.memories.get(index as usize).map(|m| m.min_bytes),
            wasmparser::MemArgTarget::Array(_) => None,
        };
        if let Some(min_bytes) = min_bytes
            && self.rewrite_now(OFFSET_RATE)
        {
            // At, just under and just past the end: with a zero address the access is the last
            // in bounds, straddles the end, or is past it. An atomic access of `size` bytes
            // stays aligned (one, two or four widths before the end, or at it) but one time in
            // eight, when it straddles the end or is the last in bounds, misaligned.
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
