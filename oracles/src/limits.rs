//! Resource limits every engine's store enforces, and how resource failures are recognized.

/// Maximum size of one linear memory, in bytes (64 MiB). Generated modules declare far smaller
/// maximums, so this limit only stops runaway growth in hand-written modules.
pub const MEMORY_BYTES: usize = 64 << 20;

/// Maximum number of elements of one table.
pub const TABLE_ELEMENTS: usize = 1_000_000;

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
    ];
    PHRASES.iter().any(|p| message.contains(p))
}
