//! The mutant switch of crosscheck's mutation score (`scripts/mutation-score.sh` copies this file
//! into every crate it patches). A mutant is a planted bug guarded by `on(ID)`: the build carries
//! every mutant, and the environment variable `CROSSCHECK_MUTANT` (a mutant's number, read once)
//! turns exactly one of them on. Unset or `0`, the crate behaves as released.

extern crate std;

static ACTIVE: std::sync::LazyLock<u32> = std::sync::LazyLock::new(|| {
    std::env::var("CROSSCHECK_MUTANT")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(0)
});

/// Whether mutant `id` is the one switched on.
#[inline]
pub fn on(id: u32) -> bool {
    *ACTIVE == id
}
