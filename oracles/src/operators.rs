//! The catalogue of instructions (operators): every operator wasmparser knows, listed from its
//! `for_each_operator!` macro (the one source of truth of the binary format's operators, each filed
//! under its proposal), with its text-format name and what an engine must compile to compile it
//! ([`Requirement`]). The same mapping routes modules ([`crate::uses`]) and makes each engine's
//! denominator of reach ([`OpSet::compiled_with`]): the operators its probed support
//! ([`crate::Support`]) shows it compiles.

use wasmparser::Operator;

use crate::{Feature, FeatureSet};

/// The operators of wasmparser's `for_each_operator!`, one variant each, in its order: their
/// discriminants are the operator indices of [`Op`].
macro_rules! define_kinds {
    ($( @$proposal:ident $op:ident $({ $($arg:ident: $argty:ty),* })? => $visit:ident ($($ann:tt)*) )*) => {
        #[derive(Clone, Copy)]
        #[repr(u16)]
        enum Kind {
            $( $op, )*
        }

        /// Each operator's wasmparser proposal and visitor name, in [`Kind`] order.
        const TABLE: &[(&str, &str)] = &[ $( (stringify!($proposal), stringify!($visit)), )* ];

        fn kind_of(op: &Operator<'_>) -> Option<Kind> {
            match op {
                $( Operator::$op { .. } => Some(Kind::$op), )*
                _ => None,
            }
        }
    };
}
wasmparser::for_each_operator!(define_kinds);

/// One operator of the catalogue, whatever its immediates (`table.get 0` and `table.get 1` are
/// the same operator; so are `ref.null func` and `ref.null extern`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Op(u16);

/// What an engine must compile for an operator to count as one it compiles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Requirement {
    /// Nothing beyond the MVP: every engine compiles it.
    Mvp,
    /// These features ([`crate::features`]): the operator's family and, for the GC conversions
    /// `any.convert_extern` and `extern.convert_any`, `externref`, whose values they take or make.
    Features(FeatureSet),
    /// No probe says whether an engine compiles it: the proposals crosscheck does not probe
    /// (relaxed SIMD, legacy exceptions, stack switching, shared-everything threads, custom
    /// descriptors, memory control, acquire-release atomics) and `select` with several result
    /// types, which wasmparser parses but no validator accepts. It counts for no engine.
    Unprobed,
}

impl Op {
    /// The number of operators in the catalogue.
    pub const COUNT: usize = TABLE.len();

    /// Every operator, in wasmparser's order.
    pub fn all() -> impl Iterator<Item = Op> {
        (0..Op::COUNT as u16).map(Op)
    }

    /// The catalogue entry of `op`; `None` only for an operator wasmparser's `Operator` has and
    /// its `for_each_operator!` list does not (there is none in wasmparser 0.263).
    pub fn of(op: &Operator<'_>) -> Option<Op> {
        kind_of(op).map(|k| Op(k as u16))
    }

    /// The proposal wasmparser files the operator under (`mvp`, `simd`, `threads`, `gc`, ...).
    pub fn proposal(self) -> &'static str {
        TABLE[self.0 as usize].0
    }

    /// The operator's name in the text format (`table.grow`, `i32.atomic.rmw8.add_u`), made from
    /// wasmparser's visitor name: the first `_` after a namespace (`i32`, `table`, `ref`, ...)
    /// becomes a `.`, as do those after `atomic` and `rmw`/`rmwN`. The two forms of `ref.test`,
    /// `ref.cast` and the typed `select`, one opcode each, say which they are in a suffix.
    pub fn name(self) -> String {
        let visit = TABLE[self.0 as usize].1;
        text_name(visit.strip_prefix("visit_").unwrap_or(visit))
    }

    /// What an engine must compile to compile this operator.
    pub fn requirement(self) -> Requirement {
        let (proposal, visit) = TABLE[self.0 as usize];
        let name = visit.strip_prefix("visit_").unwrap_or(visit);
        if proposal == "mvp" {
            return Requirement::Mvp;
        }
        if name == "typed_select_multi" {
            return Requirement::Unprobed;
        }
        match family(proposal, name) {
            None => Requirement::Unprobed,
            Some(f) => {
                let mut set: FeatureSet = [f].into_iter().collect();
                if name.contains("extern") {
                    set.insert(Feature::Externref);
                }
                Requirement::Features(set)
            }
        }
    }

    /// Its index in the catalogue, below [`Op::COUNT`].
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// The feature of an operator of wasmparser's proposal `proposal` whose visitor is `name`
/// (`table_copy`): the proposal's feature, split by name where one proposal holds several;
/// `None` for a proposal no feature probes.
fn family(proposal: &str, name: &str) -> Option<Feature> {
    Some(match proposal {
        "sign_extension" => Feature::SignExtension,
        "saturating_float_to_int" => Feature::SaturatingFloatToInt,
        "bulk_memory" if name.starts_with("table") || name == "elem_drop" => Feature::TableCopyInit,
        "bulk_memory" => Feature::BulkMemory,
        "reference_types" => Feature::FuncrefTable,
        "tail_call" => Feature::TailCall,
        "simd" => Feature::Simd,
        "wide_arithmetic" => Feature::WideArithmetic,
        "exceptions" if name == "throw_ref" => Feature::Exnref,
        "exceptions" => Feature::Exceptions,
        "function_references" => Feature::TypedFuncRef,
        "gc" if name.contains("struct") => Feature::GcStruct,
        "gc" if name.contains("i31") => Feature::GcI31,
        "gc" if name.contains("array") => Feature::GcArray,
        "gc" => Feature::GcStruct,
        "threads" if name.starts_with("i32") => Feature::Atomics32,
        "threads" if name.starts_with("i64") => Feature::Atomics64,
        "threads" => Feature::AtomicWaitNotify,
        _ => return None,
    })
}

/// The namespaces of the text format's instruction names: the part before the first `.`.
const NAMESPACES: [&str; 23] = [
    "i32", "i64", "f32", "f64", "v128", "i8x16", "i16x8", "i32x4", "i64x2", "f32x4", "f64x2", "local", "global",
    "memory", "table", "elem", "data", "ref", "struct", "array", "i31", "any", "extern",
];

/// The text-format name of the operator whose visitor is `visit_<name>` (see [`Op::name`]).
fn text_name(name: &str) -> String {
    match name {
        "typed_select" => return "select (typed)".into(),
        "typed_select_multi" => return "select (typed, several results)".into(),
        "ref_test_non_null" => return "ref.test".into(),
        "ref_test_nullable" => return "ref.test (null)".into(),
        "ref_cast_non_null" => return "ref.cast".into(),
        "ref_cast_nullable" => return "ref.cast (null)".into(),
        _ => {}
    }
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    if let Some((head, tail)) = rest.split_once('_')
        && (NAMESPACES.contains(&head) || head == "atomic" || head == "cont")
    {
        out.push_str(head);
        out.push('.');
        rest = tail;
    }
    if let Some(tail) = rest.strip_prefix("atomic_") {
        out.push_str("atomic.");
        rest = tail;
        if rest.starts_with("rmw")
            && let Some((rmw, tail)) = rest.split_once('_')
        {
            out.push_str(rmw);
            out.push('.');
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

/// A set of operators, as a bit set over the catalogue's indices: what the modules of a campaign
/// used, or what an engine compiles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpSet {
    bits: [u64; OpSet::WORDS],
}

impl Default for OpSet {
    fn default() -> Self {
        OpSet {
            bits: [0; OpSet::WORDS],
        }
    }
}

impl OpSet {
    const WORDS: usize = Op::COUNT.div_ceil(64);

    /// The empty set.
    pub fn new() -> OpSet {
        OpSet::default()
    }

    /// The operators an engine compiles when its probes show it compiles `features`: the MVP's,
    /// and each operator whose [`Requirement::Features`] are all in `features`. Operators that
    /// are [`Requirement::Unprobed`] are never in it.
    pub fn compiled_with(features: FeatureSet) -> OpSet {
        Op::all()
            .filter(|op| match op.requirement() {
                Requirement::Mvp => true,
                Requirement::Features(needs) => needs.is_subset(features),
                Requirement::Unprobed => false,
            })
            .collect()
    }

    /// Adds `op`.
    pub fn insert(&mut self, op: Op) {
        self.bits[op.index() / 64] |= 1 << (op.index() % 64);
    }

    /// Whether `op` is in the set.
    pub fn contains(&self, op: Op) -> bool {
        self.bits[op.index() / 64] & (1 << (op.index() % 64)) != 0
    }

    /// Adds every member of `other`.
    pub fn union_with(&mut self, other: &OpSet) {
        for (a, b) in self.bits.iter_mut().zip(&other.bits) {
            *a |= b;
        }
    }

    /// The members of `self` that are also in `other`.
    pub fn intersection(&self, other: &OpSet) -> OpSet {
        let mut out = self.clone();
        for (a, b) in out.bits.iter_mut().zip(&other.bits) {
            *a &= b;
        }
        out
    }

    /// The number of members.
    pub fn len(&self) -> usize {
        self.bits.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.bits.iter().all(|w| *w == 0)
    }

    /// The members, in catalogue order.
    pub fn iter(&self) -> impl Iterator<Item = Op> + '_ {
        Op::all().filter(|op| self.contains(*op))
    }
}

impl FromIterator<Op> for OpSet {
    fn from_iter<I: IntoIterator<Item = Op>>(iter: I) -> Self {
        let mut set = OpSet::new();
        for op in iter {
            set.insert(op);
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(name: &str) -> Op {
        Op::all()
            .find(|o| o.name() == name)
            .unwrap_or_else(|| panic!("no operator {name}"))
    }

    fn features(list: &[Feature]) -> FeatureSet {
        list.iter().copied().collect()
    }

    #[test]
    fn known_operators_are_in_their_features() {
        let cases = [
            ("i32.add", Requirement::Mvp),
            ("call_indirect", Requirement::Mvp),
            ("table.grow", Requirement::Features(features(&[Feature::FuncrefTable]))),
            ("table.copy", Requirement::Features(features(&[Feature::TableCopyInit]))),
            ("memory.fill", Requirement::Features(features(&[Feature::BulkMemory]))),
            ("i8x16.shuffle", Requirement::Features(features(&[Feature::Simd]))),
            (
                "i32.atomic.rmw8.add_u",
                Requirement::Features(features(&[Feature::Atomics32])),
            ),
            (
                "i64.atomic.load32_u",
                Requirement::Features(features(&[Feature::Atomics64])),
            ),
            (
                "memory.atomic.wait32",
                Requirement::Features(features(&[Feature::AtomicWaitNotify])),
            ),
            ("throw_ref", Requirement::Features(features(&[Feature::Exnref]))),
            ("try_table", Requirement::Features(features(&[Feature::Exceptions]))),
            ("array.len", Requirement::Features(features(&[Feature::GcArray]))),
            ("ref.i31", Requirement::Features(features(&[Feature::GcI31]))),
            ("call_ref", Requirement::Features(features(&[Feature::TypedFuncRef]))),
            (
                "i64.add128",
                Requirement::Features(features(&[Feature::WideArithmetic])),
            ),
            (
                "any.convert_extern",
                Requirement::Features(features(&[Feature::GcStruct, Feature::Externref])),
            ),
            ("i32x4.relaxed_trunc_f32x4_s", Requirement::Unprobed),
            ("rethrow", Requirement::Unprobed),
            ("select (typed, several results)", Requirement::Unprobed),
        ];
        for (name, requirement) in cases {
            assert_eq!(op(name).requirement(), requirement, "{name}");
        }
    }

    #[test]
    fn names_are_unique() {
        let mut names: Vec<String> = Op::all().map(Op::name).collect();
        names.sort();
        let before = names.len();
        names.dedup();
        assert_eq!(names.len(), before);
    }

    /// What Winch x64 compiles per its probes: everything but `externref` and GC.
    #[test]
    fn a_support_without_externref_leaves_its_operators_out() {
        let winch: FeatureSet = Feature::ALL
            .into_iter()
            .filter(|f| {
                !matches!(
                    f,
                    Feature::Externref | Feature::GcStruct | Feature::GcArray | Feature::GcI31 | Feature::TypedFuncRef
                )
            })
            .collect();
        let compiled = OpSet::compiled_with(winch);
        for name in [
            "table.grow",
            "table.get",
            "ref.null",
            "table.init",
            "i32.atomic.store8",
            "i32.add",
        ] {
            assert!(compiled.contains(op(name)), "{name}");
        }
        for name in ["any.convert_extern", "extern.convert_any", "struct.new", "rethrow"] {
            assert!(!compiled.contains(op(name)), "{name}");
        }
        let mut gc = winch;
        gc.insert(Feature::GcStruct);
        let with_gc = OpSet::compiled_with(gc);
        assert!(with_gc.contains(op("ref.eq")));
        assert!(!with_gc.contains(op("extern.convert_any")), "still no externref");
        assert!(compiled.len() < with_gc.len());
        assert_eq!(with_gc.intersection(&compiled), compiled);
    }

    #[test]
    fn a_set_counts_and_lists_its_members() {
        let mut set: OpSet = [op("table.grow"), op("i32.add")].into_iter().collect();
        assert_eq!(set.len(), 2);
        set.union_with(&[op("i32.add"), op("v128.any_true")].into_iter().collect());
        let names: Vec<String> = set.iter().map(Op::name).collect();
        assert_eq!(names, ["i32.add", "table.grow", "v128.any_true"]);
        assert!(OpSet::new().is_empty());
    }
}
