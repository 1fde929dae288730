//! The documentation that claims to be complete is checked against what it describes:
//! `docs/layout.md` against the files of the repository, `docs/commands.md` against the command
//! line (`crosscheck::cli::Cli`).

use std::collections::BTreeSet;
use std::path::Path;

use clap::CommandFactory;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Folders whose every file `docs/layout.md` lists by its path (besides the single files of
/// [`LISTED_FILES`]); `scripts/mutants/` is listed as a folder, its patches by their pattern.
const LISTED_FOLDERS: &[&str] = &[
    "src",
    "oracles/src",
    "oracles/tests",
    "tests",
    "fuzz/src",
    "fuzz/fuzz_targets",
    "scripts",
    ".github/workflows",
    ".clusterfuzzlite",
];

const LISTED_FILES: &[&str] = &[
    "Cargo.toml",
    "Cargo.lock",
    "build.rs",
    "rust-toolchain.toml",
    "rustfmt.toml",
    ".ci/run",
    ".cargo/config.toml",
    "oracles/Cargo.toml",
    "oracles/build.rs",
    "fuzz/Cargo.toml",
    "fuzz/Cargo.lock",
    "corpora/known.toml",
];

/// The first path segments of the paths a doc may name; a backticked word starting with one of
/// these (or naming a top-level file) is taken as a path of the repository.
const PATH_ROOTS: &[&str] = &[
    "src/",
    "oracles/",
    "tests/",
    "fuzz/",
    "scripts/",
    "corpora/",
    "docs/",
    ".ci/",
    ".github/",
    ".clusterfuzzlite/",
    ".cargo/",
];

fn files_under(dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else if let Ok(relative) = path.strip_prefix(ROOT) {
            out.push(relative.to_string_lossy().into_owned());
        }
    }
}

/// The backticked words of `text`.
fn backticked(text: &str) -> BTreeSet<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

fn is_mutant_patch(path: &str) -> bool {
    path.strip_prefix("scripts/mutants/")
        .is_some_and(|name| name.as_bytes().first().is_some_and(u8::is_ascii_digit))
}

#[test]
fn the_layout_lists_every_source_file_and_nothing_that_is_gone() {
    let layout = std::fs::read_to_string(Path::new(ROOT).join("docs/layout.md")).unwrap();
    let named = backticked(&layout);
    let mut files = Vec::new();
    for folder in LISTED_FOLDERS {
        files_under(&Path::new(ROOT).join(folder), &mut files);
    }
    files.extend(LISTED_FILES.iter().map(|f| f.to_string()));
    let missing: Vec<&String> = files
        .iter()
        .filter(|f| !is_mutant_patch(f) && !named.contains(f.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/layout.md does not list these files (add a row each): {missing:?}"
    );
    let gone: Vec<&str> = named
        .iter()
        .copied()
        .filter(|w| PATH_ROOTS.iter().any(|r| w.starts_with(r)) || LISTED_FILES.contains(w))
        .filter(|w| !w.contains(['*', '<', ' ', '$']) && !w.contains("NN"))
        .filter(|w| !Path::new(ROOT).join(w).exists())
        .collect();
    assert!(
        gone.is_empty(),
        "docs/layout.md lists paths that do not exist: {gone:?}"
    );
}

/// The sections of `docs/commands.md`: each `## \`crosscheck NAME\`` heading's name and the
/// text up to the next heading of that level.
fn command_sections(text: &str) -> Vec<(&str, &str)> {
    text.split("\n## ")
        .skip(1)
        .filter_map(|section| {
            let heading = section.lines().next()?;
            let name = heading.strip_prefix("`crosscheck ")?.strip_suffix('`')?;
            Some((name, section))
        })
        .collect()
}

#[test]
fn the_command_reference_has_every_command_and_every_flag() {
    let text = std::fs::read_to_string(Path::new(ROOT).join("docs/commands.md")).unwrap();
    let sections = command_sections(&text);
    let cli = crosscheck::cli::Cli::command();
    let commands: Vec<&clap::Command> = cli.get_subcommands().filter(|c| !c.is_hide_set()).collect();
    let mut problems = Vec::new();
    for command in &commands {
        let name = command.get_name();
        let Some((_, section)) = sections.iter().find(|(n, _)| *n == name) else {
            problems.push(format!("no section `crosscheck {name}`"));
            continue;
        };
        let synopses: Vec<&str> = section
            .split("```sh\n")
            .skip(1)
            .filter_map(|block| block.split("```").next())
            .collect();
        for arg in command.get_arguments().filter(|a| !a.is_hide_set()) {
            let Some(long) = arg.get_long() else { continue };
            if matches!(long, "help" | "version") {
                continue;
            }
            let flag = format!("--{long}");
            let in_synopsis = synopses
                .iter()
                .any(|s| s.split(|c: char| !(c.is_alphanumeric() || c == '-')).any(|w| w == flag));
            if !in_synopsis {
                problems.push(format!("`crosscheck {name}`: {flag} is not in its synopsis"));
            }
        }
    }
    for (name, _) in &sections {
        if !commands.iter().any(|c| c.get_name() == *name) {
            problems.push(format!("section `crosscheck {name}` names no command"));
        }
    }
    assert!(problems.is_empty(), "docs/commands.md: {problems:#?}");
}
