//! Ahead-of-time compilation for a Wasmtime engine of another architecture: the harness compiles a
//! module for `aarch64` natively on its x86_64 host, and the emulated worker only loads and runs
//! it (`Module::deserialize`). Under QEMU, compiling took 70 to 80% of an emulated engine's time
//! per module (measured with wasmtime 48: Winch 37 of 51 ms, Cranelift 37 to 46 of 50 to 57 ms);
//! the generated code is the same, because the compiler, its settings, the target and the ISA
//! flags are the same (the worker reports the flags it detects, see [`native_isa_flags`]).

use std::collections::HashMap;
use std::sync::Mutex;

use super::config::{Variant, compile_rejection, config};
use crate::config::EngineConfig;
use crate::engine::{HOST_STACK_MARGIN_BYTES, on_execution_thread};
use crate::naming::Compiler;
use crate::{ProposalSet, Rejection, RejectionKind, RunOptions};

/// The Cranelift ISA flags that Wasmtime enables from CPU feature detection on this host (the
/// mapping of `cranelift-native` on Linux, the same in wasmtime 48 and 50): on aarch64 `has_lse`, `has_pauth`, `has_fp16`,
/// `has_dotprod` and `has_i8mm` when the CPU (or QEMU's emulated CPU) has the feature. Empty on
/// other architectures, whose engines are not compiled ahead of time.
pub fn native_isa_flags() -> Vec<String> {
    #[cfg(target_arch = "aarch64")]
    {
        let detected = [
            ("has_lse", std::arch::is_aarch64_feature_detected!("lse")),
            ("has_pauth", std::arch::is_aarch64_feature_detected!("paca")),
            ("has_fp16", std::arch::is_aarch64_feature_detected!("fp16")),
            ("has_dotprod", std::arch::is_aarch64_feature_detected!("dotprod")),
            ("has_i8mm", std::arch::is_aarch64_feature_detected!("i8mm")),
        ];
        detected
            .into_iter()
            .filter(|(_, on)| *on)
            .map(|(flag, _)| flag.to_string())
            .collect()
    }
    #[cfg(not(target_arch = "aarch64"))]
    Vec::new()
}

/// How ahead-of-time compilation of a module failed.
#[derive(Debug)]
pub enum PrecompileError {
    /// The compiler refused the module, exactly as the engine would have (a known Winch gap is
    /// `unsupported`, anything else an error).
    Rejected(Rejection),
    /// The compiler panicked; the message.
    Panicked(String),
}

/// Compiles modules ahead of time for the Wasmtime engine `compiler` on another target, with the
/// configuration the engine itself uses for each variant (fuel, epochs, stack budget).
pub struct CrossCompiler {
    compiler: Compiler,
    proposals: ProposalSet,
    triple: String,
    isa_flags: Vec<String>,
    settings: EngineConfig,
    engines: Mutex<HashMap<Variant, wasmtime::Engine>>,
}

impl CrossCompiler {
    /// A compiler for the engine that uses `compiler` with exactly `proposals` on the target
    /// `triple` (e.g. `aarch64-unknown-linux-gnu`), with the Cranelift ISA flags `isa_flags` on (as
    /// the engine's host detects them, [`native_isa_flags`]).
    ///
    /// # Errors
    ///
    /// When Wasmtime does not know the target or a flag.
    pub fn new(
        compiler: Compiler,
        proposals: ProposalSet,
        triple: &str,
        isa_flags: Vec<String>,
    ) -> anyhow::Result<CrossCompiler> {
        let cross = CrossCompiler {
            compiler,
            proposals,
            triple: triple.into(),
            isa_flags,
            settings: EngineConfig::default(),
            engines: Mutex::new(HashMap::new()),
        };
        cross.engine(Variant::of(&RunOptions::default(), &cross.settings))?;
        Ok(cross)
    }

    /// This compiler for the engine in configuration `settings` (see [`crate::config`]): the
    /// detected ISA flags that `settings` turns off stay off.
    ///
    /// # Errors
    ///
    /// When Wasmtime refuses the configuration for the target.
    pub fn configured(&self, settings: EngineConfig) -> anyhow::Result<CrossCompiler> {
        let cross = CrossCompiler {
            compiler: self.compiler,
            proposals: self.proposals,
            triple: self.triple.clone(),
            isa_flags: self.isa_flags.clone(),
            settings,
            engines: Mutex::new(HashMap::new()),
        };
        cross.engine(Variant::of(&RunOptions::default(), &cross.settings))?;
        Ok(cross)
    }

    fn engine(&self, variant: Variant) -> anyhow::Result<wasmtime::Engine> {
        let mut engines = self.engines.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(engine) = engines.get(&variant) {
            return Ok(engine.clone());
        }
        let mut c = config(
            self.compiler,
            self.proposals.features(),
            variant,
            &self.settings,
            Some(&self.triple),
        );
        c.target(&self.triple).map_err(|e| anyhow::anyhow!("{e:#}"))?;
        let turned_off: Vec<String> = self
            .settings
            .cranelift_flags()
            .into_iter()
            .filter(|(_, value)| *value == "false")
            .map(|(flag, _)| flag)
            .collect();
        for flag in self.isa_flags.iter().filter(|f| !turned_off.contains(f)) {
            // SAFETY: each flag is one the engine's own host detected, so code using it runs there;
            // Wasmtime checks this again when the engine loads the module.
            unsafe {
                c.cranelift_flag_enable(flag);
            }
        }
        let engine = wasmtime::Engine::new(&c).map_err(|e| anyhow::anyhow!("{e:#}"))?;
        engines.insert(variant, engine.clone());
        Ok(engine)
    }

    /// Wasmtime's hash of the settings that compiled code must match (as
    /// [`WasmtimeEngine::compatibility_hash`](crate::WasmtimeEngine::compatibility_hash)), for a
    /// run without fuel or interrupts.
    ///
    /// # Errors
    ///
    /// When Wasmtime refuses the configuration.
    pub fn compatibility_hash(&self) -> anyhow::Result<u64> {
        use std::hash::{Hash, Hasher};
        let engine = self.engine(Variant::of(&RunOptions::default(), &self.settings))?;
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        engine.precompile_compatibility_hash().hash(&mut hasher);
        Ok(hasher.finish())
    }

    /// The precompiled form of `wasm` for a run with `options`, to hand to the engine's
    /// [`Engine::run_precompiled`](crate::Engine::run_precompiled).
    ///
    /// # Errors
    ///
    /// [`PrecompileError::Rejected`] when the compiler refuses the module (or the configuration),
    /// [`PrecompileError::Panicked`] when it panics.
    pub fn precompile(&self, wasm: &[u8], options: &RunOptions) -> Result<Vec<u8>, PrecompileError> {
        let engine = self.engine(Variant::of(options, &self.settings)).map_err(|e| {
            PrecompileError::Rejected(Rejection {
                kind: RejectionKind::Error,
                message: format!("{e:#}"),
            })
        })?;
        let compiled = on_execution_thread(HOST_STACK_MARGIN_BYTES, || engine.precompile_module(wasm))
            .map_err(PrecompileError::Panicked)?;
        compiled.map_err(|e| PrecompileError::Rejected(compile_rejection(self.compiler, &e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CallPlan, Engine, PlannedCall, ReadOnlyExports, StepOutcome, Value, WasmtimeEngine};

    fn sample() -> Vec<u8> {
        wat::parse_str(
            r#"(module
              (memory 1)
              (func (export "f") (param i32) (result i32)
                (i32.store (i32.const 8) (local.get 0))
                (i32.add (i32.load (i32.const 8)) (i32.const 1)))
              (func (export "oob") (result i32) (i32.load (i32.const 65536))))"#,
        )
        .unwrap()
    }

    fn host_triple() -> String {
        format!("{}-unknown-linux-gnu", std::env::consts::ARCH)
    }

    /// A module compiled ahead of time with the host's own triple and detected flags runs on the
    /// engine exactly as the module compiled by the engine itself.
    #[test]
    fn a_precompiled_module_runs_like_the_module_itself() {
        for (name, compiler) in [
            ("winch", Compiler::Winch),
            ("cranelift", Compiler::Cranelift(wasmtime::OptLevel::Speed)),
        ] {
            let engine = WasmtimeEngine::new(name, compiler).unwrap();
            let cross = CrossCompiler::new(compiler, engine.proposals(), &host_triple(), native_isa_flags()).unwrap();
            let plan = CallPlan {
                calls: vec![
                    PlannedCall {
                        export: "f".into(),
                        args: vec![Value::I32(41)],
                    },
                    PlannedCall {
                        export: "oob".into(),
                        args: vec![],
                    },
                ],
                ..CallPlan::default()
            };
            let artifact = cross.precompile(&sample(), &plan.options).unwrap();
            let mut steps = Vec::new();
            let rejection = engine.run_precompiled(&artifact, &ReadOnlyExports::of(&sample()), &plan, &mut |s| {
                steps.push(s)
            });
            assert!(rejection.is_none(), "{rejection:?}");
            let native = engine.execute(&sample(), &plan);
            let outcomes: Vec<&StepOutcome> = steps.iter().map(|s| &s.outcome).collect();
            let expected: Vec<&StepOutcome> = native.steps.iter().map(|s| &s.outcome).collect();
            assert_eq!(outcomes, expected, "{name}");
            assert_eq!(outcomes[1], &StepOutcome::Returned(vec![Value::I32(42)]));
        }
    }

    /// Cross compilation gives the same code as the engine's own compilation when the flags are
    /// the detected ones: the bytes of the artifacts are identical. Runs where the flags are
    /// mirrored, on aarch64 (in CI: under QEMU, `cargo test --target aarch64-unknown-linux-gnu`).
    #[cfg(target_arch = "aarch64")]
    #[test]
    fn the_artifact_equals_the_engines_own_compilation() {
        let compiler = Compiler::Cranelift(wasmtime::OptLevel::Speed);
        let engine = WasmtimeEngine::new("cranelift", compiler).unwrap();
        let cross = CrossCompiler::new(compiler, engine.proposals(), &host_triple(), native_isa_flags()).unwrap();
        let theirs = engine.script_engine().unwrap().0.precompile_module(&sample()).unwrap();
        let ours = cross.precompile(&sample(), &RunOptions::default()).unwrap();
        assert!(ours == theirs, "cross-compiled artifact differs from the engine's own");
    }

    #[test]
    fn garbage_is_rejected_as_an_error_and_an_unknown_target_refused() {
        let cross = CrossCompiler::new(
            Compiler::Winch,
            ProposalSet::empty(),
            "aarch64-unknown-linux-gnu",
            vec![],
        )
        .unwrap();
        match cross.precompile(b"\0asm\x01\0\0\0garbage", &RunOptions::default()) {
            Err(PrecompileError::Rejected(r)) => assert_eq!(r.kind, RejectionKind::Error),
            other => panic!("{other:?}"),
        }
        assert!(CrossCompiler::new(Compiler::Winch, ProposalSet::empty(), "no-such-triple", vec![]).is_err());
    }
}
