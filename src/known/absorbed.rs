//! What each known bug absorbed: the divergences counted under an entry, how many distinct
//! signatures and distinct reduced modules they came from, which of them showed as a class the
//! entry does not list, and which matched only once reduced. An entry that absorbs many distinct
//! signatures is flagged for review: one root cause shows as a few.
//!
//! A campaign keeps these per job ([`crate::campaign::CampaignStats::known_notes`], written to
//! its `--stats` record) and adds them, at its end, to `known/NAME/absorbed.json` of its finding
//! directory ([`save`]), which `crosscheck findings --stale-known DIR` reads ([`load_all`]).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use super::{Match, Symptom};

/// The file of a known bug's directory (`known/NAME/`) that holds what it absorbed.
pub const FILE: &str = "absorbed.json";

/// Distinct signatures, or distinct reduced modules, an entry may absorb before it is flagged for
/// review: one root cause shows as a few signatures (a fuel bug as `fuel`, `host-calls` and a
/// `trap` out of fuel at most) and reduces to a few modules; many suggest an entry that hides
/// other bugs.
pub const REVIEW_SIGNATURES: usize = 4;

/// What one known bug absorbed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Absorbed {
    /// Divergences counted under the entry.
    #[serde(default)]
    pub divergences: u64,
    /// Those of a class the entry does not list (another symptom), by class name.
    #[serde(default)]
    pub other_classes: BTreeMap<String, u64>,
    /// Those whose original module matched no entry and whose reduction did.
    #[serde(default)]
    pub after_reduction: u64,
    /// The distinct signatures among them.
    #[serde(default)]
    pub signatures: BTreeSet<String>,
    /// The distinct reduced modules among them, FNV-1a digests in hexadecimal: the reductions
    /// that matched the entry (`fuzz --reduce`).
    #[serde(default)]
    pub reduced_modules: BTreeSet<String>,
}

impl Absorbed {
    /// Counts a divergence of signature `signature` that `found` matched, with the reduced
    /// module `reduced` that showed it, when there is one.
    pub fn note(&mut self, found: &Match<'_>, signature: &str, reduced: Option<&[u8]>) {
        self.divergences += 1;
        if let Symptom::Other(class) = found.symptom {
            *self.other_classes.entry(class.name().to_string()).or_default() += 1;
        }
        self.after_reduction += u64::from(found.after_reduction);
        if !self.signatures.contains(signature) {
            self.signatures.insert(signature.to_string());
        }
        if let Some(wasm) = reduced {
            let digest = format!("{:016x}", crosscheck_oracles::outcome::fnv1a64(wasm));
            self.reduced_modules.insert(digest);
        }
    }

    /// Adds what another job or run absorbed.
    pub fn merge(&mut self, other: Absorbed) {
        self.divergences += other.divergences;
        for (class, n) in other.other_classes {
            *self.other_classes.entry(class).or_default() += n;
        }
        self.after_reduction += other.after_reduction;
        self.signatures.extend(other.signatures);
        self.reduced_modules.extend(other.reduced_modules);
    }

    /// Whether the entry absorbed [`REVIEW_SIGNATURES`] distinct signatures or distinct reduced
    /// modules, or more.
    pub fn needs_review(&self) -> bool {
        self.signatures.len().max(self.reduced_modules.len()) >= REVIEW_SIGNATURES
    }

    /// The notes printed after a known bug's count, e.g. `; 2 distinct signatures, 1 distinct
    /// reduced module; trap 3 as another symptom; 1 matched after reduction`, and a review flag.
    pub fn describe(&self) -> String {
        let mut s = format!(
            "; {} distinct signatures, {} distinct reduced modules",
            self.signatures.len(),
            self.reduced_modules.len()
        );
        for (class, n) in &self.other_classes {
            let _ = write!(s, "; {class} {n} as another symptom");
        }
        if self.after_reduction > 0 {
            let _ = write!(s, "; {} matched after reduction", self.after_reduction);
        }
        if self.needs_review() {
            s.push_str("; REVIEW the entry: it absorbs many distinct signatures or reductions");
        }
        s
    }
}

/// The directory of known bug `name` in the finding directory `root`, as
/// `FindingStore::record_known` names it.
fn dir_of(root: &Path, name: &str) -> std::path::PathBuf {
    let safe: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '.' })
        .collect();
    root.join(crate::finding::KNOWN_DIR).join(safe)
}

/// Adds `notes` (by entry name) to the `absorbed.json` of each known bug's directory under the
/// finding directory `root`, creating the file where there is none; a known bug without a
/// directory (none of its instances recorded there) is skipped.
///
/// # Errors
///
/// When a file cannot be read, parsed or written.
pub fn save(root: &Path, notes: &BTreeMap<String, Absorbed>) -> Result<()> {
    for (name, absorbed) in notes {
        let dir = dir_of(root, name);
        if !dir.is_dir() {
            continue;
        }
        let path = dir.join(FILE);
        let mut total = load(&path)?.unwrap_or_default();
        total.merge(absorbed.clone());
        let tmp = dir.join(format!(".{FILE}.tmp-{}", std::process::id()));
        std::fs::write(&tmp, serde_json::to_vec_pretty(&total)?)
            .and_then(|()| std::fs::rename(&tmp, &path))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// What each known bug of the finding directory `root` absorbed, by directory name (the entry's
/// name): empty when `root` has no known bugs.
///
/// # Errors
///
/// When a directory or an `absorbed.json` cannot be read or parsed.
pub fn load_all(root: &Path) -> Result<BTreeMap<String, Absorbed>> {
    let known = root.join(crate::finding::KNOWN_DIR);
    let mut all = BTreeMap::new();
    if !known.is_dir() {
        return Ok(all);
    }
    for entry in std::fs::read_dir(&known).with_context(|| format!("cannot read {}", known.display()))? {
        let dir = entry?.path();
        if let Some(absorbed) = load(&dir.join(FILE))? {
            all.insert(
                dir.file_name().unwrap_or_default().to_string_lossy().into_owned(),
                absorbed,
            );
        }
    }
    Ok(all)
}

fn load(path: &Path) -> Result<Option<Absorbed>> {
    if !path.is_file() {
        return Ok(None);
    }
    let text = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let absorbed = serde_json::from_slice(&text).with_context(|| format!("{} is malformed", path.display()))?;
    Ok(Some(absorbed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::Class;

    #[test]
    fn notes_add_up_across_runs_and_flag_many_signatures() {
        let list = super::super::KnownList::built_in().unwrap();
        let entry = &list.entries()[0];
        let found = |symptom, after_reduction| Match {
            entry,
            symptom,
            after_reduction,
        };
        let mut a = Absorbed::default();
        a.note(&found(Symptom::Recorded, false), "fuel--winch-x64--fuel-left", None);
        a.note(
            &found(Symptom::Other(Class::Trap), true),
            "trap--winch-x64--out-of-fuel",
            Some(b"\0asm"),
        );
        a.note(&found(Symptom::Recorded, false), "fuel--winch-x64--fuel-left", None);
        assert_eq!((a.divergences, a.after_reduction), (3, 1));
        assert_eq!((a.signatures.len(), a.reduced_modules.len()), (2, 1));
        assert_eq!(a.other_classes.get("trap"), Some(&1));
        assert!(!a.needs_review());
        let text = a.describe();
        assert!(
            text.contains("2 distinct signatures, 1 distinct reduced modules"),
            "{text}"
        );
        assert!(text.contains("trap 1 as another symptom") && text.contains("1 matched after reduction"));

        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir_of(root.path(), &entry.name)).unwrap();
        let notes = BTreeMap::from([(entry.name.clone(), a.clone()), ("no-dir".to_string(), a.clone())]);
        save(root.path(), &notes).unwrap();
        let mut other = Absorbed::default();
        for s in ["a", "b", "c"] {
            other.note(&found(Symptom::Recorded, false), s, None);
        }
        save(root.path(), &BTreeMap::from([(entry.name.clone(), other)])).unwrap();
        let all = load_all(root.path()).unwrap();
        assert_eq!(all.len(), 1, "{all:?}");
        let total = &all[&entry.name];
        assert_eq!((total.divergences, total.signatures.len()), (6, 5));
        assert!(total.needs_review() && total.describe().contains("REVIEW"));
    }
}
