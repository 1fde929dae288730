//! Engine configurations as data: the knobs of each engine kind that change how code is generated
//! or executed, their allowed values, and a configuration's canonical text, which is also the tail
//! of a configured engine's name: `cranelift-x64:speed,regalloc=single_pass,avx=off`.
//!
//! A configuration lists only the knobs that differ from the engine's default; every other knob
//! keeps its default (the first of its values). Knobs and values are taken from `wasmtime::Config`
//! and `wasmi::Config` (wasmtime 50, wasmi 2), Cranelift's ISA settings (cranelift-codegen 0.137),
//! and the constraints of `wasmtime-internal-winch` 50's compiler builder.
//!
//! Compared with wasmtime 48, the previous pin: the only new Cranelift setting,
//! x86_64 `has_apx`, is off by default and on no shipping CPU (Wasmtime refuses a feature the host
//! lacks), so it is not a knob; Wasmtime's only new `Config` switch, `wasm_compact_imports`, is a
//! proposal ([`crate::Proposal::CompactImports`]); Winch still requires signal-based traps and lazy
//! tables.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// The engine kinds that have knobs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// A Wasmtime engine (Winch or Cranelift).
    Wasmtime,
    /// The wasmi interpreter.
    Wasmi,
}

/// One setting of an engine kind.
#[derive(Clone, Copy, Debug)]
pub struct Knob {
    /// The name used in engine names and on the command line, e.g. `regalloc`.
    pub name: &'static str,
    /// The engine kind it belongs to.
    pub family: Family,
    /// The architecture suffix (`x64`, `aarch64`) of the engines it applies to; `None` for all.
    pub arch: Option<&'static str>,
    /// The allowed values; the first is the engine's default.
    pub values: &'static [&'static str],
    /// For Wasmtime knobs that Winch supports only at their default: why.
    pub winch_forbids: Option<&'static str>,
    /// Only Cranelift has this knob (its values mean nothing to Winch).
    pub cranelift_only: bool,
    /// Why the configuration swarm leaves this knob at its default, when it does: the knob is
    /// still there for engines named with it.
    pub not_drawn: Option<&'static str>,
    /// What the knob does.
    pub about: &'static str,
}

const HOST_OR_OFF: &[&str] = &["host", "off"];
const ON_OFF: &[&str] = &["on", "off"];
const OFF_ON: &[&str] = &["off", "on"];

const fn x64_feature(name: &'static str, about: &'static str) -> Knob {
    Knob {
        name,
        family: Family::Wasmtime,
        arch: Some("x64"),
        values: HOST_OR_OFF,
        winch_forbids: None,
        cranelift_only: false,
        not_drawn: None,
        about,
    }
}

const fn wasmtime(name: &'static str, values: &'static [&'static str], about: &'static str) -> Knob {
    Knob {
        name,
        family: Family::Wasmtime,
        arch: None,
        values,
        winch_forbids: None,
        cranelift_only: false,
        not_drawn: None,
        about,
    }
}

/// Every knob, in canonical order (the order of a configuration's text).
pub const KNOBS: &[Knob] = &[
    Knob {
        cranelift_only: true,
        ..wasmtime(
            "regalloc",
            &["backtracking", "single_pass"],
            "Cranelift's register allocator algorithm (Config::cranelift_regalloc_algorithm)",
        )
    },
    x64_feature("sse3", "SSE3; off also turns off every feature that implies it"),
    x64_feature("ssse3", "SSSE3; off also turns off SSE4.1 and up"),
    x64_feature("sse41", "SSE4.1; off also turns off SSE4.2 and up"),
    x64_feature("sse42", "SSE4.2; off also turns off AVX and up"),
    x64_feature("avx", "AVX; off also turns off AVX2, FMA and AVX-512"),
    x64_feature("avx2", "AVX2; off also turns off AVX-512"),
    x64_feature("fma", "FMA"),
    x64_feature("bmi1", "BMI1"),
    x64_feature("bmi2", "BMI2"),
    x64_feature("lzcnt", "LZCNT"),
    x64_feature("popcnt", "POPCNT"),
    Knob {
        arch: Some("aarch64"),
        ..wasmtime("lse", HOST_OR_OFF, "Large System Extensions atomics (has_lse)")
    },
    Knob {
        arch: Some("aarch64"),
        ..wasmtime(
            "pauth",
            OFF_ON,
            "return-address signing with pointer authentication (sign_return_address; HINT-space \
             instructions, no-ops on a CPU without PAuth)",
        )
    },
    Knob {
        arch: Some("aarch64"),
        not_drawn: Some(
            "with BTI on, Winch's br_table and Cranelift's traps without signals die with SIGILL \
             (corpora/regressions/*-bti-*): drawn, BTI turned an aarch64 campaign into worker \
             restarts (13.5 against 78.9 modules/s)",
        ),
        ..wasmtime(
            "bti",
            OFF_ON,
            "branch target identification landing pads (use_bti; HINT-space instructions)",
        )
    },
    Knob {
        winch_forbids: Some("Winch requires signals-based traps (wasmtime-internal-winch 50)"),
        ..wasmtime(
            "signals",
            ON_OFF,
            "signal-based traps; off makes every bounds check explicit (Config::signals_based_traps)",
        )
    },
    wasmtime(
        "spectre",
        ON_OFF,
        "Spectre mitigation of explicit linear-memory bounds checks (Cranelift's \
         enable_heap_access_spectre_mitigation, which Winch also reads); it changes code only where \
         a bounds check is explicit (a reservation below 4 GiB, a 64-bit memory); signals=off \
         turns it off",
    ),
    wasmtime(
        "table_spectre",
        ON_OFF,
        "Spectre mitigation of table bounds checks (table.get/set, call_indirect; \
         enable_table_access_spectre_mitigation, which Winch also reads); signals=off turns it off",
    ),
    wasmtime(
        "reservation",
        &["default", "0", "1m", "16m", "128m"],
        "virtual memory reserved per linear memory, bytes with k/m/g suffix (Config::memory_reservation)",
    ),
    wasmtime(
        "guard",
        &["default", "0", "64k", "2g"],
        "guard region after each linear memory, bytes with k/m/g suffix (Config::memory_guard_size)",
    ),
    wasmtime(
        "guard_before",
        ON_OFF,
        "a guard region before each linear memory as large as the one after it \
         (Config::guard_before_linear_memory)",
    ),
    wasmtime(
        "may_move",
        ON_OFF,
        "whether a linear memory may move when it grows (Config::memory_may_move); off needs a \
         reservation of at least the harness's 64 MiB memory limit",
    ),
    wasmtime(
        "cow",
        ON_OFF,
        "copy-on-write initialization of memories from the module image (Config::memory_init_cow)",
    ),
    Knob {
        winch_forbids: Some("Winch requires lazy table initialization (wasmtime-internal-winch 50)"),
        ..wasmtime(
            "lazy_tables",
            ON_OFF,
            "lazy initialization of function tables (Config::table_lazy_init)",
        )
    },
    wasmtime(
        "allocator",
        &["on_demand", "pooling"],
        "the instance allocator (Config::allocation_strategy): pooling preallocates slots with the \
         limits of crate::limits (POOLING_*); it needs a reservation of at least the harness's 64 \
         MiB memory limit and has no shared memories",
    ),
    wasmtime(
        "fuel",
        OFF_ON,
        "fuel metering compiled in even when the run sets no fuel (Config::consume_fuel)",
    ),
    wasmtime(
        "epochs",
        OFF_ON,
        "epoch interruption checks compiled in even when the run has no interrupts (Config::epoch_interruption)",
    ),
    Knob {
        name: "compilation",
        family: Family::Wasmi,
        arch: None,
        values: &["lazy_translation", "eager", "lazy"],
        winch_forbids: None,
        cranelift_only: false,
        not_drawn: None,
        about: "when wasmi validates and translates function bodies (Config::compilation_mode)",
    },
    Knob {
        name: "fuel",
        family: Family::Wasmi,
        arch: None,
        values: OFF_ON,
        winch_forbids: None,
        cranelift_only: false,
        not_drawn: None,
        about: "fuel metering on even when the run sets no fuel (Config::consume_fuel)",
    },
];

/// The x86_64 features that a feature forced off takes with it: every feature that implies it.
const X64_IMPLIED_BY: &[(&str, &[&str])] = &[
    ("sse3", &["ssse3", "sse41", "sse42", "avx", "avx2", "fma"]),
    ("ssse3", &["sse41", "sse42", "avx", "avx2", "fma"]),
    ("sse41", &["sse42", "avx", "avx2", "fma"]),
    ("sse42", &["avx", "avx2", "fma"]),
    ("avx", &["avx2", "fma"]),
];

/// The Cranelift flags that AVX2 off also turns off (AVX-512 and AVX-VNNI need AVX2).
pub const AVX512_FLAGS: &[&str] = &[
    "has_avx512bitalg",
    "has_avx512dq",
    "has_avx512f",
    "has_avx512vbmi",
    "has_avx512vl",
    "has_avx512vnni",
    "has_avx_vnni",
];

/// The harness's limit on a linear memory, in bytes, as a reservation value allowing `may_move=off`.
const MIN_FIXED_RESERVATION: u64 = crate::limits::MEMORY_BYTES as u64;

/// A knob value that is not allowed, or a configuration an engine does not support.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

/// The engine a configuration is for: its family, architecture suffix and whether it is Winch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Target {
    /// The engine kind.
    pub family: Family,
    /// `x64` or `aarch64` for compiled engines; `None` for wasmi.
    pub arch: Option<&'static str>,
    /// The Winch compiler (Wasmtime engines only).
    pub winch: bool,
}

impl Target {
    /// The knobs of this engine (Winch included: it lists the knobs it supports only at their
    /// default, so that a configuration naming them can be refused with the reason).
    pub fn knobs(self) -> impl Iterator<Item = &'static Knob> {
        KNOBS.iter().filter(move |k| {
            k.family == self.family && k.arch.is_none_or(|a| Some(a) == self.arch) && !(self.winch && k.cranelift_only)
        })
    }
}

/// An engine configuration: the knobs that differ from the engine's defaults, with their values.
/// Serialized as a map from knob name to value; its text ([`fmt::Display`]) is `knob=value` pairs
/// in [`KNOBS`] order, joined by commas; the empty configuration is the engine's default.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EngineConfig {
    settings: BTreeMap<String, String>,
}

impl EngineConfig {
    /// Parses `knob=value` pairs (`settings`, already split) for `target`, checks them, and closes
    /// the x86_64 features forced off under implication (AVX off takes AVX2 and FMA with it).
    ///
    /// # Errors
    ///
    /// [`ConfigError`] for a malformed pair, a knob `target` does not have, a value the knob does
    /// not allow, a knob given twice, a knob Winch supports only at its default, or `may_move=off`
    /// or `allocator=pooling` with a reservation below the harness's memory limit.
    pub fn parse<'a>(target: Target, settings: impl IntoIterator<Item = &'a str>) -> Result<EngineConfig, ConfigError> {
        let mut config = EngineConfig::default();
        for pair in settings {
            let (name, value) = pair
                .split_once('=')
                .ok_or_else(|| ConfigError(format!("`{pair}` is not a knob=value setting")))?;
            let knob = target.knobs().find(|k| k.name == name).ok_or_else(|| {
                let known: Vec<&str> = target.knobs().map(|k| k.name).collect();
                ConfigError(format!("no knob `{name}` here (knobs: {})", known.join(", ")))
            })?;
            if !knob.values.contains(&value) {
                return Err(ConfigError(format!(
                    "`{name}` cannot be `{value}` (values: {})",
                    knob.values.join(", ")
                )));
            }
            if config.settings.contains_key(name) {
                return Err(ConfigError(format!("`{name}` is given twice")));
            }
            config.settings.insert(name.into(), value.into());
        }
        config.close(target)?;
        Ok(config)
    }

    /// Applies the implications between x86_64 features, drops default values and the Spectre
    /// settings under `signals=off` (Wasmtime then turns both mitigations off), and refuses what
    /// `target` does not support.
    fn close(&mut self, target: Target) -> Result<(), ConfigError> {
        for (feature, implied) in X64_IMPLIED_BY {
            if self.get(feature) == Some("off") {
                for f in *implied {
                    self.settings.insert((*f).into(), "off".into());
                }
            }
        }
        let defaults: Vec<String> = self
            .settings
            .iter()
            .filter(|(name, value)| target.knobs().any(|k| k.name == *name && k.values[0] == *value))
            .map(|(name, _)| name.clone())
            .collect();
        for name in defaults {
            self.settings.remove(&name);
        }
        if target.winch
            && let Some(knob) = target
                .knobs()
                .find(|k| k.winch_forbids.is_some() && self.get(k.name).is_some())
        {
            let reason = knob.winch_forbids.unwrap_or_default();
            return Err(ConfigError(format!(
                "Winch does not support `{}={}`: {reason}",
                knob.name,
                self.get(knob.name).unwrap_or_default()
            )));
        }
        if self.get("signals") == Some("off") {
            self.settings.remove("spectre");
            self.settings.remove("table_spectre");
        }
        if self.is_pooling() && self.reservation().is_some_and(|r| r < MIN_FIXED_RESERVATION) {
            return Err(ConfigError(format!(
                "`allocator=pooling` needs a reservation of at least {} MiB, the harness's memory \
                 limit: the pool's memory slots hold that much",
                MIN_FIXED_RESERVATION >> 20
            )));
        }
        if self.get("may_move") == Some("off") && self.reservation().is_some_and(|r| r < MIN_FIXED_RESERVATION) {
            return Err(ConfigError(format!(
                "`may_move=off` needs a reservation of at least {} MiB, the harness's memory limit: \
                 with less, memory.grow fails where the other engines grow",
                MIN_FIXED_RESERVATION >> 20
            )));
        }
        Ok(())
    }

    /// The value of knob `name`, when it differs from the default.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.settings.get(name).map(String::as_str)
    }

    /// Whether every knob is at its default.
    pub fn is_default(&self) -> bool {
        self.settings.is_empty()
    }

    /// The non-default settings, `(knob, value)`, in [`KNOBS`] order.
    pub fn settings(&self) -> Vec<(&str, &str)> {
        let mut pairs: Vec<(&str, &str)> = self.settings.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        pairs.sort_by_key(|(k, _)| KNOBS.iter().position(|knob| knob.name == *k));
        pairs
    }

    /// This configuration with knob `name` back at its default (the x86_64 features it implied
    /// off stay off: each is its own setting).
    pub fn without(&self, name: &str) -> EngineConfig {
        let mut settings = self.settings.clone();
        settings.remove(name);
        EngineConfig { settings }
    }

    /// The Cranelift settings of this configuration, `(flag, value)` pairs for Wasmtime's
    /// `Config::cranelift_flag_set`: an x86_64 feature `off` is its `has_*` flag `false` (AVX2 off
    /// also turns off AVX-512, [`AVX512_FLAGS`]); on aarch64 `lse=off` is `has_lse` `false`,
    /// `pauth=on` is `sign_return_address` and `bti=on` is `use_bti`; `spectre=off` and
    /// `table_spectre=off` are `enable_heap_access_spectre_mitigation` and
    /// `enable_table_access_spectre_mitigation` `false`.
    pub fn cranelift_flags(&self) -> Vec<(String, &'static str)> {
        let mut flags = Vec::new();
        for (knob, value) in self.settings() {
            let arch = KNOBS.iter().find(|k| k.name == knob).and_then(|k| k.arch);
            match (arch, knob, value) {
                (Some("x64"), _, "off") => flags.push((format!("has_{knob}"), "false")),
                (Some("aarch64"), "lse", _) => flags.push(("has_lse".into(), "false")),
                (Some("aarch64"), "pauth", _) => flags.push(("sign_return_address".into(), "true")),
                (Some("aarch64"), "bti", _) => flags.push(("use_bti".into(), "true")),
                (None, "spectre", _) => flags.push(("enable_heap_access_spectre_mitigation".into(), "false")),
                (None, "table_spectre", _) => flags.push(("enable_table_access_spectre_mitigation".into(), "false")),
                _ => {}
            }
        }
        if self.get("avx2") == Some("off") {
            flags.extend(AVX512_FLAGS.iter().map(|f| (f.to_string(), "false")));
        }
        flags
    }

    /// The settings as `knob=value` texts, the form [`crate::Engine::configured`] takes.
    pub fn pairs(&self) -> Vec<String> {
        self.settings().iter().map(|(k, v)| format!("{k}={v}")).collect()
    }

    /// Whether the configuration uses the pooling instance allocator (`allocator=pooling`).
    pub fn is_pooling(&self) -> bool {
        self.get("allocator") == Some("pooling")
    }

    /// `memory_reservation` in bytes, when set.
    pub fn reservation(&self) -> Option<u64> {
        self.get("reservation").and_then(bytes)
    }

    /// `memory_guard_size` in bytes, when set.
    pub fn guard(&self) -> Option<u64> {
        self.get("guard").and_then(bytes)
    }

    /// Whether knob `name` (an on/off knob) is `on`: its value, or its default.
    pub fn is_on(&self, name: &str) -> bool {
        match self.get(name) {
            Some(value) => value == "on",
            None => KNOBS.iter().any(|k| k.name == name && k.values[0] == "on"),
        }
    }

    /// A configuration for `target` drawn from `seed`: each knob keeps its default with
    /// probability 1/2 and otherwise takes one of its other values, uniformly. Knobs with a
    /// [`Knob::not_drawn`] reason keep their default, Winch never gets a knob it does not
    /// support, and a drawn `may_move=off` or `allocator=pooling` with too small a reservation is
    /// put back to its default. The
    /// same seed gives the same configuration.
    pub fn draw(target: Target, seed: u64) -> EngineConfig {
        let mut state = seed;
        let mut config = EngineConfig::default();
        for knob in target.knobs() {
            let r = splitmix(&mut state);
            if r & 1 == 0 || knob.not_drawn.is_some() || (target.winch && knob.winch_forbids.is_some()) {
                continue;
            }
            let others = &knob.values[1..];
            let value = others[((r >> 1) % others.len() as u64) as usize];
            config.settings.insert(knob.name.into(), value.into());
        }
        if config.reservation().is_some_and(|r| r < MIN_FIXED_RESERVATION) {
            config.settings.remove("may_move");
            config.settings.remove("allocator");
        }
        config
            .close(target)
            .expect("a drawn configuration has only supported values");
        config
    }
}

impl fmt::Display for EngineConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.pairs().join(","))
    }
}

/// Splits a concrete engine name into its base and its settings:
/// `cranelift-x64:speed,regalloc=single_pass` gives `("cranelift-x64:speed", ["regalloc=single_pass"])`.
pub fn split_name(name: &str) -> (&str, Vec<&str>) {
    let mut parts = name.split(',').map(str::trim);
    let base = parts.next().unwrap_or_default();
    (base, parts.filter(|p| !p.is_empty()).collect())
}

/// The name of the engine `base` configured with `config`: `base` alone for the default.
pub fn configured_name(base: &str, config: &EngineConfig) -> String {
    if config.is_default() {
        base.to_string()
    } else {
        format!("{base},{config}")
    }
}

/// `default` is `None`; `0`, `64k`, `16m`, `2g` are bytes.
fn bytes(text: &str) -> Option<u64> {
    let (digits, unit) = match text.as_bytes().last()? {
        b'k' => (&text[..text.len() - 1], 1u64 << 10),
        b'm' => (&text[..text.len() - 1], 1 << 20),
        b'g' => (&text[..text.len() - 1], 1 << 30),
        _ => (text, 1),
    };
    digits.parse::<u64>().ok().map(|n| n * unit)
}

/// SplitMix64 (Steele, Lea and Flood, 2014): a small, seedable stream of 64-bit values.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CRANELIFT_X64: Target = Target {
        family: Family::Wasmtime,
        arch: Some("x64"),
        winch: false,
    };
    const WINCH_X64: Target = Target {
        winch: true,
        ..CRANELIFT_X64
    };

    #[test]
    fn text_is_canonical_and_closed_under_implication() {
        let c = EngineConfig::parse(CRANELIFT_X64, ["avx=off", "regalloc=single_pass", "cow=on"]).unwrap();
        assert_eq!(c.to_string(), "regalloc=single_pass,avx=off,avx2=off,fma=off");
        let again = EngineConfig::parse(CRANELIFT_X64, split_name(&configured_name("cranelift-x64:speed", &c)).1);
        assert_eq!(again.unwrap(), c);
        assert!(EngineConfig::parse(CRANELIFT_X64, ["cow=on"]).unwrap().is_default());
    }

    #[test]
    fn bad_settings_are_refused_with_the_reason() {
        let err = |target, s: &[&str]| EngineConfig::parse(target, s.iter().copied()).unwrap_err().0;
        assert!(err(CRANELIFT_X64, &["avx"]).contains("not a knob=value"));
        assert!(err(CRANELIFT_X64, &["lse=off"]).contains("no knob `lse`"));
        assert!(err(CRANELIFT_X64, &["avx=on"]).contains("values: host, off"));
        assert!(err(CRANELIFT_X64, &["cow=off", "cow=on"]).contains("twice"));
        assert!(err(WINCH_X64, &["signals=off"]).contains("Winch requires signals-based traps"));
        assert!(err(WINCH_X64, &["lazy_tables=off"]).contains("Winch"));
        assert!(err(WINCH_X64, &["regalloc=single_pass"]).contains("no knob `regalloc`"));
        assert!(err(CRANELIFT_X64, &["may_move=off", "reservation=1m"]).contains("at least 64 MiB"));
        assert!(EngineConfig::parse(CRANELIFT_X64, ["may_move=off", "reservation=128m"]).is_ok());
    }

    #[test]
    fn draws_are_seeded_valid_and_varied() {
        let mut seen = std::collections::BTreeSet::new();
        for seed in 0..200 {
            let c = EngineConfig::draw(WINCH_X64, seed);
            assert_eq!(c, EngineConfig::draw(WINCH_X64, seed));
            assert_eq!(
                EngineConfig::parse(WINCH_X64, split_name(&format!("w,{c}")).1).unwrap(),
                c
            );
            assert!(c.get("signals").is_none() && c.get("lazy_tables").is_none());
            seen.insert(c);
        }
        assert!(seen.len() > 150, "{} distinct configurations", seen.len());
    }

    /// The Spectre, guard-before and pooling knobs parse for Winch and Cranelift, name in
    /// canonical order, become Cranelift flags, give way to `signals=off`, and pooling needs the
    /// memory limit reserved, in parses and in draws.
    #[test]
    fn spectre_guard_before_and_pooling_knobs() {
        let given = [
            "allocator=pooling",
            "guard_before=off",
            "table_spectre=off",
            "spectre=off",
        ];
        for target in [CRANELIFT_X64, WINCH_X64] {
            let c = EngineConfig::parse(target, given).unwrap();
            assert_eq!(
                c.to_string(),
                "spectre=off,table_spectre=off,guard_before=off,allocator=pooling"
            );
            assert!(c.is_pooling() && !c.is_on("guard_before") && !c.is_on("spectre"));
        }
        let c = EngineConfig::parse(CRANELIFT_X64, given).unwrap();
        let flags = c.cranelift_flags();
        assert!(flags.contains(&("enable_heap_access_spectre_mitigation".into(), "false")));
        assert!(flags.contains(&("enable_table_access_spectre_mitigation".into(), "false")));
        let no_signals = EngineConfig::parse(CRANELIFT_X64, ["spectre=off", "signals=off"]).unwrap();
        assert_eq!(no_signals.to_string(), "signals=off");
        let err = EngineConfig::parse(CRANELIFT_X64, ["allocator=pooling", "reservation=16m"]).unwrap_err();
        assert!(
            err.0
                .contains("`allocator=pooling` needs a reservation of at least 64 MiB"),
            "{err}"
        );
        assert!(EngineConfig::parse(CRANELIFT_X64, ["allocator=pooling", "reservation=128m"]).is_ok());
        let draws: Vec<EngineConfig> = (0..400).map(|seed| EngineConfig::draw(CRANELIFT_X64, seed)).collect();
        assert!(draws.iter().any(EngineConfig::is_pooling));
        assert!(draws.iter().any(|c| c.get("guard_before") == Some("off")));
        assert!(
            draws
                .iter()
                .all(|c| !c.is_pooling() || c.reservation().is_none_or(|r| r >= MIN_FIXED_RESERVATION))
        );
    }

    #[test]
    fn sizes_parse() {
        assert_eq!(bytes("64k"), Some(64 << 10));
        assert_eq!(bytes("2g"), Some(2 << 30));
        assert_eq!(bytes("0"), Some(0));
        assert_eq!(bytes("default"), None);
    }
}
