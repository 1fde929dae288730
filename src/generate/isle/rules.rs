//! The ISLE rules of the linked cranelift-codegen crate, embedded by the build script and parsed
//! with the `cranelift-isle` crate's parser: every `rule` of the mid-end (`opts/*.isle`, rooted in
//! `simplify` or `simplify_skeleton`) and of the x64 and aarch64 lowerings (`lower.isle`, rooted in
//! `lower`), with the extractor macros of every file (`(extractor (ult ty x y) (icmp ty
//! (IntCC.UnsignedLessThan) x y))`) to expand in their patterns.

use std::collections::HashMap;

use cranelift_isle::ast::{Def, Expr, Pattern};
use cranelift_isle::lexer::Lexer;

include!(concat!(env!("OUT_DIR"), "/isle_files.rs"));

/// Where a rule applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// The mid-end's rewrites (`opts/*.isle`).
    MidEnd,
    /// x64 lowering (`isa/x64/lower.isle`).
    X64,
    /// aarch64 lowering (`isa/aarch64/lower.isle`).
    Aarch64,
}

impl Stage {
    /// Its name in reports: `mid-end`, `x64`, `aarch64`.
    pub fn name(self) -> &'static str {
        match self {
            Stage::MidEnd => "mid-end",
            Stage::X64 => "x64",
            Stage::Aarch64 => "aarch64",
        }
    }
}

/// One rule: where it is, and the pattern of the instruction it matches (its left-hand side
/// without the `simplify`/`lower` wrapper).
#[derive(Clone, Debug)]
pub struct Rule {
    /// `<file>:<line>` under cranelift-codegen's `src/`, e.g. `opts/shifts.isle:88`.
    pub id: String,
    /// Where it applies.
    pub stage: Stage,
    /// The matched instruction's pattern.
    pub pattern: Pattern,
    /// Every integer constant the rule mentions (pattern, `if-let`s and right-hand side): the
    /// values its conditions compare against.
    pub constants: Vec<i128>,
    /// Whether the rule applies only when the instruction's result has no use (an `if-let` on
    /// `value_is_unused`, as x64's `lock add` for an `atomic_rmw` whose old value is dropped).
    pub result_unused: bool,
}

/// An extractor macro: `(extractor (term args...) template)`.
#[derive(Clone, Debug)]
pub struct Macro {
    /// The parameter names.
    pub args: Vec<String>,
    /// The pattern a use expands to.
    pub template: Pattern,
}

/// The parsed rules.
pub struct Rules {
    /// The rules with a `simplify`, `simplify_skeleton` or `lower` root, in file order.
    pub rules: Vec<Rule>,
    /// Every `rule` parsed, any root (helper terms' rules included).
    pub parsed: usize,
    /// Extractor macros by term name.
    pub macros: HashMap<String, Macro>,
    /// The cranelift-codegen version.
    pub version: &'static str,
}

/// Parses the embedded rule files (a few milliseconds). A file that does not parse is left out
/// and named in the returned errors.
pub fn load() -> (Rules, Vec<String>) {
    let mut rules = Vec::new();
    let mut macros = HashMap::new();
    let mut errors = Vec::new();
    let mut parsed = 0;
    for (index, (file, text)) in ISLE_FILES.iter().enumerate() {
        let defs = match Lexer::new(index, text).and_then(cranelift_isle::parser::parse) {
            Ok(defs) => defs,
            Err(e) => {
                errors.push(format!("{file}: {e:?}"));
                continue;
            }
        };
        let stage = if file.starts_with("opts/") {
            Some(Stage::MidEnd)
        } else if *file == "isa/x64/lower.isle" {
            Some(Stage::X64)
        } else if *file == "isa/aarch64/lower.isle" {
            Some(Stage::Aarch64)
        } else {
            None
        };
        for def in defs {
            match def {
                Def::Extractor(e) => {
                    macros.insert(
                        e.term.0.clone(),
                        Macro {
                            args: e.args.iter().map(|a| a.0.clone()).collect(),
                            template: e.template,
                        },
                    );
                }
                Def::Rule(rule) => {
                    parsed += 1;
                    let Some(stage) = stage else { continue };
                    let Pattern::Term { sym, args, .. } = &rule.pattern else {
                        continue;
                    };
                    let rooted = match stage {
                        Stage::MidEnd => matches!(sym.0.as_str(), "simplify" | "simplify_skeleton"),
                        Stage::X64 | Stage::Aarch64 => sym.0 == "lower",
                    };
                    if !rooted || args.len() != 1 {
                        continue;
                    }
                    let mut constants = Vec::new();
                    pattern_constants(&rule.pattern, &mut constants);
                    for iflet in &rule.iflets {
                        pattern_constants(&iflet.pattern, &mut constants);
                        expr_constants(&iflet.expr, &mut constants);
                    }
                    expr_constants(&rule.expr, &mut constants);
                    constants.sort_unstable();
                    constants.dedup();
                    let result_unused = rule.iflets.iter().any(|i| mentions(&i.expr, "value_is_unused"));
                    rules.push(Rule {
                        id: format!("{file}:{}", line_of(text, rule.pos.offset)),
                        stage,
                        pattern: args[0].clone(),
                        constants,
                        result_unused,
                    });
                }
                _ => {}
            }
        }
    }
    (
        Rules {
            rules,
            parsed,
            macros,
            version: CRANELIFT_CODEGEN_VERSION,
        },
        errors,
    )
}

/// The 1-based line of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    1 + text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

fn pattern_constants(p: &Pattern, out: &mut Vec<i128>) {
    match p {
        Pattern::ConstInt { val, .. } => out.push(*val),
        Pattern::BindPattern { subpat, .. } => pattern_constants(subpat, out),
        Pattern::Term { args, .. } => args.iter().for_each(|a| pattern_constants(a, out)),
        Pattern::And { subpats, .. } => subpats.iter().for_each(|a| pattern_constants(a, out)),
        _ => {}
    }
}

/// Whether `e` calls the term `name`.
fn mentions(e: &Expr, name: &str) -> bool {
    match e {
        Expr::Term { sym, args, .. } => sym.0 == name || args.iter().any(|a| mentions(a, name)),
        Expr::Let { defs, body, .. } => defs.iter().any(|d| mentions(&d.val, name)) || mentions(body, name),
        _ => false,
    }
}

fn expr_constants(e: &Expr, out: &mut Vec<i128>) {
    match e {
        Expr::ConstInt { val, .. } => out.push(*val),
        Expr::Term { args, .. } => args.iter().for_each(|a| expr_constants(a, out)),
        Expr::Let { defs, body, .. } => {
            defs.iter().for_each(|d| expr_constants(&d.val, out));
            expr_constants(body, out);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_file_parses_and_the_mid_end_has_its_rules() {
        let (rules, errors) = load();
        assert!(errors.is_empty(), "{errors:?}");
        let mid_end = rules.rules.iter().filter(|r| r.stage == Stage::MidEnd).count();
        assert!(mid_end > 1000, "{mid_end} mid-end rules");
        assert!(rules.rules.iter().any(|r| r.stage == Stage::X64));
        assert!(rules.rules.iter().any(|r| r.stage == Stage::Aarch64));
        assert!(rules.macros.contains_key("ult") && rules.macros.contains_key("iconst_u"));
        assert!(rules.parsed > rules.rules.len());
        assert!(rules.rules.iter().any(|r| r.id.starts_with("opts/shifts.isle:")));
    }
}
