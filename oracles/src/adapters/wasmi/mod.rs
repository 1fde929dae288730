//! The wasmi adapter: the interpreter oracle, which shares no code with Wasmtime.

mod compat;
mod config;
mod script;
mod values;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use wasmi::{Caller, Extern, Instance, Linker, Module, Nullable, Ref, Store, StoreLimits, StoreLimitsBuilder, Val};

use super::host_call::{self, HostCaller, host_call};
use super::start::{ExternItem, Items, link_providers, session_exports};
use crate::config::{EngineConfig, configured_name};
use crate::driver::{CallEnd, Session, Started, drive};
use crate::effects::ReadOnlyExports;
use crate::elements::{self, Element, FuncIds};
use crate::engine::{HOST_STACK_MARGIN_BYTES, StepSink};
use crate::host::{HOST_FUNCS, HOST_MODULE, HostTrap};
use crate::phases::{CompileMark, PhaseMeter, PhaseTimes};
use crate::plan::INTERRUPT_FUEL;
use crate::provider::{self, Provider};
use crate::script::{ScriptCommand, ScriptSink};
use crate::{
    CallPlan, Engine, GlobalState, HostCall, MemoryState, Rejection, RejectionKind, RunOptions, StateSnapshot,
    StepOutcome, Support, TableState, Value, limits,
};
use config::{Variant, config};
use values::{error_trap_kind, from_val, to_val, val_type};

/// The version of the `wasmi` crate this build links, e.g. `2.0.0` (read from `Cargo.lock` by the
/// build script).
pub const WASMI_VERSION: &str = env!("CROSSCHECK_WASMI_VERSION");

/// Fuel of a store metered by the `fuel=on` knob in a run without interrupts: more than any run
/// can use, so the metering runs and never traps.
const UNMETERED_FUEL: u64 = 1 << 62;

/// A wasmi engine in one configuration. The `wasmi::Engine` of each combination of interrupt mode
/// and stack budget a run asks for is built on first use and kept.
pub struct WasmiEngine {
    name: String,
    settings: EngineConfig,
    support: Arc<Support>,
    variants: Mutex<HashMap<Variant, Arc<Linker<HostState>>>>,
    runs: AtomicU64,
    phases: PhaseMeter,
}

/// Modules a `wasmi::Engine` compiles before it is replaced by a fresh one. A wasmi engine keeps
/// the code of every module it compiled after the module is dropped, so a long campaign's worker
/// grows without this: about 1.3 KiB per module measured here (7 MiB to 73 MiB over 50,000
/// modules).
const MODULES_PER_ENGINE: u64 = 2_000;

/// What a wasmi store keeps for the host functions.
type HostState = host_call::HostState<wasmi::Func, StoreLimits>;

impl wasmi::errors::HostError for HostTrap {}

impl HostCaller for Caller<'_, HostState> {
    type Val = Val;
    type Func = wasmi::Func;
    type Limits = StoreLimits;
    type Error = wasmi::Error;

    fn state(&mut self) -> &mut HostState {
        self.data_mut()
    }

    fn call_back(&mut self, target: wasmi::Func, params: &[Val], results: &mut [Val]) -> Result<(), wasmi::Error> {
        target.call(self, params, results)
    }

    fn value(val: &Val) -> Value {
        from_val(val)
    }

    fn val(value: Value) -> Val {
        to_val(value)
    }

    fn trap(trap: HostTrap) -> wasmi::Error {
        wasmi::Error::host(trap)
    }
}

/// What wasmi compiles: every probe of [`crate::features`] compiled with the proposals that share
/// a validator feature with it ([`crate::Feature::proposals_touched`]; wasmi is configured per
/// proposal), once per process, then kept.
pub fn support() -> Arc<Support> {
    static PROBED: std::sync::OnceLock<Arc<Support>> = std::sync::OnceLock::new();
    let base = Variant {
        interrupts: false,
        stack_scale: 1,
    };
    Arc::clone(PROBED.get_or_init(|| {
        Arc::new(Support::probe(|feature| {
            let engine = wasmi::Engine::new(&config(feature.proposals_touched(), base, &EngineConfig::default()));
            Module::new(&engine, feature.probe_wasm())
                .map(drop)
                .map_err(|e| e.to_string())
        }))
    }))
}

impl WasmiEngine {
    /// Builds the engine, with what wasmi supports ([`support`], probed once per process).
    ///
    /// # Errors
    ///
    /// When a host function cannot be defined (never for the built-in host functions).
    pub fn new() -> anyhow::Result<WasmiEngine> {
        WasmiEngine::with_settings(WASMI_NAME.into(), support(), EngineConfig::default())
    }

    fn with_settings(name: String, support: Arc<Support>, settings: EngineConfig) -> anyhow::Result<WasmiEngine> {
        let base = Variant {
            interrupts: false,
            stack_scale: 1,
        };
        let engine = WasmiEngine {
            name,
            settings,
            support,
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
        let engine = wasmi::Engine::new(&config(self.support.proposals(), variant, &self.settings));
        let mut linker = Linker::new(&engine);
        for func in HOST_FUNCS {
            let ty = wasmi::FuncType::new(
                func.params.iter().map(|t| val_type(*t)),
                func.results.iter().map(|t| val_type(*t)),
            );
            linker.func_new(HOST_MODULE, func.name, ty, move |mut caller, params, results| {
                host_call(&mut caller, func, params, results)
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
        let mut store = Store::new(linker.engine(), HostState::new(limits));
        store.limiter(|s| &mut s.limits);
        if interrupts || self.settings.is_on("fuel") {
            let fuel = if interrupts { INTERRUPT_FUEL } else { UNMETERED_FUEL };
            store
                .set_fuel(fuel)
                .expect("fuel metering is on in this engine variant");
        }
        let modules: Vec<String> = module.imports().map(|i| i.module().to_string()).collect();
        let providers = provider::imported(modules.iter().map(String::as_str));
        let (linked, provided) =
            match link_providers(&providers, linker, |linker, p| link_provider(linker, &mut store, p)) {
                Ok(linked) => linked,
                Err(rejection) => return Started::Rejected(rejection),
            };
        match linked
            .as_ref()
            .unwrap_or(linker)
            .instantiate_and_start(&mut store, &module)
        {
            Ok(instance) => {
                let exports = instance
                    .exports(&store)
                    .map(|e| (Arc::from(e.name()), e.into_extern()))
                    .collect();
                let is_callback = |store: &mut Store<HostState>, f: &wasmi::Func| is_i32_to_i32(&f.ty(&*store));
                let exports = session_exports(&mut store, exports, provided, is_callback, |_, f| func_key(f));
                store.data_mut().callback = exports.callback;
                Started::Ready(WasmiSession {
                    store,
                    instance,
                    exports: exports.items,
                    funcs: exports.funcs,
                    interrupts,
                })
            }
            Err(e) => {
                let calls = store.data_mut().log.take();
                Started::instantiation_failed(error_trap_kind(&e, interrupts), e.to_string(), calls, None)
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

    fn support(&self) -> &Support {
        &self.support
    }

    fn phase_times(&self) -> PhaseTimes {
        self.phases.read()
    }

    fn run(
        &self,
        wasm: &[u8],
        read_only: &ReadOnlyExports,
        plan: &CallPlan,
        sink: &mut StepSink<'_>,
    ) -> Option<Rejection> {
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
            read_only,
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
        script::run(self.support.proposals(), commands, sink);
    }

    fn configured(&self, settings: &[&str]) -> Result<Box<dyn Engine>, crate::engine::EngineError> {
        let error = |message: String| crate::engine::EngineError::Build {
            name: WASMI_NAME.into(),
            message,
        };
        let target = crate::naming::target_of(WASMI_NAME).ok_or_else(|| error("no knobs".into()))?;
        let settings = EngineConfig::parse(target, settings.iter().copied()).map_err(|e| error(e.0))?;
        let name = configured_name(WASMI_NAME, &settings);
        let engine = WasmiEngine::with_settings(name, Arc::clone(&self.support), settings)
            .map_err(|e| error(format!("{e:#}")))?;
        Ok(Box::new(engine))
    }
}

/// The name of the default wasmi engine.
const WASMI_NAME: &str = crate::naming::WASMI;

struct WasmiSession {
    store: Store<HostState>,
    instance: Instance,
    /// The exported memories, globals and tables, by name.
    exports: Items<Extern>,
    /// The numbers of the functions met in tables, by [`func_key`].
    funcs: FuncIds<String>,
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

    fn snapshot(&mut self, previous: Option<&StateSnapshot>, memories_kept: bool) -> StateSnapshot {
        let mut state = StateSnapshot::default();
        for (name, ext) in &self.exports {
            let export = name.clone();
            match ext {
                Extern::Memory(m) => state.memories.push(MemoryState::capture(
                    export,
                    m.size(&self.store),
                    m.data(&self.store),
                    previous,
                    memories_kept,
                )),
                Extern::Global(g) => state.globals.push(GlobalState {
                    export,
                    value: from_val(&g.get(&self.store)),
                }),
                Extern::Table(t) => {
                    let size = t.size(&self.store);
                    let mut elements = Vec::new();
                    for i in 0..size {
                        let element = match t.get(&self.store, i) {
                            Some(Ref::Func(Nullable::Val(f))) => Element::Func(self.funcs.id(func_key(&f))),
                            Some(r) if r.is_non_null() => Element::Ref,
                            _ => Element::Null,
                        };
                        elements::push(&mut elements, element);
                    }
                    state.tables.push(TableState { export, size, elements });
                }
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

/// What tells two wasmi functions of one store apart: wasmi compares its `Func` handles nowhere
/// in its public API, and their `Debug` form shows the store and the handle's index.
fn func_key(f: &wasmi::Func) -> String {
    format!("{f:?}")
}

impl ExternItem for Extern {
    type Func = wasmi::Func;

    fn func(&self) -> Option<wasmi::Func> {
        match self {
            Extern::Func(f) => Some(*f),
            _ => None,
        }
    }
}

/// Instantiates the provider `p` in `store`, defines its exports in `linker` under its module
/// name, and returns them by field name ([`link_providers`] keeps the ones a snapshot reads).
///
/// # Errors
///
/// When wasmi does not compile or instantiate the provider, as a one-line message.
fn link_provider(
    linker: &mut Linker<HostState>,
    store: &mut Store<HostState>,
    p: &'static Provider,
) -> Result<Vec<(String, Extern)>, String> {
    let fail = |e: wasmi::Error| format!("{}: {e}", p.name);
    let module = Module::new(linker.engine(), p.wasm()).map_err(fail)?;
    let instance = linker.instantiate_and_start(&mut *store, &module).map_err(fail)?;
    let exports = instance
        .exports(&*store)
        .map(|e| (e.name().to_string(), e.into_extern()))
        .collect();
    linker.instance(&mut *store, p.name, instance).map_err(fail)?;
    Ok(exports)
}

/// Whether a function type is `[i32] -> [i32]`, the type of the `host.call_back` target.
fn is_i32_to_i32(ty: &wasmi::FuncType) -> bool {
    matches!(ty.params(), [wasmi::ValType::I32]) && matches!(ty.results(), [wasmi::ValType::I32])
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
            Arc::clone(&default.support),
            EngineConfig::parse(crate::naming::target_of("wasmi").unwrap(), ["fuel=on"]).unwrap(),
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
