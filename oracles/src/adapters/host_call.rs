//! The host-call core both adapters share: what a store keeps for the host functions of
//! [`crate::host`], and what one call of them does (record it, call back into Wasm, or hand back
//! its results). It names no engine: each adapter implements [`HostCaller`] for its own engine's
//! caller, so wasmi still shares no engine code with Wasmtime.

use crate::Value;
use crate::host::{CALLBACK, HostFunc, HostLog, HostTrap};

/// What the store of one run keeps for the host functions: `Func` is the engine's function
/// handle, `Limits` the engine's store limiter.
pub(crate) struct HostState<Func, Limits> {
    /// The host calls made so far and the depth of nested callbacks.
    pub(crate) log: HostLog,
    /// The store's memory and table limits ([`crate::limits`]).
    pub(crate) limits: Limits,
    /// The target of `host.call_back`, once the instance exists.
    pub(crate) callback: Option<Func>,
}

impl<Func, Limits> HostState<Func, Limits> {
    /// A state with an empty log, the store limits `limits` and no callback target yet.
    pub(crate) fn new(limits: Limits) -> HostState<Func, Limits> {
        HostState {
            log: HostLog::default(),
            limits,
            callback: None,
        }
    }
}

/// An engine's caller as a host function sees it: the engine's values, function handles and
/// errors, and the [`HostState`] of its store.
pub(crate) trait HostCaller {
    /// The engine's value.
    type Val;
    /// The engine's function handle.
    type Func: Copy;
    /// The engine's store limiter.
    type Limits;
    /// The engine's error, which a host function returns to trap.
    type Error;

    /// The host state of the caller's store.
    fn state(&mut self) -> &mut HostState<Self::Func, Self::Limits>;

    /// Calls `target` with `params`, writing one value per result into `results`.
    ///
    /// # Errors
    ///
    /// When the call traps (the engine's error, passed on unchanged).
    fn call_back(
        &mut self,
        target: Self::Func,
        params: &[Self::Val],
        results: &mut [Self::Val],
    ) -> Result<(), Self::Error>;

    /// `val` as the harness's value.
    fn value(val: &Self::Val) -> Value;

    /// The harness's `value` as the engine's.
    fn val(value: Value) -> Self::Val;

    /// `trap` as the engine's error, which the adapter maps back to [`crate::TrapKind::HostTrap`].
    fn trap(trap: HostTrap) -> Self::Error;
}

/// One call of the host function `func` with `params`: recorded in the log, then, for
/// `host.call_back` with a target and below [`crate::host::MAX_CALLBACK_DEPTH`], a call of the
/// target with the same `params` and `results`; otherwise the log's results written to `results`
/// (one per result type of `func`).
///
/// # Errors
///
/// [`HostCaller::trap`] of [`HostTrap`] when the host function traps, or the error of the
/// callback's call.
pub(crate) fn host_call<C: HostCaller>(
    caller: &mut C,
    func: &'static HostFunc,
    params: &[C::Val],
    results: &mut [C::Val],
) -> Result<(), C::Error> {
    let args: Vec<Value> = params.iter().map(C::value).collect();
    let out = caller.state().log.call(func, &args).map_err(C::trap)?;
    if let Some(target) = caller.state().callback.filter(|_| func.name == CALLBACK)
        && caller.state().log.begin_callback()
    {
        let called = caller.call_back(target, params, results);
        caller.state().log.end_callback();
        return called;
    }
    for (slot, value) in results.iter_mut().zip(out) {
        *slot = C::val(value);
    }
    Ok(())
}
