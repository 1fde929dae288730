//! Who judged a divergence that the wasmi oracle did not run (docs/design.md, "The oracle"): the
//! engines that ran the module voted, and those of the run that sat it out are named with the
//! reason. Recorded as `vote` in `finding.json`; a finding the oracle judged has none.

use serde::{Deserialize, Serialize};

use crate::compare::Divergence;
use crate::engines::SatOut;

/// The oracle a vote names: none ran.
pub const NO_ORACLE: &str = "none";

/// The verdict of a divergence that no oracle judged.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vote {
    /// The oracle that ran: always [`NO_ORACLE`].
    pub oracle: String,
    /// The engines that ran the diverging step and voted, in the order of the divergence's
    /// groups (largest first).
    pub ran: Vec<String>,
    /// The engines of the run that did not run the module, with the reason (empty when the run
    /// had no oracle at all, or when the finding was recorded outside a campaign).
    #[serde(default)]
    pub sat_out: Vec<SatOut>,
    /// Whether the vote was a tie (as many engines broke as agreed with the reference): which
    /// side broke is then the tie rule's choice ([`crate::compare::cause::reference_group`]).
    pub tie: bool,
}

impl Vote {
    /// The vote behind `divergence` when it was judged without the oracle
    /// ([`Divergence::without_oracle`]), with the engines of the run that sat the module out;
    /// `None` when the oracle took part.
    pub fn of(divergence: &Divergence, sat_out: &[SatOut]) -> Option<Vote> {
        divergence.without_oracle().then(|| Vote {
            oracle: NO_ORACLE.into(),
            ran: divergence.groups.iter().flatten().cloned().collect(),
            sat_out: sat_out.to_vec(),
            tie: divergence.tie(),
        })
    }

    /// One line for people, e.g. `no oracle ran: winch-x64 against cranelift-x64:speed, a tie
    /// (wasmi sat out: does not compile exceptions)`.
    pub fn describe(&self) -> String {
        let mut line = format!("no oracle ran: the verdict is the vote of {}", self.ran.join(", "));
        if self.tie {
            line.push_str(", a tie decided by the tie rule");
        }
        for s in &self.sat_out {
            line.push_str(&format!("; {} sat out: {}", s.engine, s.reason));
        }
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::Class;

    fn divergence(groups: &[&[&str]], minority: &[&str]) -> Divergence {
        let strings = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        Divergence {
            class: Class::Result,
            step: 1,
            engines: ["winch-x64".into(), "cranelift-x64:speed".into()],
            key: "i32".into(),
            detail: String::new(),
            groups: groups.iter().map(|g| strings(g)).collect(),
            minority: strings(minority),
            cause: "i32".into(),
        }
    }

    #[test]
    fn a_vote_is_recorded_only_without_the_oracle() {
        let with = divergence(&[&["cranelift-x64:speed", "wasmi"], &["winch-x64"]], &["winch-x64"]);
        assert_eq!(Vote::of(&with, &[]), None);
        let tie = divergence(&[&["cranelift-x64:speed"], &["winch-x64"]], &["winch-x64"]);
        let sat = [SatOut {
            engine: "wasmi".into(),
            reason: "does not compile exceptions".into(),
        }];
        let vote = Vote::of(&tie, &sat).unwrap();
        assert_eq!(vote.oracle, "none");
        assert_eq!(vote.ran, ["cranelift-x64:speed", "winch-x64"]);
        assert!(vote.tie);
        assert!(vote.describe().contains("wasmi sat out: does not compile exceptions"));
        let majority = divergence(
            &[&["cranelift-x64:speed", "cranelift-x64:speed@48.0.8"], &["winch-x64"]],
            &["winch-x64"],
        );
        assert!(!Vote::of(&majority, &[]).unwrap().tie, "two builds against one");
        let levels = divergence(
            &[&["cranelift-x64:speed", "cranelift-x64:o0"], &["winch-x64"]],
            &["winch-x64"],
        );
        assert!(
            Vote::of(&levels, &[]).unwrap().tie,
            "two opt levels of one build are one implementation"
        );
    }

    #[test]
    fn the_signature_marks_a_verdict_without_the_oracle() {
        let tie = divergence(&[&["cranelift-x64:speed"], &["winch-x64"]], &["winch-x64"]);
        assert_eq!(tie.signature(), "result--winch-x64--i32--no-oracle");
        let with = divergence(&[&["cranelift-x64:speed", "wasmi"], &["winch-x64"]], &["winch-x64"]);
        assert_eq!(with.signature(), "result--winch-x64--i32");
        let fuel = Divergence {
            class: Class::Fuel,
            ..tie.clone()
        };
        assert_eq!(fuel.signature(), "fuel--winch-x64--i32", "wasmi never votes on fuel");
        let long = Divergence {
            cause: "x".repeat(200),
            ..tie
        };
        let cut = long.signature();
        assert_eq!(cut.len(), 120, "{cut}");
        assert!(cut.ends_with(crate::compare::NO_ORACLE), "{cut}");
    }
}
