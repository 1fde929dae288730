//! Constructs of a module that a known bug needs (`module = "..."` in `corpora/known.toml`),
//! recognized in the module's code with `wasmparser`, so that an entry matches the modules that
//! can show its bug and no others.

use serde::Deserialize;
use wasmparser::{BlockType, CompositeInnerType, DataKind, ElementKind, Operator, Parser, Payload};

/// A construct of the module that a known bug needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ModuleConstruct {
    /// An `if` whose block type takes parameters (a type index with at least one parameter).
    IfWithParams,
    /// A `block` or `loop` whose block type takes parameters.
    BlockWithParams,
    /// A `v128` bitwise operation (`bitselect`, `and`, `andnot`, `or`, `not`): Cranelift forms a
    /// bit select from the others too (`(c & x) | (~c & y)`, `opts/selects.isle`).
    VectorBitwise,
    /// A `select` whose condition is an `i32` tested against zero right before it: `i32.eqz`, or
    /// `i32.eq`/`i32.ne` with an operand that is zero once constants are folded (`i32.const 0`,
    /// or a constant expression of `i32`/`i64` arithmetic, divisions and remainders that do not
    /// trap, comparisons and conversions that evaluates to 0, as an engine's translator folds it).
    SelectOnZeroTest,
    /// A bulk memory or table operation whose fuel cost grows with its size: `memory.fill`,
    /// `memory.copy`, `memory.init`, `table.fill`, `table.copy`, `table.init`, `table.grow`
    /// (Wasmtime's `VariableOperatorCost`).
    BulkOperation,
    /// A `memory.grow`.
    MemoryGrow,
    /// A call of an imported (host) function inside a loop.
    HostCallInLoop,
    /// A `v128` splat load (`v128.load8_splat`, `load16_splat`, `load32_splat`, `load64_splat`).
    VectorLoadSplat,
    /// A `br_table`.
    BrTable,
    /// A `v128` store (`v128.store`, or a lane store `v128.storeN_lane`).
    VectorStore,
    /// An instruction on a memory other than memory 0 (multi-memory: a load, a store,
    /// `memory.size` or `memory.grow` of memory 1 or above).
    OtherMemoryAccess,
    /// An active data segment (one that instantiation copies into a memory).
    ActiveDataSegment,
    /// An active element segment (one that instantiation copies into a table).
    ActiveElementSegment,
    /// A `table.copy`.
    TableCopy,
}

impl ModuleConstruct {
    /// Whether `wasm` holds the construct; false when it does not parse.
    pub fn is_in(self, wasm: &[u8]) -> bool {
        match self {
            ModuleConstruct::IfWithParams => any_operator(wasm, |_: &mut (), params, op| match op {
                Operator::If { blockty } => takes_params(params, *blockty),
                _ => false,
            }),
            ModuleConstruct::BlockWithParams => any_operator(wasm, |_: &mut (), params, op| match op {
                Operator::Block { blockty } | Operator::Loop { blockty } => takes_params(params, *blockty),
                _ => false,
            }),
            ModuleConstruct::SelectOnZeroTest => any_operator(wasm, |model: &mut StackModel, _, op| model.step(op)),
            ModuleConstruct::BulkOperation => any_operator(wasm, |_: &mut (), _, op| {
                matches!(
                    op,
                    Operator::MemoryFill { .. }
                        | Operator::MemoryCopy { .. }
                        | Operator::MemoryInit { .. }
                        | Operator::TableFill { .. }
                        | Operator::TableCopy { .. }
                        | Operator::TableInit { .. }
                        | Operator::TableGrow { .. }
                )
            }),
            ModuleConstruct::MemoryGrow => {
                any_operator(wasm, |_: &mut (), _, op| matches!(op, Operator::MemoryGrow { .. }))
            }
            ModuleConstruct::HostCallInLoop => host_call_in_loop(wasm),
            ModuleConstruct::VectorLoadSplat => any_operator(wasm, |_: &mut (), _, op| {
                matches!(
                    op,
                    Operator::V128Load8Splat { .. }
                        | Operator::V128Load16Splat { .. }
                        | Operator::V128Load32Splat { .. }
                        | Operator::V128Load64Splat { .. }
                )
            }),
            ModuleConstruct::BrTable => any_operator(wasm, |_: &mut (), _, op| matches!(op, Operator::BrTable { .. })),
            ModuleConstruct::VectorStore => any_operator(wasm, |_: &mut (), _, op| {
                matches!(
                    op,
                    Operator::V128Store { .. }
                        | Operator::V128Store8Lane { .. }
                        | Operator::V128Store16Lane { .. }
                        | Operator::V128Store32Lane { .. }
                        | Operator::V128Store64Lane { .. }
                )
            }),
            ModuleConstruct::OtherMemoryAccess => {
                any_operator(wasm, |_: &mut (), _, op| memory_index(op).is_some_and(|m| m > 0))
            }
            ModuleConstruct::ActiveDataSegment => active_data_segment(wasm),
            ModuleConstruct::ActiveElementSegment => active_element_segment(wasm),
            ModuleConstruct::TableCopy => {
                any_operator(wasm, |_: &mut (), _, op| matches!(op, Operator::TableCopy { .. }))
            }
            ModuleConstruct::VectorBitwise => any_operator(wasm, |_: &mut (), _, op| {
                matches!(
                    op,
                    Operator::V128Bitselect
                        | Operator::V128And
                        | Operator::V128AndNot
                        | Operator::V128Or
                        | Operator::V128Not
                )
            }),
        }
    }
}

/// What is known of an operand stack slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    /// A constant (an `i32` sign-extended, or an `i64`).
    Const(i64),
    /// An `i32` that tests a value against zero.
    ZeroTest,
    /// Anything else.
    Unknown,
}

/// The tail of a function's operand stack, as far as straight-line constant code shows it. An
/// operator it does not model clears it: popping an empty model gives [`Slot::Unknown`], so a
/// slot is only ever claimed constant when its whole computation was seen.
#[derive(Default)]
struct StackModel {
    slots: Vec<Slot>,
}

impl StackModel {
    fn pop(&mut self) -> Slot {
        self.slots.pop().unwrap_or(Slot::Unknown)
    }

    /// Applies `op`; returns whether it is a `select` on a zero test.
    fn step(&mut self, op: &Operator) -> bool {
        use Operator as O;
        let unary = |f: fn(i64) -> i64, s: &mut Self| {
            let v = s.pop();
            s.slots.push(match v {
                Slot::Const(a) => Slot::Const(f(a)),
                _ => Slot::Unknown,
            });
        };
        let binary = |f: fn(i64, i64) -> i64, s: &mut Self| {
            let (b, a) = (s.pop(), s.pop());
            s.slots.push(match (a, b) {
                (Slot::Const(a), Slot::Const(b)) => Slot::Const(f(a, b)),
                _ => Slot::Unknown,
            });
        };
        // A division or remainder of constants: folded when it does not trap, as a translator
        // folds it (a trapping one is left to run).
        let division = |f: fn(i64, i64) -> Option<i64>, s: &mut Self| {
            let (b, a) = (s.pop(), s.pop());
            s.slots.push(match (a, b) {
                (Slot::Const(a), Slot::Const(b)) => f(a, b).map_or(Slot::Unknown, Slot::Const),
                _ => Slot::Unknown,
            });
        };
        fn i32(v: i32) -> i64 {
            i64::from(v)
        }
        fn w(v: i64) -> i32 {
            v as i32
        }
        fn flag(b: bool) -> i64 {
            i64::from(b)
        }
        match op {
            O::I32Const { value } => self.slots.push(Slot::Const(i64::from(*value))),
            O::I64Const { value } => self.slots.push(Slot::Const(*value)),
            O::LocalGet { .. } | O::GlobalGet { .. } => self.slots.push(Slot::Unknown),
            O::I32Eqz => {
                let v = self.pop();
                self.slots.push(match v {
                    Slot::Const(a) => Slot::Const(flag(a == 0)),
                    _ => Slot::ZeroTest,
                });
            }
            O::I32Eq | O::I32Ne => {
                let (b, a) = (self.pop(), self.pop());
                let eq = matches!(op, O::I32Eq);
                self.slots.push(match (a, b) {
                    (Slot::Const(a), Slot::Const(b)) => Slot::Const(flag((a == b) == eq)),
                    (Slot::Const(0), _) | (_, Slot::Const(0)) => Slot::ZeroTest,
                    _ => Slot::Unknown,
                });
            }
            O::Select | O::TypedSelect { .. } => {
                let condition = self.pop();
                self.pop();
                self.pop();
                self.slots.push(Slot::Unknown);
                return condition == Slot::ZeroTest;
            }
            O::I32Add => binary(|a, b| i32(w(a).wrapping_add(w(b))), self),
            O::I32Sub => binary(|a, b| i32(w(a).wrapping_sub(w(b))), self),
            O::I32Mul => binary(|a, b| i32(w(a).wrapping_mul(w(b))), self),
            O::I32And | O::I64And => binary(|a, b| a & b, self),
            O::I32Or | O::I64Or => binary(|a, b| a | b, self),
            O::I32Xor | O::I64Xor => binary(|a, b| a ^ b, self),
            O::I32Shl => binary(|a, b| i32(w(a).wrapping_shl(b as u32)), self),
            O::I32ShrS => binary(|a, b| i32(w(a).wrapping_shr(b as u32)), self),
            O::I32ShrU => binary(|a, b| i32(((a as u32).wrapping_shr(b as u32)) as i32), self),
            O::I32LtS | O::I64LtS => binary(|a, b| flag(a < b), self),
            O::I32GtS | O::I64GtS => binary(|a, b| flag(a > b), self),
            O::I32LeS | O::I64LeS => binary(|a, b| flag(a <= b), self),
            O::I32GeS | O::I64GeS => binary(|a, b| flag(a >= b), self),
            O::I32LtU => binary(|a, b| flag((a as u32) < (b as u32)), self),
            O::I32GtU => binary(|a, b| flag((a as u32) > (b as u32)), self),
            O::I32LeU => binary(|a, b| flag((a as u32) <= (b as u32)), self),
            O::I32GeU => binary(|a, b| flag((a as u32) >= (b as u32)), self),
            O::I64LtU => binary(|a, b| flag((a as u64) < (b as u64)), self),
            O::I64GtU => binary(|a, b| flag((a as u64) > (b as u64)), self),
            O::I64LeU => binary(|a, b| flag((a as u64) <= (b as u64)), self),
            O::I64GeU => binary(|a, b| flag((a as u64) >= (b as u64)), self),
            O::I64Eq => binary(|a, b| flag(a == b), self),
            O::I64Ne => binary(|a, b| flag(a != b), self),
            O::I64Eqz => unary(|a| flag(a == 0), self),
            O::I64Add => binary(i64::wrapping_add, self),
            O::I64Sub => binary(i64::wrapping_sub, self),
            O::I64Mul => binary(i64::wrapping_mul, self),
            O::I64Shl => binary(|a, b| a.wrapping_shl(b as u32), self),
            O::I64ShrS => binary(|a, b| a.wrapping_shr(b as u32), self),
            O::I64ShrU => binary(|a, b| (a as u64).wrapping_shr(b as u32) as i64, self),
            O::I32DivS => division(|a, b| w(a).checked_div(w(b)).map(i32), self),
            O::I32DivU => division(|a, b| (a as u32).checked_div(b as u32).map(|v| i32(v as i32)), self),
            O::I32RemS => division(|a, b| (w(b) != 0).then(|| i32(w(a).wrapping_rem(w(b)))), self),
            O::I32RemU => division(|a, b| (a as u32).checked_rem(b as u32).map(|v| i32(v as i32)), self),
            O::I64DivS => division(i64::checked_div, self),
            O::I64DivU => division(|a, b| (a as u64).checked_div(b as u64).map(|v| v as i64), self),
            O::I64RemS => division(|a, b| (b != 0).then(|| a.wrapping_rem(b)), self),
            O::I64RemU => division(|a, b| (a as u64).checked_rem(b as u64).map(|v| v as i64), self),
            O::I32WrapI64 => unary(|a| i64::from(a as i32), self),
            O::I64ExtendI32S => unary(|a| a, self),
            O::I64ExtendI32U => unary(|a| i64::from(a as u32), self),
            _ => self.slots.clear(),
        }
        false
    }
}

/// The memory `op` loads from, stores to, sizes or grows; `None` for other operators (bulk
/// memory operations included).
fn memory_index(op: &Operator) -> Option<u32> {
    use Operator as O;
    match op {
        O::MemorySize { mem } | O::MemoryGrow { mem } => Some(*mem),
        O::I32Load { memarg }
        | O::I64Load { memarg }
        | O::F32Load { memarg }
        | O::F64Load { memarg }
        | O::I32Load8S { memarg }
        | O::I32Load8U { memarg }
        | O::I32Load16S { memarg }
        | O::I32Load16U { memarg }
        | O::I64Load8S { memarg }
        | O::I64Load8U { memarg }
        | O::I64Load16S { memarg }
        | O::I64Load16U { memarg }
        | O::I64Load32S { memarg }
        | O::I64Load32U { memarg }
        | O::I32Store { memarg }
        | O::I64Store { memarg }
        | O::F32Store { memarg }
        | O::F64Store { memarg }
        | O::I32Store8 { memarg }
        | O::I32Store16 { memarg }
        | O::I64Store8 { memarg }
        | O::I64Store16 { memarg }
        | O::I64Store32 { memarg }
        | O::V128Load { memarg }
        | O::V128Load8x8S { memarg }
        | O::V128Load8x8U { memarg }
        | O::V128Load16x4S { memarg }
        | O::V128Load16x4U { memarg }
        | O::V128Load32x2S { memarg }
        | O::V128Load32x2U { memarg }
        | O::V128Load8Splat { memarg }
        | O::V128Load16Splat { memarg }
        | O::V128Load32Splat { memarg }
        | O::V128Load64Splat { memarg }
        | O::V128Load32Zero { memarg }
        | O::V128Load64Zero { memarg }
        | O::V128Store { memarg } => linear(memarg),
        O::V128Load8Lane { memarg, .. }
        | O::V128Load16Lane { memarg, .. }
        | O::V128Load32Lane { memarg, .. }
        | O::V128Load64Lane { memarg, .. }
        | O::V128Store8Lane { memarg, .. }
        | O::V128Store16Lane { memarg, .. }
        | O::V128Store32Lane { memarg, .. }
        | O::V128Store64Lane { memarg, .. } => linear(memarg),
        _ => None,
    }
}

/// The linear memory `memarg` addresses; `None` for a GC array.
fn linear(memarg: &wasmparser::MemArg) -> Option<u32> {
    match memarg.target {
        wasmparser::MemArgTarget::Memory(index) => Some(index),
        wasmparser::MemArgTarget::Array(_) => None,
    }
}

/// Whether a function body of `wasm` calls an imported function from inside a `loop` (at any
/// depth of blocks within it); false when it does not parse.
fn host_call_in_loop(wasm: &[u8]) -> bool {
    let mut imported = 0u32;
    for payload in Parser::new(0).parse_all(wasm) {
        match payload {
            Ok(Payload::ImportSection(reader)) => {
                for import in reader.into_imports().flatten() {
                    if matches!(
                        import.ty,
                        wasmparser::TypeRef::Func(_) | wasmparser::TypeRef::FuncExact(_)
                    ) {
                        imported += 1;
                    }
                }
            }
            Ok(Payload::CodeSectionEntry(body)) => {
                let Ok(mut reader) = body.get_operators_reader() else {
                    return false;
                };
                // Whether each open block is a loop or inside one.
                let mut in_loop: Vec<bool> = Vec::new();
                while !reader.eof() {
                    let Ok(op) = reader.read() else { return false };
                    let inside = in_loop.last().copied().unwrap_or(false);
                    match op {
                        Operator::Loop { .. } => in_loop.push(true),
                        Operator::Block { .. } | Operator::If { .. } | Operator::TryTable { .. } => {
                            in_loop.push(inside)
                        }
                        Operator::End => {
                            in_loop.pop();
                        }
                        Operator::Call { function_index } if inside && function_index < imported => return true,
                        _ => {}
                    }
                }
            }
            Ok(_) => {}
            Err(_) => return false,
        }
    }
    false
}

/// Whether `wasm` has an active data segment; false when it does not parse.
fn active_data_segment(wasm: &[u8]) -> bool {
    Parser::new(0).parse_all(wasm).any(|payload| match payload {
        Ok(Payload::DataSection(reader)) => reader
            .into_iter()
            .flatten()
            .any(|data| matches!(data.kind, DataKind::Active { .. })),
        _ => false,
    })
}

/// Whether `wasm` has an active element segment; false when it does not parse.
fn active_element_segment(wasm: &[u8]) -> bool {
    Parser::new(0).parse_all(wasm).any(|payload| match payload {
        Ok(Payload::ElementSection(reader)) => reader
            .into_iter()
            .flatten()
            .any(|element| matches!(element.kind, ElementKind::Active { .. })),
        _ => false,
    })
}

/// Whether `hit` accepts an operator of a function body of `wasm`; false when it does not parse.
/// `hit` gets a state made afresh for each function (`S::default()`), the parameter count of
/// each type of the type section by index, and the operator.
fn any_operator<S: Default>(wasm: &[u8], mut hit: impl FnMut(&mut S, &[usize], &Operator) -> bool) -> bool {
    let mut params: Vec<usize> = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        match payload {
            Ok(Payload::TypeSection(reader)) => {
                for sub in reader.into_iter().flatten().flat_map(|g| g.into_types()) {
                    params.push(match &sub.composite_type.inner {
                        CompositeInnerType::Func(f) => f.params().len(),
                        _ => 0,
                    });
                }
            }
            Ok(Payload::CodeSectionEntry(body)) => {
                let Ok(mut reader) = body.get_operators_reader() else {
                    return false;
                };
                let mut state = S::default();
                while !reader.eof() {
                    let Ok(op) = reader.read() else { return false };
                    if hit(&mut state, &params, &op) {
                        return true;
                    }
                }
            }
            Ok(_) => {}
            Err(_) => return false,
        }
    }
    false
}

/// Whether `blockty` is a type index whose function type takes parameters (`params` by index).
fn takes_params(params: &[usize], blockty: BlockType) -> bool {
    matches!(blockty, BlockType::FuncType(t) if params.get(t as usize).is_some_and(|n| *n > 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_instructions_with_block_parameters_are_recognized() {
        let with = wat::parse_str(
            "(module (func (result i32) i32.const 1 i32.const 0 (if (param i32) (result i32) (then) (else))))",
        )
        .unwrap();
        let without = wat::parse_str(
            "(module (func (result i32) i32.const 0 (if (result i32) (then i32.const 1) (else i32.const 2))))",
        )
        .unwrap();
        let block =
            wat::parse_str("(module (func (result i32) i32.const 1 (block (param i32) (result i32) (br 0))))").unwrap();
        let is_in = |c: ModuleConstruct, wasm: &[u8]| c.is_in(wasm);
        assert!(is_in(ModuleConstruct::IfWithParams, &with));
        assert!(!is_in(ModuleConstruct::IfWithParams, &without));
        assert!(!is_in(ModuleConstruct::IfWithParams, &block));
        assert!(is_in(ModuleConstruct::BlockWithParams, &block));
        assert!(!is_in(ModuleConstruct::BlockWithParams, &with));
        assert!(!is_in(ModuleConstruct::IfWithParams, b"\0asm garbage"));
        let bitselect = wat::parse_str(
            "(module (func (param v128) (result v128) local.get 0 local.get 0 local.get 0 v128.bitselect))",
        )
        .unwrap();
        assert!(is_in(ModuleConstruct::VectorBitwise, &bitselect));
        assert!(!is_in(ModuleConstruct::VectorBitwise, &block));
        let or = wat::parse_str("(module (func (param v128) (result v128) local.get 0 local.get 0 v128.or))").unwrap();
        assert!(is_in(ModuleConstruct::VectorBitwise, &or));
    }

    #[test]
    fn a_select_on_a_zero_test_is_recognized() {
        let select = |cond: &str| {
            let text = format!("(module (func (param i32 i32) (result i32) local.get 0 local.get 1 {cond} select))");
            ModuleConstruct::SelectOnZeroTest.is_in(&wat::parse_str(text).unwrap())
        };
        assert!(select("local.get 0 i32.eqz"));
        assert!(select("local.get 1 i32.const 0 i32.ne"));
        assert!(select("i32.const 0 local.get 1 i32.eq"));
        assert!(!select("local.get 1 i32.const 1 i32.eq"));
        assert!(!select("local.get 1"));
        assert!(!ModuleConstruct::SelectOnZeroTest.is_in(b"\0asm garbage"));
        // Zero once folded, as wasmi's translator folds it (the hour campaign of 2026-12-06).
        assert!(select(
            "i32.const 0 i32.const -2147483648 i32.add i32.const -1 i32.eq local.get 0 i32.eq"
        ));
        assert!(select("local.get 1 i64.const 7 i64.const 3 i64.lt_u i32.ne"));
        assert!(!select("local.get 1 i32.const 1 i32.const 0 i32.add i32.eq"));
        assert!(!select("i32.const 0 local.get 1 i32.add local.get 0 i32.eq"));
        // A remainder folded to zero (`rem_s(MAX, -1)`: the main job of 2026-12-06, seed 7, an
        // `isle` module); one that traps is not a constant.
        assert!(select("local.get 0 i32.const 2147483647 i32.const -1 i32.rem_s i32.eq"));
        assert!(select(
            "local.get 0 i32.const -2147483648 i32.const -1 i32.rem_s i32.ne"
        ));
        assert!(select(
            "local.get 0 i64.const 6 i64.const 7 i64.div_u i32.wrap_i64 i32.eq"
        ));
        assert!(!select("local.get 0 i32.const 0 i32.const 0 i32.rem_s i32.eq"));
        assert!(!select(
            "local.get 0 i32.const -2147483648 i32.const -1 i32.div_s i32.eq"
        ));
        assert!(!select("local.get 0 i32.const 7 i32.const 2 i32.rem_u i32.eq"));
    }

    #[test]
    fn the_constructs_of_the_split_entries_are_recognized() {
        let is_in = |c: ModuleConstruct, text: &str| c.is_in(&wat::parse_str(text).unwrap());
        let fill = "(module (memory 1) (func (memory.fill (i32.const 0) (i32.const 7) (i32.const 4))))";
        let table_grow = "(module (table 1 funcref) (func (drop (table.grow (ref.null func) (i32.const 1)))))";
        let grow = "(module (memory 1) (func (drop (memory.grow (i32.const 1)))))";
        let store = "(module (memory 1) (func (i32.store (i32.const 0) (i32.const 1))))";
        assert!(is_in(ModuleConstruct::BulkOperation, fill));
        assert!(is_in(ModuleConstruct::BulkOperation, table_grow));
        assert!(!is_in(ModuleConstruct::BulkOperation, grow));
        assert!(is_in(ModuleConstruct::MemoryGrow, grow));
        assert!(!is_in(ModuleConstruct::MemoryGrow, fill));
        let host = r#"(import "host" "log_i32" (func $log (param i32)))"#;
        let in_loop =
            format!("(module {host} (func (loop (block (call $log (i32.const 1)))) (call $log (i32.const 2))))");
        let after_loop = format!("(module {host} (func (loop (nop)) (call $log (i32.const 2))))");
        let own_in_loop = format!("(module {host} (func $f) (func (loop (call $f))))");
        assert!(is_in(ModuleConstruct::HostCallInLoop, &in_loop));
        assert!(!is_in(ModuleConstruct::HostCallInLoop, &after_loop));
        assert!(!is_in(ModuleConstruct::HostCallInLoop, &own_in_loop));
        let splat = "(module (memory 1) (func (drop (v128.load8_splat (i32.const 0)))))";
        assert!(is_in(ModuleConstruct::VectorLoadSplat, splat));
        assert!(!is_in(ModuleConstruct::VectorLoadSplat, store));
        assert!(is_in(
            ModuleConstruct::BrTable,
            "(module (func (block (br_table 0 0 (i32.const 0)))))"
        ));
        assert!(!is_in(ModuleConstruct::BrTable, fill));
        let v128_store = "(module (memory 1) (func (v128.store (i32.const 0) (v128.const i64x2 0 0))))";
        assert!(is_in(ModuleConstruct::VectorStore, v128_store));
        assert!(!is_in(ModuleConstruct::VectorStore, store));
        let second = "(module (memory 1) (memory 1) (func (i32.store 1 (i32.const 0) (i32.const 1))))";
        let size = "(module (memory 1) (memory 1) (func (drop (memory.size 1))))";
        assert!(is_in(ModuleConstruct::OtherMemoryAccess, second));
        assert!(is_in(ModuleConstruct::OtherMemoryAccess, size));
        assert!(!is_in(ModuleConstruct::OtherMemoryAccess, store));
        assert!(is_in(
            ModuleConstruct::ActiveDataSegment,
            r#"(module (memory 1) (data (i32.const 0) ""))"#
        ));
        assert!(!is_in(
            ModuleConstruct::ActiveDataSegment,
            r#"(module (memory 1) (data ""))"#
        ));
        assert!(!ModuleConstruct::ActiveDataSegment.is_in(b"\0asm garbage"));
        let active = "(module (table 1 funcref) (elem (i32.const 0) func))";
        assert!(is_in(ModuleConstruct::ActiveElementSegment, active));
        assert!(!is_in(ModuleConstruct::ActiveElementSegment, "(module (elem func))"));
        assert!(!is_in(
            ModuleConstruct::ActiveElementSegment,
            r#"(module (memory 1) (data (i32.const 0) ""))"#
        ));
        let copy = "(module (table 2 funcref) (func i32.const 0 i32.const 0 i32.const 0 table.copy))";
        assert!(is_in(ModuleConstruct::TableCopy, copy));
        assert!(!is_in(ModuleConstruct::TableCopy, active));
    }
}
