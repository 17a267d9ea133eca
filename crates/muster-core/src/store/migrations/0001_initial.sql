-- Muster schema version 1: runbooks with immutable revisions, roles, people, incidents and the
-- append-only, hash-chained incident timeline. Times are RFC 3339 UTC text with milliseconds.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE role (
    id   TEXT PRIMARY KEY,
    name TEXT NOT NULL
) STRICT;

CREATE TABLE person (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    contact    TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE runbook (
    id               TEXT PRIMARY KEY,
    current_revision INTEGER NOT NULL,
    created_at       TEXT NOT NULL
) STRICT;

CREATE TABLE runbook_revision (
    runbook_id   TEXT NOT NULL REFERENCES runbook(id),
    revision     INTEGER NOT NULL,
    title        TEXT NOT NULL,
    summary      TEXT NOT NULL,
    context      TEXT NOT NULL,
    targets_json TEXT NOT NULL,
    author       TEXT NOT NULL,
    note         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (runbook_id, revision)
) STRICT;

CREATE TABLE runbook_role (
    runbook_id TEXT NOT NULL,
    revision   INTEGER NOT NULL,
    position   INTEGER NOT NULL,
    role_id    TEXT NOT NULL REFERENCES role(id),
    PRIMARY KEY (runbook_id, revision, role_id),
    FOREIGN KEY (runbook_id, revision) REFERENCES runbook_revision(runbook_id, revision)
) STRICT;

CREATE TABLE step (
    runbook_id     TEXT NOT NULL,
    revision       INTEGER NOT NULL,
    key            TEXT NOT NULL,
    phase          TEXT NOT NULL CHECK (phase IN ('identify', 'respond', 'recover', 'review')),
    position       INTEGER NOT NULL,
    title          TEXT NOT NULL,
    instructions   TEXT NOT NULL,
    role_id        TEXT REFERENCES role(id),
    target_minutes INTEGER,
    PRIMARY KEY (runbook_id, revision, key),
    FOREIGN KEY (runbook_id, revision) REFERENCES runbook_revision(runbook_id, revision)
) STRICT;

CREATE TABLE incident (
    id               TEXT PRIMARY KEY,
    runbook_id       TEXT NOT NULL,
    runbook_revision INTEGER NOT NULL,
    title            TEXT NOT NULL,
    severity         TEXT NOT NULL,
    mode             TEXT NOT NULL CHECK (mode IN ('real', 'drill')),
    started_at       TEXT NOT NULL,
    resolved_at      TEXT,
    -- The head of the timeline's hash chain, so deleting the last event is detected too.
    head_seq         INTEGER NOT NULL DEFAULT 0,
    head_hash        TEXT NOT NULL DEFAULT '',
    FOREIGN KEY (runbook_id, runbook_revision) REFERENCES runbook_revision(runbook_id, revision)
) STRICT;

CREATE TABLE timeline_event (
    id          TEXT PRIMARY KEY,
    incident_id TEXT NOT NULL REFERENCES incident(id),
    seq         INTEGER NOT NULL,
    occurred_at TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    actor       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    payload     TEXT NOT NULL,
    hash        TEXT NOT NULL,
    UNIQUE (incident_id, seq)
) STRICT;

CREATE TRIGGER timeline_event_no_update BEFORE UPDATE ON timeline_event
BEGIN
    SELECT RAISE(ABORT, 'timeline events are append-only');
END;

CREATE TRIGGER timeline_event_no_delete BEFORE DELETE ON timeline_event
BEGIN
    SELECT RAISE(ABORT, 'timeline events are append-only');
END;
