//! The deterministic host imports every engine provides to generated modules.
//!
//! A module may import any function of [`HOST_FUNCS`] from the module [`HOST_MODULE`]. Each host
//! function computes its results from its name, its arguments and how many host calls the instance
//! has made so far, so all engines get the same results for the same sequence of calls; the
//! sequence itself is recorded and compared (class `host-calls`).

use std::borrow::Cow;

pub use crate::host_funcs::{CALLBACK, HOST_FUNCS, HOST_MODULE, HostFunc, MAX_CALLBACK_DEPTH};
use crate::{HostCall, ValType, Value};
use ValType::{F32, F64, I32, I64};

/// The error of a host function that traps: `host.assert_positive` given a negative argument.
/// Adapters report it as [`crate::TrapKind::HostTrap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HostTrap;

impl std::fmt::Display for HostTrap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("host.assert_positive: negative argument")
    }
}

impl std::error::Error for HostTrap {}

/// The host-call log of one instance.
#[derive(Debug, Default)]
pub struct HostLog {
    calls: Vec<HostCall>,
    total: u64,
    callback_depth: u32,
}

impl HostLog {
    /// Records a call of `func` with `args` and returns its results, one per result type.
    ///
    /// # Errors
    ///
    /// [`HostTrap`] when `func` is `assert_positive` and its argument is negative; the call is
    /// recorded all the same.
    pub fn call(&mut self, func: &HostFunc, args: &[Value]) -> Result<Vec<Value>, HostTrap> {
        self.total += 1;
        self.calls.push(HostCall {
            import: Cow::Borrowed(func.import),
            args: args.to_vec(),
        });
        if func.name == "assert_positive" && matches!(args, [Value::I32(x)] if *x < 0) {
            return Err(HostTrap);
        }
        let mut h = seed_hash(func.name, self.total);
        for arg in args {
            h = mix(h, value_bits(arg));
        }
        Ok(func
            .results
            .iter()
            .enumerate()
            .map(|(i, ty)| result_value(*ty, mix(h, i as u64), args))
            .collect())
    }

    /// Whether `host.call_back` may call into Wasm now; if it may, the nesting counts until
    /// [`HostLog::end_callback`].
    pub fn begin_callback(&mut self) -> bool {
        let allowed = self.callback_depth < MAX_CALLBACK_DEPTH;
        self.callback_depth += u32::from(allowed);
        allowed
    }

    /// Ends a callback that [`HostLog::begin_callback`] allowed.
    pub fn end_callback(&mut self) {
        self.callback_depth = self.callback_depth.saturating_sub(1);
    }

    /// Takes the calls recorded since the last `take`.
    pub fn take(&mut self) -> Vec<HostCall> {
        std::mem::take(&mut self.calls)
    }
}

/// A module in the text format that imports every host function (only those with at most one
/// result unless `multi_value`) and every item of `providers` ([`crate::provider`]); wasm-smith
/// draws the imports of generated modules from it.
pub fn host_imports_wat(multi_value: bool, providers: &[&crate::provider::Provider]) -> String {
    let mut text = String::from("(module\n");
    for p in providers {
        text.push_str(&p.import_lines());
    }
    for f in HOST_FUNCS.iter().filter(|f| multi_value || f.results.len() <= 1) {
        let params: Vec<&str> = f.params.iter().map(|t| wat_type(*t)).collect();
        let results: Vec<&str> = f.results.iter().map(|t| wat_type(*t)).collect();
        text.push_str(&format!(
            "  (import \"{HOST_MODULE}\" \"{}\" (func (param {}) (result {})))\n",
            f.name,
            params.join(" "),
            results.join(" ")
        ));
    }
    text.push(')');
    text
}

fn wat_type(ty: ValType) -> &'static str {
    match ty {
        I32 => "i32",
        I64 => "i64",
        F32 => "f32",
        F64 => "f64",
        ValType::V128 => "v128",
        ValType::Ref(_) => "externref",
    }
}

/// The hash a host function's results start from: its name's FNV-1a digest mixed with the number of
/// host calls the instance has made, this one included.
pub fn seed_hash(name: &str, total: u64) -> u64 {
    mix(crate::outcome::fnv1a64(name.as_bytes()), total)
}

/// Mixes `x` into the hash `h`: SplitMix64's finalizer of `h ^ (x + golden ratio)` (Steele, Lea,
/// Flood, "Fast splittable pseudorandom number generators").
pub fn mix(h: u64, x: u64) -> u64 {
    let mut z = h ^ x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The 64 bits of `v` that host functions hash: integers zero-extended, any NaN folded to the
/// canonical one, a `v128` as its two halves xor-ed, a reference as whether it is null.
pub fn value_bits(v: &Value) -> u64 {
    match *v {
        Value::I32(x) => x as u32 as u64,
        Value::I64(x) => x as u64,
        // Any NaN is folded to one pattern: payloads are not part of the comparison.
        Value::F32(x) if f32::from_bits(x).is_nan() => 0x7fc0_0000,
        Value::F32(x) => x as u64,
        Value::F64(x) if f64::from_bits(x).is_nan() => 0x7ff8_0000_0000_0000,
        Value::F64(x) => x,
        Value::V128(x) => (x as u64) ^ ((x >> 64) as u64),
        Value::Ref { null, .. } => null as u64,
    }
}

fn result_value(ty: ValType, h: u64, args: &[Value]) -> Value {
    match ty {
        I32 => Value::I32(h as i32),
        I64 => Value::I64(h as i64),
        F32 => Value::F32((h as i16 as f32).to_bits()),
        F64 => {
            // `scale_f64` halves its argument; NaN results are canonical so memory stays deterministic.
            let x = match args.first() {
                Some(Value::F64(bits)) => f64::from_bits(*bits) * 0.5,
                _ => h as i32 as f64,
            };
            Value::F64(if x.is_nan() { f64::NAN.to_bits() } else { x.to_bits() })
        }
        other => Value::zero(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host_func(name: &str) -> Option<&'static HostFunc> {
        HOST_FUNCS.iter().find(|f| f.name == name)
    }

    #[test]
    fn results_depend_on_arguments_and_call_order_only() {
        let mix = host_func("mix_i64").unwrap();
        let args = [Value::I64(7), Value::I32(3)];
        let (mut a, mut b) = (HostLog::default(), HostLog::default());
        let first = a.call(mix, &args);
        assert_eq!(first, b.call(mix, &args));
        assert_ne!(first, a.call(mix, &args), "the second call must differ from the first");
        assert_ne!(b.call(mix, &[Value::I64(8), Value::I32(3)]), a.call(mix, &args));
        let assert_positive = host_func("assert_positive").unwrap();
        assert_eq!(a.call(assert_positive, &[Value::I32(0)]), Ok(vec![]));
        assert_eq!(a.call(assert_positive, &[Value::I32(-1)]), Err(HostTrap));
        assert_eq!(a.take().len(), 5, "a trapping host call is recorded too");
        assert!((0..MAX_CALLBACK_DEPTH).all(|_| a.begin_callback()));
        assert!(!a.begin_callback(), "nesting is bounded");
        a.end_callback();
        assert!(a.begin_callback());
        assert!(a.take().is_empty());
    }

    #[test]
    fn each_import_is_the_module_and_the_name() {
        for f in HOST_FUNCS {
            assert_eq!(f.import, format!("{HOST_MODULE}.{}", f.name));
        }
    }

    #[test]
    fn nan_arguments_give_canonical_results() {
        let scale = host_func("scale_f64").unwrap();
        let out = HostLog::default().call(scale, &[Value::F64(0x7ff0_0000_0000_0001)]);
        assert_eq!(out, Ok(vec![Value::F64(f64::NAN.to_bits())]));
    }

    #[test]
    fn import_menu_parses() {
        let providers = crate::provider::PROVIDERS;
        let wasm = wat::parse_str(host_imports_wat(true, providers)).unwrap();
        let imports = wasmparser::Parser::new(0)
            .parse_all(&wasm)
            .filter_map(|p| match p.unwrap() {
                wasmparser::Payload::ImportSection(s) => Some(s.count()),
                _ => None,
            })
            .sum::<u32>();
        let items: usize = providers.iter().map(|p| p.items.len()).sum();
        assert_eq!(imports as usize, HOST_FUNCS.len() + items);
        assert!(!host_imports_wat(false, &[]).contains("pair"));
        assert!(!host_imports_wat(false, &[]).contains("provider"));
    }
}
