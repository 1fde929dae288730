//! The features a module uses, read from its binary with wasmparser (not from what a generator
//! meant to make): its types, imports, tables, memories, globals, tags, segments and every
//! instruction, each mapped to a [`Feature`] of the catalogue. The harness runs a module only on
//! the engines that compile every feature it uses. The same walk collects the operators the module
//! contains ([`ModuleUses::operators`]), which the campaign counts toward each engine's reach.

use wasmparser::{
    AbstractHeapType, BlockType, CompositeInnerType, ConstExpr, DataKind, ElementItems, ElementKind, HeapType, Imports,
    MemoryType, Operator, OperatorsReader, Parser, Payload, RefType, TableType, TypeRef, ValType,
};

use crate::operators::{Op, OpSet, Requirement};
use crate::{Feature, FeatureSet};

/// What a module uses, read in one walk of its binary.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ModuleUses {
    /// The features it uses: an engine runs it only when it compiles every one.
    pub features: FeatureSet,
    /// The operators of its function bodies and constant expressions, whatever their immediates
    /// ([`crate::operators`]).
    pub operators: OpSet,
}

/// The features `wasm` uses.
///
/// # Errors
///
/// wasmparser's message when the module does not parse.
pub fn features_used(wasm: &[u8]) -> Result<FeatureSet, String> {
    module_uses(wasm).map(|u| u.features)
}

/// The features and the operators `wasm` uses, in one walk of the binary.
///
/// # Errors
///
/// wasmparser's message when the module does not parse.
pub fn module_uses(wasm: &[u8]) -> Result<ModuleUses, String> {
    let mut used = Uses::default();
    used.module(wasm).map_err(|e| e.to_string())?;
    if used.tables.len() > 1 {
        used.set.insert(Feature::MultiTable);
    }
    if used.memories > 1 {
        used.set.insert(Feature::MultiMemory);
    }
    Ok(ModuleUses {
        features: used.set,
        operators: used.ops,
    })
}

#[derive(Default)]
struct Uses {
    set: FeatureSet,
    ops: OpSet,
    /// The element types of the tables imported and defined so far, in index order.
    tables: Vec<RefType>,
    memories: u32,
    /// The globals imported so far: a constant expression's `global.get` of a later one (a
    /// defined global) is GC's (validators refuse it without: "constant expression required:
    /// global.get of locally defined global").
    imported_globals: u32,
}

impl Uses {
    fn add(&mut self, f: Feature) {
        self.set.insert(f);
    }

    fn module(&mut self, wasm: &[u8]) -> wasmparser::Result<()> {
        for payload in Parser::new(0).parse_all(wasm) {
            match payload? {
                Payload::TypeSection(reader) => {
                    for group in reader {
                        let group = group?;
                        // Explicit recursion groups and subtyping are the GC proposal's type system
                        // (validators refuse them without it: "gc proposal must be enabled to use
                        // subtypes"), even in a module of function types alone.
                        // An explicit group counts even when empty (`(rec)`), which validators
                        // refuse without GC too ("rec group usage requires `gc`").
                        let explicit = group.is_explicit_rec_group();
                        if explicit {
                            self.add(Feature::TypedFuncRef);
                        }
                        for sub in group.into_types() {
                            if explicit || !sub.is_final || !sub.supertype_idxs.is_empty() {
                                self.add(Feature::TypedFuncRef);
                            }
                            match &sub.composite_type.inner {
                                CompositeInnerType::Func(f) => {
                                    if f.results().len() > 1 {
                                        self.add(Feature::MultiValue);
                                    }
                                    for &t in f.params().iter().chain(f.results()) {
                                        self.val(t);
                                    }
                                }
                                CompositeInnerType::Struct(_) => self.add(Feature::GcStruct),
                                CompositeInnerType::Array(_) => self.add(Feature::GcArray),
                                CompositeInnerType::Cont(_) => {}
                            }
                        }
                    }
                }
                Payload::ImportSection(reader) => {
                    for imports in reader {
                        let imports = imports?;
                        if !matches!(imports, Imports::Single(..)) {
                            self.add(Feature::CompactImports);
                        }
                        for import in imports {
                            match import?.1.ty {
                                TypeRef::Table(t) => self.table(t),
                                TypeRef::Memory(m) => self.memory(m),
                                TypeRef::Global(g) => {
                                    self.imported_globals += 1;
                                    self.val(g.content_type)
                                }
                                TypeRef::Tag(_) => self.add(Feature::Exceptions),
                                TypeRef::Func(_) | TypeRef::FuncExact(_) => {}
                            }
                        }
                    }
                }
                Payload::TableSection(reader) => {
                    for table in reader {
                        let table = table?;
                        self.table(table.ty);
                        if let wasmparser::TableInit::Expr(e) = table.init {
                            // A table initializer is typed function references' (validators
                            // refuse it without: "tables with expression initializers require
                            // the function-references proposal").
                            self.add(Feature::TypedFuncRef);
                            self.expr(&e)?;
                        }
                    }
                }
                Payload::MemorySection(reader) => {
                    for memory in reader {
                        self.memory(memory?);
                    }
                }
                Payload::TagSection(_) => self.add(Feature::Exceptions),
                Payload::GlobalSection(reader) => {
                    for global in reader {
                        let global = global?;
                        self.val(global.ty.content_type);
                        self.expr(&global.init_expr)?;
                    }
                }
                Payload::ElementSection(reader) => {
                    for element in reader {
                        let element = element?;
                        match element.kind {
                            ElementKind::Passive | ElementKind::Declared => self.add(Feature::TableCopyInit),
                            ElementKind::Active { offset_expr, .. } => self.expr(&offset_expr)?,
                        }
                        if let ElementItems::Expressions(ty, exprs) = element.items {
                            self.reference(ty);
                            self.add(Feature::FuncrefTable);
                            for expr in exprs {
                                self.expr(&expr?)?;
                            }
                        }
                    }
                }
                Payload::DataSection(reader) => {
                    for data in reader {
                        match data?.kind {
                            DataKind::Passive => self.add(Feature::BulkMemory),
                            DataKind::Active { offset_expr, .. } => self.expr(&offset_expr)?,
                        }
                    }
                }
                Payload::CodeSectionEntry(body) => {
                    for local in body.get_locals_reader()? {
                        self.val(local?.1);
                    }
                    self.operators(body.get_operators_reader()?)?;
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn table(&mut self, t: TableType) {
        self.tables.push(t.element_type);
        if t.table64 {
            self.add(Feature::Table64);
        }
        if t.element_type != RefType::FUNCREF {
            self.reference(t.element_type);
        }
    }

    fn memory(&mut self, m: MemoryType) {
        self.memories += 1;
        if m.memory64 {
            self.add(Feature::Memory64);
        }
        if m.shared {
            self.add(Feature::SharedMemoryAtomics);
        }
        if m.page_size_log2.is_some() {
            self.add(Feature::CustomPageSizes);
        }
    }

    fn val(&mut self, t: ValType) {
        match t {
            ValType::V128 => self.add(Feature::Simd),
            ValType::Ref(r) => self.reference(r),
            ValType::I32 | ValType::I64 | ValType::F32 | ValType::F64 => {}
        }
    }

    /// A reference type as a value or table element: `funcref` needs reference types, `externref`
    /// and `exnref` their own feature, the other abstract types and every concrete or non-null
    /// type the GC or typed function references proposals.
    fn reference(&mut self, r: RefType) {
        if !r.is_nullable() {
            self.add(Feature::TypedFuncRef);
        }
        let feature = match r.heap_type() {
            HeapType::Abstract { ty, .. } => match ty {
                AbstractHeapType::Func => Feature::FuncrefTable,
                AbstractHeapType::Extern => Feature::Externref,
                AbstractHeapType::Exn | AbstractHeapType::NoExn => Feature::Exnref,
                AbstractHeapType::I31 => Feature::GcI31,
                AbstractHeapType::Array => Feature::GcArray,
                _ => Feature::GcStruct,
            },
            HeapType::Concrete(_) | HeapType::Exact(_) => Feature::TypedFuncRef,
        };
        self.add(feature);
    }

    fn expr(&mut self, e: &ConstExpr<'_>) -> wasmparser::Result<()> {
        let mut reader = e.get_operators_reader();
        while !reader.eof() {
            let op = reader.read()?;
            if matches!(
                op,
                Operator::I32Add
                    | Operator::I32Sub
                    | Operator::I32Mul
                    | Operator::I64Add
                    | Operator::I64Sub
                    | Operator::I64Mul
            ) {
                self.add(Feature::ExtendedConst);
            }
            if let Operator::GlobalGet { global_index } = op
                && global_index >= self.imported_globals
            {
                self.add(Feature::TypedFuncRef);
            }
            self.operator(&op);
        }
        Ok(())
    }

    fn operators(&mut self, mut reader: OperatorsReader<'_>) -> wasmparser::Result<()> {
        while !reader.eof() {
            let op = reader.read()?;
            self.operator(&op);
        }
        Ok(())
    }

    /// Adds what `op` needs: its operator's requirement ([`Op::requirement`]), except for
    /// `table.get/set/size/grow/fill` and `ref.null`, which need what their table's element type
    /// (or `ref.null`'s type) needs ([`Self::reference`]: `funcref-table` on a funcref table,
    /// `externref` on an externref one), so that an instruction on an externref table is not filed
    /// under funcref tables.
    fn operator(&mut self, op: &Operator<'_>) {
        match op {
            Operator::Block { blockty } | Operator::Loop { blockty } | Operator::If { blockty } => self.block(*blockty),
            Operator::TryTable { try_table } => {
                self.block(try_table.ty);
                if try_table
                    .catches
                    .iter()
                    .any(|c| matches!(c, wasmparser::Catch::OneRef { .. } | wasmparser::Catch::AllRef { .. }))
                {
                    self.add(Feature::Exnref);
                }
            }
            Operator::CallIndirect { table_index, .. } | Operator::ReturnCallIndirect { table_index, .. }
                if *table_index != 0 =>
            {
                self.add(Feature::MultiTable);
            }
            Operator::TableGet { table }
            | Operator::TableSet { table }
            | Operator::TableSize { table }
            | Operator::TableGrow { table }
            | Operator::TableFill { table } => {
                if let Some(&element) = self.tables.get(*table as usize) {
                    return self.typed(op, element);
                }
            }
            Operator::TypedSelect { ty } => self.val(*ty),
            Operator::TypedSelectMulti { tys } => {
                for &t in tys {
                    self.val(t);
                }
            }
            Operator::RefNull { hty } => {
                return self.typed(op, RefType::new(true, *hty).unwrap_or(RefType::FUNCREF));
            }
            _ => {}
        }
        if let Some(op) = Op::of(op) {
            self.ops.insert(op);
            if let Requirement::Features(features) = op.requirement() {
                for f in features.iter() {
                    self.add(f);
                }
            }
        }
    }

    /// Adds `op`, an instruction on references of type `element`, and what `element` needs.
    fn typed(&mut self, op: &Operator<'_>, element: RefType) {
        if let Some(known) = Op::of(op) {
            self.ops.insert(known);
        }
        self.reference(element);
    }

    fn block(&mut self, ty: BlockType) {
        match ty {
            BlockType::Empty => {}
            BlockType::Type(t) => self.val(t),
            BlockType::FuncType(_) => self.add(Feature::MultiValue),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn used(wat: &str) -> Vec<&'static str> {
        let wasm = wat::parse_str(wat).unwrap();
        features_used(&wasm).unwrap().iter().map(Feature::name).collect()
    }

    #[test]
    fn every_probe_uses_its_own_feature() {
        for f in Feature::ALL {
            let set = features_used(&f.probe_wasm()).unwrap();
            assert!(set.contains(f), "probe {} reads as {:?}", f.name(), used(f.probe_wat()));
        }
    }

    #[test]
    fn an_mvp_module_uses_nothing() {
        assert!(
            used(
                r#"(module (memory 1) (table 1 funcref) (elem (i32.const 0) 0)
                (func (export "f") (param i32) (result i32)
                  (call_indirect (param i32) (result i32) (local.get 0) (i32.load (i32.const 0)))))"#
            )
            .is_empty()
        );
    }

    #[test]
    fn subtypes_and_recursion_groups_are_gc_types() {
        let spec = r#"(module
          (rec (type $f01 (sub (func))) (type $f02 (sub $f01 (func))))
          (func (export "f") (type $f01)))"#;
        assert_eq!(used(spec), vec!["typed-func-ref"]);
        assert_eq!(
            used(r#"(module (rec (type (func))) (func (type 0)))"#),
            vec!["typed-func-ref"]
        );
        assert!(used(r#"(module (type (func)) (func (type 0)))"#).is_empty());
        assert_eq!(used(r#"(module (rec))"#), vec!["typed-func-ref"]);
    }

    #[test]
    fn table_initializers_and_constant_reads_of_defined_globals_are_gc() {
        let defined = r#"(module (global i64 (i64.const 1)) (global i64 (global.get 0)))"#;
        assert_eq!(used(defined), vec!["typed-func-ref"]);
        let imported = r#"(module (import "m" "g" (global i64)) (global i64 (global.get 0)))"#;
        assert!(used(imported).is_empty());
        let init = r#"(module (table 1 funcref (ref.null func)))"#;
        assert!(used(init).contains(&"typed-func-ref"));
    }

    #[test]
    fn operators_are_read_from_bodies_and_constant_expressions() {
        let wasm = wat::parse_str(
            r#"(module (global i32 (i32.add (i32.const 1) (i32.const 2))) (table 1 funcref)
              (func (export "f") (result i32) (drop (table.grow (ref.null func) (i32.const 1))) (i32.const 0)))"#,
        )
        .unwrap();
        let uses = module_uses(&wasm).unwrap();
        let names: Vec<String> = uses.operators.iter().map(Op::name).collect();
        assert_eq!(names, ["end", "drop", "i32.const", "i32.add", "ref.null", "table.grow"]);
        assert_eq!(uses.features, features_used(&wasm).unwrap());
    }

    #[test]
    fn funcref_tables_are_not_externref() {
        let funcref = used(
            r#"(module (table $a 1 funcref) (table $b 1 funcref)
              (func (export "f") (result i32) (drop (table.grow $b (ref.null func) (i32.const 1))) (table.size $a)))"#,
        );
        assert_eq!(funcref, vec!["funcref-table", "multi-table"]);
        let externref = used(r#"(module (func (export "f") (param externref)))"#);
        assert_eq!(externref, vec!["externref"]);
    }

    #[test]
    fn a_table_instruction_needs_what_its_table_holds() {
        let on_externref = used(
            r#"(module (table $e 1 externref)
              (func (export "f") (result i32) (drop (table.grow $e (ref.null extern) (i32.const 1))) (table.size $e)))"#,
        );
        assert_eq!(on_externref, vec!["externref"], "no funcref table is used");
        let through_table_1 = used(
            r#"(module (type $t (func)) (table 1 funcref) (table 1 funcref)
              (func (export "f") (call_indirect 1 (type $t) (i32.const 0))))"#,
        );
        assert_eq!(
            through_table_1,
            vec!["multi-table"],
            "call_indirect needs no table instruction"
        );
        let table64 = used(r#"(module (table $t i64 1 funcref) (func (export "f") (result i64) (table.size $t)))"#);
        assert_eq!(table64, vec!["funcref-table", "table64"]);
    }
}
