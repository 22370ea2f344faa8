//! The hostile-input catalogue: inputs an attacker or an unlucky user could hand
//! certpack, each run through the real binary with a time and a memory bound.
//!
//! Every case must end with a coded finding (exit 1 and the code in the JSON
//! output) or a clear "could not run" (exit 2 and a message), never a panic, a hang
//! or an exit 0, within [`TIME_LIMIT`] and [`RSS_LIMIT`]. The bounds do not depend
//! on how cleverly the input is built: the readers hold global budgets across
//! nesting levels, read regular files only, lex without recursion and hold the
//! JSON parser's recursion to 256 levels.

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use certpack_core::example;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// No case may use more processor time (the debug build). Processor time, not wall
/// time, so that a loaded machine does not fail a case that is merely slowed.
const TIME_LIMIT: Duration = Duration::from_secs(60);
/// Nor more wall time (a case blocked on a FIFO uses no processor time).
const WALL_LIMIT: Duration = Duration::from_secs(240);
/// Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux).
const TICKS: u64 = 100;
/// No case may use more memory (peak resident set, from /proc).
const RSS_LIMIT_KB: u64 = 500 * 1024;

/// How one case must end.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// Exit 1 with this code among the findings.
    Finding(&'static str),
    /// Exit 2 with a message on stderr holding this text.
    CannotRun(&'static str),
    /// Exit 1: some finding, whichever (the input is refused before its trap is
    /// reached, e.g. nested zips certpack has no reason to open).
    AnyFinding,
    /// Exit 0 or 1 (the input is odd but harmless); only the bounds are checked.
    Bounded,
}

struct Outcome {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
    cpu: Duration,
    peak_kb: u64,
}

/// User + system time of process `pid` so far, from /proc.
fn cpu_time(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // the fields after the command name (which is in parentheses and may hold spaces)
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(Duration::from_millis((utime + stime) * 1000 / TICKS))
}

/// Runs certpack with `args`, polling its peak memory, killing it past the limit.
fn run_bounded(args: &[&str], env: &[(&str, &str)]) -> Outcome {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_certpack"));
    cmd.args(args)
        .env("NO_COLOR", "1")
        .env_remove("CERTPACK_CLIENT_SECRET")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let start = Instant::now();
    let mut child = cmd.spawn().expect("certpack starts");
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0;
    let mut cpu = Duration::ZERO;
    let status = loop {
        if let Ok(text) = std::fs::read_to_string(&status_file)
            && let Some(line) = text.lines().find(|l| l.starts_with("VmHWM:"))
        {
            let kb: u64 = line
                .split_whitespace()
                .nth(1)
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            peak_kb = peak_kb.max(kb);
        }
        cpu = cpu_time(child.id()).unwrap_or(cpu);
        if let Some(status) = child.try_wait().expect("wait") {
            break Some(status);
        }
        if cpu > TIME_LIMIT || start.elapsed() > WALL_LIMIT || peak_kb > RSS_LIMIT_KB {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let elapsed = start.elapsed();
    let stdout = String::from_utf8_lossy(&out_reader.join().unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned();
    Outcome {
        code: status.and_then(|s| s.code()),
        stdout,
        stderr,
        elapsed,
        cpu,
        peak_kb,
    }
}

/// One case of the catalogue.
struct Hostile {
    name: String,
    args: Vec<String>,
    env: Vec<(String, String)>,
    expect: Expect,
}

impl Hostile {
    fn check(name: impl Into<String>, target: &Path, expect: Expect) -> Self {
        Hostile {
            name: name.into(),
            args: vec![
                "check".into(),
                "--format".into(),
                "json".into(),
                target.display().to_string(),
            ],
            env: Vec::new(),
            expect,
        }
    }

    fn args(name: impl Into<String>, args: &[&str], expect: Expect) -> Self {
        Hostile {
            name: name.into(),
            args: args.iter().map(|s| (*s).to_owned()).collect(),
            env: Vec::new(),
            expect,
        }
    }

    /// Also runs `inspect` and `verify`-free reading: every command that reads it.
    fn judge(&self, o: &Outcome) -> Result<(), String> {
        let Some(code) = o.code else {
            return Err(
                if o.cpu > TIME_LIMIT || o.elapsed > WALL_LIMIT || o.peak_kb > RSS_LIMIT_KB {
                    format!(
                        "killed after {:?} ({:?} of processor time) at {} MB (time or memory bound)",
                        o.elapsed,
                        o.cpu,
                        o.peak_kb / 1024
                    )
                } else {
                    format!(
                        "killed by a signal after {:?} (a stack overflow or an abort)\nstderr: {}",
                        o.elapsed,
                        snip(&o.stderr)
                    )
                },
            );
        };
        if o.stderr.contains("panicked") || o.stderr.contains("RUST_BACKTRACE") {
            return Err(format!("panicked: {}", o.stderr));
        }
        match self.expect {
            Expect::Finding(c) => {
                if code != 1 || !o.stdout.contains(&format!("\"{c}\"")) {
                    return Err(format!(
                        "expected exit 1 with {c}, got exit {code}\nstdout: {}\nstderr: {}",
                        snip(&o.stdout),
                        snip(&o.stderr)
                    ));
                }
            }
            Expect::CannotRun(msg) => {
                if code != 2 || !o.stderr.contains(msg) {
                    return Err(format!(
                        "expected exit 2 with `{msg}`, got exit {code}\nstdout: {}\nstderr: {}",
                        snip(&o.stdout),
                        snip(&o.stderr)
                    ));
                }
            }
            Expect::AnyFinding => {
                if code != 1 {
                    return Err(format!(
                        "expected exit 1, got exit {code}\nstderr: {}",
                        snip(&o.stderr)
                    ));
                }
            }
            Expect::Bounded => {
                if code > 2 {
                    return Err(format!("exit {code}: {}", snip(&o.stderr)));
                }
            }
        }
        Ok(())
    }
}

/// `bytes` with every `from` replaced by `to` (of the same length).
fn replace_all(bytes: &mut [u8], from: &[u8], to: &[u8]) {
    assert_eq!(from.len(), to.len());
    let mut i = 0;
    while i + from.len() <= bytes.len() {
        if &bytes[i..i + from.len()] == from {
            bytes[i..i + from.len()].copy_from_slice(to);
            i += from.len();
        } else {
            i += 1;
        }
    }
}

fn snip(s: &str) -> String {
    s.chars().take(600).collect()
}

fn zip_with(entries: &[(&str, &[u8])], method: CompressionMethod) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default()
        .compression_method(method)
        .large_file(false);
    for (name, data) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn stored(entries: &[(&str, &[u8])]) -> Vec<u8> {
    zip_with(entries, CompressionMethod::Stored)
}

fn deflated(entries: &[(&str, &[u8])]) -> Vec<u8> {
    zip_with(entries, CompressionMethod::Deflated)
}

fn good_upload() -> Vec<u8> {
    example::upload_of(&example::package_of(&example::contoso_solutions()))
}

/// The offsets of the central directory records of a zip without a comment.
fn central_records(z: &[u8]) -> (usize, usize, Vec<usize>) {
    let eocd = z.len() - 22;
    assert_eq!(&z[eocd..eocd + 4], b"PK\x05\x06");
    let n = u16::from_le_bytes([z[eocd + 10], z[eocd + 11]]) as usize;
    let cd = u32::from_le_bytes(z[eocd + 16..eocd + 20].try_into().unwrap()) as usize;
    let mut at = cd;
    let mut recs = Vec::new();
    for _ in 0..n {
        recs.push(at);
        let nl = u16::from_le_bytes([z[at + 28], z[at + 29]]) as usize;
        let xl = u16::from_le_bytes([z[at + 30], z[at + 31]]) as usize;
        let cl = u16::from_le_bytes([z[at + 32], z[at + 33]]) as usize;
        at += 46 + nl + xl + cl;
    }
    (cd, eocd, recs)
}

/// An archive whose `copies` central entries all point at the one local entry of
/// `kernel` (the overlapping-entries zip bomb), each under its own name.
fn overlapping_bomb(kernel_len: usize, copies: usize) -> Vec<u8> {
    let one = deflated(&[("k0000.json", &vec![b' '; kernel_len])]);
    let (cd, eocd, recs) = central_records(&one);
    let rec = one[recs[0]..eocd].to_vec();
    let mut out = one[..cd].to_vec();
    let cd_start = out.len();
    for i in 0..copies {
        let mut r = rec.clone();
        let name = format!("k{i:04}.json");
        r[46..46 + name.len()].copy_from_slice(name.as_bytes());
        out.extend_from_slice(&r);
    }
    let cd_len = out.len() - cd_start;
    let mut end = one[eocd..].to_vec();
    let n = u16::try_from(copies).unwrap().to_le_bytes();
    end[8..10].copy_from_slice(&n);
    end[10..12].copy_from_slice(&n);
    end[12..16].copy_from_slice(&u32::try_from(cd_len).unwrap().to_le_bytes());
    end[16..20].copy_from_slice(&u32::try_from(cd_start).unwrap().to_le_bytes());
    out.extend_from_slice(&end);
    out
}

/// A zip whose local header names `local` while the central directory says `central`
/// (same length).
fn name_mismatch(central: &str, local: &str, data: &[u8]) -> Vec<u8> {
    assert_eq!(central.len(), local.len());
    let mut z = stored(&[(central, data)]);
    let at = z
        .windows(central.len())
        .position(|w| w == central.as_bytes())
        .unwrap();
    z[at..at + local.len()].copy_from_slice(local.as_bytes());
    z
}

/// Nested zips, `depth` levels, each holding the next.
fn nested_chain(depth: usize) -> Vec<u8> {
    let mut z = stored(&[("intro.md", b"# x\n")]);
    for i in 0..depth {
        let name = format!("level{i}.zip");
        z = stored(&[(name.as_str(), &z)]);
    }
    z
}

/// A 42.zip-style fan-out: `width` copies of the level below, `depth` levels, the
/// leaf `leaf_len` bytes of zeros deflated.
fn fan_out(width: usize, depth: usize, leaf_len: usize) -> Vec<u8> {
    let mut z = deflated(&[("zeros.txt", &vec![b'0'; leaf_len])]);
    for _ in 0..depth {
        let names: Vec<String> = (0..width).map(|i| format!("{i}.zip")).collect();
        let entries: Vec<(&str, &[u8])> =
            names.iter().map(|n| (n.as_str(), z.as_slice())).collect();
        z = deflated(&entries);
    }
    z
}

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "mkfifo {}", path.display());
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, bytes).unwrap();
    p
}

/// The example's source folder, with `edit` applied to its definition text.
fn source_with(dir: &Path, name: &str, definition: &[u8]) -> PathBuf {
    let folder = dir.join(name);
    let ex = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_certpack"))
        .args(["-q", "example"])
        .arg(ex.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    std::fs::create_dir_all(&folder).unwrap();
    for f in std::fs::read_dir(ex.path().join("connector")).unwrap() {
        let f = f.unwrap();
        std::fs::copy(f.path(), folder.join(f.file_name())).unwrap();
    }
    std::fs::write(folder.join("apiDefinition.swagger.json"), definition).unwrap();
    folder
}

/// The example's definition text.
fn definition_text() -> String {
    let ex = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_certpack"))
        .args(["-q", "example"])
        .arg(ex.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    std::fs::read_to_string(ex.path().join("connector/apiDefinition.swagger.json")).unwrap()
}

/// An upload whose connector solution has `xml` as its customizations.xml, beside
/// the example's flow solution `flow`.
fn with_customizations(xml: String, flow: &(&str, Vec<u8>)) -> Vec<u8> {
    let mut spec = example::contoso_connector_solution();
    spec.extra
        .push(("customizations.xml".to_owned(), xml.into_bytes()));
    example::upload_of(&example::package_of(&[
        ("Connector.zip", spec.build()),
        flow.clone(),
    ]))
}

fn catalogue(dir: &Path) -> Vec<Hostile> {
    use Expect::{AnyFinding, Bounded, CannotRun, Finding};
    let mut cases = Vec::new();
    let upload = good_upload();

    // Truncation at many offsets: never read as the inner zip, never exit 0.
    for k in 1..=12 {
        let cut = upload.len() * k / 13;
        let p = write(dir, &format!("truncated-{k}.zip"), &upload[..cut]);
        cases.push(Hostile::check(
            format!("truncated at {cut}"),
            &p,
            Finding("ZIP-01"),
        ));
    }
    // Trailing garbage after the end of the archive, and bytes before it.
    let mut garbage = upload.clone();
    garbage.extend_from_slice(&[0x55; 4096]);
    let p = write(dir, "trailing.zip", &garbage);
    cases.push(Hostile::check("trailing garbage", &p, Finding("ZIP-01")));
    let mut prefixed = vec![0x55; 4096];
    prefixed.extend_from_slice(&upload);
    let p = write(dir, "prefixed.zip", &prefixed);
    cases.push(Hostile::check(
        "bytes before the archive",
        &p,
        Finding("ZIP-01"),
    ));

    // Duplicate names and case twins (zip writers refuse a duplicate, so the
    // second name is spelt differently and then patched in both headers).
    let sols = example::contoso_solutions();
    let mut dup = stored(&[("intro.md", b"# a\n"), ("intrx.md", b"# b\n")]);
    replace_all(&mut dup, b"intrx.md", b"intro.md");
    let p = write(dir, "dup.zip", &dup);
    cases.push(Hostile::check(
        "duplicate entry names",
        &p,
        Finding("ZIP-03"),
    ));
    let p = write(
        dir,
        "twins.zip",
        &stored(&[("intro.md", b"# a\n"), ("INTRO.MD", b"# b\n")]),
    );
    cases.push(Hostile::check(
        "case twins at the root",
        &p,
        Finding("ZIP-03"),
    ));
    let p = write(
        dir,
        "local-name.zip",
        &name_mismatch("intro.md", "intrx.md", b"# x\n"),
    );
    cases.push(Hostile::check(
        "local header name differs",
        &p,
        Finding("ZIP-01"),
    ));

    // Bombs.
    let p = write(dir, "overlap.zip", &overlapping_bomb(30 << 20, 400));
    cases.push(Hostile::check("overlapping entries", &p, Finding("ZIP-02")));
    let p = write(dir, "fanout.zip", &fan_out(16, 4, 4 << 20));
    cases.push(Hostile::check("42.zip-style fan-out", &p, AnyFinding));
    let p = write(dir, "chain.zip", &nested_chain(200));
    cases.push(Hostile::check("200 nested zips", &p, AnyFinding));
    let p = write(
        dir,
        "exactly-1mib.zip",
        &deflated(&[("intro.md", &vec![b'a'; 1 << 20])]),
    );
    cases.push(Hostile::check(
        "an entry of exactly 1 MiB",
        &p,
        Finding("ZIP-02"),
    ));

    // Names with multi-byte characters in a solution with workflows.
    for name in [
        "Workflows/écran-1234567-ABCD.json",
        "Workflows/🦀🦀🦀-1234567.json",
        "Formulas/écran.yaml",
    ] {
        let mut spec = example::contoso_flow_solution();
        spec.extra.push((name.to_owned(), b"{}".to_vec()));
        if let Some(w) = spec.workflows.first_mut() {
            w.name = "écran🦀 de démarrage".to_owned();
        }
        let p = write(
            dir,
            &format!("mb-{}.zip", cases.len()),
            &example::upload_of(&example::package_of(&[
                sols[0].clone(),
                ("Flow.zip", spec.build()),
            ])),
        );
        cases.push(Hostile::check(format!("entry name {name}"), &p, Bounded));
    }

    // Files that are not regular files.
    let fifo = dir.join("fifo.zip");
    mkfifo(&fifo);
    cases.push(Hostile::check(
        "a FIFO as the target",
        &fifo,
        CannotRun("not a regular file"),
    ));
    let src = source_with(dir, "src-fifo", definition_text().as_bytes());
    let readme = src.join("README.md");
    std::fs::remove_file(&readme).unwrap();
    mkfifo(&readme);
    cases.push(Hostile::check(
        "a FIFO README in a source folder",
        &src,
        Finding("FILE-02"),
    ));
    let fifo_intro = dir.join("intro-fifo.md");
    mkfifo(&fifo_intro);
    let out = dir.join("out-fifo");
    cases.push(Hostile::args(
        "a FIFO as --intro",
        &[
            "bundle",
            "--intro",
            fifo_intro.to_str().unwrap(),
            "--connector-solution",
            write(dir, "c.zip", &sols[0].1).to_str().unwrap(),
            "--flow-solution",
            write(dir, "f.zip", &sols[1].1).to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        CannotRun("not a regular file"),
    ));
    cases.push(Hostile::args(
        "/dev/zero as --custom-properties",
        &[
            "bundle",
            "--intro",
            write(dir, "intro.md", b"# Contoso\n").to_str().unwrap(),
            "--connector-solution",
            dir.join("c.zip").to_str().unwrap(),
            "--flow-solution",
            dir.join("f.zip").to_str().unwrap(),
            "--custom-properties",
            "/dev/zero",
            "-o",
            dir.join("out-zero").to_str().unwrap(),
        ],
        CannotRun("not a regular file"),
    ));
    let looped = source_with(dir, "src-loop", definition_text().as_bytes());
    std::os::unix::fs::symlink(&looped, looped.join("loop")).unwrap();
    cases.push(Hostile::check(
        "a symlink loop in a source folder",
        &looped,
        Bounded,
    ));

    // Parsers: depth, size, quadratic shapes.
    let deep = format!("{}{}", "[".repeat(1_000_000), "]".repeat(1_000_000));
    let src = source_with(dir, "src-deep", deep.as_bytes());
    cases.push(Hostile::check(
        "JSON nested a million deep",
        &src,
        Finding("JSON-01"),
    ));
    let mut many = String::from(
        "{\"swagger\":\"2.0\",\"info\":{\"title\":\"Many\",\"version\":\"1.0\"},\
         \"host\":\"api.contoso.com\",\"paths\":{",
    );
    for i in 0..30_000 {
        if i > 0 {
            many.push(',');
        }
        many.push_str(&format!(
            "\"/p{i}\":{{\"get\":{{\"operationId\":\"Op{i}\",\"responses\":{{\"200\":{{\"description\":\"ok\"}}}}}}}}"
        ));
    }
    many.push_str("}}");
    let src = source_with(dir, "src-many", many.as_bytes());
    cases.push(Hostile::check("30,000 operations", &src, Bounded));
    let src = source_with(dir, "src-csx", definition_text().as_bytes());
    let holes = format!("{}{}", "$\"{".repeat(200_000), "}\"".repeat(200_000));
    write(&src, "script.csx", holes.as_bytes());
    cases.push(Hostile::check(
        "script.csx with 200,000 nested holes",
        &src,
        Bounded,
    ));
    let src = source_with(dir, "src-dollars", definition_text().as_bytes());
    write(&src, "script.csx", "$".repeat(4 << 20).as_bytes());
    cases.push(Hostile::check("script.csx of 4 MiB of $", &src, Bounded));
    let src = source_with(dir, "src-quotes", definition_text().as_bytes());
    write(&src, "script.csx", "\"".repeat(4 << 20).as_bytes());
    cases.push(Hostile::check(
        "script.csx of 4 MiB of quotes",
        &src,
        Bounded,
    ));
    let one_line = format!("{{{}\"a\":1}}", "\"k\":1,".repeat(200_000));
    let src = source_with(dir, "src-one-line", one_line.as_bytes());
    cases.push(Hostile::args(
        "200,000 duplicate keys on one line, human output",
        &["check", src.to_str().unwrap()],
        Bounded,
    ));

    // XML: nesting and fan-out in customizations.xml.
    let nested_xml = format!(
        "<ImportExportXml>{}{}</ImportExportXml>",
        "<a xmlns:x=\"urn:x\">".repeat(100_000),
        "</a>".repeat(100_000)
    );
    let p = write(
        dir,
        "xml-deep.zip",
        &with_customizations(nested_xml, &sols[1]),
    );
    // read within bounds (each level declaring a namespace), it lists no connector
    cases.push(Hostile::check(
        "customizations.xml nested 100,000 deep",
        &p,
        Finding("SOL-02"),
    ));

    // Fan-out: customizations.xml naming the same connector 100 times (each one
    // must not be a fresh read and check of its files).
    let built = example::contoso_connector_solution().build();
    let mut zip = zip::ZipArchive::new(Cursor::new(built)).unwrap();
    let mut xml = String::new();
    zip.by_name("customizations.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let (a, b) = (
        xml.find("<Connector>").unwrap(),
        xml.find("</Connector>").unwrap() + "</Connector>".len(),
    );
    let fanned = format!("{}{}{}", &xml[..a], xml[a..b].repeat(100), &xml[b..]);
    let p = write(
        dir,
        "xml-fan-out.zip",
        &with_customizations(fanned, &sols[1]),
    );
    cases.push(Hostile::check(
        "customizations.xml naming one connector 100 times",
        &p,
        Bounded,
    ));

    // Power Query: a .mez bomb and hostile section documents.
    let bomb = deflated(&[("Bomb.pq", &vec![b' '; 64 << 20])]);
    let p = write(dir, "bomb.mez", &bomb);
    cases.push(Hostile::check("mez: a zip bomb", &p, Finding("ZIP-02")));
    let long = format!("section S; x = \"{}\";", "a".repeat(10 << 20));
    let p = write(
        dir,
        "long-line.mez",
        &deflated(&[("S.pq", long.as_bytes())]),
    );
    cases.push(Hostile::check(
        "mez: a 10 MB single-line .pq",
        &p,
        AnyFinding,
    ));
    let deep = format!(
        "section S; x = {}1{};",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    let p = write(dir, "deep.mez", &deflated(&[("S.pq", deep.as_bytes())]));
    cases.push(Hostile::check(
        "mez: 100,000 nested brackets",
        &p,
        AnyFinding,
    ));
    let open = format!("section S; x = {}", "[{(".repeat(100_000));
    let p = write(dir, "open.mez", &deflated(&[("S.pq", open.as_bytes())]));
    cases.push(Hostile::check(
        "mez: 300,000 brackets never closed",
        &p,
        Finding("PQ-12"),
    ));
    for (name, text) in [
        ("an unterminated string", "section S; x = \"never closed;"),
        (
            "an unterminated comment",
            "section S; x = 1; /* never closed",
        ),
    ] {
        let p = write(
            dir,
            &format!("{}.mez", name.replace(' ', "-")),
            &deflated(&[("S.pq", text.as_bytes())]),
        );
        cases.push(Hostile::check(format!("mez: {name}"), &p, Finding("PQ-12")));
    }
    cases
}

#[test]
fn the_hostile_catalogue_is_handled_within_bounds() {
    let dir = tempfile::tempdir().unwrap();
    let cases = catalogue(dir.path());
    let mut failures = Vec::new();
    let mut slowest = (Duration::ZERO, String::new());
    let mut fattest = (0, String::new());
    // HOSTILE_ONLY=text runs the cases whose name holds it (when working on one).
    let only = std::env::var("HOSTILE_ONLY").unwrap_or_default();
    for case in cases.iter().filter(|c| c.name.contains(&only)) {
        let args: Vec<&str> = case.args.iter().map(String::as_str).collect();
        let env: Vec<(&str, &str)> = case
            .env
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let o = run_bounded(&args, &env);
        if o.cpu > slowest.0 {
            slowest = (o.cpu, case.name.clone());
        }
        if o.peak_kb > fattest.0 {
            fattest = (o.peak_kb, case.name.clone());
        }
        if let Err(why) = case.judge(&o) {
            failures.push(format!("{}: {why}", case.name));
        }
    }
    eprintln!(
        "{} hostile cases; most processor time {:?} ({}); most memory {} MB ({})",
        cases.len(),
        slowest.0,
        slowest.1,
        fattest.0 / 1024,
        fattest.1
    );
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}
