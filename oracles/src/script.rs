//! The script vocabulary: the engine-side commands of a WebAssembly script (`.wast`) and what an
//! engine reports for each. Engines only report what happened; the harness judges it.
//!
//! Every engine provides the `spectest` host module of the specification's reference interpreter
//! to script modules: no-op `print*` functions, the constant globals `global_i32` and `global_i64`
//! (666), `global_f32` and `global_f64` (666.6), the table `table` (10 to 20 funcref elements) and
//! the memory `memory` (1 to 2 pages).

use serde::{Deserialize, Serialize};

use crate::{TrapKind, Value};

/// The import module name of the specification's host module.
pub const SPECTEST_MODULE: &str = "spectest";

/// The value of the spectest integer globals.
pub const SPECTEST_INT: i32 = 666;

/// The value of the spectest float globals.
pub const SPECTEST_FLOAT: f64 = 666.6;

/// The spectest table's initial and maximum size, in elements.
pub const SPECTEST_TABLE: (u32, u32) = (10, 20);

/// The spectest memory's initial and maximum size, in 64 KiB pages.
pub const SPECTEST_MEMORY: (u32, u32) = (1, 2);

/// The spectest `print*` functions and their parameter types.
pub const SPECTEST_PRINTS: &[(&str, &[crate::ValType])] = {
    use crate::ValType::{F32, F64, I32, I64};
    &[
        ("print", &[]),
        ("print_i32", &[I32]),
        ("print_i64", &[I64]),
        ("print_f32", &[F32]),
        ("print_f64", &[F64]),
        ("print_i32_f32", &[I32, F32]),
        ("print_f64_f64", &[F64, F64]),
    ]
};

/// A value passed to or returned by a script's invocation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScriptValue {
    /// A number, a vector or a null reference.
    Value(Value),
    /// A non-null `externref` to the host value `n` (the script's `ref.extern n`).
    Extern(u32),
    /// A non-null `anyref` that internalizes the host value `n` (the script's `ref.host n`).
    Host(u32),
    /// A non-null reference made by Wasm code, known only by its kind (results only).
    Ref(RefKind),
}

/// The kind of a non-null reference that is not a host value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RefKind {
    /// A function reference.
    Func,
    /// An `externref` that holds no host value (e.g. from `extern.convert_any`).
    Extern,
    /// An `i31ref`.
    I31,
    /// A struct reference.
    Struct,
    /// An array reference.
    Array,
    /// Another `anyref`.
    Any,
    /// An exception reference.
    Exn,
}

/// One engine-side command of a script. Modules are named by the script's `$id`s; `None` means
/// the most recently instantiated module.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScriptCommand {
    /// Compile and instantiate `wasm`; on success it becomes the current module (and `name`
    /// names it), on failure there is no current module.
    Module {
        /// The module, binary.
        wasm: Vec<u8>,
        /// The script's name for the instance, e.g. `$M`.
        name: Option<String>,
    },
    /// Compile and instantiate `wasm` without making it current or naming it (for
    /// `assert_unlinkable` and `assert_trap` on a module).
    Instantiate {
        /// The module, binary.
        wasm: Vec<u8>,
    },
    /// Compile `wasm` without instantiating it (for `assert_invalid` and `assert_malformed`).
    Compile {
        /// The module, binary.
        wasm: Vec<u8>,
    },
    /// Make a module's exports importable under the module name `as_name`.
    Register {
        /// The module, or the current one.
        module: Option<String>,
        /// The import module name.
        as_name: String,
    },
    /// Call an exported function.
    Invoke {
        /// The module, or the current one.
        module: Option<String>,
        /// The export name.
        export: String,
        /// The arguments.
        args: Vec<ScriptValue>,
    },
    /// Read an exported global.
    Get {
        /// The module, or the current one.
        module: Option<String>,
        /// The export name.
        global: String,
    },
}

/// What an engine reports for one [`ScriptCommand`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScriptResult {
    /// The module compiled (and instantiated, for `Module`/`Instantiate`), or was registered.
    Done,
    /// The invocation returned these values (or `Get` read this one value).
    Returned(Vec<ScriptValue>),
    /// Execution trapped; `kind` is `None` for a trap outside [`TrapKind`]. Stack exhaustion is
    /// [`TrapKind::StackOverflow`].
    Trapped {
        /// The canonical kind.
        kind: Option<TrapKind>,
        /// The engine's message.
        message: String,
    },
    /// The engine refused to compile the module (decoding or validation error).
    CompileError(String),
    /// Instantiation failed without a trap (a missing or mismatched import).
    LinkError(String),
    /// The engine does not implement what the command needs (e.g. a Winch gap).
    Unsupported(String),
    /// The command could not run: no such module, export or argument type.
    Refused(String),
    /// The engine (or its worker) crashed, hung or panicked; later commands did not run.
    Crashed(String),
}

/// Where an engine delivers each command's result as soon as the command has ended.
pub type ScriptSink<'a> = dyn FnMut(ScriptResult) + Send + 'a;
