//! `crosscheck engines`.

use std::process::ExitCode;

use anyhow::Result;
use crosscheck_oracles::config::{Family, KNOBS};
use crosscheck_oracles::{ProbeResult, WASMI_VERSION, WASMTIME_VERSION, engine, naming, registry};

use crate::engines::Isolation;
use crate::engines::other_builds;
use crate::releases::{self, Newest};

/// The arguments of `crosscheck engines`.
#[derive(Debug, clap::Args)]
pub struct EnginesArgs {
    /// List the knobs of each engine kind (`--engines NAME,KNOB=VALUE,...`) with their values,
    /// default first, and what Winch does not support.
    #[arg(long, conflicts_with = "features")]
    configs: bool,
    /// For each engine, the features its build compiles and refuses, one probe module per
    /// instruction family and value type (`crosscheck_oracles::features`), and any probe that
    /// panicked the engine.
    #[arg(long)]
    features: bool,
    /// With `--features`: the engines to probe, comma-separated (engines of other builds too,
    /// `winch-x64@43.0.0`); default every engine known here.
    #[arg(long, requires = "features", value_name = "LIST")]
    engines: Option<String>,
}

impl EnginesArgs {
    /// Prints the engines, or with `--configs` their knobs.
    ///
    /// # Errors
    ///
    /// An engine that fails to build for another reason than being unavailable here.
    pub fn run(self) -> Result<ExitCode> {
        if self.configs {
            configs()
        } else if self.features {
            features(self.engines.as_deref())
        } else {
            list()
        }
    }
}

/// Prints, for each engine of `list` (every known concrete engine when `None`), what its build
/// compiles: the features whose probe it compiles, those it refuses with the first line of its
/// reason, and the probes that panicked it (a bug of the engine, reported here, not a crash).
///
/// # Errors
///
/// A malformed list, an unknown engine, or an engine that fails to build for another reason than
/// being unavailable here.
fn features(list: Option<&str>) -> Result<ExitCode> {
    let names: Vec<String> = match list {
        Some(list) => crate::engines::split_list(list)?
            .iter()
            .map(|name| registry::expand(name))
            .collect::<Result<Vec<_>, _>>()?
            .concat(),
        None => naming::known_names()
            .into_iter()
            .filter(|name| registry::expand(name).is_ok_and(|c| c == [name.clone()]))
            .collect(),
    };
    for name in names {
        let engine = match Isolation::InProcess.build(&name) {
            Ok(engine) => engine,
            Err(engine::EngineError::Unavailable { reason, .. }) => {
                println!("{name}: not available: {reason}");
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        let support = engine.support();
        println!("{name} ({}, {})", engine.version(), engine.arch());
        let compiles: Vec<&str> = support.features().iter().map(|f| f.name()).collect();
        println!("  compiles: {}", compiles.join(", "));
        for (feature, result) in support.results() {
            match result {
                ProbeResult::Compiles => {}
                ProbeResult::Refused(why) => {
                    println!(
                        "  refuses {}: {}",
                        feature.name(),
                        why.lines().next().unwrap_or_default()
                    )
                }
                ProbeResult::Panicked(why) => println!("  PROBE PANICKED {}: {why}", feature.name()),
                ProbeResult::Crashed(why) => println!("  PROBE CRASHED {}: {why}", feature.name()),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints the pinned engine crates and whether newer releases are out, then every known engine:
/// version, architecture (and emulator) and the proposals it supports, or why it is not available
/// here.
fn list() -> Result<ExitCode> {
    pins(&releases::Index::from_env());
    for name in naming::known_names() {
        let concrete = registry::expand(&name)?;
        if concrete != [name.clone()] {
            println!("{name:<24} = one of {} per module", concrete.join(", "));
            continue;
        }
        let engine = match Isolation::InProcess.build(&name) {
            Ok(engine) => engine,
            Err(engine::EngineError::Unavailable { reason, .. }) => {
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
    list_other_builds();
    Ok(ExitCode::SUCCESS)
}

/// Prints the engine crates this build links and, when `index` can be read, whether a newer
/// release of each is out (and, for Wasmtime, whether it can be built with Winch).
fn pins(index: &releases::Index) {
    println!("pinned: wasmtime {WASMTIME_VERSION}, wasmi {WASMI_VERSION}");
    for (krate, pinned) in [("wasmtime", WASMTIME_VERSION), ("wasmi", WASMI_VERSION)] {
        match releases::newest_against(index, krate, pinned) {
            Newest::Pinned => println!("  {krate}: {pinned} is the newest release"),
            Newest::Unknown(why) => println!("  {krate}: could not look for a newer release ({why})"),
            Newest::Newer(version) => {
                let winch = match (krate, releases::winch_published(index, &version)) {
                    ("wasmtime", Ok(false)) => {
                        format!("; winch-codegen {version} is not published, so its worker has Cranelift only")
                    }
                    _ => String::new(),
                };
                println!(
                    "  {krate}: {version} is out, newer than the pin {pinned} (scripts/build-worker.sh --{krate} \
                     {version} builds its engines as NAME@{version}){winch}"
                );
            }
        }
    }
}

/// Prints the engines of the other builds in the worker cache (see [`crate::engines::other_builds`]), one
/// line per build: the names they take and what they link.
fn list_other_builds() {
    let dir = other_builds::cache_dir();
    let built = other_builds::list(&dir);
    if built.is_empty() {
        println!(
            "other builds: none in {} (scripts/build-worker.sh --wasmtime VERSION adds one)",
            dir.display()
        );
        return;
    }
    println!("other builds, in {} (scripts/build-worker.sh):", dir.display());
    for worker in built {
        let arch = naming::arch_suffix(worker.target.split('-').next().unwrap_or_default());
        let names: Vec<String> = if worker.kind == "wasmi" {
            vec![naming::labeled(naming::WASMI, &worker.label)]
        } else {
            naming::names_for(arch)
                .iter()
                .filter(|n| worker.build.winch || naming::compiler_of(n) != Some(crosscheck_oracles::Compiler::Winch))
                .map(|n| naming::labeled(n, &worker.label))
                .collect()
        };
        println!(
            "  {} {} ({}): {}; links wasmtime {}, wasmi {}, from {}",
            worker.kind,
            worker.label,
            worker.target,
            names.join(", "),
            worker.build.wasmtime,
            worker.build.wasmi,
            worker.build.source
        );
    }
}

/// Prints the knobs of each engine kind (see `crosscheck_oracles::config`): name, the engines it
/// applies to, its values (the default first), what Winch does not support, and what it does.
fn configs() -> Result<ExitCode> {
    println!("settings go after an engine name: --engines cranelift-x64:o0,regalloc=single_pass,avx=off,wasmi");
    println!(
        "{:<12} {:<34} {:<40} about",
        "knob", "engines", "values (default first)"
    );
    for knob in KNOBS {
        let engines = match (knob.family, knob.arch, knob.cranelift_only) {
            (Family::Wasmi, _, _) => "wasmi".to_string(),
            (Family::Wasmtime, arch, cranelift_only) => {
                let arch = arch.unwrap_or("<arch>");
                if cranelift_only {
                    format!("cranelift-{arch}")
                } else {
                    format!("winch-{arch}, cranelift-{arch}")
                }
            }
        };
        let winch = knob
            .winch_forbids
            .map(|reason| format!(" [Winch: default only; {reason}]"))
            .unwrap_or_default();
        let drawn = knob
            .not_drawn
            .map(|reason| format!(" [not drawn by the swarm: {reason}]"))
            .unwrap_or_default();
        println!(
            "{:<12} {engines:<34} {:<40} {}{winch}{drawn}",
            knob.name,
            knob.values.join(" | "),
            knob.about
        );
    }
    Ok(ExitCode::SUCCESS)
}
