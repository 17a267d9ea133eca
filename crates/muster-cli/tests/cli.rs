//! The `muster` binary as a user runs it.

// A test that cannot proceed should fail on the spot, with the value that stopped it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

fn muster() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_muster"));
    command.env_remove("MUSTER_DB");
    command
}

#[test]
fn version_names_the_program() {
    let out = muster().arg("--version").output().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), format!("muster {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn db_path_follows_flag_then_environment() {
    let out = muster().args(["--db", "/tmp/x/flag.db", "db", "path"]).env("MUSTER_DB", "/tmp/env.db").output().unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), "/tmp/x/flag.db");
    let out = muster().args(["db", "path"]).env("MUSTER_DB", "/tmp/env.db").output().unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), "/tmp/env.db");
    let out = muster().args(["db", "path"]).env("HOME", "/home/someone").env_remove("XDG_DATA_HOME").output().unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), "/home/someone/.local/share/muster/muster.db");
}

#[test]
fn runbook_list_shows_the_seeded_samples() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    let out = muster().arg("--db").arg(&db).args(["runbook", "list", "--json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = list.as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"it-system-outage"), "{ids:?}");
    assert_eq!(ids.len(), 3);
}

#[test]
fn a_file_that_is_not_a_database_fails_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("junk.db");
    std::fs::write(&db, vec![0x5a; 8192]).unwrap();
    let out = muster().arg("--db").arg(&db).args(["runbook", "list"]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("not a SQLite database"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), vec![0x5a; 8192], "the file must not be modified");
}

fn run(db: &std::path::Path, args: &[&str]) -> (bool, String, String) {
    let out = muster().arg("--db").arg(db).args(args).output().unwrap();
    (out.status.success(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn backup_list_restore_and_verify() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    let (ok, out, err) = run(&db, &["backup"]);
    assert!(ok, "{err}");
    let backup = out.trim().strip_prefix("backed up and checked: ").unwrap().to_string();
    assert!(std::path::Path::new(&backup).starts_with(dir.path().join("m-backups")), "{backup}");

    let (ok, out, _) = run(&db, &["backup", "--list"]);
    assert!(ok);
    assert!(out.contains("manual") && out.contains(&backup), "{out}");

    let (ok, out, err) = run(&db, &["restore", &backup]);
    assert!(ok, "{err}");
    assert!(out.contains("the replaced database was saved as"), "{out}");

    let (ok, out, err) = run(&db, &["verify"]);
    assert!(ok, "{err}");
    assert!(out.starts_with("ok: 0 incident timelines verify"), "{out}");
}

#[test]
fn damaged_and_newer_databases_fail_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    assert!(run(&db, &["runbook", "list"]).0);
    let bytes = std::fs::read(&db).unwrap();
    std::fs::write(&db, &bytes[..bytes.len() / 3]).unwrap();
    let (ok, _, err) = run(&db, &["runbook", "list"]);
    assert!(!ok);
    assert!(err.starts_with(&format!("muster: {}: the file is truncated", db.display())), "{err}");

    let newer = dir.path().join("newer.db");
    assert!(run(&newer, &["runbook", "list"]).0);
    rusqlite_free_bump(&newer);
    let (ok, _, err) = run(&newer, &["backup"]);
    assert!(!ok);
    assert!(err.contains("newer than this Muster understands"), "{err}");
}

/// Raises the schema version the way a newer Muster would, with nothing but a byte edit of
/// the header's user_version field (offset 60), to keep this crate free of SQLite.
fn rusqlite_free_bump(path: &std::path::Path) {
    let mut bytes = std::fs::read(path).unwrap();
    bytes[63] = bytes[63].wrapping_add(1);
    std::fs::write(path, bytes).unwrap();
}

/// A fresh database in a temporary folder, and the binary run on it by the user `tester`.
struct Desk {
    dir: tempfile::TempDir,
}

impl Desk {
    fn new() -> Desk {
        Desk { dir: tempfile::tempdir().unwrap() }
    }

    fn run(&self, args: &[&str]) -> std::process::Output {
        muster().arg("--db").arg(self.dir.path().join("m.db")).args(args).env("USER", "tester").output().unwrap()
    }

    /// Runs a command that must succeed; its stdout.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs a command that must succeed with `--json`; its stdout, parsed.
    fn json(&self, args: &[&str]) -> serde_json::Value {
        let out = self.ok(&[args, &["--json"]].concat());
        serde_json::from_str(&out).unwrap_or_else(|err| panic!("{args:?}: {err}: {out}"))
    }

    /// Runs a command that must fail with exit status `code` and print nothing on stdout; its
    /// stderr.
    fn fails(&self, code: i32, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stdout.is_empty(), "{args:?}: {}", String::from_utf8_lossy(&out.stdout));
        String::from_utf8(out.stderr).unwrap()
    }

    /// Dana and Bo on the roster, and a SEV1 drill of the IT outage runbook detected 20 minutes
    /// ago, with the other roles waived. Returns the incident's id.
    fn start_outage(&self) -> String {
        let incident = self.json(&[
            "incident",
            "start",
            "it-system-outage",
            "--severity",
            "SEV1",
            "--drill",
            "--detected-at",
            "-20m",
            "--assign",
            "incident-commander=dana lee",
            "--assign",
            "Operations/Tech Lead=bo-chen",
            "--waive",
            "comms-lead=small team",
            "--waive",
            "scribe=Dana keeps the log",
            "--waive",
            "customer-liaison=internal system",
        ]);
        incident["id"].as_str().unwrap().to_string()
    }

    fn add_people(&self) {
        assert_eq!(
            self.ok(&["person", "add", "Dana Lee", "--phone", "+47 555 0101"]).trim(),
            "added dana-lee: Dana Lee"
        );
        assert_eq!(self.json(&["person", "add", "Bo Chen"])["id"], "bo-chen");
    }
}

#[test]
fn an_incident_declared_worked_and_resolved_from_the_command_line() {
    let desk = Desk::new();
    desk.add_people();

    // A role left open: refused with the core's message and a hint, and nothing written.
    let err = desk.fails(
        1,
        &["incident", "start", "it-system-outage", "--severity", "SEV1", "--assign", "incident-commander=dana-lee"],
    );
    assert!(
        err.starts_with(
            "muster: fill or waive every role before declaring; still open: Operations/Tech Lead, Communications Lead"
        ),
        "{err}"
    );
    assert!(err.contains("--assign ROLE=PERSON or --waive ROLE=REASON") && err.contains("open: tech-lead,"), "{err}");
    assert_eq!(desk.json(&["incident", "list"]), serde_json::json!([]));

    let id = desk.start_outage();
    let short = &id[..8];
    let list = desk.ok(&["incident", "list"]);
    let row = list.lines().find(|l| l.starts_with(short)).unwrap_or_else(|| panic!("{list}"));
    for column in ["SEV1", "DRILL", "identify", "active", "0/25", "IT system outage"] {
        assert!(row.contains(column), "{column}: {row}");
    }
    let list = desk.json(&["incident", "list"]);
    assert_eq!(list[0]["incident"]["mode"], "drill");
    assert_eq!(list[0]["steps_total"], 25);

    let show = desk.ok(&["incident", "show", short]);
    for line in [
        "DRILL — practice, not a real incident",
        "Incident Commander    Dana Lee (dana-lee, +47 555 0101)",
        "Scribe                waived: Dana keeps the log",
        "[ ]   Is customer data at risk?  (Yes | No)",
        "(1 step hidden",
        "incident.declared",
    ] {
        assert!(show.contains(line), "{line}\n{show}");
    }

    let out =
        desk.ok(&["incident", "tick", short, "confirm-the-outage-from-the-user-side", "--note", "503 from outside"]);
    assert!(out.contains("step.ticked") && out.contains("'Confirm the outage from the user side'"), "{out}");
    assert!(out.contains("milestone.reached    acknowledged"), "{out}");
    let err = desk.fails(1, &["incident", "tick", short, "restart-the-coffee-machine"]);
    assert!(err.starts_with("muster: incident 'IT system outage' has no step 'restart-the-coffee-machine'"), "{err}");

    // The DPO step shows only after a Yes, and then needs evidence.
    let err = desk.fails(1, &["incident", "tick", short, "notify-the-data-protection-officer"]);
    assert!(err.contains("applies only when 'Is customer data at risk?' is answered 'Yes'"), "{err}");
    assert!(desk.ok(&["incident", "decide", short, "is-customer-data-at-risk", "Yes"]).contains("step.decided"));
    let err = desk.fails(1, &["incident", "tick", short, "notify-the-data-protection-officer"]);
    assert!(err.contains("needs evidence before it can be ticked: the DPO's name"), "{err}");
    let events = desk.json(&["incident", "tick", short, "notify-the", "--evidence", "Kari N., reached 02:55"]);
    let kinds: Vec<&str> = events.as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["phase.entered", "step.ticked"]);
    assert_eq!(events[1]["payload"]["evidence"], "Kari N., reached 02:55");

    desk.ok(&["incident", "skip", short, "set-the-severity", "--reason", "set when declaring"]);
    let out = desk.ok(&["incident", "log", short, "first page fired", "--at", "-10m"]);
    assert!(out.contains("log.entry") && out.contains("first page fired  (at "), "{out}");

    let view = desk.json(&["incident", "show", short]);
    let step = |key: &str| {
        view["phases"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|p| p["steps"].as_array().unwrap())
            .find(|s| s["step"]["key"] == key)
            .unwrap()
            .clone()
    };
    assert_eq!(step("confirm-the-outage-from-the-user-side")["status"], "done");
    assert_eq!(step("is-customer-data-at-risk")["decision"], "Yes");
    assert_eq!(step("notify-the-data-protection-officer")["evidence"], "Kari N., reached 02:55");
    assert_eq!(step("set-the-severity")["status"], "skipped");
    assert_eq!(step("set-the-severity")["note"], "set when declaring");
    let log = view["timeline"].as_array().unwrap().iter().find(|e| e["event"]["kind"] == "log.entry").unwrap();
    let time = |field: &str| chrono_free_seconds(log["event"][field].as_str().unwrap());
    let backdated = time("recorded_at") - time("occurred_at");
    assert!((595..=605).contains(&backdated), "{log}");
    assert_eq!(log["event"]["actor"], "tester");

    let show = desk.ok(&["incident", "show", short]);
    for line in [
        "[x]   Confirm the outage from the user side",
        "[x]   Is customer data at risk?  → Yes",
        "[-]   Set the severity",
        "reason: set when declaring",
        "evidence: Kari N., reached 02:55",
        "(recorded ",
    ] {
        assert!(show.contains(line), "{line}\n{show}");
    }

    let out = desk.ok(&["incident", "milestone", short, "resolved"]);
    assert!(out.contains("resolved (set by hand)") && out.contains("entered Review"), "{out}");
    let err = desk.fails(1, &["incident", "tick", short, "clear-queued-work-and-check-data-integrity"]);
    assert!(err.contains("is resolved; only its Review steps can still change"), "{err}");
    assert_eq!(desk.ok(&["verify", short]).trim(), "ok: 1 incident timelines verify");
}

#[test]
fn incidents_are_found_by_a_unique_start_of_their_id() {
    let desk = Desk::new();
    desk.add_people();
    let (first, second) = (desk.start_outage(), desk.start_outage());
    let shared: String = first.chars().zip(second.chars()).take_while(|(a, b)| a == b).map(|(a, _)| a).collect();
    assert!(!shared.is_empty(), "{first} {second}");

    let err = desk.fails(1, &["incident", "show", &shared]);
    assert!(err.starts_with(&format!("muster: '{shared}' is the start of 2 incidents; give more of the id:")), "{err}");
    assert!(err.contains(&first) && err.contains(&second), "{err}");
    let err = desk.fails(1, &["incident", "status", "zzzz", "all good"]);
    assert_eq!(err.trim(), "muster: no incident starts with 'zzzz'; `muster incident list` shows them");

    // One character more than they share is enough.
    let unique = &second[..shared.len() + 1];
    assert!(desk.ok(&["incident", "status", unique, "rollback running"]).contains("status: rollback running"));
    let list = desk.ok(&["incident", "list"]);
    assert!(list.lines().any(|l| l.starts_with(unique)), "the list shows ids long enough to tell apart:\n{list}");
}

#[test]
fn time_arguments_people_and_severities() {
    let desk = Desk::new();
    desk.add_people();
    let id = desk.start_outage();
    let err = desk.fails(2, &["incident", "log", &id, "pager fired", "--at", "yesterday-ish"]);
    assert!(err.contains("'yesterday-ish' is not a time: use RFC 3339") && err.contains("-1h30m"), "{err}");
    let err = desk.fails(1, &["incident", "log", &id, "from the future", "--at", "2999-01-01T00:00:00Z"]);
    assert!(err.contains("is in the future"), "{err}");

    let people = desk.json(&["person", "list"]);
    assert_eq!(people[1]["phone"], "+47 555 0101");
    let err = desk.fails(1, &["incident", "handover", &id, "tech-lead", "Carol"]);
    assert!(err.contains("nobody called 'Carol' is on the roster"), "{err}");
    assert!(desk
        .ok(&["incident", "handover", &id, "tech-lead", "DANA LEE"])
        .contains("Operations/Tech Lead handed over from bo-chen to Dana Lee"));

    desk.ok(&["severity", "set", "P1", "P2"]);
    assert_eq!(desk.json(&["severity", "list"]), serde_json::json!(["P1", "P2"]));
    let err = desk.fails(1, &["incident", "severity", &id, "SEV3"]);
    assert!(err.contains("'SEV3' is not a severity: use one of P1, P2"), "{err}");
    assert!(desk.ok(&["incident", "severity", &id, "p2"]).contains("severity SEV1 → P2"));
}

#[test]
fn the_roster_with_roles_retirement_csv_import_and_the_contact_sheet() {
    let desk = Desk::new();
    let added = desk.json(&[
        "person",
        "add",
        "Dana Lee",
        "--team",
        "Platform",
        "--phone",
        "+47 555 0101",
        "--email",
        "dana@example.com",
        "--chat",
        "@dana",
        "--role",
        "Incident Commander",
        "--role",
        "scribe",
        "--notes",
        "nights",
    ]);
    assert_eq!(added["roles"], serde_json::json!(["incident-commander", "scribe"]));
    let err = desk.fails(1, &["person", "add", "Ed", "--role", "wizard"]);
    assert!(err.contains("no role 'wizard' in the catalogue; the roles are Incident Commander,"), "{err}");

    let csv = desk.dir.path().join("roster.csv");
    std::fs::write(&csv, "name,phone,roles\nBo Chen,+47 555 0102,tech-lead\nDana Lee,+47 555 0199,\n").unwrap();
    let out = desk.ok(&["person", "import", csv.to_str().unwrap()]);
    assert!(out.contains("added bo-chen: Bo Chen") && out.contains("updated dana-lee: Dana Lee"), "{out}");
    assert!(out.ends_with("1 added, 1 updated\n"), "{out}");

    let bad = desk.dir.path().join("bad.csv");
    std::fs::write(&bad, "name,pager\n,1\n").unwrap();
    let err = desk.fails(1, &["person", "import", bad.to_str().unwrap()]);
    assert!(err.contains("bad.csv: line 1, column 'pager': unknown column 'pager'"), "{err}");
    assert!(err.contains("bad.csv: line 2, column 'name': the name is empty"), "{err}");
    assert!(err.contains("2 problem(s); nothing was imported"), "{err}");

    desk.ok(&["person", "add", "Old Hand"]);
    assert_eq!(
        desk.ok(&["person", "retire", "old hand"]).lines().next().unwrap().split(" (").next().unwrap(),
        "retired old-hand: Old Hand"
    );
    let list = desk.ok(&["person", "list"]);
    let lines: Vec<&str> = list.lines().collect();
    assert!(
        lines[0].starts_with("bo-chen")
            && lines[0].contains("phone +47 555 0102")
            && lines[0].ends_with("[Operations/Tech Lead]"),
        "{list}"
    );
    assert!(lines[1].contains("phone +47 555 0199 · chat @dana · email dana@example.com"), "{list}");
    assert!(lines[2].starts_with("old-hand") && lines[2].contains("RETIRED"), "{list}");

    let export = desk.ok(&["person", "export"]);
    assert!(export.starts_with("id,name,team,phone,email,chat,roles,notes\nbo-chen,Bo Chen,,+47 555 0102"), "{export}");

    let sheet = desk.ok(&["contacts"]);
    assert!(sheet.contains("INCIDENT COMMANDER\n  Leads the response"), "{sheet}");
    assert!(sheet.contains("OPERATIONS/TECH LEAD\n"), "{sheet}");
    assert!(sheet.contains("  Bo Chen  phone +47 555 0102\n"), "{sheet}");
    assert!(!sheet.contains("Old Hand"), "retired people are not on the sheet: {sheet}");
    assert_eq!(desk.json(&["contacts"])["roles"][0]["role"]["id"], "incident-commander");

    // Someone holding a role in an open incident can be retired but not deleted.
    desk.start_outage();
    let err = desk.fails(1, &["person", "delete", "dana-lee"]);
    assert!(err.contains("Dana Lee holds a role in an incident that is not closed (Incident Commander in"), "{err}");
    assert!(desk.ok(&["contacts"]).contains("NOW in IT system outage (SEV1 DRILL): Dana Lee  phone +47 555 0199"));
    desk.ok(&["person", "delete", "old-hand"]);
}

/// Seconds since the epoch of an RFC 3339 UTC time with milliseconds, as the store writes them
/// (`2026-05-14T02:40:00.123Z`); enough arithmetic for a test without a date library.
fn chrono_free_seconds(text: &str) -> i64 {
    let number = |range: std::ops::Range<usize>| text[range].parse::<i64>().unwrap();
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    // Days from civil (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468;
    days * 86_400 + number(11..13) * 3_600 + number(14..16) * 60 + number(17..19)
}

#[test]
fn export_then_import_changes_nothing_and_a_changed_file_becomes_a_revision() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    let out = dir.path().join("runbooks");
    let folder = out.to_str().unwrap();

    let (ok, text, err) = run(&db, &["export", "runbooks", folder]);
    assert!(ok, "{err}");
    assert!(text.ends_with(&format!("3 runbooks exported to {folder}\n")), "{text}");
    let (ok, text, err) = run(&db, &["import", folder]);
    assert!(ok, "{err}");
    assert!(text.contains("unchanged  it-system-outage (revision 1) from "), "{text}");
    assert!(text.ends_with("3 files: 3 unchanged\n"), "{text}");

    let file = out.join("it-system-outage.md");
    let changed =
        std::fs::read_to_string(&file).unwrap().replace("review_every = \"180 d\"", "review_every = \"90 d\"");
    std::fs::write(&file, changed).unwrap();
    let (ok, text, err) = run(&db, &["import", file.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(text.starts_with("updated    it-system-outage (revision 2) from "), "{text}");

    let (ok, text, err) = run(&db, &["export", "runbooks", folder, "--id", "it-system-outage"]);
    assert!(ok, "{err}");
    assert!(text.ends_with(&format!("1 runbook exported to {folder}\n")), "{text}");
    assert!(std::fs::read_to_string(&file).unwrap().contains("review_every = \"90 d\""));
}

#[test]
fn import_reads_every_file_reports_foreign_formats_and_fails_at_the_end_on_a_broken_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    let files = dir.path().join("in");
    std::fs::create_dir_all(files.join("alerts")).unwrap();
    std::fs::write(files.join("a-broken.md"), "+++\ntitle = \"Broken\"\n+++\n## Identify\n- [ ] Look @ghost\n")
        .unwrap();
    std::fs::write(
        files.join("alerts/DiskFull.md"),
        "# DiskFull\n\n## Meaning\n\nA volume is full.\n\n## Mitigation\n\n- Delete old logs.\n",
    )
    .unwrap();
    std::fs::write(files.join("notes.txt"), "not looked at in a folder").unwrap();

    let (ok, text, err) = run(&db, &["import", files.to_str().unwrap()]);
    assert!(!ok);
    assert!(err.contains("a-broken.md:5:12: unknown role '@ghost'"), "{err}");
    assert!(err.contains("muster: 1 of 2 files could not be imported (the others: 1 created)"), "{err}");
    assert!(text.starts_with("created    disk-full (revision 1) from "), "{text}");
    assert!(text.contains("(alert-markdown)\n  "), "the report follows: {text}");
    let (_, list, _) = run(&db, &["runbook", "list"]);
    assert!(list.contains("disk-full") && !list.contains("Broken"), "{list}");
}

#[test]
fn lint_lists_every_problem_without_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("absent/m.db");
    let good = dir.path().join("good.md");
    std::fs::write(&good, "+++\ntitle = \"Disk full\"\n+++\n## Identify\n- [ ] Look\n").unwrap();
    let bad = dir.path().join("bad.md");
    std::fs::write(&bad, "+++\ntitle = \"Leak\"\ntags = [\"\"]\n+++\n## Identfy\nprose\n").unwrap();
    let twin = dir.path().join("twin.md");
    std::fs::write(&twin, "+++\nid = \"disk-full\"\ntitle = \"Disk full again\"\n+++\n").unwrap();

    let (ok, text, err) = run(&db, &["lint", good.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert_eq!(text, "1 file ok\n");

    let (ok, text, err) = run(&db, &["lint", dir.path().to_str().unwrap()]);
    assert!(!ok);
    let bad = bad.display();
    let twin = twin.display();
    assert_eq!(
        text,
        format!(
            "{bad}:3:9: tags: an empty name; remove it or write one\n\
             {bad}:5:4: unknown phase 'Identfy': use Identify, Respond, Recover or Review\n\
             {bad}:6:1: expected a step ('- [ ] title @role within 10 min') under identify, found 'prose'\n\
             {twin}:2:1: the id 'disk-full' is also the id of {}: give each runbook its own id\n",
            good.display()
        )
    );
    assert_eq!(err, "muster: 4 problems in 2 of 3 files\n");
    assert!(!db.parent().unwrap().exists(), "lint opens no database");
}

#[test]
fn runbook_search_and_review_from_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    let run = |args: &[&str]| {
        let out = muster().arg("--db").arg(&db).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let hits: serde_json::Value = serde_json::from_str(&run(&["runbook", "search", "generator", "--json"])).unwrap();
    let first = &hits.as_array().unwrap()[0];
    assert_eq!(first["id"], "data-centre-power-loss");
    assert!(first["snippet"].as_str().unwrap().contains("\u{2}generator\u{3}"), "{first}");
    assert!(run(&["runbook", "search", "generator"]).contains("[generator]"));
    assert!(run(&["runbook", "search", "ab"]).contains("three or more characters"));

    assert!(run(&["runbook", "reviewed", "it-system-outage", "--note", "contacts checked"]).contains("reviewed by"));
    let list: serde_json::Value = serde_json::from_str(&run(&["runbook", "list", "--json"])).unwrap();
    let reviewed = list.as_array().unwrap().iter().find(|r| r["id"] == "it-system-outage").unwrap();
    assert!(reviewed["last_reviewed_at"].is_string(), "{reviewed}");
    assert_eq!(reviewed["stale"], false);
}

#[test]
fn a_review_exports_to_markdown_html_and_json_with_the_drill_mark() {
    let desk = Desk::new();
    desk.add_people();
    let id = desk.start_outage();
    let short = &id[..8];
    for (format, name, needle) in [
        ("md", "review.md", "# DRILL — Post-incident review: IT system outage"),
        ("html", "review.html", "<div class=\"watermark\" aria-hidden=\"true\">DRILL</div>"),
        ("json", "review.json", "\"format\": \"muster.review\""),
    ] {
        let path = desk.dir.path().join(name);
        let out = desk.ok(&["export", "review", short, "--format", format, "-o", path.to_str().unwrap()]);
        assert_eq!(out.trim(), format!("wrote {}", path.display()));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(needle), "{format}: {text}");
        assert!(text.contains("Dana Lee"), "{format}: the responders are in it");
    }
    let err = desk.fails(1, &["export", "review", short, "--format", "docx", "-o", "x.docx"]);
    assert_eq!(err.trim(), "muster: unknown format 'docx': use md, html, pdf or json");
    let pdf = desk.dir.path().join("review.pdf");
    desk.ok(&["export", "review", short, "--format", "pdf", "--paper", "letter", "-o", pdf.to_str().unwrap()]);
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"), "a PDF");
    let err = desk.fails(1, &["export", "review", short, "--format", "pdf", "--paper", "a3", "-o", "x.pdf"]);
    assert_eq!(err.trim(), "muster: unknown paper size 'a3': use a4 or letter");
    let missing = desk.dir.path().join("no/such/folder/review.md");
    let err = desk.fails(1, &["export", "review", short, "-o", missing.to_str().unwrap()]);
    assert!(err.starts_with(&format!("muster: {}", missing.display())), "{err}");
    assert!(!missing.parent().unwrap().exists(), "nothing half-written");
}

#[test]
fn a_runbook_prints_as_a_checklist_pdf() {
    let desk = Desk::new();
    let pdf = desk.dir.path().join("checklist.pdf");
    let out = desk.ok(&["export", "checklist", "it-system-outage", "--paper", "letter", "-o", pdf.to_str().unwrap()]);
    assert_eq!(out.trim(), format!("wrote {}", pdf.display()));
    let text = std::process::Command::new("pdftotext").args([pdf.to_str().unwrap(), "-"]).output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("Checklist: IT system outage"), "{text}");
    assert!(text.contains("Acknowledge the alert and open the incident"), "{text}");

    let first = desk.dir.path().join("first.pdf");
    desk.ok(&["export", "checklist", "it-system-outage", "--revision", "1", "-o", first.to_str().unwrap()]);
    assert!(std::fs::read(&first).unwrap().starts_with(b"%PDF-"));
    let bad = desk.dir.path().join("x.pdf");
    let bad = bad.to_str().unwrap();
    let err = desk.fails(1, &["export", "checklist", "no-such-runbook", "-o", bad]);
    assert!(err.contains("no-such-runbook"), "{err}");
    let err = desk.fails(1, &["export", "checklist", "it-system-outage", "--revision", "99", "-o", bad]);
    assert!(err.contains("99"), "{err}");
    let err = desk.fails(1, &["export", "checklist", "it-system-outage", "--paper", "a3", "-o", bad]);
    assert_eq!(err.trim(), "muster: unknown paper size 'a3': use a4 or letter");
    assert!(!std::path::Path::new(bad).exists(), "nothing written");
}

#[test]
fn a_briefing_and_activity_logs_export_for_a_shift_handover() {
    let desk = Desk::new();
    desk.add_people();
    let id = desk.start_outage();
    let short = &id[..8];
    let briefing = desk.dir.path().join("briefing.md");
    desk.ok(&["export", "briefing", short, "-o", briefing.to_str().unwrap()]);
    let text = std::fs::read_to_string(&briefing).unwrap();
    assert!(text.starts_with("# DRILL — Incident briefing (ICS-201): IT system outage"), "{text}");
    assert!(text.contains("| Incident Commander | Dana Lee | +47 555 0101 |"), "{text}");
    assert!(text.contains("## Objectives"), "{text}");

    let log = desk.dir.path().join("log.html");
    desk.ok(&[
        "export",
        "activity-log",
        short,
        "--person",
        "dana-lee",
        "--format",
        "html",
        "-o",
        log.to_str().unwrap(),
    ]);
    let html = std::fs::read_to_string(&log).unwrap();
    assert!(html.contains("Activity log (ICS-214)") && html.contains("Dana Lee holds Incident Commander"), "{html}");

    let err = desk.fails(1, &["export", "activity-log", short, "--role", "pilot", "-o", "x.md"]);
    assert!(
        err.starts_with("muster: the incident has no role 'pilot'; its roles: incident-commander, tech-lead"),
        "{err}"
    );
    let err = desk.fails(1, &["export", "activity-log", short, "--person", "nobody", "-o", "x.md"]);
    assert!(err.contains("'nobody' does not exist"), "{err}");
}

#[test]
fn metrics_as_csv_with_definitions_or_json_with_the_drill_switch() {
    let desk = Desk::new();
    desk.add_people();
    let id = desk.start_outage();
    desk.ok(&["incident", "milestone", &id, "resolved"]);
    let period = ["metrics", "--from", "2000-01-01", "--to", "2100-12-31"];

    let csv = desk.ok(&period);
    assert!(csv.starts_with("# Muster metrics. Period: detected from 2000-01-01T00:00:00.000Z"), "{csv}");
    assert!(csv.contains("# time_to_resolve: Resolved minus detected"), "{csv}");
    let line = |text: &str, start: &str| text.lines().find(|l| l.starts_with(start)).map(str::to_string);
    // The only incident is a drill: excluded from the incident count, counted as a drill held.
    assert_eq!(line(&csv, "incidents,").as_deref(), Some("incidents,Incidents,,,count,0,0,0"));
    assert_eq!(line(&csv, "drills_held,").as_deref(), Some("drills_held,Drills held,,,count,1,1,0"));

    let json: serde_json::Value =
        serde_json::from_str(&desk.ok(&[&period[..], &["--format", "json", "--drills", "include"]].concat())).unwrap();
    let incidents = json["measures"].as_array().unwrap().iter().find(|m| m["id"] == "incidents").unwrap();
    assert_eq!(incidents["figures"][0]["value"], serde_json::json!({"kind": "count", "count": 1}));
    assert_eq!(json["incidents"], serde_json::json!([id]));
    let rows = desk.ok(&[&period[..], &["--rows", "--drills", "only"]].concat());
    assert!(rows.lines().any(|l| l.starts_with(&format!("{id},"))), "{rows}");

    let err = desk.fails(2, &["metrics", "--from", "yesterday", "--to", "2026-01-01"]);
    assert!(err.contains("'yesterday' is not a date"), "{err}");
    let err = desk.fails(1, &["metrics", "--from", "2026-02-01", "--to", "2026-01-01"]);
    assert!(err.contains("the period must end after it starts"), "{err}");
}
