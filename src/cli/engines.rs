//! `crosscheck engines`.

use std::process::ExitCode;

use anyhow::Result;
use crosscheck_oracles::registry;

pub fn run() -> Result<ExitCode> {
    for name in registry::known_names() {
        let concrete = registry::expand(&name)?;
        if concrete != [name.clone()] {
            println!("{name:<22} = one of {} per module", concrete.join(", "));
            continue;
        }
        let engine = registry::build(&name)?;
        let proposals: Vec<&str> = engine.proposals().iter().map(|p| p.name()).collect();
        println!(
            "{name:<22} {:<16} {:<12} {}",
            engine.version(),
            engine.arch(),
            proposals.join(", ")
        );
    }
    Ok(ExitCode::SUCCESS)
}
