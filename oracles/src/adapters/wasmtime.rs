//! Wasmtime adapters: `winch-<arch>` (baseline compiler) and `cranelift-<arch>[:o0|:speed|:size]`
//! (optimizing compiler), each in the default configuration or a configured one
//! (`cranelift-x64:speed,regalloc=single_pass`, see [`crate::config`]).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use wasmtime::{
    Caller, Config, Extern, Instance, Linker, Module, OptLevel, Store, StoreLimits, StoreLimitsBuilder, Strategy, Trap,
    V128, Val, WasmBacktrace, WasmFeatures,
};

use crate::config::{EngineConfig, Family, Target};
use crate::driver::{CallEnd, Session, Started, drive};
use crate::engine::{HOST_STACK_MARGIN_BYTES, StepSink, WASM_STACK_BYTES};
use crate::host::{CALLBACK, HOST_FUNCS, HOST_MODULE, HostFunc, HostLog, HostTrap};
use crate::phases::{CompileMark, PhaseMeter, PhaseTimes};
use crate::plan::INTERRUPT_AFTER_MS;
use crate::script::{ScriptCommand, ScriptSink};
use crate::{
    CallPlan, Engine, GlobalState, HostCall, MemoryState, Proposal, ProposalSet, RefHierarchy, Rejection,
    RejectionKind, RunOptions, StateSnapshot, StepOutcome, TableState, TrapKind, ValType, Value, limits,
};

/// The version of the `wasmtime` crate this build links, e.g. `50.0.1` (read from `Cargo.lock`
/// by the build script).
pub const WASMTIME_VERSION: &str = env!("CROSSCHECK_WASMTIME_VERSION");

/// Which Wasmtime compiler an engine uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compiler {
    /// Winch, the baseline compiler.
    Winch,
    /// Cranelift at an optimization level.
    Cranelift(OptLevel),
}

/// Compile-error messages by which Winch reports a known gap in its implementation rather than a
/// bug. Taken from the `#[error]` strings of `winch_codegen::CodeGenError` (wasmtime 50; its
/// other new error, `AllocationTooLarge`, is raised only for GC objects, which Winch does not compile).
const WINCH_UNSUPPORTED: &[&str] = &[
    "Unimplemented Wasm instruction",
    "Unsupported Wasm type",
    "Instruction not implemented for CPUs without",
    "Unsupported eager initialization of tables",
    "exceeds the implementation limit",
];

/// The code of a module: its binary, or an artifact precompiled for this engine.
#[derive(Clone, Copy)]
enum Code<'a> {
    Wasm(&'a [u8]),
    Precompiled(&'a [u8]),
}

/// The rejection of a module that `compiler` failed to compile: `unsupported` for a known Winch
/// gap ([`WINCH_UNSUPPORTED`]), an error otherwise.
pub(super) fn compile_rejection(compiler: Compiler, error: &wasmtime::Error) -> Rejection {
    let message = format!("{error:#}");
    let unsupported = compiler == Compiler::Winch && WINCH_UNSUPPORTED.iter().any(|p| message.contains(p));
    let kind = if unsupported {
        RejectionKind::Unsupported
    } else {
        RejectionKind::Error
    };
    Rejection { kind, message }
}

/// Interval of the epoch ticker of engines with epoch interruption.
const EPOCH_TICK: Duration = Duration::from_millis(10);

/// The settings of a run that need a differently configured `wasmtime::Engine`: fuel and epoch
/// interruption when the run or the engine's configuration asks for them, and the stack budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) struct Variant {
    fuel: bool,
    epochs: bool,
    stack_scale: u32,
}

impl Variant {
    pub(super) fn of(options: &RunOptions, settings: &EngineConfig) -> Variant {
        Variant {
            fuel: options.fuel.is_some() || settings.is_on("fuel"),
            epochs: options.interrupts || settings.is_on("epochs"),
            stack_scale: options.stack_scale.max(1),
        }
    }

    fn wasm_stack(self) -> usize {
        WASM_STACK_BYTES.saturating_mul(self.stack_scale as usize)
    }
}

/// Fuel given to a store whose engine meters fuel (the `fuel=on` knob) in a run without fuel: more
/// than any run can use, so the metering code runs and never traps.
const UNMETERED_FUEL: u64 = 1 << 62;

/// Epoch ticks of the deadline of a call in a run without interrupts on an engine that checks
/// epochs (the `epochs=on` knob): about 350 years of ticks.
const UNINTERRUPTED_TICKS: u64 = 1 << 40;

/// A Wasmtime engine for one compiler in one configuration. The `wasmtime::Engine` of each
/// combination of fuel, epoch interruption and stack budget that a run asks for is built on first
/// use and kept.
pub struct WasmtimeEngine {
    name: String,
    compiler: Compiler,
    settings: EngineConfig,
    proposals: ProposalSet,
    variants: Mutex<HashMap<Variant, Arc<Linker<HostState>>>>,
    phases: PhaseMeter,
}

struct HostState {
    log: HostLog,
    limits: StoreLimits,
    /// The target of `host.call_back`, once the instance exists.
    callback: Option<wasmtime::Func>,
}

impl WasmtimeEngine {
    /// Builds the engine, asking it which proposals it supports by compiling each proposal's probe
    /// module with only that proposal enabled.
    ///
    /// # Errors
    ///
    /// When Wasmtime refuses the base configuration (for example a compiler that is not built in).
    pub fn new(name: impl Into<String>, compiler: Compiler) -> anyhow::Result<WasmtimeEngine> {
        let settings = EngineConfig::default();
        let base = Variant::of(&RunOptions::default(), &settings);
        let mut proposals = ProposalSet::empty();
        for p in Proposal::ALL {
            let engine = wasmtime::Engine::new(&config(compiler, [p].into_iter().collect(), base, &settings));
            let Ok(engine) = engine else {
                continue;
            };
            if Module::new(&engine, p.probe_wasm()).is_ok() {
                proposals.insert(p);
            }
        }
        WasmtimeEngine::with_settings(name.into(), compiler, proposals, settings)
    }

    /// The engine `name` with `compiler`, `proposals` (as [`WasmtimeEngine::new`] found them for
    /// the default configuration) and `settings`, without probing the proposals again.
    ///
    /// # Errors
    ///
    /// When Wasmtime refuses the configuration.
    fn with_settings(
        name: String,
        compiler: Compiler,
        proposals: ProposalSet,
        settings: EngineConfig,
    ) -> anyhow::Result<WasmtimeEngine> {
        let engine = WasmtimeEngine {
            name,
            compiler,
            settings,
            proposals,
            variants: Mutex::new(HashMap::new()),
            phases: PhaseMeter::default(),
        };
        engine.linker(Variant::of(&RunOptions::default(), &engine.settings))?;
        Ok(engine)
    }

    /// This engine in configuration `settings` (for [`Engine::configured`]): named `name`, with the
    /// same compiler and proposals.
    ///
    /// # Errors
    ///
    /// When Wasmtime refuses the configuration.
    pub fn configure(&self, name: String, settings: EngineConfig) -> anyhow::Result<WasmtimeEngine> {
        WasmtimeEngine::with_settings(name, self.compiler, self.proposals, settings)
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
        let engine = wasmtime::Engine::new(&config(self.compiler, self.proposals, variant, &self.settings))
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
                .func_new(HOST_MODULE, func.name, ty, move |caller, params, results| {
                    host_call(caller, func, params, results)
                })
                .map_err(|e| anyhow::anyhow!("{e:#}"))?;
        }
        let linker = Arc::new(linker);
        variants.insert(variant, Arc::clone(&linker));
        Ok(linker)
    }

    fn run_code(&self, code: Code<'_>, plan: &CallPlan, sink: &mut StepSink<'_>) -> Option<Rejection> {
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
            thread_stack,
            sink,
            &self.phases,
        )
    }

    /// Compiles `wasm` here, or loads it from `artifact` (a module this engine's
    /// [`CrossCompiler`](super::wasmtime_cross::CrossCompiler) precompiled), then instantiates it.
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
        let mut store = Store::new(
            linker.engine(),
            HostState {
                log: HostLog::default(),
                limits,
                callback: None,
            },
        );
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
        match linker.instantiate(&mut store, &module) {
            Ok(instance) => {
                let mut exports: Vec<(String, Extern)> = instance
                    .exports(&mut store)
                    .map(|e| (e.name().to_string(), e.into_extern()))
                    .collect();
                // Snapshots list exports by name: wasmi does not iterate them in module order.
                exports.sort_by(|a, b| a.0.cmp(&b.0));
                store.data_mut().callback = exports.iter().find_map(|(_, ext)| match ext {
                    Extern::Func(f) if is_i32_to_i32(&f.ty(&store)) => Some(*f),
                    _ => None,
                });
                let metered = options.fuel.is_some();
                Started::Ready(WasmtimeSession {
                    store,
                    instance,
                    exports,
                    metered,
                    epochs: variant.epochs.then_some(interrupts),
                })
            }
            Err(e) => {
                let calls = store.data_mut().log.take();
                let fuel_left = options.fuel.and_then(|_| store.get_fuel().ok());
                let started = match error_trap_kind(&e) {
                    Some(Some(kind)) => Started::trapped(kind, calls, backtrace(&e)),
                    Some(None) => Started::crashed(format!("unmapped trap: {e:#}"), calls),
                    None => {
                        let message = format!("{e:#}");
                        if limits::is_resource_limit_message(&message) {
                            Started::Rejected(Rejection {
                                kind: RejectionKind::ResourceLimit,
                                message,
                            })
                        } else {
                            Started::crashed(format!("instantiation failed: {message}"), calls)
                        }
                    }
                };
                started.with_fuel_left(fuel_left)
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

    fn proposals(&self) -> ProposalSet {
        self.proposals
    }

    fn phase_times(&self) -> PhaseTimes {
        self.phases.read()
    }

    fn run(&self, wasm: &[u8], plan: &CallPlan, sink: &mut StepSink<'_>) -> Option<Rejection> {
        self.run_code(Code::Wasm(wasm), plan, sink)
    }

    fn run_precompiled(&self, artifact: &[u8], plan: &CallPlan, sink: &mut StepSink<'_>) -> Option<Rejection> {
        self.run_code(Code::Precompiled(artifact), plan, sink)
    }

    fn run_script(&self, commands: &[ScriptCommand], sink: &mut ScriptSink<'_>) {
        super::wasmtime_script::run(self, commands, sink);
    }

    fn configured(&self, settings: &[&str]) -> Result<Box<dyn Engine>, crate::registry::EngineError> {
        let base = crate::config::split_name(&self.name).0.to_string();
        let settings = EngineConfig::parse(self.target(), settings.iter().copied()).map_err(|e| {
            crate::registry::EngineError::Build {
                name: base.clone(),
                message: e.to_string(),
            }
        })?;
        let name = crate::config::configured_name(&base, &settings);
        let engine = self
            .configure(name.clone(), settings)
            .map_err(|e| crate::registry::EngineError::Build {
                name,
                message: format!("{e:#}"),
            })?;
        Ok(Box::new(engine))
    }
}

impl WasmtimeEngine {
    /// What the knobs of this engine are (see [`crate::config::Target`]).
    fn target(&self) -> Target {
        crate::registry::target_of(&self.name).unwrap_or(Target {
            family: Family::Wasmtime,
            arch: None,
            winch: self.compiler == Compiler::Winch,
        })
    }
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

/// The Wasmtime configuration of a compiler with exactly the given proposals enabled, for the run
/// settings `variant` and the engine configuration `settings`.
pub(super) fn config(compiler: Compiler, proposals: ProposalSet, variant: Variant, settings: &EngineConfig) -> Config {
    let mut c = Config::new();
    match compiler {
        Compiler::Winch => {
            c.strategy(Strategy::Winch);
        }
        Compiler::Cranelift(level) => {
            c.strategy(Strategy::Cranelift).cranelift_opt_level(level);
        }
    }
    let optional =
        wasmtime_features(ProposalSet::all().features()) | WasmFeatures::RELAXED_SIMD | WasmFeatures::THREADS;
    c.wasm_features(optional, false)
        .wasm_features(wasmtime_features(proposals.features()), true)
        .wasm_stack_switching(false)
        .consume_fuel(variant.fuel)
        .epoch_interruption(variant.epochs)
        .max_wasm_stack(variant.wasm_stack())
        // Wasmtime checks this bound even for synchronous calls; no async stack is ever allocated.
        .async_stack_size(variant.wasm_stack() + (1 << 20))
        .signals_based_traps(settings.is_on("signals"))
        .memory_may_move(settings.is_on("may_move"))
        .memory_init_cow(settings.is_on("cow"))
        .table_lazy_init(settings.is_on("lazy_tables"));
    if let Some(bytes) = settings.reservation() {
        c.memory_reservation(bytes);
    }
    if let Some(bytes) = settings.guard() {
        c.memory_guard_size(bytes);
    }
    if settings.get("regalloc") == Some("single_pass") {
        c.cranelift_regalloc_algorithm(wasmtime::RegallocAlgorithm::SinglePass);
    }
    for (flag, value) in settings.cranelift_flags() {
        // SAFETY: the flags only turn CPU features off (code then avoids instructions the host
        // has) or turn on HINT-space instructions (PAuth, BTI) that every aarch64 CPU executes.
        unsafe {
            c.cranelift_flag_set(&flag, value);
        }
    }
    c
}

/// The validator features `features` (of the wasmparser release crosscheck links) as the
/// `WasmFeatures` of the wasmparser release Wasmtime links, matched by flag name: the two releases
/// may differ (wasmtime 50 links wasmparser 0.261, crosscheck 0.263), and so may their bit layouts.
/// A flag Wasmtime's release does not know is dropped, so a probe that needs it fails to validate
/// and its proposal is reported unsupported.
pub fn wasmtime_features(features: wasmparser::WasmFeatures) -> WasmFeatures {
    features
        .iter_names()
        .filter_map(|(name, _)| WasmFeatures::from_name(name))
        .fold(WasmFeatures::empty(), |all, f| all | f)
}

struct WasmtimeSession {
    store: Store<HostState>,
    instance: Instance,
    exports: Vec<(String, Extern)>,
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
                    value: from_val(&g.get(&mut self.store)),
                }),
                Extern::Table(t) => state.tables.push(TableState {
                    export,
                    size: t.size(&self.store),
                }),
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

fn host_call(
    mut caller: Caller<'_, HostState>,
    func: &'static HostFunc,
    params: &[Val],
    results: &mut [Val],
) -> wasmtime::Result<()> {
    let args: Vec<Value> = params.iter().map(from_val).collect();
    let out = caller.data_mut().log.call(func, &args).map_err(wasmtime::Error::new)?;
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
/// the list of trap kinds (docs/design.md, "What is compared").
pub(super) fn error_trap_kind(e: &wasmtime::Error) -> Option<Option<TrapKind>> {
    if e.downcast_ref::<HostTrap>().is_some() {
        return Some(Some(TrapKind::HostTrap));
    }
    if e.downcast_ref::<wasmtime::ThrownException>().is_some() {
        return Some(Some(TrapKind::UncaughtException));
    }
    e.downcast_ref::<Trap>().map(|t| trap_kind(*t))
}

/// The Wasm frames of a trap, innermost first, as function indices.
fn backtrace(e: &wasmtime::Error) -> Option<Vec<u32>> {
    e.downcast_ref::<WasmBacktrace>()
        .map(|bt| bt.frames().iter().map(|f| f.func_index()).collect())
}

/// Maps a Wasmtime trap code to its canonical kind; `None` for codes outside the trap kinds of docs/design.md.
fn trap_kind(trap: Trap) -> Option<TrapKind> {
    Some(match trap {
        Trap::StackOverflow => TrapKind::StackOverflow,
        Trap::MemoryOutOfBounds => TrapKind::MemoryOutOfBounds,
        Trap::TableOutOfBounds => TrapKind::TableOutOfBounds,
        Trap::IndirectCallToNull => TrapKind::IndirectCallToNull,
        Trap::BadSignature => TrapKind::BadSignature,
        Trap::IntegerOverflow => TrapKind::IntegerOverflow,
        Trap::IntegerDivisionByZero => TrapKind::IntegerDivisionByZero,
        Trap::BadConversionToInteger => TrapKind::BadConversionToInteger,
        Trap::UnreachableCodeReached => TrapKind::Unreachable,
        Trap::Interrupt => TrapKind::Interrupt,
        Trap::OutOfFuel => TrapKind::OutOfFuel,
        Trap::NullReference => TrapKind::NullReference,
        Trap::AllocationTooLarge => TrapKind::AllocationTooLarge,
        Trap::ArrayOutOfBounds => TrapKind::ArrayOutOfBounds,
        Trap::CastFailure => TrapKind::CastFailure,
        Trap::UnhandledTag => TrapKind::UncaughtException,
        _ => return None,
    })
}

pub(super) fn val_type(ty: ValType) -> wasmtime::ValType {
    match ty {
        ValType::I32 => wasmtime::ValType::I32,
        ValType::I64 => wasmtime::ValType::I64,
        ValType::F32 => wasmtime::ValType::F32,
        ValType::F64 => wasmtime::ValType::F64,
        ValType::V128 => wasmtime::ValType::V128,
        ValType::Ref(RefHierarchy::Func) => wasmtime::ValType::FUNCREF,
        ValType::Ref(RefHierarchy::Extern) => wasmtime::ValType::EXTERNREF,
        ValType::Ref(RefHierarchy::Any) => wasmtime::ValType::ANYREF,
        ValType::Ref(RefHierarchy::Exn) => wasmtime::ValType::EXNREF,
    }
}

/// Converts a harness value to a Wasmtime value. References are passed as null: the harness never
/// holds a non-null reference of an engine.
pub(super) fn to_val(v: Value) -> Val {
    match v {
        Value::I32(x) => Val::I32(x),
        Value::I64(x) => Val::I64(x),
        Value::F32(bits) => Val::F32(bits),
        Value::F64(bits) => Val::F64(bits),
        Value::V128(bits) => Val::V128(V128::from(bits)),
        Value::Ref {
            hierarchy: RefHierarchy::Func,
            ..
        } => Val::FuncRef(None),
        Value::Ref {
            hierarchy: RefHierarchy::Extern,
            ..
        } => Val::ExternRef(None),
        Value::Ref {
            hierarchy: RefHierarchy::Any,
            ..
        } => Val::AnyRef(None),
        Value::Ref {
            hierarchy: RefHierarchy::Exn,
            ..
        } => Val::ExnRef(None),
    }
}

pub(super) fn from_val(v: &Val) -> Value {
    let r = |hierarchy, null| Value::Ref { hierarchy, null };
    match v {
        Val::I32(x) => Value::I32(*x),
        Val::I64(x) => Value::I64(*x),
        Val::F32(bits) => Value::F32(*bits),
        Val::F64(bits) => Value::F64(*bits),
        Val::V128(x) => Value::V128(x.as_u128()),
        Val::FuncRef(f) => r(RefHierarchy::Func, f.is_none()),
        Val::ExternRef(e) => r(RefHierarchy::Extern, e.is_none()),
        Val::AnyRef(a) => r(RefHierarchy::Any, a.is_none()),
        Val::ExnRef(e) => r(RefHierarchy::Exn, e.is_none()),
        // Stack switching is disabled in every configuration, so no continuation reaches here.
        Val::ContRef(c) => r(RefHierarchy::Any, c.is_none()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_proposal_feature_reaches_wasmtime_by_name() {
        let ours = ProposalSet::all().features();
        let theirs = wasmtime_features(ours);
        let ours_names: Vec<&str> = ours.iter_names().map(|(n, _)| n).collect();
        let theirs_names: Vec<&str> = theirs.iter_names().map(|(n, _)| n).collect();
        assert_eq!(ours_names, theirs_names);
        assert!(theirs.contains(WasmFeatures::SIMD | WasmFeatures::GC | WasmFeatures::MEMORY64));
        assert!(!theirs.contains(WasmFeatures::THREADS));
    }
}
