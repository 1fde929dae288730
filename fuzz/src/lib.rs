//! The cargo fuzz targets of crosscheck (`fuzz_targets/`): each is [`target!`] applied to one
//! `crosscheck::fuzzing::Target`, so that every target has the same body.

pub use crosscheck;
pub use libfuzzer_sys;

/// Defines the libFuzzer entry point of `$target` (a `crosscheck::fuzzing::Target`): its harness is
/// built on the first input (engines from `CROSSCHECK_FUZZ_ENGINES` or the target's own), every
/// input runs through `Harness::check`, which panics on a divergence, and inputs that decode to no
/// test case are rejected from the corpus.
#[macro_export]
macro_rules! target {
    ($target:expr) => {
        static HARNESS: std::sync::LazyLock<$crate::crosscheck::fuzzing::Harness> =
            std::sync::LazyLock::new(|| $crate::crosscheck::fuzzing::harness($target));

        $crate::libfuzzer_sys::fuzz_target!(|data: &[u8]| -> $crate::libfuzzer_sys::Corpus {
            if HARNESS.check(data) {
                $crate::libfuzzer_sys::Corpus::Keep
            } else {
                $crate::libfuzzer_sys::Corpus::Reject
            }
        });
    };
}
