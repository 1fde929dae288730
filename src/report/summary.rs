//! The end-of-campaign summary that `crosscheck fuzz` prints: modules, discards, calls,
//! strategies, configurations, divergences and known bugs, routing, reach, workers and the time
//! split.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::time::Duration;

use crate::campaign::CampaignStats;
use crate::known::Absorbed;

/// The summary of a campaign that ended with `stats`, several lines each ending in a newline; a
/// campaign stopped early (a signal, a failed write) says so first.
pub fn campaign_summary(stats: &CampaignStats) -> String {
    let mut s = String::new();
    if stats.stopped {
        let _ = writeln!(
            s,
            "stopped by a signal after {:.1} s: {}",
            stats.elapsed.as_secs_f64(),
            if stats.abandoned > 0 {
                format!("{} modules in flight abandoned (not compared)", stats.abandoned)
            } else {
                "the modules in flight finished".to_string()
            }
        );
    }
    if let Some(failure) = &stats.write_failure {
        let _ = writeln!(s, "stopped on a failed write: {failure}");
    }
    let pct = |n: u64| 100.0 * n as f64 / stats.modules.max(1) as f64;
    let jobs = if stats.jobs > 1 {
        format!(", {} jobs", stats.jobs)
    } else {
        String::new()
    };
    let _ = writeln!(
        s,
        "modules: {} in {:.1} s ({:.1} modules/s{jobs})",
        stats.modules,
        stats.elapsed.as_secs_f64(),
        stats.rate()
    );
    let reasons: Vec<String> = stats.discarded.iter().map(|(r, n)| format!("{r} {n}")).collect();
    let _ = writeln!(
        s,
        "discarded: {} ({:.1}%){}{}",
        stats.discarded_count(),
        pct(stats.discarded_count()),
        if reasons.is_empty() { "" } else { ": " },
        reasons.join(", ")
    );
    let calls: u64 = stats.call_outcomes.values().sum();
    let mut outcomes: Vec<(&str, u64)> = stats.call_outcomes.iter().map(|(k, n)| (k.name(), *n)).collect();
    outcomes.sort_by_key(|(k, n)| (std::cmp::Reverse(*n), *k));
    let outcomes: Vec<String> = outcomes
        .iter()
        .map(|(k, n)| format!("{k} {:.1}%", 100.0 * *n as f64 / calls.max(1) as f64))
        .collect();
    let _ = writeln!(s, "calls: {calls} ({})", outcomes.join(", "));
    for (name, st) in &stats.strategies {
        let _ = writeln!(
            s,
            "strategy {name}: {} modules ({:.1}%), {} discarded, {} divergences, {} new findings, \
             generation {:.2} ms per module",
            st.modules,
            pct(st.modules),
            st.discarded,
            st.divergences,
            st.new_findings,
            1e3 * st.generate.as_secs_f64() / st.modules.max(1) as f64
        );
    }
    for (name, group, in_scope, expressible, instantiated) in stats.coverage_rows() {
        let unit = stats
            .coverage
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("units", |(_, c)| c.unit);
        let _ = writeln!(
            s,
            "strategy {name} coverage, {group}: {instantiated} of {expressible} expressible {unit} instantiated \
             ({:.1}%; {in_scope} {unit} in scope)",
            100.0 * instantiated as f64 / expressible.max(1) as f64
        );
    }
    let configured = stats.configurations.iter().filter(|n| n.contains(',')).count();
    let _ = writeln!(
        s,
        "engine configurations: {} distinct, {configured} of them not the default",
        stats.configurations.len()
    );
    for (name, reason) in &stats.config_refusals {
        let _ = writeln!(s, "configuration refused: {name}: {reason}");
    }
    let _ = writeln!(
        s,
        "stack-overflow re-runs with a {}x stack: {}",
        crate::execute::STACK_RERUN_SCALE,
        stats.stack_reruns
    );
    let classes: Vec<String> = stats
        .divergences
        .iter()
        .map(|(c, n)| format!("{} {n}", c.name()))
        .collect();
    let known: u64 = stats.known.values().sum();
    let _ = writeln!(
        s,
        "divergences: {}{}{} ({} of known bugs; {} new findings)",
        stats.divergence_count(),
        if classes.is_empty() { "" } else { ": " },
        classes.join(", "),
        known,
        stats.new_findings.len()
    );
    for (name, n) in &stats.known {
        let first = stats
            .known_first
            .get(name)
            .map_or(String::new(), |d| format!(", first instance in {}", d.display()));
        let notes = stats.known_notes.get(name).map(Absorbed::describe).unwrap_or_default();
        let _ = writeln!(s, "  known bug {name}: {n} divergences{first}{notes}");
    }
    let slots: BTreeSet<&String> = stats
        .sat_out
        .keys()
        .chain(stats.feature_runs.keys().map(|(s, _)| s))
        .collect();
    for slot in slots {
        let n = stats.sat_out.get(slot).copied().unwrap_or_default();
        let reached: Vec<String> = stats
            .feature_runs
            .iter()
            .filter(|((s, _), _)| s == slot)
            .map(|((_, f), n)| format!("{f} {n}"))
            .collect();
        let _ = writeln!(
            s,
            "  {slot}: sat out {n} modules using a feature it does not compile; ran modules using {}",
            reached.join(", ")
        );
    }
    if stats.paired > 0 {
        let _ = writeln!(
            s,
            "  {} modules only one engine slot compiles ran on two of its variants",
            stats.paired
        );
    }
    for line in stats.reach.summary_lines() {
        let _ = writeln!(s, "reach: {line}");
    }
    if let Some(line) = stats.pairs.summary_line() {
        let _ = writeln!(s, "pairs: {line}");
    }
    for (name, n) in &stats.avoided {
        let _ = writeln!(
            s,
            "  avoided known bug {name}: {n} engine configurations drawn without its setting"
        );
    }
    for dir in &stats.new_findings {
        let reduced = stats.reduced.iter().find(|r| &r.dir == dir);
        let failed = stats.reduce_failures.iter().find(|f| &f.dir == dir);
        let note = match (reduced, failed) {
            (Some(r), _) => format!(" (reduced {} -> {} bytes)", r.original_bytes, r.reduced_bytes),
            (_, Some(f)) => format!(" (not reduced: {})", f.error),
            _ => String::new(),
        };
        let _ = writeln!(s, "  new finding: {}{note}", dir.display());
    }
    let mib = |b: Option<u64>| b.map_or("-".to_string(), |b| format!("{:.1} MiB", b as f64 / (1 << 20) as f64));
    for w in &stats.workers {
        let mut notes = if w.recycles > 0 {
            format!("{} recycled for memory, ", w.recycles)
        } else {
            String::new()
        };
        if w.hangs_not_reproduced > 0 {
            notes.push_str(&format!(
                "{} hangs not reproduced by a re-run (machine load), ",
                w.hangs_not_reproduced
            ));
        }
        if w.killed_from_outside > 0 {
            notes.push_str(&format!(
                "{} killed from outside (not repeated by a re-run), ",
                w.killed_from_outside
            ));
        }
        let _ = writeln!(
            s,
            "worker {}: {} restarts, {notes}memory {} at start, {} at end",
            w.engine,
            w.restarts,
            mib(w.rss_start),
            mib(w.rss_end)
        );
    }
    let total = stats.job_time().as_secs_f64().max(1e-9);
    let share = |d: Duration| 100.0 * d.as_secs_f64() / total;
    let busy: Vec<String> = stats
        .time
        .execute
        .iter()
        .map(|(n, d)| format!("{n} {:.1}%", share(*d)))
        .collect();
    let t = &stats.time;
    let _ = writeln!(
        s,
        "time: generate {:.1}%, engines {:.1}% (compile {:.1}%, instantiate {:.1}%, calls {:.1}%, \
         state capture {:.1}%, teardown {:.1}%, worker transport {:.1}%), compare {:.1}%, record {:.1}%, \
         reduce {:.1}%",
        share(t.generate),
        share(t.engines_wall),
        share(t.critical.compile),
        share(t.critical.instantiate),
        share(t.critical.calls),
        share(t.critical.snapshot),
        share(t.critical.teardown),
        share(t.critical.transport),
        share(t.compare),
        share(t.record),
        share(t.reduce),
    );
    let _ = writeln!(s, "engines busy (they run concurrently): {}", busy.join(", "));
    s
}
