//! The Wasmtime API as it differs between the releases a worker can be built against (43.0.0 and
//! newer, see `scripts/build-worker.sh`): one function per difference, each with the named ranges
//! of releases it covers. The build script sets a range's cfg from the release the crate links.

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
