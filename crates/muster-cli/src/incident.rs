//! `muster incident …`: declaring an incident, following it and recording what happens, all
//! through [`Store::start_incident`] and [`Store::act`].
//!
//! This module turns what a person types into the core's exact ids — a unique prefix of an
//! incident id, a step key or its unique prefix, a role id or name, a person id or name, a
//! severity in any case — and leaves every rule about incidents to the core: a refused action
//! is the core's refusal, printed as it is.

use chrono::{DateTime, Utc};
use clap::{Subcommand, ValueEnum};
use muster_core::{
    Error, Incident, IncidentAction, IncidentMode, Milestone, NewIncident, Phase, Role, RoleAssignment, RoleFill, Store,
};

use crate::person::resolve_person;
use crate::{print_json, render, time_arg, Failure, Outcome};

#[derive(Subcommand)]
pub enum IncidentCommand {
    /// Declares an incident from a runbook. Every role of the runbook must be assigned
    /// (--assign) or waived (--waive).
    Start {
        /// The runbook's id (`muster runbook list`).
        runbook: String,
        /// The severity (`muster severity list`).
        #[arg(long)]
        severity: String,
        /// A drill: practice, counted apart from real incidents.
        #[arg(long)]
        drill: bool,
        /// The title (default: the runbook's title).
        #[arg(long)]
        title: Option<String>,
        /// When the problem was first noticed (default: now).
        #[arg(long, value_name = "TIME", value_parser = time_arg::parse_now, allow_hyphen_values = true)]
        detected_at: Option<DateTime<Utc>>,
        /// Gives a role to a person: role id or name = person id or name. Repeat for each role.
        #[arg(long, value_name = "ROLE=PERSON")]
        assign: Vec<String>,
        /// Leaves a role empty on purpose, with the reason. Repeat for each role.
        #[arg(long, value_name = "ROLE=REASON")]
        waive: Vec<String>,
        /// Print the incident as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Lists the incidents, newest first.
    List {
        /// Print JSON for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Shows an incident: roles, timers, every phase with its steps, and the timeline.
    Show {
        /// The incident's id, or a unique start of it.
        id: String,
        /// Print the whole view as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Marks a step done.
    Tick {
        /// The incident's id, or a unique start of it.
        id: String,
        /// The step's key (as `show` lists it), or a unique start of it.
        step: String,
        /// A note to keep with it.
        #[arg(long)]
        note: Option<String>,
        /// What the step asks to be written down before it counts as done.
        #[arg(long)]
        evidence: Option<String>,
        /// Print the recorded events as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Reopens a step that was done, skipped, decided or marked not applicable.
    Untick {
        /// The incident's id, or a unique start of it.
        id: String,
        /// The step's key (as `show` lists it), or a unique start of it.
        step: String,
        /// A note to keep with it.
        #[arg(long)]
        note: Option<String>,
        /// Print the recorded events as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Skips a step, with the reason.
    Skip {
        /// The incident's id, or a unique start of it.
        id: String,
        /// The step's key (as `show` lists it), or a unique start of it.
        step: String,
        /// Why it is skipped.
        #[arg(long)]
        reason: String,
        /// Print the recorded events as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Marks a step not applicable to this incident.
    Na {
        /// The incident's id, or a unique start of it.
        id: String,
        /// The step's key (as `show` lists it), or a unique start of it.
        step: String,
        /// A note to keep with it.
        #[arg(long)]
        note: Option<String>,
        /// Print the recorded events as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Answers a decision step with one of its options.
    Decide {
        /// The incident's id, or a unique start of it.
        id: String,
        /// The step's key (as `show` lists it), or a unique start of it.
        step: String,
        /// One of the step's options, in any case (`show` lists them).
        option: String,
        /// A note to keep with it.
        #[arg(long)]
        note: Option<String>,
        /// Print the recorded events as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Adds a note to a step without changing its status.
    Note {
        /// The incident's id, or a unique start of it.
        id: String,
        /// The step's key (as `show` lists it), or a unique start of it.
        step: String,
        /// The note.
        text: String,
        /// Print the recorded events as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Writes a free-text entry into the timeline.
    Log {
        /// The incident's id, or a unique start of it.
        id: String,
        /// What happened.
        text: String,
        /// When it happened (default: now).
        #[arg(long, value_name = "TIME", value_parser = time_arg::parse_now, allow_hyphen_values = true)]
        at: Option<DateTime<Utc>>,
        /// Print the recorded events as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Records a status update that went out.
    Status {
        /// The incident's id, or a unique start of it.
        id: String,
        /// The update as it was sent.
        text: String,
        /// Print the recorded events as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Sets a milestone by hand (resolving also mitigates and acknowledges, and enters Review).
    Milestone {
        /// The incident's id, or a unique start of it.
        id: String,
        /// The milestone reached.
        milestone: MilestoneArg,
        /// When it was reached (default: now).
        #[arg(long, value_name = "TIME", value_parser = time_arg::parse_now, allow_hyphen_values = true)]
        at: Option<DateTime<Utc>>,
        /// Print the recorded events as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Moves the incident on to a later phase.
    Phase {
        /// The incident's id, or a unique start of it.
        id: String,
        /// The phase to enter (earlier ones skipped over get an entry too).
        phase: PhaseArg,
        /// Print the recorded events as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Hands a role over to another person.
    Handover {
        /// The incident's id, or a unique start of it.
        id: String,
        /// The role's id or name.
        role: String,
        /// The person's id or name.
        person: String,
        /// A note to keep with it.
        #[arg(long, default_value = "", hide_default_value = true)]
        note: String,
        /// When the handover happened (default: now).
        #[arg(long, value_name = "TIME", value_parser = time_arg::parse_now, allow_hyphen_values = true)]
        at: Option<DateTime<Utc>>,
        /// Print the recorded events as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Changes the severity.
    Severity {
        /// The incident's id, or a unique start of it.
        id: String,
        /// The new severity (`muster severity list`).
        severity: String,
        /// Print the recorded events as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Closes a resolved incident; after that nothing about it changes.
    Close {
        /// The incident's id, or a unique start of it.
        id: String,
        /// A note to keep with it.
        #[arg(long, default_value = "", hide_default_value = true)]
        note: String,
        /// Print the recorded events as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum MilestoneArg {
    Detected,
    Acknowledged,
    Mitigated,
    Resolved,
}

impl From<MilestoneArg> for Milestone {
    fn from(arg: MilestoneArg) -> Milestone {
        match arg {
            MilestoneArg::Detected => Milestone::Detected,
            MilestoneArg::Acknowledged => Milestone::Acknowledged,
            MilestoneArg::Mitigated => Milestone::Mitigated,
            MilestoneArg::Resolved => Milestone::Resolved,
        }
    }
}

/// The phases an incident can move on to; it starts in Identify.
#[derive(Clone, Copy, ValueEnum)]
pub enum PhaseArg {
    Respond,
    Recover,
    Review,
}

impl From<PhaseArg> for Phase {
    fn from(arg: PhaseArg) -> Phase {
        match arg {
            PhaseArg::Respond => Phase::Respond,
            PhaseArg::Recover => Phase::Recover,
            PhaseArg::Review => Phase::Review,
        }
    }
}

pub fn run(store: &mut Store, command: IncidentCommand, actor: &str) -> Outcome {
    use IncidentAction as A;
    use IncidentCommand as C;
    let (id, json, mut action) = match command {
        C::Start { runbook, severity, drill, title, detected_at, assign, waive, json } => {
            let mode = if drill { IncidentMode::Drill } else { IncidentMode::Real };
            let new = NewIncident {
                severity: canonical_severity(store, &severity)?,
                assignments: assignments(store, &runbook, &assign, &waive)?,
                runbook_id: runbook,
                title: title.unwrap_or_default(),
                mode,
                detected_at,
            };
            return start(store, &new, actor, json);
        }
        C::List { json } => {
            let list = store.list_incidents()?;
            return if json {
                print_json(&list)
            } else {
                Ok(render::incident_list(&mut std::io::stdout().lock(), &list)?)
            };
        }
        C::Show { id, json } => {
            let view = store.incident_view(&resolve(store, &id)?.id)?;
            return if json {
                print_json(&view)
            } else {
                Ok(render::incident_view(&mut std::io::stdout().lock(), &view, store.clock().now())?)
            };
        }
        C::Tick { id, step, note, evidence, json } => (id, json, A::Tick { step, note, evidence }),
        C::Untick { id, step, note, json } => (id, json, A::Untick { step, note }),
        C::Skip { id, step, reason, json } => (id, json, A::Skip { step, reason }),
        C::Na { id, step, note, json } => (id, json, A::NotApplicable { step, note }),
        C::Decide { id, step, option, note, json } => (id, json, A::Decide { step, option, note }),
        C::Note { id, step, text, json } => (id, json, A::NoteStep { step, note: text }),
        C::Log { id, text, at, json } => (id, json, A::Log { text, at }),
        C::Status { id, text, json } => (id, json, A::StatusUpdate { text }),
        C::Milestone { id, milestone, at, json } => (id, json, A::SetMilestone { milestone: milestone.into(), at }),
        C::Phase { id, phase, json } => (id, json, A::EnterPhase { phase: phase.into() }),
        C::Handover { id, role, person, note, at, json } => (id, json, A::HandOver { role, to: person, note, at }),
        C::Severity { id, severity, json } => (id, json, A::ChangeSeverity { severity }),
        C::Close { id, note, json } => (id, json, A::Close { note }),
    };
    let incident = resolve(store, &id)?;
    match &mut action {
        A::Tick { step, .. }
        | A::Untick { step, .. }
        | A::Skip { step, .. }
        | A::NotApplicable { step, .. }
        | A::Decide { step, .. }
        | A::NoteStep { step, .. } => *step = resolve_step(store, &incident, step)?,
        A::HandOver { role, to, .. } => {
            let roles = store.runbook_revision(&incident.runbook_id, incident.runbook_revision)?.roles;
            *role = resolve_role(&roles, role, &incident.runbook_id)?.id.clone();
            *to = resolve_person(&store.list_people()?, to)?.id;
        }
        A::ChangeSeverity { severity } => *severity = canonical_severity(store, severity)?,
        _ => {}
    }
    let events = store.act(&incident.id, &action, actor)?;
    if json {
        return print_json(&events);
    }
    let view = store.incident_view(&incident.id)?;
    Ok(render::events(&mut std::io::stdout().lock(), &view, &events)?)
}

fn start(store: &mut Store, new: &NewIncident, actor: &str, json: bool) -> Outcome {
    let incident = match store.start_incident(new, actor) {
        Ok(incident) => incident,
        Err(err) => return Err(with_hint(store, new, &err)),
    };
    if json {
        return print_json(&incident);
    }
    let drill = if incident.mode == IncidentMode::Drill { ", DRILL" } else { "" };
    say!("started incident {} ({}{drill}): {}", incident.id, incident.severity, incident.title)?;
    say!("follow it with: muster incident show {}", incident.id)?;
    Ok(())
}

/// The core's refusal, with what to type to get past it: a runbook to pick, or the roles still
/// to fill.
fn with_hint(store: &Store, new: &NewIncident, err: &Error) -> Failure {
    let message = err.to_string();
    if let Error::NotFound { what: "runbook", .. } = err {
        return format!("{message}; `muster runbook list` shows the runbooks").into();
    }
    let open: Vec<String> = store
        .runbook_roles(&new.runbook_id)
        .unwrap_or_default()
        .into_iter()
        .filter(|role| !new.assignments.iter().any(|a| a.role == role.id))
        .map(|role| role.id)
        .collect();
    if open.is_empty() {
        return message.into();
    }
    format!(
        "{message}\nhint: give each role with --assign ROLE=PERSON or --waive ROLE=REASON, e.g. --assign {}=PERSON \
         (open: {})",
        open[0],
        open.join(", ")
    )
    .into()
}

/// The `--assign` and `--waive` arguments as the core's role assignments, with roles and
/// people resolved to their ids.
fn assignments(
    store: &Store,
    runbook: &str,
    assign: &[String],
    waive: &[String],
) -> Result<Vec<RoleAssignment>, Failure> {
    if assign.is_empty() && waive.is_empty() {
        // Nothing to resolve: let the core say which roles are open (or that the runbook
        // does not exist).
        return Ok(Vec::new());
    }
    let roles = store.runbook_roles(runbook).map_err(|err| match err {
        Error::NotFound { what: "runbook", .. } => {
            Failure::Message(format!("{err}; `muster runbook list` shows the runbooks"))
        }
        other => other.into(),
    })?;
    let people = store.list_people()?;
    let mut out: Vec<RoleAssignment> = Vec::new();
    let pairs = assign.iter().map(|a| (a, true)).chain(waive.iter().map(|w| (w, false)));
    for (text, assigning) in pairs {
        let (role, value) = text
            .split_once('=')
            .map(|(r, v)| (r.trim(), v.trim()))
            .filter(|(r, v)| !r.is_empty() && !v.is_empty())
            .ok_or_else(|| {
                let (flag, form) = if assigning { ("--assign", "ROLE=PERSON") } else { ("--waive", "ROLE=REASON") };
                Failure::Message(format!("{flag} '{text}': write it as {form}"))
            })?;
        let role = resolve_role(&roles, role, runbook)?;
        if out.iter().any(|a| a.role == role.id) {
            return Err(format!("the role {} is given twice; assign or waive each role once", role.name).into());
        }
        let fill = if assigning {
            RoleFill::Person { person: resolve_person(&people, value)?.id }
        } else {
            RoleFill::Waived { reason: value.to_string() }
        };
        out.push(RoleAssignment { role: role.id.clone(), fill });
    }
    Ok(out)
}

/// A role by id or by name, ignoring case.
fn resolve_role<'a>(roles: &'a [Role], given: &str, runbook: &str) -> Result<&'a Role, Failure> {
    roles
        .iter()
        .find(|role| role.id == given)
        .or_else(|| {
            roles.iter().find(|role| role.id.eq_ignore_ascii_case(given) || role.name.eq_ignore_ascii_case(given))
        })
        .ok_or_else(|| {
            let ids: Vec<&str> = roles.iter().map(|role| role.id.as_str()).collect();
            Failure::Message(format!("the runbook '{runbook}' has no role '{given}'; its roles are {}", ids.join(", ")))
        })
}

/// The team's spelling of a severity typed in any case; an unknown one is passed on for the
/// core to refuse with the list.
fn canonical_severity(store: &Store, given: &str) -> Result<String, Failure> {
    let given = given.trim();
    Ok(store.severities()?.into_iter().find(|s| s.eq_ignore_ascii_case(given)).unwrap_or_else(|| given.to_string()))
}

/// Compares ids the way people type them: any case, dashes optional.
fn id_key(id: &str) -> String {
    id.chars().filter(|c| *c != '-').flat_map(char::to_lowercase).collect()
}

/// An incident by its id or a unique start of it.
pub fn resolve(store: &Store, given: &str) -> Result<Incident, Failure> {
    match store.incident(given.trim()) {
        Ok(incident) => return Ok(incident),
        Err(Error::NotFound { .. }) => {}
        Err(err) => return Err(err.into()),
    }
    let incidents = store.list_incidents()?.into_iter().map(|summary| summary.incident).collect();
    by_prefix(given, incidents, |i| &i.id, |i| format!("{}  {}", render::minute(i.started_at), i.title))
}

/// The one item whose incident id starts with `given`; when none or several do, says so and
/// lists the candidates (`describe` adds what tells them apart).
pub fn by_prefix<T>(
    given: &str,
    items: Vec<T>,
    id: impl Fn(&T) -> &str,
    describe: impl Fn(&T) -> String,
) -> Result<T, Failure> {
    let wanted = id_key(given.trim());
    if wanted.is_empty() {
        return Err("give an incident id, or the start of one (`muster incident list` shows them)".into());
    }
    let mut matches: Vec<T> = items.into_iter().filter(|item| id_key(id(item)).starts_with(&wanted)).collect();
    match matches.len() {
        0 => Err(format!("no incident starts with '{given}'; `muster incident list` shows them").into()),
        1 => Ok(matches.remove(0)),
        n => {
            let lines: Vec<String> = matches
                .iter()
                .map(|item| format!("  {}  {}", id(item), describe(item)).trim_end().to_string())
                .collect();
            Err(format!("'{given}' is the start of {n} incidents; give more of the id:\n{}", lines.join("\n")).into())
        }
    }
}

/// A step of the incident's runbook revision by its key or a unique start of it.
fn resolve_step(store: &Store, incident: &Incident, given: &str) -> Result<String, Failure> {
    let runbook = store.runbook_revision(&incident.runbook_id, incident.runbook_revision)?;
    let given = given.trim();
    if runbook.step(given).is_some() {
        return Ok(given.to_string());
    }
    let wanted = given.to_lowercase();
    let matches: Vec<&str> =
        runbook.steps.iter().map(|s| s.key.as_str()).filter(|key| key.starts_with(&wanted)).collect();
    match matches.as_slice() {
        [one] => Ok(one.to_string()),
        [] => Err(format!(
            "incident '{}' has no step '{given}'; `muster incident show {}` lists the step keys",
            incident.title, incident.id
        )
        .into()),
        many => {
            Err(format!("'{given}' is the start of {} steps: {}; give more of the key", many.len(), many.join(", "))
                .into())
        }
    }
}
