//! Metrics: how incidents went over a period, each measure with its definition next to it
//! (`docs/metrics.md` lists them all).
//!
//! An incident belongs to the period `[from, to)` (half-open) that holds its *detection* time,
//! whatever its declaration time (a backdated detection counts where it was detected) and
//! however late its later milestones come (its durations are measured whole, even past `to`).
//!
//! Each incident has a [`MetricsRecord`]: what the metrics need from its fold (milestones,
//! the targets of its severity, time in each phase, skipped steps, status-update intervals),
//! computed by [`summarize`] from the [`IncidentView`] and kept by the store as a summary row
//! rewritten in the same transaction as the events it follows from, like the incident row's
//! projection. [`compute`] turns the records of a period into [`Metrics`] without reading any
//! timeline, so a dashboard over 100,000 incidents reads 100,000 rows, not a million events.
//!
//! Invariant: a record never depends on the current time; everything that does (a target not
//! reached yet is pending until its due time passes, then breached) is decided in [`compute`]
//! with the `now` it is given.
//!
//! Statistics: medians and 90th percentiles are nearest-rank percentiles (the value at rank
//! ⌈p·n/100⌉ of the n values in ascending order), so each is a duration one incident really had;
//! for an even n the median is the lower of the two middle values. Durations are whole seconds,
//! rounded down.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::action_item::ActionStatus;
use crate::incident::{IncidentMode, IncidentView, StepStatus};
use crate::phase::Phase;
use crate::review::Verdict;
use crate::runbook::ServiceTargets;
use crate::timeline::EventBody;

/// The role whose holder's team is an incident's team (the `team` filter).
pub const COMMANDER_ROLE: &str = "incident-commander";

/// Which incidents the incident measures count; drill measures always count drills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DrillFilter {
    /// Real incidents only: the default, so practice never flatters or spoils the real figures.
    Exclude,
    /// Real incidents and drills together.
    Include,
    /// Drills only.
    Only,
}

impl DrillFilter {
    pub fn counts(self, mode: IncidentMode) -> bool {
        match self {
            DrillFilter::Exclude => mode == IncidentMode::Real,
            DrillFilter::Include => true,
            DrillFilter::Only => mode == IncidentMode::Drill,
        }
    }
}

/// The width of a trend chart's bars, in UTC: weeks start on Monday 00:00, months on the 1st.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    Week,
    Month,
}

/// Which CSV of the dashboard to write: the measures, or the per-incident rows behind them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MetricsCsv {
    Measures,
    Rows,
}

/// What the dashboard asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MetricsQuery {
    /// Start of the period, included: incidents detected at or after it.
    pub from: DateTime<Utc>,
    /// End of the period, excluded: incidents detected before it.
    pub to: DateTime<Utc>,
    /// Severities to keep; empty keeps all.
    pub severities: Vec<String>,
    /// Runbook ids to keep; empty keeps all.
    pub runbooks: Vec<String>,
    /// Keep only incidents whose commander (see [`COMMANDER_ROLE`]) is on this team, as the
    /// roster says now.
    pub team: Option<String>,
    pub drills: DrillFilter,
    pub bucket: Bucket,
}

/// What the metrics need from one incident's fold; the store keeps one per incident.
/// Times are milliseconds since the Unix epoch, UTC. The severity, runbook and commander are
/// shared strings: a dashboard reads 100,000 records that name a handful of each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetricsRecord {
    /// Shared: the dashboard's answer lists every incident of a period by id.
    pub incident_id: Arc<str>,
    pub mode: IncidentMode,
    pub severity: Arc<str>,
    pub runbook_id: Arc<str>,
    /// The person holding the commander role at the end of the timeline.
    pub commander: Option<Arc<str>>,
    /// The commander's team, read from the roster when the record is read (not stored).
    pub team: Option<String>,
    pub detected_ms: i64,
    pub acknowledged_ms: Option<i64>,
    pub mitigated_ms: Option<i64>,
    pub resolved_ms: Option<i64>,
    pub closed_ms: Option<i64>,
    /// The targets of the incident's severity in its pinned runbook revision.
    pub targets: ServiceTargets,
    /// Seconds in Identify, Respond, Recover, Review; `None` until the phase is left.
    pub phase_seconds: [Option<i64>; 4],
    /// Keys of the steps that ended skipped.
    pub skipped_steps: Vec<String>,
    /// With an update target: the intervals between status updates (see [`summarize`]) and
    /// how many of them were longer than the target.
    pub update_intervals: Option<u32>,
    pub late_updates: Option<u32>,
    /// A closed drill's final score, 0–100 ([`crate::scorecard`], judged at its close, so it no
    /// longer changes); `None` for a real incident or a drill still open.
    pub drill_score: Option<u32>,
}

/// Whether an event can change an incident's [`MetricsRecord`]. A plain tick, a note, a log
/// entry, a snooze, a breach or a clock jump cannot, so the hot path of a tick keeps its cost.
pub fn affects_metrics(body: &EventBody) -> bool {
    !matches!(
        body,
        EventBody::StepTicked { .. }
            | EventBody::StepNoted { .. }
            | EventBody::LogEntry { .. }
            | EventBody::ReminderSnoozed { .. }
            | EventBody::TimerBreached { .. }
            | EventBody::ClockJumped { .. }
    )
}

/// The record of one incident, from its view.
///
/// Status updates: with an update target of U minutes, the intervals are declaration → first
/// update → … → last update → resolution, counting the updates made before resolution (a
/// correction's time is used); an interval longer than U is late. The last interval of an
/// unresolved incident is still open and is not counted.
pub fn summarize(view: &IncidentView) -> MetricsRecord {
    let incident = &view.incident;
    let m = &view.milestones;
    let ms = |at: DateTime<Utc>| at.timestamp_millis();
    let facts = crate::review::facts(view, &[], incident.closed_at.unwrap_or(m.detected));
    let mut phase_seconds = [None; 4];
    for fact in &facts.phases {
        if let Some(index) = Phase::ALL.iter().position(|p| *p == fact.phase) {
            phase_seconds[index] = fact.seconds;
        }
    }
    let targets = view.targets.clone().unwrap_or_default();
    let (update_intervals, late_updates) = match targets.update_minutes {
        Some(minutes) => {
            let (intervals, late) = update_intervals(view, minutes);
            (Some(intervals), Some(late))
        }
        None => (None, None),
    };
    MetricsRecord {
        incident_id: incident.id.as_str().into(),
        mode: incident.mode,
        severity: incident.severity.as_str().into(),
        runbook_id: incident.runbook_id.as_str().into(),
        commander: view
            .roles
            .iter()
            .find(|h| h.role.id == COMMANDER_ROLE)
            .and_then(|h| h.person.as_ref())
            .map(|p| p.id.as_str().into()),
        team: None,
        detected_ms: ms(m.detected),
        acknowledged_ms: m.acknowledged.map(ms),
        mitigated_ms: m.mitigated.map(ms),
        resolved_ms: m.resolved.map(ms),
        closed_ms: incident.closed_at.map(ms),
        targets,
        phase_seconds,
        skipped_steps: view
            .steps()
            .filter(|s| !s.hidden && s.status == StepStatus::Skipped)
            .map(|s| s.step.key.clone())
            .collect(),
        update_intervals,
        late_updates,
        drill_score: incident
            .closed_at
            .filter(|_| incident.mode == IncidentMode::Drill)
            .and_then(|closed| crate::scorecard::scorecard(view, closed).score),
    }
}

fn update_intervals(view: &IncidentView, minutes: u32) -> (u32, u32) {
    let resolved = view.milestones.resolved;
    let mut times: Vec<DateTime<Utc>> = view
        .timeline
        .iter()
        .filter(|e| matches!(e.event.body, EventBody::StatusUpdated { .. }))
        .map(|e| e.occurred_at)
        .filter(|at| resolved.is_none_or(|r| *at < r))
        .collect();
    times.sort();
    let mut marks = vec![view.incident.started_at];
    marks.extend(times);
    marks.extend(resolved);
    let limit = Duration::minutes(i64::from(minutes));
    let gaps = marks.windows(2).map(|pair| pair[1] - pair[0]);
    gaps.fold((0, 0), |(all, late), gap| (all + 1, late + u32::from(gap > limit)))
}

/// An action item as the metrics count it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionItemRecord {
    pub incident_id: String,
    /// The incident's position among the records [`compute`] is given; `None` when it was
    /// detected outside the period.
    pub incident_position: Option<u32>,
    pub status: ActionStatus,
    pub due_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
}

/// What the store looks up besides the records: runbook titles by id, step titles by
/// `runbook/step`, the severity scale (most severe first) for ordering, and the drill cadence
/// in days of each runbook the runbook filter keeps (current revisions).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Labels {
    pub runbooks: HashMap<String, String>,
    pub steps: HashMap<String, String>,
    pub severities: Vec<String>,
    pub drill_cadences: Vec<(String, u32)>,
}

/// A measure's figure: one number, or a summary of durations, or a share.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FigureValue {
    Count {
        count: u32,
    },
    Durations {
        count: u32,
        #[ts(type = "number | null")]
        median_seconds: Option<i64>,
        #[ts(type = "number | null")]
        p90_seconds: Option<i64>,
        mean_seconds: Option<f64>,
    },
    /// `met` of `of`, and that as a percentage (`None` when `of` is 0).
    Share {
        met: u32,
        of: u32,
        percent: Option<f64>,
    },
    /// The mean of `count` scores (0–100).
    Mean {
        count: u32,
        mean: Option<f64>,
    },
    /// Muster does not record what this needs yet; the definition says what is missing.
    Unavailable,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Figure {
    /// What the figure is about within its measure: a severity, a runbook id, a phase, a step
    /// (`runbook/step`); `None` for the measure as a whole.
    pub key: Option<String>,
    /// The key as people read it (a runbook's or a step's title).
    pub key_label: Option<String>,
    pub value: FigureValue,
    /// The incidents the value is computed from, as positions in [`Metrics::incidents`].
    pub incidents: Vec<u32>,
    /// Incidents in scope that the value leaves out, for the reason the definition gives
    /// (unresolved, target still pending…), as positions in [`Metrics::incidents`].
    pub excluded: Vec<u32>,
    /// How many incidents the value is computed from: the length of `incidents`, unless
    /// [`Metrics::listing`] cut it.
    pub incidents_total: u32,
    /// How many incidents the value leaves out: the length of `excluded`, unless cut.
    pub excluded_total: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Measure {
    /// Stable: the UI translates labels and definitions by it.
    pub id: String,
    pub label: String,
    /// Which timestamps and which incidents count, in English.
    pub definition: String,
    pub figures: Vec<Figure>,
}

/// One bar of a trend chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TrendPoint {
    pub start: DateTime<Utc>,
    /// Excluded: the next bucket's start.
    pub end: DateTime<Utc>,
    pub count: u32,
    #[ts(type = "number | null")]
    pub mtta_median_seconds: Option<i64>,
    #[ts(type = "number | null")]
    pub mttr_median_seconds: Option<i64>,
    /// Positions in [`Metrics::incidents`] of the incidents detected in the bucket (the first
    /// of them, if [`Metrics::listing`] cut the list; `count` is all of them).
    pub incidents: Vec<u32>,
}

/// The dashboard's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Metrics {
    pub query: MetricsQuery,
    /// The moment targets were judged at: one not reached by then is pending or breached.
    pub computed_at: DateTime<Utc>,
    /// Every incident a figure refers to, by id: the period's incidents in detection order,
    /// then the incidents of action items counted from outside the period.
    #[ts(type = "Array<string>")]
    pub incidents: Vec<Arc<str>>,
    pub measures: Vec<Measure>,
    pub trend: Vec<TrendPoint>,
}

impl Metrics {
    pub fn measure(&self, id: &str) -> Option<&Measure> {
        self.measures.iter().find(|m| m.id == id)
    }

    /// The ids of the incidents behind a figure.
    pub fn incidents_of<'a>(&'a self, figure: &'a Figure) -> impl Iterator<Item = &'a str> + 'a {
        figure.incidents.iter().filter_map(|&i| self.incidents.get(i as usize).map(|id| &**id))
    }

    /// The answer with the first `limit` incidents of each list (totals and values unchanged)
    /// and only those incidents in [`Metrics::incidents`], in the same order: what the window
    /// gets. Whole lists over two years of incidents are ~1.5 million positions (12.6 MiB of
    /// JSON, measured) for a window that lists the first [`LISTED_PER_FIGURE`] of a figure and
    /// reads the table's rows a page at a time.
    pub fn listing(mut self, limit: usize) -> Metrics {
        let mut listed = vec![false; self.incidents.len()];
        for list in self.lists() {
            list.truncate(limit);
            for &position in list.iter() {
                listed[position as usize] = true;
            }
        }
        let mut moved_to = vec![0; listed.len()];
        let mut incidents = Vec::new();
        for ((id, listed), moved) in std::mem::take(&mut self.incidents).into_iter().zip(listed).zip(&mut moved_to) {
            if listed {
                *moved = incidents.len() as u32;
                incidents.push(id);
            }
        }
        for list in self.lists() {
            for position in list.iter_mut() {
                *position = moved_to[*position as usize];
            }
        }
        self.incidents = incidents;
        self
    }

    /// Every list of positions in [`Metrics::incidents`].
    fn lists(&mut self) -> impl Iterator<Item = &mut Vec<u32>> {
        let figures = self.measures.iter_mut().flat_map(|m| m.figures.iter_mut());
        figures
            .flat_map(|f| [&mut f.incidents, &mut f.excluded])
            .chain(self.trend.iter_mut().map(|point| &mut point.incidents))
    }
}

/// How many incidents of each list the window gets ([`Metrics::listing`]).
pub const LISTED_PER_FIGURE: usize = 200;

/// One incident's line of the table under the charts and of the per-incident CSV.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct IncidentMetricsRow {
    pub id: String,
    pub title: String,
    pub runbook_id: String,
    pub runbook_title: String,
    pub severity: String,
    pub mode: IncidentMode,
    pub team: Option<String>,
    pub detected_at: DateTime<Utc>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub mitigated_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    #[ts(type = "number | null")]
    pub acknowledge_seconds: Option<i64>,
    #[ts(type = "number | null")]
    pub mitigate_seconds: Option<i64>,
    #[ts(type = "number | null")]
    pub resolve_seconds: Option<i64>,
    pub acknowledge_target: Verdict,
    pub mitigate_target: Verdict,
    pub resolve_target: Verdict,
    #[ts(type = "number | null")]
    pub identify_seconds: Option<i64>,
    #[ts(type = "number | null")]
    pub respond_seconds: Option<i64>,
    #[ts(type = "number | null")]
    pub recover_seconds: Option<i64>,
    #[ts(type = "number | null")]
    pub review_seconds: Option<i64>,
    pub skipped_steps: u32,
    pub update_intervals: Option<u32>,
    pub late_updates: Option<u32>,
}

/// A page of the rows behind the dashboard: `rows` starts at position `offset` of the `total`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MetricsRowsPage {
    pub total: u32,
    pub offset: u32,
    pub rows: Vec<IncidentMetricsRow>,
}

/// The row of one incident; `title` and `runbook_title` come from the store.
pub fn row(record: &MetricsRecord, title: &str, runbook_title: &str, now: DateTime<Utc>) -> IncidentMetricsRow {
    let time = |ms: i64| Utc.timestamp_millis_opt(ms).single().unwrap_or_default();
    let verdicts = verdicts(record, now.timestamp_millis());
    IncidentMetricsRow {
        id: record.incident_id.to_string(),
        title: title.to_string(),
        runbook_id: record.runbook_id.to_string(),
        runbook_title: runbook_title.to_string(),
        severity: record.severity.to_string(),
        mode: record.mode,
        team: record.team.clone(),
        detected_at: time(record.detected_ms),
        acknowledged_at: record.acknowledged_ms.map(time),
        mitigated_at: record.mitigated_ms.map(time),
        resolved_at: record.resolved_ms.map(time),
        closed_at: record.closed_ms.map(time),
        acknowledge_seconds: since_detected(record, record.acknowledged_ms),
        mitigate_seconds: since_detected(record, record.mitigated_ms),
        resolve_seconds: since_detected(record, record.resolved_ms),
        acknowledge_target: verdicts[0],
        mitigate_target: verdicts[1],
        resolve_target: verdicts[2],
        identify_seconds: record.phase_seconds[0],
        respond_seconds: record.phase_seconds[1],
        recover_seconds: record.phase_seconds[2],
        review_seconds: record.phase_seconds[3],
        skipped_steps: record.skipped_steps.len() as u32,
        update_intervals: record.update_intervals,
        late_updates: record.late_updates,
    }
}

fn since_detected(record: &MetricsRecord, at_ms: Option<i64>) -> Option<i64> {
    at_ms.map(|at| (at - record.detected_ms).div_euclid(1000))
}

/// The acknowledge, mitigate and resolve targets judged at `now_ms`, as the review does: met
/// when reached by detection + target; breached when reached later, or not reached by the due
/// time (by the close, for a closed incident); otherwise pending.
fn verdicts(record: &MetricsRecord, now_ms: i64) -> [Verdict; 3] {
    let t = &record.targets;
    let end = record.closed_ms.unwrap_or(now_ms);
    [
        (t.acknowledge_minutes, record.acknowledged_ms),
        (t.mitigate_minutes, record.mitigated_ms),
        (t.resolve_minutes, record.resolved_ms),
    ]
    .map(|(minutes, reached)| match minutes {
        None => Verdict::NoTarget,
        Some(minutes) => {
            let due = record.detected_ms + i64::from(minutes) * 60_000;
            match reached {
                Some(at) if at <= due => Verdict::Met,
                Some(_) => Verdict::Breached,
                None if end >= due => Verdict::Breached,
                None => Verdict::Pending,
            }
        }
    })
}

/// The nearest-rank `p`-th percentile of `values`, in any order; it reorders them. A selection,
/// not a sort: a figure over 95,000 incidents needs two ranks of its values, not their order.
pub fn percentile(values: &mut [i64], p: usize) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    let rank = (p * values.len()).div_ceil(100).max(1);
    Some(*values.select_nth_unstable(rank - 1).1)
}

fn durations(mut seconds: Vec<i64>) -> FigureValue {
    let count = seconds.len() as u32;
    let mean_seconds = (count > 0).then(|| seconds.iter().sum::<i64>() as f64 / f64::from(count));
    FigureValue::Durations {
        count,
        median_seconds: percentile(&mut seconds, 50),
        p90_seconds: percentile(&mut seconds, 90),
        mean_seconds,
    }
}

fn share(met: u32, of: u32) -> FigureValue {
    FigureValue::Share { met, of, percent: (of > 0).then(|| f64::from(met) * 100.0 / f64::from(of)) }
}

const PERIOD: &str = "Incidents count in the period that holds their detection time (from included, to excluded), \
     whatever their declaration time; their durations are measured whole, even when a milestone falls after the period.";

/// The English label and definition of each measure, by id: the UI shows them next to the
/// figures (and translates them by id), the CSV header and `docs/metrics.md` repeat them.
pub const DEFINITIONS: &[(&str, &str, &str)] = &[
    ("incidents", "Incidents", "Incidents detected in the period that the drill switch counts."),
    ("incidents_by_severity", "Incidents by severity", "The same incidents, by their severity at the end of the timeline."),
    ("incidents_by_runbook", "Incidents by runbook", "The same incidents, by the runbook they were run from."),
    (
        "time_to_acknowledge",
        "Time to acknowledge (MTTA)",
        "Acknowledged minus detected, for the incidents acknowledged; those never acknowledged are excluded and listed.",
    ),
    (
        "time_to_mitigate",
        "Time to mitigate",
        "Mitigated minus detected, for the incidents mitigated (resolving also mitigates); the others are excluded and listed.",
    ),
    (
        "time_to_resolve",
        "Time to resolve (MTTR)",
        "Resolved minus detected, for the incidents resolved; unresolved incidents are excluded and listed.",
    ),
    (
        "acknowledge_target",
        "Acknowledge target met",
        "Per severity: incidents acknowledged by detection + the acknowledge target of their runbook, of those judged. \
         Not reached when computed and not yet due (or closed before it was due): pending, excluded and listed, as are \
         incidents without that target.",
    ),
    (
        "mitigate_target",
        "Mitigate target met",
        "Per severity: incidents mitigated by detection + the mitigate target, of those judged; pending and \
         target-less incidents are excluded and listed.",
    ),
    (
        "resolve_target",
        "Resolve target met",
        "Per severity: incidents resolved by detection + the resolve target, of those judged; pending and \
         target-less incidents are excluded and listed.",
    ),
    (
        "phase_time",
        "Time in each phase",
        "Per phase: from entering it to entering the next one (for Review, to closing the incident); a phase not \
         entered or not yet left is excluded and listed.",
    ),
    (
        "steps_skipped",
        "Steps skipped most often",
        "Per runbook step: the incidents whose timeline ends with the step skipped (not counting steps marked not \
         applicable or hidden by a decision), most often first.",
    ),
    (
        "status_update_punctuality",
        "Status updates on time",
        "Intervals no longer than the update target of the incident's severity, of all intervals: declaration to the \
         first status update, between updates, last update to resolution (updates after resolution do not count). \
         The open interval of an unresolved incident is not counted; incidents without an update target or without a \
         closed interval are excluded and listed.",
    ),
    (
        "drills_held",
        "Drills held",
        "Drills detected in the period, under the severity, runbook and team filters, whatever the drill switch.",
    ),
    (
        "drills_planned",
        "Drills planned",
        "Per runbook with a drill cadence (its current revision), kept by the runbook filter: how many whole \
         cadences fit in the period (rounded down), summed; the other filters do not apply to a plan.",
    ),
    (
        "drill_score",
        "Drill score",
        "The mean final score (0-100, the drill scorecard's formula, judged at the close) of the drills held in \
         the period that are closed; drills still open are excluded and listed.",
    ),
    (
        "action_items_opened",
        "Action items opened",
        "Action items written in the period (by their creation time), of incidents that pass the severity, runbook, \
         team and drill filters, whenever those incidents were detected.",
    ),
    (
        "action_items_closed",
        "Action items closed",
        "Action items of those incidents marked done or dropped in the period.",
    ),
    (
        "action_items_overdue",
        "Action items overdue",
        "Action items of those incidents that, at the end of the period (or now, if earlier), were written, not yet \
         closed, and past their due date (UTC days).",
    ),
];

fn measure(id: &str, figures: Vec<Figure>) -> Measure {
    let (label, definition) = DEFINITIONS
        .iter()
        .find(|(key, _, _)| *key == id)
        .map_or((id, ""), |(_, label, definition)| (*label, *definition));
    let definition = if id.starts_with("action_items") || id.starts_with("drill") {
        definition.to_string()
    } else {
        format!("{definition} {PERIOD}")
    };
    Measure { id: id.to_string(), label: label.to_string(), definition, figures }
}

/// A figure; its totals are set when every list is made (end of [`compute`]).
fn figure(key: Option<String>, key_label: Option<String>, value: FigureValue, incidents: Vec<u32>) -> Figure {
    Figure { key, key_label, value, incidents, excluded: Vec::new(), incidents_total: 0, excluded_total: 0 }
}

fn count(key: Option<String>, key_label: Option<String>, incidents: Vec<u32>) -> Figure {
    figure(key, key_label, FigureValue::Count { count: incidents.len() as u32 }, incidents)
}

/// Computes the metrics of the period's records (already filtered by period, severity,
/// runbook and team, ordered by detection time then id, of both modes) and of the
/// `action_items` of incidents that pass those filters, judging targets at `now`.
pub fn compute(
    query: &MetricsQuery,
    records: &[&MetricsRecord],
    action_items: &[ActionItemRecord],
    labels: &Labels,
    now: DateTime<Utc>,
) -> Metrics {
    let now_ms = now.timestamp_millis();
    let counted: Vec<(u32, &MetricsRecord)> =
        records.iter().enumerate().filter(|(_, r)| query.drills.counts(r.mode)).map(|(i, r)| (i as u32, *r)).collect();
    let all: Vec<u32> = counted.iter().map(|(i, _)| *i).collect();
    let mut measures = vec![measure("incidents", vec![count(None, None, all.clone())])];

    // Each counted incident's severity and runbook as a position in a short list of keys, so
    // the per-severity passes below compare numbers, not strings (measured: most of a query
    // over 95,000 incidents went to comparing severity names).
    let (severities, severity_of) = keys(&counted, |r| &r.severity);
    // Severities in the order of the team's scale (unknown ones last, by name), with each
    // incident's position moved along, so every per-severity figure is made in that order.
    let severity_order = |key: &str| labels.severities.iter().position(|s| s == key).unwrap_or(usize::MAX);
    let mut order: Vec<usize> = (0..severities.len()).collect();
    order.sort_by_key(|&k| (severity_order(severities[k]), severities[k]));
    let mut rank = vec![0; order.len()];
    for (position, &k) in order.iter().enumerate() {
        rank[k] = position;
    }
    let severity_of: Vec<usize> = severity_of.iter().map(|&k| rank[k]).collect();
    let severities: Vec<&str> = order.iter().map(|&k| severities[k]).collect();
    measures.push(measure(
        "incidents_by_severity",
        severities
            .iter()
            .zip(lists(&counted, &severity_of, severities.len()))
            .map(|(key, list)| count(Some((*key).to_string()), None, list))
            .collect(),
    ));
    let (runbooks, runbook_of) = keys(&counted, |r| &r.runbook_id);
    let mut by_runbook: Vec<(&str, Vec<u32>)> =
        runbooks.iter().copied().zip(lists(&counted, &runbook_of, runbooks.len())).collect();
    by_runbook.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    measures.push(measure(
        "incidents_by_runbook",
        by_runbook
            .into_iter()
            .map(|(key, list)| count(Some(key.to_string()), labels.runbooks.get(key).cloned(), list))
            .collect(),
    ));

    for (id, reached) in [
        ("time_to_acknowledge", (|r: &MetricsRecord| r.acknowledged_ms) as fn(&MetricsRecord) -> Option<i64>),
        ("time_to_mitigate", |r| r.mitigated_ms),
        ("time_to_resolve", |r| r.resolved_ms),
    ] {
        measures.push(measure(id, vec![duration_figure(None, &counted, |r| since_detected(r, reached(r)))]));
    }

    let judged: Vec<(u32, [Verdict; 3])> = counted.iter().map(|(i, r)| (*i, verdicts(r, now_ms))).collect();
    for (index, id) in ["acknowledge_target", "mitigate_target", "resolve_target"].into_iter().enumerate() {
        let mut figures: Vec<Figure> = severities
            .iter()
            .map(|severity| figure(Some((*severity).to_string()), None, share(0, 0), Vec::new()))
            .collect();
        let mut met = vec![0; severities.len()];
        for ((position, verdicts), &k) in judged.iter().zip(&severity_of) {
            let verdict = verdicts[index];
            match verdict {
                Verdict::Met | Verdict::Breached => {
                    met[k] += u32::from(verdict == Verdict::Met);
                    figures[k].incidents.push(*position);
                }
                Verdict::Pending | Verdict::NoTarget => figures[k].excluded.push(*position),
            }
        }
        for (fig, met) in figures.iter_mut().zip(met) {
            fig.value = share(met, fig.incidents.len() as u32);
        }
        measures.push(measure(id, figures));
    }

    let phases = Phase::ALL
        .iter()
        .enumerate()
        .map(|(index, phase)| duration_figure(Some(phase.as_str().to_string()), &counted, |r| r.phase_seconds[index]))
        .collect();
    measures.push(measure("phase_time", phases));

    let mut skipped: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (i, r) in &counted {
        for step in &r.skipped_steps {
            skipped.entry(format!("{}/{step}", r.runbook_id)).or_default().push(*i);
        }
    }
    let mut skipped: Vec<(String, Vec<u32>)> = skipped.into_iter().collect();
    skipped.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    measures.push(measure(
        "steps_skipped",
        skipped
            .into_iter()
            .map(|(key, list)| {
                let label = labels.steps.get(&key).cloned();
                count(Some(key), label, list)
            })
            .collect(),
    ));

    let mut punctuality = figure(None, None, share(0, 0), Vec::new());
    let (mut on_time, mut intervals) = (0, 0);
    for (i, r) in &counted {
        match (r.update_intervals, r.late_updates) {
            (Some(all), Some(late)) if all > 0 => {
                intervals += all;
                on_time += all - late;
                punctuality.incidents.push(*i);
            }
            _ => punctuality.excluded.push(*i),
        }
    }
    punctuality.value = share(on_time, intervals);
    measures.push(measure("status_update_punctuality", vec![punctuality]));

    let drills: Vec<u32> =
        records.iter().enumerate().filter(|(_, r)| r.mode == IncidentMode::Drill).map(|(i, _)| i as u32).collect();
    let mut scored = figure(None, None, FigureValue::Unavailable, Vec::new());
    let mut scores = Vec::new();
    for &i in &drills {
        match records[i as usize].drill_score {
            Some(score) => {
                scores.push(f64::from(score));
                scored.incidents.push(i);
            }
            None => scored.excluded.push(i),
        }
    }
    let mean = (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64);
    scored.value = FigureValue::Mean { count: scores.len() as u32, mean };
    measures.push(measure("drills_held", vec![count(None, None, drills)]));
    let period_seconds = (query.to - query.from).num_seconds().max(0);
    let planned = labels
        .drill_cadences
        .iter()
        .map(|(_, days)| (period_seconds / (i64::from(*days).max(1) * 86_400)) as u32)
        .sum();
    measures
        .push(measure("drills_planned", vec![figure(None, None, FigureValue::Count { count: planned }, Vec::new())]));
    measures.push(measure("drill_score", vec![scored]));

    // An item's incident detected outside the period is listed after the period's records.
    let mut outside: Vec<Arc<str>> = Vec::new();
    let mut outside_position: HashMap<&str, u32> = HashMap::new();
    let positions: Vec<u32> = action_items
        .iter()
        .map(|item| {
            item.incident_position.unwrap_or_else(|| {
                *outside_position.entry(item.incident_id.as_str()).or_insert_with(|| {
                    outside.push(item.incident_id.as_str().into());
                    (records.len() + outside.len() - 1) as u32
                })
            })
        })
        .collect();
    let items_figure = |keep: &dyn Fn(&ActionItemRecord) -> bool| {
        let mut list: Vec<u32> = Vec::new();
        let mut listed: HashSet<u32> = HashSet::new();
        let mut n = 0;
        for (_, &at) in action_items.iter().zip(&positions).filter(|(item, _)| keep(item)) {
            n += 1;
            if listed.insert(at) {
                list.push(at);
            }
        }
        figure(None, None, FigureValue::Count { count: n }, list)
    };
    let in_period = |at: DateTime<Utc>| at >= query.from && at < query.to;
    let end = query.to.min(now);
    let opened = items_figure(&|item| in_period(item.created_at));
    let closed = items_figure(&|item| item.status != ActionStatus::Open && item.closed_at.is_some_and(in_period));
    let overdue = items_figure(&|item| {
        item.created_at < end
            && item.closed_at.is_none_or(|closed| closed > end)
            && item.due_on.is_some_and(|due| due < end.date_naive())
    });
    measures.push(measure("action_items_opened", vec![opened]));
    measures.push(measure("action_items_closed", vec![closed]));
    measures.push(measure("action_items_overdue", vec![overdue]));

    let trend = trend(query, &counted);
    let incidents = records.iter().map(|r| r.incident_id.clone()).chain(outside).collect();
    for f in measures.iter_mut().flat_map(|m| m.figures.iter_mut()) {
        (f.incidents_total, f.excluded_total) = (f.incidents.len() as u32, f.excluded.len() as u32);
    }
    Metrics { trend, query: query.clone(), computed_at: now, incidents, measures }
}

/// The distinct keys of the counted records, in order of first appearance, and each record's
/// key as a position in them. There are a handful of keys, shared by the records that name them
/// (see [`MetricsRecord`]): a short scan that compares pointers first beats hashing.
fn keys<'a>(
    counted: &[(u32, &'a MetricsRecord)],
    key: impl Fn(&'a MetricsRecord) -> &'a Arc<str>,
) -> (Vec<&'a str>, Vec<usize>) {
    let mut distinct: Vec<&Arc<str>> = Vec::new();
    let of = counted
        .iter()
        .map(|(_, r)| {
            let name = key(r);
            distinct.iter().position(|known| Arc::ptr_eq(known, name) || known == &name).unwrap_or_else(|| {
                distinct.push(name);
                distinct.len() - 1
            })
        })
        .collect();
    (distinct.into_iter().map(|name| &**name).collect(), of)
}

/// The counted incidents of each key, as positions in [`Metrics::incidents`].
fn lists(counted: &[(u32, &MetricsRecord)], key_of: &[usize], keys: usize) -> Vec<Vec<u32>> {
    let mut lists = vec![Vec::new(); keys];
    for ((i, _), &k) in counted.iter().zip(key_of) {
        lists[k].push(*i);
    }
    lists
}

fn duration_figure(
    key: Option<String>,
    counted: &[(u32, &MetricsRecord)],
    seconds: impl Fn(&MetricsRecord) -> Option<i64>,
) -> Figure {
    let mut fig = figure(key, None, FigureValue::Unavailable, Vec::new());
    let mut values = Vec::with_capacity(counted.len());
    for (i, r) in counted {
        match seconds(r) {
            Some(s) => {
                values.push(s);
                fig.incidents.push(*i);
            }
            None => fig.excluded.push(*i),
        }
    }
    fig.value = durations(values);
    fig
}

/// The start of the bucket that holds `at`.
fn bucket_start(bucket: Bucket, at: DateTime<Utc>) -> DateTime<Utc> {
    let day = at.date_naive();
    let first = match bucket {
        Bucket::Week => day - Duration::days(i64::from(day.weekday().num_days_from_monday())),
        Bucket::Month => day.with_day(1).unwrap_or(day),
    };
    first.and_time(chrono::NaiveTime::MIN).and_utc()
}

fn next_bucket(bucket: Bucket, start: DateTime<Utc>) -> DateTime<Utc> {
    match bucket {
        Bucket::Week => start + Duration::days(7),
        Bucket::Month => start.checked_add_months(Months::new(1)).unwrap_or(start + Duration::days(31)),
    }
}

/// The most bars a trend has: a longer period must be charted by month or shortened (a period
/// typed a digit at a time passes through years like 0202; weekly bars since then would be
/// ~95,000 points to compute, send and draw). A century by month (the command line's "all of
/// it") stays well within.
pub const TREND_BARS_AT_MOST: i64 = 5_000;

/// How many bars the query's trend has: the buckets from the one holding `from` to the one
/// holding the last moment before `to` (see [`trend`]).
pub fn trend_bars(query: &MetricsQuery) -> i64 {
    let first = bucket_start(query.bucket, query.from);
    let last = bucket_start(query.bucket, query.to - Duration::milliseconds(1));
    match query.bucket {
        Bucket::Week => (last - first).num_days() / 7 + 1,
        Bucket::Month => {
            let months = |at: DateTime<Utc>| i64::from(at.year()) * 12 + i64::from(at.month0());
            months(last) - months(first) + 1
        }
    }
}

/// Every bucket from the one holding `from` to the one holding the last moment before `to`,
/// empty ones included, so a chart's axis has no gaps.
fn trend(query: &MetricsQuery, counted: &[(u32, &MetricsRecord)]) -> Vec<TrendPoint> {
    let mut points = Vec::new();
    let mut start = bucket_start(query.bucket, query.from);
    let mut rest = counted;
    while start < query.to {
        let end = next_bucket(query.bucket, start);
        let end_ms = end.min(query.to).timestamp_millis();
        // Records come in detection order, so each bucket takes the next run of them.
        let taken = rest.iter().take_while(|(_, r)| r.detected_ms < end_ms).count();
        let (inside, after) = rest.split_at(taken);
        rest = after;
        let median = |reached: fn(&MetricsRecord) -> Option<i64>| {
            let mut values: Vec<i64> = inside.iter().filter_map(|(_, r)| since_detected(r, reached(r))).collect();
            percentile(&mut values, 50)
        };
        points.push(TrendPoint {
            start,
            end,
            count: inside.len() as u32,
            mtta_median_seconds: median(|r| r.acknowledged_ms),
            mttr_median_seconds: median(|r| r.resolved_ms),
            incidents: inside.iter().map(|(i, _)| *i).collect(),
        });
        start = end;
    }
    points
}

/// Writes the figures as CSV, one line per statistic (`count`; `median_seconds`,
/// `p90_seconds`, `mean_seconds`; `met`, `of`, `percent`), after a `#` header that gives the
/// period, the filters and every measure's definition. An unavailable or empty value is an
/// empty field.
pub fn write_measures_csv(metrics: &Metrics) -> String {
    let mut text = header(metrics);
    for m in &metrics.measures {
        text.push_str(&format!("# {}: {}\n", m.id, m.definition));
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    // Writing into a Vec cannot fail; a failure would only lose lines of this in-memory copy.
    let _ =
        writer.write_record(["measure", "label", "key", "key_label", "statistic", "value", "incidents", "excluded"]);
    let int = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    let float = |v: Option<f64>| v.map(|v| format!("{v:.2}")).unwrap_or_default();
    for m in &metrics.measures {
        for f in &m.figures {
            let stats: Vec<(&str, String)> = match &f.value {
                FigureValue::Count { count } => vec![("count", count.to_string())],
                FigureValue::Durations { count, median_seconds, p90_seconds, mean_seconds } => vec![
                    ("count", count.to_string()),
                    ("median_seconds", int(*median_seconds)),
                    ("p90_seconds", int(*p90_seconds)),
                    ("mean_seconds", float(*mean_seconds)),
                ],
                FigureValue::Share { met, of, percent } => {
                    vec![("met", met.to_string()), ("of", of.to_string()), ("percent", float(*percent))]
                }
                FigureValue::Mean { count, mean } => vec![("count", count.to_string()), ("mean", float(*mean))],
                FigureValue::Unavailable => vec![("value", String::new())],
            };
            for (statistic, value) in stats {
                let _ = writer.write_record([
                    m.id.as_str(),
                    m.label.as_str(),
                    f.key.as_deref().unwrap_or(""),
                    f.key_label.as_deref().unwrap_or(""),
                    statistic,
                    value.as_str(),
                    &f.incidents_total.to_string(),
                    &f.excluded_total.to_string(),
                ]);
            }
        }
    }
    text.push_str(&String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default());
    text
}

/// The per-incident columns and what each holds, for the `#` header of [`write_rows_csv`].
pub const ROW_COLUMNS: &[(&str, &str)] = &[
    ("id", "the incident's id"),
    ("title", "its title"),
    ("runbook_id", "the runbook it was run from"),
    ("runbook_title", "that runbook's title in the pinned revision"),
    ("severity", "its severity at the end of the timeline"),
    ("mode", "real or drill"),
    ("team", "the team of its commander (the holder of the incident-commander role), as the roster says now"),
    ("detected_at", "when it was detected (UTC, RFC 3339); the period is by this time"),
    ("acknowledged_at", "when it was acknowledged"),
    ("mitigated_at", "when it was mitigated"),
    ("resolved_at", "when it was resolved"),
    ("closed_at", "when it was closed"),
    ("acknowledge_seconds", "acknowledged minus detected, whole seconds"),
    ("mitigate_seconds", "mitigated minus detected"),
    ("resolve_seconds", "resolved minus detected"),
    ("acknowledge_target", "met, breached, pending or no_target, judged at computed_at"),
    ("mitigate_target", "the same for the mitigate target"),
    ("resolve_target", "the same for the resolve target"),
    ("identify_seconds", "time in Identify, from entering it to entering the next phase"),
    ("respond_seconds", "time in Respond"),
    ("recover_seconds", "time in Recover"),
    ("review_seconds", "time in Review, from entering it to closing the incident"),
    ("skipped_steps", "steps that ended skipped"),
    ("update_intervals", "status-update intervals counted (empty without an update target)"),
    ("late_updates", "of those, the intervals longer than the update target"),
];

/// Writes the per-incident rows as CSV after a `#` header that gives the period, the filters
/// and what each column holds. Times are UTC, RFC 3339 with milliseconds.
pub fn write_rows_csv(metrics: &Metrics, rows: &[IncidentMetricsRow]) -> String {
    let mut text = header(metrics);
    for (column, meaning) in ROW_COLUMNS {
        text.push_str(&format!("# {column}: {meaning}\n"));
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(ROW_COLUMNS.iter().map(|(column, _)| *column));
    let time = |at: Option<DateTime<Utc>>| at.map(crate::timeline::stored_time).unwrap_or_default();
    let int = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    let small = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_default();
    let verdict = |v: Verdict| match v {
        Verdict::NoTarget => "no_target",
        Verdict::Met => "met",
        Verdict::Breached => "breached",
        Verdict::Pending => "pending",
    };
    for r in rows {
        let _ = writer.write_record([
            r.id.clone(),
            r.title.clone(),
            r.runbook_id.clone(),
            r.runbook_title.clone(),
            r.severity.clone(),
            r.mode.as_str().to_string(),
            r.team.clone().unwrap_or_default(),
            time(Some(r.detected_at)),
            time(r.acknowledged_at),
            time(r.mitigated_at),
            time(r.resolved_at),
            time(r.closed_at),
            int(r.acknowledge_seconds),
            int(r.mitigate_seconds),
            int(r.resolve_seconds),
            verdict(r.acknowledge_target).to_string(),
            verdict(r.mitigate_target).to_string(),
            verdict(r.resolve_target).to_string(),
            int(r.identify_seconds),
            int(r.respond_seconds),
            int(r.recover_seconds),
            int(r.review_seconds),
            r.skipped_steps.to_string(),
            small(r.update_intervals),
            small(r.late_updates),
        ]);
    }
    text.push_str(&String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default());
    text
}

fn header(metrics: &Metrics) -> String {
    let q = &metrics.query;
    let list = |items: &[String]| if items.is_empty() { "all".to_string() } else { items.join(" ") };
    let drills = match q.drills {
        DrillFilter::Exclude => "excluded",
        DrillFilter::Include => "included",
        DrillFilter::Only => "only",
    };
    format!(
        "# Muster metrics. Period: detected from {} (included) to {} (excluded), UTC. Severities: {}. Runbooks: {}. \
         Team: {}. Drills: {drills}. Targets judged at {}.\n\
         # Medians and 90th percentiles are nearest-rank (the value at rank ceil(p*n/100) in ascending order); \
         durations are whole seconds.\n",
        crate::timeline::stored_time(q.from),
        crate::timeline::stored_time(q.to),
        list(&q.severities),
        list(&q.runbooks),
        q.team.as_deref().unwrap_or("all"),
        crate::timeline::stored_time(metrics.computed_at),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        assert_eq!(percentile(&mut [], 50), None);
        assert_eq!(percentile(&mut [7], 50), Some(7));
        assert_eq!(percentile(&mut [7], 90), Some(7));
        // Even n: the lower middle value, never an average of two; the order given does not matter.
        assert_eq!(percentile(&mut [4, 1, 3, 2], 50), Some(2));
        assert_eq!(percentile(&mut [5, 3, 1, 4, 2], 50), Some(3));
        let mut ten: Vec<i64> = (1..=10).rev().collect();
        assert_eq!(percentile(&mut ten, 90), Some(9));
        assert_eq!(percentile(&mut ten, 50), Some(5));
        let mut eleven: Vec<i64> = (1..=11).rev().collect();
        assert_eq!(percentile(&mut eleven, 90), Some(10));
    }

    #[test]
    fn a_listing_keeps_the_first_incidents_of_each_list_and_every_total() {
        let at = Utc.with_ymd_and_hms(2026, 2, 2, 0, 0, 0).unwrap();
        let query = MetricsQuery {
            from: at,
            to: at + Duration::days(7),
            severities: Vec::new(),
            runbooks: Vec::new(),
            team: None,
            drills: DrillFilter::Exclude,
            bucket: Bucket::Week,
        };
        let mut first = figure(None, None, FigureValue::Count { count: 4 }, vec![0, 1, 2, 3]);
        first.excluded = vec![4];
        (first.incidents_total, first.excluded_total) = (4, 1);
        let mut second = figure(Some("SEV1".into()), None, FigureValue::Count { count: 2 }, vec![3, 4]);
        second.incidents_total = 2;
        let point = TrendPoint {
            start: at,
            end: query.to,
            count: 4,
            mtta_median_seconds: None,
            mttr_median_seconds: None,
            incidents: vec![1, 2, 3, 4],
        };
        let whole = Metrics {
            query: query.clone(),
            computed_at: at,
            incidents: ["a", "b", "c", "d", "e"].map(Arc::from).to_vec(),
            measures: vec![measure("incidents", vec![first, second])],
            trend: vec![point],
        };
        let listed = whole.clone().listing(1);
        // Only the incidents still listed are kept, in their order: a, b (the trend), d, e.
        assert_eq!(listed.incidents.iter().map(|id| &**id).collect::<Vec<_>>(), ["a", "b", "d", "e"]);
        let figures = &listed.measures[0].figures;
        let ids =
            |positions: &[u32]| positions.iter().map(|&p| listed.incidents[p as usize].to_string()).collect::<Vec<_>>();
        assert_eq!(
            (ids(&figures[0].incidents), ids(&figures[0].excluded)),
            (vec!["a".to_string()], vec!["e".to_string()])
        );
        assert_eq!(ids(&figures[1].incidents), ["d"]);
        assert_eq!(ids(&listed.trend[0].incidents), ["b"]);
        assert_eq!((figures[0].incidents_total, figures[0].excluded_total, figures[1].incidents_total), (4, 1, 2));
        assert_eq!((&figures[0].value, listed.trend[0].count), (&whole.measures[0].figures[0].value, 4));
        // A limit longer than every list changes nothing.
        assert_eq!(whole.clone().listing(10), whole);
    }

    #[test]
    fn a_trend_has_a_bar_per_bucket_the_period_touches() {
        let day = |y, m, d| Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap();
        let bars = |from, to, bucket| {
            let query = MetricsQuery {
                from,
                to,
                severities: Vec::new(),
                runbooks: Vec::new(),
                team: None,
                drills: DrillFilter::Exclude,
                bucket,
            };
            assert_eq!(trend(&query, &[]).len() as i64, trend_bars(&query), "{from} to {to}");
            trend_bars(&query)
        };
        // Wednesday 4 March to Monday 16 March (excluded): the weeks of 2 and 9 March.
        assert_eq!(bars(day(2026, 3, 4), day(2026, 3, 16), Bucket::Week), 2);
        assert_eq!(bars(day(2026, 3, 4), day(2026, 3, 16) + Duration::seconds(1), Bucket::Week), 3);
        assert_eq!(bars(day(2025, 12, 31), day(2026, 3, 1), Bucket::Month), 3);
        assert_eq!(bars(day(2024, 1, 1), day(2026, 1, 1), Bucket::Month), 24);
        assert_eq!(bars(day(2026, 3, 2), day(2026, 3, 2), Bucket::Week), 0);
        assert_eq!(bars(day(2026, 3, 1), day(2026, 3, 1), Bucket::Month), 0);
        // Weekly bars since the year 202 are far more than a trend draws.
        assert!(bars(day(202, 12, 1), day(2026, 11, 30), Bucket::Week) > TREND_BARS_AT_MOST);
    }

    #[test]
    fn buckets_start_on_monday_and_on_the_first_in_utc() {
        let at = Utc.with_ymd_and_hms(2026, 3, 4, 23, 30, 0).unwrap(); // a Wednesday
        assert_eq!(bucket_start(Bucket::Week, at), Utc.with_ymd_and_hms(2026, 3, 2, 0, 0, 0).unwrap());
        assert_eq!(bucket_start(Bucket::Month, at), Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap());
        let jan31 = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        assert_eq!(next_bucket(Bucket::Month, jan31), Utc.with_ymd_and_hms(2026, 2, 1, 0, 0, 0).unwrap());
    }

    #[test]
    fn every_measure_has_a_definition() {
        let query = MetricsQuery {
            from: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
            to: Utc.with_ymd_and_hms(2026, 2, 1, 0, 0, 0).unwrap(),
            severities: Vec::new(),
            runbooks: Vec::new(),
            team: None,
            drills: DrillFilter::Exclude,
            bucket: Bucket::Week,
        };
        let metrics = compute(&query, &[], &[], &Labels::default(), query.to);
        assert_eq!(metrics.measures.len(), DEFINITIONS.len());
        for m in &metrics.measures {
            assert!(!m.definition.is_empty() && m.label != m.id, "{}", m.id);
        }
        // January 2026 in weeks: from Monday 29 December to the week holding 31 January.
        assert_eq!(metrics.trend.len(), 5);
        assert_eq!(metrics.trend[0].start, Utc.with_ymd_and_hms(2025, 12, 29, 0, 0, 0).unwrap());
    }
}
