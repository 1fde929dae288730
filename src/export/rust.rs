//! `crosscheck export --format rust`: the reproducer as a standalone Rust test file against the
//! `wasmtime` API, one `#[test]` per Wasmtime compiler configuration of the finding (Winch,
//! Cranelift at each opt level), each asserting what the right engines did step by step: results
//! or trap, fuel left, the host-call digest and the exported state (a table by its size, not its
//! elements). The file needs only
//! `wasmtime` (the version of the finding) as a dependency; its first lines say how to run it.
//!
//! The host imports are the harness's ([`crosscheck_oracles::host`]), written out in the file,
//! `host.call_back` and its callback target included; the providers the module imports from are
//! embedded as bytes and instantiated first, and their state is asserted with the module's.

use anyhow::{Result, bail};
use crosscheck_oracles::config::{EngineConfig, split_name};
use crosscheck_oracles::engine::{HOST_STACK_MARGIN_BYTES, WASM_STACK_BYTES};
use crosscheck_oracles::host::{CALLBACK, HOST_FUNCS, HOST_MODULE, HostFunc, MAX_CALLBACK_DEPTH};
use crosscheck_oracles::limits::{MEMORY_BYTES, TABLE_ELEMENTS};
use crosscheck_oracles::naming::{self, CRANELIFT_VARIANTS};
use crosscheck_oracles::outcome::fnv1a64;
use crosscheck_oracles::provider::{self, Provider};
use crosscheck_oracles::{ProposalSet, StepOutcome, TrapKind, ValType, Value, wasmtime_features};

use super::Reproducer;

/// The wasmtime crate features the exported test needs: both compilers, GC for modules with
/// GC types (wasmtime 50 refuses them without `gc` and `gc-drc`), the threads proposal's atomics
/// and shared memories (refused without `threads`, even for a configuration that only names
/// them), and the pooling allocator of engines configured with `allocator=pooling`.
pub const WASMTIME_FEATURES: [&str; 8] = [
    "cranelift",
    "winch",
    "runtime",
    "std",
    "gc",
    "gc-drc",
    "threads",
    "pooling-allocator",
];

/// The `Cargo.toml` line of the wasmtime dependency the exported test runs against: the version
/// crosscheck is built with, exactly, and [`WASMTIME_FEATURES`].
pub fn wasmtime_dependency() -> String {
    let features: Vec<String> = WASMTIME_FEATURES.iter().map(|f| format!("{f:?}")).collect();
    format!(
        "wasmtime = {{ version = \"={}\", default-features = false, features = [{}] }}",
        crosscheck_oracles::WASMTIME_VERSION,
        features.join(", ")
    )
}

/// The test file of `r`.
///
/// # Errors
///
/// When the reproducer needs what the file cannot express: an epoch interrupt, a non-null
/// reference argument, or a host function with reference or vector values.
pub fn test(r: &Reproducer) -> Result<String> {
    let imported = super::host_module::imports(&r.wasm)?;
    let mut out = header(r);
    out.push_str(PRELUDE);
    out.push_str(&format!(
        "const FEATURES_OFF: u64 = {:#x};\nconst FEATURES_ON: u64 = {:#x};\n",
        optional_features(),
        wasmtime_features(r.proposals.features()).bits()
    ));
    out.push_str(&format!(
        "const WASM_STACK_BYTES: usize = {};\nconst HOST_STACK_BYTES: usize = {};\n",
        WASM_STACK_BYTES * r.plan.options.stack_scale.max(1) as usize,
        WASM_STACK_BYTES * r.plan.options.stack_scale.max(1) as usize + HOST_STACK_MARGIN_BYTES
    ));
    out.push_str(&format!(
        "const MEMORY_BYTES: usize = {MEMORY_BYTES};\nconst TABLE_ELEMENTS: usize = {TABLE_ELEMENTS};\n\
         const MAX_CALLBACK_DEPTH: u32 = {MAX_CALLBACK_DEPTH};\nconst FUEL: Option<u64> = {:?};\n\n",
        r.plan.options.fuel
    ));
    out.push_str(&wasm_const(&r.wasm));
    let providers = provider::imported_by(&r.wasm)?;
    for (i, p) in providers.iter().enumerate() {
        out.push_str(&format!(
            "/// The provider {:?}, instantiated before the module.\n",
            p.name
        ));
        out.push_str(&bytes_const(&format!("PROVIDER_{i}"), p.wasm()));
    }
    out.push_str(&linker(&imported)?);
    out.push_str(&run_fn(r, &imported, &providers)?);
    out.push_str(&tests(r));
    Ok(out)
}

fn header(r: &Reproducer) -> String {
    let mut out: String = r.summary().iter().map(|l| format!("//! {l}\n")).collect();
    out.push_str(&format!(
        "//!\n//! Run it as an integration test of a crate with the dev-dependency\n\
         //! `{}`:\n\
         //! copy it to `tests/` and run `cargo test`.\n\n#![allow(unused_imports, unused_mut, dead_code)]\n\n",
        wasmtime_dependency()
    ));
    out
}

/// Features Wasmtime may have on by default and crosscheck decides on: off unless the engines had
/// them. Bits of Wasmtime's own `WasmFeatures` (its wasmparser release), as the exported test reads them.
fn optional_features() -> u64 {
    let ours =
        ProposalSet::all().features() | wasmparser::WasmFeatures::RELAXED_SIMD | wasmparser::WasmFeatures::THREADS;
    wasmtime_features(ours).bits()
}

const PRELUDE: &str = r#"use wasmtime::{
    Caller, Config, Engine, Func, FuncType, Instance, Linker, Module, OptLevel, Store, StoreLimits, StoreLimitsBuilder,
    Strategy, Trap, Val, ValType, WasmFeatures,
};

/// The host's state: the limits, the count and digest of host calls, and `host.call_back`'s target
/// and nesting depth.
struct Host {
    limits: StoreLimits,
    calls: u64,
    trace: u64,
    callback: Option<Func>,
    depth: u32,
}

/// SplitMix64's finalizer of `h ^ (x + golden ratio)`.
fn mix(h: u64, x: u64) -> u64 {
    let mut z = h ^ x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// 64-bit FNV-1a.
fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3))
}

/// The size in pages and the FNV-1a digest of the bytes of memory `name` of `instance`, shared
/// (threads proposal) or not.
fn memory_state(store: &mut Store<Host>, instance: &Instance, name: &str) -> (u64, u64) {
    match instance.get_export(&mut *store, name) {
        Some(wasmtime::Extern::Memory(m)) => (m.size(&*store), fnv1a64(m.data(&*store))),
        Some(wasmtime::Extern::SharedMemory(m)) => {
            let cells = m.data();
            // SAFETY: `UnsafeCell<u8>` has the layout of `u8`, and no Wasm runs on another thread.
            let bytes = unsafe { std::slice::from_raw_parts(cells.as_ptr().cast::<u8>(), cells.len()) };
            (m.size(), fnv1a64(bytes))
        }
        _ => panic!("no memory {name:?}"),
    }
}

/// A value as compared: floats by their bits with every NaN the same, `v128` whole, a reference
/// by whether it is null.
fn norm(v: &Val) -> u128 {
    match v {
        Val::I32(x) => *x as u32 as u128,
        Val::I64(x) => *x as u64 as u128,
        Val::F32(b) if f32::from_bits(*b).is_nan() => 0x7fc0_0000,
        Val::F32(b) => *b as u128,
        Val::F64(b) if f64::from_bits(*b).is_nan() => 0x7ff8_0000_0000_0000,
        Val::F64(b) => *b as u128,
        Val::V128(x) => x.as_u128(),
        Val::FuncRef(f) => f.is_none() as u128,
        Val::ExternRef(r) => r.is_none() as u128,
        Val::AnyRef(r) => r.is_none() as u128,
        Val::ExnRef(r) => r.is_none() as u128,
        Val::ContRef(r) => r.is_none() as u128,
    }
}

/// The bits of an argument that host functions hash.
fn host_bits(v: &Val) -> u64 {
    let n = norm(v);
    (n as u64) ^ ((n >> 64) as u64)
}

/// A host function: records the call, then computes its results from its name, its arguments and
/// the number of calls so far; `call_back` calls the instance's callback target instead, nesting
/// at most MAX_CALLBACK_DEPTH deep.
fn host_call(caller: &mut Caller<'_, Host>, name: &str, params: &[Val], results: &mut [Val], types: &[ValType]) -> wasmtime::Result<()> {
    let host = caller.data_mut();
    host.calls += 1;
    host.trace = mix(host.trace, fnv1a64(name.as_bytes()));
    for p in params {
        host.trace = mix(host.trace, host_bits(p));
    }
    if name == "assert_positive" && params[0].unwrap_i32() < 0 {
        wasmtime::bail!("host.assert_positive: negative argument");
    }
    if let Some(target) = host.callback.filter(|_| name == "call_back" && host.depth < MAX_CALLBACK_DEPTH) {
        host.depth += 1;
        let called = target.call(&mut *caller, params, results);
        caller.data_mut().depth -= 1;
        return called;
    }
    let host = caller.data();
    let mut h = mix(fnv1a64(name.as_bytes()), host.calls);
    for p in params {
        h = mix(h, host_bits(p));
    }
    for (i, (slot, ty)) in results.iter_mut().zip(types).enumerate() {
        let r = mix(h, i as u64);
        *slot = match ty {
            ValType::I32 => Val::I32(r as i32),
            ValType::I64 => Val::I64(r as i64),
            ValType::F32 => Val::F32((r as i16 as f32).to_bits()),
            _ => {
                let x = match params.first() {
                    Some(Val::F64(bits)) => f64::from_bits(*bits) * 0.5,
                    _ => r as i32 as f64,
                };
                Val::F64(if x.is_nan() { f64::NAN.to_bits() } else { x.to_bits() })
            }
        };
    }
    Ok(())
}

fn config(strategy: Strategy, opt: OptLevel) -> Config {
    let mut c = Config::new();
    c.strategy(strategy).cranelift_opt_level(opt);
    let on = WasmFeatures::from_bits_truncate(FEATURES_ON);
    c.wasm_features(WasmFeatures::from_bits_truncate(FEATURES_OFF), false)
        .wasm_features(on, true)
        .shared_memory(on.contains(WasmFeatures::THREADS))
        .consume_fuel(FUEL.is_some())
        .max_wasm_stack(WASM_STACK_BYTES)
        .async_stack_size(WASM_STACK_BYTES + (1 << 20));
    c
}

"#;

fn wasm_const(wasm: &[u8]) -> String {
    let mut out = String::from("/// The module. As text:\n///\n");
    if let Ok(text) = wasmprinter::print_bytes(wasm) {
        for line in text.lines() {
            out.push_str(&format!("/// {line}\n"));
        }
    }
    out.push_str(&bytes_const("WASM", wasm));
    out
}

/// `const NAME: &[u8] = &[...];` of `bytes`.
fn bytes_const(name: &str, bytes: &[u8]) -> String {
    let mut out = format!("#[rustfmt::skip]\nconst {name}: &[u8] = &[\n");
    for chunk in bytes.chunks(16) {
        let bytes: Vec<String> = chunk.iter().map(|b| format!("0x{b:02x},")).collect();
        out.push_str(&format!("    {}\n", bytes.join(" ")));
    }
    out.push_str("];\n\n");
    out
}

/// The instance variable and field name that hold the item a snapshot names `name`: the
/// provider's (`provider_<i>`) for a provider's item, else the module's (`instance`).
fn holder<'a>(providers: &[&'static Provider], name: &'a str) -> (String, &'a str) {
    match provider::owner(providers, name) {
        Some((p, field)) => {
            let i = providers.iter().position(|q| q.name == p.name).unwrap_or_default();
            (format!("provider_{i}"), field)
        }
        None => ("instance".to_string(), name),
    }
}

fn linker(imported: &[String]) -> Result<String> {
    let mut out =
        String::from("fn linker(engine: &Engine) -> Linker<Host> {\n    let mut linker = Linker::new(engine);\n");
    for f in HOST_FUNCS.iter().filter(|f| imported.iter().any(|i| i == f.name)) {
        out.push_str(&define(f)?);
    }
    out.push_str("    linker\n}\n\n");
    Ok(out)
}

fn define(f: &HostFunc) -> Result<String> {
    let types = |tys: &[ValType]| -> Result<String> {
        let names: Vec<&str> = tys
            .iter()
            .map(|t| match t {
                ValType::I32 => Ok("ValType::I32"),
                ValType::I64 => Ok("ValType::I64"),
                ValType::F32 => Ok("ValType::F32"),
                ValType::F64 => Ok("ValType::F64"),
                other => bail!("host function {} has a {other:?} value", f.name),
            })
            .collect::<Result<_>>()?;
        Ok(format!("[{}]", names.join(", ")))
    };
    let (params, results) = (types(f.params)?, types(f.results)?);
    Ok(format!(
        "    let ty = FuncType::new(engine, {params}, {results});\n    \
         linker\n        .func_new({HOST_MODULE:?}, {name:?}, ty, |mut caller, params, results| {{\n            \
         host_call(&mut caller, {name:?}, params, results, &{results})\n        }})\n        \
         .unwrap();\n",
        name = f.name
    ))
}

fn run_fn(r: &Reproducer, imported: &[String], providers: &[&'static Provider]) -> Result<String> {
    let callback = if imported.iter().any(|f| f == CALLBACK) {
        super::host_module::callback_target(&r.wasm)?
    } else {
        None
    };
    let mut body = String::new();
    for (i, p) in providers.iter().enumerate() {
        body.push_str(&format!(
            "    // the provider {name:?}\n    \
             let provider = Module::new(&engine, PROVIDER_{i}).unwrap();\n    \
             let provider_{i} = linker.instantiate(&mut store, &provider).expect(\"instantiate the provider\");\n    \
             linker.instance(&mut store, {name:?}, provider_{i}).unwrap();\n",
            name = p.name
        ));
    }
    let mut trace = 0;
    let mut compare_state = true;
    for (step, record) in r.reference.steps.iter().enumerate() {
        let label = r.plan.step_label(step);
        body.push_str(&format!("    // {label}\n"));
        if step == 0 {
            body.push_str("    let result = linker.instantiate(&mut store, &module);\n");
            match &record.outcome {
                StepOutcome::Returned(_) => {
                    body.push_str("    let instance = result.expect(\"instantiate\");\n");
                    if let Some(target) = callback.as_ref() {
                        body.push_str(&format!(
                            "    store.data_mut().callback = instance.get_func(&mut store, {target:?});\n"
                        ));
                    }
                }
                StepOutcome::Trapped(kind) => {
                    body.push_str(&trap_check(*kind, &label)?);
                    break;
                }
                other => bail!("the right engines did not finish instantiation: {other:?}"),
            }
        } else {
            let call = &r.plan.calls[step - 1];
            let args: Vec<String> = call.args.iter().map(val).collect::<Result<_>>()?;
            body.push_str(&format!(
                "    let func = instance.get_func(&mut store, {:?}).expect(\"exported function\");\n    \
                 let mut results = vec![Val::I32(0); func.ty(&store).results().len()];\n    \
                 let result = func.call(&mut store, &[{}], &mut results);\n",
                call.export,
                args.join(", ")
            ));
            match &record.outcome {
                StepOutcome::Returned(values) => {
                    let expected: Vec<String> = values.iter().map(|v| format!("{:#x}", norm(v))).collect();
                    body.push_str(&format!(
                        "    result.expect({label:?});\n    let expected: [u128; {}] = [{}];\n    \
                         assert_eq!(results.iter().map(norm).collect::<Vec<_>>(), expected, {label:?});\n",
                        expected.len(),
                        expected.join(", ")
                    ));
                }
                StepOutcome::Trapped(kind) => {
                    body.push_str(&trap_check(*kind, &label)?);
                    if *kind == TrapKind::StackOverflow {
                        compare_state = false;
                    }
                }
                other => bail!("the right engines did not finish {label}: {other:?}"),
            }
        }
        if let Some(fuel) = record.fuel_left {
            body.push_str(&format!(
                "    assert_eq!(store.get_fuel().unwrap(), {fuel}, \"fuel left after {}\");\n",
                label.replace('"', "'")
            ));
        }
        trace = super::host_module::trace(trace, &record.host_calls);
        body.push_str(&format!(
            "    assert_eq!(store.data().trace, {trace:#x}, \"host calls up to {}\");\n",
            label.replace('"', "'")
        ));
        if let (true, Some(state)) = (compare_state, &record.state) {
            for g in &state.globals {
                let (holder, field) = holder(providers, &g.export);
                body.push_str(&format!(
                    "    let g = {holder}.get_global(&mut store, {field:?}).unwrap().get(&mut store);\n    \
                     assert_eq!(norm(&g), {:#x}, \"global {{:?}}\", {:?});\n",
                    norm(&g.value),
                    g.export
                ));
            }
            for m in &state.memories {
                let (holder, field) = holder(providers, &m.export);
                body.push_str(&format!(
                    "    let (pages, digest) = memory_state(&mut store, &{holder}, {field:?});\n    \
                     assert_eq!(pages, {}, \"pages of memory {{:?}}\", {:?});\n    \
                     assert_eq!(digest, {:#x}, \"bytes of memory {{:?}}\", {:?});\n",
                    m.pages,
                    m.export,
                    fnv1a64(&m.bytes),
                    m.export
                ));
            }
            for t in &state.tables {
                let (holder, field) = holder(providers, &t.export);
                body.push_str(&format!(
                    "    let t = {holder}.get_table(&mut store, {field:?}).unwrap();\n    \
                     assert_eq!(t.size(&store), {}, \"size of table {{:?}}\", {:?});\n",
                    t.size, t.export
                ));
            }
        }
    }
    Ok(format!(
        "/// Runs the plan on a new engine of `config` and asserts each step.\n\
         #[allow(unused_variables)]\n\
         fn run(config: Config) {{\n    \
         let engine = Engine::new(&config).unwrap();\n    \
         let module = Module::new(&engine, WASM).unwrap();\n    \
         let mut linker = linker(&engine);\n    \
         let limits = StoreLimitsBuilder::new().memory_size(MEMORY_BYTES).table_elements(TABLE_ELEMENTS).build();\n    \
         let mut store = Store::new(&engine, Host {{ limits, calls: 0, trace: 0, callback: None, depth: 0 }});\n    \
         store.limiter(|h| &mut h.limits);\n    \
         // A configuration that meters fuel or checks epochs without the plan asking gets a budget\n    \
         // out of reach (as in the harness); otherwise these calls change nothing.\n    \
         match FUEL {{\n        Some(fuel) => store.set_fuel(fuel).unwrap(),\n        None => {{\n            let _ = store.set_fuel(1 << 62);\n        }}\n    }}\n    \
         store.set_epoch_deadline(1 << 40);\n\
         {body}}}\n\n\
         /// Runs `config` on a thread whose stack holds the Wasm stack budget.\n\
         fn run_on_big_stack(config: Config) {{\n    \
         let thread = std::thread::Builder::new().stack_size(HOST_STACK_BYTES).spawn(move || run(config)).unwrap();\n    \
         if let Err(panic) = thread.join() {{\n        std::panic::resume_unwind(panic);\n    }}\n}}\n\n"
    ))
}

fn trap_check(kind: TrapKind, label: &str) -> Result<String> {
    let check = match kind {
        TrapKind::HostTrap => "format!(\"{e:?}\").contains(\"host.assert_positive\")".to_string(),
        TrapKind::UncaughtException => "e.downcast_ref::<wasmtime::ThrownException>().is_some()".to_string(),
        TrapKind::GcHeapExhausted => "e.downcast_ref::<wasmtime::GcHeapOutOfMemory<()>>().is_some()".to_string(),
        TrapKind::Interrupt => bail!("the right engines were interrupted, which the exported test does not set up"),
        other => format!("e.downcast_ref::<Trap>() == Some(&Trap::{})", trap_variant(other)),
    };
    Ok(format!(
        "    let e = result.err().expect(\"{} traps\");\n    assert!({check}, \"{}: expected {kind}, got {{e:?}}\");\n",
        label.replace('"', "'"),
        label.replace('"', "'")
    ))
}

fn trap_variant(kind: TrapKind) -> &'static str {
    match kind {
        TrapKind::MemoryOutOfBounds => "MemoryOutOfBounds",
        TrapKind::TableOutOfBounds => "TableOutOfBounds",
        TrapKind::IndirectCallToNull => "IndirectCallToNull",
        TrapKind::BadSignature => "BadSignature",
        TrapKind::IntegerOverflow => "IntegerOverflow",
        TrapKind::IntegerDivisionByZero => "IntegerDivisionByZero",
        TrapKind::BadConversionToInteger => "BadConversionToInteger",
        TrapKind::Unreachable => "UnreachableCodeReached",
        TrapKind::StackOverflow => "StackOverflow",
        TrapKind::OutOfFuel => "OutOfFuel",
        TrapKind::Interrupt => "Interrupt",
        TrapKind::NullReference => "NullReference",
        TrapKind::AllocationTooLarge => "AllocationTooLarge",
        TrapKind::ArrayOutOfBounds => "ArrayOutOfBounds",
        TrapKind::CastFailure => "CastFailure",
        TrapKind::UnalignedAtomic => "HeapMisaligned",
        TrapKind::WaitOnUnsharedMemory => "AtomicWaitNonSharedMemory",
        TrapKind::UncaughtException | TrapKind::HostTrap | TrapKind::GcHeapExhausted => "UnhandledTag",
    }
}

/// A value as the exported file's `norm` computes it.
fn norm(v: &Value) -> u128 {
    match *v {
        Value::I32(x) => x as u32 as u128,
        Value::I64(x) => x as u64 as u128,
        Value::F32(b) if f32::from_bits(b).is_nan() => 0x7fc0_0000,
        Value::F32(b) => b as u128,
        Value::F64(b) if f64::from_bits(b).is_nan() => 0x7ff8_0000_0000_0000,
        Value::F64(b) => b as u128,
        Value::V128(x) => x,
        Value::Ref { null, .. } => null as u128,
    }
}

/// `v` as a `wasmtime::Val` expression.
fn val(v: &Value) -> Result<String> {
    Ok(match *v {
        Value::I32(x) => format!("Val::I32({x})"),
        Value::I64(x) => format!("Val::I64({x})"),
        Value::F32(b) => format!("Val::F32({b:#x})"),
        Value::F64(b) => format!("Val::F64({b:#x})"),
        Value::V128(x) => format!("Val::V128(wasmtime::V128::from({x:#x}u128))"),
        Value::Ref { null: true, hierarchy } => match hierarchy {
            crosscheck_oracles::RefHierarchy::Func => "Val::FuncRef(None)".into(),
            crosscheck_oracles::RefHierarchy::Extern => "Val::ExternRef(None)".into(),
            crosscheck_oracles::RefHierarchy::Any => "Val::AnyRef(None)".into(),
            crosscheck_oracles::RefHierarchy::Exn => "Val::ExnRef(None)".into(),
        },
        Value::Ref { null: false, .. } => bail!("a non-null reference argument cannot be written in the test"),
    })
}

/// One `#[test]` per Wasmtime compiler configuration among the finding's engines: the compiler
/// and opt level, and the engine's settings (`winch-x64,avx2=off` is the test `winch_avx2_off`,
/// which applies them to the `Config`).
fn tests(r: &Reproducer) -> String {
    let names: Vec<&str> = r.right.iter().chain(&r.wrong).map(String::as_str).collect();
    let mut configs: Vec<(String, String)> = Vec::new();
    let mut add = |test: String, config: String| {
        if !configs.iter().any(|(t, _)| *t == test) {
            configs.push((test, config));
        }
    };
    for name in &names {
        let (base, _) = split_name(name);
        let settings = naming::config_of(name).unwrap_or_default();
        let suffix: String = settings
            .settings()
            .iter()
            .map(|(k, v)| format!("_{k}_{v}"))
            .collect::<String>()
            .replace(|c: char| !c.is_ascii_alphanumeric() && c != '_', "_");
        let configure = |compiler: String| {
            if settings.is_default() {
                format!("config({compiler})")
            } else {
                let mut block = format!("{{\n        let mut c = config({compiler});\n");
                for statement in config_statements(&settings) {
                    block.push_str(&format!("        {statement}\n"));
                }
                block.push_str("        c\n    }");
                block
            }
        };
        if base.starts_with("winch-") {
            add(
                format!("winch{suffix}"),
                configure("Strategy::Winch, OptLevel::Speed".into()),
            );
        }
        if base.starts_with("cranelift-") {
            for (variant, level) in CRANELIFT_VARIANTS {
                if base.ends_with(&format!(":{variant}")) || !base.contains(':') {
                    add(
                        format!("cranelift_{variant}{suffix}"),
                        configure(format!("Strategy::Cranelift, OptLevel::{level:?}")),
                    );
                }
            }
        }
    }
    let mut out = String::new();
    for (test, config) in configs {
        out.push_str(&format!(
            "#[test]\nfn {test}() {{\n    run_on_big_stack({config});\n}}\n\n"
        ));
    }
    out
}

/// The Rust statements that apply `settings` to a `wasmtime::Config` named `c`, as the harness's
/// Wasmtime adapter applies them (see `crosscheck_oracles::config`).
fn config_statements(settings: &EngineConfig) -> Vec<String> {
    let mut out = Vec::new();
    if settings.get("regalloc") == Some("single_pass") {
        out.push("c.cranelift_regalloc_algorithm(wasmtime::RegallocAlgorithm::SinglePass);".to_string());
    }
    for (flag, value) in settings.cranelift_flags() {
        out.push(format!("unsafe {{ c.cranelift_flag_set({flag:?}, {value:?}); }}"));
    }
    for (knob, method) in [
        ("signals", "signals_based_traps"),
        ("may_move", "memory_may_move"),
        ("cow", "memory_init_cow"),
        ("lazy_tables", "table_lazy_init"),
        ("guard_before", "guard_before_linear_memory"),
    ] {
        if settings.get(knob).is_some() {
            out.push(format!("c.{method}({});", settings.is_on(knob)));
        }
    }
    if let Some(bytes) = settings.reservation() {
        out.push(format!("c.memory_reservation({bytes});"));
    }
    if let Some(bytes) = settings.guard() {
        out.push(format!("c.memory_guard_size({bytes});"));
    }
    if settings.is_pooling() {
        use crosscheck_oracles::limits::pooling::*;
        out.push("let mut pool = wasmtime::PoolingAllocationConfig::new();".to_string());
        out.push(format!(
            "pool.total_core_instances({TOTAL}).total_memories({TOTAL}).total_tables({TOTAL}).total_gc_heaps({TOTAL});"
        ));
        out.push(format!(
            "pool.max_memories_per_module({MEMORIES_PER_MODULE}).max_tables_per_module({TABLES_PER_MODULE});"
        ));
        out.push(format!(
            "pool.max_core_instance_size({INSTANCE_BYTES}).max_memory_size({MEMORY_BYTES}).table_elements({TABLE_ELEMENTS});"
        ));
        out.push("c.allocation_strategy(wasmtime::InstanceAllocationStrategy::Pooling(pool));".to_string());
    }
    if settings.is_on("fuel") {
        out.push("c.consume_fuel(true);".to_string());
    }
    if settings.is_on("epochs") {
        out.push("c.epoch_interruption(true);".to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The export applies the Spectre, guard-before and pooling settings as the adapter does.
    #[test]
    fn new_knobs_become_config_statements() {
        let settings =
            naming::config_of("cranelift-x64:o0,spectre=off,table_spectre=off,guard_before=off,allocator=pooling")
                .expect("a configured name");
        let statements = config_statements(&settings).join("\n");
        for expected in [
            r#"c.cranelift_flag_set("enable_heap_access_spectre_mitigation", "false")"#,
            r#"c.cranelift_flag_set("enable_table_access_spectre_mitigation", "false")"#,
            "c.guard_before_linear_memory(false);",
            "pool.max_core_instance_size(16777216).max_memory_size(67108864).table_elements(1000000);",
            "c.allocation_strategy(wasmtime::InstanceAllocationStrategy::Pooling(pool));",
        ] {
            assert!(statements.contains(expected), "{expected} not in\n{statements}");
        }
        assert!(WASMTIME_FEATURES.contains(&"pooling-allocator"));
    }
}
