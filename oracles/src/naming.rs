//! Engine names (docs/design.md, "Engines under test"): which names exist, and what a name says
//! about its engine (family, architecture, compiler, configuration).

use wasmtime::OptLevel;

use crate::config::{EngineConfig, Family, Target, split_name};

/// Which Wasmtime compiler an engine uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compiler {
    /// Winch, the baseline compiler.
    Winch,
    /// Cranelift at an optimization level.
    Cranelift(OptLevel),
}

/// Cranelift variants: the suffix after `cranelift-<arch>:` and the opt level it selects.
pub const CRANELIFT_VARIANTS: [(&str, OptLevel); 3] = [
    ("o0", OptLevel::None),
    ("speed", OptLevel::Speed),
    ("size", OptLevel::SpeedAndSize),
];

/// The name of the wasmi interpreter, the oracle.
pub const WASMI: &str = "wasmi";

/// The architecture suffixes of compiled-engine names (`winch-<arch>`, `cranelift-<arch>`): `x64`
/// and `aarch64`.
pub const ARCHES: [&str; 2] = ["x64", "aarch64"];

/// The suffix of native engine names on this host: `x64` or `aarch64`.
pub fn host_arch() -> &'static str {
    arch_suffix(std::env::consts::ARCH)
}

/// The suffix of engine names for code of the CPU architecture `arch` (as Rust names it, the
/// first part of a target triple): `x64` for `x86_64`, the name itself otherwise.
pub fn arch_suffix(arch: &str) -> &str {
    match arch {
        "x86_64" => "x64",
        other => other,
    }
}

/// The compiled-engine names of architecture `arch`, e.g. `winch-aarch64, cranelift-aarch64,
/// cranelift-aarch64:o0, cranelift-aarch64:speed, cranelift-aarch64:size`.
pub fn names_for(arch: &str) -> Vec<String> {
    let mut names = vec![format!("winch-{arch}"), format!("cranelift-{arch}")];
    names.extend(CRANELIFT_VARIANTS.iter().map(|(v, _)| format!("cranelift-{arch}:{v}")));
    names
}

/// Every engine name a user may give: this host's compiled engines, `wasmi`, then the compiled
/// engines of the other architectures (which run in an emulated worker, see [`foreign_arch`]).
/// A bare `cranelift-<arch>` stands for all its variants (see [`expand`]).
pub fn known_names() -> Vec<String> {
    let mut names = names_for(host_arch());
    names.push(WASMI.into());
    for arch in ARCHES.into_iter().filter(|a| *a != host_arch()) {
        names.extend(names_for(arch));
    }
    names
}

/// What the knobs of the engine `name` are (its base name decides, see [`crate::config`]):
/// `None` for an engine without knobs (a test double) or an unknown name.
pub fn target_of(name: &str) -> Option<Target> {
    let base = without_label(split_name(name).0);
    if base == WASMI {
        return Some(Target {
            family: Family::Wasmi,
            arch: None,
            winch: false,
        });
    }
    let arch = ARCHES
        .into_iter()
        .find(|arch| names_for(arch).iter().any(|n| n == base))?;
    Some(Target {
        family: Family::Wasmtime,
        arch: Some(arch),
        winch: compiler_of(base) == Some(Compiler::Winch),
    })
}

/// The configuration in the name of engine `name` (`cranelift-x64:o0,regalloc=single_pass`):
/// `None` for an engine without knobs or settings it does not allow.
pub fn config_of(name: &str) -> Option<EngineConfig> {
    let (base, settings) = split_name(name);
    EngineConfig::parse(target_of(base)?, settings).ok()
}

/// The Wasmtime compiler of the concrete engine `name` of any architecture in [`ARCHES`]
/// (`winch-<arch>`, `cranelift-<arch>:<variant>`); `None` for any other name.
pub fn compiler_of(name: &str) -> Option<Compiler> {
    let name = without_label(split_name(name).0);
    ARCHES.into_iter().find_map(|arch| {
        if name == format!("winch-{arch}") {
            return Some(Compiler::Winch);
        }
        let variant = name.strip_prefix(&format!("cranelift-{arch}:"))?;
        CRANELIFT_VARIANTS
            .iter()
            .find(|(v, _)| *v == variant)
            .map(|(_, level)| Compiler::Cranelift(*level))
    })
}

/// The character between an engine's base name and the label of the build it runs in:
/// `winch-x64@48.0.8`, `cranelift-x64:speed@local,regalloc=single_pass`, `wasmi@1.0.4`.
pub const LABEL_SEPARATOR: char = '@';

/// The label of the build engine `name` runs in (`48.0.8` for `winch-x64@48.0.8`, `local` for
/// `cranelift-x64:o0@local,avx=off`); `None` for an engine of the harness's own build.
pub fn label_of(name: &str) -> Option<&str> {
    split_name(name).0.split_once(LABEL_SEPARATOR).map(|(_, label)| label)
}

/// `base` (a name without settings) without its label: `winch-x64` for `winch-x64@48.0.8`.
pub fn without_label(base: &str) -> &str {
    base.split_once(LABEL_SEPARATOR).map_or(base, |(plain, _)| plain)
}

/// `name` (`BASE[@LABEL][,SETTINGS]`) with its label taken out: the name a worker of that build
/// knows the engine by, e.g. `cranelift-x64:o0,avx=off` for `cranelift-x64:o0@local,avx=off`.
pub fn unlabeled(name: &str) -> String {
    let (base, settings) = split_name(name);
    let mut plain = without_label(base).to_string();
    for setting in settings {
        plain.push(',');
        plain.push_str(setting);
    }
    plain
}

/// `name` (a name without a label, settings allowed) labeled with `label`:
/// `cranelift-x64:o0@48.0.8,avx=off` for `cranelift-x64:o0,avx=off` and `48.0.8`.
pub fn labeled(name: &str, label: &str) -> String {
    match name.split_once(',') {
        Some((base, settings)) => format!("{base}{LABEL_SEPARATOR}{label},{settings}"),
        None => format!("{name}{LABEL_SEPARATOR}{label}"),
    }
}

/// Whether `label` is a valid build label: letters, digits, `.`, `-` and `_`, not empty.
pub fn is_label(label: &str) -> bool {
    !label.is_empty()
        && label
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_sit_between_the_base_and_the_settings() {
        let name = "cranelift-x64:o0@48.0.8,avx=off";
        assert_eq!(label_of(name), Some("48.0.8"));
        assert_eq!(unlabeled(name), "cranelift-x64:o0,avx=off");
        assert_eq!(labeled("cranelift-x64:o0,avx=off", "48.0.8"), name);
        assert_eq!(labeled("wasmi", "1.0.4"), "wasmi@1.0.4");
        assert_eq!(label_of("winch-x64,avx=off"), None);
        assert_eq!(compiler_of("winch-aarch64@local"), Some(Compiler::Winch));
        assert_eq!(target_of("wasmi@1.0.4").map(|t| t.family), Some(Family::Wasmi));
        assert!(is_label("local-0123abcd") && !is_label("4 8") && !is_label(""));
    }
}
