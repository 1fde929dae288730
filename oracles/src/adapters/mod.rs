//! One adapter per engine family.

pub mod wasmi;
pub mod wasmi_script;
pub mod wasmtime;
pub mod wasmtime_cross;
pub mod wasmtime_script;
