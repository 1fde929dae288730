//! Reach (`crosscheck::campaign::reach`): the summary, `fuzz --stats` and `crosscheck report` give
//! each engine the instructions it compiles that the campaign ran on it, and where modules were
//! routed (sat out, paired).

use crate::support;

use crosscheck::campaign::StatsFile;

/// 200 modules on the default engines: a reach line per slot in the summary, a row per slot and
/// per Cranelift variant in the record, each engine's denominator its own support (Winch's without
/// `externref` and GC, wasmi's without atomics and exceptions), and the report's table.
#[test]
fn the_summary_the_record_and_the_report_give_each_engine_its_reach() {
    let dir = tempfile::tempdir().unwrap();
    let path = |p: &str| dir.path().join(p).to_str().unwrap().to_string();
    let out = support::crosscheck_with_doubles(&[
        "fuzz",
        "--engines",
        "winch-x64,cranelift-x64,wasmi",
        "--config-swarm",
        "off",
        "--modules",
        "200",
        "--seed",
        "11",
        "--out",
        &path("findings"),
        "--stats",
        &path("run.json"),
        "--label",
        "reach",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for slot in ["winch-x64", "cranelift-x64", "wasmi"] {
        let prefix = format!("reach: {slot} reached ");
        assert!(
            stdout
                .lines()
                .any(|l| l.starts_with(&prefix) && l.contains(" instructions it compiles (")),
            "{stdout}"
        );
    }
    let record = StatsFile::read(&dir.path().join("run.json")).unwrap();
    let engines: Vec<&str> = record.reach.iter().map(|r| r.engine.as_str()).collect();
    assert_eq!(
        engines,
        [
            "winch-x64",
            "cranelift-x64",
            "cranelift-x64:o0",
            "cranelift-x64:speed",
            "cranelift-x64:size",
            "wasmi"
        ]
    );
    let row = |name: &str| record.reach.iter().find(|r| r.engine == name).unwrap();
    for r in &record.reach {
        assert!(r.reached > 100 && r.reached < r.compiles, "{r:?}");
        assert_eq!(r.reached + r.missing.len(), r.compiles, "{r:?}");
    }
    let (winch, cranelift, wasmi) = (row("winch-x64"), row("cranelift-x64"), row("wasmi"));
    assert!(winch.compiles < cranelift.compiles && wasmi.compiles < winch.compiles);
    assert!(row("cranelift-x64:o0").reached <= cranelift.reached);
    assert!(!wasmi.missing.iter().any(|m| m.contains("atomic")), "{wasmi:?}");

    std::fs::create_dir(dir.path().join("regressions")).unwrap();
    let report = support::crosscheck_with_doubles(&[
        "report",
        &path("run.json"),
        "--findings",
        &path("findings"),
        "--regressions",
        &path("regressions"),
        "--known",
        "none",
        "--out",
        &path("report"),
    ]);
    assert!(report.status.code().is_some_and(|c| c <= 1));
    let md = std::fs::read_to_string(dir.path().join("report/report.md")).unwrap();
    let line = format!(
        "| reach | winch-x64 | {}/{} ({:.1}%) |",
        winch.reached,
        winch.compiles,
        winch.percent()
    );
    assert!(md.contains(&line), "{line} in\n{md}");

    // Routing: wasmi sits out the modules using what it does not compile, the Cranelift slot runs
    // them, and those only it compiles run on two of its variants; record and report say so.
    let routing = &record.routing;
    let wasmi_sat_out = routing.sat_out.get("wasmi").copied().unwrap_or_default();
    assert!(wasmi_sat_out > 0, "{routing:?}");
    assert!(routing.paired > 0, "{routing:?}");
    assert!(
        stdout.contains(&format!(
            "{} modules only one engine slot compiles ran on two of its variants",
            routing.paired
        )),
        "{stdout}"
    );
    assert!(routing.feature_runs["cranelift-x64"].len() > routing.feature_runs["wasmi"].len());
    let row = format!("| reach | wasmi | {wasmi_sat_out} |");
    assert!(md.contains(&row), "{row} in\n{md}");
    assert!(
        md.contains(&format!(
            "reach: {} modules only one engine slot compiles ran on two of its variants.",
            routing.paired
        )),
        "{md}"
    );
}

/// The reach gaps of a 10-minute default campaign (docs/design.md, "Which engines run a module"):
/// 400 `ops` modules on the default engines run `array.fill`, `array.init_data` and
/// `array.init_elem` on Cranelift (GC, drawn for its opt levels) and the typed `select` on Winch.
#[test]
fn a_short_ops_campaign_closes_the_reach_gaps_of_the_default_campaign() {
    let (_, record) = support::reach_campaign("ops", "winch-x64,cranelift-x64,wasmi", "400");
    let row = |name: &str| record.reach.iter().find(|r| r.engine == name).unwrap();
    let cranelift = row("cranelift-x64");
    for op in ["array.fill", "array.init_data", "array.init_elem"] {
        assert!(!cranelift.missing.iter().any(|m| m == op), "{op}: {cranelift:?}");
    }
    let winch = row("winch-x64");
    assert!(!winch.missing.iter().any(|m| m == "select (typed)"), "{winch:?}");
}
