//! The worker side: serve requests on stdin/stdout until stdin closes.

use std::collections::{HashMap, VecDeque};
use std::io::{self, BufReader, BufWriter, Read, Write};

use super::protocol::{Request, Response, read_frame, thin, write_frame};
use crate::config::split_name;
use crate::registry::EngineError;
use crate::{Engine, StateSnapshot, StepRecord, registry};

/// Configured engines (`cranelift-x64:speed,regalloc=single_pass`) a worker keeps; the least
/// recently used is dropped beyond this. A campaign's configuration swarm keeps fewer configurations
/// per engine in play at a time, so the worker builds each once.
pub const CONFIGURED_ENGINES_KEPT: usize = 16;

/// Serves requests from `input` and answers on `output` until `input` ends. Engines in their
/// default configuration are built on first use and kept for the life of the worker; configured
/// engines are made from them and kept up to [`CONFIGURED_ENGINES_KEPT`].
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
    let mut engines = EngineCache::default();
    while let Some(request) = read_frame::<_, Request>(&mut input)? {
        let name = match &request {
            Request::Describe { engine } | Request::Execute { engine, .. } | Request::Script { engine, .. } => {
                engine.clone()
            }
        };
        let engine = match engines.get(&name) {
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
