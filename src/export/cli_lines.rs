//! One-line reproductions with the engines' own command-line tools: `wasmtime run` / `wasmtime
//! wast` (wasmtime-cli, the version of the linked `wasmtime` crate) and `wasmi run` / `wasmi wast`
//! (wasmi_cli), with the flags that express a crosscheck engine configuration.
//!
//! The mapping, checked by hand against wasmtime-cli 50.0.1 (`wasmtime run -C help`, `-O help`,
//! `-W help`) and wasmi_cli 2.0.0 (`wasmi run --help`):
//! - compiler: Winch `-C compiler=winch`; Cranelift `-O opt-level=0|2|s` for `o0|speed|size`;
//! - Cranelift and ISA flags (`crosscheck_oracles::config::EngineConfig::cranelift_flags`: `has_*`
//!   features off, `has_lse`, `sign_return_address`, `use_bti`) as `-C cranelift-FLAG=VALUE`, and
//!   `regalloc=single_pass` as `-C cranelift-regalloc_algorithm=single_pass`;
//! - `signals=off` `-O signals-based-traps=n`; `reservation` `-O memory-reservation=BYTES`;
//!   `guard` `-O memory-guard-size=BYTES`; `may_move=off` `-O memory-may-move=n`; `cow=off`
//!   `-O memory-init-cow=n`; `lazy_tables=off` `-O table-lazy-init=n`; `guard_before=off`
//!   `-O guard-before-linear-memory=n`; `spectre=off` and `table_spectre=off` as Cranelift flags
//!   (above); `epochs=on`
//!   `-W epoch-interruption=y`; engine fuel (the plan's, or `fuel=on` with no budget)
//!   `-W fuel=N`; interrupt mode `-W timeout=20ms`;
//! - proposals: `-W memory64=y,wide-arithmetic=y,custom-page-sizes=y`, the proposals of the
//!   default engines that wasmtime-cli leaves off (`all-proposals=y` would also turn on relaxed
//!   SIMD and function references, which Winch refuses);
//! - wasmi: `--compilation-mode eager|lazy|lazy-translation`, `--fuel N`.
//!
//! `allocator=pooling` has no line: the pool's limits (`crosscheck_oracles::limits::pooling`)
//! would need `-O pooling-*` options not checked against wasmtime-cli 50, and the Rust export
//! sets them.
//!
//! A plan that the `run` form cannot express (more than one call on one instance, host imports,
//! or arguments the CLI cannot spell: `v128`, references, NaN payloads) is given as `wast` of the
//! exported `.wast` script instead.

use crosscheck_oracles::config::split_name;
use crosscheck_oracles::naming::{WASMI, config_of};
use crosscheck_oracles::plan::INTERRUPT_AFTER_MS;
use crosscheck_oracles::{CallPlan, Value};

/// The `-W` proposals of the default engines that wasmtime-cli does not enable by default.
const PROPOSALS: &str = "memory64=y,wide-arithmetic=y,custom-page-sizes=y";

/// Fuel given to `-W fuel=` for an engine configured with `fuel=on` in a plan without a budget:
/// Wasmtime's own default budget in that case, effectively unlimited.
const UNLIMITED_FUEL: u64 = u64::MAX;

/// How a plan can be run from a command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Form {
    /// `run --invoke EXPORT MODULE ARGS...`, or no call at all (instantiation only).
    Run {
        /// The call, when there is one: the export and its arguments as the CLI spells them.
        call: Option<(String, Vec<String>)>,
    },
    /// Only as a `.wast` script; why.
    Wast(String),
}

/// The form of `plan` for module `wasm` with its host imports `imports` (their names).
pub fn form(plan: &CallPlan, imports: &[String]) -> Form {
    if !imports.is_empty() {
        return Form::Wast(format!("the module imports host functions ({})", imports.join(", ")));
    }
    match plan.calls.as_slice() {
        [] => Form::Run { call: None },
        [call] => match call.args.iter().map(cli_value).collect::<Option<Vec<_>>>() {
            Some(args) => Form::Run {
                call: Some((call.export.clone(), args)),
            },
            None => Form::Wast("an argument has no command-line spelling (v128, reference or NaN payload)".into()),
        },
        calls => Form::Wast(format!("the plan makes {} calls on one instance", calls.len())),
    }
}

/// A value as `wasmtime run --invoke` and `wasmi run --invoke` take it; `None` when they cannot.
fn cli_value(v: &Value) -> Option<String> {
    match v {
        Value::I32(x) => Some(x.to_string()),
        Value::I64(x) => Some(x.to_string()),
        Value::F32(bits) => {
            let f = f32::from_bits(*bits);
            (!f.is_nan()).then(|| format!("{f:?}"))
        }
        Value::F64(bits) => {
            let f = f64::from_bits(*bits);
            (!f.is_nan()).then(|| format!("{f:?}"))
        }
        Value::V128(_) | Value::Ref { .. } => None,
    }
}

/// The command line that runs `file` (a `.wasm`, or for [`Form::Wast`] a `.wast`) on the engine
/// `engine` (a crosscheck engine name, settings included) as `form` says, with `plan`'s run
/// options; `None` for an engine no CLI runs (a test double), for wasmi without a call, and for
/// the pooling allocator (see the module's documentation).
pub fn command(engine: &str, plan: &CallPlan, form: &Form, file: &str) -> Option<String> {
    let base = split_name(engine).0;
    let config = config_of(engine)?;
    if config.is_pooling() {
        return None;
    }
    let mut words: Vec<String> = Vec::new();
    let fuel = plan
        .options
        .fuel
        .or_else(|| (config.get("fuel") == Some("on")).then_some(UNLIMITED_FUEL));
    if base == WASMI {
        if *form == (Form::Run { call: None }) {
            // `wasmi run` without `--invoke` wants a WASI entry point: it has no
            // instantiate-only form.
            return None;
        }
        words.push("wasmi".into());
        if matches!(form, Form::Wast(_)) {
            // `wasmi wast` (wasmi_cli 2.0.0) takes no options: it runs in the default
            // compilation mode and without fuel.
            words.push("wast".into());
        } else {
            words.push("run".into());
            if let Some(mode) = config.get("compilation") {
                words.push(format!("--compilation-mode {}", mode.replace('_', "-")));
            }
            // wasmi meters fuel differently: it runs without it, as crosscheck runs it.
            if plan.options.interrupts {
                words.push(format!("--fuel {}", crosscheck_oracles::plan::INTERRUPT_FUEL));
            }
        }
    } else {
        words.push("wasmtime".into());
        words.push(if matches!(form, Form::Wast(_)) { "wast" } else { "run" }.into());
        words.push(format!("-W {PROPOSALS}"));
        if base.starts_with("winch-") {
            words.push("-C compiler=winch".into());
        }
        match base.rsplit_once(':').map(|(_, level)| level) {
            Some("o0") => words.push("-O opt-level=0".into()),
            Some("speed") => words.push("-O opt-level=2".into()),
            Some("size") => words.push("-O opt-level=s".into()),
            _ => {}
        }
        if config.get("regalloc") == Some("single_pass") {
            words.push("-C cranelift-regalloc_algorithm=single_pass".into());
        }
        for (flag, value) in config.cranelift_flags() {
            words.push(format!("-C cranelift-{flag}={value}"));
        }
        let off = |knob: &str| config.get(knob) == Some("off");
        if off("signals") {
            words.push("-O signals-based-traps=n".into());
        }
        if let Some(bytes) = config.reservation() {
            words.push(format!("-O memory-reservation={bytes}"));
        }
        if let Some(bytes) = config.guard() {
            words.push(format!("-O memory-guard-size={bytes}"));
        }
        for (knob, option) in [
            ("may_move", "memory-may-move"),
            ("cow", "memory-init-cow"),
            ("lazy_tables", "table-lazy-init"),
            ("guard_before", "guard-before-linear-memory"),
        ] {
            if off(knob) {
                words.push(format!("-O {option}=n"));
            }
        }
        if config.get("epochs") == Some("on") || plan.options.interrupts {
            words.push("-W epoch-interruption=y".into());
        }
        if plan.options.interrupts {
            words.push(format!("-W timeout={INTERRUPT_AFTER_MS}ms"));
        }
        if let Some(fuel) = fuel {
            words.push(format!("-W fuel={fuel}"));
        }
    }
    match form {
        Form::Run {
            call: Some((export, args)),
        } => {
            words.push(format!("--invoke {}", shell_word(export)));
            words.push(file.into());
            words.extend(args.iter().cloned());
        }
        Form::Run { call: None } | Form::Wast(_) => words.push(file.into()),
    }
    Some(words.join(" "))
}

/// `word` quoted for a POSIX shell when it needs to be.
fn shell_word(word: &str) -> String {
    if !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c)) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crosscheck_oracles::PlannedCall;

    fn plan(calls: Vec<PlannedCall>) -> CallPlan {
        CallPlan {
            calls,
            ..CallPlan::default()
        }
    }

    #[test]
    fn configurations_become_the_clis_flags() {
        let one = plan(vec![PlannedCall {
            export: "f".into(),
            args: vec![Value::I32(-1), Value::F64(0.5f64.to_bits())],
        }]);
        let form = form(&one, &[]);
        assert_eq!(
            command("winch-x64,avx2=off", &one, &form, "m.wasm").unwrap(),
            "wasmtime run -W memory64=y,wide-arithmetic=y,custom-page-sizes=y -C compiler=winch -C cranelift-has_avx2=false \
             -C cranelift-has_avx512bitalg=false -C cranelift-has_avx512dq=false -C cranelift-has_avx512f=false \
             -C cranelift-has_avx512vbmi=false -C cranelift-has_avx512vl=false -C cranelift-has_avx512vnni=false \
             -C cranelift-has_avx_vnni=false --invoke f m.wasm -1 0.5"
        );
        let cow = command("cranelift-x64:speed,cow=off,signals=off", &one, &form, "m.wasm").unwrap();
        assert!(
            cow.contains("-O opt-level=2") && cow.contains("-O memory-init-cow=n"),
            "{cow}"
        );
        assert!(cow.contains("-O signals-based-traps=n"), "{cow}");
        let eager = command("wasmi,compilation=eager", &one, &form, "m.wasm").unwrap();
        assert_eq!(eager, "wasmi run --compilation-mode eager --invoke f m.wasm -1 0.5");
        let two = plan(vec![one.calls[0].clone(), one.calls[0].clone()]);
        let script = super::form(&two, &[]);
        assert_eq!(
            command("wasmi,compilation=eager", &two, &script, "r.wast").unwrap(),
            "wasmi wast r.wast",
            "wasmi wast takes no options"
        );
        assert_eq!(command("double-result", &one, &form, "m.wasm"), None);
        let spectre = command("winch-x64,spectre=off,guard_before=off", &one, &form, "m.wasm").unwrap();
        assert!(
            spectre.contains("-C cranelift-enable_heap_access_spectre_mitigation=false")
                && spectre.contains("-O guard-before-linear-memory=n"),
            "{spectre}"
        );
        assert_eq!(
            command("cranelift-x64:o0,allocator=pooling", &one, &form, "m.wasm"),
            None
        );
    }

    #[test]
    fn what_the_run_form_cannot_say_goes_to_wast() {
        let call = |args: Vec<Value>| PlannedCall {
            export: "f".into(),
            args,
        };
        assert!(matches!(
            form(&plan(vec![call(vec![]), call(vec![])]), &[]),
            Form::Wast(_)
        ));
        assert!(matches!(
            form(&plan(vec![call(vec![Value::V128(1)])]), &[]),
            Form::Wast(_)
        ));
        assert!(matches!(
            form(&plan(vec![call(vec![])]), &["log".to_string()]),
            Form::Wast(_)
        ));
        assert_eq!(form(&plan(vec![]), &[]), Form::Run { call: None });
        let two = plan(vec![call(vec![]), call(vec![])]);
        let line = command("cranelift-x64:o0", &two, &form(&two, &[]), "r.wast").unwrap();
        assert_eq!(
            line,
            "wasmtime wast -W memory64=y,wide-arithmetic=y,custom-page-sizes=y -O opt-level=0 r.wast"
        );
    }
}
