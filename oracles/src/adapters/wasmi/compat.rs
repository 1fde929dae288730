//! The wasmi API as it differs between the releases a worker can be built against (1.0.0 and
//! newer, see `scripts/build-worker.sh`): one item per difference, each with the named ranges of
//! releases it covers. The build script sets a range's cfg from the release the crate links.

use wasmi::{AsContextMut, Table};

/// A nullable reference of wasmi's values.
///
/// - Releases 2 and newer (`not(wasmi_before_2)`): `wasmi::Nullable`.
/// - Releases 1.x (`wasmi_before_2`): the same enum is called `wasmi::Ref`.
#[cfg(not(wasmi_before_2))]
pub(super) use wasmi::Nullable;
#[cfg(wasmi_before_2)]
pub(super) use wasmi::Ref as Nullable;

/// A new `funcref` table of `min` to `max` elements, all null.
///
/// - Releases 2 and newer: the table type takes a `RefType` and the initial element is a `Ref`.
/// - Releases 1.x: the table type takes a `ValType` and the initial element is a `Val`.
///
/// # Errors
///
/// When wasmi refuses the table (its limits).
pub(super) fn null_funcref_table(store: impl AsContextMut, min: u32, max: u32) -> Result<Table, wasmi::Error> {
    #[cfg(not(wasmi_before_2))]
    let (ty, init) = (
        wasmi::TableType::new(wasmi::RefType::Func, min, Some(max)),
        wasmi::Ref::Func(Nullable::Null),
    );
    #[cfg(wasmi_before_2)]
    let (ty, init) = (
        wasmi::TableType::new(wasmi::ValType::FuncRef, min, Some(max)),
        wasmi::Val::FuncRef(Nullable::Null),
    );
    Table::new(store, ty, init)
}
