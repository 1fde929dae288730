//! Bytes on the wire as the runs that differ from a base (an earlier copy of them, or zeros):
//! a memory after a step that changed a few of its bytes, a fresh memory, and a precompiled module,
//! whose sections Wasmtime aligns to the target's largest page (64 KiB on aarch64) so that a module
//! of a few KiB of code is a file of 200 to 270 KiB, nearly all zeros.

use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;

/// The longest bytes a [`Sparse`] expands to, in bytes (1 GiB): a length beyond that is a
/// garbled frame, refused when it is decoded, before anything is allocated for it.
pub(super) const MAX_EXPANDED_BYTES: usize = 1 << 30;

/// Granularity of runs, in bytes: bytes are compared with the base in chunks of this size, and a
/// changed chunk travels whole.
pub(super) const CHUNK_BYTES: usize = 64;

/// Bytes compared at once before a block that differs is looked at chunk by chunk: most of a
/// memory is as it was, and one comparison of a block costs less than 64 of its chunks.
pub(super) const BLOCK_BYTES: usize = 4096;

/// `(offset, bytes)` runs in increasing offset order; the bytes travel as one block each, not
/// byte by byte (`serde_bytes`).
pub type Runs = Vec<(u64, ByteBuf)>;

/// The runs of `bytes` whose [`CHUNK_BYTES`] chunks differ from `base` (of the same length;
/// `None` for zeros), adjacent changed chunks joined. Each run is copied once, when its end is
/// known: growing it chunk by chunk cost a reallocation every few chunks.
pub(super) fn diff(bytes: &[u8], base: Option<&[u8]>) -> Runs {
    let unchanged = |part: &[u8], start: usize| match base {
        Some(base) => crate::bytes::same(part, &base[start..start + part.len()]),
        None => crate::bytes::all_zero(part),
    };
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for (b, block) in bytes.chunks(BLOCK_BYTES).enumerate() {
        let block_start = b * BLOCK_BYTES;
        if unchanged(block, block_start) {
            continue;
        }
        for (k, chunk) in block.chunks(CHUNK_BYTES).enumerate() {
            let start = block_start + k * CHUNK_BYTES;
            if unchanged(chunk, start) {
                continue;
            }
            let end = start + chunk.len();
            match spans.last_mut() {
                Some((_, last_end)) if *last_end == start => *last_end = end,
                _ => spans.push((start, end)),
            }
        }
    }
    spans
        .into_iter()
        .map(|(start, end)| (start as u64, ByteBuf::from(&bytes[start..end])))
        .collect()
}

/// Checks that each of `runs` fits in `len` bytes.
///
/// # Errors
///
/// The first run that does not fit.
fn fit(len: usize, runs: &[(u64, ByteBuf)]) -> Result<(), String> {
    for (offset, run) in runs {
        let fits = usize::try_from(*offset)
            .ok()
            .and_then(|start| start.checked_add(run.len()))
            .is_some_and(|end| end <= len);
        if !fits {
            return Err(format!(
                "a run of {} bytes at {offset} does not fit in {len} bytes",
                run.len()
            ));
        }
    }
    Ok(())
}

/// Writes each of `runs` over `bytes` at its offset.
///
/// # Errors
///
/// When a run does not fit in `bytes`; nothing is written then.
pub(super) fn apply(bytes: &mut [u8], runs: &[(u64, ByteBuf)]) -> Result<(), String> {
    fit(bytes.len(), runs)?;
    for (offset, run) in runs {
        let start = *offset as usize;
        bytes[start..start + run.len()].copy_from_slice(run);
    }
    Ok(())
}

/// Mostly-zero bytes (a precompiled module) as their length and their runs that are not zeros
/// ([`diff`] against zeros): 6.4 KiB on the wire on average for the 200 to 270 KiB aarch64
/// modules of `crosscheck bench`. The worker expands them into a buffer it keeps
/// ([`Sparse::expand_into`]): a fresh allocation of that size per module cost an emulated worker
/// about 0.1 ms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "SparseWire")]
pub struct Sparse {
    len: u64,
    runs: Runs,
}

/// [`Sparse`] as decoded, before its runs are checked against its length.
#[derive(Deserialize)]
struct SparseWire {
    len: u64,
    runs: Runs,
}

impl TryFrom<SparseWire> for Sparse {
    type Error = String;

    fn try_from(wire: SparseWire) -> Result<Sparse, String> {
        let len = usize::try_from(wire.len)
            .ok()
            .filter(|&len| len <= MAX_EXPANDED_BYTES)
            .ok_or_else(|| format!("sparse bytes of {} bytes are too large", wire.len))?;
        fit(len, &wire.runs)?;
        Ok(Sparse {
            len: wire.len,
            runs: wire.runs,
        })
    }
}

impl Sparse {
    /// `bytes` as their length and their non-zero runs.
    pub fn of(bytes: &[u8]) -> Sparse {
        Sparse {
            len: bytes.len() as u64,
            runs: diff(bytes, None),
        }
    }

    /// The bytes whole, written into `buffer` (whose capacity is kept for the next ones).
    pub fn expand_into<'a>(&self, buffer: &'a mut Vec<u8>) -> &'a [u8] {
        buffer.clear();
        buffer.resize(self.len as usize, 0);
        apply(buffer, &self.runs).expect("the runs fit: checked when they were made or decoded");
        buffer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_chunks_on_both_sides_of_a_block_boundary_make_one_run() {
        let base = vec![3u8; 3 * BLOCK_BYTES + 10];
        let mut now = base.clone();
        now[BLOCK_BYTES - 1] = 0;
        now[BLOCK_BYTES] = 0;
        now[3 * BLOCK_BYTES + 9] = 0;
        let runs = diff(&now, Some(&base));
        let spans: Vec<(u64, usize)> = runs.iter().map(|(o, r)| (*o, r.len())).collect();
        let boundary = (BLOCK_BYTES - CHUNK_BYTES) as u64;
        assert_eq!(
            spans,
            vec![(boundary, 2 * CHUNK_BYTES), ((3 * BLOCK_BYTES) as u64, 10)],
            "the two chunks at the boundary joined, the short last chunk whole"
        );
        assert_eq!(runs[0].1[CHUNK_BYTES - 1], 0);
        let zeros = diff(&now, None);
        assert_eq!(zeros.len(), 1, "against zeros every chunk differs");
        assert_eq!(zeros[0], (0, ByteBuf::from(now.clone())));
        assert!(diff(&base, Some(&base)).is_empty());
    }

    #[test]
    fn a_run_that_does_not_fit_is_an_error_and_writes_nothing() {
        let mut bytes = vec![0u8; 8];
        assert!(apply(&mut bytes, &[(4, ByteBuf::from(vec![1; 4]))]).is_ok());
        assert_eq!(bytes, [0, 0, 0, 0, 1, 1, 1, 1]);
        let runs = [(0, ByteBuf::from(vec![2])), (5, ByteBuf::from(vec![1; 4]))];
        assert!(apply(&mut bytes, &runs).is_err());
        assert_eq!(bytes, [0, 0, 0, 0, 1, 1, 1, 1], "nothing written");
        assert!(apply(&mut bytes, &[(u64::MAX, ByteBuf::from(vec![1]))]).is_err());
    }

    #[test]
    fn mostly_zero_bytes_travel_as_their_runs_and_come_back_whole() {
        let mut artifact = vec![0u8; 4 * 65536];
        artifact[..100].fill(0x7f);
        artifact[65536..65536 + 3000]
            .iter_mut()
            .enumerate()
            .for_each(|(i, b)| *b = i as u8);
        artifact[4 * 65536 - 1] = 9;
        let wire = postcard::to_allocvec(&Sparse::of(&artifact)).unwrap();
        assert!(wire.len() < 3300, "{} bytes on the wire", wire.len());
        let back: Sparse = postcard::from_bytes(&wire).unwrap();
        let mut buffer = vec![0xaa; 10];
        assert_eq!(back.expand_into(&mut buffer), &artifact[..]);
        let small = Sparse::of(&[0, 0, 5]);
        assert_eq!(
            small.expand_into(&mut buffer),
            &[0, 0, 5],
            "a reused buffer holds only the new bytes"
        );
    }

    #[test]
    fn sparse_bytes_that_claim_too_much_or_do_not_fit_do_not_decode() {
        let huge = postcard::to_allocvec(&Sparse {
            len: MAX_EXPANDED_BYTES as u64 + 1,
            runs: Vec::new(),
        })
        .unwrap();
        assert!(postcard::from_bytes::<Sparse>(&huge).is_err());
        let outside = postcard::to_allocvec(&Sparse {
            len: 4,
            runs: vec![(2, ByteBuf::from(vec![1; 4]))],
        })
        .unwrap();
        assert!(postcard::from_bytes::<Sparse>(&outside).is_err());
    }
}
