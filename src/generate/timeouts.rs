//! Waits of 0 ns in wasm-smith's modules. wasm-smith takes the time-out of a
//! `memory.atomic.wait32/64` from the operand stack, any `i64`: on a shared memory holding the
//! expected value, a wait would sleep that long, or forever when it is negative, since the harness
//! never starts a second thread to notify it. [`zero_wait_timeouts`] rewrites each wait, through
//! wasm-encoder's re-encoding, to drop its time-out and wait 0 ns: it then returns "not equal" (1)
//! or "timed out" (2) at once, on every engine alike (docs/design.md, "What is excluded, and why").

use wasm_encoder::reencode::{self, Reencode};
use wasm_encoder::{CodeSection, Instruction};
use wasmparser::{FunctionBody, Operator};

/// The re-encoder that puts `drop` and `i64.const 0` before every wait.
struct ZeroTimeouts;

impl Reencode for ZeroTimeouts {
    type Error = std::convert::Infallible;

    fn parse_function_body(
        &mut self,
        code: &mut CodeSection,
        func: FunctionBody<'_>,
    ) -> Result<(), reencode::Error<Self::Error>> {
        let mut f = self.new_function_with_parsed_locals(&func)?;
        let mut reader = func.get_operators_reader()?;
        while !reader.eof() {
            let op = reader.read()?;
            if matches!(
                op,
                Operator::MemoryAtomicWait32 { .. } | Operator::MemoryAtomicWait64 { .. }
            ) {
                f.instruction(&Instruction::Drop);
                f.instruction(&Instruction::I64Const(0));
            }
            f.instruction(&self.instruction(op)?);
        }
        code.function(&f);
        Ok(())
    }
}

/// `wasm` with the time-out of every `memory.atomic.wait32` and `memory.atomic.wait64` 0 ns (the
/// operand it had is dropped); every other byte's meaning unchanged.
///
/// # Errors
///
/// When `wasm` does not parse, as a one-line message.
pub fn zero_wait_timeouts(wasm: &[u8]) -> Result<Vec<u8>, String> {
    let mut module = wasm_encoder::Module::new();
    ZeroTimeouts
        .parse_core_module(&mut module, wasmparser::Parser::new(0), wasm)
        .map_err(|e| format!("re-encoding the waits: {e}"))?;
    Ok(module.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_wait_gets_a_time_out_of_zero_and_nothing_else_changes() {
        let wasm = wat::parse_str(
            r#"(module (memory 1 1 shared)
              (func (export "f") (param i64) (result i32)
                (i32.add
                  (memory.atomic.wait32 (i32.const 0) (i32.const 0) (local.get 0))
                  (memory.atomic.wait64 offset=8 (i32.const 0) (i64.const 0) (i64.const -1)))))"#,
        )
        .unwrap();
        let out = zero_wait_timeouts(&wasm).unwrap();
        let text = wasmprinter::print_bytes(&out).unwrap();
        let body: Vec<&str> = text
            .lines()
            .map(str::trim)
            .skip_while(|l| !l.starts_with("local.get"))
            .collect();
        assert_eq!(
            body[..9],
            [
                "local.get 0",
                "drop",
                "i64.const 0",
                "memory.atomic.wait32",
                "i32.const 0",
                "i64.const 0",
                "i64.const -1",
                "drop",
                "i64.const 0",
            ],
            "{text}"
        );
        assert!(text.contains("memory.atomic.wait64 offset=8"), "{text}");
        let mut features = wasmparser::WasmFeatures::default();
        features.insert(wasmparser::WasmFeatures::THREADS);
        wasmparser::Validator::new_with_features(features)
            .validate_all(&out)
            .unwrap();
        let plain = wat::parse_str(r#"(module (func (export "g") (result i32) (i32.const 7)))"#).unwrap();
        assert_eq!(zero_wait_timeouts(&plain).unwrap(), plain);
    }
}
