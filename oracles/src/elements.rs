//! A table's elements as every engine can name them: null, a function by a number that is the same
//! on every engine (see [`FuncIds`]), or another non-null reference; stored as runs of equal
//! neighbours, so that a table grown by thousands of nulls is one run.

use std::collections::HashMap;
use std::hash::Hash;

use serde::{Deserialize, Serialize};

/// One element of a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Element {
    /// A null reference of any type.
    Null,
    /// A function, by its number in the execution's [`FuncIds`].
    Func(u32),
    /// A non-null reference that is no function (`externref`, `anyref`, ...): engines are compared
    /// on nullness only, since no identity of such a reference is the same on two engines.
    Ref,
}

impl std::fmt::Display for Element {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Element::Null => f.write_str("null"),
            Element::Func(id) => write!(f, "function #{id}"),
            Element::Ref => f.write_str("a non-null reference"),
        }
    }
}

/// `count` equal neighbouring elements.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElementRun {
    /// The element.
    pub element: Element,
    /// How many neighbours hold it (at least 1).
    pub count: u64,
}

/// Appends `element` to `runs`, extending the last run when it holds the same element.
pub fn push(runs: &mut Vec<ElementRun>, element: Element) {
    match runs.last_mut() {
        Some(last) if last.element == element => last.count += 1,
        _ => runs.push(ElementRun { element, count: 1 }),
    }
}

/// The first index (counted in elements) where `a` and `b` differ, with the element each holds
/// there (`None` past its end); `None` when they are equal.
pub fn first_difference(a: &[ElementRun], b: &[ElementRun]) -> Option<(u64, Option<Element>, Option<Element>)> {
    if a == b {
        return None;
    }
    let (mut xs, mut ys) = (a.iter().copied(), b.iter().copied());
    let (mut x, mut y) = (xs.next(), ys.next());
    let mut at = 0u64;
    loop {
        match (x, y) {
            (Some(p), Some(q)) if p.element == q.element => {
                let step = p.count.min(q.count);
                at += step;
                x = if p.count > step {
                    Some(ElementRun {
                        count: p.count - step,
                        ..p
                    })
                } else {
                    xs.next()
                };
                y = if q.count > step {
                    Some(ElementRun {
                        count: q.count - step,
                        ..q
                    })
                } else {
                    ys.next()
                };
            }
            (None, None) => return None,
            (p, q) => return Some((at, p.map(|r| r.element), q.map(|r| r.element))),
        }
    }
}

/// Numbers for the functions an engine shows in its tables during one execution, the same on
/// every engine that agrees so far: the module's exported functions first, numbered in the order
/// of their export names (a function exported twice keeps the number of its first name), then every
/// other function in the order a snapshot first meets it (tables in snapshot order, elements in
/// index order, snapshots in step order). `K` is how the engine tells two functions apart (a
/// Wasmtime `VMFuncRef` address, a wasmi handle).
///
/// A function that is not exported is known only by when it first appears: two engines that each
/// first show a different unexported function at the same place give both the same number. The
/// difference shows as soon as one of them is seen again where the other engine has another
/// function (docs/design.md, "What is compared").
#[derive(Debug)]
pub struct FuncIds<K> {
    ids: HashMap<K, u32>,
}

impl<K: Hash + Eq> FuncIds<K> {
    /// Numbers for an execution whose exported functions, in export-name order, are `exported`.
    pub fn seeded(exported: impl IntoIterator<Item = K>) -> FuncIds<K> {
        let mut ids = FuncIds { ids: HashMap::new() };
        for key in exported {
            ids.id(key);
        }
        ids
    }

    /// The number of the function `key`, a new one when it was not met before.
    pub fn id(&mut self, key: K) -> u32 {
        let next = self.ids.len() as u32;
        *self.ids.entry(key).or_insert(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(elements: &[Element]) -> Vec<ElementRun> {
        let mut r = Vec::new();
        for e in elements {
            push(&mut r, *e);
        }
        r
    }

    #[test]
    fn equal_neighbours_share_a_run_and_the_first_difference_is_found_across_runs() {
        use Element::*;
        let a = runs(&[Func(0), Func(0), Null, Null, Null]);
        assert_eq!(a.len(), 2);
        let b = runs(&[Func(0), Func(0), Null, Func(1), Null]);
        assert_eq!(first_difference(&a, &b), Some((3, Some(Null), Some(Func(1)))));
        let shorter = runs(&[Func(0), Func(0), Null]);
        assert_eq!(first_difference(&a, &shorter), Some((3, Some(Null), None)));
        assert_eq!(first_difference(&a, &a.clone()), None);
    }

    #[test]
    fn exported_functions_keep_their_numbers_and_others_are_numbered_when_met() {
        let mut ids = FuncIds::seeded(["b", "a", "b"]);
        assert_eq!((ids.id("b"), ids.id("a")), (0, 1));
        assert_eq!(ids.id("z"), 2);
        assert_eq!(ids.id("y"), 3);
        assert_eq!(ids.id("z"), 2);
    }
}
