//! How long a PIN hash and a PIN check take at juri's default cost:
//! `cargo run --release --example pin_cost`. Prints the wall time and this thread's CPU time
//! (on a busy machine the wall time is the longer).

use std::time::{Duration, Instant};

/// The CPU time this thread has used.
fn cpu() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes the timespec it is given.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

fn main() {
    let cost = juri::model::pin::DEFAULT_COST;
    let hash = juri::model::pin::hash_at("2468", cost).expect("a hash");
    let mut runs = [(Vec::new(), Vec::new()), (Vec::new(), Vec::new())];
    for _ in 0..7 {
        for (i, (wall, used)) in runs.iter_mut().enumerate() {
            let (t, c) = (Instant::now(), cpu());
            if i == 0 {
                juri::model::pin::hash_at("2468", cost).expect("a hash");
            } else {
                assert!(!juri::model::pin::check("1357", &hash));
            }
            wall.push(t.elapsed().as_secs_f64());
            used.push((cpu() - c).as_secs_f64());
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "Argon2id m={} KiB, t={}, p=1 (median of 7):",
        cost.memory_kib, cost.passes
    );
    for (what, (wall, used)) in ["hash", "check"].iter().zip(&mut runs) {
        println!(
            "  {what}: {:.3} s wall, {:.3} s CPU",
            median(wall),
            median(used)
        );
    }
}
