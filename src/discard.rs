//! Why a module is not compared: a discarded module is counted in the campaign's statistics and
//! never reported.

use std::fmt;

/// Why a module was discarded, at generation or at comparison. The variants are in the order of
/// their names, which is the order of summaries and `--stats` records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DiscardReason {
    /// wasm-smith could not build a module from the input.
    GeneratorError,
    /// The generated module does not validate with the chosen features (a generator bug).
    InvalidModule,
    /// A mutant of a suite module lets NaN bits reach memory, an integer or a `v128`.
    NanBitsObservable,
    /// `wasm-mutate` made no valid mutant of a suite module.
    NoMutant,
    /// The module exports no function the harness can call.
    NothingToCall,
    /// Every engine refused the module with an error.
    RejectedByEveryEngine,
    /// An engine refused the module for a resource limit.
    ResourceLimit,
    /// Fewer than two engines of the run compile every feature the module uses
    /// (`crosscheck_oracles::uses`), so nothing can be compared.
    TooFewEngines,
    /// An engine refused the module as unsupported (a known gap, such as a Winch instruction).
    UnsupportedByEngine,
}

impl DiscardReason {
    /// The reason's stable name in summaries and `--stats` records, e.g. `unsupported-by-engine`.
    pub fn name(self) -> &'static str {
        match self {
            DiscardReason::GeneratorError => "generator-error",
            DiscardReason::InvalidModule => "invalid-module",
            DiscardReason::NanBitsObservable => "nan-bits-observable",
            DiscardReason::NoMutant => "no-mutant",
            DiscardReason::NothingToCall => "nothing-to-call",
            DiscardReason::RejectedByEveryEngine => "rejected-by-every-engine",
            DiscardReason::ResourceLimit => "resource-limit",
            DiscardReason::TooFewEngines => "too-few-engines",
            DiscardReason::UnsupportedByEngine => "unsupported-by-engine",
        }
    }
}

impl fmt::Display for DiscardReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::DiscardReason::*;

    #[test]
    fn reasons_are_ordered_by_name() {
        let all = [
            GeneratorError,
            InvalidModule,
            NanBitsObservable,
            NoMutant,
            NothingToCall,
            RejectedByEveryEngine,
            ResourceLimit,
            TooFewEngines,
            UnsupportedByEngine,
        ];
        let names: Vec<&str> = all.iter().map(|r| r.name()).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(names, sorted);
        assert!(all.windows(2).all(|w| w[0] < w[1]));
    }
}
