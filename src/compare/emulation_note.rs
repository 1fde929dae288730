//! What a divergence that involves emulated engines says about the emulator. QEMU itself can be
//! wrong (Wasmtime issue #8233 was a QEMU 8.2 bug, not a Cranelift one), so a finding in which an
//! aarch64 engine under QEMU disagrees with the native engines says whether the other emulated
//! engines, under the same QEMU, side with it or with the native engines.

use serde::{Deserialize, Serialize};

use crate::engines::EngineInfo;

/// The emulation part of a finding (`finding.json`, field `emulation`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmulationNote {
    /// Emulated engines whose outcome at the diverging step matches no native engine's.
    pub diverging: Vec<String>,
    /// Emulated engines whose outcome at that step matches some native engine's.
    pub agreeing: Vec<String>,
    /// The reading in one sentence: whom to suspect and what to do next.
    pub verdict: String,
}

/// The note for a divergence whose engines at the diverging step fall into `groups` (engine names
/// grouped by identical outcome), given the `info` of every engine of the run. `None` when no
/// emulated engine ran, or when every emulated engine agrees with a native one (the divergence is
/// among native engines).
pub fn note<'a>(groups: &[Vec<String>], info: impl IntoIterator<Item = &'a EngineInfo>) -> Option<EmulationNote> {
    let info: Vec<&EngineInfo> = info.into_iter().collect();
    let emulated = |name: &str| info.iter().any(|i| i.name == name && i.emulator.is_some());
    let native_in = |group: &Vec<String>| group.iter().any(|n| !emulated(n));
    let any_native = info.iter().any(|i| i.emulator.is_none());
    let mut diverging = Vec::new();
    let mut agreeing = Vec::new();
    let mut diverging_groups = 0;
    for group in groups {
        let members = group.iter().filter(|n| emulated(n)).cloned();
        if native_in(group) {
            agreeing.extend(members);
        } else {
            diverging_groups += 1;
            diverging.extend(members);
        }
    }
    if diverging.is_empty() {
        return None;
    }
    let list = |names: &[String]| names.join(", ");
    let verdict = if !any_native {
        "only emulated engines ran; replay with `--engines all` to see which side the native engines take".to_string()
    } else if !agreeing.is_empty() {
        format!(
            "{} under QEMU disagree with every native engine while {}, under the same QEMU, agree with them: \
             a bug in the aarch64 code of the disagreeing engine is likelier than a QEMU bug",
            list(&diverging),
            list(&agreeing)
        )
    } else if diverging.len() == 1 {
        format!(
            "{} is the only emulated engine and disagrees with the native engines; confirm on aarch64 hardware",
            list(&diverging)
        )
    } else if diverging_groups == 1 {
        format!(
            "every emulated engine ({}) disagrees with the native engines in the same way: suspect QEMU (or aarch64 \
             code the engines share); confirm on aarch64 hardware",
            list(&diverging)
        )
    } else {
        format!(
            "the emulated engines ({}) disagree with the native engines and with each other; confirm on aarch64 hardware",
            list(&diverging)
        )
    };
    Some(EmulationNote {
        diverging,
        agreeing,
        verdict,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine(name: &str, emulated: bool) -> EngineInfo {
        EngineInfo {
            name: name.into(),
            version: "v".into(),
            arch: if emulated { "aarch64" } else { "x86_64" }.into(),
            emulator: emulated.then(|| "qemu-aarch64 7.2".to_string()),
        }
    }

    fn groups(g: &[&[&str]]) -> Vec<Vec<String>> {
        g.iter().map(|g| g.iter().map(|n| n.to_string()).collect()).collect()
    }

    fn five() -> Vec<EngineInfo> {
        vec![
            engine("winch-x64", false),
            engine("cranelift-x64:speed", false),
            engine("wasmi", false),
            engine("winch-aarch64", true),
            engine("cranelift-aarch64:o0", true),
        ]
    }

    #[test]
    fn one_emulated_engine_against_the_rest_points_at_its_code_not_qemu() {
        let g = groups(&[
            &["winch-x64", "cranelift-x64:speed", "wasmi", "cranelift-aarch64:o0"],
            &["winch-aarch64"],
        ]);
        let n = note(&g, &five()).unwrap();
        assert_eq!(n.diverging, ["winch-aarch64"]);
        assert_eq!(n.agreeing, ["cranelift-aarch64:o0"]);
        assert!(n.verdict.contains("likelier than a QEMU bug"), "{}", n.verdict);
    }

    #[test]
    fn all_emulated_engines_agreeing_with_each_other_point_at_qemu() {
        let g = groups(&[
            &["winch-x64", "cranelift-x64:speed", "wasmi"],
            &["winch-aarch64", "cranelift-aarch64:o0"],
        ]);
        let n = note(&g, &five()).unwrap();
        assert_eq!(n.diverging.len(), 2);
        assert!(n.agreeing.is_empty());
        assert!(n.verdict.contains("suspect QEMU"), "{}", n.verdict);
    }

    #[test]
    fn emulated_engines_split_three_ways() {
        let g = groups(&[
            &["winch-x64", "cranelift-x64:speed", "wasmi"],
            &["winch-aarch64"],
            &["cranelift-aarch64:o0"],
        ]);
        assert!(note(&g, &five()).unwrap().verdict.contains("with each other"));
    }

    #[test]
    fn no_note_when_the_divergence_is_among_native_engines() {
        let g = groups(&[
            &["cranelift-x64:speed", "wasmi", "winch-aarch64", "cranelift-aarch64:o0"],
            &["winch-x64"],
        ]);
        assert_eq!(note(&g, &five()), None);
        let native: Vec<EngineInfo> = five().into_iter().filter(|e| e.emulator.is_none()).collect();
        assert_eq!(note(&groups(&[&["winch-x64"], &["wasmi"]]), &native), None);
    }

    #[test]
    fn emulated_only_runs_ask_for_a_native_replay() {
        let emulated: Vec<EngineInfo> = five().into_iter().filter(|e| e.emulator.is_some()).collect();
        let g = groups(&[&["winch-aarch64"], &["cranelift-aarch64:o0"]]);
        assert!(note(&g, &emulated).unwrap().verdict.contains("--engines all"));
    }
}
