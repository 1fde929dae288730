//! The call plan: which exports a run calls, in which order, with which arguments.

use serde::{Deserialize, Serialize};

use crate::Value;

/// One call of an exported function.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedCall {
    /// The export name of the function.
    pub export: String,
    /// The arguments, one per parameter, in order.
    pub args: Vec<Value>,
}

/// What a run does with a module after instantiating it: the calls, in order. A plan is data: it is
/// stored with every finding (`plan.json`) and replayed as is.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallPlan {
    /// The calls, in order. Each engine makes them on one instance.
    pub calls: Vec<PlannedCall>,
    /// The seed the module and plan were generated from, when they were generated.
    #[serde(default)]
    pub seed: Option<u64>,
    /// The termination budget compiled into the module (wasm-smith `ensure_termination`): how many
    /// loop iterations plus function entries the instance may execute in total before it traps
    /// with `unreachable`. Informational; the budget lives in the module itself.
    #[serde(default)]
    pub termination_fuel: Option<u32>,
    /// How the engines run the plan.
    #[serde(default)]
    pub options: RunOptions,
}

/// Execution settings that every engine of a run applies the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunOptions {
    /// Engine fuel for the whole instance, in fuel units (Wasmtime: one unit per Wasm operator,
    /// roughly). Wasmtime engines consume fuel and report what is left after every step; wasmi
    /// meters fuel differently and runs without it (docs/design.md, class `fuel`).
    #[serde(default)]
    pub fuel: Option<u64>,
    /// Interrupt mode: the module need not terminate; every call is stopped after
    /// [`INTERRUPT_AFTER_MS`] milliseconds (Wasmtime: epoch deadline) or
    /// [`INTERRUPT_FUEL`] fuel units (wasmi), with the trap `interrupt`.
    #[serde(default)]
    pub interrupts: bool,
    /// Multiplier of every engine's stack budget, 1 normally; larger when the harness re-runs an
    /// engine that overflowed its stack to tell a deep but finite recursion from a bug.
    #[serde(default = "one")]
    pub stack_scale: u32,
}

/// How long a Wasmtime call runs in interrupt mode before its epoch deadline stops it, in
/// milliseconds.
pub const INTERRUPT_AFTER_MS: u64 = 20;

/// How much fuel a wasmi call gets in interrupt mode, in wasmi fuel units.
pub const INTERRUPT_FUEL: u64 = 4_000_000;

fn one() -> u32 {
    1
}

impl Default for RunOptions {
    fn default() -> RunOptions {
        RunOptions {
            fuel: None,
            interrupts: false,
            stack_scale: 1,
        }
    }
}

impl CallPlan {
    /// A human-readable label of step `step` of an execution: step 0 is instantiation, step
    /// `i + 1` is `calls[i]`.
    pub fn step_label(&self, step: usize) -> String {
        match step.checked_sub(1).and_then(|i| self.calls.get(i)) {
            None if step == 0 => "instantiate".to_string(),
            None => format!("step {step}"),
            Some(call) => {
                let args: Vec<String> = call.args.iter().map(|a| a.to_string()).collect();
                format!("call {} {:?}({})", step - 1, call.export, args.join(", "))
            }
        }
    }
}
