//! Metrics over a hand-built February 2026, every figure checked against numbers worked out by
//! hand from the times below (IT outage runbook; SEV1 targets: acknowledge 15 min, mitigate
//! 1 h, resolve 4 h, update every 30 min; SEV2: 30 min, 2 h, 8 h, 1 h; SEV3: 2 h, 8 h, 2 d, 4 h).
//! Computed at 2026-03-01 03:00 UTC.
//!
//! | incident | severity | detected | acknowledged | mitigated | resolved | notes |
//! |---|---|---|---|---|---|---|
//! | A | SEV1 | 02-02 10:00 | 10:10 | 10:50 | 12:00 | updates 10:20, 10:45; a step skipped; closed 13:00 |
//! | B | SEV1 | 02-09 08:00, declared 09:00 (backdated) | 09:05 | 12:30 | 12:30 | the same step skipped |
//! | F | SEV1 drill | 02-10 10:00 | 10:05 | 10:30 | 10:30 | closed 10:40 |
//! | C | SEV2 | 02-16 10:00 | 10:20 | – | – | unresolved; update 10:30 |
//! | H | SEV3 | 02-28 20:00 | – | – | – | nothing done yet |
//! | D | SEV2 | 02-28 23:00 | 23:10 | 03-01 01:00 | 03-01 01:00 | crosses the period's end; commander on team Payments |
//! | E | SEV1 | 01-31 23:30 | | | 02-01 00:30 | before the period |
//!
//! Golden files: `tests/fixtures/metrics/{measures,rows}.csv`; `UPDATE_SNAPSHOTS=1` rewrites them.

use std::path::Path;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use muster_core::action_item::{ActionItemInput, ActionStatus};
use muster_core::metrics::{
    write_measures_csv, write_rows_csv, Bucket, DrillFilter, FigureValue, Metrics, MetricsQuery,
};
use muster_core::review::Verdict;
use muster_core::{IncidentAction, IncidentMode, Milestone, NewIncident, PersonInput, Phase, RoleFill, Store};

use crate::{all_roles_to_ana, Fixture};

fn at(month: u32, day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, month, day, hour, minute, 0).unwrap()
}

fn set_clock(f: &Fixture, to: DateTime<Utc>) {
    f.clock.advance(to - f.clock_now());
}

/// The incidents of the table above, by letter, with the key of the step A and B skip.
struct History {
    f: Fixture,
    ids: Vec<(char, String)>,
    skipped_step: String,
}

impl History {
    fn id(&self, letter: char) -> &str {
        &self.ids.iter().find(|(l, _)| *l == letter).unwrap().1
    }

    fn letter(&self, id: &str) -> char {
        self.ids.iter().find(|(_, i)| i == id).unwrap().0
    }

    /// The letters of the incidents behind positions of `metrics.incidents`.
    fn letters(&self, metrics: &Metrics, positions: &[u32]) -> String {
        positions.iter().map(|&p| self.letter(&metrics.incidents[p as usize])).collect()
    }
}

fn declare(
    f: &mut Fixture,
    severity: &str,
    mode: IncidentMode,
    detected: DateTime<Utc>,
    declared: DateTime<Utc>,
) -> String {
    set_clock(f, declared);
    let new = NewIncident {
        runbook_id: "it-system-outage".into(),
        title: String::new(),
        severity: severity.into(),
        mode,
        detected_at: Some(detected),
        assignments: all_roles_to_ana(&mut f.store, "it-system-outage"),
    };
    f.store.start_incident(&new, "ana").unwrap().id
}

fn act(f: &mut Fixture, id: &str, when: DateTime<Utc>, action: IncidentAction) {
    set_clock(f, when);
    f.store.act(id, &action, "ana").unwrap();
}

fn milestone(milestone: Milestone) -> IncidentAction {
    IncidentAction::SetMilestone { milestone, at: None }
}

fn update() -> IncidentAction {
    IncidentAction::StatusUpdate { text: "still on it".into() }
}

fn item(f: &mut Fixture, incident: &str, when: DateTime<Utc>, due: (u32, u32)) -> String {
    set_clock(f, when);
    let input = ActionItemInput {
        title: "Follow up".into(),
        owner: "Ana".into(),
        due_on: NaiveDate::from_ymd_opt(2026, due.0, due.1),
        runbook_id: None,
    };
    f.store.add_action_item(incident, &input, "ana").unwrap().id
}

fn history() -> History {
    let mut f = Fixture::new();
    let mut ids = Vec::new();

    let a = declare(&mut f, "SEV1", IncidentMode::Real, at(2, 2, 10, 0), at(2, 2, 10, 0));
    let skipped_step = f.store.incident_view(&a).unwrap().phases[0].steps[1].step.key.clone();
    let skip = || IncidentAction::Skip { step: skipped_step.clone(), reason: "not needed".into() };
    act(&mut f, &a, at(2, 2, 10, 10), milestone(Milestone::Acknowledged));
    act(&mut f, &a, at(2, 2, 10, 10), IncidentAction::EnterPhase { phase: Phase::Respond });
    act(&mut f, &a, at(2, 2, 10, 15), skip());
    act(&mut f, &a, at(2, 2, 10, 20), update());
    act(&mut f, &a, at(2, 2, 10, 45), update());
    act(&mut f, &a, at(2, 2, 10, 50), milestone(Milestone::Mitigated));
    act(&mut f, &a, at(2, 2, 10, 50), IncidentAction::EnterPhase { phase: Phase::Recover });
    act(&mut f, &a, at(2, 2, 12, 0), milestone(Milestone::Resolved));
    act(&mut f, &a, at(2, 2, 13, 0), IncidentAction::Close { note: String::new() });
    let done = item(&mut f, &a, at(2, 2, 14, 0), (2, 10));
    set_clock(&f, at(2, 5, 9, 0));
    f.store.set_action_status(&done, ActionStatus::Done).unwrap();
    ids.push(('A', a));

    let b = declare(&mut f, "SEV1", IncidentMode::Real, at(2, 9, 8, 0), at(2, 9, 9, 0));
    act(&mut f, &b, at(2, 9, 9, 5), milestone(Milestone::Acknowledged));
    act(&mut f, &b, at(2, 9, 9, 5), skip());
    act(&mut f, &b, at(2, 9, 12, 30), milestone(Milestone::Resolved));
    item(&mut f, &b, at(2, 9, 13, 0), (2, 20));
    ids.push(('B', b));

    let drill = declare(&mut f, "SEV1", IncidentMode::Drill, at(2, 10, 10, 0), at(2, 10, 10, 0));
    act(&mut f, &drill, at(2, 10, 10, 5), milestone(Milestone::Acknowledged));
    act(&mut f, &drill, at(2, 10, 10, 30), milestone(Milestone::Resolved));
    act(&mut f, &drill, at(2, 10, 10, 40), IncidentAction::Close { note: String::new() });
    item(&mut f, &drill, at(2, 10, 11, 0), (2, 11));
    ids.push(('F', drill));

    let c = declare(&mut f, "SEV2", IncidentMode::Real, at(2, 16, 10, 0), at(2, 16, 10, 0));
    act(&mut f, &c, at(2, 16, 10, 20), milestone(Milestone::Acknowledged));
    act(&mut f, &c, at(2, 16, 10, 30), update());
    ids.push(('C', c));

    let h = declare(&mut f, "SEV3", IncidentMode::Real, at(2, 28, 20, 0), at(2, 28, 20, 0));
    ids.push(('H', h));

    // D's commander is Li, of the Payments team.
    let li = f.store.add_person(&PersonInput { team: "Payments".into(), ..PersonInput::new("Li", "") }).unwrap();
    set_clock(&f, at(2, 28, 23, 0));
    let mut assignments = all_roles_to_ana(&mut f.store, "it-system-outage");
    for a in assignments.iter_mut().filter(|a| a.role == "incident-commander") {
        a.fill = RoleFill::Person { person: li.id.clone() };
    }
    let new = NewIncident {
        runbook_id: "it-system-outage".into(),
        title: "Checkout crossing midnight".into(),
        severity: "SEV2".into(),
        mode: IncidentMode::Real,
        detected_at: None,
        assignments,
    };
    let d = f.store.start_incident(&new, "ana").unwrap().id;
    act(&mut f, &d, at(2, 28, 23, 10), milestone(Milestone::Acknowledged));
    act(&mut f, &d, at(3, 1, 1, 0), milestone(Milestone::Resolved));
    ids.push(('D', d));

    let e = declare(&mut f, "SEV1", IncidentMode::Real, at(1, 31, 23, 30), at(1, 31, 23, 30));
    act(&mut f, &e, at(2, 1, 0, 30), milestone(Milestone::Resolved));
    item(&mut f, &e, at(2, 1, 1, 0), (3, 15));
    ids.push(('E', e));

    set_clock(&f, at(3, 1, 3, 0));
    History { f, ids, skipped_step }
}

fn february(drills: DrillFilter) -> MetricsQuery {
    MetricsQuery {
        from: at(2, 1, 0, 0),
        to: at(3, 1, 0, 0),
        severities: Vec::new(),
        runbooks: Vec::new(),
        team: None,
        drills,
        bucket: Bucket::Week,
    }
}

fn durations(count: u32, median: i64, p90: i64, mean: f64) -> FigureValue {
    FigureValue::Durations { count, median_seconds: Some(median), p90_seconds: Some(p90), mean_seconds: Some(mean) }
}

fn share(met: u32, of: u32) -> FigureValue {
    FigureValue::Share { met, of, percent: (of > 0).then(|| f64::from(met) * 100.0 / f64::from(of)) }
}

/// (key, value, incidents, excluded) of every figure of a measure, incidents by letter.
fn figures(h: &History, metrics: &Metrics, id: &str) -> Vec<(Option<String>, FigureValue, String, String)> {
    metrics
        .measure(id)
        .unwrap_or_else(|| panic!("no measure {id}"))
        .figures
        .iter()
        .map(|f| (f.key.clone(), f.value.clone(), h.letters(metrics, &f.incidents), h.letters(metrics, &f.excluded)))
        .collect()
}

fn one(h: &History, metrics: &Metrics, id: &str) -> (FigureValue, String, String) {
    let mut all = figures(h, metrics, id);
    assert_eq!(all.len(), 1, "{id}");
    let (_, value, incidents, excluded) = all.remove(0);
    (value, incidents, excluded)
}

fn keyed(
    key: &str,
    value: FigureValue,
    incidents: &str,
    excluded: &str,
) -> (Option<String>, FigureValue, String, String) {
    (Some(key.to_string()), value, incidents.to_string(), excluded.to_string())
}

#[test]
fn every_measure_of_february_matches_the_hand_computed_figures() {
    let h = history();
    let m = h.f.store.metrics(&february(DrillFilter::Exclude)).unwrap();
    // Detection order, drills among them (they are counted only by the drill measures here),
    // then E, outside the period, for its action item.
    assert_eq!(h.letters(&m, &(0..m.incidents.len() as u32).collect::<Vec<_>>()), "ABFCHDE");

    let count = |n| FigureValue::Count { count: n };
    assert_eq!(one(&h, &m, "incidents"), (count(5), "ABCHD".into(), "".into()));
    assert_eq!(
        figures(&h, &m, "incidents_by_severity"),
        [keyed("SEV1", count(2), "AB", ""), keyed("SEV2", count(2), "CD", ""), keyed("SEV3", count(1), "H", "")]
    );
    let by_runbook = &m.measure("incidents_by_runbook").unwrap().figures[0];
    assert_eq!(
        (by_runbook.key.as_deref(), by_runbook.key_label.as_deref(), &by_runbook.value),
        (Some("it-system-outage"), Some("IT system outage"), &count(5))
    );

    // Acknowledged after 600, 3900 (backdated detection), 1200 and 600 s; H never.
    assert_eq!(one(&h, &m, "time_to_acknowledge"), (durations(4, 600, 3900, 1575.0), "ABCD".into(), "H".into()));
    assert_eq!(one(&h, &m, "time_to_mitigate"), (durations(3, 7200, 16200, 8800.0), "ABD".into(), "CH".into()));
    // Unresolved C and H are left out of MTTR, and listed; D counts whole though it ends in March.
    assert_eq!(one(&h, &m, "time_to_resolve"), (durations(3, 7200, 16200, 10200.0), "ABD".into(), "CH".into()));

    assert_eq!(
        figures(&h, &m, "acknowledge_target"),
        [
            keyed("SEV1", share(1, 2), "AB", ""),
            keyed("SEV2", share(2, 2), "CD", ""),
            keyed("SEV3", share(0, 1), "H", "")
        ]
    );
    // D is mitigated exactly at its 2 h target: met. C passed its due time unmitigated: breached.
    // H's 8 h is not due yet at 03:00: pending, excluded.
    assert_eq!(
        figures(&h, &m, "mitigate_target"),
        [
            keyed("SEV1", share(1, 2), "AB", ""),
            keyed("SEV2", share(1, 2), "CD", ""),
            keyed("SEV3", share(0, 0), "", "H")
        ]
    );
    assert_eq!(
        figures(&h, &m, "resolve_target"),
        [
            keyed("SEV1", share(1, 2), "AB", ""),
            keyed("SEV2", share(1, 2), "CD", ""),
            keyed("SEV3", share(0, 0), "", "H")
        ]
    );

    assert_eq!(
        figures(&h, &m, "phase_time"),
        [
            keyed("identify", durations(3, 7200, 16200, 8000.0), "ABD", "CH"),
            keyed("respond", durations(3, 0, 2400, 800.0), "ABD", "CH"),
            keyed("recover", durations(3, 0, 4200, 1400.0), "ABD", "CH"),
            keyed("review", durations(1, 3600, 3600, 3600.0), "A", "BCHD"),
        ]
    );

    let skipped = &m.measure("steps_skipped").unwrap().figures;
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0].key, Some(format!("it-system-outage/{}", h.skipped_step)));
    assert!(skipped[0].key_label.as_deref().is_some_and(|title| !title.is_empty()));
    assert_eq!((&skipped[0].value, h.letters(&m, &skipped[0].incidents)), (&count(2), "AB".into()));

    // Intervals: A 20, 25, 75 min (one late of 30); B 210 (late); C 30 of 60 (on time; its
    // open interval is not counted); D 120 of 60 (late); H has no closed interval.
    assert_eq!(one(&h, &m, "status_update_punctuality"), (share(3, 6), "ABCD".into(), "H".into()));

    assert_eq!(one(&h, &m, "drills_held"), (count(1), "F".into(), "".into()));
    // The IT outage runbook asks for a drill every 90 days: no whole cadence fits in February.
    assert_eq!(one(&h, &m, "drills_planned"), (count(0), "".into(), "".into()));
    // F's scorecard: its three milestones met (weight 40), none of its steps done (weight 30),
    // no injects (not applying): 100 × 40 ÷ 70 = 57.14, rounded to 57.
    assert_eq!(one(&h, &m, "drill_score"), (FigureValue::Mean { count: 1, mean: Some(57.0) }, "F".into(), "".into()));

    // A's item opened and closed in February; B's still open past its 20 February due date;
    // E's opened in February (first, on the 1st) though E was detected in January; the drill's
    // is not counted. Incidents are listed in the order of their items' creation.
    assert_eq!(one(&h, &m, "action_items_opened"), (count(3), "EAB".into(), "".into()));
    assert_eq!(one(&h, &m, "action_items_closed"), (count(1), "A".into(), "".into()));
    assert_eq!(one(&h, &m, "action_items_overdue"), (count(1), "B".into(), "".into()));

    // (bucket start, count, MTTA median, MTTR median, incidents)
    type Bar = (DateTime<Utc>, u32, Option<i64>, Option<i64>, String);
    let trend: Vec<Bar> = m
        .trend
        .iter()
        .map(|p| (p.start, p.count, p.mtta_median_seconds, p.mttr_median_seconds, h.letters(&m, &p.incidents)))
        .collect();
    assert_eq!(
        trend,
        [
            (at(1, 26, 0, 0), 0, None, None, "".into()),
            (at(2, 2, 0, 0), 1, Some(600), Some(7200), "A".into()),
            (at(2, 9, 0, 0), 1, Some(3900), Some(16200), "B".into()),
            (at(2, 16, 0, 0), 1, Some(1200), None, "C".into()),
            (at(2, 23, 0, 0), 2, Some(600), Some(7200), "HD".into()),
        ]
    );
}

#[test]
fn the_drill_switch_and_the_filters_choose_the_incidents() {
    let h = history();
    let count_of = |query: &MetricsQuery| -> (FigureValue, String) {
        let m = h.f.store.metrics(query).unwrap();
        let (value, incidents, _) = one(&h, &m, "incidents");
        (value, incidents)
    };
    let count = |n| FigureValue::Count { count: n };
    assert_eq!(count_of(&february(DrillFilter::Include)), (count(6), "ABFCHD".into()));
    assert_eq!(count_of(&february(DrillFilter::Only)), (count(1), "F".into()));
    let sev2 = MetricsQuery { severities: vec!["SEV2".into()], ..february(DrillFilter::Exclude) };
    assert_eq!(count_of(&sev2), (count(2), "CD".into()));
    let payments = MetricsQuery { team: Some("Payments".into()), ..february(DrillFilter::Exclude) };
    assert_eq!(count_of(&payments), (count(1), "D".into()));
    let other = MetricsQuery { runbooks: vec!["data-centre-power-loss".into()], ..february(DrillFilter::Exclude) };
    assert_eq!(count_of(&other), (count(0), "".into()));
    // A period boundary: March holds none of them (D was detected on 28 February).
    let march = MetricsQuery { from: at(3, 1, 0, 0), to: at(4, 1, 0, 0), ..february(DrillFilter::Exclude) };
    assert_eq!(count_of(&march), (count(0), "".into()));
    // January holds E only, resolved in February.
    let january = MetricsQuery { from: at(1, 1, 0, 0), to: at(2, 1, 0, 0), ..february(DrillFilter::Exclude) };
    assert_eq!(count_of(&january), (count(1), "E".into()));

    // Two whole 90-day cadences fit in the first half of 2026; the other samples have none.
    let half = MetricsQuery { from: at(1, 1, 0, 0), to: at(7, 1, 0, 0), ..february(DrillFilter::Exclude) };
    let planned = h.f.store.metrics(&half).unwrap();
    assert_eq!(one(&h, &planned, "drills_planned").0, count(2));
    let elsewhere = MetricsQuery { runbooks: vec!["data-centre-power-loss".into()], ..half };
    assert_eq!(one(&h, &h.f.store.metrics(&elsewhere).unwrap(), "drills_planned").0, count(0));

    let backwards = MetricsQuery { from: at(3, 1, 0, 0), to: at(2, 1, 0, 0), ..february(DrillFilter::Exclude) };
    let err = h.f.store.metrics(&backwards).unwrap_err();
    assert!(err.to_string().starts_with("the period must end after it starts"), "{err}");
    // A period typed a digit at a time can start in the year 202: weekly bars since then are
    // refused with what to do, by month too when even months are too many; 83 years by month pass.
    let ancient =
        MetricsQuery { from: Utc.with_ymd_and_hms(202, 12, 1, 0, 0, 0).unwrap(), ..february(DrillFilter::Exclude) };
    let err = h.f.store.metrics(&ancient).unwrap_err().to_string();
    assert!(err.contains("95133 bars of a week") && err.ends_with("or chart it by month"), "{err}");
    assert!(h.f.store.metrics_rows_page(&ancient, 0, 10).is_err());
    let by_month = MetricsQuery { bucket: Bucket::Month, ..ancient };
    assert!(h.f.store.metrics(&by_month).unwrap_err().to_string().ends_with("shorten the period"));
    let decades = MetricsQuery { from: at(1, 1, 0, 0) - chrono::Duration::days(83 * 365), ..by_month };
    assert_eq!(one(&h, &h.f.store.metrics(&decades).unwrap(), "incidents").0, count(6));
}

#[test]
fn per_incident_rows_carry_each_incidents_figures() {
    let h = history();
    let rows = h.f.store.metrics_rows(&february(DrillFilter::Exclude)).unwrap();
    let letters: String = rows.iter().map(|r| h.letter(&r.id)).collect();
    assert_eq!(letters, "ABCHD");
    let b = &rows[1];
    assert_eq!((b.detected_at, b.acknowledge_seconds, b.resolve_seconds), (at(2, 9, 8, 0), Some(3900), Some(16200)));
    assert_eq!(
        (b.acknowledge_target, b.mitigate_target, b.resolve_target),
        (Verdict::Breached, Verdict::Breached, Verdict::Breached)
    );
    assert_eq!((b.skipped_steps, b.update_intervals, b.late_updates), (1, Some(1), Some(1)));
    let hh = &rows[3];
    assert_eq!(
        (hh.acknowledge_target, hh.mitigate_target, hh.resolve_target),
        (Verdict::Breached, Verdict::Pending, Verdict::Pending)
    );
    assert_eq!((hh.resolve_seconds, hh.identify_seconds), (None, None));
    let d = &rows[4];
    assert_eq!(
        (d.team.as_deref(), d.title.as_str(), d.mitigate_target),
        (Some("Payments"), "Checkout crossing midnight", Verdict::Met)
    );
}

#[test]
fn the_table_reads_its_rows_a_page_at_a_time_and_a_figures_rows_by_id() {
    let h = history();
    let query = february(DrillFilter::Exclude);
    let all = h.f.store.metrics_rows(&query).unwrap();
    let first = h.f.store.metrics_rows_page(&query, 0, 2).unwrap();
    let second = h.f.store.metrics_rows_page(&query, 2, 2).unwrap();
    let last = h.f.store.metrics_rows_page(&query, 4, 2).unwrap();
    let past = h.f.store.metrics_rows_page(&query, 9, 2).unwrap();
    assert_eq!((first.total, second.offset, past.total, past.rows.len()), (5, 2, 5, 0));
    let paged: Vec<_> = [first.rows, second.rows, last.rows].concat();
    assert_eq!(paged, all);

    // By id, in detection order, whatever the period: E was detected in January; an unknown
    // id is left out.
    let ids = vec![h.id('D').to_string(), "no-such-incident".to_string(), h.id('E').to_string(), h.id('A').to_string()];
    let letters: String = h.f.store.metrics_rows_of(&ids).unwrap().iter().map(|r| h.letter(&r.id)).collect();
    assert_eq!(letters, "EAD");
    let d = h.f.store.metrics_rows_of(&ids[..1]).unwrap();
    assert_eq!(d, vec![all[4].clone()]);
}

#[test]
fn summary_rows_follow_corrections_and_severity_changes() {
    let mut h = history();
    let c = h.id('C').to_string();
    h.f.store.act(&c, &IncidentAction::ChangeSeverity { severity: "SEV1".into() }, "ana").unwrap();
    // Detection of C moved 40 minutes earlier by correcting its declaration.
    let declared = h.f.store.timeline(&c).unwrap()[0].id.clone();
    let correct = IncidentAction::Correct {
        event: declared,
        at: Some(at(2, 16, 9, 20)),
        text: None,
        reason: "the first alert came earlier".into(),
    };
    h.f.store.act(&c, &correct, "ana").unwrap();
    let rows = h.f.store.metrics_rows(&february(DrillFilter::Exclude)).unwrap();
    let row = rows.iter().find(|r| r.id == c).unwrap();
    assert_eq!(
        (row.severity.as_str(), row.detected_at, row.acknowledge_seconds),
        ("SEV1", at(2, 16, 9, 20), Some(3600))
    );
    // SEV1 gives 15 minutes to acknowledge: now breached.
    assert_eq!(row.acknowledge_target, Verdict::Breached);
}

#[test]
fn the_dashboard_follows_every_write_after_its_first_query() {
    let mut h = history();
    let query = february(DrillFilter::Include);
    let path = h.f.dir.path().join("muster.db");
    let afresh = |h: &History| Store::open(&path, h.f.clock.clone()).unwrap().metrics(&query).unwrap();
    let order = |h: &History, m: &Metrics| h.letters(m, &m.measure("incidents").unwrap().figures[0].incidents);
    assert_eq!(order(&h, &h.f.store.metrics(&query).unwrap()), "ABFCHD");

    // After the first query the store answers from the rows it holds: these writes must reach
    // it. C is resolved (its row changes in place), H's detection is corrected to the 1st (its
    // row moves to the front), and G is declared on the 20th.
    let (c, hh) = (h.id('C').to_string(), h.id('H').to_string());
    act(&mut h.f, &c, at(3, 1, 3, 0), milestone(Milestone::Resolved));
    let declared = h.f.store.timeline(&hh).unwrap()[0].id.clone();
    let correct = IncidentAction::Correct {
        event: declared,
        at: Some(at(2, 1, 9, 0)),
        text: None,
        reason: "it began earlier".into(),
    };
    h.f.store.act(&hh, &correct, "ana").unwrap();
    let g = declare(&mut h.f, "SEV3", IncidentMode::Real, at(2, 20, 8, 0), at(3, 1, 3, 0));
    h.ids.push(('G', g));
    let after = h.f.store.metrics(&query).unwrap();
    assert_eq!(order(&h, &after), "HABFCGD");
    let resolved = one(&h, &after, "time_to_resolve");
    assert_eq!((resolved.1.as_str(), resolved.2.as_str()), ("ABFCD", "HG"));
    assert_eq!(after, afresh(&h));
    let page = h.f.store.metrics_rows_page(&query, 1, 3).unwrap();
    let letters: String = page.rows.iter().map(|r| h.letter(&r.id)).collect();
    assert_eq!((page.total, letters.as_str()), (7, "ABF"));

    // A commit by another connection (the command-line tool, say) is seen too.
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute("DELETE FROM incident_metrics WHERE incident_id = ?1", [&c]).unwrap();
    let without_c = h.f.store.metrics(&query).unwrap();
    assert_eq!(order(&h, &without_c), "HABFGD");
    assert_eq!(without_c, afresh(&h));
    assert_eq!(h.f.store.metrics_rows_page(&query, 0, 10).unwrap().total, 6);
}

#[test]
fn a_database_from_before_the_metrics_gets_its_rows_at_open() {
    let h = history();
    let before = h.f.store.metrics(&february(DrillFilter::Include)).unwrap();
    // Pretend the rows were never written, as after migration 0005 on an older file.
    let path = h.f.dir.path().join("muster.db");
    let History { f, .. } = h;
    let Fixture { dir, clock, store } = f;
    drop(store);
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute_batch(
        "DELETE FROM incident_metrics; INSERT INTO meta (key, value) VALUES ('metrics_backfill', 'pending');",
    )
    .unwrap();
    drop(raw);
    let store = Store::open(&path, clock.clone()).unwrap();
    assert_eq!(store.metrics(&february(DrillFilter::Include)).unwrap(), before);
    drop(dir);
}

fn snapshot(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/metrics").join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("{}: {err} (run with UPDATE_SNAPSHOTS=1 to create it)", path.display()));
    assert_eq!(actual, expected, "{name} differs; run with UPDATE_SNAPSHOTS=1 and review the diff if intended");
}

#[test]
fn the_csv_files_match_their_golden_copies() {
    let h = history();
    let query = february(DrillFilter::Exclude);
    let metrics = h.f.store.metrics(&query).unwrap();
    let rows = h.f.store.metrics_rows(&query).unwrap();
    // Incident ids are UUIDv7 with random bits: each becomes its letter.
    let named = |mut text: String| {
        for (letter, id) in &h.ids {
            text = text.replace(id.as_str(), &format!("incident-{letter}"));
        }
        text
    };
    snapshot("measures.csv", &named(write_measures_csv(&metrics)));
    snapshot("rows.csv", &named(write_rows_csv(&metrics, &rows)));
}
