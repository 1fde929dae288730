//! Records the versions of the engine crates this build links, read from the workspace's
//! `Cargo.lock`, as `CROSSCHECK_WASMTIME_VERSION` and `CROSSCHECK_WASMI_VERSION`.

use std::path::Path;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let lock = Path::new(&manifest).join("..").join("Cargo.lock");
    println!("cargo:rerun-if-changed={}", lock.display());
    let text = std::fs::read_to_string(&lock).unwrap_or_default();
    for (krate, var) in [
        ("wasmtime", "CROSSCHECK_WASMTIME_VERSION"),
        ("wasmi", "CROSSCHECK_WASMI_VERSION"),
    ] {
        println!(
            "cargo:rustc-env={var}={}",
            locked_version(&text, krate).unwrap_or("unknown")
        );
    }
}

/// The version of the `[[package]]` named `krate` in a `Cargo.lock` text.
fn locked_version<'a>(lock: &'a str, krate: &str) -> Option<&'a str> {
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == format!("name = \"{krate}\"") {
            let version = lines.next()?.trim().strip_prefix("version = \"")?;
            return version.strip_suffix('"');
        }
    }
    None
}
