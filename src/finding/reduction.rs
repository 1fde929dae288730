//! What a reduction found (`reduction.json`): part of the finding format, written by
//! `crate::reduce` and read by every command that shows a finding.

use serde::{Deserialize, Serialize};

/// What a reduction did: the contents of `reduction.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReductionReport {
    /// The signature kept.
    pub signature: String,
    /// The engines that ran every candidate, in run order (see `crate::reduce::taking_part`); `replay
    /// --reduced` and `export` run these.
    pub engines: Vec<String>,
    /// Size of `module.wasm`, in bytes.
    pub original_bytes: u64,
    /// Size of `reduced.wasm`, in bytes.
    pub reduced_bytes: u64,
    /// Lines of `module.wat`.
    pub original_wat_lines: u64,
    /// Lines of `reduced.wat`.
    pub reduced_wat_lines: u64,
    /// Calls of `plan.json`.
    pub original_calls: u64,
    /// Calls of `reduced-plan.json`.
    pub reduced_calls: u64,
    /// Wall time of the reduction, in seconds.
    pub seconds: f64,
    /// Candidates run on the engines.
    pub candidates: u64,
    /// Whether the time budget ran out before every pass had finished.
    pub budget_spent: bool,
    /// What the divergence needs of the engines' configurations (see `crate::reduce::config`); absent when
    /// every engine ran its default configuration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<ConfigDependence>,
    /// The signature with the settings the divergence needs (see
    /// [`ConfigDependence::signature`]); the finding's directory keeps the signature
    /// without them, so that the same divergence under other configurations counts on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub configured_signature: Option<String>,
}

/// What a divergence needs of its engines' configurations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigDependence {
    /// The reduced reproducer diverges the same way with every engine in its default
    /// configuration: the configuration does not matter.
    pub reproduces_with_defaults: bool,
    /// The settings the divergence needs, each `ENGINE:KNOB=VALUE` with the engine's base name,
    /// e.g. `cranelift-x64:speed:regalloc=single_pass`: those that, put back to their default
    /// alone, make it go away. Empty when it reproduces with defaults, and also when it needs
    /// settings only together (no single one back to its default loses it).
    pub knobs: Vec<String>,
}

impl ConfigDependence {
    /// In words, e.g. "needs `winch-x64:avx2=off`".
    pub fn describe(&self) -> String {
        if self.reproduces_with_defaults {
            "reproduces with every engine in its default configuration".into()
        } else if self.knobs.is_empty() {
            "does not reproduce with the defaults, and no single setting is needed alone".into()
        } else {
            let knobs: Vec<String> = self.knobs.iter().map(|k| format!("`{k}`")).collect();
            format!("needs {}", knobs.join(", "))
        }
    }

    /// `signature` with the settings the divergence needs appended (`--with-` each knob), or
    /// `signature` itself when the defaults reproduce it.
    pub fn signature(&self, signature: &str) -> String {
        let mut s = signature.to_string();
        for knob in &self.knobs {
            s.push_str("--with-");
            s.extend(
                knob.chars()
                    .map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '.' }),
            );
        }
        s
    }
}
