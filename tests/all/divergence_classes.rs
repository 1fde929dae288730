//! Every divergence class fires, with the right class, when a test-double engine falsifies one
//! observation; and nothing fires for differences the rules exclude.

use crate::support;

use crosscheck::compare::{Class, Verdict, compare};
use crosscheck::discard::DiscardReason;
use crosscheck_oracles::{CallPlan, Engine, Execution, Rejection, RejectionKind, StepOutcome, TrapKind, Value};
use support::{FaultyEngine, sample};

/// Runs the sample on `cranelift-x64:o0` and on a double of `wasmi` with `fault`.
fn verdict(fault: support::Fault) -> Verdict {
    let (wasm, plan) = sample();
    let real = crosscheck_oracles::registry::build("cranelift-x64:o0").unwrap();
    let double = FaultyEngine::new("wasmi", fault);
    let a = real.execute(&wasm, &plan);
    let b = double.execute(&wasm, &plan);
    compare(&[(real.name(), &a), (double.name(), &b)])
}

fn diverges(fault: support::Fault) -> crosscheck::compare::Divergence {
    match verdict(fault) {
        Verdict::Diverge(d) => d,
        other => panic!("expected a divergence, got {other:?}"),
    }
}

#[test]
fn real_engines_agree_on_the_sample() {
    assert_eq!(verdict(Box::new(|_: &mut Execution| {})), Verdict::Agree);
}

#[test]
fn a_flipped_result_bit_is_a_result_divergence() {
    let d = diverges(Box::new(|e: &mut Execution| {
        if let StepOutcome::Returned(v) = &mut e.steps[1].outcome {
            v[0] = Value::I32(3 ^ 0x100);
        }
    }));
    assert_eq!((d.class, d.step), (Class::Result, 1));
    assert_eq!(d.engines, ["cranelift-x64:o0".to_string(), "faulty-wasmi".to_string()]);
    assert!(d.detail.contains("i32:259"), "{}", d.detail);
}

#[test]
fn a_wrong_trap_kind_is_a_trap_divergence() {
    let d = diverges(Box::new(|e: &mut Execution| {
        e.steps[3].outcome = StepOutcome::Trapped(TrapKind::IntegerOverflow)
    }));
    assert_eq!((d.class, d.step), (Class::Trap, 3));
    assert_eq!(d.key, "integer-division-by-zero.integer-overflow");
}

#[test]
fn a_return_instead_of_a_trap_is_a_trap_divergence() {
    let d = diverges(Box::new(|e: &mut Execution| {
        e.steps[3].outcome = StepOutcome::Returned(vec![Value::I32(0)])
    }));
    assert_eq!((d.class, d.step), (Class::Trap, 3));
}

#[test]
fn a_corrupted_memory_byte_is_a_state_divergence_with_its_offset() {
    let d = diverges(Box::new(|e: &mut Execution| {
        let mem = &mut e.steps[2].state.as_mut().unwrap().memories[0];
        std::sync::Arc::make_mut(&mut mem.bytes)[17] ^= 0x40;
    }));
    assert_eq!((d.class, d.step), (Class::State, 2));
    assert!(d.detail.contains("offset 0x11"), "{}", d.detail);
}

#[test]
fn a_wrong_global_is_a_state_divergence() {
    let d = diverges(Box::new(|e: &mut Execution| {
        e.steps[2].state.as_mut().unwrap().globals[0].value = Value::I32(8);
    }));
    assert_eq!((d.class, d.key.as_str()), (Class::State, "global"));
}

#[test]
fn a_wrong_memory_size_is_a_state_divergence() {
    let d = diverges(Box::new(|e: &mut Execution| {
        e.steps[0].state.as_mut().unwrap().memories[0].pages = 2
    }));
    assert_eq!((d.class, d.step, d.key.as_str()), (Class::State, 0, "memory-size"));
}

#[test]
fn an_altered_host_call_is_a_host_calls_divergence() {
    let d = diverges(Box::new(|e: &mut Execution| {
        e.steps[1].host_calls[0].args[0] = Value::I32(2)
    }));
    assert_eq!((d.class, d.step), (Class::HostCalls, 1));
    let d = diverges(Box::new(|e: &mut Execution| e.steps[1].host_calls.clear()));
    assert_eq!(d.class, Class::HostCalls);
}

#[test]
fn a_crashed_step_is_a_crash_divergence() {
    let d = diverges(Box::new(|e: &mut Execution| {
        e.steps.truncate(3);
        e.steps[2].outcome = StepOutcome::Crashed("SIGSEGV".into());
    }));
    assert_eq!((d.class, d.step), (Class::Crash, 2));
}

#[test]
fn rejecting_a_module_the_others_run_is_a_crash() {
    let d = diverges(Box::new(|e: &mut Execution| {
        let message = "compile error: register allocation failed".to_string();
        *e = Execution {
            rejection: Some(Rejection {
                kind: RejectionKind::Error,
                message,
            }),
            steps: vec![],
        };
    }));
    assert_eq!((d.class, d.key.as_str()), (Class::Crash, "rejected"));
}

#[test]
fn an_unsupported_module_is_discarded_not_reported() {
    let v = verdict(Box::new(|e: &mut Execution| {
        e.rejection = Some(Rejection {
            kind: RejectionKind::Unsupported,
            message: "Unimplemented Wasm instruction".into(),
        });
        e.steps.clear();
    }));
    assert_eq!(v, Verdict::Discard(DiscardReason::UnsupportedByEngine));
}

#[test]
fn nan_payloads_are_not_divergences_but_float_bits_are() {
    let returns = |bits: u32| -> support::Fault {
        Box::new(move |e: &mut Execution| e.steps[4].outcome = StepOutcome::Returned(vec![Value::F32(bits)]))
    };
    let (wasm, plan) = sample();
    let a = FaultyEngine::new("wasmi", returns(0x7fc0_0000));
    let b = FaultyEngine::new("cranelift-x64:o0", returns(0x7fc0_0123));
    let (ea, eb) = (a.execute(&wasm, &plan), b.execute(&wasm, &plan));
    assert_eq!(compare(&[(a.name(), &ea), (b.name(), &eb)]), Verdict::Agree);
    let d = diverges(returns((-0.5f32).to_bits()));
    assert_eq!(d.class, Class::Result);
    let d = diverges(returns(0x7fc0_0000));
    assert_eq!(d.class, Class::Result, "NaN against a number is a divergence");
}

#[test]
fn a_stack_overflow_where_another_engine_completes_is_its_own_class() {
    let d = diverges(Box::new(|e: &mut Execution| {
        e.steps[1].outcome = StepOutcome::Trapped(TrapKind::StackOverflow)
    }));
    assert_eq!(d.class, Class::StackOverflow);
}

/// Runs the sample's plan on two doubles and compares.
fn pair(a: (&str, support::Fault), b: (&str, support::Fault), plan: &CallPlan) -> Verdict {
    let (wasm, _) = sample();
    let (a, b) = (FaultyEngine::new(a.0, a.1), FaultyEngine::new(b.0, b.1));
    let (ea, eb) = (a.execute(&wasm, plan), b.execute(&wasm, plan));
    compare(&[(a.name(), &ea), (b.name(), &eb)])
}

fn honest() -> support::Fault {
    Box::new(|_: &mut Execution| {})
}

#[test]
fn after_a_stack_overflow_on_every_engine_only_crashes_are_compared() {
    let overflow_then = |later: fn(&mut Execution)| -> support::Fault {
        Box::new(move |e: &mut Execution| {
            e.steps[1].outcome = StepOutcome::Trapped(TrapKind::StackOverflow);
            e.steps[1].host_calls.clear();
            later(e);
        })
    };
    let (_, plan) = sample();
    let quiet = pair(
        ("wasmi", overflow_then(|_| {})),
        ("cranelift-x64:o0", overflow_then(|_| {})),
        &plan,
    );
    assert_eq!(quiet, Verdict::Agree);
    // Later state and results depend on where each engine stopped: not compared.
    let corrupt = |e: &mut Execution| {
        std::sync::Arc::make_mut(&mut e.steps[2].state.as_mut().unwrap().memories[0].bytes)[100] = 1;
        e.steps[3].outcome = StepOutcome::Trapped(TrapKind::Unreachable);
    };
    let v = pair(
        ("wasmi", overflow_then(|_| {})),
        ("cranelift-x64:o0", overflow_then(corrupt)),
        &plan,
    );
    assert_eq!(v, Verdict::Agree);
    // An engine that cannot serve the instance afterwards is still a crash.
    let crash = |e: &mut Execution| e.steps[3].outcome = StepOutcome::Crashed("SIGSEGV".into());
    let v = pair(
        ("wasmi", overflow_then(|_| {})),
        ("cranelift-x64:o0", overflow_then(crash)),
        &plan,
    );
    assert!(matches!(&v, Verdict::Diverge(d) if d.class == Class::Crash && d.step == 3));
}

#[test]
fn at_a_stack_overflow_only_the_common_prefix_of_host_calls_counts() {
    let (_, plan) = sample();
    let overflow = |keep: usize, arg: i32| -> support::Fault {
        Box::new(move |e: &mut Execution| {
            e.steps[1].outcome = StepOutcome::Trapped(TrapKind::StackOverflow);
            let call = e.steps[1].host_calls[0].clone();
            e.steps[1].host_calls = vec![call; keep];
            e.steps[1].host_calls[0].args[0] = Value::I32(arg);
            e.steps[1].backtrace = Some(vec![keep as u32]);
        })
    };
    assert_eq!(
        pair(("wasmi", overflow(3, 1)), ("cranelift-x64:o0", overflow(5, 1)), &plan),
        Verdict::Agree
    );
    let v = pair(("wasmi", overflow(3, 1)), ("cranelift-x64:o0", overflow(5, 2)), &plan);
    assert!(matches!(&v, Verdict::Diverge(d) if d.class == Class::HostCalls));
}

fn with_fuel(fuel: u64) -> CallPlan {
    let (_, mut plan) = sample();
    plan.options.fuel = Some(fuel);
    plan
}

#[test]
fn wasmtime_engines_report_fuel_and_agree_on_it() {
    let (wasm, _) = sample();
    let plan = with_fuel(10_000);
    let winch = crosscheck_oracles::registry::build("winch-x64").unwrap();
    let cranelift = crosscheck_oracles::registry::build("cranelift-x64:speed").unwrap();
    let (a, b) = (winch.execute(&wasm, &plan), cranelift.execute(&wasm, &plan));
    let left: Vec<Option<u64>> = a.steps.iter().map(|s| s.fuel_left).collect();
    assert!(left.iter().all(Option::is_some), "{left:?}");
    assert!(left.windows(2).all(|w| w[0] >= w[1]), "fuel only goes down: {left:?}");
    assert!(left[0].unwrap() < 10_000 || left.last().unwrap().unwrap() < 10_000);
    assert_eq!(compare(&[(winch.name(), &a), (cranelift.name(), &b)]), Verdict::Agree);
    let wasmi = crosscheck_oracles::registry::build("wasmi").unwrap();
    assert!(
        wasmi.execute(&wasm, &plan).steps.iter().all(|s| s.fuel_left.is_none()),
        "wasmi takes no part"
    );
}

#[test]
fn different_fuel_left_is_a_fuel_divergence() {
    let plan = with_fuel(10_000);
    // Call 1 (`store`) consumes one unit less; every later step keeps the offset.
    let more = |e: &mut Execution| {
        for step in &mut e.steps[2..] {
            step.fuel_left = step.fuel_left.map(|f| f + 1);
        }
    };
    let v = pair(("winch-x64", honest()), ("cranelift-x64:o0", Box::new(more)), &plan);
    assert!(
        matches!(&v, Verdict::Diverge(d) if d.class == Class::Fuel && d.step == 2 && d.key == "fuel-used"),
        "{v:?}"
    );
}

#[test]
fn running_out_of_fuel_at_a_different_step_is_a_fuel_divergence_but_not_against_wasmi() {
    let plan = with_fuel(10_000);
    let out_early = |e: &mut Execution| {
        e.steps.truncate(3);
        e.steps[2].outcome = StepOutcome::Trapped(TrapKind::OutOfFuel);
    };
    let v = pair(
        ("winch-x64", honest()),
        ("cranelift-x64:o0", Box::new(out_early)),
        &plan,
    );
    assert!(
        matches!(&v, Verdict::Diverge(d) if d.class == Class::Fuel && d.step == 2),
        "{v:?}"
    );
    // wasmi meters no fuel: once a Wasmtime engine runs out, the pair is no longer compared.
    let v = pair(("wasmi", honest()), ("cranelift-x64:o0", Box::new(out_early)), &plan);
    assert_eq!(v, Verdict::Agree);
}

/// An engine configured to meter fuel (`fuel=on`) in a run without a fuel budget can still run out:
/// one operation may cost more than its budget of 2^62 units (`table.copy` of 2^64 - 2^31
/// elements). From that step it is not compared, as a metered engine that ran out against wasmi;
/// any other trap in its place still diverges.
#[test]
fn running_out_of_a_configured_fuel_budget_ends_the_comparison() {
    let (_, plan) = sample();
    assert!(plan.options.fuel.is_none());
    let out_early = |e: &mut Execution| {
        e.steps.truncate(3);
        e.steps[2].outcome = StepOutcome::Trapped(TrapKind::OutOfFuel);
    };
    let v = pair(
        ("winch-x64,fuel=on", honest()),
        ("cranelift-x64:o0,fuel=on", Box::new(out_early)),
        &plan,
    );
    assert_eq!(v, Verdict::Agree);
    let v = pair(
        ("wasmi", honest()),
        ("cranelift-x64:o0,fuel=on", Box::new(out_early)),
        &plan,
    );
    assert_eq!(v, Verdict::Agree);
    let unreachable = |e: &mut Execution| {
        e.steps.truncate(3);
        e.steps[2].outcome = StepOutcome::Trapped(TrapKind::Unreachable);
    };
    let v = pair(
        ("wasmi", honest()),
        ("cranelift-x64:o0,fuel=on", Box::new(unreachable)),
        &plan,
    );
    assert!(
        matches!(&v, Verdict::Diverge(d) if d.class == Class::Trap && d.step == 2),
        "{v:?}"
    );
}

/// Fuel after a trap is not charged precisely (Winch stores its count at every control
/// instruction, Cranelift only at calls and fuel checks), so after the trapping `div` (step 3) one
/// engine may be left with less and run out in `half` (step 4) where the other returns: not a
/// divergence when the other used at least what the one that ran out had left; nor is a different
/// stopping point (backtrace) when both run out after such a trap. Found by the
/// `winch_cranelift` fuzz target in CI (2026-12-07): Winch 86 -> 83 and Cranelift 86 -> 86 over a
/// trapping call, and Winch out of fuel 3 calls later; and by a `--mode fuel` campaign, where
/// both ran out, in different functions.
#[test]
fn running_out_on_a_shortfall_an_earlier_trap_left_is_no_divergence() {
    let plan = with_fuel(10_000);
    // The fuel left after `div` (step 3), and `half` (step 4): its outcome, fuel left and frames.
    let after_div = |left: u64, half: &StepOutcome, half_left: u64, frames: &[u32]| -> support::Fault {
        let (half, frames) = (half.clone(), frames.to_vec());
        Box::new(move |e: &mut Execution| {
            e.steps[3].fuel_left = Some(left);
            e.steps[4].outcome = half.clone();
            e.steps[4].fuel_left = Some(half_left);
            e.steps[4].state = None;
            e.steps[4].backtrace = Some(frames.clone());
        })
    };
    let returned = StepOutcome::Returned(vec![Value::F32(0.5f32.to_bits())]);
    let out = StepOutcome::Trapped(TrapKind::OutOfFuel);
    let trapped = StepOutcome::Trapped(TrapKind::Unreachable);
    // (why, Winch's fuel left after step 3 and step 4, Cranelift's, the divergence's class if any)
    let cases = [
        ("Cranelift used 4, Winch had 3", (3, &out, 0), (6, &returned, 2), None),
        (
            "Cranelift used 2, Winch had 3",
            (3, &out, 0),
            (6, &returned, 4),
            Some(Class::Fuel),
        ),
        (
            "the engine that had more ran out",
            (6, &out, 0),
            (3, &returned, 0),
            Some(Class::Fuel),
        ),
        (
            "the same fuel left before the step",
            (3, &out, 0),
            (3, &returned, 1),
            Some(Class::Fuel),
        ),
        (
            "a trap's fuel is imprecise on the other side too",
            (3, &out, 0),
            (6, &trapped, 6),
            None,
        ),
        (
            "both ran out, at different points of the step",
            (3, &out, 0),
            (6, &out, 0),
            None,
        ),
        (
            "both ran out from the same fuel left, at different points",
            (3, &out, 0),
            (3, &out, 0),
            Some(Class::Backtrace),
        ),
    ];
    for (why, (wl, wo, wh), (cl, co, ch), expected) in cases {
        let v = pair(
            ("winch-x64", after_div(wl, wo, wh, &[3])),
            ("cranelift-x64:o0", after_div(cl, co, ch, &[2, 3])),
            &plan,
        );
        match expected {
            None => assert_eq!(v, Verdict::Agree, "{why}"),
            Some(class) => assert!(
                matches!(&v, Verdict::Diverge(d) if d.class == class && d.step == 4),
                "{why}: {v:?}"
            ),
        }
    }
    // Both ran out, but the engine that began with less fuel made a host call more: not a shortfall.
    let one_more_call = |e: &mut Execution| {
        e.steps[3].fuel_left = Some(3);
        e.steps[4].outcome = StepOutcome::Trapped(TrapKind::OutOfFuel);
        e.steps[4].fuel_left = Some(0);
        e.steps[4].host_calls = e.steps[1].host_calls.clone();
    };
    let v = pair(
        ("winch-x64", Box::new(one_more_call)),
        ("cranelift-x64:o0", after_div(6, &out, 0, &[3])),
        &plan,
    );
    assert!(
        matches!(&v, Verdict::Diverge(d) if d.class == Class::HostCalls && d.step == 4),
        "{v:?}"
    );
}

#[test]
fn different_frames_of_the_same_trap_are_a_backtrace_divergence() {
    let (wasm, plan) = sample();
    let real = crosscheck_oracles::registry::build("cranelift-x64:size")
        .unwrap()
        .execute(&wasm, &plan);
    assert_eq!(
        real.steps[3].backtrace,
        Some(vec![3]),
        "div is function 3 (after the import)"
    );
    let shifted = |e: &mut Execution| e.steps[3].backtrace = Some(vec![2]);
    let v = pair(("winch-x64", honest()), ("cranelift-x64:o0", Box::new(shifted)), &plan);
    assert!(
        matches!(&v, Verdict::Diverge(d) if d.class == Class::Backtrace && d.step == 3),
        "{v:?}"
    );
    assert_eq!(
        pair(("winch-x64", honest()), ("wasmi", honest()), &plan),
        Verdict::Agree,
        "wasmi has no frames"
    );
}

#[test]
fn an_interrupt_where_another_engine_finished_is_timing_but_a_later_crash_is_not() {
    let (_, plan) = sample();
    let interrupted = |e: &mut Execution| e.steps[2].outcome = StepOutcome::Trapped(TrapKind::Interrupt);
    assert_eq!(
        pair(("wasmi", honest()), ("cranelift-x64:o0", Box::new(interrupted)), &plan),
        Verdict::Agree
    );
    let then_crash = |e: &mut Execution| {
        e.steps[2].outcome = StepOutcome::Trapped(TrapKind::Interrupt);
        e.steps[4].outcome = StepOutcome::Crashed("SIGILL".into());
    };
    let v = pair(("wasmi", honest()), ("cranelift-x64:o0", Box::new(then_crash)), &plan);
    assert!(matches!(&v, Verdict::Diverge(d) if d.class == Class::Crash && d.step == 4));
}

#[test]
fn the_odd_engine_out_is_grouped_alone() {
    let (wasm, plan) = sample();
    let engines: Vec<Box<dyn Engine>> = vec![
        crosscheck_oracles::registry::build("winch-x64").unwrap(),
        crosscheck_oracles::registry::build("cranelift-x64:speed").unwrap(),
        Box::new(FaultyEngine::new(
            "wasmi",
            Box::new(|e: &mut Execution| e.steps[3].outcome = StepOutcome::Trapped(TrapKind::Unreachable)),
        )),
    ];
    let runs: Vec<Execution> = engines.iter().map(|e| e.execute(&wasm, &plan)).collect();
    let named: Vec<(&str, &Execution)> = engines.iter().map(|e| e.name()).zip(&runs).collect();
    let Verdict::Diverge(d) = compare(&named) else {
        panic!("expected a divergence")
    };
    assert_eq!(
        d.groups,
        vec![
            vec!["winch-x64".to_string(), "cranelift-x64:speed".into()],
            vec!["faulty-wasmi".into()]
        ]
    );
}

#[test]
fn an_engine_that_stops_without_a_reason_is_a_crash_but_one_interrupted_at_instantiation_is_not() {
    let (_, plan) = sample();
    let vanished = |e: &mut Execution| e.steps.truncate(2);
    let v = pair(("wasmi", honest()), ("cranelift-x64:o0", Box::new(vanished)), &plan);
    assert!(
        matches!(&v, Verdict::Diverge(d) if d.class == Class::Crash && d.step == 2),
        "{v:?}"
    );
    let interrupted_start = |e: &mut Execution| {
        e.steps.truncate(1);
        e.steps[0].outcome = StepOutcome::Trapped(TrapKind::Interrupt);
        e.steps[0].state = None;
    };
    assert_eq!(
        pair(
            ("wasmi", honest()),
            ("cranelift-x64:o0", Box::new(interrupted_start)),
            &plan
        ),
        Verdict::Agree
    );
}

#[test]
fn a_call_that_overran_the_fuel_budget_is_not_compared_on_fuel_used() {
    let plan = with_fuel(10_000);
    // Fuel after the trapping `div` (step 3) is imprecise; `half` (step 4) then overruns the
    // budget after its last check, and Wasmtime reports 0 left on both engines.
    let overrun = |after_trap: u64| -> support::Fault {
        Box::new(move |e: &mut Execution| {
            e.steps[3].fuel_left = Some(after_trap);
            e.steps[4].fuel_left = Some(0);
        })
    };
    assert_eq!(
        pair(("winch-x64", overrun(100)), ("cranelift-x64:o0", overrun(104)), &plan),
        Verdict::Agree
    );
    let short = |after_trap: u64| -> support::Fault {
        Box::new(move |e: &mut Execution| {
            e.steps[3].fuel_left = Some(after_trap);
            e.steps[4].fuel_left = Some(after_trap - 3);
        })
    };
    let v = pair(("winch-x64", short(100)), ("cranelift-x64:o0", short(104)), &plan);
    assert_eq!(
        v,
        Verdict::Agree,
        "the same consumption from different starting points agrees"
    );
    let v = pair(("winch-x64", short(100)), ("cranelift-x64:o0", overrun(104)), &plan);
    assert_eq!(v, Verdict::Agree);
}

/// The same on real engines: `trap` passes control instructions (Winch stores its fuel count at
/// each, Cranelift keeps it in a register) and then divides by zero, so Winch is charged more for
/// it; `count` then needs every unit Cranelift has left. Winch runs out, Cranelift returns, and
/// the verdict is agreement; the same plan without the trap runs out on neither.
#[test]
fn winch_runs_out_after_a_trap_cranelift_charged_less_for_and_agrees() {
    let wasm = wat::parse_str(
        r#"(module
          (func (export "trap") (param i32) (result i32)
            (if (local.get 0) (then (nop)))
            (if (local.get 0) (then (nop)))
            (if (local.get 0) (then (nop)))
            (if (local.get 0) (then (nop)))
            (if (local.get 0) (then (nop)))
            (if (local.get 0) (then (nop)))
            (if (local.get 0) (then (nop)))
            (if (local.get 0) (then (nop)))
            (if (local.get 0) (then (nop)))
            (if (local.get 0) (then (nop)))
            (if (local.get 0) (then (nop)))
            (if (local.get 0) (then (nop)))
            (i32.div_u (i32.const 1) (local.get 0)))
          (func (export "count") (param i32) (result i32)
            (local i32)
            (loop $l
              (local.set 1 (i32.add (local.get 1) (i32.const 1)))
              (br_if $l (i32.lt_u (local.get 1) (local.get 0))))
            (local.get 1)))"#,
    )
    .unwrap();
    let winch = crosscheck_oracles::registry::build("winch-x64").unwrap();
    let cranelift = crosscheck_oracles::registry::build("cranelift-x64:o0").unwrap();
    let plan = |calls| {
        let mut plan = CallPlan {
            calls,
            ..CallPlan::default()
        };
        plan.options.fuel = Some(FUEL);
        plan
    };
    let run = |plan: &CallPlan| (winch.execute(&wasm, plan), cranelift.execute(&wasm, plan));
    let count = support::call("count", vec![Value::I32(ITERATIONS)]);
    let (w, c) = run(&plan(vec![support::call("trap", vec![Value::I32(0)]), count.clone()]));
    let ran_out = |e: &Execution| matches!(e.steps[2].outcome, StepOutcome::Trapped(TrapKind::OutOfFuel));
    assert!(
        w.steps[1].fuel_left < c.steps[1].fuel_left,
        "Winch is charged more for the trapping call: {:?} / {:?}",
        w.steps[1].fuel_left,
        c.steps[1].fuel_left
    );
    assert!(ran_out(&w) && !ran_out(&c), "{:?} / {:?}", w.steps[2], c.steps[2]);
    assert_eq!(compare(&[(winch.name(), &w), (cranelift.name(), &c)]), Verdict::Agree);
    let (w, c) = run(&plan(vec![count]));
    assert!(
        matches!(w.steps[1].outcome, StepOutcome::Returned(_)),
        "{:?}",
        w.steps[1]
    );
    assert_eq!(compare(&[(winch.name(), &w), (cranelift.name(), &c)]), Verdict::Agree);
}

/// Cranelift's budget for [`winch_runs_out_after_a_trap_cranelift_charged_less_for_and_agrees`]:
/// `count` of [`ITERATIONS`] uses 802 units on both engines (wasmtime 50), so Cranelift, charged
/// nothing for the trap, returns with 1 left; Winch, charged for the trap's 12 `if`s, lacks more
/// than the units it may overrun after its last check in the loop, and runs out.
const FUEL: u64 = 803;
const ITERATIONS: i32 = 100;
