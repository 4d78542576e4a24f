//! How long generating, verifying, saving and loading a large session takes.
//!
//! `cargo run --release --example gen_timing -- [--verify] 1000 2000` (entry counts; 15 jurors,
//! fully scored). Prints one line per size; `verify` is timed only with `--verify`.

use std::time::Instant;

use juri::r#gen::{DEFAULT_JURORS, generate};

fn main() {
    let check = std::env::args().any(|a| a == "--verify");
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![100, 1000]
    } else {
        sizes
    };
    let dir = tempfile::tempdir().expect("a temp dir");
    println!("entries  applies  generate  per-apply  verify  save  file-MB  load+validate");
    for n in sizes {
        let t = Instant::now();
        let mut s = generate(n, DEFAULT_JURORS, 1.0, 1);
        let gen_s = t.elapsed().as_secs_f64();
        let applies = s.audit.len();
        let t = Instant::now();
        // Replaying the log goes through `Session::apply`: quadratic, so only when asked.
        let verified = !check || juri::standings::verify::verify(&s, &s.audit).is_ok();
        let verify_s = t.elapsed().as_secs_f64();
        let path = dir.path().join(format!("gen-{n}.json"));
        let t = Instant::now();
        juri::store::save(&path, &mut s).expect("save");
        let save_s = t.elapsed().as_secs_f64();
        let mb = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
        let t = Instant::now();
        juri::store::load(&path).expect("load");
        let load_s = t.elapsed().as_secs_f64();
        println!(
            "{n:>7}  {applies:>7}  {gen_s:>7.2}s  {:>7.2}µs  {verify_s:>5.2}s{}  {save_s:.2}s  {mb:>7.1}  {load_s:.2}s",
            gen_s * 1e6 / applies as f64,
            if verified { "" } else { " FAILED" },
        );
    }
}
