//! How fast the standings are on large panels: `compute` for every method with and without
//! z-scores, and the live screen's path (one entry brought up to date on the board, then
//! ranked), at 1,000 and 10,000 entries (15 jurors, fully scored, `juri::gen::generate`).
//!
//! ```sh
//! cargo bench --bench standings                              # both sizes, about 6 minutes
//! JURI_BENCH_SIZES=1000 cargo bench --bench standings        # one size
//! cargo bench --bench standings -- compute/                  # only names with this
//! ```
//!
//! `compute` runs on the session as generated in memory, where every sheet's values were
//! written one by one between audit events and lie scattered; `compute_as_loaded` on the same
//! session read back from its JSON, as `juri standings FILE` and the screens have it, with each
//! sheet's values next to the sheet.
//!
//! Under `cargo test --all-targets` criterion runs every benchmark once, on 100 entries only.

mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion};
use juri::r#gen::{DEFAULT_JURORS, generate};
use juri::model::{Change, Session, Status};
use juri::standings::{Board, Method, Normalize, Options, compute, rank};

const SEED: u64 = 2026;

fn options() -> Vec<Options> {
    let mut out = Vec::new();
    for method in Method::ALL {
        for normalize in [Normalize::None, Normalize::Zscore] {
            out.push(Options {
                method,
                normalize,
                tie_break: None,
            });
        }
    }
    out
}

fn name(o: &Options) -> String {
    format!("{}-{}", o.method.as_str(), o.normalize.as_str())
}

fn group<'a>(
    c: &'a mut Criterion,
    name: &str,
    entries: usize,
) -> criterion::BenchmarkGroup<'a, criterion::measurement::WallTime> {
    common::group(c, name, entries, 10_000, 20)
}

fn bench_compute(c: &mut Criterion, s: &Session, group_name: &str) {
    let n = s.entries.len();
    let mut g = group(c, group_name, n);
    for o in options() {
        g.bench_function(BenchmarkId::new(name(&o), n), |b| {
            b.iter_with_large_drop(|| compute(black_box(s), &o).expect("standings"))
        });
    }
    g.finish();
}

fn bench_live(c: &mut Criterion, s: &Session) {
    let n = s.entries.len();
    let mut g = group(c, "board_new", n);
    g.bench_function(BenchmarkId::from_parameter(n), |b| {
        b.iter_with_large_drop(|| Board::new(black_box(s)).expect("board"))
    });
    g.finish();

    let board = Board::new(s).expect("board");
    let mut g = group(c, "rank", n);
    for o in options() {
        g.bench_function(BenchmarkId::new(name(&o), n), |b| {
            b.iter_with_large_drop(|| rank(black_box(&board), &o).expect("standings"))
        });
    }
    g.finish();

    // The chair withdraws the middle entry and puts it back, alternately: the board is
    // brought up to date for that entry alone (on a clone, as a background ranking holds
    // one), then ranked.
    let id = s.entries[n / 2].id.clone();
    let mut other = s.clone();
    other
        .apply(
            "chair",
            Change::SetStatus {
                entry: id.clone(),
                status: Status::Withdrawn,
            },
            s.updated,
        )
        .expect("a status change");
    let sessions = [s, &other];
    let mut live = board.clone();
    let mut k = 0;
    let mut g = group(c, "update_entry", n);
    g.bench_function(BenchmarkId::from_parameter(n), |b| {
        b.iter(|| {
            k ^= 1;
            live.update_entry(black_box(sessions[k]), &id);
        })
    });
    g.finish();

    let mut g = group(c, "update_entry_and_rank", n);
    for o in options() {
        g.bench_function(BenchmarkId::new(name(&o), n), |b| {
            b.iter_with_large_drop(|| {
                k ^= 1;
                let mut next = live.clone();
                next.update_entry(sessions[k], &id);
                rank(&next, &o).expect("standings")
            })
        });
    }
    g.finish();
}

fn main() {
    let mut c = Criterion::default()
        .configure_from_args()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for n in common::sizes(&[1_000, 10_000]) {
        let t = std::time::Instant::now();
        let mut s = generate(n, DEFAULT_JURORS, 1.0, SEED);
        s.reindex();
        eprintln!(
            "{n} entries, {} sheets: generated in {:.1} s",
            s.scores.len(),
            t.elapsed().as_secs_f64()
        );
        bench_compute(&mut c, &s, "compute");
        bench_live(&mut c, &s);
        let json = serde_json::to_string(&s).expect("the session as JSON");
        drop(s);
        let mut loaded: Session = serde_json::from_str(&json).expect("the session read back");
        loaded.reindex();
        bench_compute(&mut c, &loaded, "compute_as_loaded");
    }
    c.final_summary();
}
