//! The report's plots, drawn with `plotters` as SVG: modules/s over time and findings over time,
//! one line per campaign.

use std::path::Path;

use anyhow::{Result, anyhow};
use plotters::prelude::*;

use crate::campaign::StatsFile;

/// Rates are drawn over sample intervals of at least this many seconds: the last sample of a
/// campaign is taken when it ends, often a moment after the one before, and a rate over a
/// moment is noise.
const MIN_RATE_WINDOW_SECS: f64 = 1.0;

/// One line of a plot: a campaign's label and its `(minutes, value)` points.
type Series = (String, Vec<(f64, f64)>);

/// `throughput.svg`: each campaign's modules per second between consecutive samples (at least
/// [`MIN_RATE_WINDOW_SECS`] apart), against minutes since the campaign started.
///
/// # Errors
///
/// When the file cannot be written.
pub fn throughput(campaigns: &[StatsFile], path: &Path) -> Result<()> {
    let series = campaigns
        .iter()
        .map(|c| {
            let points = c
                .samples
                .windows(2)
                .filter(|w| w[1].elapsed_secs - w[0].elapsed_secs >= MIN_RATE_WINDOW_SECS)
                .map(|w| {
                    let rate = (w[1].modules - w[0].modules) as f64 / (w[1].elapsed_secs - w[0].elapsed_secs);
                    (w[1].elapsed_secs / 60.0, rate)
                })
                .collect();
            (c.label.clone(), points)
        })
        .collect::<Vec<Series>>();
    draw(path, "Throughput", "modules/s", &series)
}

/// `findings.svg`: each campaign's new findings (distinct signatures first recorded by it),
/// cumulative, against minutes since the campaign started.
///
/// # Errors
///
/// When the file cannot be written.
pub fn findings(campaigns: &[StatsFile], path: &Path) -> Result<()> {
    let series = campaigns
        .iter()
        .map(|c| {
            let points = c
                .samples
                .iter()
                .map(|s| (s.elapsed_secs / 60.0, s.new_findings as f64))
                .collect();
            (c.label.clone(), points)
        })
        .collect::<Vec<Series>>();
    draw(path, "New findings", "findings (cumulative)", &series)
}

fn draw(path: &Path, title: &str, y_label: &str, series: &[Series]) -> Result<()> {
    let fail = |e: &dyn std::fmt::Display| anyhow!("cannot draw {}: {e}", path.display());
    let points = series.iter().flat_map(|(_, p)| p.iter());
    let x_max = points.clone().map(|p| p.0).fold(0.0, f64::max).max(0.1);
    let y_max = points.map(|p| p.1).fold(0.0, f64::max).max(1.0) * 1.1;
    let root = SVGBackend::new(path, (900, 480)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| fail(&e))?;
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 22))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(0.0..x_max, 0.0..y_max)
        .map_err(|e| fail(&e))?;
    chart
        .configure_mesh()
        .x_desc("minutes since the campaign started")
        .y_desc(y_label)
        .draw()
        .map_err(|e| fail(&e))?;
    for (i, (label, points)) in series.iter().enumerate() {
        let color = Palette99::pick(i).to_rgba();
        chart
            .draw_series(LineSeries::new(points.iter().copied(), color.stroke_width(2)))
            .map_err(|e| fail(&e))?
            .label(label.as_str())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(2)));
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .position(SeriesLabelPosition::UpperRight)
        .draw()
        .map_err(|e| fail(&e))?;
    root.present().map_err(|e| fail(&e))?;
    Ok(())
}
