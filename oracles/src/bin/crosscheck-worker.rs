//! `crosscheck-worker`: hosts engines in a child process and serves the worker protocol
//! (`crosscheck_oracles::worker::protocol`) on stdin/stdout. It is the worker of another
//! architecture (run under QEMU) or of another build of the engines; the host's own workers are
//! `crosscheck worker`.

/// mimalloc, not glibc's allocator: a worker under QEMU allocates for every request it decodes
/// and every step it sends, and glibc's `malloc` and `free` cost about 0.2 µs a pair there.
/// `crosscheck bench --modules 1000 --set a=winch-aarch64,cranelift-aarch64`, three runs of each
/// alternately: worker transport 6.1-6.2% of the wall time against 6.6-6.9%, 322-340 modules/s
/// against 300-322, and the workers' memory at the end of a 2,000-module campaign within 2 MiB.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    match crosscheck_oracles::worker::serve_stdio() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("crosscheck-worker: {e}");
            std::process::ExitCode::from(2)
        }
    }
}
