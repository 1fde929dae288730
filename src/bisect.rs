//! Bisection: which Wasmtime release (or commit of a checkout) introduced a finding. The finding's
//! module and plan are replayed with its Wasmtime engines taken from builds of the range (their
//! workers built by `scripts/build-worker.sh` when missing, see [`crate::engines::other_builds`]); the wasmi
//! oracle stays the harness's. A build reproduces the finding when the engines diverge in the
//! same class with the same breaking engines, labels aside (in the same class, for a finding that
//! names no breaking engines).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use crosscheck_oracles::naming::{self, WASMI};
use crosscheck_oracles::{CallPlan, Engine};

use crate::compare::{Verdict, cause};
use crate::engines::{EngineSet, Isolation};
use crate::execute::{self, Concurrency};
use crate::finding::Finding;

/// The script that builds workers, in this source tree.
pub fn build_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/build-worker.sh")
}

/// One build of the range: its label and the `build-worker.sh` arguments that build it.
#[derive(Clone, Debug)]
pub struct Candidate {
    /// The label its engines take (`48.0.8`, `local-0123456789ab`).
    pub label: String,
    /// What `build-worker.sh` is given (`--wasmtime 48.0.8`, `--wasmtime-path DIR`).
    pub build_args: Vec<String>,
}

/// The published wasmtime releases from `from` to `to` (ends included), oldest first, read from
/// the crates.io index by `build-worker.sh --list-releases`.
///
/// # Errors
///
/// When the index cannot be read, or the range holds no release.
pub fn releases(from: &str, to: &str) -> Result<Vec<Candidate>> {
    let out = Command::new(build_script())
        .args(["--list-releases", "wasmtime", &format!("{from}..{to}")])
        .output()
        .context("cannot run scripts/build-worker.sh")?;
    if !out.status.success() {
        bail!("{}", String::from_utf8_lossy(&out.stderr).trim());
    }
    let found: Vec<Candidate> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|v| Candidate {
            label: v.trim().to_string(),
            build_args: vec!["--wasmtime".into(), v.trim().to_string()],
        })
        .collect();
    if found.is_empty() {
        bail!("no published wasmtime release between {from} and {to}");
    }
    Ok(found)
}

/// The commits of the Wasmtime checkout `checkout` from `from` to `to` (`from` first, then the
/// commits after it up to `to`, in order), each built from its own `git worktree` under `scratch`.
///
/// # Errors
///
/// When `checkout` is not a git checkout of Wasmtime or the range names no commit.
pub fn commits(checkout: &Path, from: &str, to: &str, scratch: &Path) -> Result<Vec<Candidate>> {
    if !checkout.join("crates/wasmtime/Cargo.toml").is_file() {
        bail!(
            "{} is not a Wasmtime checkout (no crates/wasmtime/Cargo.toml)",
            checkout.display()
        );
    }
    let git = |args: &[&str]| -> Result<String> {
        let out = Command::new("git").arg("-C").arg(checkout).args(args).output()?;
        if !out.status.success() {
            bail!(
                "git {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let mut ids = vec![git(&["rev-parse", from])?.trim().to_string()];
    ids.extend(
        git(&["rev-list", "--reverse", &format!("{from}..{to}")])?
            .lines()
            .map(str::to_string),
    );
    ids.into_iter()
        .map(|id| {
            let short = &id[..12.min(id.len())];
            let tree = scratch.join(short);
            if !tree.exists() {
                git(&["worktree", "add", "--detach", &tree.display().to_string(), &id])?;
            }
            Ok(Candidate {
                label: format!("local-{short}"),
                build_args: vec!["--wasmtime-path".into(), tree.display().to_string()],
            })
        })
        .collect()
}

/// Builds the worker of `candidate` for `target` (free when it is cached).
///
/// # Errors
///
/// When the build fails: the script's one-line error, which names the cargo log.
pub fn build(candidate: &Candidate, target: &str) -> Result<()> {
    let out = Command::new(build_script())
        .args(&candidate.build_args)
        .args(["--target", target])
        .output()
        .context("cannot run scripts/build-worker.sh")?;
    if !out.status.success() {
        bail!("{}", String::from_utf8_lossy(&out.stderr).trim());
    }
    Ok(())
}

/// What replaying a finding on one build gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Replayed {
    /// The engines diverge as the finding says.
    Reproduces,
    /// They agree, or diverge otherwise (the description says how).
    Differs(String),
}

/// The finding's engines with every Wasmtime engine taken from the build `label` (wasmi, the
/// oracle, stays the harness's).
pub fn engines_of_build(finding: &Finding, label: &str) -> Vec<String> {
    finding
        .meta
        .run_engines
        .iter()
        .map(|e| {
            let name = naming::unlabeled(&e.name);
            if cause::family(&name) == WASMI {
                name
            } else {
                naming::labeled(&name, label)
            }
        })
        .collect()
}

/// Replays `wasm` and `plan` on `engines` (one after the other) and says whether they diverge as
/// `finding` does: same class, same breaking engine families, labels aside.
///
/// # Errors
///
/// When an engine cannot be built (its worker missing or refused).
pub fn replay(
    finding: &Finding,
    (wasm, plan): (&[u8], &CallPlan),
    engines: &[String],
    isolation: &Isolation,
) -> Result<Replayed> {
    let set = EngineSet::from_list(&engines.join(","), isolation)?;
    let all: Vec<&dyn Engine> = set.engines().collect();
    let outcome = execute::run_with(&all, wasm, plan, Concurrency::Sequential);
    let families = |names: &[String]| {
        let mut f: Vec<String> = names
            .iter()
            .map(|n| cause::family(&naming::unlabeled(n)).into_owned())
            .collect();
        f.sort();
        f.dedup();
        f
    };
    // Findings recorded before root-cause signatures name no breaking engines: the class decides.
    let same_breakers = |d: &crate::compare::Divergence| {
        finding.meta.minority.is_empty() || families(&d.minority) == families(&finding.meta.minority)
    };
    Ok(match outcome.verdict {
        Verdict::Diverge(d) if d.class == finding.meta.class && same_breakers(&d) => Replayed::Reproduces,
        Verdict::Diverge(d) => Replayed::Differs(format!("diverges otherwise: {}", d.signature())),
        Verdict::Agree => Replayed::Differs("the engines agree".into()),
        Verdict::Discard(reason) => Replayed::Differs(format!("discarded ({reason})")),
    })
}

/// The result of a bisection over `candidates`, oldest first.
#[derive(Debug)]
pub struct Bisection {
    /// Each build tried, in the order tried, with what it gave.
    pub tried: Vec<(String, Replayed)>,
    /// The first build that reproduces the finding (`None`: not even the newest).
    pub first_bad: Option<String>,
    /// The last build before it that does not (`None`: the oldest already reproduces it).
    pub last_good: Option<String>,
}

/// Binary search for the first candidate on which `check` reproduces the finding, assuming every
/// later one does too: the newest first (it must reproduce), then the oldest, then halves.
///
/// # Errors
///
/// The first error of `check` (a failed build, an engine that cannot start).
pub fn search(candidates: &[Candidate], mut check: impl FnMut(&Candidate) -> Result<Replayed>) -> Result<Bisection> {
    let mut tried = Vec::new();
    let mut test = |i: usize, tried: &mut Vec<(String, Replayed)>| -> Result<bool> {
        let replayed = check(&candidates[i])?;
        let bad = replayed == Replayed::Reproduces;
        tried.push((candidates[i].label.clone(), replayed));
        Ok(bad)
    };
    let last = candidates.len() - 1;
    if !test(last, &mut tried)? {
        return Ok(Bisection {
            tried,
            first_bad: None,
            last_good: Some(candidates[last].label.clone()),
        });
    }
    if last == 0 || test(0, &mut tried)? {
        return Ok(Bisection {
            tried,
            first_bad: Some(candidates[0].label.clone()),
            last_good: None,
        });
    }
    let (mut good, mut bad) = (0, last);
    while bad - good > 1 {
        let mid = good + (bad - good) / 2;
        if test(mid, &mut tried)? {
            bad = mid;
        } else {
            good = mid;
        }
    }
    Ok(Bisection {
        tried,
        first_bad: Some(candidates[bad].label.clone()),
        last_good: Some(candidates[good].label.clone()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidates(n: usize) -> Vec<Candidate> {
        (0..n)
            .map(|i| Candidate {
                label: format!("{i}.0.0"),
                build_args: Vec::new(),
            })
            .collect()
    }

    fn bisect(n: usize, first_bad: usize) -> (Bisection, usize) {
        let mut checks = 0;
        let b = search(&candidates(n), |c| {
            checks += 1;
            let i: usize = c.label.split('.').next().unwrap().parse().unwrap();
            Ok(if i >= first_bad {
                Replayed::Reproduces
            } else {
                Replayed::Differs("agree".into())
            })
        })
        .unwrap();
        (b, checks)
    }

    #[test]
    fn the_search_finds_the_first_build_that_reproduces() {
        for n in 2..20 {
            for first in 1..n {
                let (b, checks) = bisect(n, first);
                assert_eq!(b.first_bad, Some(format!("{first}.0.0")), "{n} builds");
                assert_eq!(b.last_good, Some(format!("{}.0.0", first - 1)));
                assert!(
                    checks <= 2 + (n as f64).log2().ceil() as usize,
                    "{checks} checks of {n}"
                );
            }
        }
        let (b, _) = bisect(8, 0);
        assert_eq!((b.first_bad.as_deref(), b.last_good), (Some("0.0.0"), None));
        let (b, checks) = bisect(8, 99);
        assert_eq!((b.first_bad, b.last_good.as_deref(), checks), (None, Some("7.0.0"), 1));
    }
}
