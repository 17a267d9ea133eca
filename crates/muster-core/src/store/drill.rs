//! Drills in the store: a drill's scorecard and a runbook's drill history (scores over time and
//! the injects missed most often), all folded from timelines, nothing stored beside them.

use rusqlite::params;

use super::incident::load_view;
use super::runbook::time_column;
use super::Store;
use crate::drill::{DrillHistory, DrillRecord, MissedInject};
use crate::error::{Error, Result};
use crate::incident::IncidentMode;
use crate::scorecard::{self, Scorecard};

impl Store {
    /// The scorecard of a drill as of now.
    pub fn scorecard(&self, incident_id: &str) -> Result<Scorecard> {
        let view = load_view(&self.conn, incident_id, self.clock.now())?;
        if view.incident.mode != IncidentMode::Drill {
            return Err(Error::InvalidState(format!(
                "incident '{}' is real; only drills have a scorecard",
                view.incident.title
            )));
        }
        Ok(scorecard::scorecard(&view, self.clock.now()))
    }

    /// Every drill of a runbook, oldest first, with its score, and the scenario injects that were
    /// missed most often (delivered but not handled), most missed first.
    pub fn drill_history(&self, runbook_id: &str) -> Result<DrillHistory> {
        let now = self.clock.now();
        let drills: Vec<(String, chrono::DateTime<chrono::Utc>)> = self
            .conn
            .prepare_cached(
                "SELECT id, started_at FROM incident WHERE runbook_id = ?1 AND mode = 'drill' ORDER BY started_at, id",
            )?
            .query_map(params![runbook_id], |row| Ok((row.get(0)?, time_column(row, 1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut history = DrillHistory { drills: Vec::new(), missed_injects: Vec::new() };
        for (id, started_at) in drills {
            let view = load_view(&self.conn, &id, now)?;
            let card = scorecard::scorecard(&view, now);
            let scenario_key = view.drill.as_ref().and_then(|d| d.scenario.as_ref()).map(|s| s.key.clone());
            for inject in &card.injects {
                if inject.delivered_at.is_none() {
                    continue;
                }
                let key = scenario_key.clone().unwrap_or_default();
                let index =
                    match history.missed_injects.iter().position(|m| m.scenario == key && m.number == inject.number) {
                        Some(index) => index,
                        None => {
                            history.missed_injects.push(MissedInject {
                                scenario: key,
                                scenario_name: card.scenario.clone().unwrap_or_default(),
                                number: inject.number,
                                message: inject.message.clone(),
                                missed: 0,
                                delivered: 0,
                            });
                            history.missed_injects.len() - 1
                        }
                    };
                let row = &mut history.missed_injects[index];
                row.delivered += 1;
                row.missed += u32::from(!inject.handled);
            }
            history.drills.push(DrillRecord {
                incident_id: id,
                title: view.incident.title.clone(),
                started_at,
                closed: view.incident.closed_at.is_some(),
                scenario: card.scenario.clone(),
                score: card.score,
            });
        }
        history.missed_injects.retain(|m| m.missed > 0);
        history.missed_injects.sort_by(|a, b| b.missed.cmp(&a.missed).then(a.number.cmp(&b.number)));
        Ok(history)
    }
}
