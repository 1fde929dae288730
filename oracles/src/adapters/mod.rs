//! One adapter per engine family.

pub mod wasmi;
pub mod wasmtime;
