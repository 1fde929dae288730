//! Root causes: which engines broke at a diverging step, and what they did, in words that stay the
//! same from one instance of a bug to the next. The signature of a divergence (and so its finding
//! directory) is built from them: one bug, one finding, whatever the agreeing engines were, which
//! opt-level variant ran, or which values went wrong.
//!
//! The breaking group of a step is chosen against a reference group:
//! - the reference is the largest group, counted in independent implementations ([`weight`]:
//!   the opt levels and configurations of one compiler build count once); among equally large
//!   ones, the one holding the wasmi oracle, then one holding a Cranelift engine, then the one
//!   with the fewest engines in a non-default configuration, then the first;
//! - in a `crash` or `hang` divergence, the breaking group is the one group whose engines crashed
//!   (or hung), when there is exactly one: an engine that returned is not broken because it is
//!   alone;
//! - otherwise it is the group, other than the reference, of the first engine of the disagreeing
//!   pair that is not in the reference;
//! - in the Wasmtime-only classes (`fuel`, `backtrace`) wasmi is left out of the groups first.

use std::borrow::Cow;

use crosscheck_oracles::config::split_name;
use crosscheck_oracles::naming::{self, WASMI};
use crosscheck_oracles::{Execution, HostCall, StepOutcome, StepRecord, Value};

use super::Class;
use super::step::{compare_steps, outcome_name};

/// Longest part of a signature taken from a message, in characters.
const MESSAGE_CHARS: usize = 60;

/// The engines that broke at a step and their normalized outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RootCause {
    /// The breaking group's engines, full names (settings included), in run order.
    pub minority: Vec<String>,
    /// The breaking engines' outcome, normalized (see [`cause_key`]).
    pub cause: String,
}

/// The root cause of a divergence of `class` at `step` between the engines of `pair`, with
/// `groups` the engines grouped by identical records at the step. `rejection` is the message of
/// the engine that refused the module, for a divergence of a refused module.
pub fn root_cause(
    executions: &[(&str, &Execution)],
    step: usize,
    groups: &[Vec<String>],
    class: Class,
    pair: &[String; 2],
    rejection: Option<&str>,
) -> RootCause {
    let record = |name: &str| {
        executions
            .iter()
            .find(|(n, _)| *n == name)
            .and_then(|(_, e)| e.steps.get(step))
    };
    let groups = &wasmtime_only(class, groups);
    let reference = reference_group(groups);
    let failed = |g: &Vec<String>| {
        g.first().is_some_and(|n| {
            rejection.is_some() && executions.iter().any(|(m, e)| m == n && e.rejection.is_some())
                || matches!(
                    record(n).map(|r| &r.outcome),
                    Some(StepOutcome::Crashed(_) | StepOutcome::Hung(_))
                )
        })
    };
    let failing: Vec<usize> = (0..groups.len()).filter(|i| failed(&groups[*i])).collect();
    let breaking = match (class, failing.as_slice()) {
        (Class::Crash | Class::Hang, [one]) if groups.len() > 1 => Some(*one),
        _ => pair
            .iter()
            .find_map(|p| {
                groups
                    .iter()
                    .position(|g| g.contains(p))
                    .filter(|i| Some(*i) != reference)
            })
            .or_else(|| (0..groups.len()).find(|i| Some(*i) != reference)),
    };
    let minority: Vec<String> = breaking.map(|i| groups[i].clone()).unwrap_or_else(|| pair.to_vec());
    let reference_name = reference
        .filter(|r| Some(*r) != breaking)
        .and_then(|r| groups[r].first())
        .or_else(|| pair.iter().find(|p| !minority.contains(p)));
    let mine = minority.first().and_then(|n| record(n));
    let theirs = reference_name.and_then(|n| record(n));
    let previous = |name: Option<&String>| {
        name.and_then(|n| executions.iter().find(|(m, _)| m == n))
            .and_then(|(_, e)| step.checked_sub(1).and_then(|p| e.steps.get(p)))
    };
    let previous = previous(minority.first()).zip(previous(reference_name));
    let cause = match rejection {
        Some(message) => format!("rejected.{}", slug(&normalize(message))),
        None => cause_key(class, mine, theirs, previous),
    };
    RootCause { minority, cause }
}

/// The root cause of a divergence recorded without its executions (a finding directory of
/// signature scheme 1 without `outcomes.json`): the same rules, applied to what `finding.json`
/// kept, the pair's difference `key` (`A.B` for outcomes) and `detail` (`A / B`, the pair's sides
/// in the pair's order). The cause loses what only the executions show (a float's kind).
pub fn from_recorded(class: Class, key: &str, detail: &str, pair: &[String; 2], groups: &[Vec<String>]) -> RootCause {
    let sides: Vec<&str> = detail.splitn(2, " / ").collect();
    let side_text = |i: usize| sides.get(i).copied().unwrap_or_default();
    let failed_side = (0..2).find(|i| {
        let text = side_text(*i);
        text.starts_with("crashed") || text.starts_with("hung") || text.contains(" rejected a module ")
    });
    let groups = &wasmtime_only(class, groups);
    let reference = reference_group(groups);
    let group_of = |name: &String| groups.iter().position(|g| g.contains(name));
    let breaking = match (class, failed_side) {
        (Class::Crash | Class::Hang, Some(_)) if key == "rejected" => group_of(&pair[0]),
        (Class::Crash | Class::Hang, Some(i)) => group_of(&pair[i]),
        _ => pair
            .iter()
            .find_map(|p| group_of(p).filter(|i| Some(*i) != reference))
            .or_else(|| (0..groups.len()).find(|i| Some(*i) != reference)),
    };
    let minority = breaking.map(|i| groups[i].clone()).unwrap_or_else(|| pair.to_vec());
    // Which of the pair's two sides is the breaking engines'.
    let mine = if minority.contains(&pair[0]) { 0 } else { 1 };
    let key_side = |i: usize| key.split('.').nth(i).unwrap_or(key).to_string();
    let cause = match class {
        Class::Crash if key == "rejected" => {
            let message = detail.split_once(" runs: ").map_or(detail, |(_, m)| m);
            format!("rejected.{}", slug(&normalize(message)))
        }
        Class::Crash => {
            let text = side_text(mine);
            match text.strip_prefix("crashed: ") {
                Some(message) => crash_key(message),
                None => key_side(mine),
            }
        }
        Class::Hang => "hung".into(),
        Class::Trap | Class::StackOverflow => key_side(mine),
        Class::Fuel if key.starts_with("fuel-") => key.into(),
        Class::Fuel => key_side(mine),
        Class::Result => key.split('.').next().unwrap_or(key).into(),
        Class::State if key == "global" => {
            let value = side_text(0).rsplit_once(": ").map_or("", |(_, v)| v);
            format!("global.{}", value.split(':').next().unwrap_or_default())
        }
        Class::State | Class::Backtrace => key.into(),
        Class::HostCalls => {
            let text = |i: usize| {
                side_text(i)
                    .rsplit_once(": ")
                    .map_or(side_text(i), |(_, t)| t)
                    .to_string()
            };
            let (m, t) = (text(mine), text(1 - mine));
            if m.starts_with("no call") {
                "fewer-calls".into()
            } else if t.starts_with("no call") {
                "more-calls".into()
            } else if m.split('(').next() != t.split('(').next() {
                "other-import".into()
            } else {
                "other-args".into()
            }
        }
    };
    RootCause { minority, cause }
}

/// `groups` without wasmi for the classes only Wasmtime engines are compared in (`fuel`,
/// `backtrace`): wasmi meters fuel in its own units and reports no frames, so it groups with
/// whichever side its unrelated record equals and would make a majority of it.
fn wasmtime_only(class: Class, groups: &[Vec<String>]) -> Vec<Vec<String>> {
    if !matches!(class, Class::Fuel | Class::Backtrace) {
        return groups.to_vec();
    }
    let mut kept: Vec<Vec<String>> = groups
        .iter()
        .map(|g| g.iter().filter(|n| family(n) != WASMI).cloned().collect::<Vec<_>>())
        .filter(|g| !g.is_empty())
        .collect();
    kept.sort_by_key(|g| std::cmp::Reverse(g.len()));
    kept
}

/// The index of the reference group (see the module documentation); `None` without groups.
pub fn reference_group(groups: &[Vec<String>]) -> Option<usize> {
    let largest = groups.iter().map(|g| weight(g)).max()?;
    let configured = |g: &Vec<String>| g.iter().filter(|n| !split_name(n).1.is_empty()).count();
    // The oracle first, then the optimizing compiler, whose code is the most tested.
    let rank = |g: &Vec<String>| {
        g.iter()
            .map(|n| match family(n).as_ref() {
                WASMI => 0,
                f if f.starts_with("cranelift-") => 1,
                _ => 2,
            })
            .min()
            .unwrap_or(2)
    };
    (0..groups.len())
        .filter(|i| weight(&groups[*i]) == largest)
        .min_by_key(|i| (rank(&groups[*i]), configured(&groups[*i]), *i))
}

/// The weight of a group of agreeing engines in a vote: the independent implementations it holds,
/// its distinct engine families ([`family`]). Cranelift's opt levels share Wasmtime's translation
/// to CLIF and Cranelift's mid-end, so three of them agreeing on a wrong answer are one
/// implementation's word, not three: they do not outvote Winch and wasmi together. Builds of
/// other releases (`NAME@LABEL`) count apart.
pub fn weight(group: &[String]) -> usize {
    group
        .iter()
        .map(|n| family(n))
        .collect::<std::collections::BTreeSet<_>>()
        .len()
}

/// The breaking engines' outcome at the step (`mine`) against the reference's (`theirs`), by class:
/// - `crash`: for a panic, `panic.` and its message with quoted text, numbers and paths taken
///   out, then `@` and the panic location (crate without version, file, line); for a native
///   stack overflow `native-stack-overflow`; for a signal its name (`SIGILL`); else the message,
///   normalized; an engine that did not crash gives its outcome's name;
/// - `hang`: `hung`; `trap`, `stack-overflow`: the outcome's name (a trap code, or `returned`);
/// - `result`: the type of the first differing value, and for floats `nan` (one side NaN) or
///   `zero-sign` (+0 against -0); `arity` when the counts differ;
/// - `state`: what differs (`memory-bytes`, `memory-size`, `exports`, `global.TYPE`, `table-size`, `table-element`);
/// - `host-calls`: `fewer-calls`, `more-calls`, `other-import` or `other-args`;
/// - `fuel`: `fuel-used`, `fuel-left`, or the outcome's name when one ran out of fuel;
/// - `backtrace`: the first differing frame, `frame-N`.
pub fn cause_key(
    class: Class,
    mine: Option<&StepRecord>,
    theirs: Option<&StepRecord>,
    previous: Option<(&StepRecord, &StepRecord)>,
) -> String {
    let outcome = mine.map_or_else(|| "no-step".to_string(), |r| outcome_name(&r.outcome));
    let (Some(m), Some(t)) = (mine, theirs) else {
        return match (class, mine.map(|r| &r.outcome)) {
            (Class::Crash, Some(StepOutcome::Crashed(message))) => crash_key(message),
            _ => outcome,
        };
    };
    match class {
        Class::Crash => match &m.outcome {
            StepOutcome::Crashed(message) => crash_key(message),
            _ => outcome,
        },
        Class::Hang | Class::Trap | Class::StackOverflow => outcome,
        Class::Result => match (&m.outcome, &t.outcome) {
            (StepOutcome::Returned(x), StepOutcome::Returned(y)) => value_key(x, y),
            _ => outcome,
        },
        Class::HostCalls => host_calls_key(&m.host_calls, &t.host_calls),
        Class::State => state_key(m, t, previous),
        Class::Fuel | Class::Backtrace => match compare_steps(m, t, previous, true) {
            Some(d) if d.class == class && (class == Class::Backtrace || d.key.starts_with("fuel-")) => d.key,
            _ => outcome,
        },
    }
}

fn state_key(m: &StepRecord, t: &StepRecord, previous: Option<(&StepRecord, &StepRecord)>) -> String {
    let (Some(x), Some(y)) = (&m.state, &t.state) else {
        return "no-state".into();
    };
    if let Some(g) = x
        .globals
        .iter()
        .zip(&y.globals)
        .find(|(a, b)| a.export == b.export && !a.value.same_as(&b.value))
    {
        return format!("global.{}", value_type(&g.0.value));
    }
    match compare_steps(m, t, previous, false) {
        Some(d) if d.class == Class::State => d.key,
        _ => "state".into(),
    }
}

fn value_type(v: &Value) -> String {
    format!("{:?}", v.ty()).to_lowercase()
}

fn value_key(mine: &[Value], theirs: &[Value]) -> String {
    if mine.len() != theirs.len() {
        return "arity".into();
    }
    let Some((x, y)) = mine.iter().zip(theirs).find(|(x, y)| !x.same_as(y)) else {
        return "same".into();
    };
    let ty = value_type(x);
    let float = |v: &Value| match v {
        Value::F32(bits) => Some(f64::from(f32::from_bits(*bits))),
        Value::F64(bits) => Some(f64::from_bits(*bits)),
        _ => None,
    };
    match (float(x), float(y)) {
        (Some(a), Some(b)) if a.is_nan() != b.is_nan() => format!("{ty}.nan"),
        (Some(a), Some(b)) if a == 0.0 && b == 0.0 => format!("{ty}.zero-sign"),
        _ => ty,
    }
}

fn host_calls_key(mine: &[HostCall], theirs: &[HostCall]) -> String {
    for i in 0..mine.len().max(theirs.len()) {
        match (mine.get(i), theirs.get(i)) {
            (None, _) => return "fewer-calls".into(),
            (_, None) => return "more-calls".into(),
            (Some(a), Some(b)) if a.import != b.import => return "other-import".into(),
            (Some(a), Some(b)) if !crosscheck_oracles::same_values(&a.args, &b.args) => {
                return "other-args".into();
            }
            _ => {}
        }
    }
    "same-calls".into()
}

/// The normalized key of a crash message (see [`cause_key`]).
pub fn crash_key(message: &str) -> String {
    if let Some((text, location)) = panic_of(message) {
        let mut key = format!("panic.{}", slug(&normalize(&text)));
        if let Some(location) = location {
            key.push('@');
            key.push_str(&slug(&location_key(&location)));
        }
        return key;
    }
    if message.contains("has overflowed its stack") {
        return "native-stack-overflow".into();
    }
    if let Some(at) = message.find("(SIG") {
        let name: String = message[at + 1..]
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        return name;
    }
    slug(&normalize(message))
}

/// The text and location of a panic in a crash message: `panic: TEXT (at LOCATION)` from a caught
/// panic, or the default hook's `panicked at LOCATION:COLUMN:` followed by ` | TEXT` in the
/// stderr of a worker that died.
fn panic_of(message: &str) -> Option<(String, Option<String>)> {
    if let Some(at) = message.find("panic: ") {
        let rest = &message[at + "panic: ".len()..];
        return Some(match rest.rfind(" (at ") {
            Some(loc) => (
                rest[..loc].to_string(),
                Some(rest[loc + 5..].trim_end_matches(')').to_string()),
            ),
            None => (rest.to_string(), None),
        });
    }
    let at = message.find("panicked at ")?;
    let rest = &message[at + "panicked at ".len()..];
    let (location, text) = rest.split_once(": | ").or_else(|| rest.split_once(":\n"))?;
    let location = location.rsplit_once(':').map_or(location, |(l, _column)| l);
    let text = text.split(" | ").next().unwrap_or_default();
    Some((text.to_string(), Some(location.to_string())))
}

/// A panic location without what changes between machines and versions: the registry prefix
/// (already gone, see `crosscheck_oracles::panics`) and the crate's version (`wasmi-2.0.0` becomes
/// `wasmi`). The line stays: it tells two panics of one file apart.
fn location_key(location: &str) -> String {
    location
        .split('/')
        .map(|part| match part.rsplit_once('-') {
            Some((name, version))
                if version.split('.').count() == 3 && version.starts_with(|c: char| c.is_ascii_digit()) =>
            {
                name
            }
            _ => part,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// `text` with what varies between instances of one bug replaced: quoted text ('…', "…", `…`)
/// by `_`, numbers (hexadecimal included) by `N`, and paths by `P`.
pub fn normalize(text: &str) -> String {
    let mut unquoted = String::with_capacity(text.len());
    let mut quote: Option<char> = None;
    for c in text.chars() {
        match quote {
            Some(q) if c == q => {
                quote = None;
                unquoted.push('_');
            }
            Some(_) => {}
            None if matches!(c, '\'' | '"' | '`') => quote = Some(c),
            None => unquoted.push(c),
        }
    }
    let words: Vec<String> = unquoted
        .split(' ')
        .map(|word| {
            if word.contains('/') {
                return "P".to_string();
            }
            let mut out = String::new();
            let mut chars = word.chars().peekable();
            while let Some(c) = chars.next() {
                if c.is_ascii_digit() {
                    if c == '0' && chars.peek() == Some(&'x') {
                        chars.next();
                    }
                    while chars.peek().is_some_and(char::is_ascii_hexdigit) {
                        chars.next();
                    }
                    out.push('N');
                } else {
                    out.push(c);
                }
            }
            out
        })
        .collect();
    words.join(" ")
}

/// `text` as a file-name-safe slug of at most [`MESSAGE_CHARS`] characters: letters, digits, `-`,
/// `_` and `.`, every other run of characters one `.`.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            out.push(c);
        } else if !out.ends_with('.') && !out.is_empty() {
            out.push('.');
        }
    }
    out.trim_end_matches('.').chars().take(MESSAGE_CHARS).collect()
}

/// An engine's family: its name without settings or opt level (`cranelift-x64` for
/// `cranelift-x64:speed,regalloc=single_pass`). A campaign runs one opt-level variant per module,
/// so a bug of every variant would otherwise split into one signature per variant. An engine of
/// another build keeps its label: `cranelift-x64@48.0.8` for `cranelift-x64:o0@48.0.8`.
pub fn family(name: &str) -> Cow<'_, str> {
    let base = split_name(name).0;
    let plain = naming::without_label(base);
    let family = plain.split_once(':').map_or(plain, |(family, _level)| family);
    match naming::label_of(name) {
        Some(label) => Cow::Owned(naming::labeled(family, label)),
        None => Cow::Borrowed(family),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn the_reference_is_the_majority_then_the_oracle_then_the_default() {
        assert_eq!(reference_group(&[g(&["a", "b"]), g(&["wasmi"])]), Some(0));
        assert_eq!(reference_group(&[g(&["winch-x64"]), g(&["wasmi"])]), Some(1));
        assert_eq!(
            reference_group(&[g(&["winch-x64,avx2=off"]), g(&["cranelift-x64:o0"])]),
            Some(1)
        );
        assert_eq!(reference_group(&[g(&["winch-x64"]), g(&["cranelift-x64:o0"])]), Some(1));
        assert_eq!(reference_group(&[]), None);
        // Three opt levels of one build are one implementation: Winch and wasmi outweigh them.
        let levels = g(&["cranelift-x64:o0", "cranelift-x64:speed", "cranelift-x64:size"]);
        assert_eq!(reference_group(&[levels.clone(), g(&["winch-x64", "wasmi"])]), Some(1));
        assert_eq!(
            reference_group(&[levels, g(&["winch-x64"])]),
            Some(0),
            "a tie: Cranelift"
        );
        let builds = g(&["cranelift-x64:o0@43.0.0", "cranelift-x64:o0@48.0.8"]);
        assert_eq!(reference_group(&[g(&["cranelift-x64:speed"]), builds]), Some(1));
        let fuel = wasmtime_only(
            Class::Fuel,
            &[g(&["winch-x64", "wasmi,fuel=on"]), g(&["cranelift-x64:o0"])],
        );
        assert_eq!(
            reference_group(&fuel).map(|i| fuel[i].clone()),
            Some(g(&["cranelift-x64:o0"]))
        );
    }

    #[test]
    fn crash_messages_lose_numbers_quotes_and_machine_paths() {
        let a = crash_key(
            "panic: Cannot emit inst 'vpbroadcastb (%rcx), %xmm0' for target; failed to match ISA \
             requirements: ((_64b | compat) & avx2) (at winch-codegen-50.0.1/src/isa/x64/asm.rs:88)",
        );
        let b = crash_key(
            "panic: Cannot emit inst 'vpbroadcastd (%rdx), %xmm3' for target; failed to match ISA \
             requirements: ((_64b | compat) & avx2) (at winch-codegen-50.0.1/src/isa/x64/asm.rs:88)",
        );
        assert_eq!(a, b);
        assert!(a.starts_with("panic.Cannot.emit.inst._.for.target"), "{a}");
        assert!(a.ends_with("@winch-codegen.src.isa.x64.asm.rs.88"), "{a}");
        let elsewhere =
            crash_key("panic: Cannot emit inst 'x' for target (at winch-codegen-50.0.1/src/isa/x64/asm.rs:90)");
        assert_ne!(a, elsewhere, "another line is another bug");
        assert_eq!(
            crash_key("worker died: killed by signal 4 (SIGILL); stderr: qemu: uncaught target signal 4"),
            "SIGILL"
        );
        assert_eq!(
            crash_key(
                "worker died: killed by signal 6 (SIGABRT); stderr: thread 'crosscheck-exec' has \
                 overflowed its stack | fatal runtime error: stack overflow, aborting"
            ),
            "native-stack-overflow"
        );
        assert_eq!(
            crash_key(
                "worker died: killed by signal 6 (SIGABRT); stderr: thread 'x' panicked at \
                 wasmi-2.0.0/src/engine/mod.rs:12:5: | index out of bounds: the len is 3 but the index is 7"
            ),
            "panic.index.out.of.bounds.the.len.is.N.but.the.index.is.N@wasmi.src.engine.mod.rs.12"
        );
    }

    #[test]
    fn results_name_the_type_and_the_float_kind_not_the_values() {
        assert_eq!(value_key(&[Value::I32(1)], &[Value::I32(2)]), "i32");
        assert_eq!(
            value_key(&[Value::I32(1), Value::I64(3)], &[Value::I32(1), Value::I64(4)]),
            "i64"
        );
        let (pos, neg) = (Value::F32(0.0f32.to_bits()), Value::F32((-0.0f32).to_bits()));
        assert_eq!(value_key(&[pos], &[neg]), "f32.zero-sign");
        assert_eq!(
            value_key(&[Value::F64(f64::NAN.to_bits())], &[Value::F64(1.0f64.to_bits())]),
            "f64.nan"
        );
        assert_eq!(value_key(&[], &[Value::I32(0)]), "arity");
    }

    #[test]
    fn families_drop_settings_and_opt_levels() {
        assert_eq!(family("cranelift-x64:speed,regalloc=single_pass"), "cranelift-x64");
        assert_eq!(family("winch-aarch64,bti=on"), "winch-aarch64");
        assert_eq!(family("wasmi"), "wasmi");
        assert_eq!(family("cranelift-x64:o0@48.0.8,avx=off"), "cranelift-x64@48.0.8");
    }
}
