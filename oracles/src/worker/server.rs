//! The worker side: serve requests on stdin/stdout until stdin closes.

use std::collections::HashMap;
use std::io::{self, BufReader, BufWriter, Read, Write};

use super::protocol::{Request, Response, read_frame, thin, write_frame};
use crate::{Engine, StateSnapshot, StepRecord, registry};

/// Serves requests from `input` and answers on `output` until `input` ends. Engines are built on
/// first use and kept for the life of the worker.
///
/// # Errors
///
/// When a request cannot be read or decoded, or an answer cannot be written.
pub fn serve(input: impl Read + Send, output: impl Write + Send) -> io::Result<()> {
    crate::engine::with_execution_stack(|| serve_here(input, output)).map_err(io::Error::other)?
}

/// [`serve`] on the calling thread.
fn serve_here(input: impl Read, output: impl Write + Send) -> io::Result<()> {
    let mut input = BufReader::new(input);
    let mut output = BufWriter::new(output);
    let mut engines: HashMap<String, Box<dyn Engine>> = HashMap::new();
    while let Some(request) = read_frame::<_, Request>(&mut input)? {
        let name = match &request {
            Request::Describe { engine } | Request::Execute { engine, .. } | Request::Script { engine, .. } => {
                engine.clone()
            }
        };
        if !engines.contains_key(&name) {
            match registry::build(&name) {
                Ok(engine) => {
                    engines.insert(name.clone(), engine);
                }
                Err(e) => {
                    write_frame(&mut output, &Response::Refused(e.to_string()))?;
                    continue;
                }
            }
        }
        let engine = &engines[&name];
        match request {
            Request::Describe { .. } => write_frame(
                &mut output,
                &Response::Described {
                    name: engine.name().to_string(),
                    version: engine.version(),
                    arch: engine.arch().to_string(),
                    proposals: engine.proposals().iter().collect(),
                    isa_flags: crate::native_isa_flags(),
                },
            )?,
            Request::Execute {
                wasm,
                precompiled,
                plan,
                ..
            } => {
                let mut failed = None;
                let mut previous: Option<StateSnapshot> = None;
                let mut sink = |step: StepRecord| {
                    let (step_on_wire, patches) = thin(&step, previous.as_ref());
                    if step.state.is_some() {
                        previous = step.state;
                    }
                    if failed.is_none() {
                        let response = Response::Step {
                            step: step_on_wire,
                            patches,
                        };
                        failed = write_frame(&mut output, &response).err();
                    }
                };
                let before = engine.phase_times();
                let rejection = match precompiled {
                    Some(artifact) => engine.run_precompiled(&artifact, &plan, &mut sink),
                    None => engine.run(&wasm, &plan, &mut sink),
                };
                if let Some(e) = failed {
                    return Err(e);
                }
                let phases = engine.phase_times().since(&before);
                write_frame(&mut output, &Response::Done { rejection, phases })?;
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
        }
    }
    Ok(())
}
