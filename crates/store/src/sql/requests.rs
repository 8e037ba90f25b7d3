//! What the requests leave behind: stored responses for replays, seen request ids, and the
//! HTML portal's sessions.

use chrono::{DateTime, Utc};
use vipmp_core::dates::format_datetime;
use vipmp_core::store::{PortalSession, ReplayKey, StoreResult, StoredResponse};

use super::{Stmt, args, json, parse_instant, text};

/// A stored response: `(created_at, status, headers, body)`, read by [`replay_of`].
pub(crate) const REPLAY: &str = "SELECT created_at, status, headers, body FROM replays \
     WHERE client_id = $1 AND method = $2 AND route = $3 AND correlation_id = $4";

/// Stores a response to replay.
pub(crate) const STORE_REPLAY: &str = "INSERT INTO replays \
     (client_id, method, route, correlation_id, created_at, status, headers, body) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (client_id, method, route, correlation_id) DO UPDATE SET \
     created_at = excluded.created_at, status = excluded.status, headers = excluded.headers, body = excluded.body";

/// A row if a client sent a request id since an instant.
pub(crate) const REQUEST_ID_SEEN: &str = "SELECT CAST(1 AS BIGINT) FROM request_ids \
     WHERE client_id = $1 AND request_id = $2 AND created_at >= $3";

/// Records a client's request id.
pub(crate) const RECORD_REQUEST_ID: &str = "INSERT INTO request_ids (client_id, request_id, correlation_id, created_at) \
     VALUES ($1, $2, $3, $4) ON CONFLICT (client_id, request_id) DO UPDATE SET \
     correlation_id = excluded.correlation_id, created_at = excluded.created_at";

/// Deletes the finished replays stored before an instant.
pub(crate) const PURGE_REPLAYS: &str = "DELETE FROM replays WHERE created_at < $1 AND status IS NOT NULL";

/// Deletes the request ids recorded before an instant.
pub(crate) const PURGE_REQUEST_IDS: &str = "DELETE FROM request_ids WHERE created_at < $1";

/// A portal session: `(id, client_id, distributor_id, csrf_token, created_at, last_seen)`, read
/// by [`session_of`].
pub(crate) const SESSION: &str =
    "SELECT id, client_id, distributor_id, csrf_token, created_at, last_seen FROM portal_sessions WHERE id = $1";

/// Stores a portal session (its creation instant stays the first one).
pub(crate) const PUT_SESSION: &str = "INSERT INTO portal_sessions \
     (id, client_id, distributor_id, csrf_token, created_at, last_seen) VALUES ($1, $2, $3, $4, $5, $6) \
     ON CONFLICT (id) DO UPDATE SET client_id = excluded.client_id, distributor_id = excluded.distributor_id, \
     csrf_token = excluded.csrf_token, last_seen = excluded.last_seen";

/// Deletes a portal session.
pub(crate) const DELETE_SESSION: &str = "DELETE FROM portal_sessions WHERE id = $1";

/// Deletes the portal sessions last seen before an instant.
pub(crate) const PURGE_SESSIONS: &str = "DELETE FROM portal_sessions WHERE last_seen < $1";

/// See [`REPLAY`].
pub(crate) fn replay(key: &ReplayKey) -> Stmt<'_> {
    Stmt::new(REPLAY, args![&key.client_id, &key.method, &key.route, &key.correlation_id])
}

/// A [`REPLAY`] row: the response, if it was stored at or after `since` and is finished.
pub(crate) fn replay_of(
    row: (String, Option<i64>, String, Vec<u8>),
    since: DateTime<Utc>,
) -> StoreResult<Option<StoredResponse>> {
    let (created_at, status, headers, body) = row;
    match status {
        Some(status) if created_at >= format_datetime(since) => {
            Ok(Some(StoredResponse { status: u16::try_from(status).unwrap_or(500), headers: json(&headers)?, body }))
        }
        _ => Ok(None),
    }
}

/// See [`STORE_REPLAY`].
pub(crate) fn store_replay<'a>(key: &'a ReplayKey, r: &'a StoredResponse, at: DateTime<Utc>) -> StoreResult<Stmt<'a>> {
    let args = args![
        &key.client_id,
        &key.method,
        &key.route,
        &key.correlation_id,
        format_datetime(at),
        i64::from(r.status),
        text(&r.headers)?,
        r.body.as_slice(),
    ];
    Ok(Stmt::new(STORE_REPLAY, args))
}

/// See [`REQUEST_ID_SEEN`].
pub(crate) fn request_id_seen<'a>(client_id: &'a str, request_id: &'a str, since: DateTime<Utc>) -> Stmt<'a> {
    Stmt::new(REQUEST_ID_SEEN, args![client_id, request_id, format_datetime(since)])
}

/// See [`RECORD_REQUEST_ID`].
pub(crate) fn record_request_id<'a>(
    client_id: &'a str,
    request_id: &'a str,
    correlation_id: &'a str,
    at: DateTime<Utc>,
) -> Stmt<'a> {
    Stmt::new(RECORD_REQUEST_ID, args![client_id, request_id, correlation_id, format_datetime(at)])
}

/// [`PURGE_REPLAYS`] and [`PURGE_REQUEST_IDS`].
pub(crate) fn purge_replays(before: DateTime<Utc>) -> [Stmt<'static>; 2] {
    let cutoff = format_datetime(before);
    [Stmt::new(PURGE_REPLAYS, args![cutoff.clone()]), Stmt::new(PURGE_REQUEST_IDS, args![cutoff])]
}

/// See [`SESSION`].
pub(crate) fn session(id: &str) -> Stmt<'_> {
    Stmt::new(SESSION, args![id])
}

/// The raw columns of a [`SESSION`] row.
pub(crate) type SessionRow = (String, String, String, String, String, String);

/// A [`SESSION`] row.
pub(crate) fn session_of(row: SessionRow) -> StoreResult<PortalSession> {
    let (id, client_id, distributor_id, csrf_token, created_at, last_seen) = row;
    Ok(PortalSession {
        id,
        client_id,
        distributor_id,
        csrf_token,
        created_at: parse_instant(Some(created_at))?.unwrap_or_default(),
        last_seen: parse_instant(Some(last_seen))?.unwrap_or_default(),
    })
}

/// See [`PUT_SESSION`].
pub(crate) fn put_session(s: &PortalSession) -> Stmt<'_> {
    let args = args![
        &s.id,
        &s.client_id,
        &s.distributor_id,
        &s.csrf_token,
        format_datetime(s.created_at),
        format_datetime(s.last_seen),
    ];
    Stmt::new(PUT_SESSION, args)
}

/// See [`DELETE_SESSION`].
pub(crate) fn delete_session(id: &str) -> Stmt<'_> {
    Stmt::new(DELETE_SESSION, args![id])
}

/// See [`PURGE_SESSIONS`].
pub(crate) fn purge_sessions(before: DateTime<Utc>) -> Stmt<'static> {
    Stmt::new(PURGE_SESSIONS, args![format_datetime(before)])
}
