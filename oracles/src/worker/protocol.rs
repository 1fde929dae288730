//! The worker protocol: length-prefixed postcard messages on the worker's stdin and stdout.
//!
//! Each frame is a 4-byte little-endian length followed by that many bytes of a postcard-encoded
//! [`Request`] (harness to worker) or [`Response`] (worker to harness).

use std::cell::RefCell;
use std::io::{self, Read, Write};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::runs::{self, Runs, Sparse};

use std::sync::Arc;

use crate::{
    CallPlan, PhaseTimes, Proposal, ReadOnlyExports, Rejection, RunOptions, ScriptCommand, ScriptResult, StateSnapshot,
    StepRecord,
};

/// Largest frame accepted, in bytes (a module plus its plan, or one step with its memory).
pub const MAX_FRAME_BYTES: usize = 256 << 20;

/// The version of this protocol. A worker built from a tree with another version (another
/// crosscheck, or this one before a change of the protocol) is refused at the handshake. Raise it
/// with any change to [`Request`], [`Response`] or what they carry.
pub const PROTOCOL_VERSION: u32 = 10;

/// What a [`Hello`] starts with.
pub const HELLO_MAGIC: [u8; 8] = *b"xcheckwk";

/// The first frame each way, the harness's first: the handshake. Its layout never changes, so
/// that a worker of any build can tell its version. A worker built before the handshake existed
/// cannot decode it as a request and exits, which the harness reports as a refusal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hello {
    /// Always [`HELLO_MAGIC`].
    pub magic: [u8; 8],
    /// The sender's [`PROTOCOL_VERSION`].
    pub protocol: u32,
}

impl Hello {
    /// The hello of this build.
    pub fn ours() -> Hello {
        Hello {
            magic: HELLO_MAGIC,
            protocol: PROTOCOL_VERSION,
        }
    }

    /// Why a peer that sent `self` cannot serve this build; `None` when it can.
    pub fn mismatch(&self) -> Option<String> {
        if self.magic != HELLO_MAGIC {
            return Some("it does not speak the crosscheck worker protocol".into());
        }
        (self.protocol != PROTOCOL_VERSION).then(|| {
            format!(
                "it speaks worker protocol {}, this crosscheck {PROTOCOL_VERSION}: rebuild it from this tree",
                self.protocol
            )
        })
    }
}

/// A request from the harness.
#[derive(Debug, Serialize, Deserialize)]
pub enum Request {
    /// Build (or reuse) the engine `engine` and describe it.
    Describe {
        /// A concrete engine name.
        engine: String,
    },
    /// Run a module and its plan on `engine`; the worker answers with one [`Response::Step`] per
    /// step and then [`Response::Done`].
    Execute {
        /// A concrete engine name.
        engine: String,
        /// The module, binary (empty when `precompiled` is given).
        #[serde(with = "serde_bytes")]
        wasm: Vec<u8>,
        /// The module compiled ahead of time for this engine by the harness
        /// ([`crate::CrossCompiler`]); the worker then loads it instead of compiling `wasm`.
        precompiled: Option<Sparse>,
        /// The module's read-only exports, found by the harness ([`ReadOnlyExports::of`]).
        read_only: ReadOnlyExports,
        /// The plan.
        plan: CallPlan,
        /// When the worker sends the steps.
        delivery: Delivery,
    },
    /// Run several modules one after the other, each as an [`Request::Execute`] with
    /// [`Delivery::Batched`]: the worker answers each item with its [`Response::Step`]s and its
    /// [`Response::Done`], in order, and holds them back until the batch ends (or
    /// [`BATCH_FLUSH_AFTER`] has passed since its last write), so that a batch costs one wake-up
    /// of each process, not one per module.
    Batch {
        /// The executions, in the order they run.
        items: Vec<BatchEntry>,
    },
    /// Run a script on `engine`; the worker answers with one [`Response::ScriptResult`] per
    /// command and then [`Response::ScriptDone`].
    Script {
        /// A concrete engine name.
        engine: String,
        /// The script's commands, in order.
        commands: Vec<ScriptCommand>,
    },
    /// Compile a module ahead of time for `engine`, an engine of another architecture, with this
    /// worker's Wasmtime ([`crate::CrossCompiler`]): a worker of another build on the host compiles
    /// for that build's emulated engines (`winch-aarch64@43.0.0`), as the harness compiles for its
    /// own. The worker answers [`Response::Precompiled`], [`Response::CompileRejected`],
    /// [`Response::CompilePanicked`], or [`Response::Refused`] for an engine or configuration it
    /// cannot compile for.
    Precompile {
        /// The concrete engine, without a label, with its settings
        /// (`cranelift-aarch64:speed,regalloc=single_pass`).
        engine: String,
        /// The proposals the engine enables (its worker's description).
        proposals: Vec<Proposal>,
        /// The Cranelift ISA flags the engine's own worker detected ([`crate::native_isa_flags`]).
        isa_flags: Vec<String>,
        /// The run's options (fuel and interrupts change the generated code).
        options: RunOptions,
        /// The module, binary.
        #[serde(with = "serde_bytes")]
        wasm: Vec<u8>,
    },
}

impl Request {
    /// The engine the request runs on (a batch's first item's; `None` for an empty batch and for
    /// a compilation, which runs no engine of the worker).
    pub fn engine(&self) -> Option<&str> {
        match self {
            Request::Describe { engine } | Request::Execute { engine, .. } | Request::Script { engine, .. } => {
                Some(engine)
            }
            Request::Batch { items } => items.first().map(|item| item.engine.as_str()),
            Request::Precompile { .. } => None,
        }
    }
}

/// One execution of a [`Request::Batch`]: the fields of a [`Request::Execute`] but its delivery.
#[derive(Debug, Serialize, Deserialize)]
pub struct BatchEntry {
    /// A concrete engine name (the items of a batch may name different configurations of one
    /// engine).
    pub engine: String,
    /// The module, binary (empty when `precompiled` is given).
    #[serde(with = "serde_bytes")]
    pub wasm: Vec<u8>,
    /// The module compiled ahead of time for this engine by the harness.
    pub precompiled: Option<Sparse>,
    /// The module's read-only exports, found by the harness ([`ReadOnlyExports::of`]).
    pub read_only: ReadOnlyExports,
    /// The plan.
    pub plan: CallPlan,
}

impl BatchEntry {
    /// The execution alone, its steps sent as `delivery` says.
    pub fn execute(self, delivery: Delivery) -> Request {
        let BatchEntry {
            engine,
            wasm,
            precompiled,
            read_only,
            plan,
        } = self;
        Request::Execute {
            engine,
            wasm,
            precompiled,
            read_only,
            plan,
            delivery,
        }
    }
}

/// When a worker sends the steps of an execution.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Delivery {
    /// With [`Response::Done`], in one write, or as soon as a step ends once
    /// [`BATCH_FLUSH_AFTER`] has passed since the last write (so that a long execution still
    /// answers within the watchdog). Steps not yet written are lost if the worker dies.
    Batched,
    /// Each step as soon as it ends.
    Streamed,
}

/// How long a worker holds back the steps of a [`Delivery::Batched`] execution at most: a step
/// that ends this long after the last write is written at once, with the steps before it.
pub const BATCH_FLUSH_AFTER: std::time::Duration = std::time::Duration::from_millis(50);

/// A response from the worker.
#[derive(Debug, Serialize, Deserialize)]
pub enum Response {
    /// The engine's identity.
    Described {
        /// The engine name.
        name: String,
        /// The engine crate and version.
        version: String,
        /// The architecture it generates code for.
        arch: String,
        /// The proposals it is configured with ([`crate::Support::proposals`]).
        proposals: Vec<Proposal>,
        /// What its build compiles, per feature (protocol 8).
        support: crate::Support,
        /// The Cranelift ISA flags its host's CPU features enable ([`crate::native_isa_flags`]).
        isa_flags: Vec<String>,
    },
    /// The engine could not be built, e.g. an unknown name.
    Refused(String),
    /// One step ended. Its memories are sent empty, each described by a patch (see
    /// [`memory_patches`] and [`thicken`]); or, when its state is the previous step's
    /// ([`unchanged`]), without a state and without patches.
    Step {
        /// The step, its memories emptied; its state `None` when `same_state`.
        step: StepRecord,
        /// One patch per memory of the step's state.
        patches: Vec<MemoryPatch>,
        /// The step's state is the previous step's, whole: the receiver copies it.
        same_state: bool,
    },
    /// The execution ended.
    Done {
        /// The engine's refusal of the module, if it refused it.
        rejection: Option<Rejection>,
        /// The worker's time in each phase of this execution (its `transport` is zero).
        phases: PhaseTimes,
    },
    /// One script command ended.
    ScriptResult(ScriptResult),
    /// The script ended.
    ScriptDone,
    /// The artifact of a [`Request::Precompile`], for the engine's `Module::deserialize`.
    Precompiled(#[serde(with = "serde_bytes")] Vec<u8>),
    /// The compiler refused the module of a [`Request::Precompile`], as the engine would have.
    CompileRejected(Rejection),
    /// The compiler panicked on the module of a [`Request::Precompile`]; the message.
    CompilePanicked(String),
}

/// What a memory on the wire is a patch of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PatchBase {
    /// The same memory in the previous step of the execution (same export, same length).
    Previous,
    /// A memory of the same length holding only zeros.
    Zeros,
}

/// One exported memory of a step, sent as its differences from a base rather than whole: a step
/// usually changes a few bytes of memory, and a fresh memory is mostly zeros.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemoryPatch {
    /// The memory's index in the step's `state.memories` (sent there with empty bytes).
    pub index: u32,
    /// The memory's length, in bytes.
    pub len: u64,
    /// What the runs apply to.
    pub base: PatchBase,
    /// `(offset, bytes)` runs that differ from the base, in increasing offset order. The bytes
    /// travel as one block each, not byte by byte (`serde_bytes`).
    pub runs: Runs,
}

/// The patches that describe the memories of `step` on the wire: each against the same memory in
/// `previous` (the previous step's state) when it has the same length, or against zeros. Sent
/// with the step once [`take_memory_bytes`] has emptied its memories.
pub fn memory_patches(step: &StepRecord, previous: Option<&StateSnapshot>) -> Vec<MemoryPatch> {
    let memories = step.state.as_ref().map(|s| s.memories.as_slice()).unwrap_or_default();
    memories
        .iter()
        .enumerate()
        .map(|(i, memory)| {
            let before = previous
                .and_then(|p| p.memories.iter().find(|m| m.export == memory.export))
                .filter(|m| m.bytes.len() == memory.bytes.len());
            let (base, runs) = match before {
                Some(before) if Arc::ptr_eq(&before.bytes, &memory.bytes) => (PatchBase::Previous, Vec::new()),
                Some(before) => (PatchBase::Previous, runs::diff(&memory.bytes, Some(&before.bytes))),
                None => (PatchBase::Zeros, runs::diff(&memory.bytes, None)),
            };
            MemoryPatch {
                index: i as u32,
                len: memory.bytes.len() as u64,
                base,
                runs,
            }
        })
        .collect()
}

/// Whether `state` is `previous` again: the same memories (the same bytes, shared, and the same
/// size), globals and tables. Most steps change nothing, and such a step travels as
/// "same state" ([`Response::Step`]).
pub fn unchanged(state: &StateSnapshot, previous: &StateSnapshot) -> bool {
    state.globals == previous.globals
        && state.tables == previous.tables
        && state.memories.len() == previous.memories.len()
        && state
            .memories
            .iter()
            .zip(&previous.memories)
            .all(|(m, p)| m.export == p.export && m.pages == p.pages && Arc::ptr_eq(&m.bytes, &p.bytes))
}

/// Takes the bytes out of every memory of `step` (each is left empty, as on the wire), in order,
/// for [`put_memory_bytes_back`]: the step then travels without a copy of its memories.
pub fn take_memory_bytes(step: &mut StepRecord) -> Vec<Arc<Vec<u8>>> {
    let memories = step
        .state
        .as_mut()
        .map(|s| s.memories.as_mut_slice())
        .unwrap_or_default();
    memories.iter_mut().map(|m| std::mem::take(&mut m.bytes)).collect()
}

/// Puts back the bytes [`take_memory_bytes`] took.
pub fn put_memory_bytes_back(step: &mut StepRecord, bytes: Vec<Arc<Vec<u8>>>) {
    let memories = step
        .state
        .as_mut()
        .map(|s| s.memories.as_mut_slice())
        .unwrap_or_default();
    for (memory, bytes) in memories.iter_mut().zip(bytes) {
        memory.bytes = bytes;
    }
}

/// Restores the step of a [`Response::Step`] from the previous step's state: with `same_state`,
/// that state whole (the sender found it [`unchanged`]); otherwise its memories from `patches`
/// ([`thicken`]).
///
/// # Errors
///
/// When the step says its state is the previous step's and there is none, or as [`thicken`].
pub fn rebuild(
    step: &mut StepRecord,
    patches: &[MemoryPatch],
    same_state: bool,
    previous: Option<&StateSnapshot>,
) -> Result<(), String> {
    if !same_state {
        return thicken(step, patches, previous);
    }
    let previous = previous.ok_or("a step's state is the previous step's, and there is none")?;
    step.state = Some(previous.clone());
    Ok(())
}

/// Restores a step sent with [`memory_patches`], from the previous step's state. A memory whose patch has
/// no runs against the previous step shares its bytes (see [`crate::MemoryState::capture`]), and
/// one rebuilt from the same patch of the same bytes as an earlier one on this thread (another
/// engine's execution of the same module) shares that one's.
///
/// # Errors
///
/// When a patch names a memory that the step does not have, a previous memory that does not exist
/// or has another length, or runs that do not fit the memory.
pub fn thicken(step: &mut StepRecord, patches: &[MemoryPatch], previous: Option<&StateSnapshot>) -> Result<(), String> {
    for patch in patches {
        let memory = step
            .state
            .as_mut()
            .and_then(|s| s.memories.get_mut(patch.index as usize));
        let memory = memory.ok_or_else(|| format!("patched memory {} is not in the step", patch.index))?;
        let len = usize::try_from(patch.len).map_err(|_| format!("memory {:?} is too large", memory.export))?;
        let before = match patch.base {
            PatchBase::Zeros => None,
            PatchBase::Previous => {
                let before = previous
                    .and_then(|p| p.memories.iter().find(|m| m.export == memory.export))
                    .filter(|m| m.bytes.len() == len)
                    .ok_or_else(|| format!("memory {:?} has no previous state of {len} bytes", memory.export))?;
                if patch.runs.is_empty() {
                    memory.bytes = Arc::clone(&before.bytes);
                    continue;
                }
                Some(&before.bytes)
            }
        };
        let export = &memory.export;
        memory.bytes = super::memo::shared(before, len, &patch.runs, || {
            let mut bytes = match before {
                None => vec![0u8; len],
                Some(before) => before.as_ref().clone(),
            };
            runs::apply(&mut bytes, &patch.runs).map_err(|e| format!("memory {export:?}: {e}"))?;
            Ok(bytes)
        })?;
    }
    Ok(())
}

/// Writes one frame and flushes.
///
/// # Errors
///
/// On an I/O failure (for example the other side exited).
pub fn write_frame<W: Write, T: Serialize>(w: &mut W, message: &T) -> io::Result<()> {
    queue_frame(w, message)?;
    w.flush()
}

/// Writes one frame into `w` without flushing it (for a buffered writer, the frame may stay in
/// its buffer until the next flush).
///
/// # Errors
///
/// On an I/O failure (for example the other side exited).
pub fn queue_frame<W: Write, T: Serialize>(w: &mut W, message: &T) -> io::Result<()> {
    thread_local! {
        /// The last frame this thread encoded, kept for its capacity: encoding into a buffer that
        /// is already large enough is several times faster than into a growing one, most of all
        /// under emulation (100 bytes: 2 µs against 10 µs in an aarch64 worker under QEMU).
        static ENCODED: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }
    ENCODED.with_borrow_mut(|kept| {
        let mut frame = std::mem::take(kept);
        frame.extend_from_slice(&[0; 4]);
        let mut frame = postcard::to_extend(message, frame).map_err(io::Error::other)?;
        let len = u32::try_from(frame.len() - 4).map_err(io::Error::other)?;
        frame[..4].copy_from_slice(&len.to_le_bytes());
        let written = w.write_all(&frame);
        frame.clear();
        frame.shrink_to(KEPT_ENCODING_BYTES);
        *kept = frame;
        written
    })
}

/// Capacity kept for encoding frames, in bytes, once a larger frame (a step with a whole memory)
/// has been written.
const KEPT_ENCODING_BYTES: usize = 64 << 10;

/// Reads one frame; `Ok(None)` at a clean end of stream.
///
/// # Errors
///
/// On an I/O failure, a truncated frame, a frame over [`MAX_FRAME_BYTES`], or bytes that do not
/// decode.
pub fn read_frame<R: Read, T: DeserializeOwned>(r: &mut R) -> io::Result<Option<T>> {
    let mut len = [0u8; 4];
    match r.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let len = u32::from_le_bytes(len) as usize;
    if len > MAX_FRAME_BYTES {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("frame of {len} bytes is too large"),
        ));
    }
    let mut buf = vec![0u8; len];
    r.read_exact(&mut buf)?;
    postcard::from_bytes(&buf)
        .map(Some)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::{MemoryState, StateSnapshot, StepOutcome, Value};

    fn memory(export: &str, bytes: Vec<u8>) -> MemoryState {
        MemoryState {
            export: export.into(),
            pages: 1,
            bytes: Arc::new(bytes),
        }
    }

    #[test]
    fn memories_travel_as_patches_and_come_back_whole() {
        let first = StateSnapshot {
            memories: vec![
                memory("a", vec![1; 4096]),
                memory("b", vec![2; 4096]),
                memory("d", vec![5; 64]),
            ],
            ..Default::default()
        };
        let mut changed = vec![2u8; 4096];
        changed[100] = 9;
        changed[4095] = 8;
        let mut fresh = vec![0u8; 65536];
        fresh[70] = 1;
        let a = MemoryState::capture("a".into(), 1, &[1; 4096], Some(&first), false);
        let b = MemoryState::capture("b".into(), 1, &changed, Some(&first), false);
        let c = MemoryState::capture("c".into(), 1, &fresh, Some(&first), false);
        let d = MemoryState::capture("d".into(), 2, &[5; 128], Some(&first), false);
        let step = StepRecord {
            state: Some(StateSnapshot {
                memories: vec![a, b, c, d],
                ..Default::default()
            }),
            ..StepRecord::bare(StepOutcome::Returned(vec![]))
        };
        let patches = memory_patches(&step, Some(&first));
        let mut wire = step.clone();
        let taken = take_memory_bytes(&mut wire);
        let mut restored = wire.clone();
        put_memory_bytes_back(&mut restored, taken);
        assert_eq!(restored, step, "the bytes taken out go back where they were");
        assert!(wire.state.as_ref().unwrap().memories.iter().all(|m| m.bytes.is_empty()));
        let sent: Vec<(PatchBase, usize)> = patches
            .iter()
            .map(|p| (p.base, p.runs.iter().map(|(_, r)| r.len()).sum()))
            .collect();
        assert_eq!(
            sent,
            vec![
                (PatchBase::Previous, 0),
                (PatchBase::Previous, 2 * runs::CHUNK_BYTES),
                (PatchBase::Zeros, runs::CHUNK_BYTES),
                (PatchBase::Zeros, 128),
            ],
            "unchanged, two changed chunks, one non-zero chunk of a new memory, a grown memory whole"
        );
        let mut back = wire.clone();
        thicken(&mut back, &patches, Some(&first)).unwrap();
        assert_eq!(back, step);
        let shared = &back.state.as_ref().unwrap().memories[0].bytes;
        assert!(
            Arc::ptr_eq(shared, &first.memories[0].bytes),
            "an unchanged memory shares its bytes"
        );

        let mut out_of_range = patches.clone();
        out_of_range[0].index = 9;
        assert!(thicken(&mut wire.clone(), &out_of_range, Some(&first)).is_err());
        let mut too_long = patches.clone();
        too_long[1].runs[0].0 = 4090;
        assert!(thicken(&mut wire.clone(), &too_long, Some(&first)).is_err());
        assert!(
            thicken(&mut wire.clone(), &patches, None).is_err(),
            "a patch of a previous memory needs one"
        );
    }

    #[test]
    fn steps_round_trip_with_whole_memory() {
        let step = StepRecord {
            outcome: StepOutcome::Returned(vec![Value::F64(f64::NAN.to_bits()), Value::V128(u128::MAX)]),
            host_calls: vec![],
            fuel_left: Some(3),
            backtrace: Some(vec![4, 1]),
            state: Some(StateSnapshot {
                memories: vec![MemoryState {
                    export: "m".into(),
                    pages: 1,
                    // Larger than the encoding buffer a thread keeps, which the next frame reuses.
                    bytes: Arc::new(
                        (0..KEPT_ENCODING_BYTES as u32 + 1000)
                            .map(|i| (i % 251) as u8)
                            .collect(),
                    ),
                }],
                ..StateSnapshot::default()
            }),
        };
        let mut buf = Vec::new();
        write_frame(
            &mut buf,
            &Response::Step {
                step: step.clone(),
                patches: vec![],
                same_state: false,
            },
        )
        .unwrap();
        let phases = PhaseTimes {
            compile: std::time::Duration::from_micros(1500),
            calls: std::time::Duration::from_nanos(7),
            ..PhaseTimes::default()
        };
        let done = Response::Done {
            rejection: None,
            phases,
        };
        write_frame(&mut buf, &done).unwrap();
        let mut r = &buf[..];
        match read_frame::<_, Response>(&mut r).unwrap() {
            Some(Response::Step { step: back, .. }) => assert_eq!(back, step),
            other => panic!("{other:?}"),
        }
        match read_frame::<_, Response>(&mut r).unwrap() {
            Some(Response::Done {
                rejection: None,
                phases: back,
            }) => assert_eq!(back, phases),
            other => panic!("{other:?}"),
        }
        assert!(read_frame::<_, Response>(&mut r).unwrap().is_none());
        let plan = CallPlan {
            calls: vec![crate::PlannedCall {
                export: "f".into(),
                args: vec![Value::I32(-1), Value::F32(7)],
            }],
            seed: None,
            termination_fuel: Some(5),
            options: crate::RunOptions {
                fuel: Some(77),
                interrupts: true,
                stack_scale: 8,
            },
        };
        let read_only = ReadOnlyExports::of(&wat::parse_str(r#"(module (func (export "f")))"#).unwrap());
        assert!(read_only.contains("f"));
        let mut buf2 = Vec::new();
        write_frame(
            &mut buf2,
            &Request::Execute {
                engine: "wasmi".into(),
                wasm: vec![0, 97],
                precompiled: Some(Sparse::of(&[1, 0, 3])),
                read_only: read_only.clone(),
                plan: plan.clone(),
                delivery: Delivery::Streamed,
            },
        )
        .unwrap();
        match read_frame::<_, Request>(&mut &buf2[..]).unwrap() {
            Some(Request::Execute {
                plan: back,
                precompiled,
                read_only: read_only_back,
                delivery,
                ..
            }) => {
                assert_eq!(back, plan);
                assert_eq!(precompiled.unwrap().expand_into(&mut Vec::new()), &[1, 0, 3]);
                assert_eq!(read_only_back, read_only);
                assert_eq!(delivery, Delivery::Streamed);
            }
            other => panic!("{other:?}"),
        }
        let truncated = &buf[..6];
        assert!(read_frame::<_, Response>(&mut &truncated[..]).is_err());
    }

    #[test]
    fn a_same_state_step_takes_the_previous_state_and_needs_one() {
        let previous = StateSnapshot {
            memories: vec![memory("m", vec![7; 64])],
            ..StateSnapshot::default()
        };
        let mut step = StepRecord::bare(crate::StepOutcome::Returned(Vec::new()));
        assert!(rebuild(&mut step.clone(), &[], true, None).is_err());
        rebuild(&mut step, &[], true, Some(&previous)).unwrap();
        let state = step.state.as_ref().unwrap();
        assert!(unchanged(state, &previous));
        assert!(Arc::ptr_eq(&state.memories[0].bytes, &previous.memories[0].bytes));
    }

    #[test]
    fn memories_rebuilt_from_the_same_patch_share_their_bytes() {
        let step = |bytes: Vec<u8>| StepRecord {
            state: Some(StateSnapshot {
                memories: vec![memory("m", bytes)],
                ..Default::default()
            }),
            ..StepRecord::bare(StepOutcome::Returned(Vec::new()))
        };
        let mut data = vec![0u8; 8192];
        data[5000] = 9;
        // Two engines' instantiations of one module: the same patch against zeros.
        let (mut a, mut b) = (step(data.clone()), step(data.clone()));
        let patches = memory_patches(&a, None);
        take_memory_bytes(&mut a);
        take_memory_bytes(&mut b);
        thicken(&mut a, &patches, None).unwrap();
        thicken(&mut b, &patches, None).unwrap();
        let bytes = |s: &StepRecord| Arc::clone(&s.state.as_ref().unwrap().memories[0].bytes);
        assert_eq!(*bytes(&a), data);
        assert!(Arc::ptr_eq(&bytes(&a), &bytes(&b)), "one copy for both");

        // The same change applied to that shared memory is shared again; another change is not.
        let mut changed = data.clone();
        changed[10] = 1;
        let mut other = data.clone();
        other[10] = 2;
        let (mut a2, mut b2, mut c2) = (step(changed.clone()), step(changed.clone()), step(other.clone()));
        let same = memory_patches(&a2, a.state.as_ref());
        let different = memory_patches(&c2, a.state.as_ref());
        for s in [&mut a2, &mut b2, &mut c2] {
            take_memory_bytes(s);
        }
        thicken(&mut a2, &same, a.state.as_ref()).unwrap();
        thicken(&mut b2, &same, b.state.as_ref()).unwrap();
        thicken(&mut c2, &different, a.state.as_ref()).unwrap();
        assert_eq!(*bytes(&a2), changed);
        assert_eq!(*bytes(&c2), other);
        assert!(Arc::ptr_eq(&bytes(&a2), &bytes(&b2)));
        assert!(!Arc::ptr_eq(&bytes(&a2), &bytes(&c2)));

        // Equal bytes of another origin are not taken for the base: the memo goes by pointer.
        let copy = step(data.clone());
        let mut d2 = step(vec![0; 8192]);
        take_memory_bytes(&mut d2);
        thicken(&mut d2, &same, copy.state.as_ref()).unwrap();
        assert_eq!(*bytes(&d2), *bytes(&a2));
        assert!(!Arc::ptr_eq(&bytes(&d2), &bytes(&a2)));
    }
}
