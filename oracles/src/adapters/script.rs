//! The `.wast` script runner both adapters share: the command loop with its current and named
//! instances, and what each command reports. It names no engine: each adapter implements
//! [`ScriptHost`] for its own store and linker, so wasmi still shares no engine code with
//! Wasmtime.

use std::collections::HashMap;

use crate::engine::on_execution_thread;
use crate::script::{ScriptCommand, ScriptResult, ScriptSink, ScriptValue};

/// One script's store and linker on one engine: what the command loop asks of the engine. An
/// error of a method is the command's result, already as the engine reports it.
pub(crate) trait ScriptHost {
    /// The engine's instance handle.
    type Instance: Copy;
    /// The engine's function handle.
    type Func;
    /// The engine's value.
    type Val;

    /// Compiles `wasm` and drops the module.
    ///
    /// # Errors
    ///
    /// [`ScriptResult::CompileError`], or [`ScriptResult::Unsupported`] for what the engine does
    /// not implement.
    fn compile(&mut self, wasm: &[u8]) -> Result<(), ScriptResult>;

    /// Compiles and instantiates `wasm` with the linker's definitions.
    ///
    /// # Errors
    ///
    /// As [`ScriptHost::compile`], then [`ScriptResult::Trapped`] or [`ScriptResult::LinkError`].
    fn instantiate(&mut self, wasm: &[u8]) -> Result<Self::Instance, ScriptResult>;

    /// Defines the exports of `instance` in the linker under the module name `as_name`.
    ///
    /// # Errors
    ///
    /// The engine's message when the linker refuses.
    fn register(&mut self, as_name: &str, instance: Self::Instance) -> Result<(), String>;

    /// The function `instance` exports as `export`, if any.
    fn func(&mut self, instance: Self::Instance, export: &str) -> Option<Self::Func>;

    /// The value of the global `instance` exports as `global`, if any.
    fn global(&mut self, instance: Self::Instance, global: &str) -> Option<Self::Val>;

    /// `value` as an argument of a call.
    ///
    /// # Errors
    ///
    /// A message for a reference the engine cannot make.
    fn arg(&mut self, value: ScriptValue) -> Result<Self::Val, String>;

    /// One slot per result of `func`, for [`ScriptHost::call`] to fill.
    fn result_slots(&mut self, func: &Self::Func) -> Vec<Self::Val>;

    /// Calls `func` with `params`, writing its results into `results`.
    ///
    /// # Errors
    ///
    /// [`ScriptResult::Trapped`] when the call traps, [`ScriptResult::Refused`] otherwise.
    fn call(&mut self, func: &Self::Func, params: &[Self::Val], results: &mut [Self::Val]) -> Result<(), ScriptResult>;

    /// `val`, a result of a call or a global's value, as a script value.
    fn value(&mut self, val: &Self::Val) -> ScriptValue;
}

/// Runs `commands` on the [`ScriptHost`] that `build` makes, on the execution thread with
/// `stack_bytes` of stack, one result per command to `sink`. A failure of `build` (its message),
/// or a panic of the engine, makes the command that was running, and every later one, a crash.
pub(crate) fn run<H: ScriptHost>(
    stack_bytes: usize,
    build: impl FnOnce() -> Result<H, String> + Send,
    commands: &[ScriptCommand],
    sink: &mut ScriptSink<'_>,
) {
    let mut done = 0;
    let ran = on_execution_thread(stack_bytes, || {
        let mut script = Script {
            host: build()?,
            current: None,
            named: HashMap::new(),
        };
        for command in commands {
            sink(script.run(command));
            done += 1;
        }
        Ok(())
    });
    if let Err(message) = ran.and_then(|r| r) {
        for _ in done..commands.len() {
            sink(ScriptResult::Crashed(message.clone()));
        }
    }
}

/// A script as it runs: its host, the instance of the last module command and the named ones.
struct Script<H: ScriptHost> {
    host: H,
    current: Option<H::Instance>,
    named: HashMap<String, H::Instance>,
}

impl<H: ScriptHost> Script<H> {
    fn run(&mut self, command: &ScriptCommand) -> ScriptResult {
        match command {
            ScriptCommand::Module { wasm, name } => match self.host.instantiate(wasm) {
                Ok(instance) => {
                    self.current = Some(instance);
                    if let Some(name) = name {
                        self.named.insert(name.clone(), instance);
                    }
                    ScriptResult::Done
                }
                Err(result) => {
                    self.current = None;
                    result
                }
            },
            ScriptCommand::Instantiate { wasm } => {
                self.host.instantiate(wasm).map_or_else(|r| r, |_| ScriptResult::Done)
            }
            ScriptCommand::Compile { wasm } => self.host.compile(wasm).map_or_else(|r| r, |()| ScriptResult::Done),
            ScriptCommand::Register { module, as_name } => match self.instance(module.as_deref()) {
                Ok(instance) => match self.host.register(as_name, instance) {
                    Ok(()) => ScriptResult::Done,
                    Err(message) => ScriptResult::LinkError(message),
                },
                Err(r) => r,
            },
            ScriptCommand::Invoke { module, export, args } => {
                self.invoke(module.as_deref(), export, args).unwrap_or_else(|r| r)
            }
            ScriptCommand::Get { module, global } => {
                let instance = match self.instance(module.as_deref()) {
                    Ok(i) => i,
                    Err(r) => return r,
                };
                match self.host.global(instance, global) {
                    Some(value) => ScriptResult::Returned(vec![self.host.value(&value)]),
                    None => ScriptResult::Refused(format!("no exported global {global:?}")),
                }
            }
        }
    }

    fn instance(&self, name: Option<&str>) -> Result<H::Instance, ScriptResult> {
        match name {
            Some(name) => self.named.get(name).copied(),
            None => self.current,
        }
        .ok_or_else(|| ScriptResult::Refused(format!("no instance {}", name.unwrap_or("is current"))))
    }

    fn invoke(
        &mut self,
        module: Option<&str>,
        export: &str,
        args: &[ScriptValue],
    ) -> Result<ScriptResult, ScriptResult> {
        let instance = self.instance(module)?;
        let func = self
            .host
            .func(instance, export)
            .ok_or_else(|| ScriptResult::Refused(format!("no exported function {export:?}")))?;
        let params = args
            .iter()
            .map(|a| self.host.arg(*a))
            .collect::<Result<Vec<H::Val>, String>>()
            .map_err(ScriptResult::Unsupported)?;
        let mut results = self.host.result_slots(&func);
        Ok(match self.host.call(&func, &params, &mut results) {
            Ok(()) => ScriptResult::Returned(results.iter().map(|v| self.host.value(v)).collect()),
            Err(result) => result,
        })
    }
}
