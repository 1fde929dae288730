//! Where engine panics happen. A process-wide panic hook (installed once, before the first
//! execution) notes the location of each panic on the panicking thread, so that a caught panic's
//! message can name it: the panic's location is part of a crash's root-cause signature
//! (`crosscheck::compare`), and two panics with the same text in different places are two bugs.

use std::cell::RefCell;
use std::sync::Once;

thread_local! {
    /// The location of this thread's latest panic, `crate-version/path:line`.
    static LAST: RefCell<Option<String>> = const { RefCell::new(None) };
}

static INSTALL: Once = Once::new();

/// Installs the hook, keeping the previous hook (which prints the panic to stderr) behind it.
pub fn install() {
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let location = info
                .location()
                .map(|l| format!("{}:{}", short_path(l.file()), l.line()));
            LAST.with(|last| *last.borrow_mut() = location);
            previous(info);
        }));
    });
}

/// The location of this thread's latest panic since the last call, if the hook saw one.
pub fn take_location() -> Option<String> {
    LAST.with(|last| last.borrow_mut().take())
}

/// A source path without the machine's registry prefix: `wasmi-2.0.0/src/engine/mod.rs` for a
/// file of a crate fetched from a registry (`~/.cargo/registry/src/INDEX/wasmi-2.0.0/...`),
/// the path as given otherwise.
pub fn short_path(file: &str) -> String {
    match file.find("/registry/src/") {
        Some(at) => {
            let rest = &file[at + "/registry/src/".len()..];
            rest.split_once('/').map_or(rest, |(_, inside)| inside).to_string()
        }
        None => file.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_paths_lose_the_machine_prefix() {
        assert_eq!(
            short_path("/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/wasmi-2.0.0/src/lib.rs"),
            "wasmi-2.0.0/src/lib.rs"
        );
        assert_eq!(short_path("src/main.rs"), "src/main.rs");
    }

    #[test]
    fn a_caught_panic_leaves_its_location() {
        install();
        let line = line!() + 1;
        let caught = std::panic::catch_unwind(|| panic!("planted"));
        assert!(caught.is_err());
        let location = take_location().expect("the hook saw the panic");
        assert!(location.ends_with(&format!("panics.rs:{line}")), "{location}");
        assert_eq!(take_location(), None);
    }
}
