//! `crosscheck-worker`: hosts engines in a child process and serves the worker protocol
//! (`crosscheck_oracles::worker::protocol`) on stdin/stdout.

fn main() -> std::process::ExitCode {
    match crosscheck_oracles::worker::serve_stdio() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("crosscheck-worker: {e}");
            std::process::ExitCode::from(2)
        }
    }
}
