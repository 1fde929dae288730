//! Comparison of two engines' records of one step.

use crosscheck_oracles::{HostCall, StepOutcome, StepRecord, TrapKind, same_values};

use super::state::compare_state;
use super::{Class, StepDifference};

/// The difference between two records of the same step, or `None` when they agree. Checked in
/// this order: crash, hang, stack overflow, fuel exhaustion, trap, host calls, result, backtrace,
/// fuel left, and state.
///
/// Fuel is compared only when both engines meter it (both report `fuel_left`), and only for a
/// step that returned on both: the fuel the step consumed (its `fuel_left` subtracted from the
/// previous step's, `previous`; for instantiation, the fuel left itself) must be equal, unless
/// either engine reports 0 left, which Wasmtime also reports for a budget overrun after the last
/// fuel check. Wasmtime
/// does not account fuel precisely up to the trapping instruction (Cranelift keeps the count in a
/// register and stores it only at calls and branches), so a trap's fuel is not compared, and an
/// absolute comparison would carry that imprecision into every later step. Backtraces are
/// compared only when both engines report them.
///
/// When both engines stopped with a trap whose stopping point depends on frame sizes or timing
/// (stack overflow, interrupt), only the common prefix of their host calls is compared, and
/// neither their backtraces nor their state are: how deep a recursion got, or how many iterations ran, before the stop
/// differs legitimately.
///
/// `previous_agreed` says that the caller compared `previous` and found no difference (or reports
/// no state difference from there on); a memory that neither engine changed since is then not
/// compared again (see [`compare_state`]).
pub fn compare_steps(
    a: &StepRecord,
    b: &StepRecord,
    previous: Option<(&StepRecord, &StepRecord)>,
    previous_agreed: bool,
) -> Option<StepDifference> {
    let both_metered = a.fuel_left.is_some() && b.fuel_left.is_some();
    let stopped_anywhere = stopped_at_same_trap(a, b);
    let (calls_a, calls_b) = if stopped_anywhere {
        let n = a.host_calls.len().min(b.host_calls.len());
        (&a.host_calls[..n], &b.host_calls[..n])
    } else {
        (&a.host_calls[..], &b.host_calls[..])
    };
    outcome_difference(&a.outcome, &b.outcome, both_metered)
        .or_else(|| host_calls_difference(calls_a, calls_b))
        .or_else(|| returned_difference(&a.outcome, &b.outcome))
        .or_else(|| {
            if stopped_anywhere {
                None
            } else {
                backtrace_difference(a, b)
            }
        })
        .or_else(|| fuel_used_difference(a, b, previous))
        .or_else(|| match (!stopped_anywhere, &a.state, &b.state) {
            (true, Some(x), Some(y)) => {
                let agreed = previous
                    .filter(|(pa, pb)| previous_agreed && !stopped_at_same_trap(pa, pb))
                    .and_then(|(pa, pb)| pa.state.as_ref().zip(pb.state.as_ref()));
                compare_state(x, y, agreed)
            }
            _ => None,
        })
}

/// Whether both engines stopped with the same trap whose stopping point depends on frame sizes or
/// timing (their state is then not compared).
fn stopped_at_same_trap(a: &StepRecord, b: &StepRecord) -> bool {
    matches!(
        (&a.outcome, &b.outcome),
        (StepOutcome::Trapped(x), StepOutcome::Trapped(y)) if x == y && x.ends_state_comparison()
    )
}

/// Same trap, different Wasm frames (docs/design.md, class `backtrace`; Wasmtime engines only).
fn backtrace_difference(a: &StepRecord, b: &StepRecord) -> Option<StepDifference> {
    let (Some(x), Some(y)) = (&a.backtrace, &b.backtrace) else {
        return None;
    };
    if x == y {
        return None;
    }
    let first = x
        .iter()
        .zip(y)
        .position(|(p, q)| p != q)
        .unwrap_or(x.len().min(y.len()));
    Some(StepDifference {
        class: Class::Backtrace,
        key: format!("frame-{first}"),
        detail: format!("wasm frames (function indices, innermost first): {x:?} / {y:?}"),
    })
}

fn fuel_used_difference(
    a: &StepRecord,
    b: &StepRecord,
    previous: Option<(&StepRecord, &StepRecord)>,
) -> Option<StepDifference> {
    let returned = |s: &StepRecord| matches!(s.outcome, StepOutcome::Returned(_));
    if !(returned(a) && returned(b)) {
        return None;
    }
    let (Some(left_a), Some(left_b)) = (a.fuel_left, b.fuel_left) else {
        return None;
    };
    // Wasmtime reports 0 once the count has gone past the budget: a call that overran it after its
    // last fuel check still returns, and how far it overran is not observable.
    if left_a == 0 || left_b == 0 {
        return None;
    }
    let used = |left: u64, before: Option<&StepRecord>| before.and_then(|s| s.fuel_left).map(|f| f.wrapping_sub(left));
    let (used_a, used_b) = match previous {
        Some((pa, pb)) => (used(left_a, Some(pa)), used(left_b, Some(pb))),
        None => (None, None),
    };
    let (key, detail) = match (used_a, used_b) {
        (Some(x), Some(y)) if x != y => ("fuel-used", format!("fuel used: {x} / {y} (left: {left_a} / {left_b})")),
        (Some(_), Some(_)) => return None,
        _ if left_a != left_b => ("fuel-left", format!("fuel left: {left_a} / {left_b}")),
        _ => return None,
    };
    Some(StepDifference {
        class: Class::Fuel,
        key: key.into(),
        detail,
    })
}

/// Whether two metered engines ran out of fuel at a step on a shortfall an earlier step left, so
/// that where each stopped in the step is not comparable. The pair began the step with different
/// amounts left, which only a trap (whose fuel is not accounted precisely, see [`compare_steps`])
/// or a budget overrun reported as 0 left can cause, since every step that returned was compared
/// on fuel used. Winch stores its fuel count at every control instruction and Cranelift only at
/// calls and fuel checks (winch-codegen 50.0.2, `CodeGen::fuel_before_visit_op`), so after a trap
/// Winch has been charged more. Then:
/// - when both ran out, they stopped at different points (backtraces, host calls and state may
///   differ): `true`, unless the one that began with less fuel made more host calls than the
///   other (it did more with less: that is no shortfall);
/// - when one ran out, it must have begun the step with less fuel than the other and with too
///   little for what the other did: fewer units than the other used when it returned (at the fuel
///   check where the count reaches the budget an engine runs out), any amount when the other
///   trapped (its fuel up to the trap is imprecise too) or returned with 0 left (it overran, so
///   what it used is not known). Otherwise `false`: the one that ran out is charged too much.
///
/// `previous` is the pair's records of the step before; without it (the instantiation step) or
/// with the same fuel left in both, this is `false`.
pub fn ran_out_on_an_earlier_shortfall(
    a: &StepRecord,
    b: &StepRecord,
    previous: Option<(&StepRecord, &StepRecord)>,
) -> bool {
    let out = |s: &StepRecord| matches!(s.outcome, StepOutcome::Trapped(TrapKind::OutOfFuel));
    let Some((Some(before_a), Some(before_b))) = previous.map(|(pa, pb)| (pa.fuel_left, pb.fuel_left)) else {
        return false;
    };
    if before_a == before_b {
        return false;
    }
    let (other, short_before, other_before) = match (out(a), out(b)) {
        (true, true) => {
            let (short, other) = if before_a < before_b { (a, b) } else { (b, a) };
            return short.host_calls.len() <= other.host_calls.len();
        }
        (true, false) => (b, before_a, before_b),
        (false, true) => (a, before_b, before_a),
        (false, false) => return false,
    };
    if short_before > other_before {
        return false;
    }
    match (&other.outcome, other.fuel_left) {
        (StepOutcome::Returned(_), Some(0)) => true,
        (StepOutcome::Returned(_), Some(left)) => other_before.saturating_sub(left) >= short_before,
        (StepOutcome::Trapped(_), Some(_)) => true,
        _ => false,
    }
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

/// The short name of an outcome: `returned`, a trap code, `crashed` or `hung`.
pub fn outcome_name(o: &StepOutcome) -> String {
    match o {
        StepOutcome::Returned(_) => "returned".into(),
        StepOutcome::Trapped(k) => k.name().into(),
        StepOutcome::Crashed(_) => "crashed".into(),
        StepOutcome::Hung(_) => "hung".into(),
    }
}

/// An outcome in words, e.g. `returned [i32:1]` or `trapped: unreachable`.
pub fn describe(o: &StepOutcome) -> String {
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
fn outcome_difference(a: &StepOutcome, b: &StepOutcome, both_metered: bool) -> Option<StepDifference> {
    use StepOutcome::{Crashed, Hung, Returned, Trapped};
    let class = match (a, b) {
        (Crashed(_), _) | (_, Crashed(_)) => Class::Crash,
        (Hung(_), _) | (_, Hung(_)) => Class::Hang,
        (Trapped(x), Trapped(y)) if x == y => return None,
        (Trapped(TrapKind::StackOverflow), _) | (_, Trapped(TrapKind::StackOverflow)) => Class::StackOverflow,
        (Trapped(TrapKind::OutOfFuel), _) | (_, Trapped(TrapKind::OutOfFuel)) if both_metered => Class::Fuel,
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
    let name = |c: Option<&HostCall>| c.map_or("none".to_string(), |c| c.import.to_string());
    Some(StepDifference {
        class: Class::HostCalls,
        key: format!("{}.{}", name(a.get(first)), name(b.get(first))),
        detail: format!("host call {first}: {} / {}", show(a.get(first)), show(b.get(first))),
    })
}
