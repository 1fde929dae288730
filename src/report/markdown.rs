//! `report.md`: a summary table per campaign, then the findings, new ones first.

use std::fmt::Write as _;

use super::{Known, Report};

/// Renders the report as Markdown.
pub fn render(report: &Report) -> String {
    let mut s = String::new();
    let verdict = if report.new_findings == 0 {
        "no new findings".to_string()
    } else {
        format!("**{} new finding(s)**", report.new_findings)
    };
    let _ = writeln!(s, "# crosscheck nightly report\n");
    if let Some(lookup) = &report.releases {
        for line in lookup.lines(&report.findings) {
            let _ = writeln!(s, "{line}  ");
        }
        let _ = writeln!(s);
    }
    let _ = writeln!(
        s,
        "{} campaign(s), {} finding(s) seen, {verdict}.\n",
        report.campaigns.len(),
        report.findings.len()
    );
    let _ = writeln!(
        s,
        "| campaign | engines | mode | modules | modules/s | discarded | divergences | findings new / known |"
    );
    let _ = writeln!(s, "|---|---|---|---:|---:|---|---:|---:|");
    for c in &report.campaigns {
        let discarded: u64 = c.discarded.values().sum();
        let reasons: Vec<String> = c.discarded.iter().map(|(r, n)| format!("{r} {n}")).collect();
        let discarded = if reasons.is_empty() {
            "0".to_string()
        } else {
            format!("{discarded} ({})", reasons.join(", "))
        };
        let mine: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.found_by.as_deref() == Some(c.label.as_str()))
            .collect();
        let new = mine.iter().filter(|f| f.known.is_none()).count();
        let divergences: u64 = c.divergences.values().sum();
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {:.1} | {} | {} | {} / {} |",
            cell(&c.label),
            cell(&c.engines),
            c.mode,
            c.modules,
            c.modules_per_sec,
            discarded,
            divergences,
            new,
            mine.len() - new
        );
    }
    let _ = writeln!(s);
    for c in &report.campaigns {
        if c.stopped {
            let _ = writeln!(
                s,
                "Campaign {} was stopped by a signal after {:.0} s ({} modules in flight abandoned).\n",
                cell(&c.label),
                c.elapsed_secs,
                c.abandoned
            );
        }
        if c.killed_from_outside > 0 {
            let _ = writeln!(
                s,
                "Campaign {}: {} worker deaths from outside that re-runs did not repeat (not findings).\n",
                cell(&c.label),
                c.killed_from_outside
            );
        }
    }
    if report.campaigns.iter().any(|c| !c.strategies.is_empty()) {
        let _ = writeln!(
            s,
            "| campaign | strategy | modules | discarded | divergences | new findings | generation ms/module | coverage |"
        );
        let _ = writeln!(s, "|---|---|---:|---:|---:|---:|---:|---|");
        for c in &report.campaigns {
            for (name, st) in &c.strategies {
                let coverage: Vec<String> = st
                    .coverage
                    .iter()
                    .map(|(group, g)| format!("{group} {} of {}", g.instantiated, g.expressible))
                    .collect();
                let _ = writeln!(
                    s,
                    "| {} | {name} | {} | {} | {} | {} | {:.2} | {} |",
                    cell(&c.label),
                    st.modules,
                    st.discarded,
                    st.divergences,
                    st.new_findings,
                    1e3 * st.generate_secs / st.modules.max(1) as f64,
                    coverage.join(", ")
                );
            }
        }
        let _ = writeln!(s);
    }
    if report.campaigns.iter().any(|c| !c.reach.is_empty()) {
        let _ = writeln!(
            s,
            "| campaign | engine | instructions reached / it compiles | missing |\n|---|---|---:|---|"
        );
        for c in &report.campaigns {
            for r in &c.reach {
                let missing = crate::campaign::reach::describe_missing(&crate::campaign::reach::ops_named(&r.missing));
                let _ = writeln!(
                    s,
                    "| {} | {}{} | {}/{} ({:.1}%) | {} |",
                    cell(&c.label),
                    if r.variant { "&nbsp;&nbsp;" } else { "" },
                    cell(&r.engine),
                    r.reached,
                    r.compiles,
                    r.percent(),
                    cell(
                        missing
                            .strip_prefix("missing")
                            .unwrap_or(&missing)
                            .trim_start_matches(':')
                            .trim()
                    )
                );
            }
        }
        let _ = writeln!(s);
    }
    if report.campaigns.iter().any(|c| !c.pairs.is_empty()) {
        let _ = writeln!(
            s,
            "| campaign | setting | instructions it changes | modules that met both |\n|---|---|---|---:|"
        );
        for c in &report.campaigns {
            for p in &c.pairs {
                let _ = writeln!(
                    s,
                    "| {} | `{}` | {} | {} |",
                    cell(&c.label),
                    cell(&p.setting),
                    cell(&p.family),
                    p.modules
                );
            }
        }
        let _ = writeln!(s);
    }
    if report.campaigns.iter().any(|c| !c.routing.is_empty()) {
        let _ = writeln!(
            s,
            "| campaign | engine slot | modules sat out | modules run, by feature |\n|---|---|---:|---|"
        );
        for c in &report.campaigns {
            for slot in c.routing.slots() {
                let ran: Vec<String> = c
                    .routing
                    .feature_runs
                    .get(slot)
                    .into_iter()
                    .flatten()
                    .map(|(f, n)| format!("{f} {n}"))
                    .collect();
                let _ = writeln!(
                    s,
                    "| {} | {} | {} | {} |",
                    cell(&c.label),
                    cell(slot),
                    c.routing.sat_out.get(slot).copied().unwrap_or_default(),
                    cell(&ran.join(", "))
                );
            }
        }
        let _ = writeln!(s);
        for c in report.campaigns.iter().filter(|c| c.routing.paired > 0) {
            let _ = writeln!(
                s,
                "{}: {} modules only one engine slot compiles ran on two of its variants.\n",
                c.label, c.routing.paired
            );
        }
    }
    for (title, new) in [("New findings", true), ("Known findings", false)] {
        let list: Vec<_> = report.findings.iter().filter(|f| f.known.is_none() == new).collect();
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(s, "## {title}\n");
        for f in list {
            let known = match &f.known {
                None => String::new(),
                Some(Known::Regression(name)) => format!(" (in corpora/regressions: `{name}`)"),
                Some(Known::KnownBug(name)) => format!(" (known bug: `{name}`)"),
            };
            let size = match f.reduced_bytes {
                Some(r) => format!("{} bytes, reduced to {r}", f.original_bytes),
                None => format!("{} bytes, not reduced", f.original_bytes),
            };
            let _ = writeln!(s, "### `{}`{known}\n", f.signature);
            let _ = writeln!(
                s,
                "- class `{}`, {} vs {}; seen {} time(s); found by {}",
                f.class,
                f.engines[0],
                f.engines[1],
                f.count,
                f.found_by.as_deref().unwrap_or("an earlier run")
            );
            let _ = writeln!(s, "- {}", f.detail.replace('\n', " "));
            if let Some(config) = &f.config {
                let _ = writeln!(s, "- configuration: {}", config.describe());
            }
            let _ = writeln!(s, "- module: {size}; `{}`", f.dir.display());
            let _ = writeln!(s, "- replay: `crosscheck replay {}`", f.dir.display());
            if let Some(wat) = &f.reduced_wat {
                let _ = writeln!(s, "\n```wat\n{}\n```", wat.trim_end());
            }
            let _ = writeln!(s);
        }
    }
    if !report.known_checks.is_empty() {
        let _ = writeln!(
            s,
            "## Known bugs replayed
"
        );
        let _ = writeln!(s, "| known bug | verdict | reproducers | absorbed |\n|---|---|---|---|");
        for check in &report.known_checks {
            let replays: Vec<String> = check
                .reproducers
                .iter()
                .map(|(dir, r)| format!("`{dir}`: {}", super::stale::describe(r)))
                .collect();
            let verdict = if check.stale() { "**stale**" } else { "reproduces" };
            let absorbed = check.absorbed.as_ref().map_or("none".to_string(), |a| {
                let text = super::stale::describe_absorbed(a);
                if a.needs_review() { format!("**{text}**") } else { text }
            });
            let _ = writeln!(
                s,
                "| `{}` | {verdict} | {} | {} |",
                check.name,
                cell(&replays.join("; ")),
                cell(&absorbed)
            );
        }
        let _ = writeln!(s);
    }
    s
}

/// `text` as a table cell: `|` escaped.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}
