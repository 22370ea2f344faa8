//! The corpus benchmark (no timing assertions; prints a table): certpack's check of
//! every connector folder below a directory, against parsing the same definitions
//! with serde_json alone, side by side in one run.
//!
//! Run: `cargo bench -p certpack-core --bench corpus -- [DIR] [--runs N]` (DIR
//! defaults to `../shared/corpus` beside the repository). `scripts/bench-check.sh`
//! adds Spectral and the `certpack` binary.
//!
//! 1. serde_json: read every `*.swagger.json` into memory first, then time
//!    `serde_json::from_slice::<Value>` over all of them (one thread).
//! 2. certpack, one thread: `check_path` on every connector folder (reading the
//!    files, parsing with spans, every rule).
//! 3. certpack, as `check --recursive` runs: the same on every core.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use certpack_core::check::{CheckOptions, check_path, discover};

fn best(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn swaggers(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.to_ascii_lowercase().ends_with(".swagger.json"))
            {
                out.push(p);
            }
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let runs = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(5usize)
        .max(1);
    let dir = args
        .iter()
        .find(|a| !a.starts_with("--") && a.parse::<usize>().is_err())
        .map_or_else(
            || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"),
            PathBuf::from,
        );
    if !dir.is_dir() {
        eprintln!("no corpus at {}: give a folder", dir.display());
        return;
    }
    let mut files = Vec::new();
    swaggers(&dir, &mut files);
    let bytes: Vec<Vec<u8>> = files.iter().filter_map(|f| std::fs::read(f).ok()).collect();
    let total: usize = bytes.iter().map(Vec::len).sum();
    let serde = best(runs, || {
        for b in &bytes {
            // a BOM or a trailing comma makes serde_json give up early: that is its
            // cost on such files
            let _ = std::hint::black_box(serde_json::from_slice::<serde_json::Value>(b));
        }
    });
    let spans = best(runs, || {
        for b in &bytes {
            let _ = std::hint::black_box(certpack_core::read::json::JsonDoc::parse(b));
        }
    });
    let opts = CheckOptions::default();
    let targets = discover(&dir, opts.limits).unwrap_or_default();
    let one = best(runs, || {
        for t in &targets {
            let _ = std::hint::black_box(check_path(t, &opts));
        }
    });
    let threads = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
    let all = best(runs, || {
        let next = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..threads {
                s.spawn(|| {
                    while let Some(t) =
                        targets.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
                    {
                        let _ = std::hint::black_box(check_path(t, &opts));
                    }
                });
            }
        });
    });
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "corpus: {} definitions, {:.1} MB; {} targets; best of {runs}",
        bytes.len(),
        total as f64 / 1e6,
        targets.len()
    );
    println!(
        "  serde_json parse only, 1 thread     {:>9.1} ms",
        ms(serde)
    );
    println!(
        "  certpack's JSON reader, 1 thread    {:>9.1} ms  ({:.2}x serde_json)",
        ms(spans),
        ms(spans) / ms(serde)
    );
    println!(
        "  certpack check, 1 thread            {:>9.1} ms  ({:.2}x serde_json)",
        ms(one),
        ms(one) / ms(serde)
    );
    println!(
        "  certpack check, {threads} threads           {:>9.1} ms  ({:.2}x serde_json)",
        ms(all),
        ms(all) / ms(serde)
    );
}
