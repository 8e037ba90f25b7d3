//! The request conventions of every JSON route under `/portal/api/v1` (the portal API and the
//! control surface): the production profile's refusal of edits and bodies read as JSON member by
//! member. Answers are the surfaces' typed wire structs.

use serde_json::Value;
use vipmp_core::error::ErrorCode;
use vipmp_core::input::Problems;
use vipmp_core::settings::Profile;

use crate::kernel::error::ApiResult;
use crate::kernel::error::portal_bad as bad;
use crate::kernel::state::AppState;
use crate::kernel::write::json;

/// `403 P403` in the production profile: the portal's edits are the sandbox's, not production's.
pub fn mutation_allowed(state: &AppState) -> ApiResult<()> {
    if state.settings.profile == Profile::Production {
        return Err(ErrorCode::PortalForbidden.into());
    }
    Ok(())
}

/// The request body as JSON; `400 P400` if it is not.
pub fn portal_body(body: &axum::body::Bytes) -> ApiResult<Value> {
    json(body).map_err(|_| bad("Malformed JSON"))
}

/// The body's members, refusing unknown or invalid ones with `400 P400`.
pub fn read_fields(value: &Value, known: &[&str]) -> ApiResult<serde_json::Map<String, Value>> {
    let mut p = Problems::new();
    let map = p.object(value, "", known).cloned();
    if !p.is_empty() {
        return Err(bad("unexpected or invalid fields"));
    }
    map.ok_or_else(|| bad("body"))
}

/// A string member (absent or `null` is `None`); any other type is `400 P400` naming it.
pub fn string_field(map: &serde_json::Map<String, Value>, key: &str) -> ApiResult<Option<String>> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(bad(key)),
    }
}
