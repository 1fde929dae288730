//! Catalogue entries before assembly ([`Raw`]): what `catalog`, and the exception and GC entries
//! it gathers, each make before the catalogue validates and indexes them.

use crosscheck_oracles::Proposal;

use super::Ty;

/// Any entry before assembly: text pieces emitted before each operand (none, or one per
/// operand), the text after them, operand types, result type, proposal, table (table entries),
/// whether it names a 64-bit table.
pub(super) struct Raw {
    pub(super) before: Vec<String>,
    pub(super) after: String,
    pub(super) params: Vec<Ty>,
    pub(super) result: Option<Ty>,
    pub(super) proposal: Option<Proposal>,
    pub(super) table: Option<u32>,
    pub(super) table64: bool,
}

impl Raw {
    /// The entry's name: its text after the operands, or with `_` for each operand when a
    /// piece goes between them (`_ ref.func 0 _ table.fill 0 ...`).
    pub(super) fn text(&self) -> String {
        if self.before.iter().all(String::is_empty) {
            return self.after.clone();
        }
        let mut text = String::new();
        for piece in &self.before {
            if !piece.is_empty() {
                text.push_str(piece);
                text.push(' ');
            }
            text.push_str("_ ");
        }
        text + &self.after
    }
}
