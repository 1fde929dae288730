//! Atomic writes: a file or directory is written under a temporary name and then renamed, so a
//! reader (or a crash) never sees a half-written finding. The temporaries a dead process left
//! behind are found by their names ([`leftovers`]) and removed when a store opens.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Context, Result};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// With the test doubles enabled (`crosscheck_oracles::doubles::ENABLE_VAR`), the environment
/// variable that makes a write fail as on a full disk: `NAME` fails every write of a file named
/// `NAME`, `NAME:N` only the `N`-th one (from 1) of this process.
pub const FAIL_WRITE_VAR: &str = "CROSSCHECK_TEST_FAIL_WRITE";

/// Writes of files named as [`FAIL_WRITE_VAR`] says, so far.
static NAMED_WRITES: AtomicU64 = AtomicU64::new(0);

/// A unique temporary name next to `target`: `.NAME.tmp-PID-N`.
pub fn temp_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    target.with_file_name(format!(".{name}.tmp-{}-{n}", std::process::id()))
}

/// Writes `bytes` to `path` in place (a file of a temporary directory that is renamed whole).
///
/// # Errors
///
/// When the file cannot be written, naming it.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    injected_failure(path)
        .map_or_else(|| std::fs::write(path, bytes), Err)
        .with_context(|| format!("cannot write {}", path.display()))
}

/// Writes `bytes` to `path` atomically (temporary file, then rename over `path`); the temporary
/// file is removed when that fails.
///
/// # Errors
///
/// When the temporary file cannot be written or renamed, naming `path`.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = temp_path(path);
    let written = injected_failure(&tmp)
        .map_or_else(|| std::fs::write(&tmp, bytes), Err)
        .and_then(|()| std::fs::rename(&tmp, path));
    if written.is_err() {
        std::fs::remove_file(&tmp).ok();
    }
    written.with_context(|| format!("cannot write {}", path.display()))
}

/// The failure [`FAIL_WRITE_VAR`] injects into this write of `path`, if any.
fn injected_failure(path: &Path) -> Option<std::io::Error> {
    if !crosscheck_oracles::doubles::enabled() {
        return None;
    }
    let spec = std::env::var(FAIL_WRITE_VAR).ok()?;
    let (name, nth) = match spec.split_once(':') {
        Some((name, n)) => (name.to_string(), n.parse::<u64>().ok()),
        None => (spec, None),
    };
    let file = path.file_name()?.to_string_lossy();
    let target = file
        .split_once(".tmp-")
        .map_or(&*file, |(stem, _)| stem.trim_start_matches('.'));
    if target != name {
        return None;
    }
    let count = NAMED_WRITES.fetch_add(1, Ordering::Relaxed) + 1;
    nth.is_none_or(|n| n == count)
        .then(|| std::io::Error::from_raw_os_error(libc::ENOSPC))
}

/// Takes the lock of the finding directory `dir` (its file `.lock`, created when missing),
/// waiting for another process that holds it; the lock is released when the file is dropped.
///
/// # Errors
///
/// When the lock file cannot be created or locked.
pub fn lock(dir: &Path) -> Result<File> {
    let path = dir.join(".lock");
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.lock().with_context(|| format!("cannot lock {}", path.display()))?;
    Ok(file)
}

/// A temporary file or directory of an unfinished write.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Leftover {
    /// Its path.
    pub path: PathBuf,
    /// The process that was writing it.
    pub pid: u32,
    /// Whether that process still runs (its write may be in progress).
    pub running: bool,
}

/// The temporaries under the finding directory `root`: in it, in `known/`, in each finding
/// directory and its `examples/` (not inside a temporary directory). Sorted by path.
pub fn leftovers(root: &Path) -> Vec<Leftover> {
    let mut found = Vec::new();
    walk(root, 4, &mut found);
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found
}

/// Removes the temporaries under `root` whose process is gone; returns them.
pub fn remove_dead_leftovers(root: &Path) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    for leftover in leftovers(root).into_iter().filter(|l| !l.running) {
        let gone = if leftover.path.is_dir() {
            std::fs::remove_dir_all(&leftover.path)
        } else {
            std::fs::remove_file(&leftover.path)
        };
        if gone.is_ok() {
            removed.push(leftover.path);
        }
    }
    removed
}

fn walk(dir: &Path, depth: usize, found: &mut Vec<Leftover>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if let Some(pid) = temp_pid(&entry.file_name().to_string_lossy()) {
            found.push(Leftover {
                path,
                pid,
                running: running(pid),
            });
        } else if depth > 1 && entry.file_type().is_ok_and(|t| t.is_dir()) {
            walk(&path, depth - 1, found);
        }
    }
}

/// The process id in a temporary name `.NAME.tmp-PID-N` ([`temp_path`]).
fn temp_pid(name: &str) -> Option<u32> {
    let (stem, tail) = name.rsplit_once(".tmp-")?;
    let (pid, n) = tail.split_once('-')?;
    n.parse::<u64>().ok()?;
    (stem.starts_with('.') && stem.len() > 1).then_some(())?;
    pid.parse().ok()
}

/// Whether process `pid` exists (it may belong to another user).
fn running(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only checks that the process exists.
    let exists = unsafe { libc::kill(pid, 0) } == 0;
    exists || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_give_their_process() {
        let tmp = temp_path(Path::new("/out/crash--winch-x64--x"));
        let name = tmp.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(temp_pid(&name), Some(std::process::id()));
        assert_eq!(temp_pid(".finding.json.tmp-12-3"), Some(12));
        for other in ["crash--winch-x64--x", ".lock", ".x.tmp-12", "x.tmp-12-3", ".x.tmp-a-3"] {
            assert_eq!(temp_pid(other), None, "{other}");
        }
    }

    #[test]
    fn leftovers_of_dead_processes_are_removed_and_live_ones_kept() {
        let root = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let finding = root.path().join("crash--a");
        std::fs::create_dir_all(finding.join("examples")).unwrap();
        let dead_dir = root.path().join(format!(".crash--b.tmp-{dead}-0"));
        std::fs::create_dir(&dead_dir).unwrap();
        std::fs::write(dead_dir.join("module.wasm"), b"").unwrap();
        let dead_file = finding.join(format!(".finding.json.tmp-{dead}-1"));
        std::fs::write(&dead_file, b"{").unwrap();
        let live = finding
            .join("examples")
            .join(format!(".2.tmp-{}-2", std::process::id()));
        std::fs::create_dir(&live).unwrap();
        let found = leftovers(root.path());
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found.iter().filter(|l| l.running).count(), 1, "{found:?}");
        let mut removed = remove_dead_leftovers(root.path());
        removed.sort();
        assert_eq!(removed, vec![dead_dir.clone(), dead_file.clone()]);
        assert!(!dead_dir.exists() && !dead_file.exists() && live.exists());
    }
}
