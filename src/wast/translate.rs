//! Script directives to engine commands: each `.wast` directive becomes one [`ScriptCommand`] with
//! the [`Expect`]ation the harness judges its result against, or a reason it is skipped.

use std::collections::HashMap;

use anyhow::{Result, anyhow};
use crosscheck_oracles::{RefHierarchy, ScriptCommand, ScriptValue, TrapKind, Value};
use wast::core::{AbstractHeapType, HeapType, NanPattern, V128Pattern, WastArgCore, WastRetCore};
use wast::lexer::Lexer;
use wast::parser::{self, ParseBuffer};
use wast::{QuoteWat, Wast, WastArg, WastDirective, WastExecute, WastInvoke, WastRet, Wat};

use super::judge::{Expect, FloatPattern, Lane, RetPattern};

/// One directive of a script, at `line` (1-based) of its file.
#[derive(Debug)]
pub struct Entry {
    /// The directive's line in the `.wast` file, 1-based.
    pub line: usize,
    /// The directive's keyword, e.g. `assert_return`.
    pub directive: &'static str,
    /// What to do with it.
    pub action: Action,
}

/// What the harness does with a directive.
#[derive(Debug)]
pub enum Action {
    /// Send `command` to the engine and judge its result against `expect`.
    Run {
        /// The engine command.
        command: ScriptCommand,
        /// What the specification requires.
        expect: Expect,
    },
    /// Count the directive as skipped, for this reason.
    Skip(String),
}

/// Parses a whole `.wast` text into entries, in order.
///
/// # Errors
///
/// When the text is not a script (a lexing or parsing error), with the position in the message.
pub fn translate(text: &str) -> Result<Vec<Entry>> {
    // The spec suite's names.wast exports names with bidirectional-override characters on purpose.
    let mut lexer = Lexer::new(text);
    lexer.allow_confusing_unicode(true);
    let buffer = ParseBuffer::new_with_lexer(lexer).map_err(|e| anyhow!("{}", one_line(e, text)))?;
    let script = parser::parse::<Wast>(&buffer).map_err(|e| anyhow!("{}", one_line(e, text)))?;
    let mut definitions = HashMap::new();
    Ok(script
        .directives
        .into_iter()
        .map(|d| {
            let line = d.span().linecol_in(text).0 + 1;
            let (directive, action) = directive(d, &mut definitions);
            Entry {
                line,
                directive,
                action,
            }
        })
        .collect())
}

fn one_line(mut e: wast::Error, text: &str) -> String {
    e.set_text(text);
    e.to_string().replace('\n', " ")
}

fn run(command: ScriptCommand, expect: Expect) -> Action {
    Action::Run { command, expect }
}

fn skip(reason: impl Into<String>) -> Action {
    Action::Skip(reason.into())
}

/// Translates one directive. `definitions` holds the binary of each `module definition` by name,
/// for the `module instance` directives that instantiate it later.
fn directive(d: WastDirective<'_>, definitions: &mut HashMap<String, Vec<u8>>) -> (&'static str, Action) {
    match d {
        WastDirective::Module(mut module) => {
            let name = module.name().map(|id| id.name().to_string());
            let action = match &module {
                QuoteWat::QuoteComponent(..) | QuoteWat::Wat(Wat::Component(_)) => skip("component model"),
                _ => match module.encode() {
                    Ok(wasm) => run(ScriptCommand::Module { wasm, name }, Expect::Done),
                    Err(e) => skip(format!("module text does not encode: {}", e.message())),
                },
            };
            ("module", action)
        }
        WastDirective::Register { name, module, .. } => (
            "register",
            run(
                ScriptCommand::Register {
                    module: module.map(|id| id.name().to_string()),
                    as_name: name.to_string(),
                },
                Expect::Done,
            ),
        ),
        WastDirective::Invoke(invoke) => ("invoke", execute(WastExecute::Invoke(invoke), Expect::Returns(None))),
        WastDirective::AssertReturn { exec, results, .. } => {
            let expect = results
                .into_iter()
                .map(ret_pattern)
                .collect::<Option<Vec<_>>>()
                .map(|r| Expect::Returns(Some(r)));
            let action = match expect {
                Some(expect) => execute(exec, expect),
                None => skip("component-model result"),
            };
            ("assert_return", action)
        }
        WastDirective::AssertTrap { exec, message, .. } => {
            ("assert_trap", execute(exec, Expect::Trap(trap_kind(message))))
        }
        WastDirective::AssertExhaustion { call, .. } => (
            "assert_exhaustion",
            execute(WastExecute::Invoke(call), Expect::Exhaustion),
        ),
        WastDirective::AssertException { exec, .. } => ("assert_exception", execute(exec, Expect::Exception)),
        WastDirective::AssertInvalid { module, .. } => ("assert_invalid", compile(module, "assert_invalid")),
        WastDirective::AssertMalformed { module, .. } => ("assert_malformed", compile(module, "assert_malformed")),
        WastDirective::AssertUnlinkable { mut module, .. } => {
            let action = match &module {
                Wat::Component(_) => skip("component model"),
                Wat::Module(_) => match module.encode() {
                    Ok(wasm) => run(ScriptCommand::Instantiate { wasm }, Expect::Unlinkable),
                    Err(e) => skip(format!("module text does not encode: {}", e.message())),
                },
            };
            ("assert_unlinkable", action)
        }
        WastDirective::ModuleDefinition(mut module) => {
            let name = module.name().map(|id| id.name().to_string());
            let action = match &module {
                QuoteWat::QuoteComponent(..) | QuoteWat::Wat(Wat::Component(_)) => skip("component model"),
                _ => match module.encode() {
                    Ok(wasm) => {
                        if let Some(name) = name {
                            definitions.insert(name, wasm.clone());
                        }
                        run(ScriptCommand::Compile { wasm }, Expect::Done)
                    }
                    Err(e) => skip(format!("module text does not encode: {}", e.message())),
                },
            };
            ("module definition", action)
        }
        WastDirective::ModuleInstance { instance, module, .. } => {
            let wasm = module.and_then(|m| definitions.get(m.name()).cloned());
            let action = match wasm {
                Some(wasm) => run(
                    ScriptCommand::Module {
                        wasm,
                        name: instance.map(|id| id.name().to_string()),
                    },
                    Expect::Done,
                ),
                None => skip("module instance of no named module definition"),
            };
            ("module instance", action)
        }
        WastDirective::AssertInvalidCustom { .. } => ("assert_invalid_custom", skip("custom-section checks")),
        WastDirective::AssertMalformedCustom { .. } => ("assert_malformed_custom", skip("custom-section checks")),
        WastDirective::AssertSuspension { .. } => ("assert_suspension", skip("stack switching")),
        WastDirective::Thread(_) => ("thread", skip("threads")),
        WastDirective::Wait { .. } => ("wait", skip("threads")),
    }
}

/// `assert_invalid`/`assert_malformed`: compile only. A text module that does not even encode is
/// malformed text, which is the text parser's business rather than the engine's, so it is skipped.
fn compile(mut module: QuoteWat<'_>, what: &str) -> Action {
    if matches!(module, QuoteWat::QuoteComponent(..) | QuoteWat::Wat(Wat::Component(_))) {
        return skip("component model");
    }
    match module.encode() {
        Ok(wasm) => run(ScriptCommand::Compile { wasm }, Expect::CompileError),
        Err(_) => skip(format!("{what} on malformed text: rejected by the text parser")),
    }
}

fn execute(exec: WastExecute<'_>, expect: Expect) -> Action {
    match exec {
        WastExecute::Invoke(invoke) => match invoke_command(invoke) {
            Some(command) => run(command, expect),
            None => skip("component-model argument"),
        },
        WastExecute::Get { module, global, .. } => run(
            ScriptCommand::Get {
                module: module.map(|id| id.name().to_string()),
                global: global.to_string(),
            },
            expect,
        ),
        WastExecute::Wat(mut wat) => match &wat {
            Wat::Component(_) => skip("component model"),
            Wat::Module(_) => match wat.encode() {
                Ok(wasm) => {
                    let expect = match expect {
                        Expect::Returns(_) => Expect::Done,
                        other => other,
                    };
                    run(ScriptCommand::Instantiate { wasm }, expect)
                }
                Err(e) => skip(format!("module text does not encode: {}", e.message())),
            },
        },
    }
}

fn invoke_command(invoke: WastInvoke<'_>) -> Option<ScriptCommand> {
    let args = invoke
        .args
        .into_iter()
        .map(|a| match a {
            WastArg::Core(core) => Some(arg(core)),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    Some(ScriptCommand::Invoke {
        module: invoke.module.map(|id| id.name().to_string()),
        export: invoke.name.to_string(),
        args,
    })
}

fn arg(core: WastArgCore<'_>) -> ScriptValue {
    ScriptValue::Value(match core {
        WastArgCore::I32(x) => Value::I32(x),
        WastArgCore::I64(x) => Value::I64(x),
        WastArgCore::F32(x) => Value::F32(x.bits),
        WastArgCore::F64(x) => Value::F64(x.bits),
        WastArgCore::V128(x) => Value::V128(u128::from_le_bytes(x.to_le_bytes())),
        WastArgCore::RefNull(ty) => Value::Ref {
            hierarchy: hierarchy(&ty).unwrap_or(RefHierarchy::Func),
            null: true,
        },
        WastArgCore::RefExtern(n) => return ScriptValue::Extern(n),
        WastArgCore::RefHost(n) => return ScriptValue::Host(n),
    })
}

/// The hierarchy of an abstract heap type; `None` for a concrete (indexed) type.
fn hierarchy(ty: &HeapType<'_>) -> Option<RefHierarchy> {
    use AbstractHeapType as A;
    match ty {
        HeapType::Abstract { ty, .. } => Some(match ty {
            A::Func | A::NoFunc => RefHierarchy::Func,
            A::Extern | A::NoExtern => RefHierarchy::Extern,
            A::Exn | A::NoExn => RefHierarchy::Exn,
            _ => RefHierarchy::Any,
        }),
        _ => None,
    }
}

fn ret_pattern(ret: WastRet<'_>) -> Option<RetPattern> {
    match ret {
        WastRet::Core(core) => core_pattern(core),
        _ => None,
    }
}

fn core_pattern(core: WastRetCore<'_>) -> Option<RetPattern> {
    Some(match core {
        WastRetCore::I32(x) => RetPattern::Exact(Value::I32(x)),
        WastRetCore::I64(x) => RetPattern::Exact(Value::I64(x)),
        WastRetCore::F32(p) => RetPattern::F32(float(p, |f| u64::from(f.bits))),
        WastRetCore::F64(p) => RetPattern::F64(float(p, |f| f.bits)),
        WastRetCore::V128(p) => RetPattern::V128(lanes(p)),
        WastRetCore::RefNull(ty) => RetPattern::Null(ty.as_ref().and_then(hierarchy)),
        WastRetCore::RefExtern(n) => RetPattern::Extern(n),
        WastRetCore::RefHost(n) => RetPattern::Host(n),
        WastRetCore::RefFunc(_) => RetPattern::Func,
        WastRetCore::RefAny => RetPattern::Any,
        WastRetCore::RefEq => RetPattern::Eq,
        WastRetCore::RefArray => RetPattern::Array,
        WastRetCore::RefStruct => RetPattern::Struct,
        WastRetCore::RefI31 | WastRetCore::RefI31Shared => RetPattern::I31,
        WastRetCore::Either(alternatives) => {
            RetPattern::Either(alternatives.into_iter().map(core_pattern).collect::<Option<_>>()?)
        }
    })
}

fn float<T>(p: NanPattern<T>, bits: impl Fn(T) -> u64) -> FloatPattern {
    match p {
        NanPattern::CanonicalNan => FloatPattern::CanonicalNan,
        NanPattern::ArithmeticNan => FloatPattern::ArithmeticNan,
        NanPattern::Value(v) => FloatPattern::Bits(bits(v)),
    }
}

fn lanes(p: V128Pattern) -> Vec<Lane> {
    let int = |bits: u64, width: u32| Lane::Int { bits, width };
    match p {
        V128Pattern::I8x16(v) => v.iter().map(|x| int(u64::from(*x as u8), 8)).collect(),
        V128Pattern::I16x8(v) => v.iter().map(|x| int(u64::from(*x as u16), 16)).collect(),
        V128Pattern::I32x4(v) => v.iter().map(|x| int(u64::from(*x as u32), 32)).collect(),
        V128Pattern::I64x2(v) => v.iter().map(|x| int(*x as u64, 64)).collect(),
        V128Pattern::F32x4(v) => v
            .into_iter()
            .map(|x| Lane::F32(float(x, |f| u64::from(f.bits))))
            .collect(),
        V128Pattern::F64x2(v) => v.into_iter().map(|x| Lane::F64(float(x, |f| f.bits))).collect(),
    }
}

/// The trap kind an `assert_trap` message stands for, by the message's wording in the
/// specification's reference interpreter: `integer divide by zero`, `integer overflow`, `invalid
/// conversion to integer`, `unreachable`, `out of bounds memory access`, `out of bounds table
/// access` and `undefined element` (an index past a table's end), `uninitialized element` (a null
/// entry reached by `call_indirect`), `indirect call type mismatch`, `null ... reference`,
/// `out of bounds array access` and `cast failure`. For any other message (for example one a
/// proposal introduces) the expectation accepts a trap of any kind: `None`.
pub fn trap_kind(message: &str) -> Option<TrapKind> {
    if message.starts_with("null ") && message.ends_with("reference") {
        return Some(TrapKind::NullReference);
    }
    TRAP_MESSAGES
        .iter()
        .find(|(m, _)| message.starts_with(m))
        .map(|(_, k)| *k)
}

/// The specification's message of a trap of `kind` (the first of [`TRAP_MESSAGES`]), for writing
/// `assert_trap`; `None` for a kind the specification has no message for.
pub fn trap_message(kind: TrapKind) -> Option<&'static str> {
    if kind == TrapKind::NullReference {
        return Some("null reference");
    }
    TRAP_MESSAGES.iter().find(|(_, k)| *k == kind).map(|(m, _)| *m)
}

/// The specification's trap messages (prefixes) and the kinds they stand for.
const TRAP_MESSAGES: &[(&str, TrapKind)] = &[
    ("integer divide by zero", TrapKind::IntegerDivisionByZero),
    ("integer overflow", TrapKind::IntegerOverflow),
    ("invalid conversion to integer", TrapKind::BadConversionToInteger),
    ("unreachable", TrapKind::Unreachable),
    ("out of bounds memory access", TrapKind::MemoryOutOfBounds),
    ("out of bounds table access", TrapKind::TableOutOfBounds),
    ("undefined element", TrapKind::TableOutOfBounds),
    ("uninitialized element", TrapKind::IndirectCallToNull),
    ("indirect call type mismatch", TrapKind::BadSignature),
    ("out of bounds array access", TrapKind::ArrayOutOfBounds),
    ("cast failure", TrapKind::CastFailure),
    ("unaligned atomic", TrapKind::UnalignedAtomic),
    ("expected shared memory", TrapKind::WaitOnUnsharedMemory),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_directive_becomes_one_entry_with_its_line() {
        let text = "(module $m (func (export \"f\") (result i32) (i32.const 1)))\n\
                    (assert_return (invoke \"f\") (i32.const 1))\n\
                    (assert_malformed (module quote \"(func\") \"unexpected end\")\n\
                    (assert_trap (invoke $m \"f\") \"integer divide by zero\")\n";
        let entries = translate(text).unwrap();
        assert_eq!(entries.iter().map(|e| e.line).collect::<Vec<_>>(), vec![1, 2, 3, 4]);
        assert!(
            matches!(&entries[0].action, Action::Run { command: ScriptCommand::Module { name: Some(n), .. }, .. } if n == "m")
        );
        assert!(matches!(entries[2].action, Action::Skip(_)));
        assert!(matches!(
            entries[3].action,
            Action::Run {
                expect: Expect::Trap(Some(TrapKind::IntegerDivisionByZero)),
                ..
            }
        ));
        assert!(translate("(module (func)").is_err());
    }

    #[test]
    fn unknown_trap_messages_accept_any_trap() {
        assert_eq!(trap_kind("uninitialized element 2"), Some(TrapKind::IndirectCallToNull));
        assert_eq!(trap_kind("null function reference"), Some(TrapKind::NullReference));
        assert_eq!(trap_kind("something new"), None);
    }
}
