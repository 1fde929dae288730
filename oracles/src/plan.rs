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
