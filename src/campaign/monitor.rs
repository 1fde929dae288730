//! The live view of a campaign: one progress line for all its jobs, and the samples of modules,
//! divergences and findings over time that reports plot.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use serde::{Deserialize, Serialize};

/// The running counts of one job, as it last reported them.
#[derive(Clone, Copy, Debug, Default)]
pub struct Progress {
    /// Modules generated (discarded ones included).
    pub modules: u64,
    /// Divergences, repeats of a known signature included.
    pub divergences: u64,
    /// Modules that could not be compared.
    pub discarded: u64,
    /// Findings first recorded by the job.
    pub new_findings: u64,
    /// Divergences that matched a known bug.
    pub known: u64,
}

/// The whole campaign at one moment: every job's counts summed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Sample {
    /// Seconds since the campaign started.
    pub elapsed_secs: f64,
    /// Modules so far.
    pub modules: u64,
    /// Divergences so far.
    pub divergences: u64,
    /// Modules discarded so far.
    pub discarded: u64,
    /// New findings so far.
    pub new_findings: u64,
    /// Divergences that matched a known bug (absent from records written before).
    #[serde(default)]
    pub known: u64,
}

struct State {
    jobs: Vec<Progress>,
    samples: Vec<Sample>,
    last_sample: Instant,
    last_draw: Instant,
}

/// Collects the progress of a campaign's jobs, draws it, and samples it every `sample_every`.
pub struct Monitor {
    bar: ProgressBar,
    start: Instant,
    sample_every: Duration,
    state: Mutex<State>,
}

/// How often the progress line is redrawn.
const DRAW_EVERY: Duration = Duration::from_millis(200);

impl Monitor {
    /// A monitor of `jobs` jobs. With `progress`, a progress bar on standard error (hidden when it
    /// is not a terminal), measured against `duration` when there is one. A sample is taken every
    /// `sample_every` of wall time, and at [`Monitor::finish`].
    pub fn new(jobs: usize, progress: bool, duration: Option<Duration>, sample_every: Duration) -> Monitor {
        let now = Instant::now();
        Monitor {
            bar: progress_bar(progress, duration),
            start: now,
            sample_every,
            state: Mutex::new(State {
                jobs: vec![Progress::default(); jobs],
                samples: vec![Sample::default()],
                last_sample: now,
                last_draw: now,
            }),
        }
    }

    /// Job `job` now stands at `progress`.
    pub fn update(&self, job: usize, progress: Progress) {
        let mut state = self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(slot) = state.jobs.get_mut(job) {
            *slot = progress;
        }
        let now = Instant::now();
        if now.duration_since(state.last_sample) >= self.sample_every {
            let sample = self.sample(&state.jobs);
            state.samples.push(sample);
            state.last_sample = now;
        }
        if now.duration_since(state.last_draw) >= DRAW_EVERY {
            let sample = self.sample(&state.jobs);
            self.bar.set_message(line(&sample, state.jobs.len()));
            self.bar.set_position(sample.elapsed_secs as u64);
            state.last_draw = now;
        }
    }

    /// Clears the progress bar and returns the samples, the last one taken now.
    pub fn finish(&self) -> Vec<Sample> {
        self.bar.finish_and_clear();
        let mut state = self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let last = self.sample(&state.jobs);
        state.samples.push(last);
        std::mem::take(&mut state.samples)
    }

    fn sample(&self, jobs: &[Progress]) -> Sample {
        Sample {
            elapsed_secs: self.start.elapsed().as_secs_f64(),
            modules: jobs.iter().map(|j| j.modules).sum(),
            divergences: jobs.iter().map(|j| j.divergences).sum(),
            discarded: jobs.iter().map(|j| j.discarded).sum(),
            new_findings: jobs.iter().map(|j| j.new_findings).sum(),
            known: jobs.iter().map(|j| j.known).sum(),
        }
    }
}

fn line(sample: &Sample, jobs: usize) -> String {
    let rate = sample.modules as f64 / sample.elapsed_secs.max(1e-9);
    let jobs = if jobs > 1 {
        format!("  ({jobs} jobs)")
    } else {
        String::new()
    };
    format!(
        "modules {} ({rate:.1}/s)  new findings {}  known {}  divergences {}  discarded {}{jobs}",
        sample.modules, sample.new_findings, sample.known, sample.divergences, sample.discarded
    )
}

fn progress_bar(progress: bool, duration: Option<Duration>) -> ProgressBar {
    if !progress {
        return ProgressBar::hidden();
    }
    let bar = match duration {
        Some(d) => {
            let bar = ProgressBar::new(d.as_secs().max(1));
            bar.set_style(
                ProgressStyle::with_template("{elapsed_precise} [{bar:30}] {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            bar
        }
        None => {
            let bar = ProgressBar::new_spinner();
            bar.set_style(
                ProgressStyle::with_template("{spinner} {elapsed_precise} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar
        }
    };
    bar.enable_steady_tick(Duration::from_millis(250));
    bar
}
