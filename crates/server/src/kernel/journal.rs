//! What the journal records of a request and its response: headers with the secrets redacted
//! (`Authorization`, `X-Api-Key`, `Cookie`), bodies up to [`body_limit`] as text with any
//! `client_secret` (JSON member or form field) and `access_token` redacted, and the query string
//! with `client_secret` redacted. The secret values found in the request are then scrubbed from
//! everything recorded (a list's `links` echo the query string, for instance).

use axum::http::HeaderMap;
use serde_json::Value;
use vipmp_core::control::JournalMessage;

/// Longest body kept, in bytes.
pub const BODY_LIMIT: usize = 64 * 1024;

/// Longest body kept under these settings: [`BODY_LIMIT`], or less so that a full journal's
/// bodies (two per entry) fit in `journal_max_bytes`.
pub fn body_limit(settings: &vipmp_core::settings::Settings) -> usize {
    let share = settings.journal_max_bytes.max(0) / (2 * settings.journal_size.max(1));
    usize::try_from(share).unwrap_or(usize::MAX).min(BODY_LIMIT)
}
/// What a redacted value becomes.
pub const REDACTED: &str = "[REDACTED]";

const SECRET_HEADERS: [&str; 3] = ["authorization", "x-api-key", "cookie"];
const SECRET_FIELDS: [&str; 2] = ["client_secret", "access_token"];

/// Headers in order, lower-case names, secrets redacted.
pub fn headers(map: &HeaderMap) -> Vec<(String, String)> {
    map.iter()
        .map(|(name, value)| {
            let name = name.as_str().to_ascii_lowercase();
            let value = if SECRET_HEADERS.contains(&name.as_str()) {
                REDACTED.to_string()
            } else {
                String::from_utf8_lossy(value.as_bytes()).into_owned()
            };
            (name, value)
        })
        .collect()
}

/// A query string (or form body) with secret fields redacted; unchanged when there are none.
pub fn redact_form(raw: &str) -> String {
    let secret = |k: &str| SECRET_FIELDS.contains(&k);
    if !form_urlencoded::parse(raw.as_bytes()).any(|(k, _)| secret(&k)) {
        return raw.to_string();
    }
    raw.split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, _)) if form_urlencoded::parse(k.as_bytes()).next().is_some_and(|(k, _)| secret(&k)) => {
                format!("{k}={REDACTED}")
            }
            _ => pair.to_string(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn redact_json(value: &mut Value) -> bool {
    match value {
        Value::Object(map) => {
            let mut changed = false;
            for (k, v) in map.iter_mut() {
                if SECRET_FIELDS.contains(&k.as_str()) {
                    *v = Value::String(REDACTED.into());
                    changed = true;
                } else {
                    changed |= redact_json(v);
                }
            }
            changed
        }
        Value::Array(items) => items.iter_mut().fold(false, |acc, v| redact_json(v) | acc),
        _ => false,
    }
}

/// A body as text: secrets redacted (JSON is re-serialised only when it had one), cut at
/// `limit` bytes on a character boundary.
pub fn body(bytes: &[u8], limit: usize) -> (String, bool) {
    let text = String::from_utf8_lossy(bytes);
    let mut text = if !mentions_secret(&text) {
        text.into_owned()
    } else if let Ok(mut value) = serde_json::from_slice::<Value>(bytes) {
        if redact_json(&mut value) { value.to_string() } else { text.into_owned() }
    } else {
        redact_form(&text)
    };
    let truncated = text.len() > limit;
    if truncated {
        let mut cut = limit;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
    }
    (text, truncated)
}

/// Whether a text names a secret field at all (most bodies do not, and are not parsed).
fn mentions_secret(text: &str) -> bool {
    SECRET_FIELDS.iter().any(|f| text.contains(f))
}

/// The secret values of a request, scrubbed from everything the journal keeps of it.
#[derive(Debug, Clone, Default)]
pub struct Secrets(Vec<String>);

impl Secrets {
    /// The secrets of a request: its `Authorization` (and bearer token), `X-Api-Key` and
    /// `Cookie` values, and any `client_secret`/`access_token` of its query or body.
    pub fn of_request(map: &HeaderMap, query: &str, bytes: &[u8]) -> Self {
        let mut found: Vec<String> = Vec::new();
        for name in SECRET_HEADERS {
            for value in map.get_all(name).iter().filter_map(|v| v.to_str().ok()) {
                found.push(value.to_string());
                if let Some((_, token)) = value.split_once(' ') {
                    found.push(token.trim().to_string());
                }
            }
        }
        let text = String::from_utf8_lossy(bytes);
        let body = if mentions_secret(&text) { text.as_ref() } else { "" };
        for source in [query, body].into_iter().filter(|s| mentions_secret(s)) {
            found.extend(
                form_urlencoded::parse(source.as_bytes())
                    .filter(|(k, _)| SECRET_FIELDS.contains(&k.as_ref()))
                    .map(|(_, v)| v.into_owned()),
            );
        }
        if !body.is_empty()
            && let Ok(value) = serde_json::from_slice::<Value>(bytes)
        {
            collect_json(&value, &mut found);
        }
        found.retain(|s| s.len() >= 4);
        found.sort_by_key(|s| std::cmp::Reverse(s.len()));
        found.dedup();
        Self(found)
    }

    /// `text` with every secret replaced by [`REDACTED`].
    pub fn scrub(&self, text: &str) -> String {
        self.0.iter().fold(text.to_string(), |acc, secret| acc.replace(secret.as_str(), REDACTED))
    }
}

fn collect_json(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                match v {
                    Value::String(s) if SECRET_FIELDS.contains(&k.as_str()) => out.push(s.clone()),
                    other => collect_json(other, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_json(v, out)),
        _ => {}
    }
}

/// One side of an exchange, with the request's secrets scrubbed and the body cut at `limit`.
pub fn message(map: &HeaderMap, bytes: &[u8], secrets: &Secrets, limit: usize) -> JournalMessage {
    let (body, truncated) = body(bytes, limit);
    let headers = headers(map).into_iter().map(|(k, v)| (k, secrets.scrub(&v))).collect();
    JournalMessage { headers, body: secrets.scrub(&body), truncated }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_redacted() {
        let mut map = HeaderMap::new();
        map.insert("authorization", "Bearer abc".parse().expect("value"));
        map.insert("x-api-key", "key".parse().expect("value"));
        map.insert("x-correlation-id", "c-1".parse().expect("value"));
        let h = headers(&map);
        assert!(h.contains(&("authorization".into(), REDACTED.into())));
        assert!(h.contains(&("x-api-key".into(), REDACTED.into())));
        assert!(h.contains(&("x-correlation-id".into(), "c-1".into())));
        assert_eq!(redact_form("a=1&client_secret=s3&b=2"), format!("a=1&client_secret={REDACTED}&b=2"));
        assert_eq!(redact_form("a=1"), "a=1");
        let (b, _) = body(br#"{"x": {"client_secret": "s3"}, "y": [1]}"#, BODY_LIMIT);
        assert!(!b.contains("s3") && b.contains(REDACTED), "{b}");
        let raw = r#"{"keep":  "spacing"}"#;
        assert_eq!(body(raw.as_bytes(), BODY_LIMIT).0, raw);
        let (long, cut) = body("é".repeat(BODY_LIMIT).as_bytes(), BODY_LIMIT);
        assert!(cut && long.len() <= BODY_LIMIT);
        let settings = |journal_size, journal_max_bytes| vipmp_core::settings::Settings {
            journal_size,
            journal_max_bytes,
            ..vipmp_core::settings::Settings::default()
        };
        assert_eq!(body_limit(&settings(10, 1 << 30)), BODY_LIMIT);
        assert_eq!(body_limit(&settings(10_000, 256 << 20)), 13_421);
        assert_eq!(body_limit(&settings(0, 1000)), 500);
        let secrets = Secrets::of_request(&map, "client_secret=s3cr3t", br#"{"access_token": "tok-123"}"#);
        let echoed = secrets.scrub("uri=/v3/x?client_secret=s3cr3t&t=tok-123&k=key&a=abc");
        assert_eq!(echoed, format!("uri=/v3/x?client_secret={REDACTED}&t={REDACTED}&k=key&a=abc"));
    }
}
