//! Embeds the ISLE rule files of the cranelift-codegen crate this build links (its mid-end rules
//! `src/opts/*.isle`, the preludes, and the x64 and aarch64 lowering rules), found with
//! `cargo metadata`, for the `isle` generation strategy: `$OUT_DIR/isle_files.rs` defines
//! `ISLE_FILES` (path under the crate's `src/`, text) and `CRANELIFT_CODEGEN_VERSION`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    println!("cargo:rerun-if-changed={}", manifest.join("Cargo.lock").display());
    println!("cargo:rerun-if-changed=build.rs");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let target = std::env::var("TARGET").expect("cargo sets TARGET");
    let output = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--filter-platform",
            &target,
            "--manifest-path",
        ])
        .arg(manifest.join("Cargo.toml"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).expect("cargo metadata prints JSON");
    let package = metadata["packages"]
        .as_array()
        .and_then(|packages| packages.iter().find(|p| p["name"] == "cranelift-codegen"))
        .expect("cranelift-codegen is a dependency (through wasmtime)");
    let version = package["version"].as_str().unwrap_or("unknown");
    let root = Path::new(package["manifest_path"].as_str().expect("a manifest path"))
        .parent()
        .expect("a crate directory")
        .join("src");
    let mut files: Vec<String> = std::fs::read_dir(root.join("opts"))
        .expect("cranelift-codegen has src/opts")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".isle"))
        .map(|name| format!("opts/{name}"))
        .collect();
    files.sort();
    for extra in [
        "prelude.isle",
        "prelude_opt.isle",
        "prelude_lower.isle",
        "isa/x64/inst.isle",
        "isa/x64/lower.isle",
        "isa/aarch64/inst.isle",
        "isa/aarch64/lower.isle",
    ] {
        files.push(extra.into());
    }
    let mut code = format!(
        "/// The version of cranelift-codegen whose rules these are.\npub const CRANELIFT_CODEGEN_VERSION: &str = {version:?};\n\
         /// The rule files: path under cranelift-codegen's `src/`, and text.\npub static ISLE_FILES: &[(&str, &str)] = &[\n"
    );
    for file in &files {
        let path = root.join(file);
        assert!(path.is_file(), "cranelift-codegen {version} has no src/{file}");
        println!("cargo:rerun-if-changed={}", path.display());
        code.push_str(&format!(
            "    ({file:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("isle_files.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
