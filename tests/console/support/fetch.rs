//! The scripted `window.fetch`: what the API answers, and what the console
//! sent.

use super::API_ORIGIN;

/// Replaces `window.fetch` with rules tried in order: the first whose
/// `contains` is part of the request URL (and whose `method`, if it has
/// one, is the request's) answers with `status`, `body` and `headers`
/// after `delay_ms` (`status` 0 rejects like a dropped connection); a rule
/// with `times` answers that many requests, then gives way to the next.
/// Requests are recorded in `window.__requests` as {method, url, key (the
/// Idempotency-Key header), request_id (X-Request-Id), body}; the
/// answers not yet given are counted (`in_flight`, `most_in_flight`).
pub fn script_fetch(rules: serde_json::Value) {
    let script = format!(
        r#"
        window.__requests = [];
        window.__in_flight = 0;
        window.__most_in_flight = 0;
        // A request an earlier test left in flight answers into its own count, not this one's.
        const generation = window.__fetch_generation = (window.__fetch_generation || 0) + 1;
        const counted = () => generation === window.__fetch_generation;
        const rules = {rules};
        window.fetch = async (request) => {{
            const body = request.method === 'GET' ? null : await request.clone().text();
            window.__requests.push({{method: request.method, url: request.url,
                key: request.headers.get('Idempotency-Key'),
                request_id: request.headers.get('X-Request-Id'), body}});
            const rule = rules.find((rule) => request.url.includes(rule.contains)
                && (rule.method === undefined || rule.method === request.method) && rule.times !== 0);
            if (!rule) throw new TypeError('no scripted answer for ' + request.method + ' ' + request.url);
            if (rule.times !== undefined) rule.times -= 1;
            if (counted()) {{
                window.__in_flight += 1;
                window.__most_in_flight = Math.max(window.__most_in_flight, window.__in_flight);
            }}
            await new Promise((resolve) => setTimeout(resolve, rule.delay_ms || 0));
            if (counted()) window.__in_flight -= 1;
            if (rule.status === 0) throw new TypeError('Failed to fetch');
            const headers = Object.assign({{'Content-Type': 'application/json'}}, rule.headers || {{}});
            return new Response(JSON.stringify(rule.body), {{status: rule.status, headers}});
        }};
        "#
    );
    js_sys::eval(&script).expect("installing the scripted fetch");
}

/// `rule` for one request only; later ones go to the rules after it.
pub fn once(mut rule: serde_json::Value) -> serde_json::Value {
    rule["times"] = serde_json::json!(1);
    rule
}

/// One request `script_fetch` answered.
#[derive(Debug, serde::Deserialize)]
pub struct RecordedRequest {
    pub method: String,
    pub url: String,
    /// The `Idempotency-Key` header.
    pub key: Option<String>,
    /// The `X-Request-Id` header.
    pub request_id: Option<String>,
    /// The body as sent (`None` for a GET).
    pub body: Option<String>,
}

impl RecordedRequest {
    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(self.body.as_deref().expect("a body")).unwrap()
    }
}

/// The requests since `script_fetch`, in order.
pub fn recorded_requests() -> Vec<RecordedRequest> {
    let value = js_sys::eval("JSON.stringify(window.__requests)").unwrap();
    serde_json::from_str(&value.as_string().unwrap()).unwrap()
}

/// The URLs requested since `script_fetch`.
pub fn requested_urls() -> Vec<String> {
    recorded_requests()
        .into_iter()
        .map(|request| request.url)
        .collect()
}

/// The requests since `script_fetch` that would change something (not GETs).
pub fn writes() -> Vec<RecordedRequest> {
    recorded_requests()
        .into_iter()
        .filter(|request| request.method != "GET")
        .collect()
}

/// How many GETs since `script_fetch` asked for `path` itself (whatever
/// the query; nothing below it).
pub fn loads_of(path: &str) -> usize {
    let url = format!("{API_ORIGIN}{path}");
    recorded_requests()
        .iter()
        .filter(|request| {
            request.method == "GET" && request.url.split('?').next() == Some(url.as_str())
        })
        .count()
}

/// Requests sent and not yet answered, now.
pub fn in_flight() -> u32 {
    js_sys::eval("window.__in_flight")
        .unwrap()
        .as_f64()
        .unwrap() as u32
}

/// The most requests that were in flight at once since `script_fetch`.
pub fn most_in_flight() -> u32 {
    js_sys::eval("window.__most_in_flight")
        .unwrap()
        .as_f64()
        .unwrap() as u32
}
