//! Reductions of known bugs' instances, so that what an entry absorbed can be counted in distinct
//! reduced modules as well as signatures ([`crate::known::Absorbed`]): with `--reduce`, the first
//! instance of each signature a known bug absorbs in a job is reduced like a new finding.

use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result};
use crosscheck_oracles::Engine;

use crate::finding::{Finding, FindingStore, NewFinding, Recorded};
use crate::reduce;

/// Reduces `finding`, an instance of a known bug recorded as `recorded` in `store`, on `engines`
/// within `budget`, and returns the reduced module; `None` when it does not reproduce. The known
/// bug's first instance (`known/NAME/`, `recorded` new) is reduced in place and keeps its
/// reduction; a later one is recorded in a scratch directory of the finding directory (named by
/// the process and `job`), removed afterwards.
///
/// # Errors
///
/// When the instance or its reduction cannot be written, read back or removed.
pub(super) fn reduce_instance(
    store: &FindingStore,
    recorded: &Recorded,
    finding: &NewFinding<'_>,
    engines: &[&dyn Engine],
    budget: Duration,
    (job, command_line): (usize, &[String]),
) -> Result<Option<Vec<u8>>> {
    if let Recorded::New(dir) = recorded {
        return reduce_at(dir, engines, budget, true);
    }
    let scratch = store
        .root()
        .join(format!(".known-reduction-{}-{job}", std::process::id()));
    let result = (|| {
        let Recorded::New(dir) = FindingStore::open(&scratch)?.record(finding, command_line)? else {
            return Ok(None);
        };
        reduce_at(&dir, engines, budget, false)
    })();
    std::fs::remove_dir_all(&scratch).with_context(|| format!("cannot remove {}", scratch.display()))?;
    result
}

/// Reduces the finding directory `dir`, writing the reduction there when `keep`.
fn reduce_at(dir: &Path, engines: &[&dyn Engine], budget: Duration, keep: bool) -> Result<Option<Vec<u8>>> {
    let finding = Finding::load(dir)?;
    let Ok(reduced) = reduce::reduce(&finding, engines, budget) else {
        return Ok(None);
    };
    if keep {
        reduce::write(dir, &reduced)?;
    }
    Ok(Some(reduced.wasm))
}
