//! The divergence as one entry of the known-bug list sees it, whatever builds took part.
//!
//! An entry describes a bug of some builds of an engine: the harness's own (the engines this
//! crosscheck links), or, when it names `versions`, the releases that meet them. An engine of
//! another build (`winch-x64@43.0.0`, `cranelift-x64:o0@local`, see
//! `crosscheck_oracles::naming::label_of`) stands in for its family under its unlabeled name
//! wherever it is not on the entry's first side: on the side that agrees, a Cranelift of another
//! build is as good a witness as the harness's own. On the first side, the breaking one, an engine
//! counts only when its build has the bug: its label is a release that meets the entry's
//! `versions`, or it is the harness's own and the linked release meets them (every harness engine
//! when the entry names none). Other first-side engines are left out of the groups, whichever side
//! they took.

use std::borrow::Cow;

use crosscheck_oracles::naming;

use super::Known;
use crate::compare::Divergence;
use crate::engines::other_builds::kind_of;

/// The release of the crate that `name`'s build comes from: its label, or for an engine of the
/// harness's own build the linked Wasmtime or wasmi release.
fn release_of(name: &str) -> &str {
    match naming::label_of(name) {
        Some(label) => label,
        None if kind_of(name) == "wasmi" => crosscheck_oracles::WASMI_VERSION,
        None => crosscheck_oracles::WASMTIME_VERSION,
    }
}

/// `divergence` as `entry` sees it (see the module documentation): engine names unlabeled, the
/// first-side engines of builds without the bug left out, and the disagreeing pair taken again
/// from the groups when one of it was left out. `None` when fewer than two groups remain, or
/// when every engine that broke was left out.
pub(super) fn for_entry<'a>(entry: &Known, divergence: &'a Divergence) -> Option<Cow<'a, Divergence>> {
    let has_bug = |name: &str| match &entry.versions {
        Some(req) => req.holds(release_of(name)),
        None => naming::label_of(name).is_none(),
    };
    // The name an engine goes by for this entry, or `None` when it is left out.
    let seen = |name: &String| -> Option<String> {
        let plain = naming::unlabeled(name);
        if entry.on_first_side(&plain) && !has_bug(name) {
            return None;
        }
        Some(plain)
    };
    let unchanged = divergence
        .groups
        .iter()
        .flatten()
        .all(|e| seen(e).as_deref() == Some(e.as_str()));
    if unchanged {
        return Some(Cow::Borrowed(divergence));
    }
    let groups: Vec<Vec<String>> = divergence
        .groups
        .iter()
        .map(|g| g.iter().filter_map(seen).collect::<Vec<_>>())
        .filter(|g| !g.is_empty())
        .collect();
    let [first, second, ..] = groups.as_slice() else {
        return None;
    };
    // The engines that broke were all of builds without the bug: not this entry's.
    let minority: Vec<String> = divergence.minority.iter().filter_map(seen).collect();
    if minority.is_empty() && !divergence.minority.is_empty() {
        return None;
    }
    let engines = match divergence.engines.each_ref().map(seen) {
        [Some(a), Some(b)] => [a, b],
        _ => [first[0].clone(), second[0].clone()],
    };
    Some(Cow::Owned(Divergence {
        engines,
        minority,
        groups,
        ..divergence.clone()
    }))
}
