//! Metrics in the store: the per-incident summary rows (`incident_metrics`, schema v5) and the
//! dashboard's queries over them.
//!
//! Invariant: an incident's row is what [`metrics::summarize`] makes of its fold. Declaring an
//! incident writes it and every action whose events can change it rewrites it, inside the
//! action's transaction ([`refresh_after`]); incidents from before schema v5 get theirs at the
//! first open after the migration ([`backfill_if_pending`]).
//!
//! The dashboard reads the rows through a [`RecordMirror`]: every row in memory, read once and
//! then kept in step with the table, so a query over years filters and computes instead of
//! reading 100,000 rows again.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, TransactionBehavior};

use super::incident::{load_incident, load_view};
use super::runbook::{load_revision, optional_time_column, time_column};
use super::{person, timeline, Store};
use crate::action_item::ActionStatus;
use crate::error::{Error, Result};
use crate::incident::{fold, IncidentMode};
use crate::metrics::{
    self, ActionItemRecord, Bucket, IncidentMetricsRow, Labels, Metrics, MetricsCsv, MetricsQuery, MetricsRecord,
    MetricsRowsPage,
};
use crate::runbook::{Runbook, ServiceTargets};
use crate::timeline::{stored_time, TimelineEvent};

/// The mark migration 0005 leaves for the rows it cannot write itself.
const BACKFILL_KEY: &str = "metrics_backfill";

const RECORD_COLUMNS: &str = "incident_id, mode, severity, runbook_id, commander, detected_ms, acknowledged_ms, \
     mitigated_ms, resolved_ms, closed_ms, acknowledge_target, mitigate_target, resolve_target, update_target, \
     identify_seconds, respond_seconds, recover_seconds, review_seconds, skipped_steps, update_intervals, late_updates, \
     drill_score";

/// Rewrites the incident's row when one of the events just appended can change it; says
/// whether it did.
pub(super) fn refresh_after(
    conn: &Connection,
    incident_id: &str,
    events: &[TimelineEvent],
    now: DateTime<Utc>,
) -> Result<bool> {
    let affected = events.iter().any(|e| metrics::affects_metrics(&e.body));
    if affected {
        refresh(conn, incident_id, now)?;
    }
    Ok(affected)
}

/// Rewrites the incident's row from its fold.
pub(super) fn refresh(conn: &Connection, incident_id: &str, now: DateTime<Utc>) -> Result<()> {
    let view = load_view(conn, incident_id, now)?;
    write(conn, &metrics::summarize(&view))
}

fn write(conn: &Connection, record: &MetricsRecord) -> Result<()> {
    conn.prepare_cached("DELETE FROM incident_metrics WHERE incident_id = ?1")?.execute([&*record.incident_id])?;
    let t = &record.targets;
    let p = &record.phase_seconds;
    conn.prepare_cached(&format!(
        "INSERT INTO incident_metrics ({RECORD_COLUMNS})
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)"
    ))?
    .execute(params![
        &*record.incident_id,
        record.mode.as_str(),
        record.severity,
        record.runbook_id,
        record.commander,
        record.detected_ms,
        record.acknowledged_ms,
        record.mitigated_ms,
        record.resolved_ms,
        record.closed_ms,
        t.acknowledge_minutes,
        t.mitigate_minutes,
        t.resolve_minutes,
        t.update_minutes,
        p[0],
        p[1],
        p[2],
        p[3],
        record.skipped_steps.join("\n"),
        record.update_intervals,
        record.late_updates,
        record.drill_score
    ])?;
    Ok(())
}

/// Writes the row of every incident when migration 0005 asked for it, in one transaction, and
/// removes the mark. The roster and each runbook revision are read once, not per incident.
pub(super) fn backfill_if_pending(conn: &mut Connection, now: DateTime<Utc>) -> Result<()> {
    let pending: Option<String> =
        conn.query_row("SELECT value FROM meta WHERE key = ?1", [BACKFILL_KEY], |row| row.get(0)).optional()?;
    if pending.is_none() {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let ids: Vec<String> =
        tx.prepare("SELECT id FROM incident")?.query_map([], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?;
    let people = person::list_people(&tx)?;
    let mut revisions: HashMap<(String, u32), Runbook> = HashMap::new();
    for id in &ids {
        let incident = load_incident(&tx, id)?;
        let key = (incident.runbook_id.clone(), incident.runbook_revision);
        if !revisions.contains_key(&key) {
            let runbook = load_revision(&tx, &key.0, key.1)?;
            revisions.insert(key.clone(), runbook);
        }
        let runbook = &revisions[&key];
        let view = fold(incident, runbook, &people, timeline::load(&tx, id)?, now);
        write(&tx, &metrics::summarize(&view))?;
    }
    tx.execute("DELETE FROM meta WHERE key = ?1", [BACKFILL_KEY])?;
    tx.commit()?;
    Ok(())
}

fn unreadable(index: usize, what: &str, text: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        index,
        rusqlite::types::Type::Text,
        format!("unreadable {what} '{text}'").into(),
    )
}

/// One shared copy of each severity, runbook id and commander read, so 100,000 records
/// allocate a handful of strings, not 300,000.
#[derive(Default)]
struct Names(HashSet<Arc<str>>);

impl Names {
    fn get(&mut self, text: &str) -> Arc<str> {
        if let Some(known) = self.0.get(text) {
            return known.clone();
        }
        let name: Arc<str> = text.into();
        self.0.insert(name.clone());
        name
    }
}

fn record_from_row(row: &rusqlite::Row<'_>, names: &mut Names) -> rusqlite::Result<MetricsRecord> {
    let mode = row.get_ref(1)?.as_str()?;
    let skipped = row.get_ref(18)?.as_str()?;
    Ok(MetricsRecord {
        incident_id: row.get_ref(0)?.as_str()?.into(),
        mode: IncidentMode::parse(mode).ok_or_else(|| unreadable(1, "mode", mode))?,
        severity: names.get(row.get_ref(2)?.as_str()?),
        runbook_id: names.get(row.get_ref(3)?.as_str()?),
        commander: row.get_ref(4)?.as_str_or_null()?.map(|id| names.get(id)),
        team: None,
        detected_ms: row.get(5)?,
        acknowledged_ms: row.get(6)?,
        mitigated_ms: row.get(7)?,
        resolved_ms: row.get(8)?,
        closed_ms: row.get(9)?,
        targets: ServiceTargets {
            acknowledge_minutes: row.get(10)?,
            mitigate_minutes: row.get(11)?,
            resolve_minutes: row.get(12)?,
            update_minutes: row.get(13)?,
        },
        phase_seconds: [row.get(14)?, row.get(15)?, row.get(16)?, row.get(17)?],
        skipped_steps: if skipped.is_empty() { Vec::new() } else { skipped.split('\n').map(str::to_string).collect() },
        update_intervals: row.get(19)?,
        late_updates: row.get(20)?,
        drill_score: row.get(21)?,
    })
}

/// Every summary row, in detection order then id.
fn read_all(conn: &Connection) -> Result<Vec<MetricsRecord>> {
    let mut statement = conn
        .prepare(&format!("SELECT {RECORD_COLUMNS} FROM incident_metrics m ORDER BY m.detected_ms, m.incident_id"))?;
    let mut names = Names::default();
    let rows = statement.query_map([], |row| record_from_row(row, &mut names))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn by_detection(a: &MetricsRecord, b: &MetricsRecord) -> std::cmp::Ordering {
    (a.detected_ms, &a.incident_id).cmp(&(b.detected_ms, &b.incident_id))
}

/// The summary rows held in memory, in detection order then id, as of the store's last
/// dashboard query.
///
/// Invariant: inside a read transaction, after [`RecordMirror::catch_up`], the mirror holds
/// exactly the table's rows. The rows this connection rewrites are marked [`RecordMirror::stale`]
/// and read again (by id) at the next query; a commit by any other connection (the command-line
/// tool while the app is open) moves SQLite's `data_version`, and then every row is read again.
#[derive(Default)]
pub(super) struct RecordMirror {
    records: Vec<MetricsRecord>,
    /// Each record's position in `records`, by incident id: an action item finds its incident.
    positions: HashMap<Arc<str>, usize>,
    /// `PRAGMA data_version` when the rows were read; `None` before the first read.
    data_version: Option<i64>,
    stale: HashSet<String>,
}

impl RecordMirror {
    /// Marks an incident's row as rewritten by this connection (whether or not the
    /// transaction commits: reading it again is right either way).
    pub(super) fn stale(&mut self, incident_id: &str) {
        if self.data_version.is_some() {
            self.stale.insert(incident_id.to_string());
        }
    }

    fn catch_up(&mut self, conn: &Connection) -> Result<()> {
        let version: i64 = conn.query_row("PRAGMA data_version", [], |row| row.get(0))?;
        if self.data_version != Some(version) {
            self.records = read_all(conn)?;
            self.data_version = Some(version);
            self.stale.clear();
            self.index();
            return Ok(());
        }
        if self.stale.is_empty() {
            return Ok(());
        }
        let mut statement =
            conn.prepare_cached(&format!("SELECT {RECORD_COLUMNS} FROM incident_metrics m WHERE m.incident_id = ?1"))?;
        let mut names = Names::default();
        let (mut gone, mut placed) = (HashSet::new(), Vec::new());
        for id in std::mem::take(&mut self.stale) {
            let fresh = statement.query_row([&id], |row| record_from_row(row, &mut names)).optional()?;
            match (self.positions.get(id.as_str()).copied(), fresh) {
                // The common case (a milestone, a phase): the row keeps its place.
                (Some(at), Some(record)) if self.records[at].detected_ms == record.detected_ms => {
                    self.records[at] = record;
                }
                (_, fresh) => {
                    placed.extend(fresh);
                    gone.insert(id);
                }
            }
        }
        if !gone.is_empty() {
            self.records.retain(|r| !gone.contains(&*r.incident_id));
            for record in placed {
                let at = self.records.partition_point(|r| by_detection(r, &record).is_lt());
                self.records.insert(at, record);
            }
            self.index();
        }
        Ok(())
    }

    fn index(&mut self) {
        self.positions = self.records.iter().enumerate().map(|(at, r)| (r.incident_id.clone(), at)).collect();
    }
}

/// The records a query keeps, of both modes, in detection order: those of its period that pass
/// its severity, runbook and team filters.
struct Kept<'a> {
    all: &'a [MetricsRecord],
    period: std::ops::Range<usize>,
    /// For each record of the period, its position in `records`, or `None` when a filter drops it.
    slots: Vec<Option<u32>>,
    records: Vec<&'a MetricsRecord>,
}

/// Whether a record passes the query's severity, runbook and team filters (not its period).
struct Filters<'q> {
    query: &'q MetricsQuery,
    /// The team's people as the roster says now: a handful, read once per query.
    team: Option<HashSet<String>>,
}

impl Filters<'_> {
    fn read<'q>(conn: &Connection, query: &'q MetricsQuery) -> Result<Filters<'q>> {
        let team = match &query.team {
            Some(team) => Some(
                conn.prepare_cached("SELECT id FROM person WHERE team = ?1")?
                    .query_map([team], |row| row.get(0))?
                    .collect::<rusqlite::Result<_>>()?,
            ),
            None => None,
        };
        Ok(Filters { query, team })
    }

    fn pass(&self, r: &MetricsRecord) -> bool {
        let listed = |list: &[String], name: &str| list.is_empty() || list.iter().any(|v| v == name);
        listed(&self.query.severities, &r.severity)
            && listed(&self.query.runbooks, &r.runbook_id)
            && self.team.as_ref().is_none_or(|people| r.commander.as_ref().is_some_and(|c| people.contains(&**c)))
    }

    fn keep<'a>(&self, all: &'a [MetricsRecord]) -> Kept<'a> {
        let (from, to) = (self.query.from.timestamp_millis(), self.query.to.timestamp_millis());
        let period = all.partition_point(|r| r.detected_ms < from)..all.partition_point(|r| r.detected_ms < to);
        let mut records = Vec::with_capacity(period.len());
        let slots = all[period.clone()]
            .iter()
            .map(|r| {
                self.pass(r).then(|| {
                    records.push(r);
                    (records.len() - 1) as u32
                })
            })
            .collect();
        Kept { all, period, slots, records }
    }
}

fn check(query: &MetricsQuery) -> Result<()> {
    if query.from >= query.to {
        return Err(Error::InvalidInput(format!(
            "the period must end after it starts: from {} to {}",
            stored_time(query.from),
            stored_time(query.to)
        )));
    }
    let bars = metrics::trend_bars(query);
    if bars > metrics::TREND_BARS_AT_MOST {
        let (width, or_by_month) = match query.bucket {
            Bucket::Week => ("week", " or chart it by month"),
            Bucket::Month => ("month", ""),
        };
        return Err(Error::InvalidInput(format!(
            "the period from {} to {} has {bars} bars of a {width}; a trend shows at most {}: shorten the period{or_by_month}",
            stored_time(query.from),
            stored_time(query.to),
            metrics::TREND_BARS_AT_MOST,
        )));
    }
    Ok(())
}

/// The action items written before the period's end whose incident passes the query's filters
/// and its drill switch, whenever that incident was detected, in order of writing; each with its
/// incident's position among the kept records when it was detected in the period.
fn action_items(
    conn: &Connection,
    query: &MetricsQuery,
    filters: &Filters,
    kept: &Kept,
    positions: &HashMap<Arc<str>, usize>,
) -> Result<Vec<ActionItemRecord>> {
    let mut statement = conn.prepare_cached(
        "SELECT incident_id, status, due_on, created_at, closed_at FROM action_item
         WHERE created_at < ?1 ORDER BY created_at, id",
    )?;
    let item = |row: &rusqlite::Row<'_>| -> rusqlite::Result<Option<ActionItemRecord>> {
        let incident_id = row.get_ref(0)?.as_str()?;
        let Some(&at) = positions.get(incident_id) else {
            return Ok(None);
        };
        let incident = &kept.all[at];
        if !query.drills.counts(incident.mode) || !filters.pass(incident) {
            return Ok(None);
        }
        let status = row.get_ref(1)?.as_str()?;
        let due = row.get_ref(2)?.as_str_or_null()?;
        Ok(Some(ActionItemRecord {
            incident_id: incident_id.to_string(),
            incident_position: if kept.period.contains(&at) { kept.slots[at - kept.period.start] } else { None },
            status: ActionStatus::parse(status).ok_or_else(|| unreadable(1, "action status", status))?,
            due_on: due
                .map(|text| NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| unreadable(2, "due date", text)))
                .transpose()?,
            created_at: time_column(row, 3)?,
            closed_at: optional_time_column(row, 4)?,
        }))
    };
    let mut rows = statement.query([stored_time(query.to)])?;
    let mut items = Vec::new();
    while let Some(row) = rows.next()? {
        items.extend(item(row)?);
    }
    Ok(items)
}

fn labels(conn: &Connection, query: &MetricsQuery, records: &[&MetricsRecord]) -> Result<Labels> {
    let current: Vec<(String, String, Option<u32>)> = conn
        .prepare_cached(
            "SELECT r.id, v.title, v.drill_days FROM runbook r
             JOIN runbook_revision v ON v.runbook_id = r.id AND v.revision = r.current_revision",
        )?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let drill_cadences = current
        .iter()
        .filter(|(id, _, _)| query.runbooks.is_empty() || query.runbooks.contains(id))
        .filter_map(|(id, _, days)| days.map(|days| (id.clone(), days)))
        .collect();
    let runbooks = current.into_iter().map(|(id, title, _)| (id, title)).collect();
    let skipped: HashSet<(&str, &str)> =
        records.iter().flat_map(|r| r.skipped_steps.iter().map(|step| (&*r.runbook_id, step.as_str()))).collect();
    let mut title = conn
        .prepare_cached("SELECT title FROM step WHERE runbook_id = ?1 AND key = ?2 ORDER BY revision DESC LIMIT 1")?;
    let mut steps = HashMap::new();
    for (runbook, step) in skipped {
        if let Some(text) = title.query_row(params![runbook, step], |row| row.get::<_, String>(0)).optional()? {
            steps.insert(format!("{runbook}/{step}"), text);
        }
    }
    Ok(Labels { runbooks, steps, severities: person::severities(conn)?, drill_cadences })
}

/// The rows of `incident_metrics m` that meet `condition`, in detection order, with each
/// incident's title, its runbook revision's title and its commander's team (as the roster says
/// now), in one pass.
fn rows(conn: &Connection, condition: &str, values: Vec<Value>, now: DateTime<Utc>) -> Result<Vec<IncidentMetricsRow>> {
    let columns: Vec<String> = RECORD_COLUMNS.split(", ").map(|column| format!("m.{column}")).collect();
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {}, i.title, v.title, nullif(p.team, '') FROM incident_metrics m
         JOIN incident i ON i.id = m.incident_id
         JOIN runbook_revision v ON v.runbook_id = i.runbook_id AND v.revision = i.runbook_revision
         LEFT JOIN person p ON p.id = m.commander
         WHERE {condition} ORDER BY m.detected_ms, m.incident_id",
        columns.join(", ")
    ))?;
    let count = columns.len();
    let mut names = Names::default();
    let rows = statement.query_map(params_from_iter(values), |row| {
        let mut record = record_from_row(row, &mut names)?;
        record.team = row.get(count + 2)?;
        let title: String = row.get(count)?;
        let runbook_title: String = row.get(count + 1)?;
        Ok(metrics::row(&record, &title, &runbook_title, now))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The rows of these incidents, in detection order; an id without a row is left out.
fn rows_of(conn: &Connection, ids: &[impl AsRef<str>], now: DateTime<Utc>) -> Result<Vec<IncidentMetricsRow>> {
    let mut found = Vec::with_capacity(ids.len());
    // Within SQLite's limit on bound values per statement.
    for chunk in ids.chunks(500) {
        let condition = format!("m.incident_id IN ({})", vec!["?"; chunk.len()].join(", "));
        let values = chunk.iter().map(|id| Value::Text(id.as_ref().to_string())).collect();
        found.extend(rows(conn, &condition, values, now)?);
    }
    found.sort_by(|a, b| a.detected_at.cmp(&b.detected_at).then_with(|| a.id.cmp(&b.id)));
    Ok(found)
}

impl Store {
    /// Writes the query's measures (or the per-incident rows behind them) as CSV to `path`, with
    /// every definition in its `#` header, through a temporary file and a rename.
    pub fn export_metrics_csv(&self, query: &MetricsQuery, csv: MetricsCsv, path: &std::path::Path) -> Result<()> {
        let figures = self.metrics(query)?;
        let text = match csv {
            MetricsCsv::Measures => metrics::write_measures_csv(&figures),
            MetricsCsv::Rows => metrics::write_rows_csv(&figures, &self.metrics_rows(query)?),
        };
        crate::export::write_text(path, &text)
    }

    /// The dashboard's figures for the query, with targets judged at the store's clock.
    pub fn metrics(&self, query: &MetricsQuery) -> Result<Metrics> {
        check(query)?;
        // One read transaction: the figures and the action items agree with each other.
        let tx = self.conn.unchecked_transaction()?;
        let mut mirror = self.metrics_records.borrow_mut();
        mirror.catch_up(&tx)?;
        let filters = Filters::read(&tx, query)?;
        let kept = filters.keep(&mirror.records);
        let items = action_items(&tx, query, &filters, &kept, &mirror.positions)?;
        let labels = labels(&tx, query, &kept.records)?;
        tx.finish()?;
        Ok(metrics::compute(query, &kept.records, &items, &labels, self.clock.now()))
    }

    /// The ids of the incidents a checked query counts (its filters and its drill switch), in
    /// detection order, chosen among the rows in memory.
    fn counted_ids(&self, conn: &Connection, query: &MetricsQuery) -> Result<Vec<Arc<str>>> {
        check(query)?;
        let mut mirror = self.metrics_records.borrow_mut();
        mirror.catch_up(conn)?;
        let kept = Filters::read(conn, query)?.keep(&mirror.records);
        Ok(kept.records.iter().filter(|r| query.drills.counts(r.mode)).map(|r| r.incident_id.clone()).collect())
    }

    /// Every row the query counts (by the drill switch), in detection order: the per-incident
    /// CSV and `muster metrics --rows`.
    pub fn metrics_rows(&self, query: &MetricsQuery) -> Result<Vec<IncidentMetricsRow>> {
        let tx = self.conn.unchecked_transaction()?;
        let rows = rows_of(&tx, &self.counted_ids(&tx, query)?, self.clock.now())?;
        tx.finish()?;
        Ok(rows)
    }

    /// A page of those rows for the table under the charts, and how many there are in all: the
    /// window shows a long history a page at a time instead of reading it whole.
    pub fn metrics_rows_page(&self, query: &MetricsQuery, offset: u32, limit: u32) -> Result<MetricsRowsPage> {
        let tx = self.conn.unchecked_transaction()?;
        // The page is chosen among the rows in memory, so a late page costs what the first does.
        let ids = self.counted_ids(&tx, query)?;
        let page: Vec<&Arc<str>> = ids.iter().skip(offset as usize).take(limit as usize).collect();
        let rows = rows_of(&tx, &page, self.clock.now())?;
        tx.finish()?;
        Ok(MetricsRowsPage { total: ids.len() as u32, offset, rows })
    }

    /// The rows of these incidents (the ones behind a figure), in detection order, whatever the
    /// period; an id without a row is left out.
    pub fn metrics_rows_of(&self, ids: &[String]) -> Result<Vec<IncidentMetricsRow>> {
        let tx = self.conn.unchecked_transaction()?;
        let found = rows_of(&tx, ids, self.clock.now())?;
        tx.finish()?;
        Ok(found)
    }
}
