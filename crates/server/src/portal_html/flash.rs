//! What a form POST tells the user, and how it survives the redirect after it.
//!
//! Every full-page form POST answers `303 See Other` (POST/redirect/GET): a reload or Back
//! shows the page again and never repeats the POST. The outcome travels to that page in a
//! [`Flash`]: the `vipmp_flash` cookie (HttpOnly, SameSite=Strict, Path=/portal; base64url
//! JSON), bound to the session (it carries the session's CSRF token and is ignored under any
//! other session), shown by the next full page (not an htmx fragment), which clears it. It
//! holds a notice or a refusal, the result lines (Create Default Records' ids), and for a
//! refused form a [`Refusal`]: the field the error names, its message and what the user typed,
//! so the page shows the message next to the field with the input kept. The htmx forms of the
//! expanded records swap a fragment (a reload cannot repeat them) and carry a [`Refusal`]
//! directly.

use std::collections::BTreeMap;

use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::session::{self, Signed};
use crate::kernel::error::{ApiError, error_parts};

/// The flash cookie's name.
pub const FLASH_COOKIE: &str = "vipmp_flash";
/// The hidden field naming the form a POST came from (which [`Refusal`] it gets).
pub const FORM_FIELD: &str = "form";
/// The hidden field naming the page to go back to after a POST (the header's clock form).
pub const BACK_FIELD: &str = "back";
/// Longest value kept of a typed field (the cookie stays small).
const MAX_VALUE: usize = 200;
/// Longest message kept.
const MAX_MESSAGE: usize = 1000;

/// URL-encoded form fields as pairs.
pub fn pairs(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

/// A field's first value, trimmed (`None` when absent).
pub fn value(pairs: &[(String, String)], key: &str) -> Option<String> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim().to_string())
}

fn cut(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// A refused form: the field the error names, the message, and what the user typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    /// The form (its `form` field, or the fragment's own name).
    pub form: String,
    /// The field (the last segment of the error's one detail: `action.latencyMs` → `latencyMs`).
    pub field: String,
    /// The error's message, with its code (`P400 cotermDate: must be …`).
    pub message: String,
    /// What the user typed, by field name.
    pub values: BTreeMap<String, String>,
}

impl Refusal {
    /// The refusal of `form` for `e`, when the error names exactly one field.
    pub fn of(e: &ApiError, form: &str, typed: &[(String, String)]) -> Option<Self> {
        let (_, body) = error_parts(&e.0);
        let v: Value = serde_json::from_slice(&body).ok()?;
        let details: Vec<&str> = v["additionalDetails"].as_array()?.iter().filter_map(Value::as_str).collect();
        let [detail] = details.as_slice() else { return None };
        let field = detail.rsplit('.').next().unwrap_or(detail);
        if field.is_empty() || field.contains(' ') || field.contains('=') {
            return None;
        }
        Some(Self::named(e, form, field, typed))
    }

    /// The refusal of `form` for `e`, shown at `field` (an error whose detail is free text, such
    /// as the clock's, about the one field the form has).
    pub fn named(e: &ApiError, form: &str, field: &str, typed: &[(String, String)]) -> Self {
        let values = typed
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "csrf" | FORM_FIELD | BACK_FIELD))
            .take(32)
            .map(|(k, v)| (cut(k, 64), cut(v, MAX_VALUE)))
            .collect();
        let message = cut(&super::error_message(e), MAX_MESSAGE);
        Self { form: form.to_string(), field: field.to_string(), message, values }
    }

    /// The message for `field` of `form`, when the refusal names it.
    pub fn error(&self, form: &str, field: &str) -> Option<&str> {
        (self.form == form && self.field == field).then_some(self.message.as_str())
    }

    /// What the user typed in `field` of `form`, else `current`.
    pub fn value(&self, form: &str, field: &str, current: &str) -> String {
        if self.form == form { self.values.get(field).cloned().unwrap_or_default() } else { current.to_string() }
    }
}

/// The outcome of a POST, shown by the page it redirects to.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Flash {
    /// What the POST did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
    /// Why it was refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Result lines (label, value).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<(String, String)>,
    /// The refused field, when the refusal names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refusal: Option<Refusal>,
    /// The session's CSRF token: a flash under another session is ignored.
    #[serde(default)]
    session: String,
}

impl Flash {
    /// A notice.
    pub fn notice(text: impl Into<String>) -> Self {
        Self { notice: Some(text.into()), ..Self::default() }
    }

    /// A notice with result lines.
    pub fn done(text: impl Into<String>, items: Vec<(String, String)>) -> Self {
        Self { notice: Some(text.into()), items, ..Self::default() }
    }

    /// A refusal of `form` (the field it names, with what the user typed).
    pub fn refused(e: &ApiError, form: &str, typed: &[(String, String)]) -> Self {
        Self {
            error: Some(cut(&super::error_message(e), MAX_MESSAGE)),
            refusal: Refusal::of(e, form, typed),
            ..Self::default()
        }
    }

    /// A refusal of `form` shown at `field` (see [`Refusal::named`]).
    pub fn refused_at(e: &ApiError, form: &str, field: &str, typed: &[(String, String)]) -> Self {
        Self {
            error: Some(cut(&super::error_message(e), MAX_MESSAGE)),
            refusal: Some(Refusal::named(e, form, field, typed)),
            ..Self::default()
        }
    }

    /// A notice, or the refusal of `form`.
    pub fn of(result: Result<String, ApiError>, form: &str, typed: &[(String, String)]) -> Self {
        match result {
            Ok(notice) => Self::notice(notice),
            Err(e) => Self::refused(&e, form, typed),
        }
    }

    /// Whether there is anything to show.
    pub fn is_empty(&self) -> bool {
        self.notice.is_none() && self.error.is_none()
    }

    /// The message for `field` of `form`, when the refusal names it.
    pub fn field_error(&self, form: &str, field: &str) -> Option<&str> {
        self.refusal.as_ref().and_then(|r| r.error(form, field))
    }

    /// Whether the refusal names `field` of `form` (`aria-invalid`).
    pub fn invalid(&self, form: &str, field: &str) -> bool {
        self.field_error(form, field).is_some()
    }

    /// What the user typed in `field` of `form` when it was refused, else `current`.
    pub fn value(&self, form: &str, field: &str, current: &str) -> String {
        self.refusal.as_ref().map_or_else(|| current.to_string(), |r| r.value(form, field, current))
    }

    /// `303 See Other` to `to`, carrying this outcome in the flash cookie.
    pub fn redirect(mut self, signed: &Signed, to: &str) -> Response {
        self.session = signed.csrf.clone();
        let mut encoded = encode(&self);
        if encoded.len() > 3000 {
            self.items.clear();
            if let Some(r) = self.refusal.as_mut() {
                r.values.clear();
            }
            encoded = encode(&self);
        }
        let mut response = session::see_other(to);
        let cookie = format!("{FLASH_COOKIE}={encoded}; HttpOnly; SameSite=Strict; Path=/portal");
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
        response
    }

    /// The flash the request carries, if it belongs to the session whose token is `csrf`.
    pub fn read(headers: &HeaderMap, csrf: &str) -> Option<Self> {
        let raw = session::cookie(headers, FLASH_COOKIE)?;
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(raw.as_bytes()).ok()?;
        let flash: Self = serde_json::from_slice(&bytes).ok()?;
        session::token_matches(csrf, Some(&flash.session)).then_some(flash)
    }
}

fn encode(flash: &Flash) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(serde_json::to_vec(flash).unwrap_or_default())
}

/// The `Set-Cookie` that clears the flash once a page showed it.
pub fn clear() -> HeaderValue {
    session::set_cookie(FLASH_COOKIE, None)
}

/// The page a form asks to go back to (its `back` field), when it is a portal page; else
/// `fallback`. Only paths under `/portal/` are followed (no other site, no `//host`).
pub fn back(typed: &[(String, String)], fallback: &str) -> String {
    value(typed, BACK_FIELD)
        .filter(|b| b.starts_with("/portal/") && !b.contains("//") && !b.contains('\\'))
        .filter(|b| b.chars().all(|c| c.is_ascii_graphic()))
        .unwrap_or_else(|| fallback.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_follows_portal_paths_only() {
        let typed = |b: &str| vec![(BACK_FIELD.to_string(), b.to_string())];
        assert_eq!(back(&typed("/portal/orders?page=2"), "/portal/snapshots"), "/portal/orders?page=2");
        for bad in ["https://evil.example/", "//evil.example/portal/", "/portal//x", "/portal/\\x", "/v3/x", ""] {
            assert_eq!(back(&typed(bad), "/portal/snapshots"), "/portal/snapshots", "{bad}");
        }
    }
}
