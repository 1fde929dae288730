//! Records the versions of the engine crates this build links, read from the workspace's
//! `Cargo.lock`, as `CROSSCHECK_WASMTIME_VERSION` and `CROSSCHECK_WASMI_VERSION`, and sets the
//! cfg of each range of releases whose API the adapters meet differently (see
//! `src/adapters/wasmtime/compat.rs`, `src/adapters/wasmi/compat.rs`): `wasmtime_before_47`, `wasmtime_before_51`,
//! `wasmi_before_2`.

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
    let wasmtime_major: u32 = locked_version(&text, "wasmtime")
        .and_then(|v| v.split('.').next()?.parse().ok())
        .unwrap_or(u32::MAX);
    let wasmi_major: u32 = locked_version(&text, "wasmi")
        .and_then(|v| v.split('.').next()?.parse().ok())
        .unwrap_or(u32::MAX);
    for (cfg, before, major) in WASMTIME_RANGES
        .iter()
        .map(|(c, b)| (c, b, wasmtime_major))
        .chain(WASMI_RANGES.iter().map(|(c, b)| (c, b, wasmi_major)))
    {
        println!("cargo::rustc-check-cfg=cfg({cfg})");
        if major < *before {
            println!("cargo:rustc-cfg={cfg}");
        }
    }
}

/// The cfgs of the Wasmtime release ranges the adapters tell apart, with the first major release
/// outside each.
const WASMTIME_RANGES: [(&str, u32); 2] = [("wasmtime_before_47", 47), ("wasmtime_before_51", 51)];

/// The same for wasmi (`src/adapters/wasmi/compat.rs`).
const WASMI_RANGES: [(&str, u32); 1] = [("wasmi_before_2", 2)];

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
