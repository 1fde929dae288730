//! `crosscheck engines`.

use std::process::ExitCode;

use anyhow::Result;
use crosscheck_oracles::registry;

use crate::engines::Isolation;

/// Prints every known engine: version, architecture (and emulator) and the proposals it supports,
/// or why it is not available here.
pub fn run() -> Result<ExitCode> {
    for name in registry::known_names() {
        let concrete = registry::expand(&name)?;
        if concrete != [name.clone()] {
            println!("{name:<24} = one of {} per module", concrete.join(", "));
            continue;
        }
        let engine = match Isolation::InProcess.build(&name) {
            Ok(engine) => engine,
            Err(registry::EngineError::Unavailable { reason, .. }) => {
                println!("{name:<24} not available: {reason}");
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        let proposals: Vec<&str> = engine.proposals().iter().map(|p| p.name()).collect();
        let arch = match engine.emulator() {
            Some(emulator) => format!("{} ({emulator})", engine.arch()),
            None => engine.arch().to_string(),
        };
        println!(
            "{name:<24} {:<16} {arch:<12} {}",
            engine.version(),
            proposals.join(", ")
        );
    }
    Ok(ExitCode::SUCCESS)
}
