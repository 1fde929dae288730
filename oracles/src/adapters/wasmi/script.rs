//! Scripts (`.wast` commands) on wasmi: one store and one linker per script, run by the shared
//! command loop ([`crate::adapters::script`]).

use wasmi::{
    ExternRef, Global, Instance, Linker, Memory, MemoryType, Module, Mutability, Store, StoreLimits,
    StoreLimitsBuilder, Val,
};

use super::compat::{Nullable, null_funcref_table};
use super::config::{Variant, config};
use super::values::{error_trap_kind, from_val, to_val, val_type};
use crate::adapters::script::{self, ScriptHost};
use crate::engine::HOST_STACK_MARGIN_BYTES;
use crate::script::{
    RefKind, SPECTEST_FLOAT, SPECTEST_INT, SPECTEST_MEMORY, SPECTEST_MODULE, SPECTEST_PRINTS, SPECTEST_TABLE,
    ScriptCommand, ScriptResult, ScriptSink, ScriptValue,
};
use crate::{ProposalSet, Value, limits};

/// Runs `commands` on a fresh wasmi engine with `proposals` enabled, one result per command to
/// `sink`. A panic of the engine makes the command that was running, and every later one, a crash.
pub(super) fn run(proposals: ProposalSet, commands: &[ScriptCommand], sink: &mut ScriptSink<'_>) {
    let build = || Script::new(proposals).map_err(|e| format!("cannot set up the script's store: {e}"));
    script::run(HOST_STACK_MARGIN_BYTES, build, commands, sink);
}

/// The store and linker of one script.
struct Script {
    store: Store<StoreLimits>,
    linker: Linker<StoreLimits>,
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
        Ok(Script { store, linker })
    }
}

impl ScriptHost for Script {
    type Instance = Instance;
    type Func = wasmi::Func;
    type Val = Val;

    fn compile(&mut self, wasm: &[u8]) -> Result<(), ScriptResult> {
        Module::new(self.store.engine(), wasm)
            .map(drop)
            .map_err(|e| ScriptResult::CompileError(e.to_string()))
    }

    fn instantiate(&mut self, wasm: &[u8]) -> Result<Instance, ScriptResult> {
        let module = Module::new(self.store.engine(), wasm).map_err(|e| ScriptResult::CompileError(e.to_string()))?;
        self.linker
            .instantiate_and_start(&mut self.store, &module)
            .map_err(|e| failure(&e, ScriptResult::LinkError))
    }

    fn register(&mut self, as_name: &str, instance: Instance) -> Result<(), String> {
        self.linker
            .instance(&mut self.store, as_name, instance)
            .map(drop)
            .map_err(|e| e.to_string())
    }

    fn func(&mut self, instance: Instance, export: &str) -> Option<wasmi::Func> {
        instance.get_func(&self.store, export)
    }

    fn global(&mut self, instance: Instance, global: &str) -> Option<Val> {
        instance.get_global(&self.store, global).map(|g| g.get(&self.store))
    }

    fn arg(&mut self, value: ScriptValue) -> Result<Val, String> {
        match value {
            ScriptValue::Value(v) => Ok(to_val(v)),
            ScriptValue::Extern(n) => Ok(Val::ExternRef(Nullable::Val(ExternRef::new(&mut self.store, n)))),
            other => Err(format!("wasmi has no reference like {other:?}")),
        }
    }

    fn result_slots(&mut self, func: &wasmi::Func) -> Vec<Val> {
        vec![Val::I32(0); func.ty(&self.store).results().len()]
    }

    fn call(&mut self, func: &wasmi::Func, params: &[Val], results: &mut [Val]) -> Result<(), ScriptResult> {
        func.call(&mut self.store, params, results)
            .map_err(|e| failure(&e, ScriptResult::Refused))
    }

    fn value(&mut self, value: &Val) -> ScriptValue {
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
