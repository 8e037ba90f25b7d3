//! Reading request bodies the way Adobe validates them: every problem is collected with its
//! JSON path, then the first failing rule in the precedence of SPEC §2.6 decides the error
//! (`1121` unknown properties, then `1122` missing ones, then the format codes).

use serde_json::{Map, Value};

use crate::error::{CoreError, CoreResult, ErrorCode};

/// Problems found while reading one body.
#[derive(Debug, Default)]
pub struct Problems {
    unknown: Vec<String>,
    missing: Vec<String>,
    /// Format problems with their code (`1117`, `1118`, `2119`…), in the order found.
    format: Vec<(ErrorCode, String)>,
}

/// Joins a path and a key.
pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

/// Joins a path and an index.
pub fn index(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

impl Problems {
    /// No problems yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records an unknown property.
    pub fn unknown(&mut self, path: String) {
        self.unknown.push(path);
    }

    /// Records a missing required property.
    pub fn missing(&mut self, path: String) {
        self.missing.push(path);
    }

    /// Records an invalid field (`1117`).
    pub fn invalid(&mut self, path: String) {
        self.format.push((ErrorCode::InvalidFields, path));
    }

    /// Records a format problem with a specific code.
    pub fn code(&mut self, code: ErrorCode, detail: String) {
        self.format.push((code, detail));
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.unknown.is_empty() && self.missing.is_empty() && self.format.is_empty()
    }

    /// Turns the problems into the error that wins by precedence, or `Ok`.
    ///
    /// `2126` beats field errors; `1118` is used when every field error is an address field,
    /// otherwise `1117` lists all paths; line-item codes (`2119`–`2123`) follow.
    pub fn finish(self) -> CoreResult<()> {
        if !self.unknown.is_empty() {
            return Err(CoreError::with_details(ErrorCode::UnexpectedFields, self.unknown));
        }
        if !self.missing.is_empty() {
            return Err(CoreError::with_details(ErrorCode::MissingFields, self.missing));
        }
        if let Some((_, d)) = self.format.iter().find(|(c, _)| *c == ErrorCode::ExternalReferenceTooLong) {
            return Err(CoreError::detail(ErrorCode::ExternalReferenceTooLong, d.clone()));
        }
        let fields: Vec<&(ErrorCode, String)> = self
            .format
            .iter()
            .filter(|(c, _)| matches!(c, ErrorCode::InvalidFields | ErrorCode::InvalidAddress))
            .collect();
        if !fields.is_empty() {
            let only_address = fields.iter().all(|(c, _)| *c == ErrorCode::InvalidAddress);
            let code = if only_address { ErrorCode::InvalidAddress } else { ErrorCode::InvalidFields };
            let mut details: Vec<String> = Vec::new();
            for (_, d) in fields {
                if !details.contains(d) {
                    details.push(d.clone());
                }
            }
            return Err(CoreError::with_details(code, details));
        }
        match self.format.into_iter().next() {
            Some((code, detail)) => Err(CoreError::detail(code, detail)),
            None => Ok(()),
        }
    }

    /// Reads `value` as an object whose keys must be in `known` (writable or read-only).
    pub fn object<'a>(&mut self, value: &'a Value, path: &str, known: &[&str]) -> Option<&'a Map<String, Value>> {
        match value {
            Value::Object(map) => {
                for key in map.keys() {
                    if !known.contains(&key.as_str()) {
                        self.unknown(join(path, key));
                    }
                }
                Some(map)
            }
            _ => {
                self.invalid(if path.is_empty() { "body".into() } else { path.to_string() });
                None
            }
        }
    }

    /// Reads a whole body as an object whose keys must be in `known`; a body that is not an object
    /// fails at once, with the problems found so far (`1117` `body`).
    pub fn body<'a>(&mut self, body: &'a Value, known: &[&str]) -> CoreResult<&'a Map<String, Value>> {
        match self.object(body, "", known) {
            Some(map) => Ok(map),
            None => {
                std::mem::take(self).finish()?;
                Err(CoreError::code(ErrorCode::InvalidFields))
            }
        }
    }

    fn present<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
        map.get(key).filter(|v| !v.is_null())
    }

    /// An optional string; `null` counts as absent.
    pub fn opt_str(&mut self, map: &Map<String, Value>, path: &str, key: &str) -> Option<String> {
        match Self::present(map, key) {
            None => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => {
                self.invalid(join(path, key));
                None
            }
        }
    }

    /// A required string.
    pub fn req_str(&mut self, map: &Map<String, Value>, path: &str, key: &str) -> Option<String> {
        if Self::present(map, key).is_none() {
            self.missing(join(path, key));
            return None;
        }
        self.opt_str(map, path, key)
    }

    /// An optional boolean.
    pub fn opt_bool(&mut self, map: &Map<String, Value>, path: &str, key: &str) -> Option<bool> {
        match Self::present(map, key) {
            None => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(_) => {
                self.invalid(join(path, key));
                None
            }
        }
    }

    /// An optional integer (JSON numbers without a fraction).
    pub fn opt_int(&mut self, map: &Map<String, Value>, path: &str, key: &str) -> Option<i64> {
        match Self::present(map, key) {
            None => None,
            Some(Value::Number(n)) => match n.as_i64() {
                Some(i) => Some(i),
                None => {
                    self.invalid(join(path, key));
                    None
                }
            },
            Some(_) => {
                self.invalid(join(path, key));
                None
            }
        }
    }

    /// A required integer.
    pub fn req_int(&mut self, map: &Map<String, Value>, path: &str, key: &str) -> Option<i64> {
        if Self::present(map, key).is_none() {
            self.missing(join(path, key));
            return None;
        }
        self.opt_int(map, path, key)
    }

    /// An optional array.
    pub fn opt_array<'a>(&mut self, map: &'a Map<String, Value>, path: &str, key: &str) -> Option<&'a Vec<Value>> {
        match Self::present(map, key) {
            None => None,
            Some(Value::Array(a)) => Some(a),
            Some(_) => {
                self.invalid(join(path, key));
                None
            }
        }
    }

    /// An optional array of strings.
    pub fn opt_str_array(&mut self, map: &Map<String, Value>, path: &str, key: &str) -> Option<Vec<String>> {
        let items = self.opt_array(map, path, key)?;
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match item {
                Value::String(s) => out.push(s.clone()),
                _ => self.invalid(index(&join(path, key), i)),
            }
        }
        Some(out)
    }

    /// A required object value.
    pub fn req_value<'a>(&mut self, map: &'a Map<String, Value>, path: &str, key: &str) -> Option<&'a Value> {
        let v = Self::present(map, key);
        if v.is_none() {
            self.missing(join(path, key));
        }
        v
    }
}

/// Parses a request body: empty or malformed JSON is `1117` "Malformed JSON".
pub fn parse_json(body: &[u8]) -> CoreResult<Value> {
    serde_json::from_slice(body).map_err(|_| CoreError::detail(ErrorCode::InvalidFields, "Malformed JSON"))
}

/// A portal form body: a JSON object with only `known` members, else a `400 P400` naming `body`
/// or the first unknown member ([`CoreError::bad_field`]).
pub fn portal_object<'a>(body: &'a Value, known: &[&str]) -> CoreResult<&'a Map<String, Value>> {
    let map = body.as_object().ok_or_else(|| CoreError::bad_field("body", "a JSON object"))?;
    if let Some(k) = map.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(CoreError::bad_field(k, "absent (unknown member)"));
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unknown_beats_missing_beats_format() {
        let body = json!({"foo": 1, "a": 5});
        let mut p = Problems::new();
        let m = p.object(&body, "", &["a", "b"]).expect("object");
        p.req_str(m, "", "a");
        p.req_str(m, "", "b");
        let err = p.finish().expect_err("must fail");
        assert_eq!(err.error_code(), Some(ErrorCode::UnexpectedFields));
    }

    #[test]
    fn a_body_that_is_not_an_object_fails_at_once() {
        let mut p = Problems::new();
        let err = p.body(&json!([1]), &["a"]).expect_err("must fail");
        assert_eq!(err.error_code(), Some(ErrorCode::InvalidFields));
        let mut p = Problems::new();
        assert!(p.body(&json!({"a": 1}), &["a"]).is_ok());
    }

    #[test]
    fn address_only_problems_are_1118() {
        let mut p = Problems::new();
        p.code(ErrorCode::InvalidAddress, "companyProfile.address.postalCode".into());
        assert_eq!(p.finish().expect_err("fails").error_code(), Some(ErrorCode::InvalidAddress));
        let mut p = Problems::new();
        p.code(ErrorCode::InvalidAddress, "companyProfile.address.postalCode".into());
        p.invalid("companyProfile.companyName".into());
        assert_eq!(p.finish().expect_err("fails").error_code(), Some(ErrorCode::InvalidFields));
    }
}
