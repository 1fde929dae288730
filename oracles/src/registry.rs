//! Construction of engines from their names (see [`crate::naming`]): expanding a user-given name
//! into concrete engines, and building one in this process.

use crate::adapters::wasmi::WasmiEngine;
use crate::adapters::wasmtime::WasmtimeEngine;
use crate::config::{EngineConfig, configured_name, split_name};
use crate::engine::{Engine, EngineError};
use crate::naming::{
    ARCHES, CRANELIFT_VARIANTS, WASMI, compiler_of, host_arch, is_label, known_names, label_of, labeled, names_for,
    target_of, unlabeled, without_label,
};

/// The architecture suffix of `name` when it names an engine (or a test double, see
/// [`crate::doubles`]) that generates code for another architecture than this host's, e.g.
/// `Some("aarch64")` for `winch-aarch64` on an x86_64 host. Such an engine cannot run in this
/// process; it runs in a worker built for its architecture, under an emulator.
pub fn foreign_arch(name: &str) -> Option<&'static str> {
    let name = without_label(split_name(name).0);
    ARCHES.into_iter().filter(|a| *a != host_arch()).find(|arch| {
        names_for(arch).iter().any(|n| n == name)
            || (crate::doubles::enabled() && crate::doubles::NAMES.iter().any(|d| name == format!("{d}-{arch}")))
    })
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
    if let Some(label) = label_of(name) {
        if !is_label(label) {
            return Err(EngineError::Build {
                name: name.into(),
                message: format!(
                    "`{label}` is not a build label (letters, digits, `.`, `-` and `_`, as in `winch-x64@48.0.8`)"
                ),
            });
        }
        return Ok(expand(&unlabeled(name))?
            .into_iter()
            .map(|concrete| labeled(&concrete, label))
            .collect());
    }
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
    if label_of(name).is_some() {
        return Err(EngineError::Unavailable {
            name: name.into(),
            reason: "an engine of another build runs only in that build's worker".into(),
        });
    }
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
