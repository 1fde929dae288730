//! What one engine observed while running a module and its call plan.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

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
    /// `module.name` of the import.
    pub import: String,
    /// The arguments Wasm passed.
    pub args: Vec<Value>,
}

/// An exported linear memory after a step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemoryState {
    /// The export name.
    pub export: String,
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
        export: String,
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
    /// The export name.
    pub export: String,
    /// The current value.
    pub value: Value,
}

/// An exported table after a step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableState {
    /// The export name.
    pub export: String,
    /// The size in elements.
    pub size: u64,
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
