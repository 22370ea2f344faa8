//! `certpack calendar`: the expected deployment calendar after Go live (the next
//! Friday train in Pacific time, then the six region groups on working days), and
//! with `--ics` the same calendar as an iCalendar file.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use certpack_core::calendar::{self, BlockedFriday, CalendarOptions};
use certpack_core::{Tracker, TrackerEvent, TrackerState, tracker};
use clap::Args;
use serde_json::json;

use crate::output::{self, Format};

#[derive(Debug, Args)]
pub struct CalendarArgs {
    /// When Go live was selected: `2026-03-05T10:00` (Pacific time) or an instant
    /// with its offset (`2026-03-05T18:00Z`).
    go_live: String,
    /// Local train time on Friday (Pacific), `HH:MM`; Microsoft says "Friday mornings".
    #[arg(long, value_name = "HH:MM", default_value = "09:00")]
    train_time: String,
    /// When the train's Friday is a holiday or frozen, start on the next working day
    /// instead of the next Friday (not documented either way).
    #[arg(long)]
    next_working_day: bool,
    /// Working days added after the last group.
    #[arg(long, value_name = "N", default_value_t = 0)]
    tail_days: u32,
    /// A day off besides the US federal holidays, `YYYY-MM-DD` (repeatable).
    #[arg(long, value_name = "DATE")]
    holiday: Vec<String>,
    /// A deployment freeze, `FROM..TO` (inclusive local dates; repeatable).
    #[arg(long, value_name = "FROM..TO")]
    freeze: Vec<String>,
    /// Output format (human or json).
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Also write the calendar as an iCalendar file (`.ics`: one all-day event per
    /// date), written atomically.
    #[arg(long, value_name = "FILE")]
    ics: Option<PathBuf>,
    /// The offer's name, in the events' titles of `--ics`.
    #[arg(long, value_name = "NAME", default_value = "Connector")]
    offer: String,
}

fn instant(text: &str) -> Result<jiff::Timestamp> {
    if let Ok(t) = text.parse::<jiff::Timestamp>() {
        return Ok(t);
    }
    let local: jiff::civil::DateTime = text
        .parse()
        .with_context(|| format!("`{text}` is not a date and time such as 2026-03-05T10:00"))?;
    Ok(local.in_tz(calendar::TRAIN_ZONE)?.timestamp())
}

fn date(text: &str) -> Result<jiff::civil::Date> {
    text.trim()
        .parse()
        .with_context(|| format!("`{text}` is not a date such as 2026-12-24"))
}

/// The calendar of a Go live as `.ics`, through the core's timeline (the same events
/// the desktop app exports), written to a temporary file beside `path` and renamed.
fn write_ics(
    path: &std::path::Path,
    go_live: jiff::Timestamp,
    offer: &str,
    opts: &CalendarOptions,
) -> Result<usize> {
    let t = Tracker {
        events: vec![TrackerEvent {
            state: TrackerState::GoLive,
            at: go_live.to_string(),
            note: String::new(),
        }],
        ..Tracker::default()
    };
    let timeline = tracker::timeline(&t, go_live, opts)?;
    let text = tracker::ics(&timeline, offer);
    certpack_core::bundle::write_atomic(path, text.as_bytes())
        .with_context(|| format!("cannot write the calendar to `{}`", path.display()))?;
    Ok(text.matches("BEGIN:VEVENT").count())
}

pub fn calendar_cmd(args: CalendarArgs, quiet: bool) -> Result<ExitCode> {
    if args.format == Format::Sarif {
        bail!("calendar prints human or json output");
    }
    let go_live = instant(&args.go_live)?;
    let opts = CalendarOptions {
        train_time: args
            .train_time
            .parse()
            .with_context(|| format!("`{}` is not a time such as 09:00", args.train_time))?,
        blocked_friday: if args.next_working_day {
            BlockedFriday::NextWorkingDay
        } else {
            BlockedFriday::NextFriday
        },
        tail_days: args.tail_days,
        extra_holidays: args
            .holiday
            .iter()
            .map(|d| date(d))
            .collect::<Result<_>>()?,
        freezes: args
            .freeze
            .iter()
            .map(|f| {
                let (a, b) = f.split_once("..").with_context(|| {
                    format!("`{f}` is not a range such as 2026-12-18..2027-01-04")
                })?;
                Ok((date(a)?, date(b)?))
            })
            .collect::<Result<_>>()?,
        ..CalendarOptions::default()
    };
    let c = calendar::deployment(go_live, &opts)?;
    if let Some(path) = &args.ics {
        let events = write_ics(path, go_live, &args.offer, &opts)?;
        if quiet {
            return Ok(ExitCode::SUCCESS);
        }
        if args.format == Format::Human {
            writeln!(
                output::stderr(),
                "wrote {} ({events} events)",
                path.display()
            )?;
        }
    }
    if args.format == Format::Json {
        output::print_json(&json!({
            "goLive": go_live.to_string(),
            "earliestEligible": c.earliest.to_string(),
            "timeZone": calendar::TRAIN_ZONE,
            "trainStart": c.train_start.to_string(),
            "groups": c.groups.iter().enumerate().map(|(i, (name, day))| json!({
                "order": i + 1, "name": name, "date": day.to_string(),
            })).collect::<Vec<_>>(),
            "expectedComplete": c.expected_complete.to_string(),
            "overallWindow": { "from": c.window.0.to_string(), "to": c.window.1.to_string() },
        }))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = output::stdout();
    writeln!(
        out,
        "earliest start  {} (Go live + 24 h, Pacific time)",
        c.earliest.strftime("%a %Y-%m-%d %H:%M")
    )?;
    for (i, (name, day)) in c.groups.iter().enumerate() {
        writeln!(
            out,
            "group {}  {}  {name}",
            i + 1,
            day.strftime("%a %Y-%m-%d")
        )?;
    }
    writeln!(
        out,
        "expected done   {}",
        c.expected_complete.strftime("%a %Y-%m-%d")
    )?;
    writeln!(
        out,
        "Microsoft's 3–4 weeks: {} to {}",
        c.window.0, c.window.1
    )?;
    writeln!(
        out,
        "assumed: trains on Fridays at {} Pacific, on working days (no weekends, US federal holidays as \
         observed{})",
        opts.train_time.strftime("%H:%M"),
        if opts.freezes.is_empty() {
            ""
        } else {
            ", the freezes given"
        }
    )?;
    Ok(ExitCode::SUCCESS)
}
