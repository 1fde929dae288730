//! Strategy `isle`: modules of functions that compute the left-hand sides of the ISLE rules of the
//! linked Cranelift (its mid-end rewrites and its x64 and aarch64 lowerings; see [`rules`]), each
//! at a type the rule admits, with the rule's own constants in its immediates ([`translate`]), and
//! now and then another rule's tree as a leaf, so that the lowering sees what the mid-end made.
//! The atomic lowering rules become Wasm atomics ([`translate`]'s `atomic`) where two engines of
//! the run compile them: half the functions of a module are drawn from them in one module in two
//! when every engine does, in one in four when only some do; a module with atomics has a shared
//! memory half the time.
//!
//! RGFuzz (Park et al., IEEE S&P 2025) derives a generator from the same rules; this one is ours:
//! it reads the rules of whichever cranelift-codegen the build links.

pub mod rules;
pub mod translate;
pub mod types;

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use arbitrary::Unstructured;
use crosscheck_oracles::{Proposal, ProposalSet};

use super::strategy::{Context, Coverage, Made, Strategy};
use super::tree::{self, Function};
use super::{Discard, Source};
use rules::{Rule, Rules, Stage};
use translate::{Nest, Translator};
use types::ClifTy;

/// The parsed rules with the types each is expressible at.
pub struct Catalogue {
    /// The parsed rules.
    pub rules: Rules,
    /// Per rule (same index), the root types it is expressible at; empty when at none.
    pub types: Vec<Vec<ClifTy>>,
    /// Why rules are expressible at no type, with how many rules each reason stopped (a reason
    /// that does not depend on the type tried, when there is one).
    pub skipped: BTreeMap<String, usize>,
    /// Files that did not parse, with the parser's error.
    pub errors: Vec<String>,
    /// The indices of the expressible rules whose functions use the atomics of the threads
    /// proposal ([`Proposal::Atomics`]).
    pub atomic: Vec<usize>,
    by_type: HashMap<ClifTy, Vec<usize>>,
}

impl Catalogue {
    /// The catalogue of the linked cranelift-codegen, built on first use (tens of milliseconds).
    pub fn get() -> &'static Catalogue {
        static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
        CATALOGUE.get_or_init(build)
    }

    /// The indices of the rules expressible at some type.
    pub fn expressible(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.types.len()).filter(|&i| !self.types[i].is_empty())
    }

    /// The rule with this id (`opts/shifts.isle:88`), if parsed.
    pub fn find(&self, id: &str) -> Option<(usize, &Rule)> {
        self.rules.rules.iter().enumerate().find(|(_, r)| r.id == id)
    }
}

fn build() -> Catalogue {
    let (rules, errors) = rules::load();
    let mut types = Vec::with_capacity(rules.rules.len());
    let mut skipped = BTreeMap::new();
    let mut by_type: HashMap<ClifTy, Vec<usize>> = HashMap::new();
    let mut atomic = Vec::new();
    for (index, rule) in rules.rules.iter().enumerate() {
        let mut ok = Vec::new();
        let mut reasons = Vec::new();
        for ty in ClifTy::ROOTS {
            let mut u = Unstructured::new(&[]);
            match Translator::new(&rules.macros, &mut u, None).function(rule, ty) {
                Ok(f) => {
                    if ok.is_empty() && tree::proposals(&[f]).contains(Proposal::Atomics) {
                        atomic.push(index);
                    }
                    ok.push(ty);
                }
                Err(e) => reasons.push(e.0),
            }
        }
        if ok.is_empty() {
            // A reason that is not about the type tried ("bswap", not "iadd at I8") says more.
            let reason = reasons
                .iter()
                .find(|r| !r.contains(" at "))
                .or(reasons.first())
                .cloned()
                .unwrap_or_default();
            *skipped.entry(reason).or_default() += 1;
        }
        for &ty in &ok {
            by_type.entry(ty).or_default().push(index);
        }
        types.push(ok);
    }
    Catalogue {
        rules,
        types,
        skipped,
        errors,
        atomic,
        by_type,
    }
}

/// Nests rules expressible at a type, restricted to a run's proposals.
struct Nesting<'a> {
    catalogue: &'a Catalogue,
    simd: bool,
}

impl Nest for Nesting<'_> {
    fn rule_at(&self, u: &mut Unstructured, ty: ClifTy) -> Option<&Rule> {
        if ty.is_vector() && !self.simd {
            return None;
        }
        let candidates = self.catalogue.by_type.get(&ty)?;
        let index = *u.choose(candidates).ok()?;
        Some(&self.catalogue.rules.rules[index])
    }
}

/// The ISLE strategy.
pub struct Isle {
    catalogue: &'static Catalogue,
    expressible: Vec<usize>,
}

impl Isle {
    /// The strategy over the linked Cranelift's rules.
    pub fn new() -> Isle {
        let catalogue = Catalogue::get();
        Isle {
            catalogue,
            expressible: catalogue.expressible().collect(),
        }
    }

    /// Whether half the functions of this module are drawn from the atomic rules: in one module
    /// in two when every engine of the run compiles the atomics, in one in four when only some
    /// do (the module then sits the others out), never when fewer than two do.
    fn favour_atomics(&self, u: &mut Unstructured, cx: &Context<'_>) -> arbitrary::Result<bool> {
        if !cx.allowed.contains(Proposal::Atomics) || self.catalogue.atomic.is_empty() {
            return Ok(false);
        }
        u.ratio(1, if cx.common.contains(Proposal::Atomics) { 2 } else { 4 })
    }
}

impl Default for Isle {
    fn default() -> Self {
        Isle::new()
    }
}

/// Most functions in one module.
const MAX_FUNCTIONS: usize = 6;

/// Tries per function before a module does without it.
const TRIES: usize = 4;

impl Strategy for Isle {
    fn generate(&self, u: &mut Unstructured, cx: &Context<'_>) -> Result<Made, Discard> {
        let gen_err = |e: arbitrary::Error| Discard::Generator(e.to_string());
        if self.expressible.is_empty() {
            return Err(Discard::Generator("no ISLE rule is expressible".into()));
        }
        let simd = cx.allowed.contains(Proposal::Simd);
        let nesting = Nesting {
            catalogue: self.catalogue,
            simd,
        };
        let favour_atomics = self.favour_atomics(u, cx).map_err(gen_err)?;
        let count = u.int_in_range(1..=MAX_FUNCTIONS).map_err(gen_err)?;
        let mut functions: Vec<Function> = Vec::new();
        let mut used = Vec::new();
        for _ in 0..count {
            for _ in 0..TRIES {
                let from = if favour_atomics && u.ratio(1, 2).map_err(gen_err)? {
                    &self.catalogue.atomic
                } else {
                    &self.expressible
                };
                let index = *u.choose(from).map_err(gen_err)?;
                let rule = &self.catalogue.rules.rules[index];
                let types: Vec<ClifTy> = self.catalogue.types[index]
                    .iter()
                    .copied()
                    .filter(|t| simd || !t.is_vector())
                    .collect();
                let Ok(&ty) = u.choose(&types) else { continue };
                let mut translator = Translator::new(&self.catalogue.rules.macros, u, Some(&nesting));
                let Ok(function) = translator.function(rule, ty) else {
                    continue;
                };
                if !within(tree::proposals(std::slice::from_ref(&function)), cx.allowed) {
                    continue;
                }
                used.extend(translator.used);
                functions.push(function);
                break;
            }
        }
        if functions.is_empty() {
            return Err(Discard::Generator("no rule instantiated".into()));
        }
        used.sort();
        used.dedup();
        let proposals = tree::proposals(&functions);
        let shared = proposals.contains(Proposal::Atomics) && u.ratio(1, 2).map_err(gen_err)?;
        Ok(Made {
            wasm: tree::module(&functions, shared),
            proposals,
            source: Source::Isle(used),
            termination_fuel: None,
        })
    }

    fn coverage(&self) -> Option<Coverage> {
        let c = self.catalogue;
        let mut by_stage: BTreeMap<&'static str, (usize, usize)> = BTreeMap::new();
        for (i, rule) in c.rules.rules.iter().enumerate() {
            let entry = by_stage.entry(rule.stage.name()).or_default();
            entry.0 += 1;
            entry.1 += usize::from(!c.types[i].is_empty());
        }
        Some(Coverage {
            unit: "rules",
            origin: format!("cranelift-codegen {}", c.rules.version),
            parsed: c.rules.parsed,
            groups: by_stage
                .into_iter()
                .map(|(stage, (candidates, expressible))| (stage, candidates, expressible))
                .collect(),
            group_of: |id: &str| {
                if id.starts_with("opts/") {
                    Stage::MidEnd.name()
                } else if id.starts_with("isa/x64/") {
                    Stage::X64.name()
                } else {
                    Stage::Aarch64.name()
                }
            },
        })
    }
}

fn within(used: ProposalSet, allowed: ProposalSet) -> bool {
    used.iter().all(|p| allowed.contains(p))
}
