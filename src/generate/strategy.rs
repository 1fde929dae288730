//! Strategies: the ways of generating a module. This file holds what every strategy implements
//! and returns; each strategy lives in its own file of `src/generate/` and is registered, once,
//! with its name and weight, in [`super::registry`]. A campaign draws each module's strategy from
//! the module's seed, in proportion to the weights of the strategies it runs.

use arbitrary::Unstructured;
use crosscheck_oracles::ProposalSet;

use super::{Discard, HostImports, Mode, Source};

/// A module a strategy made, before the generator validates it and plans its calls.
#[derive(Clone, Debug)]
pub struct Made {
    /// The module, binary.
    pub wasm: Vec<u8>,
    /// The proposals the module uses: it is validated with these, and engines are picked by them
    /// (a module using SIMD runs only on engine variants that compile it).
    pub proposals: ProposalSet,
    /// Where it comes from.
    pub source: Source,
    /// The termination budget compiled into the module (wasm-smith `ensure_termination`), if it
    /// has one; see `CallPlan::termination_fuel`.
    pub termination_fuel: Option<u32>,
}

/// What every strategy is given besides its random input.
pub struct Context<'a> {
    /// The proposals that at least two engines of the run reach: a module may use these and no
    /// others (it then runs on the engines that compile what it uses).
    pub allowed: ProposalSet,
    /// The proposals every engine reaches (a subset of `allowed`): a module using only these runs
    /// on every engine unless it uses a feature one of them refuses, so swarm draws favour them.
    pub common: ProposalSet,
    /// The campaign's mode.
    pub mode: Mode,
    /// The host functions a module may import.
    pub host_imports: &'a HostImports,
}

/// What a strategy can instantiate, for the coverage a campaign reports: the units (ISLE rules,
/// instructions) it knows, in groups, and the group of a unit named in a [`Source`].
#[derive(Clone, Debug)]
pub struct Coverage {
    /// What is counted: `rules`, `instructions`.
    pub unit: &'static str,
    /// Where the units come from, e.g. `cranelift-codegen 0.137.1`.
    pub origin: String,
    /// Units read in all, the inexpressible and the out-of-scope ones included (every `rule` of
    /// the ISLE files).
    pub parsed: usize,
    /// Per group (`mid-end`, `x64`, `aarch64`): units in scope, and of those the ones the
    /// strategy can express.
    pub groups: Vec<(&'static str, usize, usize)>,
    /// The group of a unit, by the name a [`Source`] records.
    pub group_of: fn(&str) -> &'static str,
}

/// A module generator.
pub trait Strategy: Send + Sync {
    /// Makes one module from `u`: the same bytes and context always give the same module.
    ///
    /// # Errors
    ///
    /// A [`Discard`] when the input gives no module.
    fn generate(&self, u: &mut Unstructured, cx: &Context<'_>) -> Result<Made, Discard>;

    /// What it can instantiate, if it counts units (see [`Coverage`]).
    fn coverage(&self) -> Option<Coverage> {
        None
    }
}
