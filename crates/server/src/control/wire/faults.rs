//! The portal API's fault-injection answers: fault rules, their list, and clearing them.

use serde::Serialize;
use utoipa::ToSchema;
use vipmp_core::control::{FaultAction, FaultError, FaultRule};

/// The error a fault answers, in Adobe's shape.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FaultErrorOut {
    /// HTTP status (4xx or 5xx).
    pub status: u16,
    /// Adobe's error code.
    pub code: String,
    /// The message; the code's usual one when empty.
    pub message: String,
    /// `additionalDetails`.
    pub additional_details: Vec<String>,
}

impl From<&FaultError> for FaultErrorOut {
    fn from(e: &FaultError) -> Self {
        Self {
            status: e.status,
            code: e.code.clone(),
            message: e.message.clone(),
            additional_details: e.additional_details.clone(),
        }
    }
}

/// What a fault rule does: exactly one member.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum FaultActionOut {
    /// Answer this error instead of running the request.
    Error(FaultErrorOut),
    /// Wait this many milliseconds, then run the request.
    LatencyMs(u64),
    /// Run the request (it commits), then drop the connection without an answer.
    CommitThenDrop(bool),
}

/// A fault-injection rule.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = FaultRule, example = json!({
    "id": "flt-1", "method": "POST", "path": "/v3/customers/{customer-id}/orders", "customerId": null,
    "times": 1, "probability": null,
    "action": {"error": {"status": 500, "code": "1124", "message": "", "additionalDetails": []}}
}))]
pub struct FaultRuleOut {
    /// `flt-N`.
    pub id: String,
    /// HTTP method, `null` for any.
    pub method: Option<String>,
    /// A route template or a literal path (a trailing `/*` matches any rest).
    pub path: String,
    /// Only requests on this customer's paths.
    pub customer_id: Option<String>,
    /// Applies this many more times, then disappears; `null`: until cleared.
    pub times: Option<u32>,
    /// Chance of applying to a matching request; `null`: always.
    pub probability: Option<f64>,
    /// What it does.
    pub action: FaultActionOut,
}

impl From<&FaultRule> for FaultRuleOut {
    fn from(r: &FaultRule) -> Self {
        Self {
            id: r.id.clone(),
            method: r.method.clone(),
            path: r.path.clone(),
            customer_id: r.customer_id.clone(),
            times: r.times,
            probability: r.probability,
            action: match &r.action {
                FaultAction::Error(e) => FaultActionOut::Error(e.into()),
                FaultAction::LatencyMs(ms) => FaultActionOut::LatencyMs(*ms),
                FaultAction::CommitThenDrop(b) => FaultActionOut::CommitThenDrop(*b),
            },
        }
    }
}

/// The distributor's fault rules.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"totalCount": 1, "items": [{
    "id": "flt-1", "method": null, "path": "/v3/*", "customerId": null, "times": null, "probability": 0.5,
    "action": {"latencyMs": 2000}}]}))]
pub struct FaultList {
    /// How many.
    pub total_count: usize,
    /// The rules, oldest first.
    pub items: Vec<FaultRuleOut>,
}

/// The answer to clearing the fault rules.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({"deleted": 2}))]
pub struct FaultsCleared {
    /// Rules removed.
    pub deleted: u64,
}
