//! The worker side: serve requests on stdin/stdout until stdin closes.

use std::collections::{HashMap, VecDeque};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::os::fd::FromRawFd;

use std::time::Instant;

use super::compile::Compilers;
use super::protocol::{
    BATCH_FLUSH_AFTER, BatchEntry, Delivery, Hello, MemoryPatch, Request, Response, memory_patches,
    put_memory_bytes_back, queue_frame, read_frame, take_memory_bytes, unchanged, write_frame,
};
use crate::config::split_name;
use crate::engine::COMPILED_EXECUTION_STACK_BYTES;
use crate::engine::EngineError;
use crate::{Engine, StateSnapshot, StepRecord, registry};

/// Configured engines (`cranelift-x64:speed,regalloc=single_pass`) a worker keeps; the least
/// recently used is dropped beyond this. A campaign's configuration swarm keeps fewer configurations
/// per engine in play at a time, so the worker builds each once.
pub const CONFIGURED_ENGINES_KEPT: usize = 16;

/// The buffer of a worker's answers, in bytes: a batched execution's steps usually fit it whole
/// and leave in one write.
const OUTPUT_BUFFER_BYTES: usize = 64 << 10;

/// [`serve`] on this process's standard input and output. The answers go to the output's file
/// descriptor directly, not through `std::io::Stdout`, whose line buffering would split binary
/// frames at every newline byte (two writes and a scan of each buffer instead of one write).
///
/// # Errors
///
/// As [`serve`], and when the standard output cannot be duplicated.
pub fn serve_stdio() -> io::Result<()> {
    // SAFETY: `dup` of this process's standard output; the new descriptor is owned by the file.
    let fd = unsafe { libc::dup(libc::STDOUT_FILENO) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `fd` is a fresh descriptor that nothing else owns.
    let output = unsafe { std::fs::File::from_raw_fd(fd) };
    serve(io::stdin(), output)
}

/// Serves requests from `input` and answers on `output` until `input` ends, after the handshake
/// ([`Hello`]: the harness's first, then this worker's, which it sends even to a harness of
/// another protocol version before it exits with an error). Engines in their
/// default configuration are built on first use and kept for the life of the worker; configured
/// engines are made from them and kept up to [`CONFIGURED_ENGINES_KEPT`]. Requests are served on a
/// thread with the execution stack of the first request's engine
/// ([`Engine::execution_stack_bytes`]; a worker serves one engine and its configurations), on
/// which its executions then run.
///
/// # Errors
///
/// When a request cannot be read or decoded, or an answer cannot be written.
pub fn serve(input: impl Read + Send, mut output: impl Write + Send) -> io::Result<()> {
    let mut input = BufReader::new(input);
    let Some(hello) = read_frame::<_, Hello>(&mut input)? else {
        return Ok(());
    };
    write_frame(&mut output, &Hello::ours())?;
    if let Some(mismatch) = hello.mismatch() {
        return Err(io::Error::other(format!("refusing the harness: {mismatch}")));
    }
    let Some(first) = read_frame::<_, Request>(&mut input)? else {
        return Ok(());
    };
    let mut engines = EngineCache::default();
    let stack_bytes = engines
        .get(first.engine().unwrap_or_default())
        .map_or(COMPILED_EXECUTION_STACK_BYTES, |e| e.execution_stack_bytes());
    let serve = move || serve_here(Some(first), input, output, engines);
    crate::engine::with_execution_stack(stack_bytes, serve).map_err(io::Error::other)?
}

/// [`serve`] on the calling thread, from `first` on.
fn serve_here(
    mut first: Option<Request>,
    mut input: impl Read,
    output: impl Write + Send,
    mut engines: EngineCache,
) -> io::Result<()> {
    let mut output = BufWriter::with_capacity(OUTPUT_BUFFER_BYTES, output);
    let mut artifact = Vec::new();
    let mut compilers = Compilers::default();
    while let Some(request) = match first.take() {
        Some(request) => Some(request),
        None => read_frame::<_, Request>(&mut input)?,
    } {
        if let Request::Batch { items } = request {
            let mut last_write = Instant::now();
            for item in items {
                match engines.get(&item.engine) {
                    Ok(engine) => execute(
                        engine,
                        &item,
                        &mut artifact,
                        Delivery::Batched,
                        &mut last_write,
                        &mut output,
                    )?,
                    Err(e) => queue_frame(&mut output, &Response::Refused(e.to_string()))?,
                }
            }
            output.flush()?;
            continue;
        }
        if let Request::Precompile { .. } = request {
            write_frame(&mut output, &compilers.answer(request))?;
            continue;
        }
        let engine = match engines.get(request.engine().unwrap_or_default()) {
            Ok(engine) => engine,
            Err(e) => {
                write_frame(&mut output, &Response::Refused(e.to_string()))?;
                continue;
            }
        };
        match request {
            Request::Describe { .. } => write_frame(
                &mut output,
                &Response::Described {
                    name: engine.name().to_string(),
                    version: engine.version(),
                    arch: engine.arch().to_string(),
                    proposals: engine.proposals().iter().collect(),
                    support: engine.support().clone(),
                    isa_flags: crate::native_isa_flags(),
                },
            )?,
            Request::Execute {
                engine: name,
                wasm,
                precompiled,
                read_only,
                plan,
                delivery,
            } => {
                let mut last_write = Instant::now();
                let entry = BatchEntry {
                    engine: name,
                    wasm,
                    precompiled,
                    read_only,
                    plan,
                };
                execute(engine, &entry, &mut artifact, delivery, &mut last_write, &mut output)?;
                output.flush()?;
            }
            Request::Script { commands, .. } => {
                let mut failed = None;
                engine.run_script(&commands, &mut |result| {
                    if failed.is_none() {
                        failed = write_frame(&mut output, &Response::ScriptResult(result)).err();
                    }
                });
                if let Some(e) = failed {
                    return Err(e);
                }
                write_frame(&mut output, &Response::ScriptDone)?;
            }
            Request::Batch { .. } | Request::Precompile { .. } => unreachable!("served above"),
        }
    }
    Ok(())
}

/// Runs the module of `entry` (or its precompiled module, expanded into `artifact`, a buffer kept
/// from one module to the next) and its plan on `engine` and puts its steps and its
/// [`Response::Done`] on `output`: each step written at once when `delivery` is
/// [`Delivery::Streamed`], otherwise held back until [`BATCH_FLUSH_AFTER`] has passed since
/// `last_write` (which it moves on each write). What is held back stays in `output`'s buffer for
/// the caller to flush.
///
/// # Errors
///
/// When a step cannot be written.
fn execute(
    engine: &dyn Engine,
    entry: &BatchEntry,
    artifact: &mut Vec<u8>,
    delivery: Delivery,
    last_write: &mut Instant,
    output: &mut (impl Write + Send),
) -> io::Result<()> {
    let mut failed = None;
    let mut previous: Option<StateSnapshot> = None;
    let mut sink = |mut step: StepRecord| {
        let same_state = match (&step.state, &previous) {
            (Some(state), Some(previous)) => unchanged(state, previous),
            _ => false,
        };
        if same_state {
            step.state = None;
        }
        let patches = memory_patches(&step, previous.as_ref());
        let bytes = take_memory_bytes(&mut step);
        if failed.is_none() {
            let now = Instant::now();
            let write_now = delivery == Delivery::Streamed || now - *last_write >= BATCH_FLUSH_AFTER;
            if write_now {
                *last_write = now;
            }
            let (sent, back) = send_step(output, step, patches, same_state, write_now);
            failed = sent.err();
            step = back;
        }
        put_memory_bytes_back(&mut step, bytes);
        if step.state.is_some() {
            previous = step.state;
        }
    };
    let before = engine.phase_times();
    let rejection = match &entry.precompiled {
        Some(sparse) => {
            let artifact = sparse.expand_into(artifact);
            engine.run_precompiled(artifact, &entry.read_only, &entry.plan, &mut sink)
        }
        None => engine.run(&entry.wasm, &entry.read_only, &entry.plan, &mut sink),
    };
    if let Some(e) = failed {
        return Err(e);
    }
    let phases = engine.phase_times().since(&before);
    queue_frame(output, &Response::Done { rejection, phases })
}

/// Writes `step` (its memories emptied) with its memory `patches` (or, with `same_state`, without
/// its state), flushed when `flush`, and gives the step back.
fn send_step(
    output: &mut impl Write,
    step: StepRecord,
    patches: Vec<MemoryPatch>,
    same_state: bool,
    flush: bool,
) -> (io::Result<()>, StepRecord) {
    let response = Response::Step {
        step,
        patches,
        same_state,
    };
    let sent = if flush {
        write_frame(output, &response)
    } else {
        queue_frame(output, &response)
    };
    match response {
        Response::Step { step, .. } => (sent, step),
        _ => unreachable!("the response was built as a step"),
    }
}

/// The engines of a worker: default ones for good, configured ones least recently used first.
#[derive(Default)]
struct EngineCache {
    defaults: HashMap<String, Box<dyn Engine>>,
    configured: VecDeque<(String, Box<dyn Engine>)>,
}

impl EngineCache {
    /// The engine `name`, built (from its default engine, for a configured name) when missing.
    fn get(&mut self, name: &str) -> Result<&dyn Engine, EngineError> {
        let (base, settings) = split_name(name);
        if !self.defaults.contains_key(base) {
            let engine = registry::build(base)?;
            self.defaults.insert(base.to_string(), engine);
        }
        if settings.is_empty() {
            return Ok(self.defaults[base].as_ref());
        }
        match self.configured.iter().position(|(n, _)| n == name) {
            Some(i) => {
                let hit = self.configured.remove(i).expect("the position is in range");
                self.configured.push_back(hit);
            }
            None => {
                let engine = self.defaults[base].configured(&settings)?;
                if self.configured.len() >= CONFIGURED_ENGINES_KEPT {
                    self.configured.pop_front();
                }
                self.configured.push_back((name.to_string(), engine));
            }
        }
        Ok(self.configured.back().expect("just pushed").1.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;
    use crate::{CallPlan, PlannedCall, ReadOnlyExports, Value};

    /// A writer that records how many bytes it held at each flush.
    #[derive(Clone, Default)]
    struct FlushLog {
        bytes: Arc<Mutex<Vec<u8>>>,
        flushes: Arc<Mutex<Vec<usize>>>,
    }

    impl Write for FlushLog {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.bytes.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            let len = self.bytes.lock().unwrap().len();
            self.flushes.lock().unwrap().push(len);
            Ok(())
        }
    }

    /// Serves one execution of a module with three calls (four steps) delivered as `delivery`;
    /// returns the responses and the byte counts at each flush.
    fn serve_one(delivery: Delivery) -> (Vec<Response>, Vec<usize>) {
        let wasm = wat::parse_str(r#"(module (func (export "f") (param i32) (result i32) local.get 0))"#).unwrap();
        let call = |x| PlannedCall {
            export: "f".into(),
            args: vec![Value::I32(x)],
        };
        let plan = CallPlan {
            calls: vec![call(1), call(2), call(3)],
            ..CallPlan::default()
        };
        let mut input = Vec::new();
        write_frame(&mut input, &Hello::ours()).unwrap();
        let request = Request::Execute {
            engine: "wasmi".into(),
            read_only: ReadOnlyExports::default(),
            wasm,
            precompiled: None,
            plan,
            delivery,
        };
        write_frame(&mut input, &request).unwrap();
        let log = FlushLog::default();
        serve(&input[..], log.clone()).unwrap();
        let bytes = log.bytes.lock().unwrap().clone();
        let mut reader = &bytes[..];
        let hello: Hello = read_frame(&mut reader).unwrap().unwrap();
        assert_eq!(hello, Hello::ours());
        let mut responses = Vec::new();
        while let Some(response) = read_frame::<_, Response>(&mut reader).unwrap() {
            responses.push(response);
        }
        // The first flush is the handshake's.
        let flushes = log.flushes.lock().unwrap()[1..].to_vec();
        (responses, flushes)
    }

    #[test]
    fn a_batched_execution_leaves_in_one_write_and_a_streamed_one_step_by_step() {
        let (batched, flushes) = serve_one(Delivery::Batched);
        assert_eq!(batched.len(), 5, "four steps and the end: {batched:?}");
        let same: Vec<(bool, bool)> = batched[..4]
            .iter()
            .map(|r| match r {
                Response::Step { step, same_state, .. } => (*same_state, step.state.is_some()),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            same,
            [(false, true), (true, false), (true, false), (true, false)],
            "the calls change nothing: their steps travel as the instantiation's state"
        );
        assert!(matches!(batched[4], Response::Done { rejection: None, .. }));
        let total: usize = flushes.last().copied().unwrap();
        assert!(
            flushes.iter().all(|&at| at == total),
            "nothing is written before the end: {flushes:?}"
        );

        let (streamed, flushes) = serve_one(Delivery::Streamed);
        assert_eq!(streamed.len(), 5);
        let distinct: std::collections::BTreeSet<usize> = flushes.iter().copied().collect();
        assert_eq!(distinct.len(), 5, "one write per step and one for the end: {flushes:?}");
        for (b, s) in batched.iter().zip(&streamed) {
            assert_eq!(
                format!("{b:?}").split("phases").next(),
                format!("{s:?}").split("phases").next()
            );
        }
    }
}
