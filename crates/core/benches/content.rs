//! Content-check benchmark (no timing assertions; prints a table).
//!
//! Run: `cargo bench -p certpack-core --bench content` (release profile).
//! Options after `--`: `--runs N` (default 41), `--connectors N` (default 1000).
//!
//! 1. One 1.1 MB definition with 220 operations: parse + every content rule on one
//!    core, median of N runs (target: under 20 ms).
//! 2. A folder of generated connectors (1 to 60 operations each) checked from disk
//!    with `check_path`, on 1 and on 2 threads (`std::thread::scope`).

#[path = "support/generate.rs"]
mod generate;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use certpack_core::check::{CheckOptions, check_path};
use certpack_core::connector::{ConnectorFiles, FileData, JsonFile, Origin};
use certpack_core::rules::{Sink, content};

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn file(name: &str, bytes: &[u8]) -> Option<FileData> {
    Some(FileData {
        vpath: name.into(),
        bytes: bytes.to_vec(),
    })
}

struct Stats {
    median: Duration,
    min: Duration,
    p90: Duration,
}

fn stats(mut t: Vec<Duration>) -> Stats {
    t.sort();
    Stats {
        median: t[t.len() / 2],
        min: t[0],
        p90: t[(t.len() * 9) / 10],
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn main() {
    let runs = arg("--runs", 41).max(1);
    let count = arg("--connectors", 1000).max(2);
    let opts = CheckOptions::default();

    // 1. one large definition
    let swagger = generate::swagger_of_size(7, 220, 1_100_000);
    let ops = serde_json::from_slice::<serde_json::Value>(&swagger)
        .ok()
        .and_then(|v| v["paths"].as_object().map(|p| p.len()))
        .unwrap_or(0);
    let (mut parse, mut rules, mut total) = (Vec::new(), Vec::new(), Vec::new());
    let mut findings = 0;
    for _ in 0..runs {
        let t0 = Instant::now();
        let mut sink = Sink::new();
        let sw = JsonFile::load(
            &mut sink,
            FileData {
                vpath: "apiDefinition.swagger.json".into(),
                bytes: swagger.clone(),
            },
        );
        let props = JsonFile::load(
            &mut sink,
            FileData {
                vpath: "apiProperties.json".into(),
                bytes: generate::PROPERTIES.as_bytes().to_vec(),
            },
        );
        let t1 = Instant::now();
        let files = ConnectorFiles {
            origin: Origin::SourceFolder,
            label: "bench".into(),
            swagger: Some(sw),
            properties: Some(props),
            icon: file("icon.png", generate::ICON),
            script: file("script.csx", generate::SCRIPT.as_bytes()),
            readme: file("README.md", generate::README.as_bytes()),
            intro: file("intro.md", generate::INTRO.as_bytes()),
            icon_brand_color: None,
        };
        content::check(&mut sink, &files, &opts);
        let t2 = Instant::now();
        findings = sink.diagnostics().len();
        parse.push(t1 - t0);
        rules.push(t2 - t1);
        total.push(t2 - t0);
    }
    let (p, r, t) = (stats(parse), stats(rules), stats(total));
    println!(
        "content check of one definition: {} bytes, {ops} operations, {runs} runs, {findings} findings",
        swagger.len()
    );
    println!("| phase            | median    | min       | p90       |");
    println!("|------------------|-----------|-----------|-----------|");
    for (name, s) in [("parse (JSON)", &p), ("content rules", &r), ("total", &t)] {
        println!(
            "| {name:<16} | {:>9} | {:>9} | {:>9} |",
            ms(s.median),
            ms(s.min),
            ms(s.p90)
        );
    }
    let mb = swagger.len() as f64 / 1e6;
    println!(
        "throughput: {:.0} MB/s (median total)\n",
        mb / t.median.as_secs_f64()
    );

    // 2. a folder of generated connectors
    let tmp = match tempfile::tempdir() {
        Ok(t) => t,
        Err(e) => return eprintln!("cannot create a temp dir: {e}"),
    };
    let mut rng = generate::Rng::new(99);
    let mut dirs: Vec<PathBuf> = Vec::with_capacity(count);
    let mut bytes = 0u64;
    for i in 0..count {
        let dir = tmp.path().join(format!("c{i:04}"));
        let ops = 1 + rng.below(60);
        let props = 2 + rng.below(12);
        if let Err(e) = generate::write_connector(&dir, i as u64, ops, props) {
            return eprintln!("cannot write {}: {e}", dir.display());
        }
        bytes += std::fs::read_dir(&dir)
            .map(|rd| {
                rd.flatten()
                    .filter_map(|e| e.metadata().ok())
                    .map(|m| m.len())
                    .sum::<u64>()
            })
            .unwrap_or(0);
        dirs.push(dir);
    }
    println!(
        "{count} generated connectors, {:.1} MB on disk (1 to 60 operations each)",
        bytes as f64 / 1e6
    );
    println!("| threads | wall      | per connector (thread time) | connectors/s | MB/s   |");
    println!("|---------|-----------|-----------------------------|--------------|--------|");
    for threads in [1usize, 2] {
        let start = Instant::now();
        let busy: Vec<Duration> = std::thread::scope(|s| {
            let handles: Vec<_> = dirs
                .chunks(dirs.len().div_ceil(threads))
                .map(|chunk| {
                    s.spawn(move || {
                        let t = Instant::now();
                        for d in chunk {
                            let _ = check_path(d, &opts);
                        }
                        t.elapsed()
                    })
                })
                .collect();
            handles.into_iter().filter_map(|h| h.join().ok()).collect()
        });
        let wall = start.elapsed();
        let cpu: Duration = busy.iter().sum();
        println!(
            "| {threads:>7} | {:>9} | {:>27} | {:>12.0} | {:>6.1} |",
            ms(wall),
            format!("{:.3} ms", cpu.as_secs_f64() * 1e3 / count as f64),
            count as f64 / wall.as_secs_f64(),
            bytes as f64 / 1e6 / wall.as_secs_f64()
        );
    }
}
