//! Engines in worker processes: a worker that dies (signal, abort, panic, out of memory) takes only
//! itself down, and the harness records the death as a `crash` of the step that was running (one
//! killed from outside, whose modules run again without dying, is counted instead).

mod batch;
mod client;
mod compile;
mod describe;
mod exchange;
mod frames;
mod memo;
mod precompiler;
mod process;
pub mod protocol;
pub mod runs;
mod server;
mod stopping;

pub use batch::execute_batch;
pub use client::WorkerEngine;
pub use precompiler::CompilingWorker;
pub use process::WorkerCommand;
pub use server::{serve, serve_stdio};
pub use stopping::{abandon, abandoned, shield_from_interrupts};
