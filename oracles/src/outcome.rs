//! What one engine observed while running a module and its call plan.

use std::borrow::Cow;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::elements::ElementRun;
use crate::{TrapKind, Value};

/// How a step (instantiation or one call) ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepOutcome {
    /// The step finished; the function's results (empty for instantiation).
    Returned(Vec<Value>),
    /// The step trapped with a canonical trap kind.
    Trapped(TrapKind),
    /// The engine failed in a way that is not a Wasm trap: an error the adapter cannot map to a
    /// [`TrapKind`], a panic, or the death of its worker process. Never equal to any other outcome.
    Crashed(String),
    /// The engine did not finish the step before the watchdog's deadline and was killed.
    Hung(String),
}

/// One call from Wasm into a host import.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostCall {
    /// `module.name` of the import: one of [`crate::host::HOST_FUNCS`]'s `import`s, borrowed, for
    /// every call an engine records. In human-readable formats (a finding's JSON) it is the name;
    /// in binary formats (the worker protocol) a host function's position in `HOST_FUNCS`, so
    /// that a step's host calls travel in a few bytes each and are read back without an
    /// allocation.
    #[serde(with = "import_name")]
    pub import: Cow<'static, str>,
    /// The arguments Wasm passed.
    pub args: Vec<Value>,
}

/// An exported linear memory after a step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemoryState {
    /// The export name (shared by every step of an execution).
    pub export: Arc<str>,
    /// The size in pages of the memory's own page size (`memory.size`).
    pub pages: u64,
    /// The whole contents, shared with the previous snapshot of the same execution when they did
    /// not change. In human-readable formats (the JSON of a finding) serialized as its length in
    /// bytes and a 64-bit FNV-1a digest; in binary formats (the worker protocol) whole.
    #[serde(with = "bytes_or_digest")]
    pub bytes: Arc<Vec<u8>>,
}

impl MemoryState {
    /// The state of memory `export` holding `data`, sharing the bytes of the same memory in
    /// `previous` when they are equal, so that a run's unchanged memory is stored once. With
    /// `kept` (the caller knows the step did not change the memory) the bytes are not compared:
    /// they are `previous`'s when its memory has the same size in pages and bytes.
    pub fn capture(
        export: Arc<str>,
        pages: u64,
        data: &[u8],
        previous: Option<&StateSnapshot>,
        kept: bool,
    ) -> MemoryState {
        let same = previous
            .and_then(|p| p.memories.iter().find(|m| m.export == export))
            .filter(|m| {
                if kept {
                    m.pages == pages && m.bytes.len() == data.len()
                } else {
                    crate::bytes::same(&m.bytes, data)
                }
            });
        let bytes = match same {
            Some(m) => Arc::clone(&m.bytes),
            None => Arc::new(data.to_vec()),
        };
        MemoryState { export, pages, bytes }
    }
}

/// An exported global after a step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GlobalState {
    /// The export name (shared by every step of an execution).
    pub export: Arc<str>,
    /// The current value.
    pub value: Value,
}

/// An exported table after a step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableState {
    /// The export name (shared by every step of an execution).
    pub export: Arc<str>,
    /// The size in elements.
    pub size: u64,
    /// The elements, in index order, as runs of equal neighbours (their counts add up to `size`;
    /// empty in a finding stored before elements were recorded).
    #[serde(default)]
    pub elements: Vec<ElementRun>,
}

/// The observable state of an instance: its exported memories, globals and tables, each list in
/// export order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateSnapshot {
    /// Exported memories.
    pub memories: Vec<MemoryState>,
    /// Exported globals.
    pub globals: Vec<GlobalState>,
    /// Exported tables.
    pub tables: Vec<TableState>,
}

/// Everything observed for one step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRecord {
    /// How the step ended.
    pub outcome: StepOutcome,
    /// The host calls the step made, in order.
    pub host_calls: Vec<HostCall>,
    /// The instance's state after the step; `None` when the step crashed or when there is no
    /// instance (instantiation trapped).
    pub state: Option<StateSnapshot>,
    /// Engine fuel left after the step, in fuel units, when the engine meters fuel for this run.
    #[serde(default)]
    pub fuel_left: Option<u64>,
    /// On a trap, the Wasm frames as function indices, innermost first, when the engine reports
    /// them (Wasmtime).
    #[serde(default)]
    pub backtrace: Option<Vec<u32>>,
}

impl StepRecord {
    /// A record with `outcome` and nothing else observed.
    pub fn bare(outcome: StepOutcome) -> StepRecord {
        StepRecord {
            outcome,
            host_calls: Vec::new(),
            state: None,
            fuel_left: None,
            backtrace: None,
        }
    }
}

/// Why an engine did not run a module at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RejectionKind {
    /// The engine says it does not implement something the module uses (a known limitation, e.g.
    /// a Winch instruction not implemented on this ISA). The module is discarded and counted.
    Unsupported,
    /// A resource limit: an allocation failed or a store limit was hit at instantiation. Discarded
    /// and counted (docs/design.md, "What is excluded, and why": resource limits).
    ResourceLimit,
    /// Any other compile, link or instantiation error. When other engines accept the module this is
    /// a `crash` divergence.
    Error,
}

/// An engine's refusal to compile, link or instantiate a module.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejection {
    /// The category of the refusal.
    pub kind: RejectionKind,
    /// The engine's message.
    pub message: String,
}

/// The result of running one module and its plan on one engine.
///
/// `steps[0]` is instantiation and `steps[i + 1]` is `plan.calls[i]`. The list stops early after a
/// step that crashed, or after instantiation trapped. It is empty when the engine rejected the
/// module.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Execution {
    /// Set when the engine did not run the module.
    pub rejection: Option<Rejection>,
    /// The steps that ran.
    pub steps: Vec<StepRecord>,
}

/// 64-bit FNV-1a of `bytes` (Fowler, Noll, Vo; the public-domain reference parameters).
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// A host call's import: its name in human-readable formats, in binary ones its host function's
/// position in [`crate::host::HOST_FUNCS`] (or its name, for an import that is none of them).
mod import_name {
    use std::borrow::Cow;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::host_funcs::HOST_FUNCS;

    /// An import on the wire.
    #[derive(Serialize, Deserialize)]
    enum Wire {
        /// `HOST_FUNCS[i]`.
        Host(u8),
        /// Any other import, by name.
        Other(String),
    }

    #[expect(clippy::ptr_arg, reason = "serde's `with` hands the field itself")]
    pub fn serialize<S: Serializer>(import: &Cow<'static, str>, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            return s.serialize_str(import);
        }
        let known = HOST_FUNCS.iter().position(|f| f.import == import.as_ref());
        match known.and_then(|i| u8::try_from(i).ok()) {
            Some(i) => Wire::Host(i),
            None => Wire::Other(import.to_string()),
        }
        .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Cow<'static, str>, D::Error> {
        if d.is_human_readable() {
            return String::deserialize(d).map(Cow::Owned);
        }
        match Wire::deserialize(d)? {
            Wire::Host(i) => HOST_FUNCS
                .get(usize::from(i))
                .map(|f| Cow::Borrowed(f.import))
                .ok_or_else(|| serde::de::Error::custom(format!("no host function {i}"))),
            Wire::Other(name) => Ok(Cow::Owned(name)),
        }
    }
}

/// Memory contents: whole in binary formats, a digest in human-readable ones.
mod bytes_or_digest {
    use serde::de::Error as _;
    use serde::ser::SerializeStruct;
    use std::sync::Arc;

    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &Arc<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
        if !s.is_human_readable() {
            return s.serialize_bytes(bytes);
        }
        let mut st = s.serialize_struct("Digest", 2)?;
        st.serialize_field("len", &bytes.len())?;
        st.serialize_field("fnv1a64", &format!("{:016x}", super::fnv1a64(bytes.as_slice())))?;
        st.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Arc<Vec<u8>>, D::Error> {
        if d.is_human_readable() {
            return Err(D::Error::custom("memory contents are stored as a digest only"));
        }
        byte_buf(d).map(Arc::new)
    }

    fn byte_buf<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Vec<u8>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("memory bytes")
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Vec<u8>, E> {
                Ok(v.to_vec())
            }
            fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<Vec<u8>, E> {
                Ok(v)
            }
        }
        d.deserialize_byte_buf(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_imports_travel_as_positions_and_are_stored_as_names() {
        let calls = vec![
            HostCall {
                import: Cow::Borrowed(crate::host_funcs::HOST_FUNCS[1].import),
                args: vec![Value::I64(-3)],
            },
            HostCall {
                import: Cow::Owned("env.other".into()),
                args: Vec::new(),
            },
        ];
        let wire = postcard::to_allocvec(&calls).unwrap();
        let back: Vec<HostCall> = postcard::from_bytes(&wire).unwrap();
        assert_eq!(back, calls);
        assert!(matches!(back[0].import, Cow::Borrowed("host.log_i64")));
        let one = postcard::to_allocvec(&calls[0]).unwrap();
        assert!(one.len() < "host.log_i64".len(), "{} bytes", one.len());
        let json = serde_json::to_string(&calls).unwrap();
        assert!(json.contains(r#""import":"host.log_i64""#), "{json}");
        let stored: Vec<HostCall> = serde_json::from_str(&json).unwrap();
        assert_eq!(stored, calls);
    }
}
