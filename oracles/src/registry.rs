//! Engine names (DESIGN.md, "Engines under test") and construction of engines from them.

use thiserror::Error;
use wasmtime::OptLevel;

use crate::Engine;
use crate::adapters::wasmi::WasmiEngine;
use crate::adapters::wasmtime::{Compiler, WasmtimeEngine};

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

/// The suffix of native engine names on this host: `x64` or `aarch64`.
pub fn host_arch() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "x64",
        "aarch64" => "aarch64",
        other => other,
    }
}

/// Every engine name a user may give, with the native architecture of this host, for example
/// `winch-x64, cranelift-x64, cranelift-x64:o0, ..., wasmi`. A bare `cranelift-<arch>` stands for
/// all its variants (see [`expand`]).
pub fn known_names() -> Vec<String> {
    let arch = host_arch();
    let mut names = vec![format!("winch-{arch}"), format!("cranelift-{arch}")];
    names.extend(CRANELIFT_VARIANTS.iter().map(|(v, _)| format!("cranelift-{arch}:{v}")));
    names.push("wasmi".into());
    names
}

/// Expands a user-given engine name into the concrete engines it stands for: a bare
/// `cranelift-<arch>` becomes its three opt-level variants, any other name stands for itself.
///
/// # Errors
///
/// [`EngineError::Unknown`] for a name that is not known, [`EngineError::Unavailable`] for an
/// engine of another architecture (those run under QEMU in a worker process, not in-process).
pub fn expand(name: &str) -> Result<Vec<String>, EngineError> {
    let arch = host_arch();
    if name == format!("cranelift-{arch}") {
        return Ok(CRANELIFT_VARIANTS.iter().map(|(v, _)| format!("{name}:{v}")).collect());
    }
    if known_names().iter().any(|k| k == name) || (crate::doubles::enabled() && crate::doubles::NAMES.contains(&name)) {
        return Ok(vec![name.to_string()]);
    }
    let base = name.split(':').next().unwrap_or_default();
    let foreign_arch = ["x64", "aarch64"].into_iter().filter(|a| *a != arch);
    let foreign = foreign_arch
        .flat_map(|a| [format!("winch-{a}"), format!("cranelift-{a}")])
        .any(|n| n == base);
    if foreign {
        return Err(EngineError::Unavailable {
            name: name.into(),
            reason: format!("it generates code for another architecture than this {arch} host"),
        });
    }
    Err(EngineError::Unknown {
        name: name.into(),
        known: known_names().join(", "),
    })
}

/// Builds the concrete engine `name` (a name [`expand`] returns).
///
/// # Errors
///
/// As [`expand`]; [`EngineError::Unknown`] for a bare `cranelift-<arch>`, which is not concrete;
/// [`EngineError::Build`] when the engine library refuses the configuration.
pub fn build(name: &str) -> Result<Box<dyn Engine>, EngineError> {
    let concrete = expand(name)?;
    if concrete.len() != 1 || concrete[0] != name {
        return Err(EngineError::Unknown {
            name: name.into(),
            known: known_names().join(", "),
        });
    }
    let arch = host_arch();
    let build_err = |e: anyhow::Error| EngineError::Build {
        name: name.into(),
        message: format!("{e:#}"),
    };
    if name == "wasmi" {
        return Ok(Box::new(WasmiEngine::new().map_err(build_err)?));
    }
    if let Some(double) = crate::doubles::NAMES.iter().find(|d| **d == name) {
        return Ok(Box::new(crate::doubles::FaultDouble::new(double).map_err(build_err)?));
    }
    let compiler = if name == format!("winch-{arch}") {
        Compiler::Winch
    } else {
        let variant = name.rsplit(':').next().unwrap_or_default();
        let level = CRANELIFT_VARIANTS.iter().find(|(v, _)| *v == variant).map(|(_, l)| *l);
        Compiler::Cranelift(level.ok_or_else(|| EngineError::Unknown {
            name: name.into(),
            known: known_names().join(", "),
        })?)
    };
    Ok(Box::new(WasmtimeEngine::new(name, compiler).map_err(build_err)?))
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
        assert!(matches!(expand("cranelift-x64:o7"), Err(EngineError::Unknown { .. })));
        let foreign = if host_arch() == "x64" {
            "winch-aarch64"
        } else {
            "winch-x64"
        };
        assert!(matches!(expand(foreign), Err(EngineError::Unavailable { .. })));
        assert!(build(&format!("cranelift-{}", host_arch())).is_err());
    }
}
