//! Scripts (`.wast` commands) on wasmi: one store and one linker per script.

use std::collections::HashMap;

use wasmi::{
    ExternRef, Global, Instance, Linker, Memory, MemoryType, Module, Mutability, Store, StoreLimits,
    StoreLimitsBuilder, Val,
};

use super::compat::{Nullable, null_funcref_table};
use super::config::{Variant, config};
use super::values::{error_trap_kind, from_val, to_val, val_type};
use crate::engine::{HOST_STACK_MARGIN_BYTES, on_execution_thread};
use crate::script::{
    RefKind, SPECTEST_FLOAT, SPECTEST_INT, SPECTEST_MEMORY, SPECTEST_MODULE, SPECTEST_PRINTS, SPECTEST_TABLE,
    ScriptCommand, ScriptResult, ScriptSink, ScriptValue,
};
use crate::{ProposalSet, Value, limits};

/// Runs `commands` on a fresh wasmi engine with `proposals` enabled, one result per command to
/// `sink`. A panic of the engine makes the command that was running, and every later one, a crash.
pub(super) fn run(proposals: ProposalSet, commands: &[ScriptCommand], sink: &mut ScriptSink<'_>) {
    let mut done = 0;
    let ran = on_execution_thread(HOST_STACK_MARGIN_BYTES, || {
        let mut script = Script::new(proposals).map_err(|e| format!("cannot set up the script's store: {e}"))?;
        for command in commands {
            sink(script.run(command));
            done += 1;
        }
        Ok(())
    });
    if let Err(message) = ran.and_then(|r| r) {
        for _ in done..commands.len() {
            sink(ScriptResult::Crashed(message.clone()));
        }
    }
}

struct Script {
    store: Store<StoreLimits>,
    linker: Linker<StoreLimits>,
    current: Option<Instance>,
    named: HashMap<String, Instance>,
}

impl Script {
    fn new(proposals: ProposalSet) -> Result<Script, wasmi::Error> {
        let variant = Variant {
            interrupts: false,
            stack_scale: 1,
        };
        let engine = wasmi::Engine::new(&config(proposals, variant, &crate::config::EngineConfig::default()));
        let limits = StoreLimitsBuilder::new()
            .memory_size(limits::MEMORY_BYTES)
            .table_elements(limits::TABLE_ELEMENTS)
            .build();
        let mut store = Store::new(&engine, limits);
        store.limiter(|l| l);
        let mut linker = Linker::new(&engine);
        linker.allow_shadowing(true);
        for (name, params) in SPECTEST_PRINTS {
            let ty = wasmi::FuncType::new(params.iter().map(|t| val_type(*t)), []);
            linker.func_new(SPECTEST_MODULE, name, ty, |_, _, _| Ok(()))?;
        }
        let globals = [
            ("global_i32", Value::I32(SPECTEST_INT)),
            ("global_i64", Value::I64(SPECTEST_INT.into())),
            ("global_f32", Value::F32((SPECTEST_FLOAT as f32).to_bits())),
            ("global_f64", Value::F64(SPECTEST_FLOAT.to_bits())),
        ];
        for (name, value) in globals {
            let global = Global::new(&mut store, to_val(value), Mutability::Const);
            linker.define(SPECTEST_MODULE, name, global)?;
        }
        let (min, max) = SPECTEST_TABLE;
        let table = null_funcref_table(&mut store, min, max)?;
        linker.define(SPECTEST_MODULE, "table", table)?;
        let (min, max) = SPECTEST_MEMORY;
        let memory = Memory::new(&mut store, MemoryType::new(min, Some(max)))?;
        linker.define(SPECTEST_MODULE, "memory", memory)?;
        Ok(Script {
            store,
            linker,
            current: None,
            named: HashMap::new(),
        })
    }

    fn run(&mut self, command: &ScriptCommand) -> ScriptResult {
        match command {
            ScriptCommand::Module { wasm, name } => match self.instantiate(wasm) {
                Ok(instance) => {
                    self.current = Some(instance);
                    if let Some(name) = name {
                        self.named.insert(name.clone(), instance);
                    }
                    ScriptResult::Done
                }
                Err(result) => {
                    self.current = None;
                    result
                }
            },
            ScriptCommand::Instantiate { wasm } => self.instantiate(wasm).map_or_else(|r| r, |_| ScriptResult::Done),
            ScriptCommand::Compile { wasm } => match Module::new(self.store.engine(), wasm) {
                Ok(_) => ScriptResult::Done,
                Err(e) => ScriptResult::CompileError(e.to_string()),
            },
            ScriptCommand::Register { module, as_name } => match self.instance(module.as_deref()) {
                Ok(instance) => match self.linker.instance(&mut self.store, as_name, instance) {
                    Ok(_) => ScriptResult::Done,
                    Err(e) => ScriptResult::LinkError(e.to_string()),
                },
                Err(r) => r,
            },
            ScriptCommand::Invoke { module, export, args } => {
                self.invoke(module.as_deref(), export, args).unwrap_or_else(|r| r)
            }
            ScriptCommand::Get { module, global } => {
                let instance = match self.instance(module.as_deref()) {
                    Ok(i) => i,
                    Err(r) => return r,
                };
                match instance.get_global(&self.store, global) {
                    Some(g) => {
                        let value = g.get(&self.store);
                        ScriptResult::Returned(vec![self.script_value(&value)])
                    }
                    None => ScriptResult::Refused(format!("no exported global {global:?}")),
                }
            }
        }
    }

    fn instantiate(&mut self, wasm: &[u8]) -> Result<Instance, ScriptResult> {
        let module = Module::new(self.store.engine(), wasm).map_err(|e| ScriptResult::CompileError(e.to_string()))?;
        self.linker
            .instantiate_and_start(&mut self.store, &module)
            .map_err(|e| failure(&e, ScriptResult::LinkError))
    }

    fn instance(&self, name: Option<&str>) -> Result<Instance, ScriptResult> {
        match name {
            Some(name) => self.named.get(name).copied(),
            None => self.current,
        }
        .ok_or_else(|| ScriptResult::Refused(format!("no instance {}", name.unwrap_or("is current"))))
    }

    fn invoke(
        &mut self,
        module: Option<&str>,
        export: &str,
        args: &[ScriptValue],
    ) -> Result<ScriptResult, ScriptResult> {
        let instance = self.instance(module)?;
        let func = instance
            .get_func(&self.store, export)
            .ok_or_else(|| ScriptResult::Refused(format!("no exported function {export:?}")))?;
        let params = args
            .iter()
            .map(|a| self.val(*a))
            .collect::<Result<Vec<Val>, String>>()
            .map_err(ScriptResult::Unsupported)?;
        let mut results = vec![Val::I32(0); func.ty(&self.store).results().len()];
        match func.call(&mut self.store, &params, &mut results) {
            Ok(()) => Ok(ScriptResult::Returned(
                results.iter().map(|v| self.script_value(v)).collect(),
            )),
            Err(e) => Ok(failure(&e, ScriptResult::Refused)),
        }
    }

    fn val(&mut self, value: ScriptValue) -> Result<Val, String> {
        match value {
            ScriptValue::Value(v) => Ok(to_val(v)),
            ScriptValue::Extern(n) => Ok(Val::ExternRef(Nullable::Val(ExternRef::new(&mut self.store, n)))),
            other => Err(format!("wasmi has no reference like {other:?}")),
        }
    }

    fn script_value(&self, value: &Val) -> ScriptValue {
        match value {
            Val::ExternRef(Nullable::Val(r)) => r
                .data(&self.store)
                .downcast_ref::<u32>()
                .map_or(ScriptValue::Ref(RefKind::Extern), |n| ScriptValue::Extern(*n)),
            Val::FuncRef(Nullable::Val(_)) => ScriptValue::Ref(RefKind::Func),
            other => ScriptValue::Value(from_val(other)),
        }
    }
}

/// A wasmi error as a script result: a trap (mapped or not), or `otherwise(message)`.
fn failure(e: &wasmi::Error, otherwise: fn(String) -> ScriptResult) -> ScriptResult {
    let message = e.to_string();
    match error_trap_kind(e, false) {
        Some(kind) => ScriptResult::Trapped { kind, message },
        None if e.as_trap_code().is_some() => ScriptResult::Trapped { kind: None, message },
        None => otherwise(message),
    }
}
