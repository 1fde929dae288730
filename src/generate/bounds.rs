//! The sizes that bound a module's table and memory instructions, and operands that end at them:
//! strategy `edge` rewrites the indices and lengths of `table.copy/init/fill/get/set` and
//! `memory.copy/fill/init` so that an access ends exactly at the current size of its table,
//! memory or segment, one before it or one past it, where an off-by-one bound check shows.
//!
//! The current size is taken as the declared one: a table's or memory's minimum (imported or
//! defined), an element segment's item count, a data segment's byte length. A module that grew a
//! table or dropped a segment before the access moves the bound; the operands still sit next to
//! the declared one.

use rand::Rng;
use wasmparser::{ElementItems, Parser, Payload, RefType, Validator, WasmFeatures};

/// A table of the module, imported or defined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TableSize {
    /// Its minimum size, in elements.
    pub min: u64,
    /// Whether it is indexed by `i64` (table64).
    pub table64: bool,
    /// The type of its elements.
    pub element: RefType,
}

/// A memory of the module, imported or defined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemorySize {
    /// Its minimum size, in bytes (pages of its page size).
    pub min_bytes: u64,
    /// Whether it is indexed by `i64` (memory64).
    pub memory64: bool,
}

/// The declared sizes of a module's tables, memories and segments, in index order, and the
/// parameter count of each defined function (in code-section order).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sizes {
    /// Every table, imported ones first.
    pub tables: Vec<TableSize>,
    /// Every memory, imported ones first.
    pub memories: Vec<MemorySize>,
    /// The number of items of each element segment.
    pub elements: Vec<u64>,
    /// The number of bytes of each data segment.
    pub data: Vec<u64>,
    /// The number of parameters of each defined function, in code-section order.
    pub params: Vec<u32>,
}

impl Sizes {
    /// The sizes of `wasm`, validated with every feature wasmparser knows. A module that does not
    /// validate gives empty sizes (no table, memory or segment), so nothing is rewritten.
    pub fn of(wasm: &[u8]) -> Sizes {
        Sizes::read(wasm).unwrap_or_default()
    }

    fn read(wasm: &[u8]) -> wasmparser::Result<Sizes> {
        let types = Validator::new_with_features(WasmFeatures::all()).validate_all(wasm)?;
        let types = types.as_ref();
        let mut sizes = Sizes {
            tables: (0..types.table_count())
                .map(|i| {
                    let t = types.table_at(i);
                    TableSize {
                        min: t.initial,
                        table64: t.table64,
                        element: t.element_type,
                    }
                })
                .collect(),
            memories: (0..types.memory_count())
                .map(|i| {
                    let m = types.memory_at(i);
                    let page = m.page_size_log2.map_or(65536u64, |log2| 1 << log2);
                    MemorySize {
                        min_bytes: m.initial.saturating_mul(page),
                        memory64: m.memory64,
                    }
                })
                .collect(),
            ..Sizes::default()
        };
        let mut bodies = 0u32;
        for payload in Parser::new(0).parse_all(wasm) {
            match payload? {
                Payload::ElementSection(section) => {
                    for element in section {
                        sizes.elements.push(match element?.items {
                            ElementItems::Functions(items) => u64::from(items.count()),
                            ElementItems::Expressions(_, items) => u64::from(items.count()),
                        });
                    }
                }
                Payload::DataSection(section) => {
                    for data in section {
                        sizes.data.push(data?.data.len() as u64);
                    }
                }
                Payload::CodeSectionStart { count, .. } => bodies = count,
                _ => {}
            }
        }
        let first_defined = types.function_count().saturating_sub(bodies);
        sizes.params = (first_defined..types.function_count())
            .map(|f| types[types.core_function_at(f)].unwrap_func().params().len() as u32)
            .collect();
        Ok(sizes)
    }
}

/// Where an access bounded by `size` units ends: `size - 1` (the last unit in bounds; `size` when
/// that is 0), `size` (exactly at the end) or `size + 1` (one past it), each a third of the time.
/// As a table index (`table.get/set`): the last element, the first out of bounds, the next one.
pub fn end_near(rng: &mut impl Rng, size: u64) -> u64 {
    match rng.random_range(0..3) {
        0 => size.saturating_sub(1),
        1 => size,
        _ => size.saturating_add(1),
    }
}

/// The operands `(dst, src, len)` of a copy or init from a source of `src_size` units into a
/// destination of `dst_size`: on one side, chosen at random, the access ends at [`end_near`] its
/// bound; `len` is 0, 1, half that end or all of it; the other side starts at 0 or ends exactly
/// at its own bound (at 0 when `len` is longer).
pub fn span(rng: &mut impl Rng, dst_size: u64, src_size: u64) -> (u64, u64, u64) {
    let on_dst = rng.random_bool(0.5);
    let (bound, other) = if on_dst {
        (dst_size, src_size)
    } else {
        (src_size, dst_size)
    };
    let end = end_near(rng, bound);
    let len = [0, 1, end / 2, end][rng.random_range(0..4)].min(end);
    let at = end - len;
    let other_at = if rng.random_bool(0.5) {
        0
    } else {
        other.saturating_sub(len)
    };
    if on_dst {
        (at, other_at, len)
    } else {
        (other_at, at, len)
    }
}

/// The operands `(start, len)` of a fill of a table or memory of `size` units: as the destination
/// of [`span`], its end at [`end_near`] the size.
pub fn range(rng: &mut impl Rng, size: u64) -> (u64, u64) {
    let end = end_near(rng, size);
    let len = [0, 1, end / 2, end][rng.random_range(0..4)].min(end);
    (end - len, len)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn sizes_are_read_from_declarations_imports_and_segments() {
        let wasm = wat::parse_str(
            r#"(module
              (import "m" "t" (table 4 funcref))
              (table 7 10 externref)
              (memory 2 3)
              (func $f (param i32 i64))
              (func)
              (elem func $f $f $f)
              (data "abcde"))"#,
        )
        .unwrap();
        let sizes = Sizes::of(&wasm);
        assert_eq!(sizes.tables.iter().map(|t| t.min).collect::<Vec<_>>(), [4, 7]);
        assert_eq!(
            sizes.memories,
            [MemorySize {
                min_bytes: 2 * 65536,
                memory64: false
            }]
        );
        assert_eq!(sizes.elements, [3]);
        assert_eq!(sizes.data, [5]);
        assert_eq!(sizes.params, [2, 0]);
    }

    #[test]
    fn a_span_ends_before_at_or_past_one_bound_and_covers_all_three() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let mut ends = std::collections::BTreeSet::new();
        for _ in 0..200 {
            let (d, s, n) = span(&mut rng, 10, 4);
            let at_dst = [9, 10, 11].contains(&(d + n));
            let at_src = [3, 4, 5].contains(&(s + n));
            assert!(at_dst || at_src, "({d}, {s}, {n}) ends near no bound");
            if at_dst {
                ends.insert(d + n);
            }
        }
        assert_eq!(ends.into_iter().collect::<Vec<_>>(), [9, 10, 11]);
    }
}
