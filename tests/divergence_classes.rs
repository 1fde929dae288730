//! Every divergence class fires, with the right class, when a test-double engine falsifies one
//! observation; and nothing fires for differences the rules exclude.

mod support;

use crosscheck::compare::{Class, Verdict, compare};
use crosscheck_oracles::{Engine, Execution, Rejection, RejectionKind, StepOutcome, TrapKind, Value};
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
        mem.bytes[17] ^= 0x40;
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
        *e = Execution::rejected(RejectionKind::Error, "compile error: register allocation failed");
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
    assert_eq!(v, Verdict::Discard("unsupported-by-engine"));
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

#[test]
fn state_is_not_compared_after_a_stack_overflow_on_every_engine() {
    let overflow_then_corrupt = |corrupt: bool| -> support::Fault {
        Box::new(move |e: &mut Execution| {
            e.steps[1].outcome = StepOutcome::Trapped(TrapKind::StackOverflow);
            if corrupt {
                e.steps[2].state.as_mut().unwrap().memories[0].bytes[100] = 1;
            }
        })
    };
    let (wasm, plan) = sample();
    let a = FaultyEngine::new("wasmi", overflow_then_corrupt(false));
    let b = FaultyEngine::new("cranelift-x64:o0", overflow_then_corrupt(true));
    let (ea, eb) = (a.execute(&wasm, &plan), b.execute(&wasm, &plan));
    assert_eq!(compare(&[(a.name(), &ea), (b.name(), &eb)]), Verdict::Agree);
    // Results are still compared after the overflow.
    let c = FaultyEngine::new(
        "cranelift-x64:o0",
        Box::new(|e: &mut Execution| {
            e.steps[1].outcome = StepOutcome::Trapped(TrapKind::StackOverflow);
            e.steps[3].outcome = StepOutcome::Trapped(TrapKind::Unreachable);
        }),
    );
    let ec = c.execute(&wasm, &plan);
    assert!(matches!(compare(&[(a.name(), &ea), (c.name(), &ec)]), Verdict::Diverge(d) if d.class == Class::Trap));
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
