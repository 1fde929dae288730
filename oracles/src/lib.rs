//! crosscheck-oracles: the engines crosscheck compares, behind one [`Engine`] trait, and the
//! outcome types they report (values, canonical trap kinds, state snapshots, host calls).
//!
//! The harness depends on this crate; this crate does not depend on the harness.

mod adapters;
pub mod batch;
pub mod bytes;
pub mod config;
pub mod doubles;
mod driver;
pub mod effects;
pub mod elements;
pub mod engine;
pub mod features;
pub mod host;
mod host_funcs;
pub mod limits;
pub mod naming;
pub mod operators;
pub mod outcome;
pub mod panics;
pub mod phases;
pub mod plan;
pub mod proposal;
pub mod provider;
pub mod registry;
pub mod script;
pub mod trap;
pub mod uses;
pub mod value;
pub mod worker;

pub use adapters::wasmi::WASMI_VERSION;
pub use adapters::wasmi::WasmiEngine;
pub use adapters::wasmtime::config::wasmtime_features;
pub use adapters::wasmtime::cross::{CrossCompiler, PrecompileError, native_isa_flags};
pub use adapters::wasmtime::{WASMTIME_VERSION, WasmtimeEngine};
pub use batch::{BatchItem, BatchRun};
pub use effects::ReadOnlyExports;
pub use elements::{Element, ElementRun, FuncIds};
pub use engine::Engine;
pub use features::{Feature, FeatureSet, ProbeResult, Support};
pub use naming::Compiler;
pub use outcome::{
    Execution, GlobalState, HostCall, MemoryState, Rejection, RejectionKind, StateSnapshot, StepOutcome, StepRecord,
    TableState,
};
pub use phases::{PhaseMeter, PhaseTimes};
pub use plan::{CallPlan, PlannedCall, RunOptions};
pub use proposal::{Proposal, ProposalSet};
pub use script::{RefKind, ScriptCommand, ScriptResult, ScriptValue};
pub use trap::TrapKind;
pub use value::{RefHierarchy, ValType, Value, same_values};
pub use worker::execute_batch;
