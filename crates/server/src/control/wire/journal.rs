//! The portal API's request-journal answers: recorded requests and responses, and their list.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use vipmp_core::control::{JournalEntry, JournalMessage};

/// One side of a journal entry.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct JournalMessageOut {
    /// Headers in order, each `[name, value]` (secrets redacted).
    #[schema(value_type = Vec<Vec<String>>)]
    pub headers: Vec<(String, String)>,
    /// The body as text (at most 64 KiB; secrets redacted).
    pub body: String,
    /// Whether the body was cut at 64 KiB.
    pub truncated: bool,
}

impl From<JournalMessage> for JournalMessageOut {
    fn from(m: JournalMessage) -> Self {
        Self { headers: m.headers, body: m.body, truncated: m.truncated }
    }
}

/// One recorded request and its response.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({
    "id": 7, "distributorId": "5000000001", "at": "2025-01-15T10:00:00.120Z", "method": "GET",
    "path": "/v3/customers/1005000001", "query": "", "status": 200, "customerId": "1005000001",
    "request": {"headers": [["x-api-key", "[REDACTED]"], ["authorization", "[REDACTED]"]], "body": "",
        "truncated": false},
    "response": {"headers": [["content-type", "application/json"]], "body": "{\"customerId\":\"1005000001\"}",
        "truncated": false},
    "fault": null}))]
pub struct JournalEntryOut {
    /// Increasing id.
    pub id: i64,
    /// The distributor whose client made the request.
    pub distributor_id: String,
    /// When, on that distributor's clock (RFC 3339).
    #[schema(value_type = String, format = DateTime)]
    pub at: DateTime<Utc>,
    /// HTTP method.
    pub method: String,
    /// Path.
    pub path: String,
    /// Raw query string (`client_secret` redacted).
    pub query: String,
    /// Response status.
    pub status: u16,
    /// The customer of the path, if any.
    pub customer_id: Option<String>,
    /// The request.
    pub request: JournalMessageOut,
    /// The response.
    pub response: JournalMessageOut,
    /// The fault rule applied, if one was (`error`, `latencyMs`, `commitThenDrop`).
    pub fault: Option<String>,
}

impl From<JournalEntry> for JournalEntryOut {
    fn from(e: JournalEntry) -> Self {
        Self {
            id: e.id,
            distributor_id: e.distributor_id,
            at: e.at,
            method: e.method,
            path: e.path,
            query: e.query,
            status: e.status,
            customer_id: e.customer_id,
            request: e.request.into(),
            response: e.response.into(),
            fault: e.fault,
        }
    }
}

/// One recorded request as the list shows it: no headers or bodies (those come from
/// `GET /portal/api/v1/requests/{id}`), only their sizes.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct JournalSummaryOut {
    /// Increasing id.
    pub id: i64,
    /// The distributor whose client made the request.
    pub distributor_id: String,
    /// When, on that distributor's clock (RFC 3339).
    #[schema(value_type = String, format = DateTime)]
    pub at: DateTime<Utc>,
    /// HTTP method.
    pub method: String,
    /// Path.
    pub path: String,
    /// Raw query string (`client_secret` redacted).
    pub query: String,
    /// Response status.
    pub status: u16,
    /// The customer of the path, if any.
    pub customer_id: Option<String>,
    /// Bytes of the recorded request body.
    pub request_bytes: usize,
    /// Bytes of the recorded response body.
    pub response_bytes: usize,
    /// Whether either body was cut.
    pub truncated: bool,
    /// The fault rule applied, if one was (`error`, `latencyMs`, `commitThenDrop`).
    pub fault: Option<String>,
}

impl From<JournalEntry> for JournalSummaryOut {
    fn from(e: JournalEntry) -> Self {
        Self {
            id: e.id,
            distributor_id: e.distributor_id,
            at: e.at,
            method: e.method,
            path: e.path,
            query: e.query,
            status: e.status,
            customer_id: e.customer_id,
            request_bytes: e.request.body.len(),
            response_bytes: e.response.body.len(),
            truncated: e.request.truncated || e.response.truncated,
            fault: e.fault,
        }
    }
}

/// A page of the request journal, newest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"totalCount": 1, "items": [{
    "id": 7, "distributorId": "5000000001", "at": "2025-01-15T10:00:00.120Z", "method": "GET",
    "path": "/v3/customers/1005000001", "query": "", "status": 200, "customerId": "1005000001",
    "requestBytes": 0, "responseBytes": 27, "truncated": false, "fault": null}], "nextBeforeId": null}))]
pub struct JournalList {
    /// How many entries are listed.
    pub total_count: usize,
    /// The entries.
    pub items: Vec<JournalSummaryOut>,
    /// When the page is full: pass it as `beforeId` for the next (older) page.
    pub next_before_id: Option<i64>,
}
