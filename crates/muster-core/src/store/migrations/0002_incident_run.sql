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
