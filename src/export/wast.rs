//! `crosscheck export --format wast`: the reproducer as a `.wast` script asserting what the right
//! engines did, step by step: each call's results or trap, then the host-call digest, the exported
//! globals and the exported memories and tables (through the checkers of [`super::state_checks`]:
//! a memory's size and digest, a table's size, not its elements), those of the providers the
//! module imports from included.
//!
//! The module is embedded as its exact bytes (`(module binary ...)`), because a bug may depend on
//! an encoding that a round trip through the text format would change; its text precedes it as a
//! comment.

use anyhow::{Result, bail};
use crosscheck_oracles::host::{CALLBACK, HOST_MODULE};
use crosscheck_oracles::provider::{self, Provider};
use crosscheck_oracles::{StateSnapshot, StepOutcome, TrapKind};

use super::Reproducer;
use super::host_module::{self, HOST_ID};
use super::literal;
use super::state_checks::{self, Checker, REGISTERED_AS};
use crate::wast::translate::trap_message;

/// The script's name of the reproducer instance.
const ID: &str = "$reproducer";

/// Bytes per line of the embedded module.
const BYTES_PER_LINE: usize = 32;

/// The `.wast` script of `r`.
///
/// # Errors
///
/// When the reproducer needs what a script cannot express: engine fuel, an epoch interrupt, a
/// trap with no specification message, an import from a module other
/// than `host` or a provider (declared in the script and registered under its name), or a
/// non-null reference argument.
pub fn script(r: &Reproducer) -> Result<String> {
    if let Some(fuel) = r.plan.options.fuel {
        bail!("the plan runs with engine fuel ({fuel} units), which a .wast script cannot set: use --format rust");
    }
    let imported = host_module::imports(&r.wasm)?;
    let providers = provider::imported_by(&r.wasm)?;
    let mut out = header(r);
    if !imported.is_empty() {
        out.push_str(&host_module::wat(&imported)?);
        out.push_str(&format!("\n(register {} {HOST_ID})\n\n", literal::string(HOST_MODULE)));
    }
    for p in &providers {
        out.push_str(&format!(
            ";; the provider {:?}, instantiated before the module\n",
            p.name
        ));
        out.push_str(&p.wat().replacen("(module", &format!("(module ${}", p.name), 1));
        out.push_str(&format!("\n(register {} ${})\n\n", literal::string(p.name), p.name));
    }
    let module = module(&r.wasm);
    let Some(first) = r.reference.steps.first() else {
        bail!("the right engines did not instantiate the module");
    };
    match &first.outcome {
        StepOutcome::Returned(_) => {}
        StepOutcome::Trapped(kind) => {
            out.push_str(&format!(
                ";; instantiation\n(assert_trap {} {})\n",
                module.replacen(&format!("(module {ID} binary"), "(module binary", 1),
                literal::string(message(*kind)?)
            ));
            return Ok(out);
        }
        other => bail!("the right engines did not finish instantiation: {other:?}"),
    }
    out.push_str(&module);
    let mut checkers = state_checks::checkers(&r.wasm)?;
    for p in &providers {
        checkers.extend(state_checks::provider_checkers(p)?);
    }
    let callback = if imported.iter().any(|f| f == CALLBACK) {
        host_module::callback_target(&r.wasm)?
    } else {
        None
    };
    if !checkers.is_empty() || callback.is_some() {
        out.push_str(&format!("(register {} {ID})\n", literal::string(REGISTERED_AS)));
    }
    if let Some(target) = &callback {
        out.push_str(&host_module::callback_link(REGISTERED_AS, target));
    }
    for c in &checkers {
        out.push_str(&c.wat);
        out.push('\n');
    }
    let mut trace = 0;
    let mut compare_state = true;
    for (step, record) in r.reference.steps.iter().enumerate() {
        if step > 0 {
            let call = &r.plan.calls[step - 1];
            let args = call.args.iter().map(literal::argument).collect::<Result<Vec<_>>>()?;
            let invoke: String = format!("(invoke {ID} {}", literal::string(&call.export))
                + &args.iter().map(|a| format!(" {a}")).collect::<String>()
                + ")";
            out.push_str(&format!("\n;; {}\n", r.plan.step_label(step)));
            out.push_str(&assertion(&invoke, &record.outcome)?);
            if callback.is_some() && matches!(record.outcome, StepOutcome::Trapped(_)) {
                out.push_str(&format!("(assert_return (invoke {HOST_ID} \"reset\"))\n"));
            }
            if let StepOutcome::Trapped(TrapKind::StackOverflow) = record.outcome {
                compare_state = false;
            }
        } else {
            out.push_str("\n;; the state after instantiation\n");
        }
        trace = host_module::trace(trace, &record.host_calls);
        if !imported.is_empty() {
            out.push_str(&format!(
                "(assert_return (get {HOST_ID} \"trace\") (i64.const {}))\n",
                trace as i64
            ));
        }
        if let (true, Some(state)) = (compare_state, &record.state) {
            out.push_str(&state_assertions(state, &checkers, &providers));
        }
    }
    Ok(out)
}

fn header(r: &Reproducer) -> String {
    let lines: String = r.summary().iter().map(|l| format!(";; {l}\n")).collect();
    lines + "\n"
}

/// `(module $reproducer binary ...)` with the module's text as a comment before it.
fn module(wasm: &[u8]) -> String {
    let mut out = String::from(";; the module, as text:\n");
    if let Ok(text) = wasmprinter::print_bytes(wasm) {
        for line in text.lines() {
            out.push_str(&format!(";;   {line}\n"));
        }
    }
    out.push_str(&format!("(module {ID} binary\n"));
    for chunk in wasm.chunks(BYTES_PER_LINE) {
        let bytes: String = chunk.iter().map(|b| format!("\\{b:02x}")).collect();
        out.push_str(&format!("  \"{bytes}\"\n"));
    }
    out.push_str(")\n");
    out
}

fn message(kind: TrapKind) -> Result<&'static str> {
    match kind {
        TrapKind::HostTrap => Ok("unreachable"),
        TrapKind::Interrupt => bail!("the right engines were interrupted, which a .wast script cannot express"),
        TrapKind::OutOfFuel => bail!("the right engines ran out of fuel, which a .wast script cannot express"),
        other => trap_message(other).ok_or_else(|| anyhow::anyhow!("a {other} trap has no .wast message")),
    }
}

fn assertion(invoke: &str, outcome: &StepOutcome) -> Result<String> {
    Ok(match outcome {
        StepOutcome::Returned(values) => {
            let values: String = values.iter().map(|v| format!(" {}", literal::expected(v))).collect();
            format!("(assert_return {invoke}{values})\n")
        }
        StepOutcome::Trapped(TrapKind::StackOverflow) => {
            format!("(assert_exhaustion {invoke} \"call stack exhausted\")\n")
        }
        StepOutcome::Trapped(TrapKind::UncaughtException) => format!("(assert_exception {invoke})\n"),
        StepOutcome::Trapped(kind) => format!("(assert_trap {invoke} {})\n", literal::string(message(*kind)?)),
        other => bail!("the right engines did not finish a call: {other:?}"),
    })
}

/// The assertions of `state`: globals read with `get` from the reproducer or, for a provider's
/// global, from that provider; memories and tables through their `checkers`.
fn state_assertions(state: &StateSnapshot, checkers: &[Checker], providers: &[&'static Provider]) -> String {
    let mut out = String::new();
    for g in &state.globals {
        let (instance, field) = match provider::owner(providers, &g.export) {
            Some((p, field)) => (format!("${}", p.name), field),
            None => (ID.to_string(), &*g.export),
        };
        out.push_str(&format!(
            "(assert_return (get {instance} {}) {})\n",
            literal::string(field),
            literal::expected(&g.value)
        ));
    }
    for m in &state.memories {
        if let Some(c) = checkers.iter().find(|c| c.memory && *c.export == *m.export) {
            let digest = crosscheck_oracles::outcome::fnv1a64(&m.bytes);
            out.push_str(&format!(
                "(assert_return (invoke {} \"size\") (i64.const {}))\n(assert_return (invoke {} \"digest\") (i64.const {}))\n",
                c.id, m.pages, c.id, digest as i64
            ));
        }
    }
    for t in &state.tables {
        if let Some(c) = checkers.iter().find(|c| !c.memory && *c.export == *t.export) {
            out.push_str(&format!(
                "(assert_return (invoke {} \"size\") (i64.const {}))\n",
                c.id, t.size
            ));
        }
    }
    out
}
