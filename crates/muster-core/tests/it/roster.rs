//! The roster and the roles catalogue: people with their contacts and roles, retiring,
//! restoring and deleting them, the seeded catalogue, the contact sheet, and CSV import.

use muster_core::{Error, IncidentAction, IncidentMode, Milestone, PersonInput, RoleAssignment, RoleFill};

use crate::{declare, sev1, Fixture};

fn dana_input() -> PersonInput {
    PersonInput {
        name: " Dana Lee ".into(),
        team: "Platform".into(),
        phone: "+47 555 0101".into(),
        email: "dana@example.com".into(),
        chat: "@dana".into(),
        roles: vec!["Scribe".into(), "incident-commander".into(), "scribe".into()],
        notes: "Nights only".into(),
    }
}

#[test]
fn a_new_database_has_the_five_catalogue_roles_with_duties_in_order() {
    let f = Fixture::new();
    let roles = f.store.list_roles().unwrap();
    let names: Vec<&str> = roles.iter().take(5).map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        ["Incident Commander", "Operations/Tech Lead", "Communications Lead", "Scribe", "Customer Liaison"]
    );
    assert!(roles.iter().take(5).all(|r| !r.duties.is_empty()));
    // The sample runbooks' other roles follow; the samples' own names did not replace the catalogue's.
    assert!(roles.iter().any(|r| r.id == "facilities"));
    let (runbook, _) = f.store.runbook("it-system-outage").unwrap();
    assert_eq!(runbook.role("tech-lead").unwrap().name, "Operations/Tech Lead");
    assert!(runbook.role("scribe").unwrap().duties.starts_with("Keeps the record"));
}

#[test]
fn a_teams_edits_of_the_catalogue_survive_reopening_and_runbook_saves() {
    let mut f = Fixture::new();
    f.store.save_role("scribe", "Note taker", "").unwrap();
    let added = f.store.save_role("", "Safety Officer", "Stops unsafe work.").unwrap();
    assert_eq!(added.id, "safety-officer");
    let (runbook, _) = f.store.runbook("it-system-outage").unwrap();
    f.store.save_runbook(&runbook, "ana", "again").unwrap();
    let f = f.reopen();
    let roles = f.store.list_roles().unwrap();
    let scribe = roles.iter().find(|r| r.id == "scribe").unwrap();
    assert_eq!((scribe.name.as_str(), scribe.duties.as_str()), ("Note taker", ""));
    assert_eq!(roles.last().unwrap().id, "safety-officer");

    let mut f = f;
    let err = f.store.save_role("", "note TAKER", "").unwrap_err();
    assert!(err.to_string().contains("already has that name"), "{err}");
    let err = f.store.save_role("Bad Id", "X", "").unwrap_err();
    assert!(err.to_string().contains("cannot be a role id"), "{err}");
}

#[test]
fn people_have_contacts_and_roles_and_are_listed_active_first() {
    let mut f = Fixture::new();
    let dana = f.store.add_person(&dana_input()).unwrap();
    assert_eq!(dana.id, "dana-lee");
    assert_eq!(dana.name, "Dana Lee");
    assert_eq!(dana.roles, ["incident-commander", "scribe"], "ids, catalogue order, once each");
    assert_eq!((dana.phone.as_str(), dana.chat.as_str(), dana.team.as_str()), ("+47 555 0101", "@dana", "Platform"));
    let again = f.store.add_person(&PersonInput::new("Dana Lee", "")).unwrap();
    assert_eq!(again.id, "dana-lee-2");

    let err = f.store.add_person(&PersonInput { roles: vec!["wizard".into()], ..dana_input_named("Ed") }).unwrap_err();
    assert!(err.to_string().contains("no role 'wizard' in the catalogue"), "{err}");
    let err = f.store.add_person(&PersonInput { email: "ed at home".into(), ..dana_input_named("Ed") }).unwrap_err();
    assert!(err.to_string().contains("is not an e-mail address"), "{err}");

    let changed = f
        .store
        .update_person("dana-lee", &PersonInput { roles: vec!["Customer Liaison".into()], ..dana_input() })
        .unwrap();
    assert_eq!(changed.roles, ["customer-liaison"]);
    f.store.add_person(&PersonInput::new("Abe", "")).unwrap();
    f.store.retire_person("dana-lee-2").unwrap();
    let listed: Vec<(String, bool)> =
        f.store.list_people().unwrap().into_iter().map(|p| (p.id.clone(), p.is_retired())).collect();
    assert_eq!(listed, [("abe".into(), false), ("dana-lee".into(), false), ("dana-lee-2".into(), true)]);
    assert!(matches!(f.store.update_person("ghost", &dana_input()), Err(Error::NotFound { .. })));
}

fn dana_input_named(name: &str) -> PersonInput {
    PersonInput { name: name.into(), ..PersonInput::default() }
}

#[test]
fn retired_people_cannot_take_a_role_until_restored() {
    let mut f = Fixture::new();
    let mut new = sev1(&mut f.store);
    let bo = f.store.add_person(&PersonInput::new("Bo", "")).unwrap();
    f.store.retire_person(&bo.id).unwrap();
    let err = f.store.retire_person(&bo.id).unwrap_err();
    assert!(err.to_string().contains("Bo was already retired"), "{err}");

    new.assignments[0] =
        RoleAssignment { role: new.assignments[0].role.clone(), fill: RoleFill::Person { person: bo.id.clone() } };
    let err = f.store.start_incident(&new, "ana").unwrap_err();
    assert!(err.to_string().contains("Bo is retired and cannot be given a role"), "{err}");
    assert!(f.store.list_incidents().unwrap().is_empty());

    let (incident, _) = declare(&mut f.store);
    let handover = IncidentAction::HandOver { role: "scribe".into(), to: bo.id.clone(), note: String::new(), at: None };
    let err = f.store.act(&incident.id, &handover, "ana").unwrap_err();
    assert!(err.to_string().contains("Bo is retired"), "{err}");

    assert!(!f.store.restore_person(&bo.id).unwrap().is_retired());
    f.store.act(&incident.id, &handover, "ana").unwrap();
    assert!(f.store.restore_person(&bo.id).unwrap_err().to_string().contains("Bo is not retired"));
}

#[test]
fn a_person_holding_a_role_in_an_open_incident_cannot_be_deleted() {
    let mut f = Fixture::new();
    let (incident, _) = declare(&mut f.store);
    let ana = f.store.list_people().unwrap().into_iter().find(|p| p.name == "Ana").unwrap();
    let err = f.store.delete_person(&ana.id).unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, Error::InvalidState(_)));
    assert!(
        message.starts_with(
            "Ana holds a role in an incident that is not closed (Incident Commander in 'IT system outage'"
        ),
        "{message}"
    );
    assert!(message.ends_with("hand the role over first, or retire them instead"), "{message}");
    // Retiring is allowed; the role stays hers until handed over.
    f.store.retire_person(&ana.id).unwrap();
    let view = f.store.incident_view(&incident.id).unwrap();
    assert_eq!(view.roles[0].person.as_ref().unwrap().id, ana.id);

    // Once the incident is closed, she can go; the timeline still names her.
    f.store
        .act(&incident.id, &IncidentAction::SetMilestone { milestone: Milestone::Resolved, at: None }, "ana")
        .unwrap();
    f.store.act(&incident.id, &IncidentAction::Close { note: "done".into() }, "ana").unwrap();
    f.store.delete_person(&ana.id).unwrap();
    assert!(f.store.list_people().unwrap().is_empty());
    let view = f.store.incident_view(&incident.id).unwrap();
    assert_eq!(view.roles[0].person.as_ref().unwrap().name, "Ana");
    assert!(f.store.verify_chain(&incident.id).unwrap().holds());

    // Someone never in an incident can be deleted at once.
    let cy = f.store.add_person(&PersonInput { roles: vec!["scribe".into()], ..dana_input_named("Cy") }).unwrap();
    f.store.delete_person(&cy.id).unwrap();
    assert!(matches!(f.store.delete_person(&cy.id), Err(Error::NotFound { .. })));
}

#[test]
fn the_contact_sheet_lists_who_can_hold_each_role_and_who_holds_it_now() {
    let mut f = Fixture::new();
    f.store.add_person(&dana_input()).unwrap();
    f.store.add_person(&PersonInput { roles: vec!["scribe".into()], ..dana_input_named("Old Hand") }).unwrap();
    f.store.retire_person("old-hand").unwrap();
    f.store.add_person(&PersonInput::new("Zed", "123")).unwrap();
    let mut drill = sev1(&mut f.store);
    drill.mode = IncidentMode::Drill;
    drill.assignments[3].fill = RoleFill::Waived { reason: "small team".into() };
    let incident = f.store.start_incident(&drill, "ana").unwrap();

    let sheet = f.store.contact_sheet().unwrap();
    assert_eq!(sheet.made_at, f.clock_now());
    assert_eq!(sheet.roles[0].role.name, "Incident Commander");
    let ic = &sheet.roles[0];
    assert_eq!(ic.people.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["Dana Lee"]);
    assert_eq!(ic.holders.len(), 1);
    assert_eq!((ic.holders[0].incident_id.as_str(), ic.holders[0].mode), (incident.id.as_str(), IncidentMode::Drill));
    assert_eq!(ic.holders[0].person.as_ref().unwrap().name, "Ana");
    let scribe = sheet.roles.iter().find(|r| r.role.id == "scribe").unwrap();
    assert_eq!(scribe.people.len(), 1, "retired people are left out");
    assert_eq!(scribe.holders[0].waived.as_deref(), Some("small team"));
    let facilities = sheet.roles.iter().find(|r| r.role.id == "facilities").unwrap();
    assert!(facilities.holders.is_empty(), "the open incident's runbook has no such role");
    let others: Vec<&str> = sheet.others.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(others, ["Ana", "Zed"]);
}

const GOOD_CSV: &str = "\
Name,Team,Phone,Email,Chat,Roles,Notes
Dana Lee,Platform,+47 555 0199,,@dana,Incident Commander;scribe,
Eve Stone,Support,+47 555 0102,eve@example.com,,customer-liaison,\"Weekdays, 8-16\"
";

#[test]
fn a_good_csv_adds_new_people_and_updates_those_matched_by_name_or_id() {
    let mut f = Fixture::new();
    f.store.add_person(&PersonInput { notes: "kept".into(), ..dana_input() }).unwrap();
    let report = f.store.import_people_csv(GOOD_CSV).unwrap();
    assert_eq!(report.errors, []);
    assert_eq!(report.added.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), ["eve-stone"]);
    assert_eq!(report.updated.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), ["dana-lee"]);
    let dana = f.store.person("dana-lee").unwrap();
    assert_eq!(dana.phone, "+47 555 0199");
    assert_eq!(dana.email, "", "an empty cell of a column the file has clears the detail");
    assert_eq!(dana.notes, "");
    assert_eq!(f.store.person("eve-stone").unwrap().notes, "Weekdays, 8-16");

    // By id, with only some columns: the others are kept.
    let report = f.store.import_people_csv("id,name,phone\neve-stone,Eve Stone-Berg,999\n").unwrap();
    assert_eq!(report.updated.len(), 1);
    let eve = f.store.person("eve-stone").unwrap();
    assert_eq!((eve.name.as_str(), eve.phone.as_str(), eve.team.as_str()), ("Eve Stone-Berg", "999", "Support"));
    assert_eq!(eve.roles, ["customer-liaison"]);
}

#[test]
fn a_bad_csv_writes_nothing_and_reports_every_problem() {
    let mut f = Fixture::new();
    let before = f.store.list_people().unwrap();
    let text = "\
name,phone,roles,email,shoe size
Ada,1,scribe,,
,2,,,
Bo,3,wizard;scribe,,
Cy,4,,cy-at-home,
Ada,5,,,
";
    let report = f.store.import_people_csv(text).unwrap();
    assert!(report.added.is_empty() && report.updated.is_empty());
    let found: Vec<String> = report.errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        found,
        [
            "line 1, column 'shoe size': unknown column 'shoe size'; the columns are id, name, team, phone, email, chat, roles, notes",
            "line 3, column 'name': the name is empty; every person needs a name",
            "line 4, column 'roles': no role 'wizard' in the catalogue; the roles are Incident Commander, Operations/Tech Lead, Communications Lead, Scribe, Customer Liaison, Customer Service Lead, Tech Support, Facilities Lead",
            "line 5, column 'email': 'cy-at-home' is not an e-mail address (it needs a name, '@' and a domain)",
        ]
    );
    assert_eq!(f.store.list_people().unwrap(), before);

    // Rows that read well but clash with the roster or each other.
    let report = f.store.import_people_csv("id,name\nghost,Ghost\n,Ada\n,Ada\n").unwrap();
    let found: Vec<String> = report.errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        found,
        [
            "line 2, column 'id': nobody on the roster has the id 'ghost'; leave the id empty to add a new person",
            "line 4: line 3 is about the same person (Ada); keep one row per person",
        ]
    );
    assert!(f.store.list_people().unwrap().is_empty());
}

#[test]
fn importing_a_missing_file_says_which() {
    let mut f = Fixture::new();
    let path = f.dir.path().join("nope.csv");
    let err = f.store.import_people_file(&path).unwrap_err();
    assert!(err.to_string().contains("nope.csv"), "{err}");
}
