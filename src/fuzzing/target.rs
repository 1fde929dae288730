//! The `cargo fuzz` targets: which engines each may run and what modules it makes.

use anyhow::{Result, bail};
use crosscheck_oracles::naming::{WASMI, host_arch};

use crate::generate::Mode;

/// The environment variable that restricts a target's engines: a comma-separated list of engine
/// names (test doubles included when they are enabled), used instead of the target's own list.
pub const ENGINES_VAR: &str = "CROSSCHECK_FUZZ_ENGINES";

/// A `cargo fuzz` target of `fuzz/fuzz_targets/`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// Every engine available in-process; the input chooses the engines, the mode (default, fuel
    /// or traps), the module and the plan.
    Differential,
    /// Winch against the Cranelift opt levels with engine fuel: the `fuel` and `backtrace`
    /// classes included.
    WinchCranelift,
    /// The trap-biased generator (`--mode traps`): non-terminating code stopped by interrupts.
    Traps,
    /// The aarch64 engines in a worker under QEMU, with wasmi (native) as the oracle. libFuzzer's
    /// coverage feedback sees only the host side: generation, cross-compilation and comparison.
    DifferentialAarch64,
    /// Modules of the specification test suite mutated with `wasm-mutate`, in interrupt mode.
    SpecMutate,
}

/// Every target, in the order of `fuzz/Cargo.toml`.
pub const TARGETS: [Target; 5] = [
    Target::Differential,
    Target::WinchCranelift,
    Target::Traps,
    Target::DifferentialAarch64,
    Target::SpecMutate,
];

impl Target {
    /// The target's name, as given to `cargo fuzz run`.
    pub fn name(self) -> &'static str {
        match self {
            Target::Differential => "differential",
            Target::WinchCranelift => "winch_cranelift",
            Target::Traps => "traps",
            Target::DifferentialAarch64 => "differential_aarch64",
            Target::SpecMutate => "spec_mutate",
        }
    }

    /// The target named `name`.
    ///
    /// # Errors
    ///
    /// An unknown name, with the list of known ones.
    pub fn from_name(name: &str) -> Result<Target> {
        match TARGETS.into_iter().find(|t| t.name() == name) {
            Some(t) => Ok(t),
            None => {
                let known: Vec<&str> = TARGETS.iter().map(|t| t.name()).collect();
                bail!("unknown fuzz target `{name}` (known: {})", known.join(", "))
            }
        }
    }

    /// The engines the target chooses from, unless [`ENGINES_VAR`] says otherwise: concrete
    /// names, the first being the one every choice keeps (Winch for `winch_cranelift`).
    pub fn default_engines(self) -> Vec<String> {
        let arch = host_arch();
        let compiled = |arch: &str| {
            let mut names = vec![format!("winch-{arch}")];
            names.extend(["o0", "speed", "size"].map(|v| format!("cranelift-{arch}:{v}")));
            names
        };
        match self {
            Target::Differential | Target::Traps | Target::SpecMutate => {
                let mut names = compiled(arch);
                names.push(WASMI.into());
                names
            }
            Target::WinchCranelift => compiled(arch),
            Target::DifferentialAarch64 => {
                let mut names = compiled("aarch64");
                names.push(WASMI.into());
                names
            }
        }
    }

    /// The modes the input chooses from.
    pub fn modes(self) -> &'static [Mode] {
        match self {
            Target::Differential | Target::DifferentialAarch64 => &[Mode::Default, Mode::Fuel, Mode::Traps],
            Target::WinchCranelift => &[Mode::Fuel],
            Target::Traps => &[Mode::Traps],
            Target::SpecMutate => &[Mode::Spec],
        }
    }
}
