//! Scripts (`.wast` commands) on the Wasmtime engines: one store and one linker per script, run
//! by the shared command loop ([`crate::adapters::script`]).

use wasmtime::{
    AnyRef, ExternRef, Global, GlobalType, Instance, Linker, Memory, Module, Mutability, Ref, RefType, Store,
    StoreLimits, StoreLimitsBuilder, Table, Val,
};

use super::compat;
use super::config::compile_rejection;
use super::values::{error_trap_kind, from_val, to_val, val_type};
use crate::adapters::script::{self, ScriptHost};
use crate::engine::{HOST_STACK_MARGIN_BYTES, WASM_STACK_BYTES};
use crate::naming::Compiler;
use crate::script::{
    RefKind, SPECTEST_FLOAT, SPECTEST_INT, SPECTEST_MEMORY, SPECTEST_MODULE, SPECTEST_PRINTS, SPECTEST_TABLE,
    ScriptCommand, ScriptResult, ScriptSink, ScriptValue,
};
use crate::{RejectionKind, Value, limits};

/// Runs `commands` on the engine that `build` makes (on the execution thread), one result per
/// command to `sink`. A panic of the engine makes the command that was running, and every later
/// one, a crash.
pub(super) fn run(
    build: impl FnOnce() -> anyhow::Result<(wasmtime::Engine, Compiler)> + Send,
    commands: &[ScriptCommand],
    sink: &mut ScriptSink<'_>,
) {
    let build = || {
        let (wasmtime_engine, compiler) = build().map_err(|e| format!("cannot build the engine: {e:#}"))?;
        Script::new(&wasmtime_engine, compiler).map_err(|e| format!("cannot set up the script's store: {e:#}"))
    };
    script::run(WASM_STACK_BYTES + HOST_STACK_MARGIN_BYTES, build, commands, sink);
}

/// The store and linker of one script, and the compiler whose gaps its compile errors name.
struct Script {
    store: Store<StoreLimits>,
    linker: Linker<StoreLimits>,
    compiler: Compiler,
}

impl Script {
    fn new(engine: &wasmtime::Engine, compiler: Compiler) -> wasmtime::Result<Script> {
        let limits = StoreLimitsBuilder::new()
            .memory_size(limits::MEMORY_BYTES)
            .table_elements(limits::TABLE_ELEMENTS)
            .build();
        let mut store = Store::new(engine, limits);
        store.limiter(|l| l);
        let mut linker = Linker::new(engine);
        linker.allow_shadowing(true);
        for (name, params) in SPECTEST_PRINTS {
            let ty = wasmtime::FuncType::new(engine, params.iter().map(|t| val_type(*t)), []);
            linker.func_new(SPECTEST_MODULE, name, ty, |_, _, _| Ok(()))?;
        }
        let globals = [
            ("global_i32", Value::I32(SPECTEST_INT)),
            ("global_i64", Value::I64(SPECTEST_INT.into())),
            ("global_f32", Value::F32((SPECTEST_FLOAT as f32).to_bits())),
            ("global_f64", Value::F64(SPECTEST_FLOAT.to_bits())),
        ];
        for (name, value) in globals {
            let ty = GlobalType::new(val_type(value.ty()), Mutability::Const);
            let global = Global::new(&mut store, ty, to_val(value))?;
            linker.define(&store, SPECTEST_MODULE, name, global)?;
        }
        let (min, max) = SPECTEST_TABLE;
        let ty = compat::table_type(RefType::FUNCREF, min, max)?;
        let table = Table::new(&mut store, ty, Ref::Func(None))?;
        linker.define(&store, SPECTEST_MODULE, "table", table)?;
        let (min, max) = SPECTEST_MEMORY;
        let memory = Memory::new(&mut store, compat::memory_type(min, max)?)?;
        linker.define(&store, SPECTEST_MODULE, "memory", memory)?;
        Ok(Script {
            store,
            linker,
            compiler,
        })
    }

    fn module(&self, wasm: &[u8]) -> Result<Module, ScriptResult> {
        Module::new(self.store.engine(), wasm).map_err(|e| {
            let rejection = compile_rejection(self.compiler, &e);
            match rejection.kind {
                RejectionKind::Unsupported => ScriptResult::Unsupported(rejection.message),
                _ => ScriptResult::CompileError(rejection.message),
            }
        })
    }

    fn val(&mut self, value: ScriptValue) -> wasmtime::Result<Val> {
        Ok(match value {
            ScriptValue::Value(v) => to_val(v),
            ScriptValue::Extern(n) => Val::ExternRef(Some(ExternRef::new(&mut self.store, n)?)),
            ScriptValue::Host(n) => {
                let host = ExternRef::new(&mut self.store, n)?;
                Val::AnyRef(Some(AnyRef::convert_extern(&mut self.store, host)?))
            }
            ScriptValue::Ref(kind) => wasmtime::bail!("a {kind:?} reference cannot be an argument"),
        })
    }
}

impl ScriptHost for Script {
    type Instance = Instance;
    type Func = wasmtime::Func;
    type Val = Val;

    fn compile(&mut self, wasm: &[u8]) -> Result<(), ScriptResult> {
        self.module(wasm).map(drop)
    }

    fn instantiate(&mut self, wasm: &[u8]) -> Result<Instance, ScriptResult> {
        let module = self.module(wasm)?;
        self.linker
            .instantiate(&mut self.store, &module)
            .map_err(|e| failure(&e, ScriptResult::LinkError))
    }

    fn register(&mut self, as_name: &str, instance: Instance) -> Result<(), String> {
        self.linker
            .instance(&mut self.store, as_name, instance)
            .map(drop)
            .map_err(|e| format!("{e:#}"))
    }

    fn func(&mut self, instance: Instance, export: &str) -> Option<wasmtime::Func> {
        instance.get_func(&mut self.store, export)
    }

    fn global(&mut self, instance: Instance, global: &str) -> Option<Val> {
        instance
            .get_global(&mut self.store, global)
            .map(|g| g.get(&mut self.store))
    }

    fn arg(&mut self, value: ScriptValue) -> Result<Val, String> {
        self.val(value).map_err(|e| format!("cannot make the argument: {e:#}"))
    }

    fn result_slots(&mut self, func: &wasmtime::Func) -> Vec<Val> {
        vec![Val::I32(0); func.ty(&self.store).results().len()]
    }

    fn call(&mut self, func: &wasmtime::Func, params: &[Val], results: &mut [Val]) -> Result<(), ScriptResult> {
        func.call(&mut self.store, params, results)
            .map_err(|e| failure(&e, ScriptResult::Refused))
    }

    fn value(&mut self, value: &Val) -> ScriptValue {
        match value {
            Val::ExternRef(Some(r)) => match r.data(&self.store) {
                Ok(Some(data)) => data
                    .downcast_ref::<u32>()
                    .map_or(ScriptValue::Ref(RefKind::Extern), |n| ScriptValue::Extern(*n)),
                _ => ScriptValue::Ref(RefKind::Extern),
            },
            Val::AnyRef(Some(a)) => {
                let kind = if a.is_i31(&self.store).unwrap_or(false) {
                    RefKind::I31
                } else if a.is_struct(&self.store).unwrap_or(false) {
                    RefKind::Struct
                } else if a.is_array(&self.store).unwrap_or(false) {
                    RefKind::Array
                } else {
                    RefKind::Any
                };
                if kind != RefKind::Any {
                    return ScriptValue::Ref(kind);
                }
                let host = ExternRef::convert_any(&mut self.store, *a).ok();
                let n = host.and_then(|h| {
                    h.data(&self.store)
                        .ok()
                        .flatten()
                        .and_then(|d| d.downcast_ref::<u32>().copied())
                });
                n.map_or(ScriptValue::Ref(RefKind::Any), ScriptValue::Host)
            }
            Val::FuncRef(Some(_)) => ScriptValue::Ref(RefKind::Func),
            Val::ExnRef(Some(_)) => ScriptValue::Ref(RefKind::Exn),
            Val::ContRef(Some(_)) => ScriptValue::Ref(RefKind::Any),
            other => ScriptValue::Value(from_val(other)),
        }
    }
}

/// A Wasmtime error as a script result: a trap (mapped or not), or `otherwise(message)`.
fn failure(e: &wasmtime::Error, otherwise: fn(String) -> ScriptResult) -> ScriptResult {
    let message = format!("{e:#}");
    match error_trap_kind(e) {
        Some(kind) => ScriptResult::Trapped { kind, message },
        None => otherwise(message),
    }
}
