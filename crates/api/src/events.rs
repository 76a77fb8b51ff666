//! Activity (contract v1.1): the Event object and the query of
//! `GET /api/v1/events` and `GET /api/v1/storage/sandboxes/{id}/events`.

use serde::{Deserialize, Serialize};

use crate::query::{limit, offset, query_string, DEFAULT_LIMIT};
use crate::validate::Errors;
use crate::{EventAction, JsonObject, PrincipalRole, ValidationError, SANDBOXES_PATH};

/// Every event the caller may see.
pub const EVENTS_PATH: &str = "/api/v1/events";

/// The events of one sandbox (also after it was deleted).
pub fn sandbox_events_path(sandbox_id: &str) -> String {
    format!("{SANDBOXES_PATH}/{sandbox_id}/events")
}

/// Who made a change; `None` in [`Event::actor`] when the server did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventActor {
    pub principal_id: String,
    pub email: String,
    pub role: PrincipalRole,
}

/// One recorded change; append-only, kept after its sandbox is deleted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    pub event_id: String,
    /// Always `"event"`.
    pub object: String,
    pub occurred_at: String,
    /// The tenant account of the sandbox.
    pub user_id: String,
    pub sandbox_id: String,
    /// The sandbox's name when the event happened.
    pub sandbox_name: String,
    /// Whether the sandbox has been deleted since (not in the contract:
    /// lets a client name a deleted sandbox instead of linking to a 404).
    #[serde(default)]
    pub sandbox_deleted: bool,
    /// `None` for what the server did by itself.
    pub actor: Option<EventActor>,
    pub action: EventAction,
    /// One sentence for people.
    pub summary: String,
    /// Each changed thing as `[before, after]` (`null` for "none"); for
    /// `members.*` the keys are the emails and the values roles.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub changes: JsonObject,
    /// `X-Request-Id` of the request that caused it; `None` for the server's own.
    pub request_id: Option<String>,
}

/// Query of the event lists. Newest first; [`DEFAULT_LIMIT`] per page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventListQuery {
    pub sandbox_id: Option<String>,
    /// Tenant account filter; support users only.
    pub user_id: Option<String>,
    /// The actor's email, exactly.
    pub actor: Option<String>,
    /// Any of these actions (`action` repeated); empty for all.
    pub actions: Vec<EventAction>,
    /// RFC 3339; events at or after it.
    pub since: Option<String>,
    /// RFC 3339; events at or before it.
    pub until: Option<String>,
    /// Case-insensitive substring of the sandbox name or the summary.
    pub q: Option<String>,
    pub limit: u32,
    pub offset: u64,
}

impl Default for EventListQuery {
    fn default() -> Self {
        EventListQuery {
            sandbox_id: None,
            user_id: None,
            actor: None,
            actions: Vec::new(),
            since: None,
            until: None,
            q: None,
            limit: DEFAULT_LIMIT,
            offset: 0,
        }
    }
}

impl EventListQuery {
    /// Parses decoded query pairs like [`crate::SandboxListQuery::from_pairs`]:
    /// unknown names ignored, empty values not given, every bad value
    /// reported at `["query", name]`.
    pub fn from_pairs(pairs: &[(String, String)]) -> Result<Self, Vec<ValidationError>> {
        let mut query = EventListQuery::default();
        let mut errors = Errors::default();
        for (name, value) in pairs.iter().filter(|(_, value)| !value.is_empty()) {
            let loc = || vec!["query".into(), name.as_str().into()];
            match name.as_str() {
                "sandbox_id" => query.sandbox_id = Some(value.clone()),
                "user_id" => query.user_id = Some(value.clone()),
                "actor" => query.actor = Some(value.clone()),
                "q" => query.q = Some(value.clone()),
                "action" => match value.parse() {
                    Ok(action) if query.actions.contains(&action) => {}
                    Ok(action) => query.actions.push(action),
                    Err(msg) => errors.push(loc(), "enum", msg),
                },
                "since" | "until" => match timestamp_ms(value) {
                    Some(_) if name == "since" => query.since = Some(value.clone()),
                    Some(_) => query.until = Some(value.clone()),
                    None => errors.push(
                        loc(),
                        "datetime_parsing",
                        "Input should be a valid RFC 3339 datetime, like 2026-11-07T05:31:56Z",
                    ),
                },
                "limit" => query.limit = limit(value, loc(), &mut errors).unwrap_or(query.limit),
                "offset" => {
                    query.offset = offset(value, loc(), &mut errors).unwrap_or(query.offset)
                }
                _ => {}
            }
        }
        if let (Some(since), Some(until)) = (query.since_ms(), query.until_ms()) {
            if until < since {
                errors.push(
                    vec!["query".into(), "until".into()],
                    "value_error",
                    "Value error, until must not be before since",
                );
            }
        }
        errors.into_result(query)
    }

    /// `since` in Unix milliseconds.
    pub fn since_ms(&self) -> Option<i64> {
        self.since.as_deref().and_then(timestamp_ms)
    }

    /// `until` in Unix milliseconds.
    pub fn until_ms(&self) -> Option<i64> {
        self.until.as_deref().and_then(timestamp_ms)
    }

    /// The query string (without `?`), naming only what differs from the defaults.
    pub fn to_query_string(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        let text_filters = [
            ("sandbox_id", &self.sandbox_id),
            ("user_id", &self.user_id),
            ("actor", &self.actor),
        ];
        for (name, value) in text_filters {
            if let Some(value) = value {
                pairs.push((name, value.clone()));
            }
        }
        for action in &self.actions {
            pairs.push(("action", action.as_str().to_owned()));
        }
        for (name, value) in [
            ("since", &self.since),
            ("until", &self.until),
            ("q", &self.q),
        ] {
            if let Some(value) = value {
                pairs.push((name, value.clone()));
            }
        }
        if self.limit != DEFAULT_LIMIT {
            pairs.push(("limit", self.limit.to_string()));
        }
        if self.offset != 0 {
            pairs.push(("offset", self.offset.to_string()));
        }
        query_string(&pairs)
    }
}

/// An RFC 3339 date-time (`2026-11-07T05:31:56Z`, `…56.25+01:00`; `T`/`t`
/// or a space between date and time) as Unix milliseconds, or `None` if it
/// is not one. Hand-written so the console needs no date library.
pub fn timestamp_ms(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    let digits = |from: usize, len: usize| -> Option<i64> {
        let part = bytes.get(from..from + len)?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0')))
    };
    let separators_ok = bytes.get(4) == Some(&b'-')
        && bytes.get(7) == Some(&b'-')
        && matches!(bytes.get(10), Some(b'T' | b't' | b' '))
        && bytes.get(13) == Some(&b':')
        && bytes.get(16) == Some(&b':');
    if !separators_ok {
        return None;
    }
    let (year, month, day) = (digits(0, 4)?, digits(5, 2)?, digits(8, 2)?);
    let (hour, minute, second) = (digits(11, 2)?, digits(14, 2)?, digits(17, 2)?);
    let mut at = 19;
    let mut millis = 0;
    if bytes.get(at) == Some(&b'.') {
        let fraction_len = bytes[at + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if fraction_len == 0 {
            return None;
        }
        // Milliseconds: the first three digits, padded.
        let kept = fraction_len.min(3);
        millis = digits(at + 1, kept)? * 10_i64.pow(3 - kept as u32);
        at += 1 + fraction_len;
    }
    let offset_minutes = match bytes.get(at..)? {
        b"Z" | b"z" => 0,
        [sign @ (b'+' | b'-'), ..] if bytes.len() == at + 6 && bytes[at + 3] == b':' => {
            let (hours, minutes) = (digits(at + 1, 2)?, digits(at + 4, 2)?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            let minutes = hours * 60 + minutes;
            if *sign == b'+' {
                minutes
            } else {
                -minutes
            }
        }
        _ => return None,
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let valid = (1..=12).contains(&month)
        && (1..=month_days[month as usize - 1]).contains(&day)
        && hour <= 23
        && minute <= 59
        && second <= 60;
    if !valid {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    Some(seconds * 1000 + millis)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn timestamps_parse_as_rfc_3339() {
        assert_eq!(timestamp_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            timestamp_ms("2026-11-07T05:31:56Z"),
            Some(1_794_029_516_000)
        );
        assert_eq!(
            timestamp_ms("2026-11-07T06:31:56.123456+01:00"),
            Some(1_794_029_516_123)
        );
        assert_eq!(
            timestamp_ms("2024-02-29t23:59:59.5z"),
            Some(1_709_251_199_500)
        );
        for bad in [
            "2026-11-07",
            "2026-11-07T05:31:56",
            "2026-13-01T00:00:00Z",
            "2025-02-29T00:00:00Z",
            "2026-11-07T24:00:00Z",
            "2026-11-07T05:31:56.Z",
            "2026-11-07T05:31:56+0100",
            "yesterday",
        ] {
            assert_eq!(timestamp_ms(bad), None, "{bad}");
        }
    }

    #[test]
    fn parses_every_parameter_and_writes_it_back() {
        let query = EventListQuery::from_pairs(&pairs(&[
            ("sandbox_id", "sbx_1"),
            ("actor", "ada@acme.test"),
            ("action", "members.added"),
            ("action", "app.pushed"),
            ("action", "members.added"),
            ("since", "2026-11-01T00:00:00Z"),
            ("until", "2026-11-07T00:00:00Z"),
            ("q", "eu & more"),
            ("limit", "10"),
            ("offset", "20"),
        ]))
        .unwrap();
        assert_eq!(
            query.actions,
            [EventAction::MembersAdded, EventAction::AppPushed]
        );
        assert_eq!(
            query.to_query_string(),
            "sandbox_id=sbx_1&actor=ada%40acme.test&action=members.added&action=app.pushed\
             &since=2026-11-01T00%3A00%3A00Z&until=2026-11-07T00%3A00%3A00Z&q=eu%20%26%20more\
             &limit=10&offset=20"
        );
        assert_eq!(
            EventListQuery::from_pairs(&pairs(&[("q", "")])).unwrap(),
            EventListQuery::default()
        );
    }

    #[test]
    fn reports_every_bad_parameter_at_its_name() {
        let errors = EventListQuery::from_pairs(&pairs(&[
            ("action", "sandbox.exploded"),
            ("since", "last week"),
            ("limit", "201"),
            ("offset", "x"),
        ]))
        .unwrap_err();
        let locs: Vec<String> = errors.iter().map(|e| e.field_path()).collect();
        assert_eq!(locs, ["action", "since", "limit", "offset"]);
        let backwards = EventListQuery::from_pairs(&pairs(&[
            ("since", "2026-11-07T00:00:00Z"),
            ("until", "2026-11-01T00:00:00Z"),
        ]))
        .unwrap_err();
        assert_eq!(backwards[0].field_path(), "until");
    }
}
