//! Known failures: a checked-in TOML file of files to skip and command lines expected to fail, per
//! engine pattern, each with its reason.
//!
//! ```toml
//! [[skip]]
//! engines = ["winch-*"]
//! file = "wasm-v3/ref.wast"
//! reason = "..."
//!
//! [[fail]]
//! engines = ["wasmi"]
//! file = "wasm-v3/data.wast"
//! lines = [12, 40]
//! reason = "..."
//! ```
//!
//! Engine patterns are engine names in which `*` stands for any run of characters.

use anyhow::{Result, bail};
use serde::Deserialize;

/// The expectations of the spec suite run, checked in at `corpora/spec/expectations.toml`.
pub const SPEC: &str = include_str!("../../corpora/spec/expectations.toml");

/// Parsed expectations.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectations {
    #[serde(default)]
    skip: Vec<SkipEntry>,
    #[serde(default)]
    fail: Vec<FailEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SkipEntry {
    engines: Vec<String>,
    file: String,
    reason: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FailEntry {
    engines: Vec<String>,
    file: String,
    lines: Vec<usize>,
    reason: String,
}

impl Expectations {
    /// Parses the TOML text of an expectations file; `origin` names it in errors.
    ///
    /// # Errors
    ///
    /// Text that is not TOML of this shape, or an entry without a reason or engines.
    pub fn parse(text: &str, origin: &str) -> Result<Expectations> {
        let parsed: Expectations =
            toml::from_str(text).map_err(|e| anyhow::anyhow!("{origin}: {}", e.to_string().replace('\n', " ")))?;
        let entries = parsed
            .skip
            .iter()
            .map(|s| (&s.file, &s.reason, &s.engines))
            .chain(parsed.fail.iter().map(|f| (&f.file, &f.reason, &f.engines)));
        for (file, reason, engines) in entries {
            if reason.trim().is_empty() || engines.is_empty() {
                bail!("{origin}: the entry for {file} needs engines and a reason");
            }
        }
        Ok(parsed)
    }

    /// Why `file` is not run on `engine`, if an entry says so.
    pub fn skipped(&self, engine: &str, file: &str) -> Option<&str> {
        self.skip
            .iter()
            .find(|s| s.file == file && any_match(&s.engines, engine))
            .map(|s| s.reason.as_str())
    }

    /// Why the command at `line` of `file` is expected to fail on `engine`, if an entry says so.
    pub fn known_failure(&self, engine: &str, file: &str, line: usize) -> Option<&str> {
        self.fail
            .iter()
            .find(|f| f.file == file && f.lines.contains(&line) && any_match(&f.engines, engine))
            .map(|f| f.reason.as_str())
    }

    /// Every line of `file` expected to fail on `engine`, with its reason.
    pub fn failing<'a>(&'a self, engine: &'a str, file: &'a str) -> impl Iterator<Item = (usize, &'a str)> + 'a {
        self.fail
            .iter()
            .filter(move |f| f.file == file && any_match(&f.engines, engine))
            .flat_map(|f| f.lines.iter().map(|l| (*l, f.reason.as_str())))
    }
}

fn any_match(patterns: &[String], engine: &str) -> bool {
    patterns.iter().any(|p| glob(p, engine))
}

/// Whether `name` matches `pattern`, where `*` matches any run of characters.
fn glob(pattern: &str, name: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == name,
        Some((head, rest)) => {
            let Some(tail) = name.strip_prefix(head) else {
                return false;
            };
            (0..=tail.len()).any(|i| tail.is_char_boundary(i) && glob(rest, &tail[i..]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_and_reasons() {
        assert!(glob("winch-*", "winch-x64"));
        assert!(glob("cranelift-*:o0", "cranelift-aarch64:o0"));
        assert!(!glob("cranelift-*:o0", "cranelift-x64:speed"));
        assert!(glob("wasmi", "wasmi"));
        let text = r#"
            [[fail]]
            engines = ["winch-*"]
            file = "a.wast"
            lines = [3, 9]
            reason = "because"
        "#;
        let e = Expectations::parse(text, "t").unwrap();
        assert_eq!(e.known_failure("winch-x64", "a.wast", 9), Some("because"));
        assert_eq!(e.known_failure("wasmi", "a.wast", 9), None);
        assert!(Expectations::parse(&text.replace("because", " "), "t").is_err());
        Expectations::parse(SPEC, "spec").unwrap();
    }
}
