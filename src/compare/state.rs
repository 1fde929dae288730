//! Comparison of state snapshots: exported memories (size and bytes), globals, and tables (size and
//! elements).

use std::sync::Arc;

use crosscheck_oracles::elements::{self, Element};
use crosscheck_oracles::{MemoryState, StateSnapshot};

use super::{Class, StepDifference};

fn names(s: &StateSnapshot) -> Vec<&str> {
    let mut n: Vec<&str> = s.memories.iter().map(|m| &*m.export).collect();
    n.extend(s.globals.iter().map(|g| &*g.export));
    n.extend(s.tables.iter().map(|t| &*t.export));
    n
}

/// Bytes shown on each side of the first differing memory offset.
const WINDOW: usize = 16;

/// The first difference between two snapshots, or `None`. `agreed` holds the two snapshots of
/// the step before when they are known to be equal: a memory whose bytes neither engine changed
/// since (its snapshot shares them with the step before, see [`MemoryState::capture`]) is then
/// equal without a look at its bytes, which saves comparing every memory in full at every step.
pub fn compare_state(
    a: &StateSnapshot,
    b: &StateSnapshot,
    agreed: Option<(&StateSnapshot, &StateSnapshot)>,
) -> Option<StepDifference> {
    let diff = |key: String, detail: String| {
        Some(StepDifference {
            class: Class::State,
            key,
            detail,
        })
    };
    if names(a) != names(b) {
        return diff(
            "exports".into(),
            format!("exported state differs: {:?} / {:?}", names(a), names(b)),
        );
    }
    for (x, y) in a.memories.iter().zip(&b.memories) {
        let unchanged = |now: &MemoryState, before: &StateSnapshot| {
            before
                .memories
                .iter()
                .find(|m| m.export == now.export)
                .is_some_and(|m| m.pages == now.pages && Arc::ptr_eq(&m.bytes, &now.bytes))
        };
        if agreed.is_some_and(|(pa, pb)| unchanged(x, pa) && unchanged(y, pb)) {
            continue;
        }
        if let Some(d) = memory_difference(x, y) {
            return Some(d);
        }
    }
    for (x, y) in a.globals.iter().zip(&b.globals) {
        if !x.value.same_as(&y.value) {
            return diff(
                "global".into(),
                format!("global {:?}: {} / {}", x.export, x.value, y.value),
            );
        }
    }
    for (x, y) in a.tables.iter().zip(&b.tables) {
        if x.size != y.size {
            return diff(
                "table-size".into(),
                format!("table {:?} size: {} / {}", x.export, x.size, y.size),
            );
        }
        if let Some((index, p, q)) = elements::first_difference(&x.elements, &y.elements) {
            let show = |e: Option<Element>| e.map_or_else(|| "nothing recorded".to_string(), |e| e.to_string());
            return diff(
                "table-element".into(),
                format!("table {:?} element {index}: {} / {}", x.export, show(p), show(q)),
            );
        }
    }
    None
}

fn memory_difference(a: &MemoryState, b: &MemoryState) -> Option<StepDifference> {
    if a.pages == b.pages && Arc::ptr_eq(&a.bytes, &b.bytes) {
        return None;
    }
    if a.pages != b.pages || a.bytes.len() != b.bytes.len() {
        return Some(StepDifference {
            class: Class::State,
            key: "memory-size".into(),
            detail: format!(
                "memory {:?} size: {} pages ({} bytes) / {} pages ({} bytes)",
                a.export,
                a.pages,
                a.bytes.len(),
                b.pages,
                b.bytes.len()
            ),
        });
    }
    let offset = first_difference(&a.bytes, &b.bytes)?;
    let start = offset.saturating_sub(WINDOW);
    let end = (offset + WINDOW).min(a.bytes.len());
    Some(StepDifference {
        class: Class::State,
        key: "memory-bytes".into(),
        detail: format!(
            "memory {:?} first differs at offset {offset:#x}; bytes {start:#x}..{end:#x}: {} / {}",
            a.export,
            hex(&a.bytes[start..end]),
            hex(&b.bytes[start..end])
        ),
    })
}

/// The first index where `a` and `b` (of equal length) differ: one comparison of the whole when
/// they are equal (the common case), else 64-byte chunks first.
fn first_difference(a: &[u8], b: &[u8]) -> Option<usize> {
    if a == b {
        return None;
    }
    let chunk = a.chunks(64).zip(b.chunks(64)).position(|(x, y)| x != y)?;
    let base = chunk * 64;
    a[base..]
        .iter()
        .zip(&b[base..])
        .position(|(x, y)| x != y)
        .map(|i| base + i)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(memory: &Arc<Vec<u8>>) -> StateSnapshot {
        StateSnapshot {
            memories: vec![MemoryState {
                export: "m".into(),
                pages: 1,
                bytes: Arc::clone(memory),
            }],
            ..StateSnapshot::default()
        }
    }

    #[test]
    fn a_memory_that_one_engine_changed_since_an_agreed_step_is_compared_again() {
        let zeros = Arc::new(vec![0u8; 64]);
        let (before_a, before_b) = (snapshot(&zeros), snapshot(&Arc::new(vec![0u8; 64])));
        let mut changed = vec![0u8; 64];
        changed[9] = 1;
        let now_a = snapshot(&Arc::new(changed));
        let d = compare_state(&now_a, &before_b, Some((&before_a, &before_b))).unwrap();
        assert!(d.detail.contains("offset 0x9"), "{}", d.detail);
        assert_eq!(compare_state(&before_a, &before_b, Some((&before_a, &before_b))), None);
    }

    #[test]
    fn memories_neither_engine_changed_since_an_agreed_step_are_not_read_again() {
        // The caller's word that the step before agreed is taken: these bytes differ, and only a
        // comparison without it sees that.
        let (a, b) = (snapshot(&Arc::new(vec![1u8; 64])), snapshot(&Arc::new(vec![2u8; 64])));
        assert_eq!(compare_state(&a, &b, Some((&a, &b))), None);
        assert!(compare_state(&a, &b, None).is_some());
        let grown = StateSnapshot {
            memories: vec![MemoryState {
                pages: 2,
                ..a.memories[0].clone()
            }],
            ..a.clone()
        };
        assert!(
            compare_state(&grown, &b, Some((&a, &b))).is_some(),
            "a memory whose size changed is compared"
        );
    }

    #[test]
    fn a_table_element_that_differs_is_named_by_table_index_and_both_elements() {
        use crosscheck_oracles::{ElementRun, TableState};
        let table = |elements: &[(Element, u64)]| StateSnapshot {
            tables: vec![TableState {
                export: "t".into(),
                size: elements.iter().map(|(_, n)| n).sum(),
                elements: elements
                    .iter()
                    .map(|&(element, count)| ElementRun { element, count })
                    .collect(),
            }],
            ..StateSnapshot::default()
        };
        let a = table(&[(Element::Func(0), 2), (Element::Null, 3)]);
        let b = table(&[(Element::Func(0), 2), (Element::Func(1), 1), (Element::Null, 2)]);
        let d = compare_state(&a, &b, None).unwrap();
        assert_eq!(d.key, "table-element");
        assert_eq!(d.detail, r#"table "t" element 2: null / function #1"#);
        let c = table(&[(Element::Func(0), 2), (Element::Ref, 1), (Element::Null, 2)]);
        let d = compare_state(&b, &c, None).unwrap();
        assert_eq!(d.detail, r#"table "t" element 2: function #1 / a non-null reference"#);
        assert_eq!(compare_state(&a, &a.clone(), None), None);
    }

    #[test]
    fn reports_first_differing_offset_and_window() {
        let mut bytes = vec![0u8; 200];
        let a = MemoryState {
            export: "m".into(),
            pages: 1,
            bytes: Arc::new(bytes.clone()),
        };
        bytes[130] = 7;
        let b = MemoryState {
            export: "m".into(),
            pages: 1,
            bytes: Arc::new(bytes),
        };
        let d = memory_difference(&a, &b).unwrap();
        assert_eq!(d.key, "memory-bytes");
        assert!(d.detail.contains("offset 0x82"), "{}", d.detail);
        assert!(d.detail.contains("00 07 00"), "{}", d.detail);
        assert_eq!(memory_difference(&a, &a.clone()), None);
    }
}
