-- Muster schema version 2: the incident run. Steps gain evidence, decisions, conditions and
-- milestones; incidents keep their milestones, phase and closing time (a projection of the
-- timeline, rewritten in the same transaction as the events it follows from).

ALTER TABLE step ADD COLUMN evidence TEXT;
ALTER TABLE step ADD COLUMN options_json TEXT NOT NULL DEFAULT '[]';
ALTER TABLE step ADD COLUMN condition_step TEXT;
ALTER TABLE step ADD COLUMN condition_option TEXT;
ALTER TABLE step ADD COLUMN milestone TEXT CHECK (milestone IN ('acknowledged', 'mitigated', 'resolved'));

ALTER TABLE incident ADD COLUMN detected_at TEXT;
UPDATE incident SET detected_at = started_at;
ALTER TABLE incident ADD COLUMN acknowledged_at TEXT;
ALTER TABLE incident ADD COLUMN mitigated_at TEXT;
ALTER TABLE incident ADD COLUMN closed_at TEXT;
ALTER TABLE incident ADD COLUMN phase TEXT NOT NULL DEFAULT 'identify'
    CHECK (phase IN ('identify', 'respond', 'recover', 'review'));

-- Events keyed by (incident, seq) in a WITHOUT ROWID table: an event is stored where it is
-- read, and an append writes one B-tree, not three (a rowid table, the (incident, seq) index
-- and the id index), which every tick pays for. Event ids are UUIDv7, unique by construction;
-- no index enforces it. The triggers go with the old table and are created again.
CREATE TABLE timeline_event_v2 (
    id          TEXT NOT NULL,
    incident_id TEXT NOT NULL REFERENCES incident(id),
    seq         INTEGER NOT NULL,
    occurred_at TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    actor       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    payload     TEXT NOT NULL,
    hash        TEXT NOT NULL,
    PRIMARY KEY (incident_id, seq)
) STRICT, WITHOUT ROWID;

INSERT INTO timeline_event_v2 (id, incident_id, seq, occurred_at, recorded_at, actor, kind, payload, hash)
    SELECT id, incident_id, seq, occurred_at, recorded_at, actor, kind, payload, hash FROM timeline_event;

DROP TABLE timeline_event;
ALTER TABLE timeline_event_v2 RENAME TO timeline_event;

CREATE TRIGGER timeline_event_no_update BEFORE UPDATE ON timeline_event
BEGIN
    SELECT RAISE(ABORT, 'timeline events are append-only');
END;

CREATE TRIGGER timeline_event_no_delete BEFORE DELETE ON timeline_event
BEGIN
    SELECT RAISE(ABORT, 'timeline events are append-only');
END;
