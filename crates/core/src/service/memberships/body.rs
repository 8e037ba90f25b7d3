//! The portal body reader of the membership forms: the first problem is a `400 P400` naming the
//! field.

use serde_json::{Map, Value};

use crate::error::{CoreError, CoreResult};
use crate::input::portal_object;

/// A portal body reader: the first problem is a `400 P400` naming the field.
pub(super) struct Body<'a> {
    pub(super) map: &'a Map<String, Value>,
}

impl<'a> Body<'a> {
    pub(super) fn new(body: &'a Value, known: &[&str]) -> CoreResult<Self> {
        Ok(Self { map: portal_object(body, known)? })
    }

    pub(super) fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    pub(super) fn bool(&self, key: &str) -> CoreResult<bool> {
        match self.get(key) {
            None => Ok(false),
            Some(v) => v.as_bool().ok_or_else(|| CoreError::bad_field(key, "true or false")),
        }
    }

    pub(super) fn opt_bool(&self, key: &str) -> CoreResult<Option<bool>> {
        self.get(key).map(|v| v.as_bool().ok_or_else(|| CoreError::bad_field(key, "true or false"))).transpose()
    }

    pub(super) fn str(&self, key: &str) -> CoreResult<Option<&'a str>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => v.as_str().map(|s| Some(s.trim())).ok_or_else(|| CoreError::bad_field(key, "a string")),
        }
    }

    pub(super) fn one_of(&self, key: &str, allowed: &[&str], default: &str) -> CoreResult<String> {
        match self.str(key)? {
            None => Ok(default.to_string()),
            Some(s) if allowed.contains(&s) => Ok(s.to_string()),
            Some(_) => Err(CoreError::bad_field(key, format!("one of {}", allowed.join(", ")))),
        }
    }

    pub(super) fn int(&self, key: &str, range: std::ops::RangeInclusive<i64>) -> CoreResult<Option<i64>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => v.as_i64().filter(|n| range.contains(n)).map(Some).ok_or_else(|| {
                CoreError::bad_field(key, format!("an integer from {} to {}", range.start(), range.end()))
            }),
        }
    }
}
