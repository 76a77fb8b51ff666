//! Turning API values into words: times, sizes, limits.

/// Milliseconds since the epoch of an RFC 3339 time, if it is one.
pub fn parse_time(rfc3339: &str) -> Option<f64> {
    let ms = js_sys::Date::parse(rfc3339);
    (!ms.is_nan()).then_some(ms)
}

/// "3 minutes ago", "in 2 hours", "just now", relative to `now_ms`; a
/// value that is not a time, as it is.
pub fn relative_time(rfc3339: &str, now_ms: f64) -> String {
    parse_time(rfc3339).map_or_else(|| rfc3339.to_owned(), |then| relative_to(then, now_ms))
}

/// `relative_time` of a parsed time (ms since the epoch).
pub fn relative_to(then: f64, now_ms: f64) -> String {
    let seconds = ((now_ms - then) / 1000.0).round();
    let past = seconds >= 0.0;
    let seconds = seconds.abs();
    if seconds < 45.0 {
        return "just now".to_owned();
    }
    let units = [
        (60.0 * 60.0 * 24.0 * 365.0, "year"),
        (60.0 * 60.0 * 24.0 * 30.0, "month"),
        (60.0 * 60.0 * 24.0, "day"),
        (3600.0, "hour"),
        (60.0, "minute"),
    ];
    let (size, unit) = units
        .into_iter()
        .find(|(size, _)| seconds >= *size * 0.9)
        .unwrap_or((60.0, "minute"));
    let count = (seconds / size).round().max(1.0) as u64;
    let plural = if count == 1 { "" } else { "s" };
    if past {
        format!("{count} {unit}{plural} ago")
    } else {
        format!("in {count} {unit}{plural}")
    }
}

/// The exact time in the user's zone, for tooltips and detail views:
/// "2026-11-07 06:31:56 UTC+01:00". Built from `Date`'s fields rather than
/// `Intl.DateTimeFormat`, whose first use costs 20–35 ms of ICU set-up,
/// most of what the first list render took (docs/benchmarks.md).
pub fn exact_time(rfc3339: &str) -> String {
    parse_time(rfc3339).map_or_else(|| rfc3339.to_owned(), exact_at)
}

/// `exact_time` of a parsed time (ms since the epoch).
pub fn exact_at(ms: f64) -> String {
    let date = js_sys::Date::new(&ms.into());
    // Minutes east of UTC: JavaScript counts them westwards.
    let offset = -(date.get_timezone_offset() as i32);
    let zone = match offset {
        0 => "UTC".to_owned(),
        _ => format!(
            "UTC{}{:02}:{:02}",
            if offset < 0 { '-' } else { '+' },
            offset.abs() / 60,
            offset.abs() % 60
        ),
    };
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02} {zone}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes(),
        date.get_seconds()
    )
}

/// Now, by the browser's clock.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Bytes in binary units: "1 GiB", "50 GiB", "1 TiB", "512 KiB".
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["bytes", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if value.fract() == 0.0 {
        format!("{value} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// A count limit, where `None` means there is none.
pub fn limit_text(limit: Option<u32>) -> String {
    limit.map_or_else(|| "unlimited".to_owned(), |n| n.to_string())
}

/// A metadata value as text: strings bare, anything else as compact JSON.
pub fn metadata_value_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}
