//! Starting a run's instance, the part both adapters share: linking the providers a module
//! imports ([`crate::provider`]), and sorting out the exports a session keeps. It names no
//! engine: each adapter implements [`ExternItem`] for its engine's exports and passes closures
//! over its own linker and store, so wasmi still shares no engine code with Wasmtime.

use std::hash::Hash;
use std::sync::Arc;

use crate::elements::FuncIds;
use crate::provider::Provider;
use crate::{Rejection, RejectionKind};

/// Exports by the names snapshots give them; `E` is the engine's export (extern) type.
pub(crate) type Items<E> = Vec<(Arc<str>, E)>;

/// An engine's export: a function or something else (a memory, global, table, tag).
pub(crate) trait ExternItem {
    /// The engine's function handle.
    type Func: Copy;

    /// The function, when the export is one.
    fn func(&self) -> Option<Self::Func>;
}

/// Links `providers` for a module that imports them: `None` and no items when there are none;
/// otherwise a clone of `linker` to which `link` added each provider in turn (it instantiates the
/// provider in the run's store, defines its exports under the provider's module name, and returns
/// its exports by field name), and the providers' exports that are not functions, by the names
/// snapshots give them ([`Provider::state_name`]), in provider order and then by name.
///
/// # Errors
///
/// A [`RejectionKind::Error`] rejection naming the failure `link` reports (a provider the engine
/// does not compile or instantiate, such as a 64-bit provider without memory64).
pub(crate) fn link_providers<L: Clone, E: ExternItem>(
    providers: &[&'static Provider],
    linker: &L,
    mut link: impl FnMut(&mut L, &'static Provider) -> Result<Vec<(String, E)>, String>,
) -> Result<(Option<L>, Items<E>), Rejection> {
    if providers.is_empty() {
        return Ok((None, Vec::new()));
    }
    let mut linker = linker.clone();
    let mut provided = Vec::new();
    for p in providers {
        let exports = link(&mut linker, p).map_err(|e| Rejection {
            kind: RejectionKind::Error,
            message: format!("cannot instantiate a provider: {e}"),
        })?;
        let mut items: Items<E> = exports
            .into_iter()
            .filter(|(_, ext)| ext.func().is_none())
            .map(|(field, ext)| (Arc::from(p.state_name(&field)), ext))
            .collect();
        items.sort_by(|a, b| a.0.cmp(&b.0));
        provided.extend(items);
    }
    Ok((Some(linker), provided))
}

/// The exports a session of a fresh instance keeps.
pub(crate) struct SessionExports<E: ExternItem, K> {
    /// The memories, globals and tables a snapshot reads: the instance's by name, then the
    /// providers'.
    pub(crate) items: Items<E>,
    /// The target of `host.call_back`: the first exported function of type `[i32] -> [i32]`.
    pub(crate) callback: Option<E::Func>,
    /// The numbers of functions in tables, seeded with the exported functions in name order.
    pub(crate) funcs: FuncIds<K>,
}

/// Sorts the exports of a fresh instance, `exports` (by export name), and the items `provided`
/// by its providers ([`link_providers`]) into what a session keeps. `store` is the engine's
/// store: `is_callback` tells whether a function has the type of the `host.call_back` target,
/// and `key` tells functions apart ([`FuncIds`]).
pub(crate) fn session_exports<S, E: ExternItem, K: Hash + Eq>(
    store: &mut S,
    mut exports: Items<E>,
    provided: Items<E>,
    is_callback: impl Fn(&mut S, &E::Func) -> bool,
    mut key: impl FnMut(&mut S, &E::Func) -> K,
) -> SessionExports<E, K> {
    // Snapshots list exports by name: wasmi does not iterate them in module order.
    exports.sort_by(|a, b| a.0.cmp(&b.0));
    exports.extend(provided);
    let callback = exports
        .iter()
        .find_map(|(_, ext)| ext.func().filter(|f| is_callback(store, f)));
    let keys: Vec<K> = exports
        .iter()
        .filter_map(|(_, ext)| ext.func())
        .map(|f| key(store, &f))
        .collect();
    let funcs = FuncIds::seeded(keys);
    // A snapshot reads the memories, globals and tables; the functions stay out of the loop it
    // makes after every step.
    exports.retain(|(_, ext)| ext.func().is_none());
    SessionExports {
        items: exports,
        callback,
        funcs,
    }
}
