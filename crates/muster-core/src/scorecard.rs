//! The scorecard of a drill, computed from its timeline: milestones against the runbook's
//! targets, time in each phase, steps done, skipped and missed, how each inject was handled, and
//! an overall score whose formula is part of the result, so nobody has to guess it.
//!
//! Invariant: a scorecard is never stored; it is folded from the timeline every time, so a
//! correction in the timeline corrects the score.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::drill::InjectStatus;
use crate::incident::{IncidentView, StepStatus};
use crate::review::{self, MilestoneFact, PhaseFact, Verdict};

/// The weights of the three parts of the score, in percent.
pub const MILESTONE_WEIGHT: u32 = 40;
pub const STEP_WEIGHT: u32 = 30;
pub const INJECT_WEIGHT: u32 = 30;

/// How the overall score is computed, shown beside it.
pub const FORMULA: &str = "score = 100 × (40 × milestones met ÷ milestones with a target \
     + 30 × steps done ÷ steps expected + 30 × injects handled ÷ injects delivered) \
     ÷ (the sum of the weights of the parts that apply). A part applies when its divisor is not 0. \
     An inject is handled when it was acknowledged and, if it names a step, that step was done; \
     skipped injects and steps hidden by a decision do not count.";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct InjectScore {
    pub number: u32,
    pub offset_seconds: u32,
    pub message: String,
    pub expected_action: String,
    pub status: InjectStatus,
    pub delivered_at: Option<DateTime<Utc>>,
    /// From delivery to acknowledgement.
    pub acknowledged_after_seconds: Option<i64>,
    /// The step the inject expects, by title.
    pub step: Option<String>,
    /// From delivery to the step being done (0 when it was done before the inject came).
    pub acted_after_seconds: Option<i64>,
    pub handled: bool,
}

/// One part of the score: `earned` out of `possible`, weighted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ScorePart {
    /// `milestones`, `steps` or `injects`.
    pub part: String,
    pub earned: u32,
    pub possible: u32,
    pub weight: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Scorecard {
    pub incident_id: String,
    /// The scenario's name, once the drill clock started.
    pub scenario: Option<String>,
    pub milestones: Vec<MilestoneFact>,
    pub phases: Vec<PhaseFact>,
    pub steps_expected: u32,
    pub steps_done: u32,
    /// Skipped or marked not applicable.
    pub steps_skipped: u32,
    /// Expected and still open.
    pub steps_missed: u32,
    pub injects: Vec<InjectScore>,
    pub parts: Vec<ScorePart>,
    /// 0–100; `None` when no part applies.
    pub score: Option<u32>,
    pub formula: String,
}

/// The scorecard of a drill from its view at `now` (unreached milestones count as not met).
pub fn scorecard(view: &IncidentView, now: DateTime<Utc>) -> Scorecard {
    let facts = review::facts(view, &[], now);
    let expected: Vec<_> =
        view.steps().filter(|s| !(s.hidden || s.step.optional && s.status == StepStatus::Open)).collect();
    let count = |status: &[StepStatus]| expected.iter().filter(|s| status.contains(&s.status)).count() as u32;
    let (steps_done, steps_skipped, steps_missed) = (
        count(&[StepStatus::Done]),
        count(&[StepStatus::Skipped, StepStatus::NotApplicable]),
        count(&[StepStatus::Open]),
    );

    let drill = view.drill.as_ref();
    let injects: Vec<InjectScore> = drill
        .map(|d| d.injects.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|state| {
            let inject = &state.inject;
            let step = inject.step.as_deref().and_then(|key| view.step(key));
            let since = |at: Option<DateTime<Utc>>| {
                state.delivered_at.zip(at).map(|(from, to)| (to - from).num_seconds().max(0))
            };
            let acted_after_seconds = step.filter(|s| s.status == StepStatus::Done).and_then(|s| since(s.changed_at));
            let acknowledged = state.status == InjectStatus::Acknowledged;
            InjectScore {
                number: inject.number,
                offset_seconds: inject.offset_seconds,
                message: inject.message.clone(),
                expected_action: inject.expected_action.clone(),
                status: state.status,
                delivered_at: state.delivered_at,
                acknowledged_after_seconds: since(state.acknowledged_at),
                step: step.map(|s| s.step.title.clone()),
                acted_after_seconds,
                handled: acknowledged && (inject.step.is_none() || acted_after_seconds.is_some()),
            }
        })
        .collect();

    let targeted: Vec<_> = facts.milestones.iter().filter(|m| m.verdict != Verdict::NoTarget).collect();
    let delivered: Vec<_> =
        injects.iter().filter(|i| matches!(i.status, InjectStatus::Delivered | InjectStatus::Acknowledged)).collect();
    let parts = vec![
        ScorePart {
            part: "milestones".into(),
            earned: targeted.iter().filter(|m| m.verdict == Verdict::Met).count() as u32,
            possible: targeted.len() as u32,
            weight: MILESTONE_WEIGHT,
        },
        ScorePart { part: "steps".into(), earned: steps_done, possible: expected.len() as u32, weight: STEP_WEIGHT },
        ScorePart {
            part: "injects".into(),
            earned: delivered.iter().filter(|i| i.handled).count() as u32,
            possible: delivered.len() as u32,
            weight: INJECT_WEIGHT,
        },
    ];
    Scorecard {
        incident_id: view.incident.id.clone(),
        scenario: drill.and_then(|d| d.scenario.as_ref()).map(|s| s.name.clone()),
        milestones: facts.milestones,
        phases: facts.phases,
        steps_expected: expected.len() as u32,
        steps_done,
        steps_skipped,
        steps_missed,
        injects,
        score: score(&parts),
        parts,
        formula: FORMULA.to_string(),
    }
}

/// The weighted share of the parts that apply, rounded to the nearest whole percent.
pub fn score(parts: &[ScorePart]) -> Option<u32> {
    let applying: Vec<_> = parts.iter().filter(|p| p.possible > 0).collect();
    let weights: u32 = applying.iter().map(|p| p.weight).sum();
    if weights == 0 {
        return None;
    }
    let weighted: f64 =
        applying.iter().map(|p| f64::from(p.weight) * f64::from(p.earned) / f64::from(p.possible)).sum();
    Some((100.0 * weighted / f64::from(weights)).round() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(earned: u32, possible: u32, weight: u32) -> ScorePart {
        ScorePart { part: String::new(), earned, possible, weight }
    }

    #[test]
    fn the_score_weighs_the_parts_that_apply() {
        assert_eq!(score(&[part(1, 2, 40), part(3, 4, 30), part(1, 1, 30)]), Some(73)); // (20 + 22.5 + 30)
        assert_eq!(score(&[part(0, 0, 40), part(3, 4, 30), part(1, 2, 30)]), Some(63)); // (22.5 + 15) / 60
        assert_eq!(score(&[part(0, 0, 40)]), None);
    }
}
