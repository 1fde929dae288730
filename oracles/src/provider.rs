//! The providers: small modules an engine instantiates, in the same store, before a module that
//! imports from them, so that the module's imported memories, tables and globals are real
//! instances' items and the code paths of imported (not defined) items are compiled and run.
//!
//! Two providers exist, each a fixed module in the text format, the same for every engine:
//! [`PROVIDER`] (module name `provider`: a memory, a funcref table, an immutable and a mutable
//! global of each numeric type) and [`PROVIDER64`] (module name `provider64`: a 64-bit memory
//! and a 64-bit funcref table; a module importing them uses memory64, and is routed by that).
//! The state of every provider the module imports is part of each step's snapshot, its items
//! named `<provider>.<export>` (e.g. `provider.memory`).

use std::sync::OnceLock;

/// One exported item of a provider.
#[derive(Debug)]
pub struct Item {
    /// The export field name, e.g. `memory`.
    pub field: &'static str,
    /// The item's kind keyword in the text format: `memory`, `table` or `global`.
    pub kind: &'static str,
    /// The item's type in the text format, without the kind, e.g. `1 8` or `(mut i32)`; an import
    /// of exactly this type links.
    pub ty: &'static str,
    /// For a global, its initializer expression (empty otherwise).
    pub init: &'static str,
}

/// A provider module.
#[derive(Debug)]
pub struct Provider {
    /// The import module name the generated module imports its items from.
    pub name: &'static str,
    /// The exported items.
    pub items: &'static [Item],
    /// Text after the items: the provider's functions, element and data segments.
    pub body: &'static str,
}

const fn item(field: &'static str, kind: &'static str, ty: &'static str, init: &'static str) -> Item {
    Item { field, kind, ty, init }
}

/// The 32-bit provider: a memory of 1 to 8 pages, a funcref table of 4 to 100 elements (the first
/// two set to provider functions), and for each of `i32`, `i64`, `f32`, `f64` an immutable global
/// `const_<type>` and a mutable one `mut_<type>`, initialized to edge values.
pub const PROVIDER: Provider = Provider {
    name: "provider",
    items: &[
        item("memory", "memory", "1 8", ""),
        item("table", "table", "4 100 funcref", ""),
        item("const_i32", "global", "i32", "(i32.const -2147483648)"),
        item("mut_i32", "global", "(mut i32)", "(i32.const -1)"),
        item("const_i64", "global", "i64", "(i64.const 0x7fffffffffffffff)"),
        item("mut_i64", "global", "(mut i64)", "(i64.const -9223372036854775808)"),
        item("const_f32", "global", "f32", "(f32.const -0)"),
        item("mut_f32", "global", "(mut f32)", "(f32.const 0x1p-149)"),
        item("const_f64", "global", "f64", "(f64.const inf)"),
        item("mut_f64", "global", "(mut f64)", "(f64.const -0x1.fffffffffffffp+1023)"),
    ],
    body: r#"(func $seven (result i32) (i32.const 7))
  (func $twice (param i32) (result i32) (i32.add (local.get 0) (local.get 0)))
  (elem (table 0) (i32.const 0) func $seven $twice)
  (data (memory 0) (i32.const 0) "crosscheck provider\ff\80\00\01")
  (data (memory 0) (i32.const 65532) "\de\ad\be\ef")"#,
};

/// The 64-bit provider: a 64-bit memory of 1 to 8 pages and a 64-bit funcref table of 4 to 100
/// elements (the first set to a provider function).
pub const PROVIDER64: Provider = Provider {
    name: "provider64",
    items: &[
        item("memory", "memory", "i64 1 8", ""),
        item("table", "table", "i64 4 100 funcref", ""),
    ],
    body: r#"(func $nine (result i32) (i32.const 9))
  (elem (table 0) (i64.const 0) func $nine)
  (data (memory 0) (i64.const 65520) "provider64\00\01\7f\80\fe\ff")"#,
};

/// Every provider, in the order an engine instantiates them.
pub const PROVIDERS: &[&Provider] = &[&PROVIDER, &PROVIDER64];

impl Provider {
    /// The provider module in the text format.
    pub fn wat(&self) -> String {
        let mut text = String::from("(module\n");
        for i in self.items {
            let init = if i.init.is_empty() {
                String::new()
            } else {
                format!(" {}", i.init)
            };
            text.push_str(&format!("  ({} (export \"{}\") {}{init})\n", i.kind, i.field, i.ty));
        }
        text.push_str("  ");
        text.push_str(self.body);
        text.push(')');
        text
    }

    /// The provider module's binary, built once per process.
    pub fn wasm(&self) -> &'static [u8] {
        static BUILT: [OnceLock<Vec<u8>>; PROVIDERS.len()] = [const { OnceLock::new() }; PROVIDERS.len()];
        let index = PROVIDERS
            .iter()
            .position(|p| p.name == self.name)
            .expect("every provider is listed in PROVIDERS");
        BUILT[index].get_or_init(|| wat::parse_str(self.wat()).expect("the provider module is valid text"))
    }

    /// One `(import ...)` line per item, the declarations a module importing every item has.
    pub fn import_lines(&self) -> String {
        self.items
            .iter()
            .map(|i| format!("  (import \"{}\" \"{}\" ({} {}))\n", self.name, i.field, i.kind, i.ty))
            .collect()
    }

    /// The name a snapshot gives the provider's export `field`: `<provider>.<field>`.
    pub fn state_name(&self, field: &str) -> String {
        format!("{}.{field}", self.name)
    }
}

/// The providers a module whose imports come from the modules `modules` imports from, in
/// [`PROVIDERS`] order; empty for a module that imports from none.
pub fn imported<'a>(modules: impl IntoIterator<Item = &'a str>) -> Vec<&'static Provider> {
    let modules: Vec<&str> = modules.into_iter().collect();
    PROVIDERS
        .iter()
        .copied()
        .filter(|p| modules.contains(&p.name))
        .collect()
}

/// The providers `wasm` imports from, read from its import section, in [`PROVIDERS`] order.
///
/// # Errors
///
/// When `wasm` cannot be parsed: wasmparser's message.
pub fn imported_by(wasm: &[u8]) -> Result<Vec<&'static Provider>, wasmparser::BinaryReaderError> {
    let mut modules = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        if let wasmparser::Payload::ImportSection(reader) = payload? {
            for import in reader.into_imports() {
                modules.push(import?.module);
            }
        }
    }
    Ok(imported(modules))
}

/// The provider of a snapshot's item named `name` ([`Provider::state_name`]) among `providers`,
/// and the item's field name; `None` for an item of the module itself.
pub fn owner<'a>(providers: &[&'static Provider], name: &'a str) -> Option<(&'static Provider, &'a str)> {
    providers
        .iter()
        .find_map(|p| Some((*p, name.strip_prefix(p.name)?.strip_prefix('.')?)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn providers_validate_and_export_their_items() {
        for p in PROVIDERS {
            let mut features = wasmparser::WasmFeatures::default();
            features.insert(wasmparser::WasmFeatures::MEMORY64);
            wasmparser::Validator::new_with_features(features)
                .validate_all(p.wasm())
                .unwrap();
            let exports: Vec<String> = wasmparser::Parser::new(0)
                .parse_all(p.wasm())
                .filter_map(|payload| match payload.unwrap() {
                    wasmparser::Payload::ExportSection(s) => Some(s),
                    _ => None,
                })
                .flat_map(|s| s.into_iter().map(|e| e.unwrap().name.to_string()))
                .collect();
            let fields: Vec<&str> = p.items.iter().map(|i| i.field).collect();
            assert_eq!(exports, fields, "{}", p.name);
        }
    }

    #[test]
    fn a_module_importing_every_item_links_against_its_provider() {
        for p in PROVIDERS {
            let importer = format!("(module\n{})", p.import_lines());
            let engine = wasmi::Engine::default();
            let mut store = wasmi::Store::new(&engine, ());
            let provider = wasmi::Module::new(&engine, p.wasm()).unwrap();
            let instance = wasmi::Linker::new(&engine)
                .instantiate_and_start(&mut store, &provider)
                .unwrap();
            let mut linker = wasmi::Linker::new(&engine);
            linker.instance(&mut store, p.name, instance).unwrap();
            let module = wasmi::Module::new(&engine, wat::parse_str(&importer).unwrap()).unwrap();
            linker.instantiate_and_start(&mut store, &module).unwrap();
        }
    }

    #[test]
    fn only_the_providers_a_module_imports_from_are_instantiated() {
        assert!(imported(["host"]).is_empty());
        let names: Vec<&str> = imported(["provider64", "host", "provider"])
            .iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(names, ["provider", "provider64"]);
        assert_eq!(PROVIDER.state_name("memory"), "provider.memory");
        let both = [&PROVIDER, &PROVIDER64];
        assert_eq!(
            owner(&both, "provider64.table").map(|(p, f)| (p.name, f)),
            Some(("provider64", "table"))
        );
        assert_eq!(
            owner(&both, "provider.mut_i32").map(|(p, f)| (p.name, f)),
            Some(("provider", "mut_i32"))
        );
        assert!(owner(&both, "memory").is_none());
        assert!(owner(&[&PROVIDER], "provider64.table").is_none());
        let importer = wat::parse_str(format!("(module\n{})", PROVIDER64.import_lines())).unwrap();
        let names: Vec<&str> = imported_by(&importer).unwrap().iter().map(|p| p.name).collect();
        assert_eq!(names, ["provider64"]);
    }
}
