//! The host functions generated modules may import: their names and signatures. Kept apart from
//! their behaviour ([`crate::host`]) so that the outcome types can name them without a cycle.

use crate::ValType;

/// The import module name of every host function.
pub const HOST_MODULE: &str = "host";

/// A host function's name and signature.
#[derive(Debug)]
pub struct HostFunc {
    /// The import field name.
    pub name: &'static str,
    /// `host.name`: [`HOST_MODULE`], a dot, and the field name, as host calls record it.
    pub import: &'static str,
    /// Parameter types.
    pub params: &'static [ValType],
    /// Result types.
    pub results: &'static [ValType],
}

use ValType::{F32, F64, I32, I64};

/// Every host function, in a fixed order.
pub const HOST_FUNCS: &[HostFunc] = &[
    HostFunc {
        name: "log_i32",
        import: "host.log_i32",
        params: &[I32],
        results: &[],
    },
    HostFunc {
        name: "log_i64",
        import: "host.log_i64",
        params: &[I64],
        results: &[],
    },
    HostFunc {
        name: "log_f32",
        import: "host.log_f32",
        params: &[F32],
        results: &[],
    },
    HostFunc {
        name: "log_f64",
        import: "host.log_f64",
        params: &[F64],
        results: &[],
    },
    HostFunc {
        name: "next_i32",
        import: "host.next_i32",
        params: &[],
        results: &[I32],
    },
    HostFunc {
        name: "mix_i64",
        import: "host.mix_i64",
        params: &[I64, I32],
        results: &[I64],
    },
    HostFunc {
        name: "scale_f64",
        import: "host.scale_f64",
        params: &[F64],
        results: &[F64],
    },
    HostFunc {
        name: "pair",
        import: "host.pair",
        params: &[I32, I64],
        results: &[I64, I32],
    },
    HostFunc {
        name: "assert_positive",
        import: "host.assert_positive",
        params: &[I32],
        results: &[],
    },
    HostFunc {
        name: CALLBACK,
        import: "host.call_back",
        params: &[I32],
        results: &[I32],
    },
];

/// The host function that calls back into the instance: `host.call_back(x)` calls the
/// instance's callback target (the first exported function, by export name, of type
/// `[i32] -> [i32]`) with `x` and returns its result, or traps with its trap. Without a target,
/// or nested deeper than [`MAX_CALLBACK_DEPTH`], it returns a deterministic value like the other
/// host functions. It makes calls cross the host-to-wasm and wasm-to-host trampolines both ways.
pub const CALLBACK: &str = "call_back";

/// How deeply `host.call_back` nests calls into Wasm.
pub const MAX_CALLBACK_DEPTH: u32 = 4;
