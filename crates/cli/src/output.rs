//! Output formats: human (grouped by file, coloured on a terminal), JSON and SARIF.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anstyle::{AnsiColor, Style};
use anyhow::Result;
use certpack_core::bundle::{Plan, Verification};
use certpack_core::example::{ExampleFiles, PqExampleFiles};
use certpack_core::inventory::Inventory;
use certpack_core::rules::{self, Rule};
use certpack_core::secret::Needle;
use certpack_core::{BundleSummary, ClientSecret, Diagnostic, Report, Severity};
use clap::ValueEnum;
use serde_json::{Value, json};

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people: grouped by file, coloured on a terminal.
    Human,
    /// One JSON document on stdout.
    Json,
    /// SARIF 2.1.0 (for code-scanning dashboards); `check` and `verify` only.
    Sarif,
}

/// The written forms of the client secret, set once at start (see [`set_secret`]).
static NEEDLES: std::sync::OnceLock<Vec<Needle>> = std::sync::OnceLock::new();

/// Makes every later line on stdout and stderr redacted of `secret`.
pub fn set_secret(secret: Option<&ClientSecret>) {
    let _ = NEEDLES.set(secret.map(ClientSecret::needles).unwrap_or_default());
}

/// Texts never printed either, as written (set once: the storage account key and
/// the upload SAS's signature of `certpack upload`).
static ALSO: std::sync::OnceLock<Vec<Needle>> = std::sync::OnceLock::new();

/// Makes every later line on stdout and stderr redacted of `texts` too.
pub fn also_redact(texts: &[String]) {
    let _ = ALSO.set(
        texts
            .iter()
            .filter(|t| t.len() >= 4)
            .map(|t| Needle {
                bytes: zeroize::Zeroizing::new(t.as_bytes().to_vec()),
                how: "verbatim",
            })
            .collect(),
    );
}

/// A writer that redacts the client secret (and [`also_redact`]'s texts) line by line before passing the bytes
/// on: the one place every byte certpack prints goes through.
pub struct Redacting<W: Write> {
    inner: W,
    line: Vec<u8>,
}

impl<W: Write> Redacting<W> {
    fn new(inner: W) -> Self {
        Redacting {
            inner,
            line: Vec::new(),
        }
    }

    fn emit(&mut self) -> std::io::Result<()> {
        if self.line.is_empty() {
            return Ok(());
        }
        let needles = NEEDLES.get().map_or(&[][..], Vec::as_slice);
        let also = ALSO.get().map_or(&[][..], Vec::as_slice);
        let text = String::from_utf8_lossy(&self.line);
        let red = certpack_core::secret::redact_with(needles, &text);
        let red = certpack_core::secret::redact_with(also, &red);
        self.inner.write_all(red.as_bytes())?;
        drop(red);
        // the line held the secret before it was redacted
        zeroize::Zeroize::zeroize(&mut self.line);
        Ok(())
    }
}

impl<W: Write> Write for Redacting<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if NEEDLES.get().is_none_or(Vec::is_empty) && ALSO.get().is_none_or(Vec::is_empty) {
            // no secret to hide: straight through
            self.inner.write_all(buf)?;
            return Ok(buf.len());
        }
        let mut rest = buf;
        while let Some(i) = rest.iter().position(|&b| b == b'\n') {
            self.line.extend_from_slice(&rest[..=i]);
            self.emit()?;
            rest = &rest[i + 1..];
        }
        self.line.extend_from_slice(rest);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.emit()?;
        self.inner.flush()
    }
}

impl<W: Write> Drop for Redacting<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

/// Standard output, coloured when it is a terminal, redacted of the secret;
/// buffered (serialisers write in small pieces), flushed when dropped.
pub fn stdout() -> Redacting<std::io::BufWriter<anstream::Stdout>> {
    Redacting::new(std::io::BufWriter::with_capacity(
        64 << 10,
        anstream::stdout(),
    ))
}

/// Standard error, coloured when it is a terminal, redacted of the secret;
/// buffered, flushed when dropped.
pub fn stderr() -> Redacting<std::io::BufWriter<anstream::Stderr>> {
    Redacting::new(std::io::BufWriter::with_capacity(
        64 << 10,
        anstream::stderr(),
    ))
}

/// The inventory of `path`, with SEC-01 when an entry at any level holds the secret.
pub fn inventory_with_secret(path: &Path, secret: Option<&ClientSecret>) -> Inventory {
    let needles = secret.map(ClientSecret::needles).unwrap_or_default();
    let vpath = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    match certpack_core::read::zip::Archive::open_file(path, &vpath, Default::default()) {
        Ok(mut a) => {
            let mut inv =
                certpack_core::inventory::inventory_searching(&mut a, &mut |_| {}, &needles);
            if let Some((entry, how)) = inv.secret_in.clone() {
                let how = if how == "verbatim" {
                    String::new()
                } else {
                    format!(" ({how})")
                };
                inv.sink.emit(
                    &certpack_core::rules::content::secrets::SEC_01,
                    certpack_core::model::Location::file(format!("{vpath}!/{entry}")),
                    format!("the OAuth client secret appears in this entry{how}; remove it"),
                );
            }
            inv
        }
        Err(_) => certpack_core::inventory::inventory(path, Default::default(), &mut |_| {}),
    }
}

pub fn style_error() -> Style {
    Style::new().fg_color(Some(AnsiColor::Red.into())).bold()
}

fn style_for(s: Severity) -> Style {
    match s {
        Severity::Error => style_error(),
        Severity::Warning => Style::new().fg_color(Some(AnsiColor::Yellow.into())).bold(),
        Severity::Info => Style::new().fg_color(Some(AnsiColor::Cyan.into())).bold(),
    }
}

fn bold() -> Style {
    Style::new().bold()
}

fn dim() -> Style {
    Style::new().dimmed()
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Writes findings grouped by place, then a summary line.
fn human(w: &mut dyn Write, report: &Report) -> Result<()> {
    let mut groups: BTreeMap<String, Vec<&Diagnostic>> = BTreeMap::new();
    for d in &report.diagnostics {
        let key = match (&d.location.file, &d.location.field) {
            (Some(f), _) => f.clone(),
            (None, Some(_)) => "Partner Center form".to_owned(),
            (None, None) => report.target.clone(),
        };
        groups.entry(key).or_default().push(d);
    }
    let mut sources = crate::snippet::Sources::default();
    // a rule's help is shown with its first finding of the report, not repeated
    let mut helped: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for (place, diags) in groups {
        writeln!(w, "{}{place}{}", bold().render(), bold().render_reset())?;
        for d in diags {
            let help = helped.insert(d.code.as_str());
            if let Some(block) = crate::snippet::render(d, &mut sources, help) {
                writeln!(w, "{block}")?;
                was(w, d)?;
                continue;
            }
            let s = style_for(d.severity);
            let mut at = String::new();
            if let (Some(l), Some(c)) = (d.location.line, d.location.column) {
                at.push_str(&format!("{l}:{c} "));
            }
            if let Some(p) = &d.location.pointer {
                at.push_str(&format!("#{p} "));
            }
            if let Some(f) = &d.location.field {
                at.push_str(&format!("[{f}] "));
            }
            writeln!(
                w,
                "  {}{}[{}]{}: {}{}{}{}",
                s.render(),
                d.severity,
                d.code,
                s.render_reset(),
                dim().render(),
                at,
                dim().render_reset(),
                d.message
            )?;
            if let Some(help) = d.help.as_deref().filter(|_| help) {
                writeln!(
                    w,
                    "    {}help:{} {help}",
                    dim().render(),
                    dim().render_reset()
                )?;
            }
            was(w, d)?;
        }
    }
    for o in &report.overrides {
        let what = match (o.rule.allow, o.rule.severity) {
            (true, _) => "allowed".to_owned(),
            (false, Some(sev)) => format!("downgraded to {sev}"),
            (false, None) => "kept".to_owned(),
        };
        writeln!(
            w,
            "{}override{} {} {what} ({} finding(s), {}): {}",
            dim().render(),
            dim().render_reset(),
            o.rule.code,
            o.count,
            o.source,
            o.rule.reason
        )?;
    }
    let s = report.summary();
    if s.errors + s.warnings + s.infos > 0 {
        writeln!(
            w,
            "{}: {}, {}, {}",
            report.target,
            plural(s.errors, "error"),
            plural(s.warnings, "warning"),
            plural(s.infos, "note")
        )?;
    }
    Ok(())
}

/// The place in the previous version, for a finding of a comparison.
fn was(w: &mut dyn Write, d: &Diagnostic) -> Result<()> {
    if let Some(p) = &d.previous {
        writeln!(w, "   {}was:{} {p}", dim().render(), dim().render_reset())?;
    }
    Ok(())
}

pub fn findings_to_stderr(report: &Report) -> Result<()> {
    human(&mut stderr(), report)
}

/// The JSON report: `{"version":1,"target","kind","diagnostics":[...],"summary":{...}}`.
pub fn report_json(report: &Report) -> Value {
    json!({
        "version": 1,
        "target": report.target,
        "kind": report.kind,
        "diagnostics": report.diagnostics,
        "overrides": report.overrides,
        "summary": report.summary(),
    })
}

pub fn print_json(v: &Value) -> Result<()> {
    let mut out = stdout();
    serde_json::to_writer_pretty(&mut out, v)?;
    writeln!(out)?;
    Ok(())
}

pub fn report(report: &Report, format: Format, _quiet: bool) -> Result<()> {
    match format {
        Format::Human => human(&mut stdout(), report),
        Format::Json => print_json(&report_json(report)),
        Format::Sarif => print_json(&sarif(&[report])),
    }
}

/// Several targets: human output grouped by target with a total, JSON an array of
/// the per-target documents (a target that could not be checked carries `error`),
/// SARIF one run with every result. Targets that could not be checked are also
/// reported on stderr.
/// The human output of one report, rendered (with styles; the terminal writer
/// strips them when stdout is not a terminal).
pub fn render_human(report: &Report) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    if !report.diagnostics.is_empty() {
        human(&mut buf, report)?;
    }
    Ok(buf)
}

/// `texts` are the reports rendered by [`render_human`] (human format only).
pub fn reports(
    targets: &[PathBuf],
    results: &[Result<Report>],
    texts: &[Vec<u8>],
    format: Format,
) -> Result<()> {
    let mut err = stderr();
    for (t, r) in targets.iter().zip(results) {
        if let Err(e) = r {
            writeln!(
                err,
                "{}error:{} {}: {e:#}",
                style_error().render(),
                style_error().render_reset(),
                t.display()
            )?;
        }
    }
    let ok: Vec<&Report> = results.iter().flatten().collect();
    match format {
        Format::Human => {
            let mut out = stdout();
            let mut with_errors = 0;
            let (mut errors, mut warnings, mut notes) = (0, 0, 0);
            for t in texts {
                out.write_all(t)?;
            }
            for r in &ok {
                let s = r.summary();
                with_errors += usize::from(s.errors > 0);
                errors += s.errors;
                warnings += s.warnings;
                notes += s.infos;
            }
            let failed = results.len() - ok.len();
            if with_errors + failed > 0 || warnings + notes > 0 {
                writeln!(
                    out,
                    "{} checked: {} with errors{}; {}, {}, {}",
                    plural(results.len(), "target"),
                    with_errors,
                    if failed > 0 {
                        format!(", {failed} could not be checked")
                    } else {
                        String::new()
                    },
                    plural(errors, "error"),
                    plural(warnings, "warning"),
                    plural(notes, "note")
                )?;
            }
            Ok(())
        }
        Format::Json => {
            let docs: Vec<Value> = targets
                .iter()
                .zip(results)
                .map(|(t, r)| match r {
                    Ok(r) => report_json(r),
                    Err(e) => json!({
                        "version": 1,
                        "target": t.display().to_string(),
                        "error": { "message": format!("{e:#}") },
                    }),
                })
                .collect();
            print_json(&json!(docs))
        }
        Format::Sarif => print_json(&sarif(&ok)),
    }
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn sarif_rule(r: &Rule) -> Value {
    let mut v = json!({
        "id": r.code,
        "name": r.code.replace('-', ""),
        "shortDescription": { "text": r.title },
        "fullDescription": { "text": r.explanation },
        "help": { "text": r.explanation },
        "defaultConfiguration": { "level": sarif_level(r.severity) },
    });
    if let Some(url) = r.url {
        v["helpUri"] = json!(url);
    }
    v
}

/// Percent-encodes what a URI reference cannot hold as-is.
fn uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.replace('\\', "/").bytes() {
        match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'_'
            | b'.'
            | b'~'
            | b'/'
            | b'!'
            | b':' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// SARIF 2.1.0: one run, the rules that fired, one result per finding of every
/// report.
pub fn sarif(reports: &[&Report]) -> Value {
    let all = || reports.iter().flat_map(|r| r.diagnostics.iter());
    let mut codes: Vec<&str> = all().map(|d| d.code.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    let rules: Vec<&Rule> = codes.iter().filter_map(|c| rules::find(c)).collect();
    let results: Vec<Value> = all()
        .map(|d| {
            let mut r = json!({
                "ruleId": d.code,
                "level": sarif_level(d.severity),
                "message": { "text": d.message },
            });
            if let Some(i) = rules.iter().position(|r| r.code == d.code) {
                r["ruleIndex"] = json!(i);
            }
            let mut loc = json!({});
            if let Some(f) = &d.location.file {
                let mut phys = json!({ "artifactLocation": { "uri": uri(f) } });
                if let (Some(l), Some(c)) = (d.location.line, d.location.column) {
                    phys["region"] = json!({ "startLine": l, "startColumn": c });
                }
                loc["physicalLocation"] = phys;
            }
            let mut logical = Vec::new();
            if let Some(p) = &d.location.pointer {
                logical.push(json!({ "fullyQualifiedName": p, "kind": "member" }));
            }
            if let Some(f) = &d.location.field {
                logical
                    .push(json!({ "fullyQualifiedName": format!("form/{f}"), "kind": "member" }));
            }
            if !logical.is_empty() {
                loc["logicalLocations"] = json!(logical);
            }
            if loc.as_object().is_some_and(|o| !o.is_empty()) {
                r["locations"] = json!([loc]);
            }
            if let Some(p) = &d.previous {
                let mut prev =
                    json!({ "id": 0, "message": { "text": "In the previous version." } });
                if let Some(f) = &p.file {
                    let mut phys = json!({ "artifactLocation": { "uri": uri(f) } });
                    if let (Some(l), Some(c)) = (p.line, p.column) {
                        phys["region"] = json!({ "startLine": l, "startColumn": c });
                    }
                    prev["physicalLocation"] = phys;
                }
                if let Some(ptr) = &p.pointer {
                    prev["logicalLocations"] =
                        json!([{ "fullyQualifiedName": ptr, "kind": "member" }]);
                }
                r["relatedLocations"] = json!([prev]);
            }
            r
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "certpack",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-submission",
                "rules": rules.iter().map(|r| sarif_rule(r)).collect::<Vec<_>>(),
            }},
            "results": results,
        }]
    })
}

pub fn human_size(n: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

pub fn listing(plan: &Plan, format: Format) -> Result<()> {
    let rows = plan.listing();
    match format {
        Format::Json | Format::Sarif => print_json(&json!({
            "version": 1,
            "outer": plan.outer_name,
            "entries": rows,
            "report": report_json(&plan.report),
        })),
        Format::Human => {
            let mut out = stdout();
            writeln!(
                out,
                "{}{}{}",
                bold().render(),
                plan.outer_name,
                bold().render_reset()
            )?;
            for r in &rows {
                let depth = r.path.matches("!/").count();
                let name = r.path.rsplit("!/").next().unwrap_or(&r.path);
                writeln!(
                    out,
                    "{}{name:<w$} {:>10}  {}{}{}",
                    "  ".repeat(depth + 1),
                    human_size(r.size),
                    dim().render(),
                    r.source,
                    dim().render_reset(),
                    w = 56usize.saturating_sub(2 * depth)
                )?;
            }
            human(&mut stderr(), &plan.report)
        }
    }
}

pub fn bundle_summary(s: &BundleSummary, format: Format, quiet: bool) -> Result<()> {
    match format {
        Format::Json | Format::Sarif => print_json(&serde_json::to_value(s)?),
        Format::Human if quiet => Ok(()),
        Format::Human => {
            let mut out = stdout();
            writeln!(out, "{}", s.outer.display())?;
            writeln!(out, "  size     {} ({} bytes)", human_size(s.size), s.size)?;
            writeln!(out, "  sha256   {}", s.sha256)?;
            writeln!(out, "  checksum {}", s.checksum_file.display())?;
            writeln!(out, "  manifest {}", s.manifest.display())?;
            writeln!(out, "  verified {} entries at every level", s.entries.len())?;
            Ok(())
        }
    }
}

pub fn verification(v: &Verification, format: Format, quiet: bool) -> Result<()> {
    match format {
        Format::Sarif => print_json(&sarif(&[&v.report])),
        Format::Json => print_json(&json!({
            "version": 1,
            "target": v.report.target,
            "sha256": v.sha256,
            "checkedSha256File": v.checked_sha256_file,
            "checkedManifest": v.checked_manifest,
            "entries": v.entries,
            "diagnostics": v.report.diagnostics,
            "summary": v.report.summary(),
        })),
        Format::Human => {
            human(&mut stdout(), &v.report)?;
            if !quiet && !v.report.has_errors() {
                let mut what = vec![format!("{} entries", v.entries.len())];
                if v.checked_sha256_file {
                    what.push(".sha256".into());
                }
                if v.checked_manifest {
                    what.push("manifest.json".into());
                }
                writeln!(
                    stdout(),
                    "{}: OK ({}) sha256 {}",
                    v.report.target,
                    what.join(", "),
                    v.sha256
                )?;
            }
            Ok(())
        }
    }
}

pub fn inspect(path: &Path, inv: &Inventory, format: Format) -> Result<()> {
    if matches!(format, Format::Json | Format::Sarif) {
        return print_json(&json!({
            "version": 1,
            "target": path.display().to_string(),
            "entries": inv.entries,
            "diagnostics": inv.sink.diagnostics(),
        }));
    }
    let mut out = stdout();
    let total: u64 = inv
        .entries
        .iter()
        .filter(|e| e.depth == 0)
        .map(|e| e.size)
        .sum();
    writeln!(
        out,
        "{}{}{}  {}",
        bold().render(),
        path.display(),
        bold().render_reset(),
        human_size(total)
    )?;
    for e in &inv.entries {
        let name = e.path.rsplit("!/").next().unwrap_or(&e.path);
        let indent = "  ".repeat(e.depth as usize + 1);
        let w = 58usize.saturating_sub(indent.len());
        writeln!(
            out,
            "{indent}{name:<w$} {:>10}  {}{}{}",
            human_size(e.size),
            dim().render(),
            e.sha256,
            dim().render_reset()
        )?;
    }
    if !inv.sink.diagnostics().is_empty() {
        let mut r = Report::new(path.display().to_string(), certpack_core::TargetKind::Outer);
        r.diagnostics = inv.sink.diagnostics().to_vec();
        human(&mut stderr(), &r)?;
    }
    Ok(())
}

pub fn example(ex: &ExampleFiles, pq: &PqExampleFiles) -> Result<()> {
    let mut out = stdout();
    writeln!(out, "Wrote the Contoso example:")?;
    writeln!(out, "  source folder       {}", ex.source_dir.display())?;
    writeln!(out, "  intro.md            {}", ex.intro.display())?;
    writeln!(
        out,
        "  connector solution  {}",
        ex.connector_solution.display()
    )?;
    writeln!(out, "  flow solution       {}", ex.flow_solution.display())?;
    writeln!(
        out,
        "  AI plugin solution  {}",
        ex.plugin_solution.display()
    )?;
    writeln!(out, "  draft               {}", ex.draft.display())?;
    writeln!(
        out,
        "Next: certpack bundle --submission '{}' -o out",
        ex.draft.display()
    )?;
    writeln!(out, "Wrote the Power Query example:")?;
    writeln!(out, "  source folder       {}", pq.source_dir.display())?;
    writeln!(out, "  connector           {}", pq.mez.display())?;
    writeln!(out, "  article             {}", pq.article.display())?;
    writeln!(out, "  blog paragraph      {}", pq.blurb.display())?;
    writeln!(out, "  draft               {}", pq.draft.display())?;
    writeln!(
        out,
        "Next: certpack check '{}' --docs '{}'",
        pq.mez.display(),
        pq.article.display()
    )?;
    writeln!(
        out,
        "      certpack bundle --mez '{}' --docs '{}' --blurb '{}' -o out",
        pq.mez.display(),
        pq.article.display(),
        pq.blurb.display()
    )?;
    Ok(())
}

pub fn rules(format: Format) -> Result<()> {
    let all = rules::all();
    if matches!(format, Format::Json | Format::Sarif) {
        let v: Vec<Value> = all
            .iter()
            .map(|r| {
                json!({"code": r.code, "severity": r.severity, "scope": r.scope,
                       "offline": r.offline, "title": r.title,
                       "explanation": r.explanation, "url": r.url, "validator": r.validator})
            })
            .collect();
        return print_json(&json!(v));
    }
    let mut out = stdout();
    for r in all {
        let s = style_for(r.severity);
        writeln!(
            out,
            "{:<8} {}{:<7}{} {:<10} {}{}",
            r.code,
            s.render(),
            r.severity,
            s.render_reset(),
            r.scope.name(),
            r.title,
            if r.offline {
                ""
            } else {
                " [not checked offline]"
            }
        )?;
    }
    let manual = all.iter().filter(|r| !r.offline).count();
    writeln!(
        out,
        "\n{} rules; {} checked here, {manual} only by Microsoft (listed so their absence is visible)",
        all.len(),
        all.len() - manual
    )?;
    Ok(())
}

pub fn explain(r: &Rule) -> Result<()> {
    let mut out = stdout();
    let s = style_for(r.severity);
    writeln!(
        out,
        "{}{}{} ({}{}{}): {}",
        bold().render(),
        r.code,
        bold().render_reset(),
        s.render(),
        r.severity,
        s.render_reset(),
        r.title
    )?;
    writeln!(out)?;
    writeln!(out, "{}", r.explanation)?;
    if !r.validator.is_empty() {
        writeln!(out)?;
        writeln!(out, "Microsoft's names for it: {}", r.validator.join(", "))?;
    }
    if !r.offline {
        writeln!(out)?;
        writeln!(
            out,
            "certpack cannot check this on your machine: only Microsoft's servers or reviewers can."
        )?;
    }
    if let Some(url) = r.url {
        writeln!(out)?;
        writeln!(out, "See {url}")?;
    }
    Ok(())
}
