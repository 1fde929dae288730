//! Reducing the call plan: drop the calls after the divergence, drop every call the divergence does
//! not need, and simplify the arguments toward 0, 1 and -1.

use crosscheck_oracles::{CallPlan, Value};

use super::target::Target;

/// `plan` without the calls after `step` (0 is instantiation, `i + 1` is call `i`).
pub fn truncate(plan: &CallPlan, step: usize) -> CallPlan {
    let mut shorter = plan.clone();
    shorter.calls.truncate(step);
    shorter
}

/// Removes calls one at a time, last first, keeping each removal after which `target` still holds;
/// then drops the calls after the (possibly earlier) diverging step.
pub fn drop_calls(target: &mut Target, wasm: &[u8], plan: CallPlan) -> CallPlan {
    let mut plan = plan;
    let mut i = plan.calls.len();
    while i > 0 && !target.expired() {
        i -= 1;
        let mut candidate = plan.clone();
        candidate.calls.remove(i);
        if target.holds(wasm, &candidate) {
            plan = candidate;
            if let Some(step) = target.step() {
                plan = truncate(&plan, step);
                i = i.min(plan.calls.len());
            }
        }
    }
    plan
}

/// Replaces each argument by the first of 0, 1 and -1 (of its type) with which `target` still
/// holds; arguments already that simple, and references, are kept.
pub fn simplify_args(target: &mut Target, wasm: &[u8], plan: CallPlan) -> CallPlan {
    let mut plan = plan;
    for c in 0..plan.calls.len() {
        for a in 0..plan.calls[c].args.len() {
            let current = plan.calls[c].args[a];
            for simple in simple_values(current) {
                if simple == current {
                    break;
                }
                let mut candidate = plan.clone();
                candidate.calls[c].args[a] = simple;
                if target.holds(wasm, &candidate) {
                    plan = candidate;
                    break;
                }
            }
        }
    }
    plan
}

/// 0, 1 and -1 of the type of `v`, simplest first; none for a reference.
fn simple_values(v: Value) -> Vec<Value> {
    match v {
        Value::I32(_) => vec![Value::I32(0), Value::I32(1), Value::I32(-1)],
        Value::I64(_) => vec![Value::I64(0), Value::I64(1), Value::I64(-1)],
        Value::F32(_) => [0.0f32, 1.0, -1.0].map(|x| Value::F32(x.to_bits())).to_vec(),
        Value::F64(_) => [0.0f64, 1.0, -1.0].map(|x| Value::F64(x.to_bits())).to_vec(),
        Value::V128(_) => vec![Value::V128(0), Value::V128(1), Value::V128(u128::MAX)],
        Value::Ref { .. } => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crosscheck_oracles::PlannedCall;

    #[test]
    fn truncation_keeps_the_calls_up_to_the_diverging_step() {
        let call = |n: i32| PlannedCall {
            export: format!("f{n}"),
            args: vec![Value::I32(n)],
        };
        let plan = CallPlan {
            calls: (0..5).map(call).collect(),
            ..CallPlan::default()
        };
        assert!(truncate(&plan, 0).calls.is_empty(), "step 0 is instantiation");
        let kept: Vec<_> = truncate(&plan, 3).calls.into_iter().map(|c| c.export).collect();
        assert_eq!(kept, ["f0", "f1", "f2"], "step 3 is call 2");
        assert_eq!(truncate(&plan, 9).calls.len(), 5);
    }

    #[test]
    fn simple_values_have_the_argument_type_and_start_at_zero() {
        for v in [
            Value::I32(7),
            Value::I64(-9),
            Value::F32(3),
            Value::F64(5),
            Value::V128(2),
        ] {
            let simple = simple_values(v);
            assert_eq!(simple.len(), 3);
            assert!(simple.iter().all(|s| s.ty() == v.ty()));
            assert_eq!(simple[0], Value::zero(v.ty()));
        }
    }
}
