//! Stops, kills and failed writes lose nothing: a signal stops a campaign with its summary and
//! statistics, a worker killed from outside is not a finding (one that dies of an engine's signal
//! still is), a finding that cannot be written stops the campaign with one line naming it and
//! leaves no half finding, and two campaigns sharing a finding directory lose no count. The
//! campaigns run wasmi against the test doubles of `crosscheck_oracles::doubles`.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crosscheck::campaign::StatsFile;
use crosscheck::compare::Class;
use crosscheck::finding::atomic::{FAIL_WRITE_VAR, leftovers};
use crosscheck::finding::read_meta;
use crosscheck_oracles::doubles::{ENABLE_VAR, SLOW_MARKER_VAR};

use crate::support;

/// A `crosscheck fuzz` command with the doubles enabled, `--jobs 1`, its findings in `out`.
fn fuzz(out: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_crosscheck"));
    command
        .env(ENABLE_VAR, "1")
        .args(["fuzz", "--jobs", "1", "--out", out.to_str().unwrap()])
        .args(args);
    command
}

/// Starts `command` with its standard output piped and waits until it printed its header (its
/// engines are up): the campaign is running.
fn start(command: &mut Command) -> Child {
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while !line.starts_with("known bugs:") {
        line.clear();
        assert!(
            stdout.read_line(&mut line).unwrap() > 0,
            "the campaign ended before its header"
        );
    }
    child.stdout = Some(stdout.into_inner());
    child
}

/// Waits for `child` (at most `limit`), with its whole output and how long that took.
fn finish(child: Child, limit: Duration) -> (Output, Duration) {
    let t = Instant::now();
    let pid = child.id();
    let watchdog = std::thread::spawn(move || {
        std::thread::sleep(limit);
        // SAFETY: a signal to the test's own child, which may have ended (then it is a no-op).
        unsafe { libc::kill(pid as libc::pid_t, libc::SIGKILL) };
    });
    let output = child.wait_with_output().unwrap();
    drop(watchdog);
    (output, t.elapsed())
}

fn signal(pid: u32, signal: libc::c_int) {
    // SAFETY: sends a signal to a process this test started.
    assert_eq!(unsafe { libc::kill(pid as libc::pid_t, signal) }, 0);
}

/// The process id that `double-slow` writes into `marker` when it starts its hang.
fn hanging_worker(marker: &Path) -> u32 {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(pid) = std::fs::read_to_string(marker).ok().and_then(|t| t.parse().ok()) {
            return pid;
        }
        assert!(Instant::now() < deadline, "double-slow never hung");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| !s.contains(") Z "))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn sigint_lets_the_modules_in_flight_finish_and_writes_the_summary_and_stats() {
    let (out, tmp) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let stats = tmp.path().join("stats.json");
    let marker = tmp.path().join("slow");
    std::fs::write(&marker, "0").unwrap();
    // `double-slow` with its marker already there never hangs: it is wasmi, and agrees.
    let mut command = fuzz(out.path(), &["--engines", "wasmi,double-slow", "--duration", "600"]);
    let child = start(
        command
            .env(SLOW_MARKER_VAR, &marker)
            .args(["--stats", stats.to_str().unwrap()]),
    );
    std::thread::sleep(Duration::from_millis(1500));
    signal(child.id(), libc::SIGINT);
    let (output, took) = finish(child, Duration::from_secs(60));
    let stdout = text(&output.stdout);
    assert_eq!(output.status.code(), Some(130), "{stdout}{}", text(&output.stderr));
    assert!(
        took < Duration::from_secs(5),
        "{took:?}: nothing was in flight for long"
    );
    assert!(stdout.contains("stopped by a signal after") && stdout.contains("the modules in flight finished"));
    assert!(stdout.contains("worker double-slow: 0 restarts"), "{stdout}");
    let record = StatsFile::read(&stats).unwrap();
    assert!(
        record.stopped && record.abandoned == 0 && record.modules > 0,
        "{record:?}"
    );
}

#[test]
fn modules_in_flight_are_abandoned_after_the_grace_time_and_a_second_signal_stops_at_once() {
    for twice in [false, true] {
        let (out, tmp) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let stats = tmp.path().join("stats.json");
        let marker = tmp.path().join("slow");
        let mut command = fuzz(
            out.path(),
            &[
                "--engines",
                "wasmi,double-slow",
                "--duration",
                "600",
                "--watchdog",
                "120",
            ],
        );
        let child = start(
            command
                .env(SLOW_MARKER_VAR, &marker)
                .args(["--stats", stats.to_str().unwrap()]),
        );
        let worker = hanging_worker(&marker);
        signal(child.id(), libc::SIGINT);
        if twice {
            std::thread::sleep(Duration::from_millis(300));
            signal(child.id(), libc::SIGINT);
        }
        let (output, took) = finish(child, Duration::from_secs(60));
        let (stdout, stderr) = (text(&output.stdout), text(&output.stderr));
        assert_eq!(output.status.code(), Some(130), "{stdout}{stderr}");
        let deadline = Instant::now() + Duration::from_secs(5);
        while alive(worker) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        assert!(!alive(worker), "the hanging worker {worker} is killed, not left behind");
        if twice {
            assert!(took < Duration::from_secs(3), "{took:?}");
            assert!(stderr.contains("stopped at once") && !stats.exists(), "{stderr}");
            continue;
        }
        let grace = crosscheck::stop::GRACE - Duration::from_millis(200);
        assert!(took >= grace && took < Duration::from_secs(20), "{took:?}");
        assert!(
            stdout.contains("modules in flight abandoned (not compared)"),
            "{stdout}"
        );
        let record = StatsFile::read(&stats).unwrap();
        assert!(record.stopped && record.abandoned > 0, "{record:?}");
        assert!(
            support::finding_dirs(out.path()).is_empty(),
            "an abandoned module is no finding"
        );
    }
}

/// Runs a campaign of 24 modules in which the `double-slow` worker hangs once, and sends its
/// hanging worker `sig`; returns the campaign's output, statistics and findings directory.
fn kill_the_hanging_worker(sig: libc::c_int) -> (Output, StatsFile, tempfile::TempDir) {
    let (out, tmp) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let stats = tmp.path().join("stats.json");
    let marker = tmp.path().join("slow");
    let mut command = fuzz(
        out.path(),
        &[
            "--engines",
            "wasmi,double-slow",
            "--modules",
            "24",
            "--seed",
            "3",
            "--watchdog",
            "120",
        ],
    );
    let child = start(
        command
            .env(SLOW_MARKER_VAR, &marker)
            .args(["--stats", stats.to_str().unwrap()]),
    );
    let worker = hanging_worker(&marker);
    signal(worker, sig);
    let (output, _) = finish(child, Duration::from_secs(60));
    if alive(worker) {
        // The signal did not end it and the campaign was killed: do not leave it hanging.
        signal(worker, libc::SIGKILL);
    }
    (output, StatsFile::read(&stats).unwrap(), out)
}

#[test]
fn a_worker_killed_from_outside_is_counted_and_one_dying_of_an_engine_signal_is_a_crash() {
    let (output, record, out) = kill_the_hanging_worker(libc::SIGKILL);
    let stdout = text(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}{}", text(&output.stderr));
    assert!(
        stdout.contains("worker double-slow: 1 restarts, 1 killed from outside (not repeated by a re-run)"),
        "{stdout}"
    );
    assert_eq!((record.killed_from_outside, record.modules), (1, 24), "{record:?}");
    assert!(support::finding_dirs(out.path()).is_empty(), "{stdout}");

    let (output, record, out) = kill_the_hanging_worker(libc::SIGABRT);
    let stdout = text(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}{}", text(&output.stderr));
    assert_eq!(record.killed_from_outside, 0);
    let metas: Vec<_> = support::finding_dirs(out.path())
        .iter()
        .map(|d| read_meta(d).unwrap())
        .collect();
    assert_eq!(metas.len(), 1, "{stdout}");
    assert_eq!(metas[0].class, Class::Crash);
    assert!(
        metas[0].detail.contains("killed by signal 6 (SIGABRT)"),
        "{}",
        metas[0].detail
    );
}

/// A campaign of wasmi against `double-result` (every call returning an `i32` diverges), with the
/// write `fail` failing as on a full disk.
fn failing_campaign(fail: &str) -> (Output, PathBuf, tempfile::TempDir, tempfile::TempDir) {
    let (out, tmp) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let stats = tmp.path().join("stats.json");
    let output = fuzz(
        out.path(),
        &[
            "--engines",
            "wasmi,double-result",
            "--modules",
            "40",
            "--seed",
            "1",
            "--known",
            "none",
        ],
    )
    .args(["--stats", stats.to_str().unwrap()])
    .env(FAIL_WRITE_VAR, fail)
    .output()
    .unwrap();
    (output, stats, out, tmp)
}

#[test]
fn a_failed_write_names_the_finding_and_file_stops_the_campaign_and_leaves_no_half_finding() {
    let (output, stats, out, _tmp) = failing_campaign("outcomes.json");
    let (stdout, stderr) = (text(&output.stdout), text(&output.stderr));
    assert_eq!(output.status.code(), Some(2), "{stdout}{stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(
        errors[0].contains("cannot record finding") && errors[0].contains("outcomes.json: No space left on device"),
        "{stderr}"
    );
    assert!(
        stdout.contains("stopped on a failed write") && stdout.contains("modules: "),
        "{stdout}"
    );
    let record = StatsFile::read(&stats).unwrap();
    assert!(record.write_failure.is_some() && record.modules < 40, "{record:?}");
    assert!(support::finding_dirs(out.path()).is_empty(), "no half finding");
    assert_eq!(leftovers(out.path()), Vec::new(), "no temporary left");

    // The second write of a `finding.json`: a count update (or a second finding) fails; what is on
    // disk is what was there before it.
    let (output, _, out, _tmp) = failing_campaign("finding.json:2");
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("finding.json: No space left on device"), "{stderr}");
    let dirs = support::finding_dirs(out.path());
    assert_eq!(dirs.len(), 1, "{stderr}");
    let meta = read_meta(&dirs[0]).unwrap();
    assert_eq!(meta.count, 1);
    let examples = dirs[0].join("examples");
    let on_disk = std::fs::read_dir(&examples).map_or(0, |d| d.count());
    assert_eq!(
        on_disk,
        meta.instances.examples.len(),
        "no example that finding.json does not list"
    );
    assert_eq!(leftovers(out.path()), Vec::new(), "no temporary left");
}

#[test]
fn two_campaigns_writing_into_one_directory_lose_no_count() {
    let out = tempfile::tempdir().unwrap();
    let args = [
        "--engines",
        "wasmi,double-result",
        "--modules",
        "48",
        "--seed",
        "4",
        "--known",
        "none",
    ];
    let children: Vec<Child> = (0..2)
        .map(|_| fuzz(out.path(), &args).stdout(Stdio::piped()).spawn().unwrap())
        .collect();
    let divergences: u64 = children
        .into_iter()
        .map(|child| {
            let output = child.wait_with_output().unwrap();
            let stdout = text(&output.stdout);
            assert_eq!(output.status.code(), Some(1), "{stdout}");
            let line = stdout.lines().find(|l| l.starts_with("divergences: ")).unwrap();
            line["divergences: ".len()..]
                .split([':', ' '])
                .next()
                .unwrap()
                .parse::<u64>()
                .unwrap()
        })
        .sum();
    let counted: u64 = support::finding_dirs(out.path())
        .iter()
        .map(|d| read_meta(d).unwrap().count)
        .sum();
    assert!(divergences > 2, "{divergences}");
    assert_eq!(
        counted, divergences,
        "every divergence of both campaigns is counted once"
    );
}

#[test]
fn temporaries_of_a_dead_process_are_listed_as_incomplete_then_removed() {
    let out = tempfile::tempdir().unwrap();
    let mut gone = Command::new("true").spawn().unwrap();
    let pid = gone.id();
    gone.wait().unwrap();
    let temporary = out.path().join(format!(".crash--winch-x64--x.tmp-{pid}-0"));
    std::fs::create_dir(&temporary).unwrap();
    std::fs::write(temporary.join("module.wasm"), b"\0asm").unwrap();
    let listing = support::crosscheck_with_doubles(&["findings", out.path().to_str().unwrap()]);
    let stdout = text(&listing.stdout);
    assert_eq!(listing.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("0 findings") && stdout.contains("incomplete (1, not findings):"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "{}  (left by process {pid}, which is gone",
            temporary.display()
        )),
        "{stdout}"
    );
    let marker = tempfile::tempdir().unwrap();
    std::fs::write(marker.path().join("slow"), "0").unwrap();
    let run = fuzz(out.path(), &["--engines", "wasmi,double-slow", "--modules", "1"])
        .env(SLOW_MARKER_VAR, marker.path().join("slow"))
        .output()
        .unwrap();
    assert!(text(&run.stderr).contains(&format!("removed {}", temporary.display())));
    assert!(!temporary.exists());
}
