//! The only source of time in vipmp-sandbox.
//!
//! Business code asks a [`Clock`] for `now()`; nothing else reads the system clock (clippy's
//! `disallowed-methods` enforces it outside this file). [`VirtualClock`] adds an offset and can be
//! frozen, which is the seam the time-control feature builds on.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Months, NaiveDate, SubsecRound, Utc};

use crate::dates::{MAX_DATE, MIN_DATE, format_datetime, start_of};

/// Longest single clock move, in months (10 years).
pub const MAX_MOVE_MONTHS: u32 = 120;

/// The earliest instant a virtual clock reads: 2000-01-01T00:00:00Z.
pub fn min_instant() -> DateTime<Utc> {
    start_of(MIN_DATE)
}

/// The latest instant a virtual clock reads: 2199-12-31T23:59:59Z.
pub fn max_instant() -> DateTime<Utc> {
    start_of(MAX_DATE) + Duration::seconds(86_399)
}

/// `at` brought into [`min_instant`]..=[`max_instant`].
pub fn clamp(at: DateTime<Utc>) -> DateTime<Utc> {
    at.clamp(min_instant(), max_instant())
}

/// The text of the range, for error details.
pub fn range_text() -> String {
    format!("between {} and {}", format_datetime(min_instant()), format_datetime(max_instant()))
}

/// Whether a clock reading `from` may move to `to`: `to` within the range, and at most 10 years
/// ([`MAX_MOVE_MONTHS`]) away in either direction. A clock stored outside the range (an old
/// database) may move to any instant within it. The error names the limit.
pub fn check_move(stored: &ClockState, wall: DateTime<Utc>, to: DateTime<Utc>) -> Result<(), String> {
    if to < min_instant() || to > max_instant() {
        return Err(format!("the clock stays {}; {} is outside", range_text(), format_datetime(to)));
    }
    let Some(raw) = stored.raw_now(wall) else { return Ok(()) };
    if raw != clamp(raw) {
        return Ok(());
    }
    let months = Months::new(MAX_MOVE_MONTHS);
    let ahead = raw.checked_add_months(months).is_none_or(|limit| to <= limit);
    let behind = raw.checked_sub_months(months).is_none_or(|limit| to >= limit);
    if ahead && behind {
        Ok(())
    } else {
        Err(format!(
            "a clock move is at most 10 years (P10Y); from {} to {} is more",
            format_datetime(raw),
            format_datetime(to)
        ))
    }
}

/// `wall` plus `seconds`, or `None` past chrono's range.
pub fn offset_from(wall: DateTime<Utc>, seconds: i64) -> Option<DateTime<Utc>> {
    wall.checked_add_signed(Duration::try_seconds(seconds)?)
}

/// A source of the current instant.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// The current instant, truncated to whole seconds (the wire precision).
    fn now(&self) -> DateTime<Utc>;

    /// Today's UTC date.
    fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }
}

/// A shared clock.
pub type ClockRef = Arc<dyn Clock>;

/// The wall clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        #[expect(clippy::disallowed_methods, reason = "the clock module is the one place that reads the system clock")]
        let now = Utc::now();
        now.trunc_subsecs(0)
    }
}

#[derive(Debug, Default, Clone, Copy)]
struct VirtualState {
    offset_seconds: i64,
    frozen_at: Option<DateTime<Utc>>,
}

/// The wall clock plus an offset, optionally frozen at an instant.
#[derive(Debug, Default)]
pub struct VirtualClock {
    state: Mutex<VirtualState>,
}

impl VirtualClock {
    /// A virtual clock that starts equal to the wall clock.
    pub fn new() -> Self {
        Self::default()
    }

    fn state(&self) -> std::sync::MutexGuard<'_, VirtualState> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Moves time forward (or backward, with a negative duration).
    pub fn advance(&self, by: Duration) {
        let mut state = self.state();
        match state.frozen_at.as_mut() {
            Some(frozen) => *frozen += by,
            None => state.offset_seconds = state.offset_seconds.saturating_add(by.num_seconds()),
        }
    }

    /// Freezes time at `at`, or unfreezes it (keeping the current offset) with `None`.
    pub fn freeze(&self, at: Option<DateTime<Utc>>) {
        let now = self.now();
        let mut state = self.state();
        match at {
            Some(at) => state.frozen_at = Some(at.trunc_subsecs(0)),
            None => {
                state.offset_seconds = (now - SystemClock.now()).num_seconds();
                state.frozen_at = None;
            }
        }
    }

    /// The current offset from the wall clock, in seconds.
    pub fn offset_seconds(&self) -> i64 {
        (self.now() - SystemClock.now()).num_seconds()
    }

    /// The instant time is frozen at, if it is.
    pub fn frozen_at(&self) -> Option<DateTime<Utc>> {
        self.state().frozen_at
    }
}

impl Clock for VirtualClock {
    fn now(&self) -> DateTime<Utc> {
        let state = *self.state();
        match state.frozen_at {
            Some(at) => at,
            None => {
                let wall = SystemClock.now();
                offset_from(wall, state.offset_seconds).unwrap_or(wall)
            }
        }
    }
}

/// A distributor's persisted virtual clock (the `clocks` table): an offset from the wall clock,
/// or an instant time is frozen at. The default is the wall clock itself. Its reading is always
/// within [`min_instant`]..=[`max_instant`]: a stored clock outside (written before the range
/// existed, or by hand) reads as the nearest end, so that it cannot break its distributor.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClockState {
    /// Seconds added to the wall clock while running.
    pub offset_seconds: i64,
    /// The instant time stands still at, if frozen.
    pub frozen_at: Option<DateTime<Utc>>,
}

impl ClockState {
    /// The virtual instant when the wall clock reads `wall`, clamped to the range.
    pub fn now(&self, wall: DateTime<Utc>) -> DateTime<Utc> {
        match self.raw_now(wall) {
            Some(at) => clamp(at),
            None if self.offset_seconds < 0 => min_instant(),
            None => max_instant(),
        }
    }

    /// The stored reading, unclamped (`None` past chrono's range).
    fn raw_now(&self, wall: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self.frozen_at {
            Some(at) => Some(at),
            None => offset_from(wall.trunc_subsecs(0), self.offset_seconds),
        }
    }

    /// Whether the stored clock reads outside the range (and [`ClockState::now`] clamps it).
    pub fn out_of_range(&self, wall: DateTime<Utc>) -> bool {
        self.raw_now(wall).is_none_or(|at| at != clamp(at))
    }

    /// The same clock (frozen or running) moved so that it reads `target` when the wall clock
    /// reads `wall`.
    pub fn moved_to(&self, target: DateTime<Utc>, wall: DateTime<Utc>) -> Self {
        match self.frozen_at {
            Some(_) => Self { offset_seconds: self.offset_seconds, frozen_at: Some(target.trunc_subsecs(0)) },
            None => Self { offset_seconds: (target - wall.trunc_subsecs(0)).num_seconds(), frozen_at: None },
        }
    }

    /// Frozen at its current reading (`true`), or running on from it (`false`).
    pub fn frozen(&self, freeze: bool, wall: DateTime<Utc>) -> Self {
        let now = self.now(wall);
        if freeze {
            Self { offset_seconds: self.offset_seconds, frozen_at: Some(now) }
        } else {
            Self { offset_seconds: (now - wall.trunc_subsecs(0)).num_seconds(), frozen_at: None }
        }
    }

    /// The distance of the (clamped) reading from the wall clock, in seconds.
    pub fn offset_at(&self, wall: DateTime<Utc>) -> i64 {
        (self.now(wall) - wall.trunc_subsecs(0)).num_seconds()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_a_frozen_clock_moves_the_frozen_instant() {
        let clock = VirtualClock::new();
        let at = DateTime::parse_from_rfc3339("2026-01-31T00:00:00Z").map(|d| d.to_utc()).ok();
        clock.freeze(at);
        clock.advance(Duration::days(1));
        assert_eq!(clock.now().to_rfc3339(), "2026-02-01T00:00:00+00:00");
    }

    #[test]
    fn clock_states_move_frozen_and_running() {
        let wall = DateTime::parse_from_rfc3339("2026-01-01T12:00:00Z").map(|d| d.to_utc()).expect("wall");
        let running = ClockState { offset_seconds: 60, frozen_at: None };
        assert_eq!(running.now(wall), wall + Duration::seconds(60));
        let moved = running.moved_to(wall + Duration::days(1), wall);
        assert_eq!((moved.offset_seconds, moved.frozen_at), (86_400, None));
        let frozen = running.frozen(true, wall);
        assert_eq!(frozen.now(wall + Duration::hours(5)), wall + Duration::seconds(60));
        let thawed = frozen.frozen(false, wall + Duration::hours(1));
        assert_eq!(thawed.now(wall + Duration::hours(1)), wall + Duration::seconds(60));
        assert_eq!(thawed.offset_at(wall), 60 - 3600);
    }

    #[test]
    fn readings_are_clamped_and_moves_bounded() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).map(|d| d.to_utc()).expect("instant");
        let wall = at("2026-01-31T00:00:00Z");
        let huge = ClockState { offset_seconds: i64::MAX, frozen_at: None };
        assert_eq!(huge.now(wall), max_instant());
        assert!(huge.out_of_range(wall));
        assert_eq!(ClockState { offset_seconds: i64::MIN, frozen_at: None }.now(wall), min_instant());
        let year_9999 = ClockState { offset_seconds: 0, frozen_at: Some(at("9999-12-31T00:00:00Z")) };
        assert_eq!(year_9999.now(wall), max_instant());
        assert_eq!(check_move(&year_9999, wall, at("2026-01-01T00:00:00Z")), Ok(()));
        let here = ClockState::default();
        assert_eq!(check_move(&here, wall, at("2036-01-31T00:00:00Z")), Ok(()));
        assert_eq!(check_move(&here, wall, at("2016-01-31T00:00:00Z")), Ok(()));
        assert!(check_move(&here, wall, at("2036-01-31T00:00:01Z")).is_err_and(|e| e.contains("10 years")));
        assert!(check_move(&here, wall, at("2016-01-30T23:59:59Z")).is_err_and(|e| e.contains("10 years")));
        assert!(check_move(&year_9999, wall, at("2200-01-01T00:00:00Z")).is_err_and(|e| e.contains("2199-12-31")));
        assert_eq!(offset_from(wall, i64::MAX), None);
    }

    #[test]
    fn advancing_a_running_clock_adds_an_offset() {
        let clock = VirtualClock::new();
        clock.advance(Duration::seconds(121));
        let offset = clock.offset_seconds();
        assert!((120..=122).contains(&offset), "offset {offset}");
    }
}
