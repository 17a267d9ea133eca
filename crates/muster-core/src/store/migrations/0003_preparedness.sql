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
-- Catalogue order (the contact sheet, role pickers); roles known so far keep the order they came in.
ALTER TABLE role ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
UPDATE role SET position = rowid;

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

-- Full-text search over runbooks, steps and people (trigram: substring matches in any
-- script, Chinese included, for terms of three or more characters). Rows are kept by triggers,
-- so no write path can forget them; runbook and step rows of every revision are indexed and a
-- query keeps the current revision's.
CREATE VIRTUAL TABLE search_text USING fts5(
    title, body, kind UNINDEXED, owner UNINDEXED, revision UNINDEXED, key UNINDEXED,
    tokenize = 'trigram'
);

INSERT INTO search_text (title, body, kind, owner, revision, key)
    SELECT title, summary || char(10) || context, 'runbook', runbook_id, revision, '' FROM runbook_revision;
INSERT INTO search_text (title, body, kind, owner, revision, key)
    SELECT title, instructions, 'step', runbook_id, revision, key FROM step;
INSERT INTO search_text (title, body, kind, owner, revision, key)
    SELECT name, concat_ws(char(10), team, contact, email, chat, notes), 'person', id, 0, '' FROM person;

CREATE TRIGGER search_runbook_revision AFTER INSERT ON runbook_revision
BEGIN
    INSERT INTO search_text (title, body, kind, owner, revision, key)
        VALUES (new.title, new.summary || char(10) || new.context, 'runbook', new.runbook_id, new.revision, '');
END;

CREATE TRIGGER search_step AFTER INSERT ON step
BEGIN
    INSERT INTO search_text (title, body, kind, owner, revision, key)
        VALUES (new.title, new.instructions, 'step', new.runbook_id, new.revision, new.key);
END;

CREATE TRIGGER search_person_insert AFTER INSERT ON person
BEGIN
    INSERT INTO search_text (title, body, kind, owner, revision, key)
        VALUES (new.name, concat_ws(char(10), new.team, new.contact, new.email, new.chat, new.notes), 'person', new.id, 0, '');
END;

CREATE TRIGGER search_person_update AFTER UPDATE ON person
BEGIN
    DELETE FROM search_text WHERE kind = 'person' AND owner = old.id;
    INSERT INTO search_text (title, body, kind, owner, revision, key)
        VALUES (new.name, concat_ws(char(10), new.team, new.contact, new.email, new.chat, new.notes), 'person', new.id, 0, '');
END;

CREATE TRIGGER search_person_delete AFTER DELETE ON person
BEGIN
    DELETE FROM search_text WHERE kind = 'person' AND owner = old.id;
END;
