//! The engines of a run: one slot per name on the command line. A slot named by a bare
//! `cranelift-<arch>` holds the three Cranelift opt-level variants and runs one of them per module,
//! chosen by the module's seed, or two of them for a module no other slot compiles (GC). With the configuration swarm ([`config_swarm`]) each module's
//! engines also run in a configuration drawn for it.

mod avoided;
pub mod config_swarm;
pub mod emulated;
mod info;
pub mod other_builds;
pub mod pairing;

use std::any::Any;
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Result, bail};
use crosscheck_oracles::config::split_name;
use crosscheck_oracles::naming::{self, host_arch};
use crosscheck_oracles::worker::{CompilingWorker, WorkerCommand, WorkerEngine};
use crosscheck_oracles::{Engine, FeatureSet, ProposalSet};
use crosscheck_oracles::{engine, registry};

pub use avoided::{AvoidedSetting, EngineTest};
use config_swarm::ConfigSwarm;
pub use config_swarm::ModuleFacts;
pub use info::{EngineInfo, SatOut};

/// The watchdog of a step when none is given, in seconds (see [`WorkerCommand::watchdog`]).
pub const DEFAULT_WATCHDOG_SECS: f64 = 10.0;

/// The engine-list keyword that means every engine available on this machine ([`all_list`]).
pub const ALL: &str = "all";

/// The default engine list of `crosscheck fuzz`: Winch, Cranelift (a variant per module) and the
/// wasmi oracle, for this host's architecture.
pub fn default_list() -> String {
    let arch = host_arch();
    format!("winch-{arch},cranelift-{arch},wasmi")
}

/// Every engine available on this machine: the default list, then Winch and Cranelift of each
/// architecture whose emulator is installed (`emulated::installed`), e.g.
/// `winch-x64,cranelift-x64,wasmi,winch-aarch64,cranelift-aarch64`.
pub fn all_list() -> String {
    let mut list = default_list();
    for emulator in emulated::installed() {
        list.push_str(&format!(",winch-{0},cranelift-{0}", emulator.arch));
    }
    list
}

/// Where the engines of a run execute.
#[derive(Clone, Debug)]
pub enum Isolation {
    /// In the harness's own process: fastest, but an engine that crashes takes the harness down.
    /// For `cargo fuzz` targets and tests.
    InProcess,
    /// Each engine slot in its own worker process (the slot's variants share it, see
    /// [`Isolation::build_variants`]), started with this command, restarted when it dies and
    /// killed when a step outlives the watchdog.
    Workers(WorkerCommand),
}

impl Isolation {
    /// Builds the concrete engine `name` here or in a worker. An engine for another architecture
    /// always runs in a worker under its emulator (see [`emulated`]), whatever the
    /// isolation; when it is a Wasmtime engine, the harness compiles its modules ahead of time on
    /// this host and the emulated worker only loads and runs them
    /// ([`WorkerEngine::compile_on_host`]).
    ///
    /// # Errors
    ///
    /// As [`registry::build`] and [`WorkerEngine::spawn`]; [`engine::EngineError::Unavailable`]
    /// for an engine of another architecture when its emulator or worker is missing.
    pub fn build(&self, name: &str) -> Result<Box<dyn Engine>, engine::EngineError> {
        self.build_beside(name, None)
    }

    /// Builds the concrete engines of one slot (`cranelift-aarch64:o0`, `cranelift-aarch64:speed`,
    /// `cranelift-aarch64:size`), as [`Isolation::build`] does, except that when the first is
    /// hosted in a worker the others are too, in the same worker process
    /// ([`WorkerEngine::spawn_beside`]): a batch of modules then costs the slot one round trip
    /// whichever variant each module draws, not one per variant.
    ///
    /// # Errors
    ///
    /// As [`Isolation::build`].
    pub fn build_variants(&self, concrete: &[String]) -> Result<Vec<Arc<dyn Engine>>, engine::EngineError> {
        let mut variants: Vec<Arc<dyn Engine>> = Vec::with_capacity(concrete.len());
        for name in concrete {
            let first: Option<&dyn Any> = variants.first().map(|e| e.as_ref() as &dyn Any);
            let beside = first.and_then(|e| e.downcast_ref::<WorkerEngine>());
            let engine = self.build_beside(name, beside)?;
            variants.push(Arc::from(engine));
        }
        Ok(variants)
    }

    /// [`Isolation::build`], in the worker process of `beside` when the engine runs in a worker
    /// and `beside` is given (an engine of the same build and architecture).
    fn build_beside(&self, name: &str, beside: Option<&WorkerEngine>) -> Result<Box<dyn Engine>, engine::EngineError> {
        let spawn = |base: &str, command: &WorkerCommand| match beside {
            Some(host) => host.spawn_beside(base),
            None => WorkerEngine::spawn(base, command),
        };
        if naming::label_of(name).is_some() {
            return self.build_labeled(name, spawn, beside.and_then(WorkerEngine::compiling_worker));
        }
        if let Some(arch) = registry::foreign_arch(name) {
            let unavailable = |reason: String| engine::EngineError::Unavailable {
                name: name.into(),
                reason,
            };
            let emulator = emulated::for_arch(arch)
                .ok_or_else(|| unavailable(format!("crosscheck has no emulator for {arch} on this host")))?;
            let command = emulator.command(self.watchdog()).map_err(unavailable)?;
            // The default engine first, then its configuration: the harness's compiler for the
            // worker must be configured exactly as the worker's engine.
            let (base, settings) = split_name(name);
            let worker = spawn(base, &command)?;
            let engine: Box<dyn Engine> = match naming::compiler_of(base) {
                Some(compiler) => Box::new(worker.compile_on_host(compiler, emulator.target)?),
                None => Box::new(worker),
            };
            return if settings.is_empty() {
                Ok(engine)
            } else {
                engine.configured(&settings)
            };
        }
        match self {
            Isolation::InProcess => registry::build(name),
            Isolation::Workers(command) => Ok(Box::new(spawn(name, command)?)),
        }
    }
}

impl Isolation {
    /// Builds the labeled engine `name` (`winch-x64@48.0.8`) in a worker of its build from the
    /// worker cache ([`other_builds`]), whatever the isolation, under its emulator for another
    /// architecture. A native one compiles its modules itself; an emulated one has them compiled
    /// on the host by a worker of the same build (`compiler` when a slot's other variant already
    /// has one, else a new one), so that the emulator only runs them, as for the harness's own
    /// emulated engines.
    ///
    /// # Errors
    ///
    /// [`engine::EngineError::Unavailable`] when a worker is not built (naming the command
    /// that builds it), the emulator is missing, or the worker is refused at the handshake; as
    /// [`WorkerEngine::spawn`] otherwise.
    fn build_labeled(
        &self,
        name: &str,
        spawn: impl Fn(&str, &WorkerCommand) -> Result<WorkerEngine, engine::EngineError>,
        compiler: Option<&Arc<dyn CompilingWorker>>,
    ) -> Result<Box<dyn Engine>, engine::EngineError> {
        let unavailable = |reason: String| engine::EngineError::Unavailable {
            name: name.into(),
            reason,
        };
        let (base, settings) = split_name(name);
        let watchdog = self.watchdog();
        let command = match registry::foreign_arch(name) {
            Some(arch) => {
                let emulator = emulated::for_arch(arch)
                    .ok_or_else(|| unavailable(format!("crosscheck has no emulator for {arch} on this host")))?;
                emulator.check_installed().map_err(unavailable)?;
                let program = other_builds::worker_for(&other_builds::cache_dir(), base, emulator.target)
                    .map_err(|e| unavailable(e.to_string()))?;
                if let Some(why) = other_builds::lacks_compiler(&program, base) {
                    return Err(unavailable(why));
                }
                emulator.command_for(&program, watchdog).map_err(unavailable)?
            }
            None => {
                let program = other_builds::worker_for(&other_builds::cache_dir(), base, &other_builds::host_target())
                    .map_err(|e| unavailable(e.to_string()))?;
                if let Some(why) = other_builds::lacks_compiler(&program, base) {
                    return Err(unavailable(why));
                }
                let recycle_above_bytes = match self {
                    Isolation::Workers(command) => command.recycle_above_bytes,
                    Isolation::InProcess => None,
                };
                WorkerCommand {
                    program,
                    args: Vec::new(),
                    watchdog,
                    emulator: None,
                    recycle_above_bytes,
                    skip_probes: Vec::new(),
                }
            }
        };
        let worker = spawn(base, &command)?;
        let engine: Box<dyn Engine> = match (registry::foreign_arch(name), naming::compiler_of(base)) {
            (Some(_), Some(_)) => {
                let compiler = match compiler {
                    Some(compiler) => Arc::clone(compiler),
                    None => Arc::new(self.compiling_worker(name)?),
                };
                Box::new(worker.compile_in(compiler)?)
            }
            _ => Box::new(worker),
        };
        if settings.is_empty() {
            Ok(engine)
        } else {
            engine.configured(&settings)
        }
    }

    /// A worker of the build of `name` (an emulated engine of another build) on this host, to
    /// compile its modules: the host's Cranelift engine of that build (any engine of the build would
    /// do, and Cranelift is in every build; the worker compiles for whichever engine each request
    /// names).
    ///
    /// # Errors
    ///
    /// [`engine::EngineError::Unavailable`] when the build has no worker for this host (naming the
    /// command that builds it); as [`WorkerEngine::spawn`] otherwise.
    fn compiling_worker(&self, name: &str) -> Result<WorkerEngine, engine::EngineError> {
        let label = naming::label_of(name).unwrap_or_default();
        let host = naming::labeled(&format!("cranelift-{}:speed", naming::host_arch()), label);
        let program = other_builds::worker_for(&other_builds::cache_dir(), &host, &other_builds::host_target())
            .map_err(|e| engine::EngineError::Unavailable {
                name: name.into(),
                reason: format!("its modules are compiled on this host by a worker of its build: {e}"),
            })?;
        let command = WorkerCommand {
            program,
            args: Vec::new(),
            watchdog: self.watchdog(),
            emulator: None,
            recycle_above_bytes: None,
            skip_probes: Vec::new(),
        };
        WorkerEngine::spawn(&host, &command)
    }

    /// The watchdog of a step: the worker command's, or [`DEFAULT_WATCHDOG_SECS`] in-process.
    pub fn watchdog(&self) -> Duration {
        match self {
            Isolation::InProcess => Duration::from_secs_f64(DEFAULT_WATCHDOG_SECS),
            Isolation::Workers(command) => command.watchdog,
        }
    }
}

/// One engine name of a run and the concrete engines behind it.
pub struct Slot {
    /// The name as given, e.g. `cranelift-x64`.
    pub name: String,
    /// The concrete engines; one of them runs each module.
    pub variants: Vec<Arc<dyn Engine>>,
}

/// The engines of a run, built once and reused for every module.
pub struct EngineSet {
    slots: Vec<Slot>,
    swarm: Option<ConfigSwarm>,
}

/// Splits an engine list at its commas into engine names, keeping each engine's settings with it:
/// `winch-x64,cranelift-x64:o0,regalloc=single_pass,avx=off,wasmi` gives `winch-x64`,
/// `cranelift-x64:o0,regalloc=single_pass,avx=off` and `wasmi` (a part with `=` is a setting of
/// the engine before it).
///
/// # Errors
///
/// A setting before any engine name.
pub fn split_list(list: &str) -> Result<Vec<String>> {
    let mut names: Vec<String> = Vec::new();
    for part in list.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        if part.contains('=') {
            let Some(last) = names.last_mut() else {
                bail!("setting `{part}` comes before any engine name");
            };
            last.push(',');
            last.push_str(part);
        } else {
            names.push(part.to_string());
        }
    }
    Ok(names)
}

impl EngineSet {
    /// Builds the engines of a comma-separated list such as `winch-x64,cranelift-x64:o0,wasmi`
    /// (settings after a name configure that engine, see [`split_list`]), each where `isolation`
    /// says; the list `all` stands for [`all_list`].
    ///
    /// # Errors
    ///
    /// An unknown or unavailable engine name, a setting the engine does not have or support, a
    /// name given twice, an empty list, or an engine the library refuses to build.
    pub fn from_list(list: &str, isolation: &Isolation) -> Result<EngineSet> {
        let list = if list.trim() == ALL {
            all_list()
        } else {
            list.to_string()
        };
        let names = split_list(&list)?;
        if names.is_empty() {
            bail!("no engines given");
        }
        let mut seen = BTreeSet::new();
        let mut slots = Vec::new();
        for name in names {
            let concrete = registry::expand(&name)?;
            for c in &concrete {
                if !seen.insert(c.clone()) {
                    bail!("engine `{c}` is given more than once");
                }
            }
            let variants = isolation.build_variants(&concrete)?;
            slots.push(Slot { name, variants });
        }
        Ok(EngineSet { slots, swarm: None })
    }

    /// An engine set of ready-made slots (test doubles, for instance).
    pub fn from_slots(slots: Vec<Slot>) -> EngineSet {
        EngineSet { slots, swarm: None }
    }

    /// Turns the configuration swarm on for a campaign with seed `seed` (see [`config_swarm`]):
    /// from now on [`EngineSet::pick`] runs each engine in its default configuration (as given,
    /// settings included) only when the draw says so. Engines without knobs are not configured.
    pub fn with_config_swarm(mut self, seed: u64) -> EngineSet {
        self.swarm = Some(ConfigSwarm::new(seed));
        self
    }

    /// Has the swarm (when it is on) avoid the settings of `avoid` (those of the known bugs that
    /// say how, [`crate::known::KnownList::settings_to_avoid`]).
    pub fn avoiding(mut self, avoid: Vec<AvoidedSetting>) -> EngineSet {
        if let Some(swarm) = self.swarm.take() {
            self.swarm = Some(swarm.avoiding(avoid));
        }
        self
    }

    /// The swarm, when it is on.
    pub fn config_swarm(&self) -> Option<&ConfigSwarm> {
        self.swarm.as_ref()
    }

    /// The proposals every engine of every slot reaches (compiles a feature of,
    /// [`crosscheck_oracles::Support::proposals`]): a module using only these runs on every engine
    /// unless it uses a feature one of them refuses (Winch: `externref` of reference types).
    pub fn proposals(&self) -> ProposalSet {
        self.engines()
            .fold(ProposalSet::all(), |set, e| set.intersection(e.proposals()))
    }

    /// The proposals that at least two engines of different slots, or two variants of one slot,
    /// reach (an engine reaches a proposal when it compiles a feature of it,
    /// [`crosscheck_oracles::Support::proposals`]): what a module may use, since it needs two
    /// engines to be compared. A proposal only one slot reaches counts when two of its variants do
    /// (GC on the three Cranelift opt levels of a bare `cranelift-x64`): such a module runs on two
    /// of them ([`EngineSet::pick_routed`]). A run of one slot reaches what that slot does.
    pub fn reach(&self) -> ProposalSet {
        let per_slot: Vec<Vec<ProposalSet>> = self
            .slots
            .iter()
            .map(|s| s.variants.iter().map(|v| v.proposals()).collect())
            .collect();
        if let [one] = per_slot.as_slice() {
            return one.iter().fold(ProposalSet::empty(), |set, v| set.union(*v));
        }
        ProposalSet::all()
            .iter()
            .filter(|p| {
                let engines: usize = per_slot
                    .iter()
                    .map(|variants| variants.iter().filter(|v| v.contains(*p)).count().min(2))
                    .sum();
                engines >= 2
            })
            .collect()
    }

    /// The slots, in the run's order.
    pub fn slots(&self) -> &[Slot] {
        &self.slots
    }

    /// Every concrete engine, slot by slot.
    pub fn engines(&self) -> impl Iterator<Item = &dyn Engine> {
        self.slots.iter().flat_map(|s| s.variants.iter().map(|v| v.as_ref()))
    }

    /// Each slot's name and its first variant, which stands for all of them where the worker
    /// process is concerned: a slot's variants share it ([`Isolation::build_variants`]).
    pub fn slot_heads(&self) -> impl Iterator<Item = (&str, &dyn Engine)> {
        self.slots
            .iter()
            .filter_map(|s| s.variants.first().map(|v| (s.name.as_str(), v.as_ref())))
    }

    /// The engines that run module `index` of seed `seed`: one variant per slot, chosen by the
    /// seed, in the configuration the swarm draws for the module when the swarm is on (`module`:
    /// what the swarm's draw depends on). An engine given with settings on the command line keeps
    /// them: the swarm configures only engines in their default configuration.
    pub fn pick(&self, seed: u64, index: u64, module: &ModuleFacts) -> Vec<Arc<dyn Engine>> {
        (0..self.slots.len())
            .map(|i| self.configure(&self.slots[i].variants[self.drawn(seed, i)], index, module))
            .collect()
    }

    /// The engines that run module `index` of seed `seed`, which uses the features `used`: the
    /// engines of [`EngineSet::pick`] that compile them ([`route`]). When that leaves one slot of
    /// a run of several, and another variant of that slot compiles them too (a GC module, which
    /// only the Cranelift slot compiles, and a bare `cranelift-x64` of three opt levels), that
    /// variant runs as well, the next after the drawn one in the slot's order, configured as
    /// `pick` configures: the module is then compared between two variants of one slot.
    pub fn pick_routed(&self, seed: u64, index: u64, module: &ModuleFacts, used: FeatureSet) -> Routing {
        let picked = self.pick(seed, index, module);
        let drawn: Vec<&dyn Engine> = picked.iter().map(|e| e.as_ref()).collect();
        let slots = route(&drawn, used);
        let sat_out = sitting_out(&drawn, &slots, used);
        let mut engines: Vec<Arc<dyn Engine>> = slots.iter().map(|&s| Arc::clone(&picked[s])).collect();
        let mut routing_slots = slots.clone();
        let mut paired = false;
        if let ([only], true) = (slots.as_slice(), self.slots.len() >= 2) {
            let variants = &self.slots[*only].variants;
            let drawn = self.drawn(seed, *only);
            let second = (1..variants.len())
                .map(|k| &variants[(drawn + k) % variants.len()])
                .find(|v| used.is_subset(v.support().features()));
            if let Some(second) = second {
                engines.push(self.configure(second, index, module));
                routing_slots.push(*only);
                paired = true;
            }
        }
        Routing {
            engines,
            slots: routing_slots,
            paired,
            sat_out,
        }
    }

    /// The variant of slot `slot` that module seed `seed` draws.
    fn drawn(&self, seed: u64, slot: usize) -> usize {
        let variants = self.slots[slot].variants.len() as u64;
        (crate::seed::mix(seed, 0x5107 + slot as u64) % variants) as usize
    }

    /// `engine` in the configuration the swarm draws for module `index` when the swarm is on and
    /// the engine was given without settings; `engine` itself otherwise.
    fn configure(&self, engine: &Arc<dyn Engine>, index: u64, module: &ModuleFacts) -> Arc<dyn Engine> {
        match &self.swarm {
            Some(swarm) if !engine.name().contains(',') => swarm.configure(engine, index, module),
            _ => Arc::clone(engine),
        }
    }

    /// A one-line description, e.g. `winch-x64, cranelift-x64 (o0|speed|size), wasmi`.
    pub fn describe(&self) -> String {
        let parts: Vec<String> = self
            .slots
            .iter()
            .map(|s| match s.variants.as_slice() {
                [one] => one.name().to_string(),
                many => {
                    let v: Vec<String> = many
                        .iter()
                        .map(|e| {
                            naming::unlabeled(e.name())
                                .rsplit(':')
                                .next()
                                .unwrap_or_default()
                                .to_string()
                        })
                        .collect();
                    format!("{} ({})", s.name, v.join("|"))
                }
            })
            .collect();
        parts.join(", ")
    }
}

/// The engines a module runs on ([`EngineSet::pick_routed`]).
pub struct Routing {
    /// The engines, in slot order.
    pub engines: Vec<Arc<dyn Engine>>,
    /// The slot of each engine, non-decreasing: a slot appears twice when two of its variants
    /// run the module.
    pub slots: Vec<usize>,
    /// Whether the module runs on two variants of one slot, the only slot that compiles it.
    pub paired: bool,
    /// The drawn engines that sit the module out, with the features they do not compile
    /// ([`sitting_out`]).
    pub sat_out: Vec<SatOut>,
}

/// The positions in `engines` of those that compile every feature in `used` (the features a
/// module uses, [`crosscheck_oracles::uses::features_used`]), in order: the engines a module runs
/// on. A refusal the probes predict is thus never asked for; one they do not predict is still
/// compared as a refusal.
pub fn route(engines: &[&dyn Engine], used: FeatureSet) -> Vec<usize> {
    engines
        .iter()
        .enumerate()
        .filter(|(_, e)| used.is_subset(e.support().features()))
        .map(|(i, _)| i)
        .collect()
}

/// The engines of `engines` outside `routed` (positions in `engines`, as [`route`] gives them),
/// each with the features of `used` it does not compile: those that sit a module out.
pub fn sitting_out(engines: &[&dyn Engine], routed: &[usize], used: FeatureSet) -> Vec<SatOut> {
    engines
        .iter()
        .enumerate()
        .filter(|(i, _)| !routed.contains(i))
        .map(|(_, e)| {
            let missing: Vec<&str> = used
                .iter()
                .filter(|f| !e.support().features().contains(*f))
                .map(|f| f.name())
                .collect();
            SatOut {
                engine: e.name().into(),
                reason: format!("does not compile {}", missing.join(", ")),
            }
        })
        .collect()
}

/// The facts of an engine recorded in findings.
pub fn info(engine: &dyn Engine) -> EngineInfo {
    EngineInfo {
        name: engine.name().into(),
        version: engine.version(),
        arch: engine.arch().into(),
        emulator: engine.emulator().map(str::to_string),
    }
}
