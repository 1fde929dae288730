//! The worker protocol: length-prefixed postcard messages on the worker's stdin and stdout.
//!
//! Each frame is a 4-byte little-endian length followed by that many bytes of a postcard-encoded
//! [`Request`] (harness to worker) or [`Response`] (worker to harness).

use std::io::{self, Read, Write};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use std::sync::Arc;

use crate::{CallPlan, Proposal, Rejection, ScriptCommand, ScriptResult, StateSnapshot, StepRecord};

/// Largest frame accepted, in bytes (a module plus its plan, or one step with its memory).
pub const MAX_FRAME_BYTES: usize = 256 << 20;

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
        wasm: Vec<u8>,
        /// The module compiled ahead of time for this engine by the harness
        /// ([`crate::CrossCompiler`]); the worker then loads it instead of compiling `wasm`.
        precompiled: Option<Vec<u8>>,
        /// The plan.
        plan: CallPlan,
    },
    /// Run a script on `engine`; the worker answers with one [`Response::ScriptResult`] per
    /// command and then [`Response::ScriptDone`].
    Script {
        /// A concrete engine name.
        engine: String,
        /// The script's commands, in order.
        commands: Vec<ScriptCommand>,
    },
}

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
        /// The proposals it supports.
        proposals: Vec<Proposal>,
        /// The Cranelift ISA flags its host's CPU features enable ([`crate::native_isa_flags`]).
        isa_flags: Vec<String>,
    },
    /// The engine could not be built, e.g. an unknown name.
    Refused(String),
    /// One step ended. The memories listed in `unchanged` (indices into the step's
    /// `state.memories`) hold the same bytes as in the previous step of the execution and are
    /// sent empty (see [`thin`] and [`thicken`]).
    Step {
        /// The step, thinned.
        step: StepRecord,
        /// Indices of memories sent empty because they did not change.
        unchanged: Vec<u32>,
    },
    /// The execution ended; the engine's refusal of the module, if it refused it.
    Done(Option<Rejection>),
    /// One script command ended.
    ScriptResult(ScriptResult),
    /// The script ended.
    ScriptDone,
}

/// The wire form of `step`: memories whose bytes are shared with `previous` (the previous step's
/// state, see [`crate::MemoryState::capture`]) are emptied, and their indices returned.
pub fn thin(step: &StepRecord, previous: Option<&StateSnapshot>) -> (StepRecord, Vec<u32>) {
    let mut wire = step.clone();
    let mut unchanged = Vec::new();
    if let (Some(state), Some(previous)) = (wire.state.as_mut(), previous) {
        for (i, memory) in state.memories.iter_mut().enumerate() {
            let same = previous
                .memories
                .iter()
                .any(|p| p.export == memory.export && Arc::ptr_eq(&p.bytes, &memory.bytes));
            if same {
                memory.bytes = Arc::new(Vec::new());
                unchanged.push(i as u32);
            }
        }
    }
    (wire, unchanged)
}

/// Restores a step that [`thin`] emptied, from the previous step's state.
///
/// # Errors
///
/// When `unchanged` names a memory that the step or the previous state does not have.
pub fn thicken(step: &mut StepRecord, unchanged: &[u32], previous: Option<&StateSnapshot>) -> Result<(), String> {
    for &i in unchanged {
        let memory = step.state.as_mut().and_then(|s| s.memories.get_mut(i as usize));
        let memory = memory.ok_or_else(|| format!("unchanged memory {i} is not in the step"))?;
        let before = previous.and_then(|p| p.memories.iter().find(|m| m.export == memory.export));
        memory.bytes = Arc::clone(
            &before
                .ok_or_else(|| format!("memory {:?} has no previous state", memory.export))?
                .bytes,
        );
    }
    Ok(())
}

/// Writes one frame and flushes.
///
/// # Errors
///
/// On an I/O failure (for example the other side exited).
pub fn write_frame<W: Write, T: Serialize>(w: &mut W, message: &T) -> io::Result<()> {
    let bytes = postcard::to_stdvec(message).map_err(io::Error::other)?;
    w.write_all(&(bytes.len() as u32).to_le_bytes())?;
    w.write_all(&bytes)?;
    w.flush()
}

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

    #[test]
    fn unchanged_memories_travel_empty_and_come_back_whole() {
        let memory = |export: &str, bytes: Vec<u8>| MemoryState {
            export: export.into(),
            pages: 1,
            bytes: Arc::new(bytes),
        };
        let first = StateSnapshot {
            memories: vec![memory("a", vec![1; 64]), memory("b", vec![2; 64])],
            ..Default::default()
        };
        let a = MemoryState::capture("a".into(), 1, &[1; 64], Some(&first));
        let b = MemoryState::capture("b".into(), 1, &[3; 64], Some(&first));
        let step = StepRecord {
            state: Some(StateSnapshot {
                memories: vec![a, b],
                ..Default::default()
            }),
            ..StepRecord::bare(crate::StepOutcome::Returned(vec![]))
        };
        let (wire, unchanged) = thin(&step, Some(&first));
        assert_eq!(unchanged, vec![0], "only memory a is unchanged");
        assert!(wire.state.as_ref().unwrap().memories[0].bytes.is_empty());
        let mut back = wire;
        thicken(&mut back, &unchanged, Some(&first)).unwrap();
        assert_eq!(back, step);
        assert!(thicken(&mut back.clone(), &[5], Some(&first)).is_err());
    }
    use crate::{MemoryState, StateSnapshot, StepOutcome, Value};

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
                    bytes: Arc::new(vec![1, 2, 3, 255]),
                }],
                ..StateSnapshot::default()
            }),
        };
        let mut buf = Vec::new();
        write_frame(
            &mut buf,
            &Response::Step {
                step: step.clone(),
                unchanged: vec![],
            },
        )
        .unwrap();
        write_frame(&mut buf, &Response::Done(None)).unwrap();
        let mut r = &buf[..];
        match read_frame::<_, Response>(&mut r).unwrap() {
            Some(Response::Step { step: back, .. }) => assert_eq!(back, step),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            read_frame::<_, Response>(&mut r).unwrap(),
            Some(Response::Done(None))
        ));
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
        let mut buf2 = Vec::new();
        write_frame(
            &mut buf2,
            &Request::Execute {
                engine: "wasmi".into(),
                wasm: vec![0, 97],
                precompiled: Some(vec![1, 2, 3]),
                plan: plan.clone(),
            },
        )
        .unwrap();
        match read_frame::<_, Request>(&mut &buf2[..]).unwrap() {
            Some(Request::Execute {
                plan: back,
                precompiled,
                ..
            }) => {
                assert_eq!(back, plan);
                assert_eq!(precompiled, Some(vec![1, 2, 3]));
            }
            other => panic!("{other:?}"),
        }
        let truncated = &buf[..6];
        assert!(read_frame::<_, Response>(&mut &truncated[..]).is_err());
    }
}
