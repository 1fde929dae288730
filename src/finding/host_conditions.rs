//! What a finding needs of the host to reproduce, when its cause is not an engine but the machine
//! that runs it: a fault of the emulator (QEMU user mode), which may show only with one QEMU release
//! and only on host CPUs with some features (QEMU's code generator picks host vector instructions by
//! the CPU it runs on). Recorded by hand in `finding.json` as `host_conditions`; the regression test
//! and `crosscheck findings --stale-known` check such a reproducer only where the conditions hold, and
//! say why they did not elsewhere.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

/// The host a reproducer needs (`host_conditions` in `finding.json`). Every condition given must
/// hold; an absent one holds everywhere.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostConditions {
    /// The emulator, as engines record it (`EngineInfo::emulator`), e.g. `qemu-aarch64 10.0.2`:
    /// the program name and its exact version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emulator: Option<String>,
    /// Host CPU features that must all be present, as `/proc/cpuinfo` names them in its `flags`
    /// line (x86_64) or `Features` line (aarch64), e.g. `avx512vl`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cpu_features: Vec<String>,
    /// Why these conditions: what was seen on which hosts.
    pub reason: String,
}

/// What a host offers against [`HostConditions`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Host {
    /// The emulator installed here with its version (`qemu-aarch64 10.0.2`), when there is one.
    pub emulator: Option<String>,
    /// The CPU features `/proc/cpuinfo` lists.
    pub cpu_features: BTreeSet<String>,
}

impl Host {
    /// This machine: its aarch64 emulator (see [`crate::engines::emulated::AARCH64`]) and the CPU
    /// features of the first processor of `/proc/cpuinfo` (none when it cannot be read).
    pub fn current() -> Host {
        let emulator = crate::engines::emulated::AARCH64.version().ok();
        let cpu_features = std::fs::read_to_string("/proc/cpuinfo")
            .map(|text| cpu_features(&text))
            .unwrap_or_default();
        Host { emulator, cpu_features }
    }
}

/// The features of the first processor in a `/proc/cpuinfo` text: the words of its `flags`
/// (x86_64) or `Features` (aarch64) line.
pub fn cpu_features(cpuinfo: &str) -> BTreeSet<String> {
    cpuinfo
        .lines()
        .find_map(|line| {
            let (key, value) = line.split_once(':')?;
            matches!(key.trim(), "flags" | "Features").then_some(value)
        })
        .map(|value| value.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default()
}

impl HostConditions {
    /// The conditions `host` does not meet, one phrase each (empty when it meets them all), e.g.
    /// `the emulator qemu-aarch64 10.0.2 (this host has qemu-aarch64 9.2.0)` or `the host CPU
    /// feature avx512vl`.
    pub fn unmet(&self, host: &Host) -> Vec<String> {
        let mut unmet = Vec::new();
        if let Some(needed) = &self.emulator
            && host.emulator.as_deref() != Some(needed.as_str())
        {
            let here = host.emulator.as_deref().unwrap_or("none");
            unmet.push(format!("the emulator {needed} (this host has {here})"));
        }
        for feature in &self.cpu_features {
            if !host.cpu_features.contains(feature) {
                unmet.push(format!("the host CPU feature {feature}"));
            }
        }
        unmet
    }

    /// One line saying why a reproducer of `what` was not checked on `host`, or `None` when the
    /// host meets every condition.
    pub fn not_checked(&self, what: &str, host: &Host) -> Option<String> {
        let unmet = self.unmet(host);
        (!unmet.is_empty()).then(|| {
            format!(
                "{what} not checked on this host: it needs {} ({})",
                unmet.join(" and "),
                self.reason
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conditions() -> HostConditions {
        HostConditions {
            emulator: Some("qemu-aarch64 10.0.2".into()),
            cpu_features: vec!["avx512vl".into()],
            reason: "seen with AVX-512 only".into(),
        }
    }

    fn host(emulator: Option<&str>, features: &[&str]) -> Host {
        Host {
            emulator: emulator.map(str::to_string),
            cpu_features: features.iter().map(|f| f.to_string()).collect(),
        }
    }

    #[test]
    fn a_host_with_the_emulator_and_the_features_meets_the_conditions() {
        let here = host(Some("qemu-aarch64 10.0.2"), &["sse2", "avx2", "avx512f", "avx512vl"]);
        assert_eq!(conditions().unmet(&here), Vec::<String>::new());
        assert_eq!(conditions().not_checked("x", &here), None);
    }

    #[test]
    fn a_missing_feature_or_another_emulator_is_named_with_the_reason() {
        let amd = host(Some("qemu-aarch64 10.0.2"), &["sse2", "avx2"]);
        assert_eq!(conditions().unmet(&amd), ["the host CPU feature avx512vl"]);
        let line = conditions().not_checked("corpora/regressions/q", &amd).unwrap();
        assert_eq!(
            line,
            "corpora/regressions/q not checked on this host: it needs the host CPU feature avx512vl \
             (seen with AVX-512 only)"
        );
        let old = host(Some("qemu-aarch64 7.2.22"), &["avx512vl"]);
        assert_eq!(
            conditions().unmet(&old),
            ["the emulator qemu-aarch64 10.0.2 (this host has qemu-aarch64 7.2.22)"]
        );
        assert_eq!(conditions().unmet(&host(None, &[])).len(), 2);
    }

    #[test]
    fn no_conditions_hold_everywhere() {
        let none = HostConditions::default();
        assert!(none.unmet(&host(None, &[])).is_empty());
    }

    #[test]
    fn features_come_from_the_first_processor_of_either_architecture() {
        let x86 = "processor\t: 0\nflags\t\t: fpu sse2 avx512vl\n\nprocessor\t: 1\nflags\t\t: fpu\n";
        assert_eq!(cpu_features(x86), ["avx512vl", "fpu", "sse2"].map(String::from).into());
        let arm = "processor\t: 0\nFeatures\t: fp asimd atomics\n";
        assert!(cpu_features(arm).contains("atomics"));
        assert!(cpu_features("").is_empty());
    }
}
