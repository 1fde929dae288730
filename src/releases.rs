//! Published releases of the engine crates, read from the crates.io index: whether a newer
//! Wasmtime or wasmi than the pinned one is out (`crosscheck engines`), and whether a Wasmtime
//! release can be built with Winch (its `winch-codegen` crate of the same version is published).
//!
//! The index is the sparse crates.io index (<https://index.crates.io>, one file of JSON lines per
//! crate, one line per published version; the layout is the one Cargo documents for sparse
//! registries), read with `curl` so that the harness needs no HTTP client of its own; or a local
//! directory with the same layout (tests, mirrors). `scripts/build-worker.sh` reads the same index.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use serde::Deserialize;

/// The environment variable naming the index: a URL, a directory of the same layout, or `off`.
pub const INDEX_VAR: &str = "CROSSCHECK_CRATES_INDEX";

/// The crates.io sparse index.
pub const CRATES_IO: &str = "https://index.crates.io";

/// How long one index request may take before the look-up counts as offline.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// Where crate versions are read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Index {
    /// A sparse index served over HTTP(S), e.g. [`CRATES_IO`].
    Url(String),
    /// A directory with the sparse index's layout (`wa/sm/wasmtime`).
    Dir(PathBuf),
    /// No look-up (`CROSSCHECK_CRATES_INDEX=off`).
    Off,
}

impl Index {
    /// The index `$CROSSCHECK_CRATES_INDEX` names: `off`, a URL (`http://` or `https://`), or a
    /// directory; crates.io when it is unset.
    pub fn from_env() -> Index {
        match std::env::var(INDEX_VAR) {
            Err(_) => Index::Url(CRATES_IO.into()),
            Ok(v) if v == "off" => Index::Off,
            Ok(v) if v.starts_with("http://") || v.starts_with("https://") => Index::Url(v),
            Ok(v) => Index::Dir(PathBuf::from(v)),
        }
    }

    /// The index file of `krate`: its JSON lines, one per published version.
    ///
    /// # Errors
    ///
    /// The look-up is off, the file cannot be read, or `curl` fails (offline, a time-out of
    /// [`TIMEOUT`], a crate the index does not have).
    pub fn read(&self, krate: &str) -> Result<String> {
        let path = index_path(krate);
        match self {
            Index::Off => bail!("the look-up is off ({INDEX_VAR}=off)"),
            Index::Dir(dir) => std::fs::read_to_string(dir.join(&path))
                .with_context(|| format!("cannot read {}", dir.join(&path).display())),
            Index::Url(base) => {
                let url = format!("{}/{path}", base.trim_end_matches('/'));
                let out = Command::new("curl")
                    .args(["-fsS", "--max-time", &TIMEOUT.as_secs().to_string(), &url])
                    .output()
                    .context("cannot run curl")?;
                if !out.status.success() {
                    bail!("cannot read {url}: {}", String::from_utf8_lossy(&out.stderr).trim());
                }
                String::from_utf8(out.stdout).with_context(|| format!("{url} is not UTF-8"))
            }
        }
    }

    /// The published releases of `krate` (see [`releases`]).
    ///
    /// # Errors
    ///
    /// As [`Index::read`], or an index line that is not JSON.
    pub fn releases(&self, krate: &str) -> Result<Vec<Release>> {
        releases(&self.read(krate)?).with_context(|| format!("the index of {krate}"))
    }
}

/// The path of `krate`'s file in a sparse index: `1/a`, `2/ab`, `3/a/abc`, else
/// `ab/cd/abcdef` (lower case).
pub fn index_path(krate: &str) -> String {
    let name = krate.to_ascii_lowercase();
    match name.len() {
        1 => format!("1/{name}"),
        2 => format!("2/{name}"),
        3 => format!("3/{}/{name}", &name[..1]),
        _ => format!("{}/{}/{name}", &name[..2], &name[2..4]),
    }
}

/// One published version of a crate.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Release {
    /// The version, e.g. `51.0.0` or `50.0.0-rc.1`.
    #[serde(rename = "vers")]
    pub version: String,
    /// Whether it was yanked.
    #[serde(default)]
    pub yanked: bool,
}

impl Release {
    /// Whether it is a release proper: not yanked and not a pre-release.
    pub fn is_proper(&self) -> bool {
        !self.yanked && !self.version.contains('-')
    }
}

/// The releases in an index file's text, in its order.
///
/// # Errors
///
/// A line that is not a JSON object with a `vers` field.
pub fn releases(index_text: &str) -> Result<Vec<Release>> {
    index_text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).with_context(|| format!("not an index line: {l}")))
        .collect()
}

/// The numeric parts of a release version (`51.0.0` -> `[51, 0, 0]`), for ordering; a part that
/// is not a number counts as 0.
pub fn version_key(version: &str) -> Vec<u64> {
    let numbers = version.split(['-', '+']).next().unwrap_or_default();
    numbers.split('.').map(|p| p.parse().unwrap_or(0)).collect()
}

/// The newest proper release (see [`Release::is_proper`]), if any.
pub fn newest(releases: &[Release]) -> Option<&Release> {
    releases
        .iter()
        .filter(|r| r.is_proper())
        .max_by_key(|r| version_key(&r.version))
}

/// What is known of the newest release of one engine crate against the pinned one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Newest {
    /// The pin is the newest proper release.
    Pinned,
    /// A newer release is out: its version.
    Newer(String),
    /// The index could not be read: why.
    Unknown(String),
}

/// Compares `pinned` with the newest proper release of `krate` in `index`.
pub fn newest_against(index: &Index, krate: &str, pinned: &str) -> Newest {
    match index.releases(krate) {
        Err(e) => Newest::Unknown(format!("{e:#}")),
        Ok(list) => match newest(&list) {
            Some(r) if version_key(&r.version) > version_key(pinned) => Newest::Newer(r.version.clone()),
            _ => Newest::Pinned,
        },
    }
}

/// Whether wasmtime `version` can be built with Winch: `winch-codegen` of exactly that version is
/// published and not yanked (wasmtime's `winch` feature requires `winch-codegen = "=VERSION"`).
/// Seen on 2026-12-07: wasmtime 51.0.0 and 50.0.3 are published, their `winch-codegen` is not.
///
/// # Errors
///
/// As [`Index::releases`].
pub fn winch_published(index: &Index, version: &str) -> Result<bool> {
    Ok(index
        .releases("winch-codegen")?
        .iter()
        .any(|r| r.version == version && !r.yanked))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(version: &str, yanked: bool) -> String {
        format!(r#"{{"name":"x","vers":"{version}","deps":[],"cksum":"0","features":{{}},"yanked":{yanked}}}"#)
    }

    #[test]
    fn paths_follow_the_sparse_layout() {
        assert_eq!(index_path("a"), "1/a");
        assert_eq!(index_path("ab"), "2/ab");
        assert_eq!(index_path("abc"), "3/a/abc");
        assert_eq!(index_path("wasmtime"), "wa/sm/wasmtime");
        assert_eq!(index_path("Wasmi"), "wa/sm/wasmi");
    }

    #[test]
    fn the_newest_is_the_highest_proper_release_not_the_last_line() {
        let text = [
            line("9.0.0", false),
            line("51.0.0", false),
            line("52.0.0-rc.1", false),
            line("53.0.0", true),
            line("48.0.11", false),
        ]
        .join("\n");
        let list = releases(&text).unwrap();
        assert_eq!(newest(&list).unwrap().version, "51.0.0");
        assert!(version_key("51.0.0") > version_key("50.0.12"));
        assert!(version_key("50.0.12") > version_key("50.0.3"));
        assert!(releases("not json").is_err());
    }

    #[test]
    fn a_directory_index_answers_newer_pinned_and_unknown() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("wa/sm")).unwrap();
        std::fs::write(
            dir.path().join("wa/sm/wasmtime"),
            [line("50.0.2", false), line("51.0.0", false)].join("\n"),
        )
        .unwrap();
        std::fs::create_dir_all(dir.path().join("wi/nc")).unwrap();
        std::fs::write(dir.path().join("wi/nc/winch-codegen"), line("50.0.2", false)).unwrap();
        let index = Index::Dir(dir.path().to_path_buf());
        assert_eq!(
            newest_against(&index, "wasmtime", "50.0.2"),
            Newest::Newer("51.0.0".into())
        );
        assert_eq!(newest_against(&index, "wasmtime", "51.0.0"), Newest::Pinned);
        assert!(matches!(newest_against(&index, "wasmi", "2.0.0"), Newest::Unknown(_)));
        assert!(matches!(
            newest_against(&Index::Off, "wasmtime", "1.0.0"),
            Newest::Unknown(_)
        ));
        assert!(winch_published(&index, "50.0.2").unwrap());
        assert!(!winch_published(&index, "51.0.0").unwrap());
    }
}
