//! Comparison of state snapshots: exported memories (size and bytes), globals and table sizes.

use crosscheck_oracles::{MemoryState, StateSnapshot};

use super::{Class, StepDifference};

fn names(s: &StateSnapshot) -> Vec<&str> {
    let mut n: Vec<&str> = s.memories.iter().map(|m| m.export.as_str()).collect();
    n.extend(s.globals.iter().map(|g| g.export.as_str()));
    n.extend(s.tables.iter().map(|t| t.export.as_str()));
    n
}

/// Bytes shown on each side of the first differing memory offset.
const WINDOW: usize = 16;

/// The first difference between two snapshots, or `None`.
pub fn compare_state(a: &StateSnapshot, b: &StateSnapshot) -> Option<StepDifference> {
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
    }
    None
}

fn memory_difference(a: &MemoryState, b: &MemoryState) -> Option<StepDifference> {
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
    use std::sync::Arc;

    use super::*;

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
