-- The post-incident review (versions; a published version is frozen) and action items, which
-- may point at the runbook they improve.

CREATE TABLE review (
    incident_id     TEXT NOT NULL REFERENCES incident(id),
    version         INTEGER NOT NULL CHECK (version >= 1),
    status          TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    sections_json   TEXT NOT NULL,
    highlights_json TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    updated_by      TEXT NOT NULL,
    published_at    TEXT,
    published_by    TEXT,
    PRIMARY KEY (incident_id, version)
) STRICT;

-- Published means sent to people outside the team: nothing may change it afterwards, whatever
-- code path tries.
CREATE TRIGGER review_published_is_frozen BEFORE UPDATE ON review WHEN OLD.status = 'published'
BEGIN
    SELECT RAISE(ABORT, 'a published review is frozen');
END;

CREATE TRIGGER review_published_is_kept BEFORE DELETE ON review WHEN OLD.status = 'published'
BEGIN
    SELECT RAISE(ABORT, 'a published review is frozen');
END;

CREATE TABLE action_item (
    id                   TEXT PRIMARY KEY,
    incident_id          TEXT NOT NULL REFERENCES incident(id),
    title                TEXT NOT NULL,
    owner                TEXT NOT NULL,
    due_on               TEXT,
    status               TEXT NOT NULL CHECK (status IN ('open', 'done', 'dropped')),
    runbook_id           TEXT REFERENCES runbook(id),
    resolved_by_revision INTEGER,
    created_at           TEXT NOT NULL,
    created_by           TEXT NOT NULL,
    closed_at            TEXT
) STRICT;

CREATE INDEX action_item_by_incident ON action_item(incident_id);
CREATE INDEX action_item_open_by_runbook ON action_item(runbook_id) WHERE status = 'open' AND runbook_id IS NOT NULL;
