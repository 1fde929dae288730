//! The host imports of [`crosscheck_oracles::host`] as a WebAssembly module, so that a `.wast`
//! script can provide them with `register`: every function computes the same results as the
//! harness's host, and the module keeps a count and a digest of the calls (its exported globals
//! `calls` and `trace`), so the script can assert the host-call sequence.
//!
//! `call_back` calls the function in slot 0 of the module's exported table `callbacks`, which the
//! script fills after instantiating the reproducer with its callback target ([`callback_target`]),
//! nesting at most [`MAX_CALLBACK_DEPTH`] deep like the harness. A trap out of a callback leaves the
//! nesting count raised, so the script calls the module's `reset` after every trapping call.
//!
//! The one difference: `assert_positive` of a negative argument executes `unreachable`, so the
//! script sees the trap `unreachable` where the harness reports `host-trap`.

use anyhow::{Result, bail};
use crosscheck_oracles::host::{CALLBACK, HOST_FUNCS, HOST_MODULE, HostFunc, MAX_CALLBACK_DEPTH, mix, value_bits};
use crosscheck_oracles::outcome::fnv1a64;
use crosscheck_oracles::{HostCall, ValType};
use wasmparser::{CompositeInnerType, ExternalKind, FuncType, Parser, Payload, TypeRef, ValType as WasmType};

/// The script's name of the host instance.
pub const HOST_ID: &str = "$host";

/// The digest `trace` holds after `calls`, starting from `trace`: for each call, the FNV-1a digest
/// of the function's name, then each argument's bits ([`value_bits`]), mixed in with [`mix`].
pub fn trace(mut trace: u64, calls: &[HostCall]) -> u64 {
    for call in calls {
        let name = call
            .import
            .strip_prefix(&format!("{HOST_MODULE}."))
            .unwrap_or(&call.import);
        trace = mix(trace, fnv1a64(name.as_bytes()));
        for arg in &call.args {
            trace = mix(trace, value_bits(arg));
        }
    }
    trace
}

/// The field names of the module's imports from [`HOST_MODULE`]; imports from a provider
/// ([`crosscheck_oracles::provider`]) are left out: the exports declare the provider apart.
///
/// # Errors
///
/// An import from any other module, which no script provides.
pub fn imports(wasm: &[u8]) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        if let Payload::ImportSection(reader) = payload? {
            for import in reader.into_imports() {
                let import = import?;
                if !crosscheck_oracles::provider::imported([import.module]).is_empty() {
                    continue;
                }
                if import.module != HOST_MODULE || !matches!(import.ty, TypeRef::Func(_) | TypeRef::FuncExact(_)) {
                    bail!(
                        "the module imports {}.{}, which no script provides",
                        import.module,
                        import.name
                    );
                }
                names.push(import.name.to_string());
            }
        }
    }
    Ok(names)
}

/// The export name of the `host.call_back` target of `wasm`: the first exported function, by
/// export name, of type `[i32] -> [i32]` (as the engine adapters choose it), if any.
///
/// # Errors
///
/// When `wasm` cannot be parsed.
pub fn callback_target(wasm: &[u8]) -> Result<Option<String>> {
    let mut types: Vec<Option<FuncType>> = Vec::new();
    let mut funcs: Vec<u32> = Vec::new();
    let mut exports: Vec<(String, u32)> = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        match payload? {
            Payload::TypeSection(reader) => {
                for group in reader {
                    for sub in group?.into_types() {
                        types.push(match sub.composite_type.inner {
                            CompositeInnerType::Func(f) => Some(f),
                            _ => None,
                        });
                    }
                }
            }
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    if let TypeRef::Func(t) | TypeRef::FuncExact(t) = import?.ty {
                        funcs.push(t);
                    }
                }
            }
            Payload::FunctionSection(reader) => {
                for t in reader {
                    funcs.push(t?);
                }
            }
            Payload::ExportSection(reader) => {
                for e in reader {
                    let e = e?;
                    if e.kind == ExternalKind::Func {
                        exports.push((e.name.to_string(), e.index));
                    }
                }
            }
            _ => {}
        }
    }
    exports.sort();
    let i32_to_i32 = |f: u32| {
        let ty = funcs
            .get(f as usize)
            .and_then(|t| types.get(*t as usize))
            .and_then(Option::as_ref);
        ty.is_some_and(|t| t.params() == [WasmType::I32] && t.results() == [WasmType::I32])
    };
    Ok(exports.into_iter().find(|(_, f)| i32_to_i32(*f)).map(|(name, _)| name))
}

/// The host module in the text format, with the functions `imported` (field names of
/// [`HOST_MODULE`] imports of the reproducer).
///
/// # Errors
///
/// A host function with a value type the text cannot spell here (none today).
pub fn wat(imported: &[String]) -> Result<String> {
    let mut text = format!(
        "(module {HOST_ID}\n  (global $calls (export \"calls\") (mut i64) (i64.const 0))\n  \
         (global $trace (export \"trace\") (mut i64) (i64.const 0))\n"
    );
    if imported.iter().any(|f| f == CALLBACK) {
        text.push_str(
            "  (global $depth (mut i32) (i32.const 0))\n  \
             (global $target_set (export \"target_set\") (mut i32) (i32.const 0))\n  \
             (table (export \"callbacks\") 1 funcref)\n  \
             (type $callback (func (param i32) (result i32)))\n  \
             (func (export \"reset\") (global.set $depth (i32.const 0)))\n",
        );
    }
    text.push_str(MIX);
    for f in HOST_FUNCS.iter().filter(|f| imported.iter().any(|i| i == f.name)) {
        text.push_str(&function(f)?);
    }
    text.push(')');
    Ok(text)
}

/// The module that puts `target`, an export of the reproducer registered as `registered_as`, into
/// the host module's `callbacks` table and sets its `target_set` (MVP instructions only, so that
/// every engine runs it).
pub fn callback_link(registered_as: &str, target: &str) -> String {
    let host = super::literal::string(HOST_MODULE);
    format!(
        "(module\n  (import {host} \"callbacks\" (table 1 funcref))\n  \
         (import {host} \"target_set\" (global $set (mut i32)))\n  \
         (import {} {} (func $target (param i32) (result i32)))\n  \
         (elem (i32.const 0) func $target)\n  \
         (func $start (global.set $set (i32.const 1)))\n  (start $start))\n",
        super::literal::string(registered_as),
        super::literal::string(target)
    )
}

/// [`mix`] in WebAssembly.
const MIX: &str = "  (func $mix (param $h i64) (param $x i64) (result i64) (local $z i64)
    (local.set $z (i64.xor (local.get $h) (i64.add (local.get $x) (i64.const 0x9e3779b97f4a7c15))))
    (local.set $z (i64.mul (i64.xor (local.get $z) (i64.shr_u (local.get $z) (i64.const 30))) (i64.const 0xbf58476d1ce4e5b9)))
    (local.set $z (i64.mul (i64.xor (local.get $z) (i64.shr_u (local.get $z) (i64.const 27))) (i64.const 0x94d049bb133111eb)))
    (i64.xor (local.get $z) (i64.shr_u (local.get $z) (i64.const 31))))
";

fn function(f: &HostFunc) -> Result<String> {
    let name_hash = fnv1a64(f.name.as_bytes()) as i64;
    let params: Vec<&str> = f.params.iter().map(|t| type_name(*t)).collect::<Result<_>>()?;
    let results: Vec<&str> = f.results.iter().map(|t| type_name(*t)).collect::<Result<_>>()?;
    let mut body = String::new();
    body.push_str("    (global.set $calls (i64.add (global.get $calls) (i64.const 1)))\n");
    body.push_str(&format!(
        "    (global.set $trace (call $mix (global.get $trace) (i64.const {name_hash})))\n"
    ));
    for (i, ty) in f.params.iter().enumerate() {
        body.push_str(&format!(
            "    (global.set $trace (call $mix (global.get $trace) {}))\n",
            bits(*ty, i)
        ));
    }
    if f.name == CALLBACK {
        body.push_str(&format!(
            "    (if (i32.and (i32.lt_u (global.get $depth) (i32.const {MAX_CALLBACK_DEPTH})) \
             (global.get $target_set))\n      \
             (then\n        (global.set $depth (i32.add (global.get $depth) (i32.const 1)))\n        \
             (local.set $h (i64.extend_i32_u (call_indirect (type $callback) (local.get 0) (i32.const 0))))\n        \
             (global.set $depth (i32.sub (global.get $depth) (i32.const 1)))\n        \
             (return (i32.wrap_i64 (local.get $h)))))\n"
        ));
    }
    if f.name == "assert_positive" {
        body.push_str("    (if (i32.lt_s (local.get 0) (i32.const 0)) (then unreachable))\n");
    }
    body.push_str(&format!(
        "    (local.set $h (call $mix (i64.const {name_hash}) (global.get $calls)))\n"
    ));
    for (i, ty) in f.params.iter().enumerate() {
        body.push_str(&format!(
            "    (local.set $h (call $mix (local.get $h) {}))\n",
            bits(*ty, i)
        ));
    }
    for (j, ty) in f.results.iter().enumerate() {
        let h = format!("(call $mix (local.get $h) (i64.const {j}))");
        body.push_str(&format!(
            "    {}\n",
            result(*ty, &h, f.params.first() == Some(&ValType::F64))
        ));
    }
    let clause = |keyword: &str, types: &[&str]| {
        if types.is_empty() {
            String::new()
        } else {
            format!(" ({keyword} {})", types.join(" "))
        }
    };
    Ok(format!(
        "  (func (export \"{}\"){}{} (local $h i64)\n{body}  )\n",
        f.name,
        clause("param", &params),
        clause("result", &results)
    ))
}

fn type_name(ty: ValType) -> Result<&'static str> {
    Ok(match ty {
        ValType::I32 => "i32",
        ValType::I64 => "i64",
        ValType::F32 => "f32",
        ValType::F64 => "f64",
        other => bail!("host functions with {other:?} values cannot be written as a module"),
    })
}

/// [`value_bits`] of parameter `i` of type `ty`, as an `i64` expression.
fn bits(ty: ValType, i: usize) -> String {
    match ty {
        ValType::I32 => format!("(i64.extend_i32_u (local.get {i}))"),
        ValType::F32 => format!(
            "(select (i64.const 0x7fc00000) (i64.extend_i32_u (i32.reinterpret_f32 (local.get {i}))) \
             (f32.ne (local.get {i}) (local.get {i})))"
        ),
        ValType::F64 => format!(
            "(select (i64.const 0x7ff8000000000000) (i64.reinterpret_f64 (local.get {i})) \
             (f64.ne (local.get {i}) (local.get {i})))"
        ),
        _ => format!("(local.get {i})"),
    }
}

/// A result of type `ty` from the hash expression `h`; an `f64` result halves an `f64` first
/// argument (canonical NaN for NaN), as the harness's host does.
fn result(ty: ValType, h: &str, halves_first: bool) -> String {
    match ty {
        ValType::I32 => format!("(i32.wrap_i64 {h})"),
        ValType::F32 => format!("(f32.convert_i32_s (i32.extend16_s (i32.wrap_i64 {h})))"),
        ValType::F64 if halves_first => "(select (f64.const nan) (f64.mul (local.get 0) (f64.const 0.5)) \
             (f64.ne (local.get 0) (local.get 0)))"
            .into(),
        ValType::F64 => format!("(f64.convert_i32_s (i32.wrap_i64 {h}))"),
        _ => h.to_string(),
    }
}
