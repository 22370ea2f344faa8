//! The expected deployment calendar after Go live: the next Friday train, then the
//! six region groups on working days (no weekends, no US federal holidays as
//! observed, no freezes), computed in Pacific time so that daylight-saving changes
//! never move a date. The algorithm and its test vectors are those of the reference
//! (`after-submission.md` §9–10); every assumption is an option.

use jiff::civil::{Date, DateTime, Time, Weekday};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

use crate::{Error, Result};

/// The region groups of a deployment train, in order.
pub const GROUPS: [&str; 6] = [
    "Testing",
    "US preview",
    "Asia (except Japan, India)",
    "Europe (except UK)",
    "Brazil, Canada, Japan, India",
    "Australia, UK, United States",
];

/// The deployment freezes Microsoft announced in PR 3709 of PowerPlatformConnectors
/// (holiday season 2024, Lunar New Year 2025): history, and the shape of a freeze.
pub const PR_3709_FREEZES: [(&str, &str); 2] =
    [("2024-11-20", "2025-01-06"), ("2025-01-24", "2025-01-31")];

/// The time zone the trains run in.
pub const TRAIN_ZONE: &str = "America/Los_Angeles";

/// What happens when the train's Friday is not a working day (not documented).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BlockedFriday {
    /// The train waits for the next Friday that is a working day.
    #[default]
    NextFriday,
    /// The train starts on the next working day.
    NextWorkingDay,
}

/// The assumptions of the calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarOptions {
    /// Local train time on Friday (the reference says "Friday mornings": 09:00).
    pub train_time: Time,
    /// Hours between Go live and the first train it can catch (24).
    pub lead_hours: i64,
    /// See [`BlockedFriday`].
    pub blocked_friday: BlockedFriday,
    /// Working days added after the last group (0 by the documented rule).
    pub tail_days: u32,
    /// Days off besides the federal holidays.
    pub extra_holidays: Vec<Date>,
    /// Inclusive ranges of local dates on which no train runs.
    pub freezes: Vec<(Date, Date)>,
}

impl Default for CalendarOptions {
    fn default() -> Self {
        CalendarOptions {
            train_time: Time::constant(9, 0, 0, 0),
            lead_hours: 24,
            blocked_friday: BlockedFriday::NextFriday,
            tail_days: 0,
            extra_holidays: Vec::new(),
            freezes: Vec::new(),
        }
    }
}

/// The expected calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// The first moment a train may start (Go live plus the lead), Pacific time.
    pub earliest: DateTime,
    /// The day of group 1 (Testing).
    pub train_start: Date,
    /// Each group and its day, in order.
    pub groups: Vec<(&'static str, Date)>,
    /// The day the last group is expected done (plus the tail days).
    pub expected_complete: Date,
    /// The "3–4 weeks" overall window Microsoft states, from Go live.
    pub window: (Date, Date),
}

/// The US federal holidays of `year` as observed on a Monday–Friday week (a
/// Saturday's on the Friday before, a Sunday's on the Monday after; New Year's Day
/// of `year + 1` on a Saturday is observed on December 31 of `year`, and included).
pub fn federal_holidays(year: i16) -> Vec<Date> {
    let nth = |month: i8, n: i8, wd: Weekday| {
        Date::new(year, month, 1)
            .and_then(|d| d.nth_weekday_of_month(n, wd))
            .ok()
    };
    let fixed = |y: i16, month: i8, day: i8| {
        Date::new(y, month, day).ok().map(|d| match d.weekday() {
            Weekday::Saturday => d.yesterday().unwrap_or(d),
            Weekday::Sunday => d.tomorrow().unwrap_or(d),
            _ => d,
        })
    };
    let mut out: Vec<Date> = [
        fixed(year, 1, 1),
        nth(1, 3, Weekday::Monday),
        nth(2, 3, Weekday::Monday),
        nth(5, -1, Weekday::Monday),
        fixed(year, 6, 19),
        fixed(year, 7, 4),
        nth(9, 1, Weekday::Monday),
        nth(10, 2, Weekday::Monday),
        fixed(year, 11, 11),
        nth(11, 4, Weekday::Thursday),
        fixed(year, 12, 25),
        fixed(year + 1, 1, 1),
    ]
    .into_iter()
    .flatten()
    .filter(|d| d.year() == year)
    .collect();
    out.sort();
    out.dedup();
    out
}

struct Days<'a> {
    opts: &'a CalendarOptions,
}

impl Days<'_> {
    fn is_working_day(&self, d: Date) -> bool {
        !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday)
            && !(d.year() - 1..=d.year() + 1).any(|y| federal_holidays(y).contains(&d))
            && !self.opts.extra_holidays.contains(&d)
            && !self.opts.freezes.iter().any(|(a, b)| *a <= d && d <= *b)
    }

    /// The next working day after `d`; an error past a year of days off (a freeze
    /// that never ends).
    fn next_working_day(&self, d: Date) -> Result<Date> {
        let mut day = d;
        for _ in 0..366 {
            day = day.tomorrow().map_err(|e| Error::Input(e.to_string()))?;
            if self.is_working_day(day) {
                return Ok(day);
            }
        }
        Err(Error::Input(format!(
            "no working day in the year after {d}: check the freezes"
        )))
    }
}

/// Whether `d` is a working day under `opts`: not a Saturday or Sunday, not a US
/// federal holiday as observed, not one of the extra days off, not in a freeze.
pub fn is_working_day(d: Date, opts: &CalendarOptions) -> bool {
    Days { opts }.is_working_day(d)
}

/// The date `n` working days after `d` (`d` itself does not count, whether or not it
/// is a working day): Friday plus one is Monday.
pub fn working_days_after(d: Date, n: u32, opts: &CalendarOptions) -> Result<Date> {
    let days = Days { opts };
    let mut day = d;
    for _ in 0..n {
        day = days.next_working_day(day)?;
    }
    Ok(day)
}

/// `start` plus `n` working days at the same clock time in Pacific time (the sign-off
/// deadline of after-submission.md §7.3 is `add_working_days(start, 2, ..)`): the
/// days are counted on Pacific dates, so a daylight-saving change in between keeps
/// the clock time (09:00 PST on a Friday gives 09:00 PDT on the Tuesday after).
pub fn add_working_days(start: Timestamp, n: u32, opts: &CalendarOptions) -> Result<Timestamp> {
    let tz = TimeZone::get(TRAIN_ZONE).map_err(|e| Error::Input(e.to_string()))?;
    let local = start.to_zoned(tz.clone()).datetime();
    let day = working_days_after(local.date(), n, opts)?;
    day.to_datetime(local.time())
        .to_zoned(tz)
        .map(|z| z.timestamp())
        .map_err(|e| Error::Input(e.to_string()))
}

/// The expected deployment calendar for a Go live at `go_live`.
pub fn deployment(go_live: Timestamp, opts: &CalendarOptions) -> Result<Calendar> {
    let tz = TimeZone::get(TRAIN_ZONE).map_err(|e| Error::Input(e.to_string()))?;
    let bad = |e: jiff::Error| Error::Input(e.to_string());
    let earliest_at = go_live.checked_add(opts.lead_hours.hours()).map_err(bad)?;
    let earliest = earliest_at.to_zoned(tz.clone()).datetime();
    let days = Days { opts };
    let mut d = earliest.date();
    let start = 'found: {
        for _ in 0..400 {
            if d.weekday() == Weekday::Friday {
                // the train's instant, in the zone: a DST change cannot move it
                let train = d
                    .to_datetime(opts.train_time)
                    .to_zoned(tz.clone())
                    .map_err(bad)?
                    .timestamp();
                if train >= earliest_at {
                    if days.is_working_day(d) {
                        break 'found d;
                    }
                    if opts.blocked_friday == BlockedFriday::NextWorkingDay {
                        break 'found days.next_working_day(d)?;
                    }
                }
            }
            d = d.tomorrow().map_err(bad)?;
        }
        return Err(Error::Input(
            "no train day in the year after Go live: check the freezes".into(),
        ));
    };
    let mut groups = Vec::with_capacity(GROUPS.len());
    let mut day = start;
    for (k, name) in GROUPS.iter().enumerate() {
        if k > 0 {
            day = days.next_working_day(day)?;
        }
        groups.push((*name, day));
    }
    let mut done = day;
    for _ in 0..opts.tail_days {
        done = days.next_working_day(done)?;
    }
    let local = go_live.to_zoned(tz).date();
    let window = (
        local.checked_add(21.days()).map_err(bad)?,
        local.checked_add(28.days()).map_err(bad)?,
    );
    Ok(Calendar {
        earliest,
        train_start: start,
        groups,
        expected_complete: done,
        window,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    /// A Pacific local time as an instant.
    fn pt(s: &str) -> Timestamp {
        s.parse::<DateTime>()
            .unwrap()
            .to_zoned(TimeZone::get(TRAIN_ZONE).unwrap())
            .unwrap()
            .timestamp()
    }

    fn days_of(c: &Calendar) -> Vec<String> {
        c.groups.iter().map(|(_, d)| d.to_string()).collect()
    }

    #[test]
    fn observed_federal_holidays_match_the_reference() {
        let list = |y| {
            federal_holidays(y)
                .iter()
                .map(|d| d.strftime("%m-%d").to_string())
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(
            list(2025),
            "01-01 01-20 02-17 05-26 06-19 07-04 09-01 10-13 11-11 11-27 12-25"
        );
        assert_eq!(
            list(2026),
            "01-01 01-19 02-16 05-25 06-19 07-03 09-07 10-12 11-11 11-26 12-25"
        );
        assert_eq!(
            list(2027),
            "01-01 01-18 02-15 05-31 06-18 07-05 09-06 10-11 11-11 11-25 12-24 12-31"
        );
        assert_eq!(
            list(2028),
            "01-17 02-21 05-29 06-19 07-04 09-04 10-09 11-10 11-23 12-25"
        );
    }

    /// The test vectors of after-submission.md §10.4.
    #[test]
    fn trains_follow_the_reference_vectors() {
        let next_working = CalendarOptions {
            blocked_friday: BlockedFriday::NextWorkingDay,
            ..CalendarOptions::default()
        };
        let freezes = PR_3709_FREEZES
            .iter()
            .map(|(a, b)| (date(a), date(b)))
            .collect::<Vec<_>>();
        let frozen = CalendarOptions {
            freezes: freezes.clone(),
            ..CalendarOptions::default()
        };
        let frozen_next = CalendarOptions {
            freezes,
            ..next_working.clone()
        };
        let d = CalendarOptions::default();
        let cases: [(&str, &CalendarOptions, [&str; 6]); 9] = [
            (
                "2026-03-05T07:30",
                &d,
                [
                    "2026-03-06",
                    "2026-03-09",
                    "2026-03-10",
                    "2026-03-11",
                    "2026-03-12",
                    "2026-03-13",
                ],
            ),
            (
                "2026-03-05T10:00",
                &d,
                [
                    "2026-03-13",
                    "2026-03-16",
                    "2026-03-17",
                    "2026-03-18",
                    "2026-03-19",
                    "2026-03-20",
                ],
            ),
            (
                "2026-11-19T09:00",
                &d,
                [
                    "2026-11-20",
                    "2026-11-23",
                    "2026-11-24",
                    "2026-11-25",
                    "2026-11-27",
                    "2026-11-30",
                ],
            ),
            (
                "2026-06-16T10:00",
                &d,
                [
                    "2026-06-26",
                    "2026-06-29",
                    "2026-06-30",
                    "2026-07-01",
                    "2026-07-02",
                    "2026-07-06",
                ],
            ),
            (
                "2026-06-16T10:00",
                &next_working,
                [
                    "2026-06-22",
                    "2026-06-23",
                    "2026-06-24",
                    "2026-06-25",
                    "2026-06-26",
                    "2026-06-29",
                ],
            ),
            (
                "2027-12-23T15:00",
                &d,
                [
                    "2028-01-07",
                    "2028-01-10",
                    "2028-01-11",
                    "2028-01-12",
                    "2028-01-13",
                    "2028-01-14",
                ],
            ),
            (
                "2027-12-23T15:00",
                &next_working,
                [
                    "2028-01-03",
                    "2028-01-04",
                    "2028-01-05",
                    "2028-01-06",
                    "2028-01-07",
                    "2028-01-10",
                ],
            ),
            (
                "2024-11-14T12:00",
                &frozen,
                [
                    "2025-01-10",
                    "2025-01-13",
                    "2025-01-14",
                    "2025-01-15",
                    "2025-01-16",
                    "2025-01-17",
                ],
            ),
            (
                "2024-11-18T12:00",
                &frozen_next,
                [
                    "2025-01-07",
                    "2025-01-08",
                    "2025-01-09",
                    "2025-01-10",
                    "2025-01-13",
                    "2025-01-14",
                ],
            ),
        ];
        for (go_live, opts, want) in cases {
            let c = deployment(pt(go_live), opts).unwrap();
            assert_eq!(days_of(&c), want, "Go live {go_live} PT");
            assert_eq!(c.expected_complete.to_string(), want[5]);
        }
    }

    #[test]
    fn a_tail_and_the_overall_window() {
        let opts = CalendarOptions {
            tail_days: 1,
            ..CalendarOptions::default()
        };
        let c = deployment(pt("2026-03-05T07:30"), &opts).unwrap();
        assert_eq!(c.expected_complete, date("2026-03-16"));
        assert_eq!(c.window, (date("2026-03-26"), date("2026-04-02")));
        assert_eq!(c.groups[0].0, "Testing");
    }

    #[test]
    fn working_days_skip_weekends_holidays_and_keep_the_clock_time() {
        let d = CalendarOptions::default();
        // Fri + 2 = Tue, across the start of daylight-saving time (Sun 2026-03-08)
        assert_eq!(
            add_working_days(pt("2026-03-06T09:00"), 2, &d).unwrap(),
            pt("2026-03-10T09:00")
        );
        // Thu 2026-07-02 + 2: Fri 07-03 is Independence Day observed
        assert_eq!(
            add_working_days(pt("2026-07-02T16:45"), 2, &d).unwrap(),
            pt("2026-07-07T16:45")
        );
        // a Saturday start counts from the Monday
        assert_eq!(
            working_days_after(date("2026-03-07"), 2, &d).unwrap(),
            date("2026-03-10")
        );
        assert_eq!(
            working_days_after(date("2026-03-07"), 0, &d).unwrap(),
            date("2026-03-07")
        );
        assert!(!is_working_day(date("2026-11-26"), &d));
        assert!(is_working_day(date("2026-11-27"), &d));
        let extra = CalendarOptions {
            extra_holidays: vec![date("2026-11-27")],
            ..CalendarOptions::default()
        };
        assert!(!is_working_day(date("2026-11-27"), &extra));
    }

    #[test]
    fn a_freeze_that_never_ends_is_an_error_not_a_hang() {
        let opts = CalendarOptions {
            freezes: vec![(date("2026-01-01"), date("2030-12-31"))],
            ..CalendarOptions::default()
        };
        assert!(deployment(pt("2026-03-05T07:30"), &opts).is_err());
    }
}
