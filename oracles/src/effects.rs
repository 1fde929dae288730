//! Which exported functions cannot change an instance's memories, found from the module's code: the
//! state after a call of one of them is the state before it, so a run need not read its memories
//! again (see [`crate::driver`]).

use std::collections::BTreeSet;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use wasmparser::{ElementItems, ExternalKind, Operator, OperatorsReader, Parser, Payload, TypeRef};

use crate::host_funcs::{CALLBACK, HOST_MODULE};

/// The binary prefix of the threads proposal's atomic instructions. Every one of them is counted
/// as a write: most store or read-modify-write, and the rest are rare.
const ATOMIC_PREFIX: u8 = 0xfe;

/// The exported functions of a module whose calls cannot change the contents or the size of any
/// of its memories, by a conservative reading of its code: a function is a writer when it, or a
/// function it may call, holds a store, `memory.grow`, `fill`, `copy`, `init` or `discard`, or
/// an atomic instruction, or calls the host's `call_back` (which calls back into Wasm). An
/// indirect call (`call_indirect`, `call_ref` and their tail forms) may call any function whose
/// reference the module takes (element segments, `ref.func`). Host functions other than
/// `call_back` never touch memory ([`crate::host`]).
///
/// The empty set (the [`Default`], and what a module that does not parse gives) claims nothing:
/// every call's memories are read. A clone shares the names (each execution of a module carries
/// one); on the wire they travel as a plain set of names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReadOnlyExports {
    names: Arc<BTreeSet<String>>,
}

impl Serialize for ReadOnlyExports {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.names.serialize(s)
    }
}

impl<'de> Deserialize<'de> for ReadOnlyExports {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ReadOnlyExports, D::Error> {
        BTreeSet::deserialize(d).map(|names| ReadOnlyExports { names: Arc::new(names) })
    }
}

impl ReadOnlyExports {
    /// The read-only exports of `wasm`; none when it does not parse.
    pub fn of(wasm: &[u8]) -> ReadOnlyExports {
        analyze(wasm).unwrap_or_default()
    }

    /// Whether a call of the exported function `export` cannot change any memory.
    pub fn contains(&self, export: &str) -> bool {
        self.names.contains(export)
    }
}

/// What one defined function does itself.
#[derive(Default)]
struct Body {
    writes: bool,
    calls: Vec<u32>,
    indirect: bool,
}

/// The analysis; `Err` when the module does not parse.
fn analyze(wasm: &[u8]) -> wasmparser::Result<ReadOnlyExports> {
    let mut imported_writers: Vec<bool> = Vec::new();
    let mut exports: Vec<(&str, u32)> = Vec::new();
    let mut taken: BTreeSet<u32> = BTreeSet::new();
    let mut bodies: Vec<Body> = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        match payload? {
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    let import = import?;
                    if matches!(import.ty, TypeRef::Func(_) | TypeRef::FuncExact(_)) {
                        imported_writers.push(import.module == HOST_MODULE && import.name == CALLBACK);
                    }
                }
            }
            Payload::ExportSection(reader) => {
                for export in reader {
                    let export = export?;
                    if export.kind == ExternalKind::Func {
                        exports.push((export.name, export.index));
                    }
                }
            }
            Payload::GlobalSection(reader) => {
                for global in reader {
                    scan(
                        wasm,
                        global?.init_expr.get_operators_reader(),
                        &mut Body::default(),
                        &mut taken,
                    )?;
                }
            }
            Payload::ElementSection(reader) => {
                for element in reader {
                    match element?.items {
                        ElementItems::Functions(indices) => {
                            for index in indices {
                                taken.insert(index?);
                            }
                        }
                        ElementItems::Expressions(_, exprs) => {
                            for expr in exprs {
                                scan(wasm, expr?.get_operators_reader(), &mut Body::default(), &mut taken)?;
                            }
                        }
                    }
                }
            }
            Payload::CodeSectionEntry(body) => {
                let mut found = Body::default();
                scan(wasm, body.get_operators_reader()?, &mut found, &mut taken)?;
                bodies.push(found);
            }
            _ => {}
        }
    }
    let imports = imported_writers.len();
    let mut writer: Vec<bool> = imported_writers;
    writer.extend(bodies.iter().map(|b| b.writes));
    // Spread "writes" to callers until nothing changes; each round marks at least one more
    // function, so this ends within one round per function.
    loop {
        let any_taken_writes = taken.iter().any(|&f| writer.get(f as usize).copied().unwrap_or(true));
        let mut changed = false;
        for (i, body) in bodies.iter().enumerate() {
            let f = imports + i;
            if writer[f] {
                continue;
            }
            let calls_writer = body
                .calls
                .iter()
                .any(|&c| writer.get(c as usize).copied().unwrap_or(true));
            if calls_writer || (body.indirect && any_taken_writes) {
                writer[f] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let names = exports
        .into_iter()
        .filter(|&(_, f)| !writer.get(f as usize).copied().unwrap_or(true))
        .map(|(name, _)| name.to_string())
        .collect();
    Ok(ReadOnlyExports { names: Arc::new(names) })
}

/// Records in `body` what the operators of `reader` (within `wasm`) do to memory and whom they
/// call, and in `taken` the functions whose references they take.
fn scan(
    wasm: &[u8],
    mut reader: OperatorsReader<'_>,
    body: &mut Body,
    taken: &mut BTreeSet<u32>,
) -> wasmparser::Result<()> {
    while !reader.eof() {
        let (op, offset) = reader.read_with_offset()?;
        if wasm.get(offset as usize) == Some(&ATOMIC_PREFIX) {
            body.writes = true;
            continue;
        }
        match op {
            Operator::Call { function_index } | Operator::ReturnCall { function_index } => {
                body.calls.push(function_index)
            }
            Operator::CallIndirect { .. }
            | Operator::ReturnCallIndirect { .. }
            | Operator::CallRef { .. }
            | Operator::ReturnCallRef { .. } => body.indirect = true,
            Operator::RefFunc { function_index } => {
                taken.insert(function_index);
            }
            Operator::I32Store { .. }
            | Operator::I64Store { .. }
            | Operator::F32Store { .. }
            | Operator::F64Store { .. }
            | Operator::I32Store8 { .. }
            | Operator::I32Store16 { .. }
            | Operator::I64Store8 { .. }
            | Operator::I64Store16 { .. }
            | Operator::I64Store32 { .. }
            | Operator::V128Store { .. }
            | Operator::V128Store8Lane { .. }
            | Operator::V128Store16Lane { .. }
            | Operator::V128Store32Lane { .. }
            | Operator::V128Store64Lane { .. }
            | Operator::MemoryGrow { .. }
            | Operator::MemoryFill { .. }
            | Operator::MemoryCopy { .. }
            | Operator::MemoryInit { .. }
            | Operator::MemoryDiscard { .. } => body.writes = true,
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_only(wat: &str) -> Vec<String> {
        let wasm = wat::parse_str(wat).unwrap();
        ReadOnlyExports::of(&wasm).names.iter().cloned().collect()
    }

    #[test]
    fn writers_and_their_callers_are_not_read_only() {
        let found = read_only(
            r#"(module
                (import "host" "log_i32" (func $log (param i32)))
                (import "host" "call_back" (func $back (param i32) (result i32)))
                (memory 1)
                (func $store (export "store") (i32.store (i32.const 0) (i32.const 1)))
                (func $grow (export "grow") (drop (memory.grow (i32.const 1))))
                (func (export "calls_store") (call $store))
                (func (export "tail_calls_store") (return_call $store))
                (func (export "load") (result i32) (i32.load (i32.const 0)))
                (func (export "logs") (call $log (i32.const 1)))
                (func (export "calls_back") (drop (call $back (i32.const 1))))
                (func (export "atomic") (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1))))
                (func (export "fill") (memory.fill (i32.const 0) (i32.const 0) (i32.const 1)))
                (export "log" (func $log)))"#,
        );
        assert_eq!(found, ["load", "log", "logs"]);
    }

    #[test]
    fn an_indirect_call_may_reach_any_function_whose_reference_is_taken() {
        let module = |taken: &str| {
            format!(
                r#"(module
                    (type $t (func))
                    (memory 1)
                    (table 2 funcref)
                    (func $pure)
                    (func $store (i32.store (i32.const 0) (i32.const 1)))
                    (elem (i32.const 0) func {taken})
                    (func (export "indirect") (call_indirect (type $t) (i32.const 0)))
                    (func (export "pure") (call $pure)))"#
            )
        };
        assert_eq!(read_only(&module("$pure")), ["indirect", "pure"]);
        assert_eq!(read_only(&module("$pure $store")), ["pure"]);
        let by_ref = r#"(module
            (memory 1)
            (func $store (i32.store (i32.const 0) (i32.const 1)))
            (elem declare func $store)
            (func (export "indirect") (call_ref $t (ref.func $store)))
            (type $t (func)))"#;
        assert_eq!(read_only(by_ref), Vec::<String>::new());
    }

    #[test]
    fn a_module_that_does_not_parse_claims_nothing() {
        assert_eq!(
            ReadOnlyExports::of(b"\0asm\x01\0\0\0\x07\x05"),
            ReadOnlyExports::default()
        );
    }
}
