//! The registry of strategies: every [`Strategy`] by name, with its weight in a campaign, and the
//! parsing of `--strategies` lists. Each strategy lives in its own file of `src/generate/` and is
//! registered here, in one place.

use thiserror::Error;

use super::strategy::Strategy;

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
/// (`scripts/mutation-score.sh`, README "Mutation score") and the harness's share of the
/// campaign's time (`crosscheck bench`, docs/performance.md): `isle` alone kills every mutant and
/// `ops` kills fastest, each at about 6% of harness time, while `smith` and `edge` reach what
/// whole programs do (control flow, calls, tables, traps across host frames) at about 18%, most
/// of it wasm-smith generating the module.
pub static STRATEGIES: [Registered; 4] = [
    Registered {
        name: "smith",
        weight: 1,
        summary: "wasm-smith modules with swarm-chosen proposals, instruction classes and sizes",
        build: || Box::new(super::smith::Smith),
    },
    Registered {
        name: "edge",
        weight: 1,
        summary: "wasm-smith modules whose constants and memory offsets are rewritten to edge values",
        build: || Box::new(super::edge::Edge),
    },
    Registered {
        name: "isle",
        weight: 5,
        summary: "functions computing the left-hand sides of Cranelift's ISLE rules, with the rules' own constants",
        build: || Box::new(super::isle::Isle::new()),
    },
    Registered {
        name: "ops",
        weight: 3,
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
