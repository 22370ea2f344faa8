//! `certpack calendar --ics` and `certpack report`, through the binary.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn certpack() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_certpack"));
    c.env("NO_COLOR", "1").env_remove("CERTPACK_CLIENT_SECRET");
    c
}

fn run(args: &[&str]) -> Output {
    certpack().args(args).output().expect("certpack runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The Thanksgiving vector as `.ics`: one all-day event per date, CRLF, written
/// atomically (nothing else left in the folder), the same bytes on a second run.
#[test]
fn calendar_writes_an_ics_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deploy.ics");
    let p = path.to_str().unwrap();
    let out = run(&[
        "calendar",
        "2026-11-19T09:00",
        "--ics",
        p,
        "--offer",
        "Contoso, Tasks",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout(&out).contains("group 1  Fri 2026-11-20  Testing"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("10 events"));
    let first = std::fs::read(&path).unwrap();
    let text = String::from_utf8(first.clone()).unwrap();
    assert!(
        text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"),
        "{text}"
    );
    assert!(text.contains("DTSTART;VALUE=DATE:20261120\r\n"));
    assert!(
        text.contains("DTSTART;VALUE=DATE:20261127\r\n"),
        "group 5 after Thanksgiving"
    );
    assert!(text.contains("SUMMARY:Contoso\\, Tasks: "));
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 10);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "no temporary file left: {names:?}");

    // quiet: nothing printed, the same bytes written again
    let out = run(&[
        "-q",
        "calendar",
        "2026-11-19T09:00",
        "--ics",
        p,
        "--offer",
        "Contoso, Tasks",
    ]);
    assert!(out.status.success());
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    assert_eq!(std::fs::read(&path).unwrap(), first);

    // a folder that does not exist: could not run
    let missing = dir.path().join("no/such/folder/x.ics");
    let out = run(&[
        "calendar",
        "2026-11-19T09:00",
        "--ics",
        missing.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write the calendar"));
}

const REPORT: &str = "Certification report\n\
5000.1.1.1 Package must contain an icon.\n\
  [Error] OperationIdSanitized in operation 'Get-Task'.\n\
##[error]The output field has been deleted. Existing flows may be broken. ValuePath: operation/GetTask/responses/200/schema/Type Source: NewSwagger\n\
Not able to download the package\n\
Please fix and resubmit.\n";

#[test]
fn report_maps_a_pasted_report_as_text_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.txt");
    std::fs::write(&path, REPORT).unwrap();
    let p = path.to_str().unwrap();

    let out = run(&["report", p]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("line 2: SOL-07 "), "{text}");
    assert!(lines[0].contains("Fix: "), "{text}");
    assert!(lines[1].starts_with("line 3: OPS-01 "), "{text}");
    assert!(lines[2].starts_with("line 4: BRK-13"), "{text}");
    assert!(lines[3].starts_with("line 5: SAS-03 "), "{text}");
    assert!(text.contains("4 of 6 lines match"), "{text}");
    assert!(
        !text.contains("Please fix"),
        "unmatched lines are not printed"
    );

    let out = run(&["report", p, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 6, "every line, matched or not");
    assert_eq!(arr[4]["code"], "SAS-03");
    assert_eq!(arr[4]["line"], 5);
    assert!(arr[4]["title"].is_string() && arr[4]["help"].is_string());
    assert!(arr[5]["code"].is_null());
    assert_eq!(arr[5]["text"], "Please fix and resubmit.");

    // from standard input, quiet: the matched lines only
    let mut child = certpack()
        .args(["-q", "report", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(REPORT.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 4, "{text}");
    assert!(!text.contains("lines match"));
}

#[test]
fn report_that_cannot_be_read_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.txt");
    let out = run(&["report", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
    // a folder is not a report
    let out = run(&["report", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["report", "--format", "sarif", "-"]);
    assert_eq!(out.status.code(), Some(2));
}

/// A report larger than what is read: exit 0, cut with a note on stderr.
#[test]
fn a_huge_report_is_cut_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.txt");
    std::fs::write(&path, "OperationIdSanitized\n".repeat(200_000)).unwrap();
    let out = run(&["report", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not mapped"));
    assert!(stdout(&out).contains("10000 of 10000 lines match"));
}
