//! Expiry (contract v1.1): the tier defaults, the 90-day bound, and the
//! RFC 3339 arithmetic both sides need to apply them. The console and the
//! server take "now" from their own clocks and pass it in, so the rules
//! stay pure functions of their inputs.

use serde::{Deserialize, Deserializer};

use crate::Tier;

/// Milliseconds in a day.
pub const DAY_MS: i64 = 24 * 60 * 60 * 1000;
/// The furthest ahead a chosen `expires_at` may be.
pub const MAX_EXPIRY_DAYS: i64 = 90;

impl Tier {
    /// How long a new sandbox of this tier lives when its creator names no
    /// expiry: free 7 days, pro 30, enterprise forever (`None`).
    pub fn default_lifetime_days(self) -> Option<i64> {
        match self {
            Tier::Free => Some(7),
            Tier::Pro => Some(30),
            Tier::Enterprise => None,
        }
    }

    /// The `expires_at` a sandbox of this tier made at `created_ms` gets by
    /// default; `None` = never expires.
    pub fn default_expires_at(self, created_ms: i64) -> Option<String> {
        self.default_lifetime_days()
            .map(|days| format_timestamp_ms(created_ms + days * DAY_MS))
    }

    /// Whether a sandbox of this tier may never expire (`expires_at: null`).
    pub fn may_never_expire(self) -> bool {
        self.default_lifetime_days().is_none()
    }
}

/// The latest `expires_at` allowed at `now_ms`, in Unix milliseconds.
pub fn latest_expiry_ms(now_ms: i64) -> i64 {
    now_ms + MAX_EXPIRY_DAYS * DAY_MS
}

/// Whether a sandbox expiring at `expires_at` has expired at `now_ms`
/// (an unreadable timestamp never expires anything).
pub fn is_expired(expires_at: &str, now_ms: i64) -> bool {
    parse_timestamp_ms(expires_at).is_some_and(|at| at <= now_ms)
}

/// An RFC 3339 timestamp (`2026-12-08T10:00:00Z`, `…T10:00:00.5+02:00`)
/// as Unix milliseconds; `None` unless it is one.
pub fn parse_timestamp_ms(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = bytes.get(range)?;
        part.iter().all(u8::is_ascii_digit).then(|| {
            part.iter()
                .fold(0i64, |n, digit| n * 10 + i64::from(digit - b'0'))
        })
    };
    let separators_at = |at: &[(usize, u8)]| at.iter().all(|&(i, c)| bytes.get(i) == Some(&c));
    if !separators_at(&[(4, b'-'), (7, b'-'), (13, b':'), (16, b':')])
        || !matches!(bytes.get(10), Some(b'T' | b't' | b' '))
    {
        return None;
    }
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let (hour, minute, second) = (digits(11..13)?, digits(14..16)?, digits(17..19)?);
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut rest = &text[19..];
    let mut millis = 0;
    if let Some(fraction) = rest.strip_prefix('.') {
        let len = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if len == 0 {
            return None;
        }
        let padded = format!("{:0<3}", &fraction[..len.min(3)]);
        millis = padded.parse::<i64>().ok()?;
        rest = &fraction[len..];
    }
    let offset_minutes = match rest.as_bytes() {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let number = |a: u8, b: u8| {
                (a.is_ascii_digit() && b.is_ascii_digit())
                    .then(|| i64::from(a - b'0') * 10 + i64::from(b - b'0'))
            };
            let (hours, minutes) = (number(*h1, *h2)?, number(*m1, *m2)?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            let total = hours * 60 + minutes;
            if *sign == b'-' {
                -total
            } else {
                total
            }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - offset_minutes * 60;
    Some(seconds * 1000 + millis)
}

/// Unix milliseconds as the contract writes timestamps: RFC 3339, UTC,
/// whole seconds (the milliseconds are dropped).
pub fn format_timestamp_ms(ms: i64) -> String {
    let seconds = ms.div_euclid(1000);
    let (days, of_day) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        of_day / 3_600,
        of_day % 3_600 / 60,
        of_day % 60
    )
}

fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// serde for a field where absent and `null` mean different things (with
/// `#[serde(default)]`): absent → `None`, `null` → `Some(None)`, a value →
/// `Some(Some(value))`.
pub(crate) fn absent_or_nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_round_trip_through_unix_milliseconds() {
        let ms = parse_timestamp_ms("2026-11-07T05:31:56Z").unwrap();
        assert_eq!(ms, 1_794_029_516_000);
        assert_eq!(format_timestamp_ms(ms), "2026-11-07T05:31:56Z");
        assert_eq!(format_timestamp_ms(ms + 999), "2026-11-07T05:31:56Z");
        assert_eq!(format_timestamp_ms(0), "1970-01-01T00:00:00Z");
        assert_eq!(
            parse_timestamp_ms("2026-11-07T07:31:56.25+02:00"),
            Some(ms + 250)
        );
        assert_eq!(
            parse_timestamp_ms("2026-11-07t00:31:56-05:00"),
            Some(ms),
            "lower-case t, negative offset"
        );
        for day in 0..800 {
            let at = ms + day * DAY_MS + 1000;
            assert_eq!(parse_timestamp_ms(&format_timestamp_ms(at)), Some(at));
        }
        assert_eq!(
            parse_timestamp_ms("2028-02-29T00:00:00Z").map(format_timestamp_ms),
            Some("2028-02-29T00:00:00Z".to_owned())
        );
    }

    #[test]
    fn what_is_not_rfc_3339_does_not_parse() {
        for bad in [
            "",
            "tomorrow",
            "2026-11-07",
            "2026-11-07T05:31:56",
            "2026-13-07T05:31:56Z",
            "2027-02-29T00:00:00Z",
            "2026-11-07T24:00:00Z",
            "2026-11-07T05:31:56.Z",
            "2026-11-07T05:31:56+2:00",
            "2026-11-07T05:31:56Zjunk",
            "２026-11-07T05:31:56Z",
        ] {
            assert_eq!(parse_timestamp_ms(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn tiers_default_to_the_contracts_lifetimes() {
        let created = parse_timestamp_ms("2026-12-01T10:00:00Z").unwrap();
        assert_eq!(
            Tier::Free.default_expires_at(created).as_deref(),
            Some("2026-12-08T10:00:00Z")
        );
        assert_eq!(
            Tier::Pro.default_expires_at(created).as_deref(),
            Some("2026-12-31T10:00:00Z")
        );
        assert_eq!(Tier::Enterprise.default_expires_at(created), None);
        assert!(Tier::Enterprise.may_never_expire() && !Tier::Pro.may_never_expire());
        assert!(is_expired("2026-12-01T10:00:00Z", created));
        assert!(!is_expired("2026-12-01T10:00:01Z", created));
    }
}
