//! The wasmi adapter: the interpreter oracle, which shares no code with Wasmtime.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use wasmi::{
    Caller, CompilationMode, Config, Extern, F32, F64, Instance, Linker, Module, Nullable, Store, StoreLimits,
    StoreLimitsBuilder, TrapCode, V128, Val,
};

use crate::config::{EngineConfig, configured_name};
use crate::driver::{CallEnd, Session, Started, drive};
use crate::engine::{HOST_STACK_MARGIN_BYTES, StepSink};
use crate::host::{CALLBACK, HOST_FUNCS, HOST_MODULE, HostFunc, HostLog, HostTrap};
use crate::phases::{CompileMark, PhaseMeter, PhaseTimes};
use crate::plan::INTERRUPT_FUEL;
use crate::script::{ScriptCommand, ScriptSink};
use crate::{
    CallPlan, Engine, GlobalState, HostCall, MemoryState, Proposal, ProposalSet, RefHierarchy, Rejection,
    RejectionKind, RunOptions, StateSnapshot, StepOutcome, TableState, TrapKind, ValType, Value, limits,
};

/// The version of the `wasmi` crate this build links, e.g. `2.0.0` (read from `Cargo.lock` by the
/// build script).
pub const WASMI_VERSION: &str = env!("CROSSCHECK_WASMI_VERSION");

/// wasmi's call-depth limit at stack scale 1. Generated modules bound recursion by their
/// termination budget (5,000 function entries), which stays below this.
const MAX_RECURSION_DEPTH: usize = 10_000;

/// wasmi's value-stack limit at stack scale 1, in values (8 bytes each).
const MAX_STACK_HEIGHT: usize = 4 << 20;

/// The settings that need a differently configured `wasmi::Engine`. wasmi runs without fuel
/// metering unless interrupts need it: it meters fuel differently from Wasmtime, so it takes no
/// part in the `fuel` class.
/// The `fuel=on` knob meters fuel in every run, interrupts or not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) struct Variant {
    pub(super) interrupts: bool,
    pub(super) stack_scale: u32,
}

/// Fuel of a store metered by the `fuel=on` knob in a run without interrupts: more than any run
/// can use, so the metering runs and never traps.
const UNMETERED_FUEL: u64 = 1 << 62;

/// A wasmi engine in one configuration. The `wasmi::Engine` of each combination of interrupt mode
/// and stack budget a run asks for is built on first use and kept.
pub struct WasmiEngine {
    name: String,
    settings: EngineConfig,
    proposals: ProposalSet,
    variants: Mutex<HashMap<Variant, Arc<Linker<HostState>>>>,
    runs: AtomicU64,
    phases: PhaseMeter,
}

/// Modules a `wasmi::Engine` compiles before it is replaced by a fresh one. A wasmi engine keeps
/// the code of every module it compiled after the module is dropped, so a long campaign's worker
/// grows without this: about 1.3 KiB per module measured here (7 MiB to 73 MiB over 50,000
/// modules).
const MODULES_PER_ENGINE: u64 = 2_000;

struct HostState {
    log: HostLog,
    limits: StoreLimits,
    /// The target of `host.call_back`, once the instance exists.
    callback: Option<wasmi::Func>,
}

impl HostTrap {
    fn into_wasmi(self) -> wasmi::Error {
        wasmi::Error::host(self)
    }
}

impl wasmi::errors::HostError for HostTrap {}

impl WasmiEngine {
    /// Builds the engine, asking wasmi which proposals it supports by compiling each proposal's
    /// probe module with only that proposal enabled.
    ///
    /// # Errors
    ///
    /// When a host function cannot be defined (never for the built-in host functions).
    pub fn new() -> anyhow::Result<WasmiEngine> {
        let base = Variant {
            interrupts: false,
            stack_scale: 1,
        };
        let proposals = Proposal::ALL
            .into_iter()
            .filter(|p| {
                let engine = wasmi::Engine::new(&config([*p].into_iter().collect(), base, &EngineConfig::default()));
                Module::new(&engine, p.probe_wasm()).is_ok()
            })
            .collect();
        WasmiEngine::with_settings(WASMI_NAME.into(), proposals, EngineConfig::default())
    }

    fn with_settings(name: String, proposals: ProposalSet, settings: EngineConfig) -> anyhow::Result<WasmiEngine> {
        let base = Variant {
            interrupts: false,
            stack_scale: 1,
        };
        let engine = WasmiEngine {
            name,
            settings,
            proposals,
            variants: Mutex::new(HashMap::new()),
            runs: AtomicU64::new(0),
            phases: PhaseMeter::default(),
        };
        engine.linker(base)?;
        Ok(engine)
    }

    fn linker(&self, variant: Variant) -> anyhow::Result<Arc<Linker<HostState>>> {
        let mut variants = self.variants.lock().unwrap_or_else(|p| p.into_inner());
        if self.runs.fetch_add(1, Ordering::Relaxed) % MODULES_PER_ENGINE == MODULES_PER_ENGINE - 1 {
            variants.clear();
        }
        if let Some(linker) = variants.get(&variant) {
            return Ok(Arc::clone(linker));
        }
        let engine = wasmi::Engine::new(&config(self.proposals, variant, &self.settings));
        let mut linker = Linker::new(&engine);
        for func in HOST_FUNCS {
            let ty = wasmi::FuncType::new(
                func.params.iter().map(|t| val_type(*t)),
                func.results.iter().map(|t| val_type(*t)),
            );
            linker.func_new(HOST_MODULE, func.name, ty, move |caller, params, results| {
                host_call(caller, func, params, results)
            })?;
        }
        let linker = Arc::new(linker);
        variants.insert(variant, Arc::clone(&linker));
        Ok(linker)
    }

    fn start(
        &self,
        linker: &Linker<HostState>,
        wasm: &[u8],
        interrupts: bool,
        mark: &CompileMark,
    ) -> Started<WasmiSession> {
        let module = Module::new(linker.engine(), wasm);
        mark.compiled();
        let module = match module {
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
            linker.engine(),
            HostState {
                log: HostLog::default(),
                limits,
                callback: None,
            },
        );
        store.limiter(|s| &mut s.limits);
        if interrupts || self.settings.is_on("fuel") {
            let fuel = if interrupts { INTERRUPT_FUEL } else { UNMETERED_FUEL };
            store
                .set_fuel(fuel)
                .expect("fuel metering is on in this engine variant");
        }
        match linker.instantiate_and_start(&mut store, &module) {
            Ok(instance) => {
                let mut exports: Vec<(String, Extern)> = instance
                    .exports(&store)
                    .map(|e| (e.name().to_string(), e.into_extern()))
                    .collect();
                // Snapshots list exports by name: wasmi does not iterate them in module order.
                exports.sort_by(|a, b| a.0.cmp(&b.0));
                store.data_mut().callback = exports.iter().find_map(|(_, ext)| match ext {
                    Extern::Func(f) if is_i32_to_i32(&f.ty(&store)) => Some(*f),
                    _ => None,
                });
                Started::Ready(WasmiSession {
                    store,
                    instance,
                    exports,
                    interrupts,
                })
            }
            Err(e) => {
                let calls = store.data_mut().log.take();
                match error_trap_kind(&e, interrupts) {
                    Some(Some(kind)) => Started::trapped(kind, calls, None),
                    Some(None) => Started::crashed(format!("unmapped trap: {e}"), calls),
                    None => {
                        let message = e.to_string();
                        if limits::is_resource_limit_message(&message) {
                            Started::Rejected(Rejection {
                                kind: RejectionKind::ResourceLimit,
                                message,
                            })
                        } else {
                            Started::crashed(format!("instantiation failed: {message}"), calls)
                        }
                    }
                }
            }
        }
    }
}

impl Engine for WasmiEngine {
    fn name(&self) -> &str {
        &self.name
    }

    fn version(&self) -> String {
        format!("wasmi {WASMI_VERSION}")
    }

    fn arch(&self) -> &str {
        "interpreter"
    }

    fn proposals(&self) -> ProposalSet {
        self.proposals
    }

    fn phase_times(&self) -> PhaseTimes {
        self.phases.read()
    }

    fn run(&self, wasm: &[u8], plan: &CallPlan, sink: &mut StepSink<'_>) -> Option<Rejection> {
        let RunOptions {
            interrupts,
            stack_scale,
            ..
        } = plan.options;
        let linker = match self.linker(Variant {
            interrupts,
            stack_scale: stack_scale.max(1),
        }) {
            Ok(linker) => linker,
            Err(e) => {
                return Some(Rejection {
                    kind: RejectionKind::Error,
                    message: format!("{e:#}"),
                });
            }
        };
        drive(
            |mark| self.start(&linker, wasm, interrupts, mark),
            plan,
            self.execution_stack_bytes(),
            sink,
            &self.phases,
        )
    }

    /// wasmi keeps Wasm's stack on the heap, so its thread needs only the host's margin: how deep
    /// it recurses natively on that is part of what is tested.
    fn execution_stack_bytes(&self) -> usize {
        HOST_STACK_MARGIN_BYTES
    }

    fn run_script(&self, commands: &[ScriptCommand], sink: &mut ScriptSink<'_>) {
        super::wasmi_script::run(self.proposals, commands, sink);
    }

    fn configured(&self, settings: &[&str]) -> Result<Box<dyn Engine>, crate::registry::EngineError> {
        let error = |message: String| crate::registry::EngineError::Build {
            name: WASMI_NAME.into(),
            message,
        };
        let target = crate::registry::target_of(WASMI_NAME).ok_or_else(|| error("no knobs".into()))?;
        let settings = EngineConfig::parse(target, settings.iter().copied()).map_err(|e| error(e.0))?;
        let name = configured_name(WASMI_NAME, &settings);
        let engine = WasmiEngine::with_settings(name, self.proposals, settings).map_err(|e| error(format!("{e:#}")))?;
        Ok(Box::new(engine))
    }
}

/// The name of the default wasmi engine.
const WASMI_NAME: &str = crate::registry::WASMI;

/// The wasmi configuration with exactly `proposals`, for the run settings `variant` and the engine
/// configuration `settings` (`compilation`, `fuel`).
pub(super) fn config(proposals: ProposalSet, variant: Variant, settings: &EngineConfig) -> Config {
    let mut c = Config::default();
    let on = |p| proposals.contains(p);
    let scale = variant.stack_scale as usize;
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
        .consume_fuel(variant.interrupts || settings.is_on("fuel"))
        .compilation_mode(match settings.get("compilation") {
            Some("eager") => CompilationMode::Eager,
            Some("lazy") => CompilationMode::Lazy,
            _ => CompilationMode::LazyTranslation,
        })
        .set_max_recursion_depth(MAX_RECURSION_DEPTH.saturating_mul(scale))
        .set_max_stack_height(MAX_STACK_HEIGHT.saturating_mul(scale));
    // wasmi implements neither GC nor exception handling: their probes fail to validate.
    c
}

struct WasmiSession {
    store: Store<HostState>,
    instance: Instance,
    exports: Vec<(String, Extern)>,
    interrupts: bool,
}

impl Session for WasmiSession {
    fn call(&mut self, export: &str, args: &[Value]) -> CallEnd {
        let Some(func) = self.instance.get_func(&self.store, export) else {
            let message = format!("the plan calls {export:?}, which is not an exported function");
            return CallEnd::new(StepOutcome::Crashed(message));
        };
        if self.interrupts {
            self.store
                .set_fuel(INTERRUPT_FUEL)
                .expect("fuel metering is on in interrupt mode");
        }
        let params: Vec<Val> = args.iter().map(|v| to_val(*v)).collect();
        let mut results = vec![Val::I32(0); func.ty(&self.store).results().len()];
        CallEnd::new(match func.call(&mut self.store, &params, &mut results) {
            Ok(()) => StepOutcome::Returned(results.iter().map(from_val).collect()),
            Err(e) => match error_trap_kind(&e, self.interrupts) {
                Some(Some(kind)) => StepOutcome::Trapped(kind),
                _ => StepOutcome::Crashed(e.to_string()),
            },
        })
    }

    fn snapshot(&mut self, previous: Option<&StateSnapshot>) -> StateSnapshot {
        let mut state = StateSnapshot::default();
        for (name, ext) in &self.exports {
            let export = name.clone();
            match ext {
                Extern::Memory(m) => state.memories.push(MemoryState::capture(
                    export,
                    m.size(&self.store),
                    m.data(&self.store),
                    previous,
                )),
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

    fn fuel_left(&mut self) -> Option<u64> {
        None
    }
}

/// Whether a function type is `[i32] -> [i32]`, the type of the `host.call_back` target.
fn is_i32_to_i32(ty: &wasmi::FuncType) -> bool {
    matches!(ty.params(), [wasmi::ValType::I32]) && matches!(ty.results(), [wasmi::ValType::I32])
}

fn host_call(
    mut caller: Caller<'_, HostState>,
    func: &'static HostFunc,
    params: &[Val],
    results: &mut [Val],
) -> Result<(), wasmi::Error> {
    let args: Vec<Value> = params.iter().map(from_val).collect();
    let out = caller.data_mut().log.call(func, &args).map_err(HostTrap::into_wasmi)?;
    if let Some(target) = caller.data().callback.filter(|_| func.name == CALLBACK)
        && caller.data_mut().log.begin_callback()
    {
        let called = target.call(&mut caller, params, results);
        caller.data_mut().log.end_callback();
        return called;
    }
    for (slot, value) in results.iter_mut().zip(out) {
        *slot = to_val(value);
    }
    Ok(())
}

/// The trap an error stands for: `None` when it is no trap, `Some(None)` for a trap outside
/// the trap kinds of docs/design.md. wasmi reports an element segment that does not fit its table at instantiation
/// as an instantiation error rather than a trap code; the core specification traps there (module
/// instantiation runs `table.init` for each active segment, which traps out of bounds).
/// In interrupt mode wasmi's fuel is its interrupt mechanism, so running out is `interrupt`.
pub(super) fn error_trap_kind(e: &wasmi::Error, interrupts: bool) -> Option<Option<TrapKind>> {
    use wasmi::errors::{ErrorKind, InstantiationError};
    if e.downcast_ref::<HostTrap>().is_some() {
        return Some(Some(TrapKind::HostTrap));
    }
    if interrupts && e.as_trap_code() == Some(TrapCode::OutOfFuel) {
        return Some(Some(TrapKind::Interrupt));
    }
    match e.kind() {
        ErrorKind::Instantiation(InstantiationError::ElementSegmentDoesNotFit { .. }) => {
            Some(Some(TrapKind::TableOutOfBounds))
        }
        _ => e.as_trap_code().map(trap_kind),
    }
}

/// Maps a wasmi trap code to its canonical kind. `GrowthOperationLimited` and `OutOfSystemMemory`
/// are resource conditions outside the list of trap kinds (docs/design.md), so they are crashes.
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

pub(super) fn val_type(ty: ValType) -> wasmi::ValType {
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
pub(super) fn to_val(v: Value) -> Val {
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

pub(super) fn from_val(v: &Val) -> Value {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `fuel=on` turns on wasmi's fuel metering in runs without interrupts: a store of the engine
    /// has fuel to read, which a store of the default engine has not.
    #[test]
    fn the_fuel_knob_turns_on_metering() {
        let variant = Variant {
            interrupts: false,
            stack_scale: 1,
        };
        let default = WasmiEngine::new().unwrap();
        let metered = default.configured(&["fuel=on"]).unwrap();
        assert_eq!(metered.name(), "wasmi,fuel=on");
        let metered = WasmiEngine::with_settings(
            metered.name().into(),
            default.proposals,
            EngineConfig::parse(crate::registry::target_of("wasmi").unwrap(), ["fuel=on"]).unwrap(),
        )
        .unwrap();
        let fuel = |engine: &WasmiEngine| {
            let linker = engine.linker(variant).unwrap();
            Store::new(linker.engine(), ()).get_fuel().is_ok()
        };
        assert!(fuel(&metered));
        assert!(!fuel(&default));
    }
}
