//! Resource limits every engine's store enforces, and how resource failures are recognized.

/// Maximum size of one linear memory, in bytes (64 MiB). Generated modules declare far smaller
/// maximums, so this limit only stops runaway growth in hand-written modules.
pub const MEMORY_BYTES: usize = 64 << 20;

/// Maximum number of elements of one table.
pub const TABLE_ELEMENTS: usize = 1_000_000;

/// Limits of the pooling instance allocator (`allocator=pooling`), which preallocates a slot for
/// each instance, memory and table of an engine. A slot is as large as the harness's own limits
/// allow a resource to grow, so pooling refuses nothing the store would allow: memories of
/// [`MEMORY_BYTES`] and tables of [`TABLE_ELEMENTS`]. The counts are far above what a run holds
/// at a time (one module instance, its host module and a provider at most) and what a generator
/// makes (at most 3 memories and 3 tables, of 8 pages and 100 elements); a module beyond them is
/// refused at instantiation as a resource limit ([`is_resource_limit_message`]).
pub mod pooling {
    /// Instances, memories, tables and GC heaps alive at a time in one engine (each a count).
    pub const TOTAL: u32 = 50;
    /// Memories a module may define.
    pub const MEMORIES_PER_MODULE: u32 = 16;
    /// Tables a module may define.
    pub const TABLES_PER_MODULE: u32 = 16;
    /// Bytes of an instance's runtime state (its `VMContext`): 16 MiB.
    pub const INSTANCE_BYTES: usize = 16 << 20;
    /// Bytes of a memory slot: the harness's memory limit.
    pub const MEMORY_BYTES: usize = super::MEMORY_BYTES;
    /// Elements of a table slot: the harness's table limit.
    pub const TABLE_ELEMENTS: usize = super::TABLE_ELEMENTS;
}

/// Whether an instantiation error message reports an allocation failure or a store limit rather
/// than a bug: such modules are discarded and counted (docs/design.md, "What is excluded, and why"). The phrases
/// are those of Wasmtime's `StoreLimits`/allocator errors and wasmi's limiter and memory errors.
pub fn is_resource_limit_message(message: &str) -> bool {
    const PHRASES: &[&str] = &[
        "exceeds memory limits",
        "exceeds table limits",
        "resource limit exceeded",
        "Cannot allocate memory",
        "out of memory",
        "out of system memory",
        "growth operation limited",
        // The pooling allocator's refusals of a resource beyond its slots (wasmtime 50's
        // `MemoryPool`, `TablePool` and `validate_module`).
        "which exceeds the limit of",
        "exceeds the per-instance limit of",
        "exceeds the configured maximum of",
    ];
    PHRASES.iter().any(|p| message.contains(p))
}
