-- Muster schema version 3: the preparedness library. Runbook revisions gain their metadata
-- (tags, owner, the severities they apply to, review interval, review template); steps can be
-- optional; runbooks record when they were last reviewed; roles get duties; people get a team,
-- more ways to reach them, the roles they can hold, notes, and can be retired (never deleted
-- while they hold a role in an open incident).

ALTER TABLE runbook_revision ADD COLUMN tags_json TEXT NOT NULL DEFAULT '[]';
ALTER TABLE runbook_revision ADD COLUMN owner TEXT NOT NULL DEFAULT '';
ALTER TABLE runbook_revision ADD COLUMN severities_json TEXT NOT NULL DEFAULT '[]';
ALTER TABLE runbook_revision ADD COLUMN review_days INTEGER NOT NULL DEFAULT 180;
ALTER TABLE runbook_revision ADD COLUMN review_template TEXT NOT NULL DEFAULT '';

ALTER TABLE step ADD COLUMN optional INTEGER NOT NULL DEFAULT 0 CHECK (optional IN (0, 1));

-- "Mark reviewed", one row per review; the newest is the runbook's last review.
CREATE TABLE runbook_review (
    runbook_id  TEXT NOT NULL REFERENCES runbook(id),
    revision    INTEGER NOT NULL,
    reviewed_at TEXT NOT NULL,
    reviewer    TEXT NOT NULL,
    note        TEXT NOT NULL,
    PRIMARY KEY (runbook_id, reviewed_at)
) STRICT;

ALTER TABLE role ADD COLUMN duties TEXT NOT NULL DEFAULT '';

ALTER TABLE person ADD COLUMN team TEXT NOT NULL DEFAULT '';
ALTER TABLE person ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE person ADD COLUMN chat TEXT NOT NULL DEFAULT '';
ALTER TABLE person ADD COLUMN notes TEXT NOT NULL DEFAULT '';
ALTER TABLE person ADD COLUMN retired_at TEXT;

-- The roles a person is trained to hold.
CREATE TABLE person_role (
    person_id TEXT NOT NULL REFERENCES person(id),
    role_id   TEXT NOT NULL REFERENCES role(id),
    PRIMARY KEY (person_id, role_id)
) STRICT, WITHOUT ROWID;
