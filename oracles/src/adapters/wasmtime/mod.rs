//! Wasmtime adapters: `winch-<arch>` (baseline compiler) and `cranelift-<arch>[:o0|:speed|:size]`
//! (optimizing compiler), each in the default configuration or a configured one
//! (`cranelift-x64:speed,regalloc=single_pass`, see [`crate::config`]).

mod compat;
pub mod config;
pub mod cross;
mod script;
mod values;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use wasmtime::{Caller, Extern, Instance, Linker, Module, Ref, RootScope, Store, StoreLimits, StoreLimitsBuilder, Val};

use super::host_call::{self, HostCaller, host_call};
use super::start::{ExternItem, Items, link_providers, session_exports};
use crate::config::{EngineConfig, Family, Target};
use crate::driver::{CallEnd, Session, Started, drive};
use crate::effects::ReadOnlyExports;
use crate::elements::{self, Element, FuncIds};
use crate::engine::{HOST_STACK_MARGIN_BYTES, StepSink};
use crate::host::{HOST_FUNCS, HOST_MODULE, HostTrap};
use crate::naming::Compiler;
use crate::phases::{CompileMark, PhaseMeter, PhaseTimes};
use crate::plan::INTERRUPT_AFTER_MS;
use crate::provider::{self, Provider};
use crate::script::{ScriptCommand, ScriptSink};
use crate::{
    CallPlan, Engine, GlobalState, HostCall, MemoryState, Rejection, RejectionKind, RunOptions, StateSnapshot,
    StepOutcome, Support, TableState, Value, limits,
};
use config::{Variant, compile_rejection, config};
use values::{backtrace, error_trap_kind, from_val, to_val, val_type};

/// The version of the `wasmtime` crate this build links, e.g. `50.0.1` (read from `Cargo.lock`
/// by the build script).
pub const WASMTIME_VERSION: &str = env!("CROSSCHECK_WASMTIME_VERSION");

/// The code of a module: its binary, or an artifact precompiled for this engine.
#[derive(Clone, Copy)]
enum Code<'a> {
    Wasm(&'a [u8]),
    Precompiled(&'a [u8]),
}

/// Interval of the epoch ticker of engines with epoch interruption.
const EPOCH_TICK: Duration = Duration::from_millis(10);

/// Fuel given to a store whose engine meters fuel (the `fuel=on` knob) in a run without fuel: more
/// than any run can use, so the metering code runs and never traps.
const UNMETERED_FUEL: u64 = 1 << 62;

/// Epoch ticks of the deadline of a call in a run without interrupts on an engine that checks
/// epochs (the `epochs=on` knob): about 350 years of ticks.
const UNINTERRUPTED_TICKS: u64 = 1 << 40;

/// A Wasmtime engine for one compiler in one configuration. The `wasmtime::Engine` of each
/// combination of fuel, epoch interruption and stack budget that a run asks for is built on first
/// use and kept, and so is each provider module ([`crate::provider`]) compiled for it.
pub struct WasmtimeEngine {
    name: String,
    compiler: Compiler,
    settings: EngineConfig,
    support: Arc<Support>,
    variants: Mutex<HashMap<Variant, Arc<Linker<HostState>>>>,
    /// The providers compiled so far, per variant (whose `wasmtime::Engine` they belong to) and
    /// provider name: a module is code, instantiated afresh in each run's store.
    providers: Mutex<HashMap<(Variant, &'static str), Module>>,
    phases: PhaseMeter,
}

/// What a Wasmtime store keeps for the host functions.
type HostState = host_call::HostState<wasmtime::Func, StoreLimits>;

impl HostCaller for Caller<'_, HostState> {
    type Val = Val;
    type Func = wasmtime::Func;
    type Limits = StoreLimits;
    type Error = wasmtime::Error;

    fn state(&mut self) -> &mut HostState {
        self.data_mut()
    }

    fn call_back(&mut self, target: wasmtime::Func, params: &[Val], results: &mut [Val]) -> wasmtime::Result<()> {
        target.call(self, params, results)
    }

    fn value(val: &Val) -> Value {
        from_val(val)
    }

    fn val(value: Value) -> Val {
        to_val(value)
    }

    fn trap(trap: HostTrap) -> wasmtime::Error {
        wasmtime::Error::new(trap)
    }
}

/// What `compiler` compiles: every probe of [`crate::features`] compiled in the default
/// configuration with exactly the probe's features, once per compiler per process (a process links
/// one Wasmtime build), then kept.
pub fn support(compiler: Compiler) -> Arc<Support> {
    static PROBED: Mutex<Vec<(Compiler, Arc<Support>)>> = Mutex::new(Vec::new());
    let mut probed = PROBED.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((_, support)) = probed.iter().find(|(c, _)| *c == compiler) {
        return Arc::clone(support);
    }
    let settings = EngineConfig::default();
    let base = Variant::of(&RunOptions::default(), &settings);
    let support = Arc::new(Support::probe(|feature| {
        let engine = wasmtime::Engine::new(&config(compiler, feature.wasm_features(), base, &settings, None))
            .map_err(|e| format!("{e:#}"))?;
        Module::new(&engine, feature.probe_wasm())
            .map(drop)
            .map_err(|e| format!("{e:#}"))
    }));
    probed.push((compiler, Arc::clone(&support)));
    support
}

impl WasmtimeEngine {
    /// Builds the engine, with what its compiler supports ([`support`]: probed once per compiler
    /// in this process, which is one build).
    ///
    /// # Errors
    ///
    /// When Wasmtime refuses the base configuration (for example a compiler that is not built in).
    pub fn new(name: impl Into<String>, compiler: Compiler) -> anyhow::Result<WasmtimeEngine> {
        WasmtimeEngine::with_settings(name.into(), compiler, support(compiler), EngineConfig::default())
    }

    /// The engine `name` with `compiler`, `support` (as [`support`] found it for the default
    /// configuration) and `settings`, without probing again.
    ///
    /// # Errors
    ///
    /// When Wasmtime refuses the configuration.
    fn with_settings(
        name: String,
        compiler: Compiler,
        support: Arc<Support>,
        settings: EngineConfig,
    ) -> anyhow::Result<WasmtimeEngine> {
        let engine = WasmtimeEngine {
            name,
            compiler,
            settings,
            support,
            variants: Mutex::new(HashMap::new()),
            providers: Mutex::new(HashMap::new()),
            phases: PhaseMeter::default(),
        };
        engine.linker(Variant::of(&RunOptions::default(), &engine.settings))?;
        Ok(engine)
    }

    /// This engine in configuration `settings` (for [`Engine::configured`]): named `name`, with the
    /// same compiler and proposals, and the support of its default configuration under `settings`
    /// ([`crate::Support::under`]).
    ///
    /// # Errors
    ///
    /// When Wasmtime refuses the configuration.
    pub fn configure(&self, name: String, settings: EngineConfig) -> anyhow::Result<WasmtimeEngine> {
        let support = Arc::new(self.support.under(&settings));
        WasmtimeEngine::with_settings(name, self.compiler, support, settings)
    }

    /// The engine's configuration.
    pub fn settings(&self) -> &EngineConfig {
        &self.settings
    }

    /// The hash by which Wasmtime decides whether a precompiled module fits an engine
    /// (`Engine::precompile_compatibility_hash`): it covers the compiler's settings and the
    /// tunables, so two configurations that Wasmtime applies differently hash differently.
    ///
    /// # Errors
    ///
    /// When Wasmtime refuses the configuration.
    pub fn compatibility_hash(&self) -> anyhow::Result<u64> {
        use std::hash::{Hash, Hasher};
        let (engine, _) = self.script_engine()?;
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        engine.precompile_compatibility_hash().hash(&mut hasher);
        Ok(hasher.finish())
    }

    /// The `wasmtime::Engine` scripts run on (no fuel, no epochs, stack scale 1, unless the
    /// configuration compiles them in) and its compiler.
    pub(super) fn script_engine(&self) -> anyhow::Result<(wasmtime::Engine, Compiler)> {
        let linker = self.linker(Variant::of(&RunOptions::default(), &self.settings))?;
        Ok((linker.engine().clone(), self.compiler))
    }

    /// The linker (and through it the `wasmtime::Engine`) of `variant`, built on first use.
    fn linker(&self, variant: Variant) -> anyhow::Result<Arc<Linker<HostState>>> {
        let mut variants = self.variants.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(linker) = variants.get(&variant) {
            return Ok(Arc::clone(linker));
        }
        let engine = wasmtime::Engine::new(&config(
            self.compiler,
            self.support.proposals().features(),
            variant,
            &self.settings,
            None,
        ))
        .map_err(|e| anyhow::anyhow!("{e:#}"))?;
        if variant.epochs {
            let weak = engine.weak();
            std::thread::spawn(move || {
                while let Some(engine) = weak.upgrade() {
                    engine.increment_epoch();
                    drop(engine);
                    std::thread::sleep(EPOCH_TICK);
                }
            });
        }
        let mut linker = Linker::new(&engine);
        for func in HOST_FUNCS {
            let ty = wasmtime::FuncType::new(
                &engine,
                func.params.iter().map(|t| val_type(*t)),
                func.results.iter().map(|t| val_type(*t)),
            );
            linker
                .func_new(HOST_MODULE, func.name, ty, move |mut caller, params, results| {
                    host_call(&mut caller, func, params, results)
                })
                .map_err(|e| anyhow::anyhow!("{e:#}"))?;
        }
        let linker = Arc::new(linker);
        variants.insert(variant, Arc::clone(&linker));
        Ok(linker)
    }

    /// The provider `p` compiled for the `wasmtime::Engine` of `variant` (whose linker is
    /// `linker`): compiled on first use, then kept for this engine's configuration and variant.
    ///
    /// # Errors
    ///
    /// When the engine does not compile the provider (a 64-bit provider without memory64); a
    /// refusal is not kept.
    fn provider_module(
        &self,
        linker: &Linker<HostState>,
        variant: Variant,
        p: &'static Provider,
    ) -> anyhow::Result<Module> {
        let mut compiled = self.providers.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(module) = compiled.get(&(variant, p.name)) {
            return Ok(module.clone());
        }
        let module = Module::new(linker.engine(), p.wasm()).map_err(|e| anyhow::anyhow!("{}: {e:#}", p.name))?;
        compiled.insert((variant, p.name), module.clone());
        Ok(module)
    }

    fn run_code(
        &self,
        code: Code<'_>,
        read_only: &ReadOnlyExports,
        plan: &CallPlan,
        sink: &mut StepSink<'_>,
    ) -> Option<Rejection> {
        let variant = Variant::of(&plan.options, &self.settings);
        let linker = match self.linker(variant) {
            Ok(linker) => linker,
            Err(e) => {
                return Some(Rejection {
                    kind: RejectionKind::Error,
                    message: format!("{e:#}"),
                });
            }
        };
        let thread_stack = variant.wasm_stack().saturating_add(HOST_STACK_MARGIN_BYTES);
        drive(
            |mark| self.start(&linker, code, &plan.options, variant, mark),
            plan,
            read_only,
            thread_stack,
            sink,
            &self.phases,
        )
    }

    /// Compiles `wasm` here, or loads it from `artifact` (a module this engine's
    /// [`CrossCompiler`](cross::CrossCompiler) precompiled), then instantiates it.
    fn start(
        &self,
        linker: &Linker<HostState>,
        code: Code<'_>,
        options: &RunOptions,
        variant: Variant,
        mark: &CompileMark,
    ) -> Started<WasmtimeSession> {
        let module = match code {
            Code::Wasm(wasm) => Module::new(linker.engine(), wasm).map_err(|e| compile_rejection(self.compiler, &e)),
            // SAFETY: the artifact comes from `CrossCompiler::precompile` of the harness, built from
            // the same wasmtime version, for this engine's target, compiler, flags and variant;
            // Wasmtime checks all of that again and refuses a mismatch with an error.
            Code::Precompiled(artifact) => {
                unsafe { Module::deserialize(linker.engine(), artifact) }.map_err(|e| Rejection {
                    kind: RejectionKind::Error,
                    message: format!("cannot load the precompiled module: {e:#}"),
                })
            }
        };
        mark.compiled();
        let module = match module {
            Ok(m) => m,
            Err(rejection) => return Started::Rejected(rejection),
        };
        let limits = StoreLimitsBuilder::new()
            .memory_size(limits::MEMORY_BYTES)
            .table_elements(limits::TABLE_ELEMENTS)
            .build();
        let mut store = Store::new(linker.engine(), HostState::new(limits));
        store.limiter(|s| &mut s.limits);
        if variant.fuel {
            let fuel = options.fuel.unwrap_or(UNMETERED_FUEL);
            store.set_fuel(fuel).expect("fuel is enabled in this engine variant");
        }
        let interrupts = options.interrupts;
        if variant.epochs {
            store.epoch_deadline_trap();
            store.set_epoch_deadline(deadline_ticks(interrupts));
        }
        let modules: Vec<String> = module.imports().map(|i| i.module().to_string()).collect();
        let providers = provider::imported(modules.iter().map(String::as_str));
        let link = |linker: &mut Linker<HostState>, p| {
            let module = self.provider_module(linker, variant, p).map_err(|e| format!("{e:#}"))?;
            link_provider(linker, &mut store, p, &module)
        };
        let (linked, provided) = match link_providers(&providers, linker, link) {
            Ok(linked) => linked,
            Err(rejection) => return Started::Rejected(rejection),
        };
        match linked.as_ref().unwrap_or(linker).instantiate(&mut store, &module) {
            Ok(instance) => {
                let exports = instance
                    .exports(&mut store)
                    .map(|e| (Arc::from(e.name()), e.into_extern()))
                    .collect();
                let is_callback = |store: &mut Store<HostState>, f: &wasmtime::Func| is_i32_to_i32(&f.ty(&*store));
                let key = |store: &mut Store<HostState>, f: &wasmtime::Func| f.to_raw(&mut *store) as usize;
                let exports = session_exports(&mut store, exports, provided, is_callback, key);
                store.data_mut().callback = exports.callback;
                let metered = options.fuel.is_some();
                Started::Ready(WasmtimeSession {
                    store,
                    instance,
                    exports: exports.items,
                    funcs: exports.funcs,
                    metered,
                    epochs: variant.epochs.then_some(interrupts),
                })
            }
            Err(e) => {
                let calls = store.data_mut().log.take();
                let fuel_left = options.fuel.and_then(|_| store.get_fuel().ok());
                Started::instantiation_failed(error_trap_kind(&e), format!("{e:#}"), calls, backtrace(&e))
                    .with_fuel_left(fuel_left)
            }
        }
    }
}

impl Engine for WasmtimeEngine {
    fn name(&self) -> &str {
        &self.name
    }

    fn version(&self) -> String {
        format!("wasmtime {WASMTIME_VERSION}")
    }

    fn arch(&self) -> &str {
        std::env::consts::ARCH
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
        self.run_code(Code::Wasm(wasm), read_only, plan, sink)
    }

    fn run_precompiled(
        &self,
        artifact: &[u8],
        read_only: &ReadOnlyExports,
        plan: &CallPlan,
        sink: &mut StepSink<'_>,
    ) -> Option<Rejection> {
        self.run_code(Code::Precompiled(artifact), read_only, plan, sink)
    }

    fn run_script(&self, commands: &[ScriptCommand], sink: &mut ScriptSink<'_>) {
        script::run(|| self.script_engine(), commands, sink);
    }

    fn configured(&self, settings: &[&str]) -> Result<Box<dyn Engine>, crate::engine::EngineError> {
        let base = crate::config::split_name(&self.name).0.to_string();
        let settings = EngineConfig::parse(self.target(), settings.iter().copied()).map_err(|e| {
            crate::engine::EngineError::Build {
                name: base.clone(),
                message: e.to_string(),
            }
        })?;
        let name = crate::config::configured_name(&base, &settings);
        let engine = self
            .configure(name.clone(), settings)
            .map_err(|e| crate::engine::EngineError::Build {
                name,
                message: format!("{e:#}"),
            })?;
        Ok(Box::new(engine))
    }
}

impl WasmtimeEngine {
    /// What the knobs of this engine are (see [`crate::config::Target`]).
    fn target(&self) -> Target {
        crate::naming::target_of(&self.name).unwrap_or(Target {
            family: Family::Wasmtime,
            arch: None,
            winch: self.compiler == Compiler::Winch,
        })
    }
}

impl ExternItem for Extern {
    type Func = wasmtime::Func;

    fn func(&self) -> Option<wasmtime::Func> {
        match self {
            Extern::Func(f) => Some(*f),
            _ => None,
        }
    }
}

/// Instantiates the provider `p`, compiled as `module`, in `store`, defines its exports in
/// `linker` under its module name, and returns them by field name ([`link_providers`] keeps the
/// ones a snapshot reads).
///
/// # Errors
///
/// When Wasmtime does not instantiate the provider, as a one-line message.
fn link_provider(
    linker: &mut Linker<HostState>,
    store: &mut Store<HostState>,
    p: &'static Provider,
    module: &Module,
) -> Result<Vec<(String, Extern)>, String> {
    let fail = |e: wasmtime::Error| format!("{}: {e:#}", p.name);
    let instance = linker.instantiate(&mut *store, module).map_err(fail)?;
    let exports = instance
        .exports(&mut *store)
        .map(|e| (e.name().to_string(), e.into_extern()))
        .collect();
    linker.instance(&mut *store, p.name, instance).map_err(fail)?;
    Ok(exports)
}

/// Epoch ticks of the deadline of one call: the interrupt budget in interrupt mode, practically
/// none otherwise.
fn deadline_ticks(interrupts: bool) -> u64 {
    if interrupts {
        (INTERRUPT_AFTER_MS / EPOCH_TICK.as_millis() as u64).max(1)
    } else {
        UNINTERRUPTED_TICKS
    }
}

struct WasmtimeSession {
    store: Store<HostState>,
    instance: Instance,
    /// The exported memories, globals and tables, by name.
    exports: Items<Extern>,
    /// The numbers of the functions met in tables, by `VMFuncRef` address.
    funcs: FuncIds<usize>,
    metered: bool,
    /// `Some(interrupts)` when the engine checks epochs: whether the run interrupts calls.
    epochs: Option<bool>,
}

impl Session for WasmtimeSession {
    fn call(&mut self, export: &str, args: &[Value]) -> CallEnd {
        let Some(func) = self.instance.get_func(&mut self.store, export) else {
            let message = format!("the plan calls {export:?}, which is not an exported function");
            return CallEnd::new(StepOutcome::Crashed(message));
        };
        if let Some(interrupts) = self.epochs {
            self.store.set_epoch_deadline(deadline_ticks(interrupts));
        }
        let params: Vec<Val> = args.iter().map(|v| to_val(*v)).collect();
        let mut results = vec![Val::I32(0); func.ty(&self.store).results().len()];
        match func.call(&mut self.store, &params, &mut results) {
            Ok(()) => CallEnd::new(StepOutcome::Returned(results.iter().map(from_val).collect())),
            Err(e) => match error_trap_kind(&e) {
                Some(Some(kind)) => CallEnd {
                    outcome: StepOutcome::Trapped(kind),
                    backtrace: backtrace(&e),
                },
                _ => CallEnd::new(StepOutcome::Crashed(format!("{e:#}"))),
            },
        }
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
                Extern::SharedMemory(m) => {
                    let cells = m.data();
                    // SAFETY: `UnsafeCell<u8>` has the layout of `u8`, and no Wasm runs while the
                    // snapshot reads: the harness never starts a second thread, and this one is
                    // here.
                    let bytes = unsafe { std::slice::from_raw_parts(cells.as_ptr().cast::<u8>(), cells.len()) };
                    state
                        .memories
                        .push(MemoryState::capture(export, m.size(), bytes, previous, memories_kept));
                }
                Extern::Global(g) => state.globals.push(GlobalState {
                    export,
                    value: from_val(&g.get(&mut self.store)),
                }),
                Extern::Table(t) => {
                    let size = t.size(&self.store);
                    let mut elements = Vec::new();
                    // Reading a GC reference roots it; the scope drops the roots again.
                    let mut scope = RootScope::new(&mut self.store);
                    for i in 0..size {
                        let element = match t.get(&mut scope, i) {
                            Some(Ref::Func(Some(f))) => Element::Func(self.funcs.id(f.to_raw(&mut scope) as usize)),
                            Some(r) if r.is_non_null() => Element::Ref,
                            _ => Element::Null,
                        };
                        elements::push(&mut elements, element);
                    }
                    state.tables.push(TableState { export, size, elements });
                }
                _ => {}
            }
        }
        state
    }

    fn take_host_calls(&mut self) -> Vec<HostCall> {
        self.store.data_mut().log.take()
    }

    fn fuel_left(&mut self) -> Option<u64> {
        if self.metered { self.store.get_fuel().ok() } else { None }
    }
}

/// Whether a function type is `[i32] -> [i32]`, the type of the `host.call_back` target.
fn is_i32_to_i32(ty: &wasmtime::FuncType) -> bool {
    let params: Vec<_> = ty.params().collect();
    let results: Vec<_> = ty.results().collect();
    matches!(params.as_slice(), [wasmtime::ValType::I32]) && matches!(results.as_slice(), [wasmtime::ValType::I32])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TrapKind;
    use crate::script::{ScriptResult, ScriptValue};

    #[test]
    fn a_provider_is_compiled_once_per_variant_and_instantiated_afresh_in_each_run() {
        let engine = WasmtimeEngine::new("cranelift-x64:o0", Compiler::Cranelift(wasmtime::OptLevel::None)).unwrap();
        let wasm = wat::parse_str(
            r#"(module (import "provider" "memory" (memory 1 8)) (import "provider" "mut_i32" (global (mut i32)))
            (func (export "bump") (result i32)
              (i32.store8 (i32.const 0) (i32.add (i32.load8_u (i32.const 0)) (i32.const 1)))
              (global.set 0 (i32.add (global.get 0) (i32.const 1)))
              (i32.load8_u (i32.const 0))))"#,
        )
        .unwrap();
        let bump = crate::PlannedCall {
            export: "bump".into(),
            args: Vec::new(),
        };
        let plan = CallPlan {
            calls: vec![bump],
            ..CallPlan::default()
        };
        let read_only = ReadOnlyExports::of(&wasm);
        let first = engine.execute_with(&wasm, &read_only, &plan);
        let second = engine.execute_with(&wasm, &read_only, &plan);
        assert_eq!(engine.providers.lock().unwrap().len(), 1, "compiled once for both runs");
        assert_eq!(
            first, second,
            "the second run's provider starts from its segments again"
        );
        assert_eq!(
            second.steps[1].outcome,
            StepOutcome::Returned(vec![Value::I32(i32::from(b'c') + 1)]),
            "{second:?}"
        );
        let variant = Variant::of(&plan.options, &engine.settings);
        let linker = engine.linker(variant).unwrap();
        let kept = engine.provider_module(&linker, variant, &provider::PROVIDER).unwrap();
        let again = engine.provider_module(&linker, variant, &provider::PROVIDER).unwrap();
        assert!(Module::same(&kept, &again));
        let mut fueled = plan.clone();
        fueled.options.fuel = Some(1_000_000);
        let metered = engine.execute_with(&wasm, &read_only, &fueled);
        assert_eq!(metered.steps[1].outcome, second.steps[1].outcome);
        let fuel: Vec<bool> = engine.providers.lock().unwrap().keys().map(|(v, _)| v.fuel).collect();
        assert_eq!(
            fuel.len(),
            2,
            "a variant of another wasmtime::Engine compiles its own: {fuel:?}"
        );
        let configured = engine
            .configure(
                "cranelift-x64:o0,fuel=on".into(),
                EngineConfig::parse(engine.target(), ["fuel=on"]).unwrap(),
            )
            .unwrap();
        configured.execute_with(&wasm, &read_only, &plan);
        assert_eq!(
            configured.providers.lock().unwrap().len(),
            1,
            "a configuration keeps its own"
        );
        assert_eq!(engine.providers.lock().unwrap().len(), 2);
    }

    #[test]
    fn a_script_links_registered_modules_and_reports_traps() {
        let engine = WasmtimeEngine::new("cranelift-x64:o0", Compiler::Cranelift(wasmtime::OptLevel::None)).unwrap();
        let a = wat::parse_str(
            r#"(module (global (export "g") i32 (i32.const 7)) (func (export "f") (result i32) (global.get 0)))"#,
        )
        .unwrap();
        let b = wat::parse_str(
            r#"(module (import "a" "f" (func $f (result i32))) (import "spectest" "global_i32" (global i32))
            (func (export "h") (param i32) (result i32) (i32.div_u (call $f) (local.get 0))))"#,
        )
        .unwrap();
        let commands = vec![
            ScriptCommand::Module {
                wasm: a,
                name: Some("$a".into()),
            },
            ScriptCommand::Register {
                module: None,
                as_name: "a".into(),
            },
            ScriptCommand::Module { wasm: b, name: None },
            ScriptCommand::Invoke {
                module: None,
                export: "h".into(),
                args: vec![ScriptValue::Value(Value::I32(0))],
            },
            ScriptCommand::Get {
                module: Some("$a".into()),
                global: "g".into(),
            },
            ScriptCommand::Compile { wasm: vec![0, 97, 115] },
        ];
        let results = engine.script(&commands);
        assert_eq!(
            results[..3],
            [ScriptResult::Done, ScriptResult::Done, ScriptResult::Done]
        );
        assert!(matches!(
            results[3],
            ScriptResult::Trapped {
                kind: Some(TrapKind::IntegerDivisionByZero),
                ..
            }
        ));
        assert_eq!(
            results[4],
            ScriptResult::Returned(vec![ScriptValue::Value(Value::I32(7))])
        );
        assert!(matches!(results[5], ScriptResult::CompileError(_)));
    }
}
