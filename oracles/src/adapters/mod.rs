//! One adapter per engine family, and the harness logic they share without sharing engine code.

mod host_call;
mod script;
mod start;
pub mod wasmi;
pub mod wasmtime;
