//! The worker side of [`Request::Precompile`]: ahead-of-time compilation for an engine of another
//! architecture with this worker's Wasmtime, so that a worker of another build on the host
//! compiles for that build's emulated engines (`winch-aarch64@43.0.0`), as the harness compiles
//! with its own Wasmtime for its own emulated engines.

use std::collections::HashMap;

use super::protocol::{Request, Response};
use crate::config::{EngineConfig, split_name};
use crate::{CrossCompiler, PrecompileError, ProposalSet, naming};

/// Compilers built so far, per engine name, proposals and ISA flags; a compiling worker serves the
/// few configurations of one slot, so they are all kept.
#[derive(Default)]
pub struct Compilers {
    built: HashMap<(String, Vec<crate::Proposal>, Vec<String>), CrossCompiler>,
}

/// The Rust target triple (Linux) of engines whose names end in `arch` (`aarch64`, `x64`).
pub fn triple_of(arch: &str) -> String {
    let cpu = if arch == "x64" { "x86_64" } else { arch };
    format!("{cpu}-unknown-linux-gnu")
}

impl Compilers {
    /// The answer to `request`, a [`Request::Precompile`]: the artifact, the compiler's
    /// rejection or panic, or [`Response::Refused`] when the engine name, its configuration or its
    /// target is not one this Wasmtime can compile for.
    pub fn answer(&mut self, request: Request) -> Response {
        let Request::Precompile {
            engine,
            proposals,
            isa_flags,
            options,
            wasm,
        } = request
        else {
            return Response::Refused("not a compilation request".into());
        };
        let key = (engine, proposals, isa_flags);
        if !self.built.contains_key(&key) {
            match compiler_for(&key.0, &key.1, &key.2) {
                Ok(cross) => {
                    self.built.insert(key.clone(), cross);
                }
                Err(reason) => return Response::Refused(format!("cannot compile for `{}`: {reason}", key.0)),
            }
        }
        match self.built[&key].precompile(&wasm, &options) {
            Ok(artifact) => Response::Precompiled(artifact),
            Err(PrecompileError::Rejected(rejection)) => Response::CompileRejected(rejection),
            Err(PrecompileError::Panicked(message)) => Response::CompilePanicked(message),
        }
    }
}

/// The compiler for the concrete engine `name` (settings included) with `proposals` and the ISA
/// flags its own worker detected.
fn compiler_for(name: &str, proposals: &[crate::Proposal], isa_flags: &[String]) -> Result<CrossCompiler, String> {
    let (base, settings) = split_name(name);
    let compiler = naming::compiler_of(base).ok_or("it is not a Winch or Cranelift engine")?;
    let target = naming::target_of(base).ok_or("it has no target")?;
    let arch = target.arch.ok_or("it has no architecture")?;
    let config = EngineConfig::parse(target, settings.iter().copied()).map_err(|e| e.0)?;
    let proposals: ProposalSet = proposals.iter().copied().collect();
    CrossCompiler::new(compiler, proposals, &triple_of(arch), isa_flags.to_vec())
        .and_then(|cross| cross.configured(config))
        .map_err(|e| format!("{e:#}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Proposal, RejectionKind, RunOptions};

    fn request(engine: &str, wasm: &[u8]) -> Request {
        Request::Precompile {
            engine: engine.into(),
            proposals: vec![Proposal::MultiValue],
            isa_flags: Vec::new(),
            options: RunOptions::default(),
            wasm: wasm.to_vec(),
        }
    }

    #[test]
    fn a_module_compiles_for_another_architecture_and_garbage_is_rejected() {
        let mut compilers = Compilers::default();
        let wasm = wat::parse_str(r#"(module (func (export "f") (result i32) (i32.const 7)))"#).unwrap();
        for engine in ["winch-aarch64", "cranelift-aarch64:speed,regalloc=single_pass"] {
            match compilers.answer(request(engine, &wasm)) {
                Response::Precompiled(artifact) => assert!(artifact.starts_with(b"\x7fELF"), "{engine}"),
                other => panic!("{engine}: {other:?}"),
            }
        }
        match compilers.answer(request("winch-aarch64", b"\0asm\x01\0\0\0garbage")) {
            Response::CompileRejected(r) => assert_eq!(r.kind, RejectionKind::Error),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_engine_it_cannot_compile_for_is_refused() {
        let mut compilers = Compilers::default();
        for engine in ["wasmi", "winch-aarch64,no_such_knob=1", "no-such-engine"] {
            match compilers.answer(request(engine, b"\0asm\x01\0\0\0")) {
                Response::Refused(reason) => assert!(reason.contains(engine.split(',').next().unwrap()), "{reason}"),
                other => panic!("{engine}: {other:?}"),
            }
        }
    }
}
