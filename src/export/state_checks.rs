//! Observing a reproducer's exported memories and tables from a `.wast` script: a script can read
//! an exported global with `get`, but not a memory or a table, so each one gets a small checker
//! module that imports it from the registered reproducer and exports `size` (pages or elements, as
//! `i64`) and, for a memory, `digest`: the FNV-1a digest of its bytes, as the harness computes it
//! ([`crosscheck_oracles::outcome::fnv1a64`]).

use anyhow::{Context, Result};
use wasmparser::{ExternalKind, MemoryType, Parser, Payload, TableType, TypeRef};

/// The import module name the reproducer is registered under.
pub const REGISTERED_AS: &str = "reproducer";

/// An exported memory or table and its checker module.
pub struct Checker {
    /// The export name.
    pub export: String,
    /// The checker's script name, e.g. `$memory_0`.
    pub id: String,
    /// Whether it is a memory (else a table).
    pub memory: bool,
    /// The checker module in the text format.
    pub wat: String,
}

/// The checkers of every exported memory and table of `wasm` whose type a checker can import.
///
/// # Errors
///
/// When `wasm` cannot be parsed.
pub fn checkers(wasm: &[u8]) -> Result<Vec<Checker>> {
    checkers_of(wasm, REGISTERED_AS, "")
}

/// The checkers of a provider's memory and table: they import from the provider registered under
/// its module name, and their exports are named as snapshots name them (`provider.memory`).
///
/// # Errors
///
/// None for a provider, which parses; the error of [`checkers`] otherwise.
pub fn provider_checkers(p: &crosscheck_oracles::provider::Provider) -> Result<Vec<Checker>> {
    checkers_of(p.wasm(), p.name, p.name)
}

/// The checkers of `wasm` registered as `registered`; a non-empty `owner` prefixes their export
/// names (`owner.`) and their script names (`$owner_`).
fn checkers_of(wasm: &[u8], registered: &str, owner: &str) -> Result<Vec<Checker>> {
    let mut memories: Vec<MemoryType> = Vec::new();
    let mut tables: Vec<TableType> = Vec::new();
    let mut exports = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        match payload.context("cannot parse the reproducer")? {
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    match import?.ty {
                        TypeRef::Memory(m) => memories.push(m),
                        TypeRef::Table(t) => tables.push(t),
                        _ => {}
                    }
                }
            }
            Payload::MemorySection(reader) => {
                for m in reader {
                    memories.push(m?);
                }
            }
            Payload::TableSection(reader) => {
                for t in reader {
                    tables.push(t?.ty);
                }
            }
            Payload::ExportSection(reader) => {
                for e in reader {
                    let e = e?;
                    exports.push((e.name.to_string(), e.kind, e.index as usize));
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    let (id_prefix, name_prefix) = if owner.is_empty() {
        (String::new(), String::new())
    } else {
        (format!("{owner}_"), format!("{owner}."))
    };
    for (field_name, kind, index) in exports {
        let n = out.len();
        let field = super::literal::string(&field_name);
        let name = format!("{name_prefix}{field_name}");
        match kind {
            ExternalKind::Memory => {
                let m = &memories[index];
                let id = format!("${id_prefix}memory_{n}");
                out.push(Checker {
                    wat: memory_checker(&id, registered, &field, m),
                    export: name,
                    id,
                    memory: true,
                });
            }
            ExternalKind::Table => {
                let t = &tables[index];
                let Some(elements) = heap_type(t) else { continue };
                let id = format!("${id_prefix}table_{n}");
                let index_type = if t.table64 { "i64 " } else { "" };
                let size = if t.table64 {
                    "(table.size)"
                } else {
                    "(i64.extend_i32_u (table.size))"
                };
                out.push(Checker {
                    wat: format!(
                        "(module {id}\n  (import \"{registered}\" {field} (table {index_type}0 {elements}))\n  \
                         (func (export \"size\") (result i64) {size}))"
                    ),
                    export: name,
                    id,
                    memory: false,
                });
            }
            _ => {}
        }
    }
    Ok(out)
}

/// The element type of `t` when a checker can spell it: `funcref` or `externref`.
fn heap_type(t: &TableType) -> Option<&'static str> {
    if t.element_type == wasmparser::RefType::FUNCREF {
        Some("funcref")
    } else if t.element_type == wasmparser::RefType::EXTERNREF {
        Some("externref")
    } else {
        None
    }
}

fn memory_checker(id: &str, registered: &str, field: &str, m: &MemoryType) -> String {
    let index_type = if m.memory64 { "i64 " } else { "" };
    let page_size = m
        .page_size_log2
        .map(|l| format!(" (pagesize {})", 1u64 << l))
        .unwrap_or_default();
    let page_bytes = 1u64 << m.page_size_log2.unwrap_or(16);
    let shared = if m.shared { " 65536 shared" } else { "" };
    let (pages, address) = if m.memory64 {
        ("(memory.size)", "(local.get $i)")
    } else {
        ("(i64.extend_i32_u (memory.size))", "(i32.wrap_i64 (local.get $i))")
    };
    format!(
        "(module {id}
  (import \"{registered}\" {field} (memory {index_type}0{shared}{page_size}))
  (func (export \"size\") (result i64) {pages})
  (func (export \"digest\") (result i64) (local $i i64) (local $n i64) (local $h i64)
    (local.set $n (i64.mul {pages} (i64.const {page_bytes})))
    (local.set $h (i64.const 0xcbf29ce484222325))
    (block $done
      (loop $next
        (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
        (local.set $h (i64.mul (i64.xor (local.get $h) (i64.load8_u {address}))
                               (i64.const 0x100000001b3)))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br $next)))
    (local.get $h)))"
    )
}
