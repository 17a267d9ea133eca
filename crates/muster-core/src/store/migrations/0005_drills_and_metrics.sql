-- Muster schema version 5: drills and the metrics summary.
--
-- Drills. A runbook revision carries its drill cadence and the scenarios
-- it is rehearsed with (a master scenario events list each, stored as JSON: a revision never
-- changes, and scenarios are only ever read whole). The drill run itself needs no table: its
-- clock and injects are timeline events.

ALTER TABLE runbook_revision ADD COLUMN drill_days INTEGER CHECK (drill_days IS NULL OR drill_days > 0);
ALTER TABLE runbook_revision ADD COLUMN scenarios_json TEXT NOT NULL DEFAULT '[]';

-- A runbook's last drill, for its drill due date on the home screen.
CREATE INDEX incident_by_runbook_mode ON incident(runbook_id, mode, started_at);

-- And one metrics row per incident, the summary the metrics dashboard
-- reads instead of folding every timeline. Like the incident row's milestones it is a
-- projection of the timeline, never the truth: `store/metrics.rs` rewrites it in the same
-- transaction as any event that can change it. Times are integer milliseconds since the Unix
-- epoch (UTC) and durations whole seconds, so a dashboard reads numbers, not text to parse.
-- Keyed by detection time first: a period is one range of the table, in detection order.

CREATE TABLE incident_metrics (
    detected_ms        INTEGER NOT NULL,
    incident_id        TEXT NOT NULL UNIQUE REFERENCES incident(id),
    mode               TEXT NOT NULL CHECK (mode IN ('real', 'drill')),
    severity           TEXT NOT NULL,
    runbook_id         TEXT NOT NULL,
    -- The person holding the incident-commander role at the end of the timeline; the team
    -- filter reads their team from the roster at query time.
    commander          TEXT,
    acknowledged_ms    INTEGER,
    mitigated_ms       INTEGER,
    resolved_ms        INTEGER,
    closed_ms          INTEGER,
    -- The targets of the incident's severity in its pinned runbook revision, in minutes.
    acknowledge_target INTEGER,
    mitigate_target    INTEGER,
    resolve_target     INTEGER,
    update_target      INTEGER,
    identify_seconds   INTEGER,
    respond_seconds    INTEGER,
    recover_seconds    INTEGER,
    review_seconds     INTEGER,
    -- Keys of the steps that ended skipped, one per line.
    skipped_steps      TEXT NOT NULL DEFAULT '',
    update_intervals   INTEGER,
    late_updates       INTEGER,
    -- A closed drill's final score (scorecard.rs, judged at its close); NULL otherwise.
    drill_score        INTEGER,
    PRIMARY KEY (detected_ms, incident_id)
) STRICT, WITHOUT ROWID;

-- The rows of existing incidents need their timelines folded, which SQL cannot do: the next
-- open writes them (`store/metrics.rs`, `backfill_if_pending`) and removes this mark.
INSERT INTO meta (key, value) VALUES ('metrics_backfill', 'pending')
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;
