//! Generation of test cases: a strategy (see [`strategy`]), the module it makes and a call plan,
//! all from one seed (or from raw fuzzer bytes).

pub mod bounds;
pub mod call_plan;
pub mod edge;
pub mod isle;
pub mod ops;
pub mod registry;
pub mod smith;
pub mod spec;
pub mod strategy;
pub mod swarm;
pub mod timeouts;
pub mod tree;
pub mod values;

use arbitrary::Unstructured;
use crosscheck_oracles::{CallPlan, Proposal, ProposalSet, host};
use rand::{Rng, RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use thiserror::Error;
use wasmparser::Validator;

use crate::discard::DiscardReason;

pub use swarm::SwarmChoice;

/// The termination budget given to every generated module (wasm-smith `ensure_termination`): loop
/// iterations plus function entries per instance before the module traps with `unreachable`.
/// It also bounds recursion depth, far below every engine's stack limit.
pub const TERMINATION_FUEL: u32 = 5_000;

/// The strategy name of [`Mode::Spec`] test cases, whose modules come from the suite.
pub const SPEC_STRATEGY: &str = "spec";

/// Engine fuel budgets drawn in [`Mode::Fuel`], in fuel units.
pub const FUEL_BUDGETS: std::ops::RangeInclusive<u64> = 100..=200_000;

/// What kind of modules a campaign generates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// Terminating modules (wasm-smith `ensure_termination`).
    Default,
    /// Terminating modules run with engine fuel (a budget drawn from [`FUEL_BUDGETS`]): the
    /// Wasmtime engines must run out at the same step and report the same fuel left (class
    /// `fuel`).
    Fuel,
    /// Biased toward the trap classes: termination is not ensured (non-terminating loops, deep
    /// and unbounded recursion), every call runs in interrupt mode, memory offsets fall near and
    /// past the bounds more often, and control, memory and table instructions are always on.
    Traps,
    /// Modules of the official specification test suite ([`spec`]) instead of generated ones,
    /// each with a generated call plan; every call runs in interrupt mode, since a suite module
    /// given other arguments than its assertions' may never finish (`fac-iter` of `i64::MAX`).
    Spec,
}

/// Where the module of a test case comes from (recorded in a finding's `generation.source`).
#[derive(Clone, Debug, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// wasm-smith, with these swarm choices (strategy `smith`).
    Swarm(SwarmChoice),
    /// wasm-smith, with these swarm choices, then `rewritten` constants and memory offsets set to
    /// edge values (strategy `edge`).
    Edge {
        /// The swarm choices of the wasm-smith module.
        swarm: SwarmChoice,
        /// Constants and offsets rewritten.
        rewritten: u32,
    },
    /// Functions computing these ISLE rules' left-hand sides, each rule as
    /// `<file>:<line>` of the cranelift-codegen crate, e.g. `opts/shifts.isle:88` (strategy
    /// `isle`).
    Isle(Vec<String>),
    /// One function per instruction, these instructions by their text name (strategy `ops`).
    Ops(Vec<String>),
    /// The specification test suite: `<directory>/<file>:<line>` of the module.
    Spec(String),
}

/// One generated module with its plan.
#[derive(Clone, Debug)]
pub struct TestCase {
    /// The module, binary.
    pub wasm: Vec<u8>,
    /// The call plan.
    pub plan: CallPlan,
    /// Where the module comes from.
    pub source: Source,
    /// The strategy that made it (`spec` in [`Mode::Spec`]).
    pub strategy: &'static str,
    /// The proposals the module uses.
    pub proposals: ProposalSet,
}

/// The strategy drawn for one seed and what it gave.
#[derive(Debug)]
pub struct Attempt {
    /// The strategy's name (`spec` in [`Mode::Spec`]).
    pub strategy: &'static str,
    /// The test case, or why there is none.
    pub case: Result<TestCase, Discard>,
}

/// Why generation gave no test case. Such inputs are discarded and counted by [`Discard::reason`].
#[derive(Debug, Error)]
pub enum Discard {
    /// wasm-smith could not build a module from the input.
    #[error("wasm-smith: {0}")]
    Generator(String),
    /// The module does not validate with the chosen features (a generator bug; counted, not
    /// reported, since no engine is at fault).
    #[error("generated module is invalid: {0}")]
    Invalid(String),
    /// The module exports no function the harness can call.
    #[error("module exports no callable function")]
    NothingToCall,
    /// `wasm-mutate` made no valid mutant of a suite module.
    #[error("wasm-mutate made no mutant")]
    NoMutant,
    /// A mutant of a suite module lets NaN bits reach memory, an integer or a `v128`.
    #[error("NaN bits are observable in the mutant")]
    NanBitsObservable,
}

impl Discard {
    /// The reason it is counted under.
    pub fn reason(&self) -> DiscardReason {
        match self {
            Discard::Generator(_) => DiscardReason::GeneratorError,
            Discard::Invalid(_) => DiscardReason::InvalidModule,
            Discard::NothingToCall => DiscardReason::NothingToCall,
            Discard::NoMutant => DiscardReason::NoMutant,
            Discard::NanBitsObservable => DiscardReason::NanBitsObservable,
        }
    }
}

/// The import menus wasm-smith draws imports from: the host functions, without those returning
/// several values unless multi-value is on (wasm-smith copies import types from the menu without
/// checking them against its configuration), and, when the module is offered the providers
/// ([`crosscheck_oracles::provider`]), the items of `provider`, and of `provider64` too when
/// memory64 is on.
pub struct HostImports {
    /// Indexed by `[multi_value as usize][offered providers]`: none, `provider`, both.
    menus: [[Vec<u8>; 3]; 2],
}

impl HostImports {
    fn new() -> HostImports {
        use crosscheck_oracles::provider::{PROVIDER, PROVIDER64};
        let parse = |multi_value, providers: &[&crosscheck_oracles::provider::Provider]| {
            wat::parse_str(host::host_imports_wat(multi_value, providers)).expect("the import menu is valid text")
        };
        let menus = |multi_value| {
            [
                parse(multi_value, &[]),
                parse(multi_value, &[&PROVIDER]),
                parse(multi_value, &[&PROVIDER, &PROVIDER64]),
            ]
        };
        HostImports {
            menus: [menus(false), menus(true)],
        }
    }

    /// The menu valid under `proposals`, with the providers' items when `provided`.
    pub fn menu(&self, proposals: ProposalSet, provided: bool) -> &[u8] {
        let multi_value = usize::from(proposals.contains(Proposal::MultiValue));
        let providers = match (provided, proposals.contains(Proposal::Memory64)) {
            (false, _) => 0,
            (true, false) => 1,
            (true, true) => 2,
        };
        &self.menus[multi_value][providers]
    }
}

/// Generates test cases using only proposals that the engines of a run reach, favouring those
/// every engine compiles.
pub struct Generator {
    allowed: ProposalSet,
    common: ProposalSet,
    mode: Mode,
    host_imports: HostImports,
    spec_modules: Vec<spec::SpecModule>,
    mutate_spec: bool,
    /// The strategies run, with their weights and instances.
    strategies: Vec<(&'static registry::Registered, Box<dyn strategy::Strategy>)>,
}

impl Generator {
    /// A generator restricted to `allowed`, running every strategy: pass the intersection of the
    /// proposals of every engine in the run. In [`Mode::Spec`] this loads the suite's modules
    /// (about a second).
    pub fn new(allowed: ProposalSet, mode: Mode) -> Generator {
        Generator::with_strategies(allowed, mode, &registry::STRATEGIES.iter().collect::<Vec<_>>())
    }

    /// A generator running only `strategies` (see [`registry::parse_list`]); with none, every
    /// strategy. [`Mode::Spec`] ignores them: its modules come from the suite.
    pub fn with_strategies(
        allowed: ProposalSet,
        mode: Mode,
        strategies: &[&'static registry::Registered],
    ) -> Generator {
        let spec_modules = if mode == Mode::Spec {
            spec::modules(allowed)
        } else {
            Vec::new()
        };
        let chosen: Vec<&'static registry::Registered> = if strategies.is_empty() {
            registry::STRATEGIES.iter().collect()
        } else {
            strategies.to_vec()
        };
        Generator {
            allowed,
            common: allowed,
            mode,
            host_imports: HostImports::new(),
            spec_modules,
            mutate_spec: false,
            strategies: chosen.into_iter().map(|s| (s, s.build())).collect(),
        }
    }

    /// This generator with `common` (a subset of its allowed proposals) as the proposals every
    /// engine of the run reaches: the others are drawn less often by the swarm
    /// ([`SwarmChoice::arbitrary`]), so that most modules still run on every engine.
    pub fn sharing(mut self, common: ProposalSet) -> Generator {
        self.common = common.intersection(self.allowed);
        self
    }

    /// What each strategy run can instantiate, for those that count units (see
    /// [`strategy::Coverage`]).
    pub fn coverage(&self) -> Vec<(&'static str, strategy::Coverage)> {
        if self.mode == Mode::Spec {
            return Vec::new();
        }
        self.strategies
            .iter()
            .filter_map(|(r, s)| Some((r.name, s.coverage()?)))
            .collect()
    }

    /// The names of the strategies this generator runs (`spec` alone in [`Mode::Spec`]).
    pub fn strategy_names(&self) -> Vec<&'static str> {
        if self.mode == Mode::Spec {
            return vec![SPEC_STRATEGY];
        }
        self.strategies.iter().map(|(s, _)| s.name).collect()
    }

    /// A [`Mode::Spec`] generator whose suite modules are mutated with `wasm-mutate` (seeded from
    /// the input) before they run; mutants in which NaN bits become observable are discarded, as
    /// suite modules are (see [`spec::nan_bits_observable`]).
    pub fn mutating_spec(allowed: ProposalSet) -> Generator {
        Generator {
            mutate_spec: true,
            ..Generator::new(allowed, Mode::Spec)
        }
    }

    /// The proposals modules may use.
    pub fn allowed(&self) -> ProposalSet {
        self.allowed
    }

    /// The test case of `seed`: the same seed always gives the same module and plan.
    ///
    /// # Errors
    ///
    /// A [`Discard`] when the seed gives no usable module.
    pub fn from_seed(&self, seed: u64) -> Result<TestCase, Discard> {
        self.attempt(seed).case
    }

    /// The strategy that `seed` draws and the test case it makes of the seed: the same seed always
    /// gives the same strategy, module and plan.
    pub fn attempt(&self, seed: u64) -> Attempt {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut data = vec![0u8; rng.random_range(1024..=16384)];
        rng.fill_bytes(&mut data);
        let mut attempt = self.attempt_bytes(&data);
        if let Ok(case) = &mut attempt.case {
            case.plan.seed = Some(seed);
        }
        attempt
    }

    /// The test case that `data` (for example a libFuzzer input) decodes to: its first byte draws
    /// the strategy, the rest is the strategy's input.
    ///
    /// # Errors
    ///
    /// A [`Discard`] when the bytes give no usable module.
    pub fn from_bytes(&self, data: &[u8]) -> Result<TestCase, Discard> {
        self.attempt_bytes(data).case
    }

    fn attempt_bytes(&self, data: &[u8]) -> Attempt {
        let mut u = Unstructured::new(data);
        if self.mode == Mode::Spec {
            return Attempt {
                strategy: SPEC_STRATEGY,
                case: self.spec_case(&mut u),
            };
        }
        let (registered, strategy) = self.pick(&mut u);
        Attempt {
            strategy: registered.name,
            case: self.case(strategy.as_ref(), registered.name, &mut u),
        }
    }

    /// The strategy the next byte of `u` draws, by weight.
    fn pick(&self, u: &mut Unstructured) -> &(&'static registry::Registered, Box<dyn strategy::Strategy>) {
        let total: u32 = self.strategies.iter().map(|(s, _)| s.weight).sum();
        let mut draw = u.arbitrary::<u8>().map_or(0, u32::from) * total.max(1) / 256;
        for entry in &self.strategies {
            if draw < entry.0.weight {
                return entry;
            }
            draw -= entry.0.weight;
        }
        &self.strategies[0]
    }

    fn case(
        &self,
        strategy: &dyn strategy::Strategy,
        name: &'static str,
        u: &mut Unstructured,
    ) -> Result<TestCase, Discard> {
        let gen_err = |e: arbitrary::Error| Discard::Generator(e.to_string());
        let cx = strategy::Context {
            allowed: self.allowed,
            common: self.common,
            mode: self.mode,
            host_imports: &self.host_imports,
        };
        let made = strategy.generate(u, &cx)?;
        let types = Validator::new_with_features(made.proposals.features())
            .validate_all(&made.wasm)
            .map_err(|e| Discard::Invalid(e.to_string()))?;
        let callables = call_plan::callables(&made.wasm, &types).map_err(|e| Discard::Invalid(e.to_string()))?;
        if callables.is_empty() {
            return Err(Discard::NothingToCall);
        }
        let mut plan = call_plan::call_plan(u, &callables).map_err(gen_err)?;
        plan.termination_fuel = made.termination_fuel;
        match self.mode {
            Mode::Default => {}
            Mode::Fuel => plan.options.fuel = Some(u.int_in_range(FUEL_BUDGETS).map_err(gen_err)?),
            Mode::Traps | Mode::Spec => plan.options.interrupts = true,
        }
        Ok(TestCase {
            wasm: made.wasm,
            plan,
            source: made.source,
            strategy: name,
            proposals: made.proposals,
        })
    }

    /// A module of the suite chosen by `u`, with a plan drawn from `u`, in interrupt mode.
    fn spec_case(&self, u: &mut Unstructured) -> Result<TestCase, Discard> {
        let gen_err = |e: arbitrary::Error| Discard::Generator(e.to_string());
        let module = u.choose(&self.spec_modules).map_err(gen_err)?;
        let (wasm, origin) = if self.mutate_spec {
            let seed: u64 = u.arbitrary().map_err(gen_err)?;
            let mutant = spec::mutate(&module.wasm, seed).ok_or(Discard::NoMutant)?;
            (mutant, format!("{} mutated by wasm-mutate seed {seed}", module.origin))
        } else {
            (module.wasm.clone(), module.origin.clone())
        };
        let types = Validator::new_with_features(self.allowed.features())
            .validate_all(&wasm)
            .map_err(|e| Discard::Invalid(e.to_string()))?;
        if self.mutate_spec && spec::nan_bits_observable(&wasm) {
            return Err(Discard::NanBitsObservable);
        }
        let callables = call_plan::callables(&wasm, &types).map_err(|e| Discard::Invalid(e.to_string()))?;
        if callables.is_empty() {
            return Err(Discard::NothingToCall);
        }
        let mut plan = call_plan::call_plan(u, &callables).map_err(gen_err)?;
        plan.options.interrupts = true;
        Ok(TestCase {
            wasm,
            plan,
            source: Source::Spec(origin),
            strategy: SPEC_STRATEGY,
            proposals: self.allowed,
        })
    }
}

/// A plan for a module that came from elsewhere (a bare `.wasm` given to `replay`): validated with
/// every proposal enabled, arguments drawn from `seed`.
///
/// # Errors
///
/// When the module does not validate.
pub fn plan_for_module(wasm: &[u8], seed: u64) -> Result<CallPlan, wasmparser::BinaryReaderError> {
    let types = Validator::new_with_features(ProposalSet::all().features()).validate_all(wasm)?;
    let callables = call_plan::callables(wasm, &types)?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut data = vec![0u8; 4096];
    rng.fill_bytes(&mut data);
    let mut plan = call_plan::call_plan(&mut Unstructured::new(&data), &callables).unwrap_or_default();
    plan.seed = Some(seed);
    Ok(plan)
}
