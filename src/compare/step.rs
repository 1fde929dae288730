//! Comparison of two engines' records of one step.

use crosscheck_oracles::{HostCall, StepOutcome, StepRecord, TrapKind, same_values};

use super::state::compare_state;
use super::{Class, StepDifference};

/// The difference between two records of the same step, or `None` when they agree. Checked in
/// this order: crash, hang, stack overflow, trap, host calls, result, and (when `with_state`) state.
pub fn compare_steps(a: &StepRecord, b: &StepRecord, with_state: bool) -> Option<StepDifference> {
    outcome_difference(&a.outcome, &b.outcome)
        .or_else(|| host_calls_difference(&a.host_calls, &b.host_calls))
        .or_else(|| returned_difference(&a.outcome, &b.outcome))
        .or_else(|| match (with_state, &a.state, &b.state) {
            (true, Some(x), Some(y)) => compare_state(x, y),
            _ => None,
        })
}

/// The difference when only one engine has a record of a step: it crashed or hung there after
/// the other stopped (for example after instantiation trapped), or the other stopped without
/// saying why. Both are failures of an engine, never agreement.
pub fn missing_step(a: Option<&StepRecord>, b: Option<&StepRecord>) -> StepDifference {
    let present = a.or(b).map(|s| &s.outcome);
    let class = if matches!(present, Some(StepOutcome::Hung(_))) {
        Class::Hang
    } else {
        Class::Crash
    };
    let name = |s: Option<&StepRecord>| s.map_or("none".to_string(), |s| outcome_name(&s.outcome));
    let show = |s: Option<&StepRecord>| s.map_or("no such step".to_string(), |s| describe(&s.outcome));
    StepDifference {
        class,
        key: format!("{}.{}", name(a), name(b)),
        detail: format!("{} / {}", show(a), show(b)),
    }
}

fn outcome_name(o: &StepOutcome) -> String {
    match o {
        StepOutcome::Returned(_) => "returned".into(),
        StepOutcome::Trapped(k) => k.name().into(),
        StepOutcome::Crashed(_) => "crashed".into(),
        StepOutcome::Hung(_) => "hung".into(),
    }
}

fn describe(o: &StepOutcome) -> String {
    match o {
        StepOutcome::Returned(v) => {
            let v: Vec<String> = v.iter().map(|x| x.to_string()).collect();
            format!("returned [{}]", v.join(", "))
        }
        StepOutcome::Trapped(k) => format!("trapped: {k}"),
        StepOutcome::Crashed(m) => format!("crashed: {m}"),
        StepOutcome::Hung(m) => format!("hung: {m}"),
    }
}

/// Crash, stack-overflow and trap differences.
fn outcome_difference(a: &StepOutcome, b: &StepOutcome) -> Option<StepDifference> {
    use StepOutcome::{Crashed, Hung, Returned, Trapped};
    let class = match (a, b) {
        (Crashed(_), _) | (_, Crashed(_)) => Class::Crash,
        (Hung(_), _) | (_, Hung(_)) => Class::Hang,
        (Trapped(x), Trapped(y)) if x == y => return None,
        (Trapped(TrapKind::StackOverflow), _) | (_, Trapped(TrapKind::StackOverflow)) => Class::StackOverflow,
        (Trapped(_), _) | (_, Trapped(_)) => Class::Trap,
        (Returned(_), Returned(_)) => return None,
    };
    Some(StepDifference {
        class,
        key: format!("{}.{}", outcome_name(a), outcome_name(b)),
        detail: format!("{} / {}", describe(a), describe(b)),
    })
}

fn returned_difference(a: &StepOutcome, b: &StepOutcome) -> Option<StepDifference> {
    let (StepOutcome::Returned(x), StepOutcome::Returned(y)) = (a, b) else {
        return None;
    };
    if same_values(x, y) {
        return None;
    }
    let types: Vec<String> = x.iter().map(|v| format!("{:?}", v.ty()).to_lowercase()).collect();
    Some(StepDifference {
        class: Class::Result,
        key: types.join("."),
        detail: format!("{} / {}", describe(a), describe(b)),
    })
}

fn host_calls_difference(a: &[HostCall], b: &[HostCall]) -> Option<StepDifference> {
    let same = |x: &HostCall, y: &HostCall| x.import == y.import && same_values(&x.args, &y.args);
    let first = (0..a.len().max(b.len())).find(|&i| match (a.get(i), b.get(i)) {
        (Some(x), Some(y)) => !same(x, y),
        _ => true,
    })?;
    let show = |c: Option<&HostCall>| match c {
        Some(c) => {
            let args: Vec<String> = c.args.iter().map(|v| v.to_string()).collect();
            format!("{}({})", c.import, args.join(", "))
        }
        None => "no call".into(),
    };
    let name = |c: Option<&HostCall>| c.map_or("none".to_string(), |c| c.import.clone());
    Some(StepDifference {
        class: Class::HostCalls,
        key: format!("{}.{}", name(a.get(first)), name(b.get(first))),
        detail: format!("host call {first}: {} / {}", show(a.get(first)), show(b.get(first))),
    })
}
