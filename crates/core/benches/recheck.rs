//! The wizard's re-check after an edit: `check_submission` on the Contoso example's
//! draft whose connector (in the source folder and inside the connector solution) has
//! a generated 1.1 MB, 220-operation definition. No assertions; prints a table.
//!
//! Run: `cargo bench -p certpack-core --bench recheck` (release). `-- --runs N`.

#[path = "support/generate.rs"]
mod generate;

use std::time::{Duration, Instant};

use certpack_core::ClientSecret;
use certpack_core::check::{
    CheckOptions, SubmissionCache, check_submission, check_submission_cached, now_unix,
};
use certpack_core::example::{self, write_example};
use certpack_core::sheet;
use certpack_core::summary::connector_summary;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let runs = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(31usize);
    let dir = tempfile::tempdir().expect("a temp dir");
    let ex = write_example(dir.path()).expect("the example");
    let big = generate::swagger_of_size(7, 220, 1_150_000);
    std::fs::write(ex.source_dir.join("apiDefinition.swagger.json"), &big).expect("write");
    let mut spec = example::contoso_connector_solution();
    spec.connectors[0].openapi = Some(big.clone());
    std::fs::write(&ex.connector_solution, spec.build()).expect("write");
    let mut flow = example::contoso_flow_solution();
    flow.connectors[0].openapi = Some(big.clone());
    std::fs::write(&ex.flow_solution, flow.build()).expect("write");
    let mut sub = ex.submission.clone();
    sub.packages.sas_uri =
        "https://contoso.blob.core.windows.net/c/p.zip?sp=r&se=2099-01-01T00:00:00Z&sig=x".into();
    let secret = ClientSecret::new("s3cr3t-for-the-bench".into());
    let opts = CheckOptions::default();

    let time = |label: &str, f: &mut dyn FnMut()| {
        f();
        let mut t: Vec<Duration> = (0..runs)
            .map(|_| {
                let s = Instant::now();
                f();
                s.elapsed()
            })
            .collect();
        t.sort();
        println!(
            "{label:<52} median {:>7.2} ms   min {:>7.2} ms   p90 {:>7.2} ms",
            t[t.len() / 2].as_secs_f64() * 1e3,
            t[0].as_secs_f64() * 1e3,
            t[t.len() * 9 / 10].as_secs_f64() * 1e3
        );
    };
    println!(
        "definition: {} bytes, 220 operations; {runs} runs",
        big.len()
    );
    let mut findings = 0;
    time(
        "check_submission (form + every file, SEC-01 scan)",
        &mut || {
            findings = check_submission(&sub, Some(&secret), &opts, now_unix())
                .expect("runs")
                .diagnostics
                .len();
        },
    );
    // The wizard's case: a form field edited, the files unchanged (cached file findings).
    let mut cache = SubmissionCache::default();
    let mut edited = sub.clone();
    let mut n = 0u32;
    time(
        "re-check after a form edit (check_submission_cached)",
        &mut || {
            n += 1;
            edited.availability.hide_key = format!("key{n}");
            findings =
                check_submission_cached(&edited, Some(&secret), &opts, now_unix(), &mut cache)
                    .expect("runs")
                    .diagnostics
                    .len();
        },
    );
    time("connector_summary", &mut || {
        let _ = connector_summary(&sub);
    });
    time("sheet rows", &mut || {
        let _ = sheet::rows(&sub, None, true);
    });
    println!("({findings} findings per check)");
}
