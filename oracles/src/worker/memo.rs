//! Memories rebuilt from the same patch are shared: when every engine of a module starts from the
//! same memory and changes it the same way, their snapshots hold one copy of its bytes, built once,
//! and the comparison tells them equal by pointer instead of byte by byte.

use std::cell::RefCell;
use std::sync::{Arc, Weak};

use serde_bytes::ByteBuf;

/// Rebuilt memories remembered per thread: about the memories of the last batch's steps that
/// changed, over all of its engines.
const REMEMBERED: usize = 64;

/// What a memory was rebuilt from.
struct Rebuilt {
    /// The memory the runs were applied to; `None` for zeros.
    base: Option<Weak<Vec<u8>>>,
    /// The memory's length, in bytes.
    len: usize,
    /// The runs applied.
    runs: Vec<(u64, ByteBuf)>,
    /// The result, while some snapshot holds it.
    result: Weak<Vec<u8>>,
}

thread_local! {
    static REBUILT: RefCell<Vec<Rebuilt>> = const { RefCell::new(Vec::new()) };
}

/// The memory of `len` bytes that `runs` applied to `base` (`None`: zeros) give, shared with an
/// earlier rebuild of the same runs on the same base (the same bytes, by pointer, still alive) on
/// this thread when there is one, else made by `build` and remembered.
pub(super) fn shared(
    base: Option<&Arc<Vec<u8>>>,
    len: usize,
    runs: &[(u64, ByteBuf)],
    build: impl FnOnce() -> Result<Vec<u8>, String>,
) -> Result<Arc<Vec<u8>>, String> {
    let same_base = |remembered: &Option<Weak<Vec<u8>>>| match (remembered, base) {
        (None, None) => true,
        (Some(weak), Some(base)) => weak.upgrade().is_some_and(|b| Arc::ptr_eq(&b, base)),
        _ => false,
    };
    let hit = REBUILT.with_borrow(|rebuilt| {
        rebuilt
            .iter()
            .filter(|r| r.len == len && r.runs == runs && same_base(&r.base))
            .find_map(|r| r.result.upgrade())
    });
    if let Some(bytes) = hit {
        return Ok(bytes);
    }
    let bytes = Arc::new(build()?);
    REBUILT.with_borrow_mut(|rebuilt| {
        rebuilt.retain(|r| r.result.strong_count() > 0);
        if rebuilt.len() >= REMEMBERED {
            rebuilt.remove(0);
        }
        rebuilt.push(Rebuilt {
            base: base.map(Arc::downgrade),
            len,
            runs: runs.to_vec(),
            result: Arc::downgrade(&bytes),
        });
    });
    Ok(bytes)
}
