//! What a divergence between builds of one compiler says: when the harness's engine and the same
//! engine of another build (`winch-x64` and `winch-x64@48.0.8`) disagree, and the wasmi oracle
//! sides with one of them, the harness's build has a regression (the oracle sides with the other
//! build) or a fix (it sides with the harness's build).

use crosscheck_oracles::naming::{self, WASMI};
use serde::{Deserialize, Serialize};

/// Which side of a cross-build divergence the oracle took.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VersionVerdict {
    /// The harness's build disagrees with the oracle; the other build agrees.
    Regression,
    /// The other build disagrees with the oracle; the harness's build agrees.
    Fix,
    /// Both builds disagree with the oracle.
    NeitherAgrees,
}

/// The reading of a divergence between two builds of one engine.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrossVersion {
    /// The engine of the harness's build, e.g. `winch-x64`.
    pub current: String,
    /// The same engine of another build, e.g. `winch-x64@48.0.8`.
    pub other: String,
    /// Which side the oracle took.
    pub verdict: VersionVerdict,
}

impl CrossVersion {
    /// One line for people, e.g. `regression: winch-x64 disagrees with wasmi, winch-x64@48.0.8
    /// agrees`.
    pub fn describe(&self) -> String {
        let (current, other) = (&self.current, &self.other);
        match self.verdict {
            VersionVerdict::Regression => format!("regression: {current} disagrees with {WASMI}, {other} agrees"),
            VersionVerdict::Fix => format!("fix: {other} disagrees with {WASMI}, {current} agrees"),
            VersionVerdict::NeitherAgrees => format!("{current} and {other} both disagree with {WASMI}"),
        }
    }
}

/// The cross-build reading of a step whose engines fell into `groups` (engines with identical
/// records), when an engine of another build disagrees with the same engine of the harness's
/// build (same configuration, label aside) and a reference took part: the harness's wasmi, or,
/// when the pair is wasmi itself, the largest group of the other engines (a tie gives none);
/// `None` otherwise.
pub fn cross_version(groups: &[Vec<String>]) -> Option<CrossVersion> {
    let group_of = |name: &str| groups.iter().position(|g| g.iter().any(|n| n == name));
    for other in groups.iter().flatten().filter(|n| naming::label_of(n).is_some()) {
        let current = naming::unlabeled(other);
        let (Some(at_current), Some(at_other)) = (group_of(&current), group_of(other)) else {
            continue;
        };
        if at_current == at_other {
            continue;
        }
        let Some(oracle) = reference(groups, &current, other) else {
            continue;
        };
        let verdict = match (at_current == oracle, at_other == oracle) {
            (false, true) => VersionVerdict::Regression,
            (true, false) => VersionVerdict::Fix,
            _ => VersionVerdict::NeitherAgrees,
        };
        return Some(CrossVersion {
            current,
            other: other.clone(),
            verdict,
        });
    }
    None
}

/// The group that tells which of `current` and `other` is right: wasmi's, unless the pair is
/// wasmi, then the one with the most other engines when it is the only one with that many.
fn reference(groups: &[Vec<String>], current: &str, other: &str) -> Option<usize> {
    if crosscheck_oracles::config::split_name(current).0 != WASMI {
        return groups.iter().position(|g| g.iter().any(|n| n == WASMI));
    }
    let others = |g: &Vec<String>| g.iter().filter(|n| *n != current && *n != other).count();
    let most = groups.iter().map(others).max().filter(|&m| m > 0)?;
    let mut with_most = groups.iter().enumerate().filter(|(_, g)| others(g) == most);
    let (first, _) = with_most.next()?;
    with_most.next().is_none().then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(of: &[&[&str]]) -> Vec<Vec<String>> {
        of.iter().map(|g| g.iter().map(|n| n.to_string()).collect()).collect()
    }

    #[test]
    fn the_oracle_tells_a_regression_from_a_fix() {
        let regression = cross_version(&groups(&[&["winch-x64@48.0.8", "wasmi"], &["winch-x64"]])).unwrap();
        assert_eq!(regression.verdict, VersionVerdict::Regression);
        assert_eq!(
            (regression.current.as_str(), regression.other.as_str()),
            ("winch-x64", "winch-x64@48.0.8")
        );
        let fix = cross_version(&groups(&[&["winch-x64", "wasmi"], &["winch-x64@48.0.8"]])).unwrap();
        assert_eq!(fix.verdict, VersionVerdict::Fix);
        let neither = cross_version(&groups(&[&["wasmi"], &["winch-x64"], &["winch-x64@48.0.8"]])).unwrap();
        assert_eq!(neither.verdict, VersionVerdict::NeitherAgrees);
        assert_eq!(
            cross_version(&groups(&[&["winch-x64", "winch-x64@48.0.8"], &["wasmi"]])),
            None,
            "both builds agree: the divergence is not between them"
        );
        assert_eq!(
            cross_version(&groups(&[&["winch-x64@48.0.8"], &["winch-x64"]])),
            None,
            "no oracle"
        );
        let configured = groups(&[
            &["cranelift-x64:o0@local,avx=off", "wasmi"],
            &["cranelift-x64:o0,avx=off"],
        ]);
        assert_eq!(cross_version(&configured).unwrap().verdict, VersionVerdict::Regression);
        let wasmi = cross_version(&groups(&[
            &["winch-x64", "cranelift-x64:o0", "wasmi@1.0.4"],
            &["wasmi"],
        ]))
        .unwrap();
        assert_eq!(
            wasmi.verdict,
            VersionVerdict::Regression,
            "the compilers outvote the harness's wasmi"
        );
        let tie = groups(&[&["winch-x64", "wasmi@1.0.4"], &["cranelift-x64:o0", "wasmi"]]);
        assert_eq!(cross_version(&tie), None, "a tie");
    }
}
