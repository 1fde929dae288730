//! The Wasmtime API as it differs between the releases a worker can be built against (43.0.0 and
//! newer, see `scripts/build-worker.sh`): one function per difference, each with the named ranges
//! of releases it covers. The build script sets a range's cfg from the release the crate links.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use wasmtime::Config;

/// Sets the async stack to at least `bytes`.
///
/// - Releases 47 and newer (`not(wasmtime_before_47)`): Wasmtime checks this bound against
///   `max_wasm_stack` even for synchronous calls, so it must be set; no async stack is ever
///   allocated.
/// - Releases 43 to 46 (`wasmtime_before_47`): the setting exists only with the `async` feature,
///   which crosscheck does not enable, and synchronous calls do not check it.
pub(super) fn async_stack_at_least(config: &mut Config, bytes: usize) {
    #[cfg(not(wasmtime_before_47))]
    config.async_stack_size(bytes);
    #[cfg(wasmtime_before_47)]
    let _ = (config, bytes);
}

/// The type of a table of `element`s with `min` to `max` elements.
///
/// - Releases 51 and newer (`not(wasmtime_before_51)`): `TableType::new` checks its limits and
///   returns a `Result`.
/// - Releases 43 to 50 (`wasmtime_before_51`): it returns the type.
///
/// # Errors
///
/// Limits the release refuses (51 and newer).
pub(super) fn table_type(element: wasmtime::RefType, min: u32, max: u32) -> wasmtime::Result<wasmtime::TableType> {
    #[cfg(not(wasmtime_before_51))]
    return wasmtime::TableType::new(element, min, Some(max));
    #[cfg(wasmtime_before_51)]
    Ok(wasmtime::TableType::new(element, min, Some(max)))
}

/// The type of a memory of `min` to `max` 64 KiB pages; as [`table_type`] for `MemoryType::new`.
///
/// # Errors
///
/// Limits the release refuses (51 and newer).
pub(super) fn memory_type(min: u32, max: u32) -> wasmtime::Result<wasmtime::MemoryType> {
    #[cfg(not(wasmtime_before_51))]
    return wasmtime::MemoryType::new(min, Some(max));
    #[cfg(wasmtime_before_51)]
    Ok(wasmtime::MemoryType::new(min, Some(max)))
}

/// A Cranelift flag's name and the target triple it was probed for (`None`: this host).
type FlagOnTarget = (String, Option<String>);

/// Whether the linked Cranelift has the setting `flag`. The knobs turn CPU features off through
/// Cranelift's `has_*` flags, and flags come with releases: 43 to 46 lack `has_avx512vnni` and
/// `has_avx_vnni`, which 50 has. A release without a feature's flag never emits its instructions,
/// so turning the feature off there changes nothing, and the flag is left out instead of making
/// the engine fail to build. Probed once per flag, target (`triple`, `None` for this host) and
/// process, by building an engine for that target that sets it.
pub(super) fn cranelift_knows(flag: &str, triple: Option<&str>) -> bool {
    static KNOWN: OnceLock<Mutex<HashMap<FlagOnTarget, bool>>> = OnceLock::new();
    let mut known = KNOWN
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let key = (flag.to_string(), triple.map(str::to_string));
    *known.entry(key).or_insert_with(|| {
        let mut probe = Config::new();
        if let Some(triple) = triple
            && probe.target(triple).is_err()
        {
            return true;
        }
        // SAFETY: the engine is built only to see whether Cranelift knows the flag; it compiles
        // nothing.
        unsafe {
            probe.cranelift_flag_set(flag, "false");
        }
        match wasmtime::Engine::new(&probe) {
            Ok(_) => true,
            Err(e) => !format!("{e:#}").contains("No existing setting named"),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_of_the_linked_cranelift_are_known_and_others_not() {
        let arch_flag = if cfg!(target_arch = "x86_64") {
            "has_avx2"
        } else {
            "has_lse"
        };
        assert!(cranelift_knows(arch_flag, None));
        assert!(!cranelift_knows("has_no_such_feature", None));
        // An x86_64 build links every backend (the harness cross-compiles for aarch64); an
        // aarch64 build links only its own, and a target it cannot build for probes as known.
        #[cfg(target_arch = "x86_64")]
        {
            assert!(cranelift_knows("use_bti", Some("aarch64-unknown-linux-gnu")));
            assert!(!cranelift_knows("use_bti", Some("x86_64-unknown-linux-gnu")));
        }
    }
}
