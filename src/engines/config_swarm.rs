//! The configuration swarm: each module runs on its engines in configurations drawn from a pool,
//! the way Wasmtime's own fuzzers draw a new `Config` per input, without paying for a new engine on
//! every module.
//!
//! For each concrete engine (e.g. `cranelift-x64:speed`) the pool in play at module `i` holds the
//! configurations of the [`POOL_SIZE`] latest generations, where generation `g` covers modules
//! `g * ROTATE_EVERY ..`: every [`ROTATE_EVERY`] modules one new configuration enters the pool and
//! the oldest leaves it. Module `i` takes one configuration of the pool, chosen by its index. Every
//! choice is a function of the campaign seed and the module index alone, so it does not depend on
//! `--jobs`. Configured engines are built on first use and kept, least recently used dropped
//! beyond [`ENGINES_KEPT`] (with worker-hosted engines the worker process is shared and also keeps
//! them, see `crosscheck_oracles::worker::serve`).

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex};

use crosscheck_oracles::config::{EngineConfig, Target, configured_name};
use crosscheck_oracles::{Engine, Feature, FeatureSet, Proposal, ProposalSet, naming};

use super::avoided::AvoidedSetting;
use super::pairing::{FamilySet, drawn_toward};
use crate::seed::mix;

/// What the swarm's draw for a module depends on.
#[derive(Clone, Copy, Debug, Default)]
pub struct ModuleFacts {
    /// The proposals the module may use.
    pub proposals: ProposalSet,
    /// Whether its plan sets engine fuel.
    pub fuel: bool,
    /// The features it uses (`crosscheck_oracles::uses`).
    pub features: FeatureSet,
    /// The families of its instructions whose lowering a setting changes.
    pub families: FamilySet,
}

/// Configurations of one engine in play at a time.
pub const POOL_SIZE: u64 = 6;

/// Modules between two new configurations of an engine entering its pool.
pub const ROTATE_EVERY: u64 = 128;

/// One generation in this many draws the engine's default configuration, so that a campaign also
/// runs the configuration users run most.
const DEFAULT_ONE_IN: u64 = 6;

/// The x86_64 features without which Winch compiles no SIMD instruction (its x64 assembler
/// requires AVX, `winch-codegen` 50 `ensure_has_avx`): with any of them off Winch refuses every
/// module with SIMD as unsupported, so for such modules the swarm leaves them on.
const WINCH_SIMD_NEEDS: &[&str] = &["sse3", "ssse3", "sse41", "sse42", "avx"];

/// For a module with SIMD, Winch keeps a drawn `avx2=off` only in one draw in this many: without
/// AVX2 (and so without AVX-512) Winch refuses many SIMD instructions as unsupported, and each such
/// module is lost to the comparison.
const WINCH_SIMD_AVX2_OFF_ONE_IN: u64 = 4;

/// A shared memory never moves when it grows (Wasmtime 50, `Memory::memory_may_move`): below a
/// reservation of the harness's memory limit, a module that may have one (the atomics) gets the
/// default reservation, else its `memory.grow` would fail where other configurations grow, a
/// difference of configuration and not a bug (as `may_move=off` needs such a reservation).
const SHARED_MEMORY_MIN_RESERVATION: u64 = crosscheck_oracles::limits::MEMORY_BYTES as u64;

/// A module of a family that a setting changes takes a configuration of the pool with such a
/// setting, when there is one, in all draws but one in this many.
const PAIRED_ONE_IN_NOT: u64 = 4;

/// Configured engines kept per engine set.
pub const ENGINES_KEPT: usize = 32;

/// The swarm of one engine set (one campaign job).
pub struct ConfigSwarm {
    seed: u64,
    kept: Mutex<VecDeque<(String, Arc<dyn Engine>)>>,
    /// Configurations the engine refused, by engine name: the reason. The module then ran on the
    /// default configuration.
    refused: Mutex<BTreeMap<String, String>>,
    /// The settings the swarm leaves at their default (`fuzz --avoid-known`).
    avoid: Vec<AvoidedSetting>,
    /// Draws changed to avoid a known bug, by its name.
    avoided: Mutex<BTreeMap<String, u64>>,
}

impl ConfigSwarm {
    /// The swarm of a campaign with seed `seed`.
    pub fn new(seed: u64) -> ConfigSwarm {
        ConfigSwarm {
            seed,
            kept: Mutex::new(VecDeque::new()),
            refused: Mutex::new(BTreeMap::new()),
            avoid: Vec::new(),
            avoided: Mutex::new(BTreeMap::new()),
        }
    }

    /// The same swarm, avoiding the settings of `avoid`, in that order.
    pub fn avoiding(self, avoid: Vec<AvoidedSetting>) -> ConfigSwarm {
        ConfigSwarm { avoid, ..self }
    }

    /// `config` of engine `base` without the settings to avoid for `module`, each avoidance
    /// counted.
    fn avoid_known(&self, base: &str, mut config: EngineConfig, module: &ModuleFacts) -> EngineConfig {
        for avoid in &self.avoid {
            let knob = avoid.knob.as_str();
            let needed = avoid.proposal.is_none_or(|p: Proposal| module.proposals.contains(p));
            if !needed || (avoid.fuel_only && !module.fuel) || config.get(knob) != Some(avoid.value.as_str()) {
                continue;
            }
            if (avoid.engines)(&configured_name(base, &config)) {
                config = config.without(knob);
                let mut avoided = self.avoided.lock().unwrap_or_else(|p| p.into_inner());
                *avoided.entry(avoid.name.clone()).or_default() += 1;
            }
        }
        config
    }

    /// Draws changed to avoid a setting so far, by the name it is counted under (a known bug's).
    pub fn avoided(&self) -> BTreeMap<String, u64> {
        self.avoided.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The configuration of engine `base` (a concrete engine name without settings) for module
    /// `index`, which may contain SIMD instructions when `simd` holds and uses the instruction
    /// `families`; the default configuration for an engine without knobs.
    ///
    /// The module takes one configuration of the pool in play ([`POOL_SIZE`] of them), chosen by
    /// its index. When it uses a family that a setting changes ([`super::pairing::PAIRS`]) and few
    /// modules use ([`super::pairing::drawn_toward`]), one of its pairs is chosen by its index
    /// and, in all draws but one in [`PAIRED_ONE_IN_NOT`], it
    /// takes instead a configuration of the pool with that setting, if there is one: settings
    /// meet the instructions they change. Every choice is a function of the campaign seed, the
    /// index and the module (itself a function of the seed and the index).
    pub fn choose(&self, base: &str, index: u64, simd: bool, families: FamilySet) -> EngineConfig {
        let Some(target) = naming::target_of(base) else {
            return EngineConfig::default();
        };
        let engine_key = base.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        let generation = index / ROTATE_EVERY + POOL_SIZE;
        let member = |back: u64| self.pool_member(target, engine_key, generation - back, simd);
        let back = mix(self.seed ^ engine_key, index) % POOL_SIZE;
        let pairs: Vec<_> = drawn_toward(families).collect();
        let paired = mix(self.seed ^ engine_key.rotate_left(29), index);
        if !pairs.is_empty() && !paired.is_multiple_of(PAIRED_ONE_IN_NOT) {
            let pair = pairs[((paired >> 8) % pairs.len() as u64) as usize];
            let meeting: Vec<EngineConfig> = (0..POOL_SIZE).map(member).filter(|c| pair.in_config(c)).collect();
            if !meeting.is_empty() {
                return meeting[((paired >> 32) % meeting.len() as u64) as usize].clone();
            }
        }
        member(back)
    }

    /// The configuration of generation `generation` of the pool of the engine of `target` whose
    /// name hashes to `engine_key`, for a module that may contain SIMD when `simd` holds.
    fn pool_member(&self, target: Target, engine_key: u64, generation: u64, simd: bool) -> EngineConfig {
        let draw_seed = mix(self.seed ^ engine_key.rotate_left(17), generation);
        if draw_seed.is_multiple_of(DEFAULT_ONE_IN) {
            return EngineConfig::default();
        }
        let mut config = EngineConfig::draw(target, draw_seed);
        if target.winch && simd {
            for knob in WINCH_SIMD_NEEDS {
                config = config.without(knob);
            }
            if !(draw_seed >> 8).is_multiple_of(WINCH_SIMD_AVX2_OFF_ONE_IN) {
                config = config.without("avx2");
            }
        }
        config
    }

    /// [`ConfigSwarm::choose`] for a module that may have a shared memory when `shared` holds:
    /// no reservation below [`SHARED_MEMORY_MIN_RESERVATION`] and no pooling allocator, which
    /// refuses shared memories.
    fn choose_for(&self, base: &str, index: u64, simd: bool, families: FamilySet, shared: bool) -> EngineConfig {
        let mut config = self.choose(base, index, simd, families);
        if shared {
            if config.reservation().is_some_and(|r| r < SHARED_MEMORY_MIN_RESERVATION) {
                config = config.without("reservation");
            }
            if config.is_pooling() {
                config = config.without("allocator");
            }
        }
        config
    }

    /// `engine` in the configuration for module `index` (see [`ConfigSwarm::choose`]; SIMD
    /// when `module` may use it; not pooled when it has a shared memory, which the pooling
    /// allocator refuses), without the settings of known bugs to avoid for `module`
    /// ([`ConfigSwarm::avoiding`]): itself for the default configuration,
    /// else the configured engine, built from `engine` on first use. When the engine refuses the
    /// configuration (it never should: draws only pick supported values), the refusal is kept for
    /// [`ConfigSwarm::refusals`] and `engine` itself runs the module.
    pub fn configure(&self, engine: &Arc<dyn Engine>, index: u64, module: &ModuleFacts) -> Arc<dyn Engine> {
        let simd = module.proposals.contains(Proposal::Simd);
        let shared =
            module.proposals.contains(Proposal::Atomics) || module.features.contains(Feature::SharedMemoryAtomics);
        let config = self.choose_for(engine.name(), index, simd, module.families, shared);
        let config = self.avoid_known(engine.name(), config, module);
        if config.is_default() {
            return Arc::clone(engine);
        }
        let name = configured_name(engine.name(), &config);
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(i) = kept.iter().position(|(n, _)| *n == name) {
            let hit = kept.remove(i).expect("the position is in range");
            let configured = Arc::clone(&hit.1);
            kept.push_back(hit);
            return configured;
        }
        let pairs = config.pairs();
        let settings: Vec<&str> = pairs.iter().map(String::as_str).collect();
        match engine.configured(&settings) {
            Ok(configured) => {
                let configured: Arc<dyn Engine> = Arc::from(configured);
                if kept.len() >= ENGINES_KEPT {
                    kept.pop_front();
                }
                kept.push_back((name, Arc::clone(&configured)));
                configured
            }
            Err(e) => {
                let mut refused = self.refused.lock().unwrap_or_else(|p| p.into_inner());
                refused.insert(name, e.to_string());
                Arc::clone(engine)
            }
        }
    }

    /// The configurations refused so far, by engine name, with the reason.
    pub fn refusals(&self) -> BTreeMap<String, String> {
        self.refused.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// The configurations in play over one generation window: at most [`POOL_SIZE`], the same for
    /// the same seed, new ones as the window moves.
    #[test]
    fn the_pool_is_small_seeded_and_rotates() {
        let swarm = ConfigSwarm::new(7);
        let again = ConfigSwarm::new(7);
        let base = "cranelift-x64:speed";
        let window: BTreeSet<EngineConfig> = (0..ROTATE_EVERY)
            .map(|i| swarm.choose(base, i, false, FamilySet::default()))
            .collect();
        assert!(window.len() as u64 <= POOL_SIZE && window.len() >= 2, "{window:?}");
        for i in [0, 5, 1000, 77_777] {
            assert_eq!(
                swarm.choose(base, i, false, FamilySet::default()),
                again.choose(base, i, false, FamilySet::default())
            );
        }
        let later: BTreeSet<EngineConfig> = (50 * ROTATE_EVERY..51 * ROTATE_EVERY)
            .map(|i| swarm.choose(base, i, false, FamilySet::default()))
            .collect();
        assert!(later.iter().any(|c| !window.contains(c)));
        let all: BTreeSet<EngineConfig> = (0..100 * ROTATE_EVERY)
            .map(|i| swarm.choose(base, i, false, FamilySet::default()))
            .collect();
        assert!(all.len() >= 80, "{} configurations over 100 generations", all.len());
        assert!(all.iter().any(EngineConfig::is_default));
    }

    /// A module using `popcnt` runs Cranelift with `popcnt=off` far more often than a module
    /// without it, one with vector rounding with `sse41=off` more often too, and the choice is
    /// still the seed's and the index's: settings meet the instructions they change.
    #[test]
    fn the_draw_pairs_settings_with_the_families_they_change() {
        use crate::engines::pairing::OpFamily;
        let swarm = ConfigSwarm::new(5);
        let base = "cranelift-x64:speed";
        let share = |families: FamilySet, knob: &str| {
            let n = (0..4000)
                .filter(|i| swarm.choose(base, *i, true, families).get(knob) == Some("off"))
                .count();
            n as f64 / 4000.0
        };
        let with = |f: OpFamily| {
            let mut set = FamilySet::default();
            set.insert(f);
            set
        };
        let (plain, paired) = (
            share(FamilySet::default(), "popcnt"),
            share(with(OpFamily::Popcnt), "popcnt"),
        );
        assert!(
            paired > 0.7 && paired > plain + 0.25,
            "popcnt=off: {plain} plain, {paired} paired"
        );
        let (plain, paired) = (
            share(FamilySet::default(), "sse41"),
            share(with(OpFamily::VectorRounding), "sse41"),
        );
        assert!(
            paired > 0.9 && paired > plain,
            "sse41=off: {plain} plain, {paired} paired"
        );
        let memory = with(OpFamily::MemoryAccess);
        assert!(
            (0..4000).all(|i| swarm.choose(base, i, true, memory) == swarm.choose(base, i, true, FamilySet::default())),
            "a common family is not drawn toward"
        );
        let again = ConfigSwarm::new(5);
        for i in [0, 9, 4321] {
            let f = with(OpFamily::Clz);
            assert_eq!(swarm.choose(base, i, false, f), again.choose(base, i, false, f));
        }
    }

    /// Winch never draws what it refuses, and keeps the features its SIMD needs for modules with
    /// SIMD; engines without knobs stay in their default.
    #[test]
    fn winch_draws_only_what_it_runs() {
        let swarm = ConfigSwarm::new(1);
        for i in 0..5000 {
            let plain = swarm.choose("winch-x64", i, false, FamilySet::default());
            assert!(plain.get("signals").is_none() && plain.get("lazy_tables").is_none());
            let simd = swarm.choose("winch-x64", i, true, FamilySet::default());
            assert!(WINCH_SIMD_NEEDS.iter().all(|k| simd.get(k).is_none()), "{simd}");
        }
        let avx_off = (0..5000).filter(|i| {
            swarm
                .choose("winch-x64", *i, false, FamilySet::default())
                .get("avx")
                .is_some()
        });
        assert!(avx_off.count() > 0);
        assert!(
            swarm
                .choose("double-result", 3, false, FamilySet::default())
                .is_default()
        );
    }

    /// A module that may have a shared memory never gets a reservation below the harness's memory
    /// limit (a shared memory could not grow there); other modules do.
    #[test]
    fn modules_with_atomics_keep_a_reservation_their_shared_memory_grows_in() {
        let swarm = ConfigSwarm::new(5);
        let small = |c: EngineConfig| c.reservation().is_some_and(|r| r < SHARED_MEMORY_MIN_RESERVATION);
        for base in ["cranelift-x64:speed", "winch-x64"] {
            assert!((0..5000).all(|i| !small(swarm.choose_for(base, i, false, FamilySet::default(), true))));
            assert!(
                (0..5000).any(|i| small(swarm.choose(base, i, false, FamilySet::default()))),
                "{base}"
            );
        }
    }

    /// With the built-in known bugs avoided, Winch x64 never runs a module with SIMD with AVX2
    /// off (`winch-x64-avx2-off-load-splat`), and still does for modules without SIMD.
    #[test]
    fn known_bug_settings_are_avoided_for_the_modules_that_trigger_them() {
        let known = crate::known::KnownList::built_in().unwrap();
        let swarm = ConfigSwarm::new(3).avoiding(known.settings_to_avoid());
        let simd = ModuleFacts {
            proposals: [Proposal::Simd].into_iter().collect(),
            ..ModuleFacts::default()
        };
        let plain = ModuleFacts::default();
        let avx2_off = |module: &ModuleFacts| {
            (0..20_000)
                .filter(|i| {
                    let c = swarm.choose(
                        "winch-x64",
                        *i,
                        module.proposals.contains(Proposal::Simd),
                        FamilySet::default(),
                    );
                    swarm.avoid_known("winch-x64", c, module).get("avx2") == Some("off")
                })
                .count()
        };
        assert_eq!(avx2_off(&simd), 0);
        assert!(avx2_off(&plain) > 0);
        assert!(
            swarm
                .avoided()
                .get("winch-x64-avx2-off-load-splat")
                .is_some_and(|n| *n > 0)
        );
        let unavoided = ConfigSwarm::new(3);
        assert!(
            (0..20_000)
                .any(|i| unavoided.choose("winch-x64", i, true, FamilySet::default()).get("avx2") == Some("off"))
        );
    }
}
