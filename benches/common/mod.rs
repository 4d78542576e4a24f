//! What the benchmarks share.

use criterion::{BenchmarkGroup, Criterion, SamplingMode, measurement::WallTime};

/// The session sizes to measure: `JURI_BENCH_SIZES` (e.g. `1000,10000`) or `default` under
/// `cargo bench`; only the smallest under `cargo test`, which builds benches unoptimized and
/// passes no `--bench`.
pub fn sizes(default: &[usize]) -> Vec<usize> {
    if !std::env::args().any(|a| a == "--bench") {
        return vec![100];
    }
    match std::env::var("JURI_BENCH_SIZES") {
        Ok(v) if !v.trim().is_empty() => v
            .split(',')
            .map(|x| {
                x.trim()
                    .replace('_', "")
                    .parse()
                    .expect("JURI_BENCH_SIZES: numbers")
            })
            .collect(),
        _ => default.to_vec(),
    }
}

/// A group whose iterations take long from `large` entries on: `samples` samples, one
/// iteration each.
pub fn group<'a>(
    c: &'a mut Criterion,
    name: &str,
    entries: usize,
    large: usize,
    samples: usize,
) -> BenchmarkGroup<'a, WallTime> {
    let mut g = c.benchmark_group(name);
    if entries >= large {
        g.sample_size(samples).sampling_mode(SamplingMode::Flat);
    }
    g
}
