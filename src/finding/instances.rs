//! What the instances of a finding after its first add: merging instances into one finding by
//! root cause keeps what told them apart.

use serde::{Deserialize, Serialize};

/// Distinct details kept per finding.
pub const MAX_DETAILS: usize = 16;
/// Distinct configurations of the breaking engines kept per finding.
pub const MAX_CONFIGURATIONS: usize = 16;
/// Example instances (module and plan, in `examples/N/`) kept per finding beyond the first.
pub const MAX_EXAMPLES: usize = 3;

/// The instances of a finding, as `finding.json` keeps them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instances {
    /// The distinct details seen, the first instance's first, at most [`MAX_DETAILS`].
    #[serde(default)]
    pub details: Vec<String>,
    /// The distinct configurations of the breaking engines (full names joined by ` + `), at most
    /// [`MAX_CONFIGURATIONS`].
    #[serde(default)]
    pub configurations: Vec<String>,
    /// The example directories, relative to the finding (`examples/1`, ...): instances whose
    /// detail was new, at most [`MAX_EXAMPLES`].
    #[serde(default)]
    pub examples: Vec<String>,
}

impl Instances {
    /// The instances of a finding whose first instance had `detail` on the breaking engines
    /// `minority`.
    pub fn first(detail: &str, minority: &[String]) -> Instances {
        Instances {
            details: vec![detail.to_string()],
            configurations: vec![minority.join(" + ")],
            examples: Vec::new(),
        }
    }

    /// Adds an instance; returns the example directory to write its module and plan to, when
    /// its detail is new and there is room for an example.
    pub fn add(&mut self, detail: &str, minority: &[String]) -> Option<String> {
        let configuration = minority.join(" + ");
        if !self.configurations.contains(&configuration) && self.configurations.len() < MAX_CONFIGURATIONS {
            self.configurations.push(configuration);
        }
        if self.details.iter().any(|d| d == detail) {
            return None;
        }
        if self.details.len() < MAX_DETAILS {
            self.details.push(detail.to_string());
        }
        (self.examples.len() < MAX_EXAMPLES).then(|| {
            let dir = format!("examples/{}", self.examples.len() + 1);
            self.examples.push(dir.clone());
            dir
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_details_get_examples_until_the_cap() {
        let winch = vec!["winch-x64".to_string()];
        let mut i = Instances::first("a", &winch);
        assert_eq!(i.add("a", &winch), None, "a repeated detail is not an example");
        let examples: Vec<Option<String>> = (0..5).map(|n| i.add(&format!("d{n}"), &winch)).collect();
        assert_eq!(examples[0].as_deref(), Some("examples/1"));
        assert_eq!(examples.iter().flatten().count(), MAX_EXAMPLES);
        assert_eq!(i.details.len(), 6);
        i.add("z", &["winch-x64,avx2=off".to_string()]);
        assert_eq!(i.configurations, vec!["winch-x64", "winch-x64,avx2=off"]);
    }
}
