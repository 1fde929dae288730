//! Where the modules of an engine in an emulated worker are compiled, ahead of time, so that the
//! emulator only loads and runs them: in the harness with the Wasmtime it links (the harness's own
//! engines), or in a worker of the engine's own build on the host (an engine of another build,
//! `winch-aarch64@43.0.0`, whose compiler the harness does not link; [`Request::Precompile`]).

use std::sync::Arc;

use super::protocol::Request;
use crate::config::{EngineConfig, configured_name, split_name};
use crate::{CrossCompiler, PrecompileError, Proposal, Rejection, RejectionKind, RunOptions, naming};

/// A compiler for the modules of one engine (in one configuration).
pub enum Precompiler {
    /// The harness's own Wasmtime.
    Here(CrossCompiler),
    /// A worker of the engine's build on the host.
    InWorker(RemoteCompiler),
}

/// A worker process that answers [`Request::Precompile`] (the harness's side of it is
/// `WorkerEngine`, which sends the request to its worker).
pub trait CompilingWorker: Send + Sync {
    /// Sends `request`, a [`Request::Precompile`], and returns the artifact.
    ///
    /// # Errors
    ///
    /// How the compilation failed (see [`Compiled`]).
    fn compile(&self, request: &Request) -> Result<Vec<u8>, Compiled>;
}

/// Compilation in a worker of the engine's build on the host.
pub struct RemoteCompiler {
    /// The compiling worker, shared by the configurations and opt-level variants of one slot.
    worker: Arc<dyn CompilingWorker>,
    /// The engine compiled for, without a label, settings included.
    engine: String,
    proposals: Vec<Proposal>,
    isa_flags: Vec<String>,
}

impl Precompiler {
    /// Compiles `wasm` for a run with `options`.
    ///
    /// # Errors
    ///
    /// [`PrecompileError::Rejected`] when the compiler refuses the module, [`PrecompileError::Panicked`]
    /// when it panics, or when the compiling worker dies, hangs or refuses the engine.
    pub fn precompile(&self, wasm: &[u8], options: &RunOptions) -> Result<Vec<u8>, PrecompileError> {
        match self {
            Precompiler::Here(cross) => cross.precompile(wasm, options),
            Precompiler::InWorker(remote) => remote.precompile(wasm, options),
        }
    }

    /// This compiler for the engine `base` (its name without settings, label included or not) in
    /// configuration `config`.
    ///
    /// # Errors
    ///
    /// When the compiler refuses the configuration (the compiling worker's reason for a remote one).
    pub fn configured(&self, base: &str, config: EngineConfig) -> anyhow::Result<Precompiler> {
        match self {
            Precompiler::Here(cross) => Ok(Precompiler::Here(cross.configured(config)?)),
            Precompiler::InWorker(remote) => {
                let configured = RemoteCompiler {
                    worker: Arc::clone(&remote.worker),
                    engine: naming::unlabeled(&configured_name(base, &config)),
                    proposals: remote.proposals.clone(),
                    isa_flags: remote.isa_flags.clone(),
                };
                configured.check()?;
                Ok(Precompiler::InWorker(configured))
            }
        }
    }

    /// The compiling worker, when it is one: the opt-level variants of a slot share it.
    pub fn worker(&self) -> Option<&Arc<dyn CompilingWorker>> {
        match self {
            Precompiler::Here(_) => None,
            Precompiler::InWorker(remote) => Some(&remote.worker),
        }
    }
}

impl RemoteCompiler {
    /// A compiler in `worker` (a worker of the build of `engine`, on the host) for the concrete
    /// engine `engine` (label and settings allowed), with the proposals and ISA flags its own
    /// worker described.
    ///
    /// # Errors
    ///
    /// When the compiling worker refuses the engine or does not answer.
    pub fn new(
        worker: Arc<dyn CompilingWorker>,
        engine: &str,
        proposals: Vec<Proposal>,
        isa_flags: Vec<String>,
    ) -> anyhow::Result<RemoteCompiler> {
        let remote = RemoteCompiler {
            worker,
            engine: naming::unlabeled(engine),
            proposals,
            isa_flags,
        };
        remote.check()?;
        Ok(remote)
    }

    /// Has the worker build the compiler now, with an empty module, so that a configuration it
    /// refuses is the configuration's error, not a crash of a module.
    fn check(&self) -> anyhow::Result<()> {
        let empty = b"\0asm\x01\0\0\0";
        match self.precompile(empty, &RunOptions::default()) {
            Ok(_) => Ok(()),
            Err(PrecompileError::Rejected(r)) => anyhow::bail!("{}", r.message),
            Err(PrecompileError::Panicked(message)) => anyhow::bail!("{message}"),
        }
    }

    fn precompile(&self, wasm: &[u8], options: &RunOptions) -> Result<Vec<u8>, PrecompileError> {
        let request = Request::Precompile {
            engine: self.engine.clone(),
            proposals: self.proposals.clone(),
            isa_flags: self.isa_flags.clone(),
            options: *options,
            wasm: wasm.to_vec(),
        };
        self.worker.compile(&request).map_err(|failure| match failure {
            Compiled::Rejected(rejection) => PrecompileError::Rejected(rejection),
            Compiled::Panicked(message) => PrecompileError::Panicked(message),
            Compiled::Refused(message) => PrecompileError::Rejected(Rejection {
                kind: RejectionKind::Error,
                message: format!(
                    "the compiling worker refused `{}`: {message}",
                    split_name(&self.engine).0
                ),
            }),
            Compiled::Lost(how) => PrecompileError::Panicked(format!("the compiling worker {how}")),
        })
    }
}

/// How a compilation in a worker failed.
pub enum Compiled {
    /// The compiler refused the module.
    Rejected(Rejection),
    /// The compiler panicked; the message.
    Panicked(String),
    /// The worker cannot compile for the engine; its reason.
    Refused(String),
    /// The worker died, hung or broke the protocol; how (it is restarted for the next module).
    Lost(String),
}
