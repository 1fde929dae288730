//! Bytes on the wire as the runs that differ from a base (an earlier copy of them, or zeros):
//! a memory after a step that changed a few of its bytes, a fresh memory, and a precompiled module,
//! whose sections Wasmtime aligns to the target's largest page (64 KiB on aarch64) so that a module
//! of a few KiB of code is a file of 200 to 270 KiB, nearly all zeros.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_bytes::ByteBuf;

use super::protocol::MAX_FRAME_BYTES;

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
/// `None` for zeros), adjacent changed chunks joined.
pub(super) fn diff(bytes: &[u8], base: Option<&[u8]>) -> Runs {
    let unchanged = |part: &[u8], start: usize| match base {
        Some(base) => crate::bytes::same(part, &base[start..start + part.len()]),
        None => crate::bytes::all_zero(part),
    };
    let mut runs: Runs = Vec::new();
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
            match runs.last_mut() {
                Some((offset, run)) if *offset as usize + run.len() == start => run.extend_from_slice(chunk),
                _ => runs.push((start as u64, ByteBuf::from(chunk))),
            }
        }
    }
    runs
}

/// Writes each of `runs` over `bytes` at its offset.
///
/// # Errors
///
/// When a run does not fit in `bytes`; some runs may have been written.
pub(super) fn apply(bytes: &mut [u8], runs: &[(u64, ByteBuf)]) -> Result<(), String> {
    let len = bytes.len();
    for (offset, run) in runs {
        let start = usize::try_from(*offset).unwrap_or(usize::MAX);
        let slot = start
            .checked_add(run.len())
            .and_then(|end| bytes.get_mut(start..end))
            .ok_or_else(|| format!("a run of {} bytes at {offset} does not fit in {len} bytes", run.len()))?;
        slot.copy_from_slice(run);
    }
    Ok(())
}

/// Mostly-zero bytes on the wire: their length and their runs that are not zeros.
#[derive(Serialize, Deserialize)]
struct Sparse {
    len: u64,
    runs: Runs,
}

/// `#[serde(with = "sparse")]` for an `Option<Vec<u8>>` of mostly zeros (a precompiled module):
/// sent as its length and its non-zero runs ([`diff`] against zeros), received whole. A length
/// over [`MAX_FRAME_BYTES`] or a run outside it is a decoding error.
pub(super) mod sparse {
    use super::*;

    /// Encodes `bytes` as its non-zero runs.
    ///
    /// # Errors
    ///
    /// As the serializer.
    pub fn serialize<S: Serializer>(bytes: &Option<Vec<u8>>, serializer: S) -> Result<S::Ok, S::Error> {
        let sparse = bytes.as_ref().map(|bytes| Sparse {
            len: bytes.len() as u64,
            runs: diff(bytes, None),
        });
        sparse.serialize(serializer)
    }

    /// Decodes bytes sent by [`serialize`].
    ///
    /// # Errors
    ///
    /// As the deserializer, and for a length over [`MAX_FRAME_BYTES`] or a run that does not fit.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Vec<u8>>, D::Error> {
        let Some(sparse) = Option::<Sparse>::deserialize(deserializer)? else {
            return Ok(None);
        };
        let len = usize::try_from(sparse.len)
            .ok()
            .filter(|&len| len <= MAX_FRAME_BYTES)
            .ok_or_else(|| D::Error::custom(format!("sparse bytes of {} bytes are too large", sparse.len)))?;
        let mut bytes = vec![0u8; len];
        apply(&mut bytes, &sparse.runs).map_err(D::Error::custom)?;
        Ok(Some(bytes))
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
    fn a_run_that_does_not_fit_is_an_error() {
        let mut bytes = vec![0u8; 8];
        assert!(apply(&mut bytes, &[(4, ByteBuf::from(vec![1; 4]))]).is_ok());
        assert_eq!(bytes, [0, 0, 0, 0, 1, 1, 1, 1]);
        assert!(apply(&mut bytes, &[(5, ByteBuf::from(vec![1; 4]))]).is_err());
        assert!(apply(&mut bytes, &[(u64::MAX, ByteBuf::from(vec![1]))]).is_err());
    }

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Carrier(#[serde(with = "sparse")] Option<Vec<u8>>);

    #[test]
    fn mostly_zero_bytes_travel_as_their_runs_and_come_back_whole() {
        let mut artifact = vec![0u8; 4 * 65536];
        artifact[..100].fill(0x7f);
        artifact[65536..65536 + 3000]
            .iter_mut()
            .enumerate()
            .for_each(|(i, b)| *b = i as u8);
        artifact[4 * 65536 - 1] = 9;
        let wire = postcard::to_allocvec(&Carrier(Some(artifact.clone()))).unwrap();
        assert!(wire.len() < 3300, "{} bytes on the wire", wire.len());
        let back: Carrier = postcard::from_bytes(&wire).unwrap();
        assert_eq!(back, Carrier(Some(artifact)));

        let none = postcard::to_allocvec(&Carrier(None)).unwrap();
        assert_eq!(postcard::from_bytes::<Carrier>(&none).unwrap(), Carrier(None));
    }

    #[test]
    fn sparse_bytes_that_claim_too_much_or_do_not_fit_do_not_decode() {
        let huge = postcard::to_allocvec(&Some(Sparse {
            len: MAX_FRAME_BYTES as u64 + 1,
            runs: Vec::new(),
        }))
        .unwrap();
        assert!(postcard::from_bytes::<Carrier>(&huge).is_err());
        let outside = postcard::to_allocvec(&Some(Sparse {
            len: 4,
            runs: vec![(2, ByteBuf::from(vec![1; 4]))],
        }))
        .unwrap();
        assert!(postcard::from_bytes::<Carrier>(&outside).is_err());
    }
}
