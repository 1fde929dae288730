//! The `fuel` and `backtrace` classes stay quiet on real engines over seeded 2,000-module
//! campaigns: no false positives from the rules that compare them.
//!
//! Winch takes part in the backtrace campaign but not in the fuel one: Winch (wasmtime 48.0.8 and 50.0.1)
//! does not charge Cranelift's per-byte fuel for bulk memory and table operations, a real finding
//! kept in `corpora/regressions/winch-bulk-memory-fuel/`.

use crosscheck::campaign::{self, CallOutcome, Options};
use crosscheck::compare::Class;
use crosscheck::engines::{EngineSet, Isolation};
use crosscheck::finding::FindingStore;
use crosscheck::generate::Mode;
use crosscheck::report::campaign_summary;
use crosscheck_oracles::TrapKind;

fn campaign(engines: &str, mode: Mode, seed: u64) -> campaign::CampaignStats {
    let set = EngineSet::from_list(engines, &Isolation::InProcess).unwrap();
    let out = tempfile::tempdir().unwrap();
    let store = FindingStore::open(out.path()).unwrap();
    let options = Options::new(seed)
        .with_mode(mode)
        .with_modules(Some(2000))
        .with_command_line(vec!["test".into()]);
    campaign::run(&set, &store, &options)
}

#[test]
fn cranelift_variants_agree_on_fuel_over_2000_modules() {
    let stats = campaign("cranelift-x64:o0,cranelift-x64:speed,cranelift-x64:size", Mode::Fuel, 5);
    assert_eq!(stats.divergence_count(), 0, "{}", campaign_summary(&stats));
    assert!(
        stats
            .call_outcomes
            .get(&CallOutcome::Trapped(TrapKind::OutOfFuel))
            .copied()
            .unwrap_or(0)
            > 100,
        "{}",
        campaign_summary(&stats)
    );
}

#[test]
fn winch_and_cranelift_agree_on_backtraces_over_2000_modules() {
    let stats = campaign("winch-x64,cranelift-x64", Mode::Default, 6);
    assert_eq!(
        stats.divergences.get(&Class::Backtrace),
        None,
        "{}",
        campaign_summary(&stats)
    );
    assert_eq!(stats.divergence_count(), 0, "{}", campaign_summary(&stats));
    let traps: u64 = stats
        .call_outcomes
        .iter()
        .filter(|(k, _)| **k != CallOutcome::Returned)
        .map(|(_, n)| n)
        .sum();
    assert!(
        traps > 1000,
        "backtraces are compared on traps: {}",
        campaign_summary(&stats)
    );
}
