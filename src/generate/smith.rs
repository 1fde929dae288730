//! Strategy `smith`: a wasm-smith module with swarm-chosen proposals, instruction classes and
//! size limits (see [`super::swarm`]), made terminating except in [`Mode::Traps`]; with the
//! atomics, its waits wait 0 ns ([`super::timeouts`]).

use arbitrary::Unstructured;
use crosscheck_oracles::Proposal;

use super::strategy::{Context, Made, Strategy};
use super::{Discard, Mode, Source, SwarmChoice, TERMINATION_FUEL};

/// The wasm-smith strategy.
pub struct Smith;

/// A wasm-smith module for `cx` drawn from `u`, with its swarm choice and, unless the mode is
/// [`Mode::Traps`], the index of its termination-fuel global (wasm-smith `ensure_termination`
/// with [`TERMINATION_FUEL`]).
///
/// # Errors
///
/// [`Discard::Generator`] when wasm-smith makes no module of the input.
pub fn module(u: &mut Unstructured, cx: &Context<'_>) -> Result<(Vec<u8>, SwarmChoice, Option<u32>), Discard> {
    let gen_err = |e: arbitrary::Error| Discard::Generator(e.to_string());
    let swarm = SwarmChoice::arbitrary(u, cx.allowed, cx.common, cx.mode).map_err(gen_err)?;
    let config = swarm.config(u, cx.host_imports, cx.mode).map_err(gen_err)?;
    let mut module = wasm_smith::Module::new(config, u).map_err(gen_err)?;
    let fuel_global = if cx.mode == Mode::Traps {
        None
    } else {
        Some(
            module
                .ensure_termination(TERMINATION_FUEL)
                .map_err(|e| Discard::Generator(e.to_string()))?,
        )
    };
    Ok((module.to_bytes(), swarm, fuel_global))
}

/// `wasm`, a module of `swarm`, with the time-out of its waits 0 when the swarm drew the atomics
/// ([`super::timeouts::zero_wait_timeouts`]); as it is otherwise.
///
/// # Errors
///
/// [`Discard::Generator`] when the module does not re-encode.
pub fn one_thread(wasm: Vec<u8>, swarm: &SwarmChoice) -> Result<Vec<u8>, Discard> {
    if swarm.proposals.contains(Proposal::Atomics) {
        super::timeouts::zero_wait_timeouts(&wasm).map_err(Discard::Generator)
    } else {
        Ok(wasm)
    }
}

impl Strategy for Smith {
    fn generate(&self, u: &mut Unstructured, cx: &Context<'_>) -> Result<Made, Discard> {
        let (wasm, swarm, fuel_global) = module(u, cx)?;
        Ok(Made {
            wasm: one_thread(wasm, &swarm)?,
            proposals: swarm.proposals,
            termination_fuel: fuel_global.map(|_| TERMINATION_FUEL),
            source: Source::Swarm(swarm),
        })
    }
}
