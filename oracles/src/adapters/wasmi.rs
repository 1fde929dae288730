//! The wasmi adapter: the interpreter oracle, which shares no code with Wasmtime.

use wasmi::{
    Caller, Config, Extern, F32, F64, Instance, Linker, Module, Nullable, Store, StoreLimits, StoreLimitsBuilder,
    TrapCode, V128, Val,
};

use crate::driver::{Session, Started, drive};
use crate::engine::StepSink;
use crate::host::{HOST_FUNCS, HOST_MODULE, HostFunc, HostLog};
use crate::{
    CallPlan, Engine, GlobalState, HostCall, MemoryState, Proposal, ProposalSet, RefHierarchy, Rejection,
    RejectionKind, StateSnapshot, StepOutcome, TableState, TrapKind, ValType, Value, limits,
};

/// wasmi's call-depth limit. Generated modules bound recursion by their termination budget, which
/// stays far below this, so only genuinely unbounded recursion overflows.
const MAX_RECURSION_DEPTH: usize = 100_000;

/// wasmi's value-stack limit, in values (8 bytes each).
const MAX_STACK_HEIGHT: usize = 16 << 20;

/// A wasmi engine.
pub struct WasmiEngine {
    proposals: ProposalSet,
    linker: Linker<HostState>,
}

struct HostState {
    log: HostLog,
    limits: StoreLimits,
}

impl WasmiEngine {
    /// Builds the engine, asking wasmi which proposals it supports by compiling each proposal's
    /// probe module with only that proposal enabled.
    ///
    /// # Errors
    ///
    /// When a host function cannot be defined (never for the built-in host functions).
    pub fn new() -> anyhow::Result<WasmiEngine> {
        let proposals = Proposal::ALL
            .into_iter()
            .filter(|p| {
                let engine = wasmi::Engine::new(&config([*p].into_iter().collect()));
                Module::new(&engine, p.probe_wasm()).is_ok()
            })
            .collect();
        let engine = wasmi::Engine::new(&config(proposals));
        let mut linker = Linker::new(&engine);
        for func in HOST_FUNCS {
            let ty = wasmi::FuncType::new(
                func.params.iter().map(|t| val_type(*t)),
                func.results.iter().map(|t| val_type(*t)),
            );
            linker.func_new(HOST_MODULE, func.name, ty, move |caller, params, results| {
                host_call(caller, func, params, results);
                Ok(())
            })?;
        }
        Ok(WasmiEngine { proposals, linker })
    }

    fn start(&self, wasm: &[u8]) -> Started<WasmiSession> {
        let module = match Module::new(self.linker.engine(), wasm) {
            Ok(m) => m,
            Err(e) => {
                return Started::Rejected(Rejection {
                    kind: RejectionKind::Error,
                    message: e.to_string(),
                });
            }
        };
        let limits = StoreLimitsBuilder::new()
            .memory_size(limits::MEMORY_BYTES)
            .table_elements(limits::TABLE_ELEMENTS)
            .build();
        let mut store = Store::new(
            self.linker.engine(),
            HostState {
                log: HostLog::default(),
                limits,
            },
        );
        store.limiter(|s| &mut s.limits);
        match self.linker.instantiate_and_start(&mut store, &module) {
            Ok(instance) => {
                let exports = instance
                    .exports(&store)
                    .map(|e| (e.name().to_string(), e.into_extern()))
                    .collect::<Vec<_>>();
                let mut exports = exports;
                // Snapshots list exports by name: wasmi does not iterate them in module order.
                exports.sort_by(|a, b| a.0.cmp(&b.0));
                Started::Ready(WasmiSession {
                    store,
                    instance,
                    exports,
                })
            }
            Err(e) => {
                let calls = store.data_mut().log.take();
                match error_trap_kind(&e) {
                    Some(Some(kind)) => Started::Trapped(kind, calls),
                    Some(None) => Started::Crashed(format!("unmapped trap: {e}"), calls),
                    None => {
                        let message = e.to_string();
                        if limits::is_resource_limit_message(&message) {
                            Started::Rejected(Rejection {
                                kind: RejectionKind::ResourceLimit,
                                message,
                            })
                        } else {
                            Started::Crashed(format!("instantiation failed: {message}"), calls)
                        }
                    }
                }
            }
        }
    }
}

impl Engine for WasmiEngine {
    fn name(&self) -> &str {
        "wasmi"
    }

    fn version(&self) -> String {
        format!("wasmi {}", env!("CROSSCHECK_WASMI_VERSION"))
    }

    fn arch(&self) -> &'static str {
        "interpreter"
    }

    fn proposals(&self) -> ProposalSet {
        self.proposals
    }

    fn run(&self, wasm: &[u8], plan: &CallPlan, sink: &mut StepSink<'_>) -> Option<Rejection> {
        drive(|| self.start(wasm), plan, sink)
    }
}

fn config(proposals: ProposalSet) -> Config {
    let mut c = Config::default();
    let on = |p| proposals.contains(p);
    c.wasm_multi_value(on(Proposal::MultiValue))
        .wasm_bulk_memory(on(Proposal::BulkMemory))
        .wasm_reference_types(on(Proposal::ReferenceTypes))
        .wasm_simd(on(Proposal::Simd))
        .wasm_saturating_float_to_int(on(Proposal::SaturatingFloatToInt))
        .wasm_sign_extension(on(Proposal::SignExtension))
        .wasm_tail_call(on(Proposal::TailCall))
        .wasm_multi_memory(on(Proposal::MultiMemory))
        .wasm_memory64(on(Proposal::Memory64))
        .wasm_extended_const(on(Proposal::ExtendedConst))
        .wasm_wide_arithmetic(on(Proposal::WideArithmetic))
        .wasm_custom_page_sizes(on(Proposal::CustomPageSizes))
        .wasm_relaxed_simd(false)
        .set_max_recursion_depth(MAX_RECURSION_DEPTH)
        .set_max_stack_height(MAX_STACK_HEIGHT);
    // wasmi implements neither GC nor exception handling: their probes fail to validate.
    c
}

struct WasmiSession {
    store: Store<HostState>,
    instance: Instance,
    exports: Vec<(String, Extern)>,
}

impl Session for WasmiSession {
    fn call(&mut self, export: &str, args: &[Value]) -> StepOutcome {
        let Some(func) = self.instance.get_func(&self.store, export) else {
            return StepOutcome::Crashed(format!("the plan calls {export:?}, which is not an exported function"));
        };
        let params: Vec<Val> = args.iter().map(|v| to_val(*v)).collect();
        let mut results = vec![Val::I32(0); func.ty(&self.store).results().len()];
        match func.call(&mut self.store, &params, &mut results) {
            Ok(()) => StepOutcome::Returned(results.iter().map(from_val).collect()),
            Err(e) => match error_trap_kind(&e).flatten() {
                Some(kind) => StepOutcome::Trapped(kind),
                None => StepOutcome::Crashed(e.to_string()),
            },
        }
    }

    fn snapshot(&mut self) -> StateSnapshot {
        let mut state = StateSnapshot::default();
        for (name, ext) in &self.exports {
            let export = name.clone();
            match ext {
                Extern::Memory(m) => state.memories.push(MemoryState {
                    export,
                    pages: m.size(&self.store),
                    bytes: m.data(&self.store).to_vec(),
                }),
                Extern::Global(g) => state.globals.push(GlobalState {
                    export,
                    value: from_val(&g.get(&self.store)),
                }),
                Extern::Table(t) => state.tables.push(TableState {
                    export,
                    size: t.size(&self.store),
                }),
                Extern::Func(_) => {}
            }
        }
        state
    }

    fn take_host_calls(&mut self) -> Vec<HostCall> {
        self.store.data_mut().log.take()
    }
}

fn host_call(mut caller: Caller<'_, HostState>, func: &'static HostFunc, params: &[Val], results: &mut [Val]) {
    let args: Vec<Value> = params.iter().map(from_val).collect();
    let out = caller.data_mut().log.call(func, &args);
    for (slot, value) in results.iter_mut().zip(out) {
        *slot = to_val(value);
    }
}

/// The trap an error stands for: `None` when it is no trap, `Some(None)` for a trap outside
/// DESIGN.md's list. wasmi reports an element segment that does not fit its table at instantiation
/// as an instantiation error rather than a trap code; the core specification traps there (module
/// instantiation runs `table.init` for each active segment, which traps out of bounds).
fn error_trap_kind(e: &wasmi::Error) -> Option<Option<TrapKind>> {
    use wasmi::errors::{ErrorKind, InstantiationError};
    match e.kind() {
        ErrorKind::Instantiation(InstantiationError::ElementSegmentDoesNotFit { .. }) => {
            Some(Some(TrapKind::TableOutOfBounds))
        }
        _ => e.as_trap_code().map(trap_kind),
    }
}

/// Maps a wasmi trap code to its canonical kind. `GrowthOperationLimited` and `OutOfSystemMemory`
/// are resource conditions outside DESIGN.md's list, so they are crashes.
fn trap_kind(code: TrapCode) -> Option<TrapKind> {
    Some(match code {
        TrapCode::UnreachableCodeReached => TrapKind::Unreachable,
        TrapCode::MemoryOutOfBounds => TrapKind::MemoryOutOfBounds,
        TrapCode::TableOutOfBounds => TrapKind::TableOutOfBounds,
        TrapCode::IndirectCallToNull => TrapKind::IndirectCallToNull,
        TrapCode::IntegerDivisionByZero => TrapKind::IntegerDivisionByZero,
        TrapCode::IntegerOverflow => TrapKind::IntegerOverflow,
        TrapCode::BadConversionToInteger => TrapKind::BadConversionToInteger,
        TrapCode::StackOverflow => TrapKind::StackOverflow,
        TrapCode::BadSignature => TrapKind::BadSignature,
        TrapCode::OutOfFuel => TrapKind::OutOfFuel,
        _ => return None,
    })
}

fn val_type(ty: ValType) -> wasmi::ValType {
    match ty {
        ValType::I32 => wasmi::ValType::I32,
        ValType::I64 => wasmi::ValType::I64,
        ValType::F32 => wasmi::ValType::F32,
        ValType::F64 => wasmi::ValType::F64,
        ValType::V128 => wasmi::ValType::V128,
        ValType::Ref(RefHierarchy::Func) => wasmi::ValType::FuncRef,
        ValType::Ref(_) => wasmi::ValType::ExternRef,
    }
}

/// Converts a harness value to a wasmi value. References are passed as null: the harness never
/// holds a non-null reference of an engine.
fn to_val(v: Value) -> Val {
    match v {
        Value::I32(x) => Val::I32(x),
        Value::I64(x) => Val::I64(x),
        Value::F32(bits) => Val::F32(F32::from_bits(bits)),
        Value::F64(bits) => Val::F64(F64::from_bits(bits)),
        Value::V128(bits) => Val::V128(V128::from(bits)),
        Value::Ref {
            hierarchy: RefHierarchy::Func,
            ..
        } => Val::FuncRef(Nullable::Null),
        Value::Ref { .. } => Val::ExternRef(Nullable::Null),
    }
}

fn from_val(v: &Val) -> Value {
    match v {
        Val::I32(x) => Value::I32(*x),
        Val::I64(x) => Value::I64(*x),
        Val::F32(x) => Value::F32(x.to_bits()),
        Val::F64(x) => Value::F64(x.to_bits()),
        Val::V128(x) => Value::V128(x.as_u128()),
        Val::FuncRef(f) => Value::Ref {
            hierarchy: RefHierarchy::Func,
            null: f.is_null(),
        },
        Val::ExternRef(e) => Value::Ref {
            hierarchy: RefHierarchy::Extern,
            null: e.is_null(),
        },
    }
}
