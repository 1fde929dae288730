//! Engine names (docs/design.md, "Engines under test") and construction of engines from them.

use thiserror::Error;
use wasmtime::OptLevel;

use crate::Engine;
use crate::adapters::wasmi::WasmiEngine;
use crate::adapters::wasmtime::{Compiler, WasmtimeEngine};
use crate::config::{EngineConfig, Family, Target, configured_name, split_name};

/// Cranelift variants: the suffix after `cranelift-<arch>:` and the opt level it selects.
pub const CRANELIFT_VARIANTS: [(&str, OptLevel); 3] = [
    ("o0", OptLevel::None),
    ("speed", OptLevel::Speed),
    ("size", OptLevel::SpeedAndSize),
];

/// Why an engine name cannot be turned into an engine.
#[derive(Debug, Error)]
pub enum EngineError {
    /// The name is not one of the engines crosscheck knows.
    #[error("unknown engine `{name}` (known engines: {known})")]
    Unknown {
        /// The name given.
        name: String,
        /// The known names, comma-separated.
        known: String,
    },
    /// The engine exists but cannot run in this process on this host.
    #[error("engine `{name}` is not available here: {reason}")]
    Unavailable {
        /// The name given.
        name: String,
        /// Why.
        reason: String,
    },
    /// The engine library refused to build the engine.
    #[error("cannot build engine `{name}`: {message}")]
    Build {
        /// The name given.
        name: String,
        /// The engine library's error.
        message: String,
    },
}

/// The name of the wasmi interpreter, the oracle.
pub const WASMI: &str = "wasmi";

/// The architecture suffixes of compiled-engine names (`winch-<arch>`, `cranelift-<arch>`): `x64`
/// and `aarch64`.
pub const ARCHES: [&str; 2] = ["x64", "aarch64"];

/// The suffix of native engine names on this host: `x64` or `aarch64`.
pub fn host_arch() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "x64",
        "aarch64" => "aarch64",
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

/// The architecture suffix of `name` when it names an engine (or a test double, see
/// [`crate::doubles`]) that generates code for another architecture than this host's, e.g.
/// `Some("aarch64")` for `winch-aarch64` on an x86_64 host. Such an engine cannot run in this
/// process; it runs in a worker built for its architecture, under an emulator.
pub fn foreign_arch(name: &str) -> Option<&'static str> {
    let name = split_name(name).0;
    ARCHES.into_iter().filter(|a| *a != host_arch()).find(|arch| {
        names_for(arch).iter().any(|n| n == name)
            || (crate::doubles::enabled() && crate::doubles::NAMES.iter().any(|d| name == format!("{d}-{arch}")))
    })
}

/// What the knobs of the engine `name` are (its base name decides, see [`crate::config`]):
/// `None` for an engine without knobs (a test double) or an unknown name.
pub fn target_of(name: &str) -> Option<Target> {
    let base = split_name(name).0;
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

/// Expands a user-given engine name into the concrete engines it stands for: a bare
/// `cranelift-<arch>` becomes its three opt-level variants, any other name stands for itself.
/// Settings after the name (`cranelift-x64:o0,regalloc=single_pass`) are checked and written in
/// canonical form (see [`crate::config::EngineConfig`]); a bare `cranelift-<arch>` passes them to
/// each variant.
///
/// # Errors
///
/// [`EngineError::Unknown`] for a name that is not known; [`EngineError::Build`] for settings the
/// engine does not have or support (with the reason).
pub fn expand(name: &str) -> Result<Vec<String>, EngineError> {
    let (base, settings) = split_name(name);
    if settings.is_empty() {
        return expand_base(base);
    }
    let config_error = |message: String| EngineError::Build {
        name: base.into(),
        message,
    };
    expand_base(base)?
        .into_iter()
        .map(|concrete| {
            let target = target_of(&concrete).ok_or_else(|| config_error("it has no knobs".into()))?;
            let config = EngineConfig::parse(target, settings.iter().copied()).map_err(|e| config_error(e.0))?;
            Ok(configured_name(&concrete, &config))
        })
        .collect()
}

/// [`expand`] of a name without settings.
fn expand_base(name: &str) -> Result<Vec<String>, EngineError> {
    if ARCHES.into_iter().any(|arch| name == format!("cranelift-{arch}")) {
        return Ok(CRANELIFT_VARIANTS.iter().map(|(v, _)| format!("{name}:{v}")).collect());
    }
    if known_names().iter().any(|k| k == name) || crate::doubles::kind(name).is_some() || foreign_arch(name).is_some() {
        return Ok(vec![name.to_string()]);
    }
    Err(EngineError::Unknown {
        name: name.into(),
        known: known_names().join(", "),
    })
}

/// Builds the concrete engine `name` (a name [`expand`] returns) in this process.
///
/// # Errors
///
/// As [`expand`]; [`EngineError::Unknown`] for a bare `cranelift-<arch>`, which is not concrete;
/// [`EngineError::Unavailable`] for an engine of another architecture (see [`foreign_arch`]);
/// [`EngineError::Build`] when the engine library refuses the configuration.
pub fn build(name: &str) -> Result<Box<dyn Engine>, EngineError> {
    let (base, settings) = split_name(name);
    if !settings.is_empty() {
        return build(base)?.configured(&settings);
    }
    let concrete = expand(name)?;
    let unknown = || EngineError::Unknown {
        name: name.into(),
        known: known_names().join(", "),
    };
    if concrete.len() != 1 || concrete[0] != name {
        return Err(unknown());
    }
    if let Some(arch) = foreign_arch(name) {
        return Err(EngineError::Unavailable {
            name: name.into(),
            reason: format!(
                "it generates code for {arch}, not for this {} host, and runs only in an emulated worker",
                host_arch()
            ),
        });
    }
    let build_err = |e: anyhow::Error| EngineError::Build {
        name: name.into(),
        message: format!("{e:#}"),
    };
    if name == WASMI {
        return Ok(Box::new(WasmiEngine::new().map_err(build_err)?));
    }
    if crate::doubles::kind(name).is_some() {
        return Ok(Box::new(crate::doubles::FaultDouble::new(name).map_err(build_err)?));
    }
    let compiler = compiler_of(name).ok_or_else(unknown)?;
    Ok(Box::new(WasmtimeEngine::new(name, compiler).map_err(build_err)?))
}

/// The Wasmtime compiler of the concrete engine `name` of any architecture in [`ARCHES`]
/// (`winch-<arch>`, `cranelift-<arch>:<variant>`); `None` for any other name.
pub fn compiler_of(name: &str) -> Option<Compiler> {
    let name = split_name(name).0;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_cranelift_expands_to_its_variants() {
        let arch = host_arch();
        let v = expand(&format!("cranelift-{arch}")).unwrap();
        assert_eq!(v.len(), 3);
        assert!(v.iter().all(|n| n.starts_with(&format!("cranelift-{arch}:"))));
        assert_eq!(expand("wasmi").unwrap(), vec!["wasmi".to_string()]);
    }

    #[test]
    fn unknown_and_foreign_names_are_errors() {
        assert!(matches!(expand("v8"), Err(EngineError::Unknown { .. })));
        for arch in ARCHES {
            let bad_variant = format!("cranelift-{arch}:o7");
            assert!(matches!(expand(&bad_variant), Err(EngineError::Unknown { .. })));
            assert_eq!(foreign_arch(&bad_variant), None);
        }
        let foreign = if host_arch() == "x64" {
            "winch-aarch64"
        } else {
            "winch-x64"
        };
        assert_eq!(
            foreign_arch(foreign),
            Some(if host_arch() == "x64" { "aarch64" } else { "x64" })
        );
        assert_eq!(foreign_arch(&format!("winch-{}", host_arch())), None);
        assert_eq!(expand(foreign).unwrap(), vec![foreign.to_string()]);
        assert!(matches!(build(foreign), Err(EngineError::Unavailable { .. })));
        assert!(build(&format!("cranelift-{}", host_arch())).is_err());
    }
}
