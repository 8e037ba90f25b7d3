-- HTML portal sign-in sessions: server-side, so that every instance over one database sees
-- them. The browser holds only the random id (cookie `vipmp_session`).

CREATE TABLE portal_sessions (
    id TEXT PRIMARY KEY NOT NULL,
    client_id TEXT NOT NULL,
    distributor_id TEXT NOT NULL,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen TEXT NOT NULL
);
CREATE INDEX portal_sessions_last_seen ON portal_sessions (last_seen);
