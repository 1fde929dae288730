//! A finding as a Markdown bug report for the developers of the engine that broke
//! (`crosscheck export DIR --format report`, `REPORT.md`): a title in the engine's own terms,
//! the engines and exact crate versions, the host CPU (and the emulator), the reproducer's module
//! as text, its calls, what each engine did, and one-line reproductions with the engines' own
//! command-line tools (see [`super::cli_lines`]) and with `crosscheck replay`.

use std::fmt::Write as _;
use std::time::{Duration, UNIX_EPOCH};

use anyhow::Result;
use crosscheck_oracles::{Execution, StepOutcome};

use super::Reproducer;
use super::cli_lines::{self, Form};
use crate::compare::cause::family;
use crate::compare::{Class, describe_outcome};
use crate::engines::emulated;
use crate::finding::Finding;
use crate::finding::reduction::ConfigDependence;
use crate::known::KnownList;

/// The file name of the `.wast` script a report refers to when its plan needs one.
pub const WAST_FILE: &str = "reproducer.wast";

/// Modules of more lines than this are not inlined; the report points to the file instead.
const INLINE_LINES: usize = 400;

/// A written report, and the `.wast` script it refers to when the plan needs one.
pub struct Written {
    /// The Markdown text.
    pub markdown: String,
    /// The `.wast` script to write as [`WAST_FILE`] beside the report, when the reproduction
    /// needs it.
    pub wast: Option<String>,
}

/// The report of `finding`, whose reproducer `r` was just replayed, with its known bug from
/// `known` named when one matches.
///
/// # Errors
///
/// When the finding's reduction report is corrupt, or the module cannot be printed as text.
pub fn report(finding: &Finding, r: &Reproducer, known: &KnownList) -> Result<Written> {
    let meta = &finding.meta;
    let config = finding.reduction()?.and_then(|rep| rep.config);
    let mut s = String::new();
    let _ = writeln!(s, "# {}\n", title(finding, config.as_ref()));
    let _ = writeln!(
        s,
        "Found by crosscheck {} (`crosscheck fuzz`), signature `{}`: {} time(s) between {} and {}.",
        meta.crosscheck,
        meta.signature,
        meta.count,
        date(meta.first_seen),
        date(meta.last_seen)
    );
    if let Some(k) = known.matching_finding(finding) {
        let _ = writeln!(
            s,
            "Known to crosscheck as `{}`: {}",
            k.describe(),
            k.entry.reason.replace('\n', " ")
        );
    }
    if let Some(config) = &config {
        let _ = writeln!(s, "\nConfiguration: {}.", config.describe());
    }
    if r.without_oracle {
        let _ = writeln!(
            s,
            "\nNo oracle judged this finding: wasmi did not run its module, and the engines that \
             ran it voted. The expected results are the majority's (on a tie, those of the side \
             crosscheck's tie rule picks: a Cranelift engine over one without, then the engine \
             listed first)."
        );
        if let Some(vote) = &meta.vote {
            let _ = writeln!(s, "When found, {}.", vote.describe());
        }
    }
    engines_section(&mut s, finding, r);
    module_section(&mut s, r)?;
    calls_section(&mut s, r);
    outcomes_section(&mut s, finding, r);
    let wast = reproduce_section(&mut s, finding, r)?;
    instances_section(&mut s, finding);
    Ok(Written { markdown: s, wast })
}

/// The title: the breaking engines in their own names, what went wrong, and the settings a
/// reduction showed the divergence needs, e.g. "Winch x64: panic while compiling or
/// instantiating: Cannot emit inst ... (needs `avx2=off`)".
pub fn title(finding: &Finding, config: Option<&ConfigDependence>) -> String {
    let meta = &finding.meta;
    let mut families: Vec<_> = meta.minority.iter().map(|n| family(n)).collect();
    families.dedup();
    let who = if families.is_empty() {
        pretty(&family(&meta.engines[0]))
    } else {
        families.iter().map(|f| pretty(f)).collect::<Vec<_>>().join(" and ")
    };
    let place = match meta.step {
        0 => "while compiling or instantiating the module".to_string(),
        step => format!(
            "in call {:?}",
            finding.plan.calls.get(step - 1).map_or("?", |c| c.export.as_str())
        ),
    };
    let cause = meta.cause.as_str();
    let what = match meta.class {
        Class::Crash if cause.starts_with("rejected") => {
            format!("rejects a module the other engines run: {}", first_words(&meta.detail))
        }
        Class::Crash if cause.starts_with("panic") => format!("panic {place}: {}", panic_text(&meta.detail)),
        Class::Crash if cause == "native-stack-overflow" => format!("native stack overflow {place}"),
        Class::Crash if cause.starts_with("SIG") => format!("killed by {cause} {place}"),
        Class::Crash => format!("crash {place}"),
        Class::Hang => format!("hangs {place}"),
        Class::Result => {
            let (ty, kind) = cause.split_once('.').unwrap_or((cause, ""));
            match kind {
                "zero-sign" => format!("wrong sign of a zero {ty} result {place}"),
                "nan" => format!("NaN against a number in an {ty} result {place}"),
                _ => format!("wrong {ty} result {place}"),
            }
        }
        Class::Trap => format!("{} {place} where the other engines do not", outcome_words(cause)),
        Class::StackOverflow => format!("stack overflow behaviour differs {place} ({})", outcome_words(cause)),
        Class::State => format!("wrong {} after the step {place}", cause.replace(['-', '.'], " ")),
        Class::HostCalls => format!("different host calls {place} ({})", cause.replace('-', " ")),
        Class::Fuel => format!("fuel accounting differs {place} ({})", cause.replace('-', " ")),
        Class::Backtrace => format!("wrong trap backtrace {place} ({})", cause),
    };
    let seen_with = || {
        let settings: Vec<&str> = meta
            .minority
            .first()
            .map(|n| crosscheck_oracles::config::split_name(n).1)
            .unwrap_or_default();
        if settings.is_empty() || settings.len() > 3 {
            return String::new();
        }
        let settings: Vec<String> = settings.iter().map(|k| format!("`{k}`")).collect();
        format!(" (seen with {})", settings.join(", "))
    };
    let needs = config
        .filter(|c| !c.knobs.is_empty())
        .map(|c| {
            let knobs: Vec<String> = c
                .knobs
                .iter()
                .map(|k| format!("`{}`", k.rsplit(':').next().unwrap_or(k)))
                .collect();
            format!(" (needs {})", knobs.join(", "))
        })
        .unwrap_or_else(|| {
            // A reduction that reproduced it in the default configurations: no setting to name.
            if config.is_some_and(|c| c.reproduces_with_defaults) {
                String::new()
            } else {
                seen_with()
            }
        });
    format!("{who}: {what}{needs}")
}

/// An engine family in the engine's own terms: `Winch x64`, `Cranelift aarch64`, `wasmi`.
fn pretty(family: &str) -> String {
    match family.split_once('-') {
        Some(("winch", arch)) => format!("Winch {arch}"),
        Some(("cranelift", arch)) => format!("Cranelift {arch}"),
        _ => family.to_string(),
    }
}

fn outcome_words(cause: &str) -> String {
    match cause {
        "returned" => "returns".into(),
        trap => format!("traps with `{trap}`"),
    }
}

/// The panic's own text from a divergence detail (`... crashed: panic: TEXT (at ...) / ...`), cut
/// to about 100 characters.
fn panic_text(detail: &str) -> String {
    let text = detail.split_once("panic: ").map_or(detail, |(_, t)| t);
    let text = text.split(" (at ").next().unwrap_or(text);
    let text = text.split(" / ").next().unwrap_or(text);
    first_words(text)
}

fn first_words(text: &str) -> String {
    let text = text.replace('\n', " ");
    if text.chars().count() <= 100 {
        return text;
    }
    let cut: String = text.chars().take(97).collect();
    format!("{cut}...")
}

fn date(secs: u64) -> String {
    humantime::format_rfc3339_seconds(UNIX_EPOCH + Duration::from_secs(secs)).to_string()
}

fn engines_section(s: &mut String, finding: &Finding, r: &Reproducer) {
    let meta = &finding.meta;
    let _ = writeln!(s, "\n## Engines\n");
    let _ = writeln!(s, "| engine | crate | code for | emulator | at the diverging step |");
    let _ = writeln!(s, "|---|---|---|---|---|");
    for e in &meta.run_engines {
        let role = if meta.minority.contains(&e.name) {
            "**broke**"
        } else if r.wrong.contains(&e.name) {
            "disagrees"
        } else {
            "agrees with the reference"
        };
        let _ = writeln!(
            s,
            "| `{}` | {} | {} | {} | {role} |",
            e.name,
            e.version,
            e.arch,
            e.emulator.as_deref().unwrap_or("-")
        );
    }
    let cpu = match (&meta.cpu, crate::finding::host_cpu()) {
        (Some(cpu), _) => cpu.clone(),
        (None, Some(here)) => format!("not recorded; this report was replayed on {here}"),
        (None, None) => "not recorded".into(),
    };
    let _ = writeln!(s, "\nFound on host `{}`, CPU: {cpu}.", meta.host);
    let _ = writeln!(s, "Replayed for this report on: {}.", r.versions.join(", "));
}

fn module_section(s: &mut String, r: &Reproducer) -> Result<()> {
    let name = if r.reduced { "reduced.wasm" } else { "module.wasm" };
    let text = wasmprinter::print_bytes(&r.wasm)?;
    let _ = writeln!(s, "\n## Module\n");
    let _ = writeln!(
        s,
        "`{name}`, {} bytes ({} lines of text):\n",
        r.wasm.len(),
        text.lines().count()
    );
    if text.lines().count() <= INLINE_LINES {
        let _ = writeln!(s, "```wat\n{}\n```", text.trim_end());
    } else {
        let _ = writeln!(
            s,
            "Too long to inline: see `{}` in the finding directory.",
            name.replace(".wasm", ".wat")
        );
    }
    Ok(())
}

fn calls_section(s: &mut String, r: &Reproducer) {
    let _ = writeln!(s, "\n## Calls\n");
    let options = &r.plan.options;
    let mut notes = Vec::new();
    if let Some(fuel) = options.fuel {
        notes.push(format!("engine fuel {fuel} units for the instance"));
    }
    if options.interrupts {
        notes.push(format!(
            "each call interrupted after {} ms (Wasmtime epochs)",
            crosscheck_oracles::plan::INTERRUPT_AFTER_MS
        ));
    }
    let _ = writeln!(
        s,
        "One instance; {}{}.\n",
        match r.plan.calls.len() {
            0 => "no calls after instantiation".to_string(),
            n => format!("{n} call(s) in order"),
        },
        if notes.is_empty() {
            String::new()
        } else {
            format!("; {}", notes.join(", "))
        }
    );
    for (i, call) in r.plan.calls.iter().enumerate() {
        let args: Vec<String> = call.args.iter().map(|a| a.to_string()).collect();
        let _ = writeln!(s, "{}. `{}({})`", i + 1, call.export, args.join(", "));
    }
}

fn outcomes_section(s: &mut String, finding: &Finding, r: &Reproducer) {
    let _ = writeln!(s, "\n## What each engine did\n");
    let Some(step) = r.step else {
        let _ = writeln!(
            s,
            "Replayed now, every engine agrees on this reproducer: the bug may be fixed, or show only \
             on some runs. When it was found: {}",
            finding.meta.detail
        );
        return;
    };
    let _ = writeln!(s, "At {}:\n", r.plan.step_label(step));
    let _ = writeln!(s, "| engine | outcome |\n|---|---|");
    for (name, e) in &r.executions {
        let _ = writeln!(s, "| `{name}` | {} |", outcome_at(e, step).replace('|', "\\|"));
    }
    let _ = writeln!(s, "\nThe difference, as crosscheck found it: {}", finding.meta.detail);
}

fn outcome_at(e: &Execution, step: usize) -> String {
    if let Some(rejection) = &e.rejection {
        return format!("rejected the module: {}", rejection.message);
    }
    match e.steps.get(step) {
        Some(record) => {
            let mut text = describe_outcome(&record.outcome);
            if let (StepOutcome::Returned(_), Some(fuel)) = (&record.outcome, record.fuel_left) {
                let _ = write!(text, "; fuel left {fuel}");
            }
            text
        }
        None => "no such step (it stopped before)".into(),
    }
}

/// The reproduction lines; returns the `.wast` script when the plan needs one.
fn reproduce_section(s: &mut String, finding: &Finding, r: &Reproducer) -> Result<Option<String>> {
    let _ = writeln!(s, "\n## Reproduce\n");
    let dir = finding.dir.display();
    let reduced = if r.reduced { " --reduced" } else { "" };
    let _ = writeln!(
        s,
        "With crosscheck, from its repository: `crosscheck replay{reduced} {dir}`.\n"
    );
    let mut imports = super::host_module::imports(&r.wasm).unwrap_or_default();
    let providers = crosscheck_oracles::provider::imported_by(&r.wasm).unwrap_or_default();
    imports.extend(providers.iter().map(|p| p.name.to_string()));
    let form = cli_lines::form(&r.plan, &imports);
    let (file, wast) = match &form {
        Form::Run { .. } => (if r.reduced { "reduced.wasm" } else { "module.wasm" }, None),
        Form::Wast(why) => match super::wast::script(r) {
            Ok(script) => {
                let _ = writeln!(
                    s,
                    "The plan cannot be given to `run` on the command line ({why}): the lines run \
                     `{WAST_FILE}` (written beside this report), which asserts what the reference \
                     engines did, so the broken engine fails an assertion.\n"
                );
                (WAST_FILE, Some(script))
            }
            Err(e) => {
                let _ = writeln!(
                    s,
                    "The plan cannot be given to `run` on the command line ({why}), nor as a script \
                     ({e:#}): reproduce it with `crosscheck replay` above, or as a Rust test \
                     against the wasmtime crate (`crosscheck export {dir} --format rust`).\n"
                );
                return Ok(None);
            }
        },
    };
    // The emulator an engine of the finding ran under, as this host would run it.
    let emulator = |name: &str| {
        finding
            .meta
            .run_engines
            .iter()
            .find(|e| e.name == name && e.emulator.is_some())
            .and_then(|e| emulated::for_arch(&e.arch))
    };
    if let Some(e) = r.wrong.iter().chain(r.right.iter()).find_map(|n| emulator(n)) {
        let _ = writeln!(
            s,
            "The {arch} lines run on an {arch} Linux host, or on another host under QEMU user mode \
             as written here, with `wasmtime` installed for {arch} (`cargo install wasmtime-cli \
             --version {} --target {}`, with the target's cross linker).\n",
            crosscheck_oracles::WASMTIME_VERSION,
            e.target,
            arch = e.arch,
        );
    }
    if finding.meta.class == Class::State && matches!(form, Form::Run { .. }) {
        let _ = writeln!(
            s,
            "The engines differ in the instance's state after the call (memory, globals or \
             tables), which `run` does not print: the lines show the call, and `crosscheck \
             replay` shows the state.\n"
        );
    }
    let _ = writeln!(
        s,
        "With the engines' own tools (`cargo install wasmtime-cli --version {}`, `cargo install \
         wasmi_cli --version {}`), from the finding directory:\n",
        crosscheck_oracles::WASMTIME_VERSION,
        crosscheck_oracles::WASMI_VERSION
    );
    let mut shown: Vec<std::borrow::Cow<'_, str>> = Vec::new();
    let order = r.wrong.iter().chain(r.right.iter());
    for name in order {
        if shown.contains(&family(name)) && !r.wrong.contains(name) {
            continue;
        }
        let Some(mut line) = cli_lines::command(name, &r.plan, &form, file) else {
            continue;
        };
        if let Some(e) = emulator(name) {
            line = format!("{} -L {} {line}", e.qemu, e.sysroot);
        }
        shown.push(family(name));
        let role = if r.wrong.contains(name) {
            "diverges"
        } else {
            "reference"
        };
        let _ = writeln!(s, "- `{name}` ({role}):\n\n  ```sh\n  {line}\n  ```\n");
    }
    Ok(wast)
}

fn instances_section(s: &mut String, finding: &Finding) {
    let instances = &finding.meta.instances;
    if instances.details.len() <= 1 && instances.configurations.len() <= 1 {
        return;
    }
    let _ = writeln!(s, "\n## Other instances\n");
    let _ = writeln!(
        s,
        "Configurations of the broken engines seen: {}.\n",
        instances.configurations.join("; ")
    );
    for detail in &instances.details {
        let _ = writeln!(s, "- {}", first_words(detail));
    }
    if !instances.examples.is_empty() {
        let _ = writeln!(s, "\nExample modules: {}.", instances.examples.join(", "));
    }
}
