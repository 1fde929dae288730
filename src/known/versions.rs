//! The builds a known bug is in (`versions = ">=43, <51"` in `corpora/known.toml`): a requirement
//! on the release of the crate that an engine's build comes from (Wasmtime for Winch and
//! Cranelift, wasmi for wasmi), checked against an engine's label (`winch-x64@43.0.0`) or, for
//! the harness's own engines, the linked release.

use std::cmp::Ordering;

use serde::Deserialize;

/// A version requirement: comparisons joined by commas, all of which must hold, each an operator
/// (`>=`, `>`, `<=`, `<`, `=`, or none for `=`) and a release of one to three numbers
/// (`43`, `50.0`, `50.0.2`; missing numbers are 0).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct VersionReq {
    comparisons: Vec<(Ordering, bool, [u64; 3])>,
}

impl TryFrom<String> for VersionReq {
    type Error = String;

    /// Parses a requirement; the error is one line naming what is wrong.
    fn try_from(text: String) -> Result<VersionReq, String> {
        let mut comparisons = Vec::new();
        for part in text.split(',').map(str::trim) {
            let (ordering, or_equal, rest) = if let Some(rest) = part.strip_prefix(">=") {
                (Ordering::Greater, true, rest)
            } else if let Some(rest) = part.strip_prefix("<=") {
                (Ordering::Less, true, rest)
            } else if let Some(rest) = part.strip_prefix('>') {
                (Ordering::Greater, false, rest)
            } else if let Some(rest) = part.strip_prefix('<') {
                (Ordering::Less, false, rest)
            } else {
                (Ordering::Equal, true, part.strip_prefix('=').unwrap_or(part))
            };
            let release = release(rest.trim())
                .ok_or_else(|| format!("`versions`: `{part}` is not a comparison with a release like `>=43.0`"))?;
            comparisons.push((ordering, or_equal, release));
        }
        Ok(VersionReq { comparisons })
    }
}

impl VersionReq {
    /// Whether `version` (a release such as `43.0.0`) meets every comparison; false for a label
    /// that is not a release (`local`).
    pub fn holds(&self, version: &str) -> bool {
        let Some(version) = release(version) else {
            return false;
        };
        self.comparisons.iter().all(|(ordering, or_equal, bound)| {
            let found = version.cmp(bound);
            found == *ordering || (*or_equal && found == Ordering::Equal)
        })
    }
}

/// The numbers of a release `MAJOR[.MINOR[.PATCH]]`, missing ones 0; `None` for anything else.
fn release(text: &str) -> Option<[u64; 3]> {
    let mut numbers = [0; 3];
    let parts: Vec<&str> = text.split('.').collect();
    if parts.is_empty() || parts.len() > 3 {
        return None;
    }
    for (slot, part) in numbers.iter_mut().zip(parts) {
        if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        *slot = part.parse().ok()?;
    }
    Some(numbers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_requirement_holds_for_the_releases_in_its_range_only() {
        let req = VersionReq::try_from(">=43, <51".to_string()).unwrap();
        assert!(req.holds("43.0.0") && req.holds("50.0.2") && req.holds("48"));
        assert!(!req.holds("42.9.9") && !req.holds("51.0.0") && !req.holds("local"));
        assert!(!req.holds("local-0123456789ab") && !req.holds("43.0.0-rc1"));
        let exact = VersionReq::try_from("50.0.2".to_string()).unwrap();
        assert!(exact.holds("50.0.2") && !exact.holds("50.0.1"));
        let upper = VersionReq::try_from("<=50.0".to_string()).unwrap();
        assert!(upper.holds("50.0.0") && !upper.holds("50.0.1"));
        for bad in ["", ">=", "~43", ">=43,", "1.2.3.4", ">=a"] {
            let err = VersionReq::try_from(bad.to_string()).unwrap_err();
            assert!(err.starts_with("`versions`: "), "{bad}: {err}");
        }
    }
}
