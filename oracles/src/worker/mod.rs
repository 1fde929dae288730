//! Engines in worker processes: a worker that dies (signal, abort, panic, out of memory) takes only
//! itself down, and the harness records the death as a `crash` of the step that was running (one
//! killed from outside, whose modules run again without dying, is counted instead).

mod batch;
mod client;
mod compile;
mod frames;
mod memo;
mod precompiler;
pub mod protocol;
pub mod runs;
mod server;
mod stopping;

pub(crate) use batch::WorkerItem;
pub use client::{WorkerCommand, WorkerEngine};
pub use precompiler::CompilingWorker;
pub use server::{serve, serve_stdio};
pub use stopping::{abandon, abandoned, shield_from_interrupts};
