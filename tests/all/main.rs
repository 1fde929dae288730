//! The integration tests of crosscheck, one binary (each test file of `tests/` linked Wasmtime on
//! its own before): one module per area, and the test doubles in `support`.
//! `tests/fuzz_planted.rs` stays a binary of its own, since it enables the doubles in its
//! process's environment, which no other test may see.

mod support;

mod aarch64;
mod atomics;
mod campaign;
mod cli;
mod config_swarm;
mod divergence_classes;
mod docs;
mod exceptions;
mod export;
mod features;
mod fuzzing;
mod known_precision;
mod nightly;
mod oracle;
mod provider;
mod quiet_on_real_engines;
mod reach;
mod reduce;
mod regressions;
mod releases;
mod stops;
mod strategies;
mod tables;
mod trap_corpus;
mod versions;
mod wast;
mod workers;
