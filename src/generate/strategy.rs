//! Strategies: the ways of generating a module. Each lives in its own file of `src/generate/` and
//! is registered here, once, with its name and weight; a campaign draws each module's strategy
//! from the module's seed, in proportion to the weights of the strategies it runs.

use arbitrary::Unstructured;
use crosscheck_oracles::ProposalSet;
use thiserror::Error;

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
    /// The proposals every engine of the run supports: a module may use these and no others.
    pub allowed: ProposalSet,
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

/// A registered strategy.
#[derive(Debug)]
pub struct Registered {
    /// Its name on the command line, in statistics and in findings.
    pub name: &'static str,
    /// Its share of a campaign's modules against the other strategies run, in parts.
    pub weight: u32,
    /// What it generates, one line.
    pub summary: &'static str,
    build: fn() -> Box<dyn Strategy>,
}

impl Registered {
    /// A new instance (the `isle` strategy parses Cranelift's rules here, a few milliseconds).
    pub fn build(&self) -> Box<dyn Strategy> {
        (self.build)()
    }
}

/// Every strategy, in the order `--help` lists them. The weights follow the mutation score
/// (`scripts/mutation-score.sh`, README "Mutation score"): `isle` alone kills every mutant and
/// `ops` kills fastest, while `smith` and `edge` reach what whole programs do (control flow,
/// calls, tables, traps across host frames).
pub static STRATEGIES: [Registered; 4] = [
    Registered {
        name: "smith",
        weight: 2,
        summary: "wasm-smith modules with swarm-chosen proposals, instruction classes and sizes",
        build: || Box::new(super::smith::Smith),
    },
    Registered {
        name: "edge",
        weight: 2,
        summary: "wasm-smith modules whose constants and memory offsets are rewritten to edge values",
        build: || Box::new(super::edge::Edge),
    },
    Registered {
        name: "isle",
        weight: 4,
        summary: "functions computing the left-hand sides of Cranelift's ISLE rules, with the rules' own constants",
        build: || Box::new(super::isle::Isle::new()),
    },
    Registered {
        name: "ops",
        weight: 2,
        summary: "one instruction per function, every numeric, memory and SIMD instruction, edge operands",
        build: || Box::new(super::ops::Ops),
    },
];

/// A strategy name that is not registered.
#[derive(Debug, Error)]
#[error("unknown strategy `{0}` (known: {known})", known = names().join(", "))]
pub struct UnknownStrategy(pub String);

/// The names of every strategy.
pub fn names() -> Vec<&'static str> {
    STRATEGIES.iter().map(|s| s.name).collect()
}

/// The registered strategy called `name`.
///
/// # Errors
///
/// [`UnknownStrategy`] for any other name.
pub fn find(name: &str) -> Result<&'static Registered, UnknownStrategy> {
    STRATEGIES
        .iter()
        .find(|s| s.name == name)
        .ok_or_else(|| UnknownStrategy(name.to_string()))
}

/// The strategies of a comma-separated list (`all` for every one), each once, in registry order.
///
/// # Errors
///
/// [`UnknownStrategy`] for a name that is not registered, or an empty list.
pub fn parse_list(list: &str) -> Result<Vec<&'static Registered>, UnknownStrategy> {
    let mut chosen = Vec::new();
    for name in list.split(',').map(str::trim) {
        if name == "all" {
            return Ok(STRATEGIES.iter().collect());
        }
        let found = find(name)?;
        if !chosen.iter().any(|c: &&Registered| c.name == found.name) {
            chosen.push(found);
        }
    }
    chosen.sort_by_key(|c| STRATEGIES.iter().position(|s| s.name == c.name));
    Ok(chosen)
}

/// The `--help` text of `--strategies`: every strategy with its weight and summary.
pub fn help() -> String {
    let mut text = String::from(
        "Module generators to run, comma-separated, or `all`; each module's strategy is drawn from its seed \
         in proportion to the weights of the strategies run:",
    );
    for s in &STRATEGIES {
        text.push_str(&format!("\n  {} (weight {}): {}", s.name, s.weight, s.summary));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_parse_to_registered_strategies_in_registry_order() {
        let names = |list: &str| parse_list(list).unwrap().iter().map(|s| s.name).collect::<Vec<_>>();
        assert_eq!(names("ops,smith,ops"), ["smith", "ops"]);
        assert_eq!(names("all"), ["smith", "edge", "isle", "ops"]);
        let error = parse_list("smith,bogus").err().unwrap().to_string();
        assert!(error.contains("`bogus`") && error.contains("isle"), "{error}");
        assert!(parse_list("").is_err());
    }
}
