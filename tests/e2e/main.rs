//! End-to-end tests: the real `muster-app` binary in a real window (under Xvfb in CI), driven
//! through `tauri-driver` and `WebKitWebDriver` as a user would drive it.
//!
//! Built only with the `e2e` feature (`./dev test` turns it on). Needs `tauri-driver` on PATH
//! (or `TAURI_DRIVER`), `WebKitWebDriver`, and a display.

// A test that cannot proceed should fail on the spot, with the value that stopped it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use thirtyfour::prelude::*;

/// A running `tauri-driver` on a private D-Bus session bus, so each test's apps find only each
/// other as "the running instance". Stopped with SIGTERM (SIGKILL would leave WebKitWebDriver
/// behind).
struct TauriDriver {
    child: Child,
    port: u16,
    bus: Child,
    bus_address: String,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free local port")
}

impl TauriDriver {
    fn start(db: &Path) -> TauriDriver {
        TauriDriver::start_answering(db, &[])
    }

    /// Starts the app with the answers its file dialogs give, one per dialog, in order (the
    /// `e2e` build's stand-in for the native dialogs, `src-tauri/src/e2e_dialog.rs`).
    fn start_answering(db: &Path, dialog_answers: &[PathBuf]) -> TauriDriver {
        let answers: Vec<String> = dialog_answers.iter().map(|p| p.display().to_string()).collect();
        let (port, native_port) = (free_port(), free_port());
        let mut bus = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("start a private D-Bus session bus (dbus-daemon)");
        let mut bus_address = String::new();
        BufReader::new(bus.stdout.take().expect("bus stdout")).read_line(&mut bus_address).expect("bus address");
        let bus_address = bus_address.trim().to_string();
        let program = std::env::var("TAURI_DRIVER").unwrap_or_else(|_| "tauri-driver".into());
        let child = Command::new(&program)
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .env("MUSTER_DB", db)
            .env("MUSTER_E2E_DIALOG_ANSWERS", answers.join("\n"))
            .env("DBUS_SESSION_BUS_ADDRESS", &bus_address)
            .spawn()
            .unwrap_or_else(|err| {
                panic!("cannot start {program}: {err} (install it with `cargo install tauri-driver --locked`)")
            });
        // Wait until it and the WebKitWebDriver it starts both listen (a cold machine takes a
        // while); bounded, so a broken install fails the test instead of hanging.
        let deadline = Instant::now() + Duration::from_secs(30);
        for (what, port) in [("tauri-driver", port), ("WebKitWebDriver", native_port)] {
            while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
                assert!(Instant::now() < deadline, "{what} did not listen on port {port} within 30 s");
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        TauriDriver { child, port, bus, bus_address }
    }

    async fn session(&self) -> WebDriver {
        let mut caps = Capabilities::new();
        caps.set("browserName", "wry").expect("caps");
        caps.set("tauri:options", serde_json::json!({ "application": app_binary() })).expect("caps");
        WebDriver::new(format!("http://127.0.0.1:{}", self.port), caps).await.expect("a WebDriver session with the app")
    }
}

impl Drop for TauriDriver {
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let _ = self.child.wait();
        let _ = self.bus.kill();
        let _ = self.bus.wait();
    }
}

fn app_binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_muster-app"))
}

/// Ends the session and waits until the app process is gone: until then it holds the
/// single-instance name, and the next launch would hand over to it and exit.
async fn quit(driver: WebDriver) {
    driver.quit().await.expect("close the app");
    let app = app_binary();
    let running = || {
        std::fs::read_dir("/proc")
            .into_iter()
            .flatten()
            .flatten()
            .any(|entry| std::fs::read_link(entry.path().join("exe")).is_ok_and(|exe| exe == app))
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while running() {
        assert!(Instant::now() < deadline, "the app did not exit within 30 s of closing its session");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// One app at a time: two WebKit windows at once on a 2-core CI machine make timeouts likely.
static ONE_APP: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

async fn testid(driver: &WebDriver, id: &str) -> WebElement {
    driver
        .query(By::Css(format!("[data-testid='{id}']")))
        .first()
        .await
        .unwrap_or_else(|err| panic!("no element [data-testid='{id}']: {err}"))
}

/// A small runbook with everything the incident run has: two roles, a decision that shows a
/// step needing evidence, a step to skip, milestone steps, and targets for SEV2.
const DRILL_RUNBOOK: &str = "+++
id = \"e2e-drill\"
title = \"E2E drill\"
summary = \"A compact runbook for the end-to-end test.\"

[roles]
incident-commander = \"Incident Commander\"
scribe = \"Scribe\"

[targets.SEV2]
acknowledge = \"15 min\"
mitigate = \"1 h\"
resolve = \"4 h\"
update = \"30 min\"
+++
## Identify

- [ ] Confirm the outage @incident-commander within 10 min
- [ ] Is customer data at risk? @incident-commander within 20 min
  Options: Yes | No

## Respond

- [ ] Call the DPO @incident-commander within 1 h
  Only if: is-customer-data-at-risk = Yes
  Evidence: who you reached
- [ ] Roll back the release @incident-commander within 45 min

## Recover

- [ ] Confirm users are served @incident-commander
  Milestone: mitigated
- [ ] Resolve the incident @incident-commander
  Milestone: resolved

## Review

- [ ] Book the review @scribe within 2 d
";

/// Opens the first incident of the home screen's list.
async fn open_first_incident(driver: &WebDriver) {
    driver
        .query(By::Css("[data-testid='incident-list'] [data-incident]"))
        .first()
        .await
        .expect("the incident is listed")
        .click()
        .await
        .expect("open the incident");
}

async fn status_of(driver: &WebDriver, key: &str) -> Option<String> {
    testid(driver, &format!("step-{key}")).await.attr("data-status").await.expect("data-status")
}

async fn wait_status(driver: &WebDriver, key: &str, status: &'static str) {
    testid(driver, &format!("step-{key}"))
        .await
        .wait_until()
        .has_attribute("data-status", status)
        .await
        .unwrap_or_else(|err| panic!("step {key} never showed {status}: {err}"));
}

/// Sets an input's value as a user typing into it would (`input` and `change` events), for
/// inputs such as `datetime-local` whose native pickers WebDriver cannot type into portably.
async fn set_value(driver: &WebDriver, element: &WebElement, value: &str) {
    driver
        .execute(
            "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', { bubbles: true })); arguments[0].dispatchEvent(new Event('change', { bubbles: true }));",
            vec![element.to_json().expect("element"), serde_json::json!(value)],
        )
        .await
        .expect("set value");
}

async fn select(element: &WebElement, value: &str) {
    // Centred first, so a sticky bar at the window's edge cannot take the click.
    element.scroll_into_view().await.expect("scroll into view");
    element
        .query(By::Css(format!("option[value='{value}']")))
        .first()
        .await
        .unwrap_or_else(|err| panic!("no option {value}: {err}"))
        .click()
        .await
        .expect("choose option");
}

async fn press(driver: &WebDriver, keys: &str) {
    driver.action_chain().send_keys(keys).perform().await.expect("press keys");
}

/// The incident run through the real window: declare with a person and a waived role, work all
/// four phases (a decision that reveals an evidence step, a skip, milestone steps), a
/// backdated log entry, a restart mid-incident that keeps every event and the countdowns, and
/// a verified timeline at the end.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_incident_runs_through_all_four_phases_and_survives_a_restart() {
    let _one = ONE_APP.lock().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("muster.db");
    {
        let mut store = muster_core::Store::open(&db, Arc::new(muster_core::SystemClock)).expect("create db");
        let runbook = muster_core::format::markdown::read(Path::new("e2e-drill.md"), DRILL_RUNBOOK).expect("runbook");
        store.save_runbook(&runbook, "e2e", "test runbook").expect("save runbook");
        store.add_person(&muster_core::PersonInput::new("Ana Lima", "+55 11 5555 0100")).expect("add person");
    }
    let driver_process = TauriDriver::start(&db);
    let driver = driver_process.session().await;

    // Declare: SEV2, Ana as Incident Commander, the Scribe waived.
    testid(&driver, "start-e2e-drill").await.click().await.expect("click start");
    select(&testid(&driver, "declare-severity").await, "SEV2").await;
    select(&testid(&driver, "assign-incident-commander").await, "ana-lima").await;
    select(&testid(&driver, "assign-scribe").await, "__waive__").await;
    testid(&driver, "waive-reason-scribe").await.send_keys("solo drill").await.expect("type reason");
    testid(&driver, "declare-confirm").await.click().await.expect("click declare");
    testid(&driver, "incident-view").await;
    let roles = testid(&driver, "roles").await.text().await.expect("roles text");
    assert!(roles.contains("Ana Lima"), "the role panel shows the holder: {roles}");

    // Identify: a tick by mouse, then the decision.
    testid(&driver, "tick-confirm-the-outage").await.click().await.expect("tick");
    wait_status(&driver, "confirm-the-outage", "done").await;
    driver
        .query(By::Css("[data-testid='decide-is-customer-data-at-risk'][data-option='Yes']"))
        .first()
        .await
        .expect("the Yes option")
        .click()
        .await
        .expect("decide Yes");
    wait_status(&driver, "is-customer-data-at-risk", "done").await;

    // Respond: the step the decision revealed needs evidence; the rollback is skipped by key.
    testid(&driver, "tick-call-the-dpo").await.click().await.expect("tick the DPO step");
    testid(&driver, "evidence-text").await.send_keys("Li Wei, by phone").await.expect("type evidence");
    testid(&driver, "evidence-confirm").await.click().await.expect("confirm evidence");
    wait_status(&driver, "call-the-dpo", "done").await;
    testid(&driver, "step-roll-back-the-release").await.focus().await.expect("focus rollback");
    press(&driver, "s").await;
    testid(&driver, "skip-reason").await.send_keys("the release was not the cause").await.expect("type reason");
    testid(&driver, "skip-confirm").await.click().await.expect("confirm skip");
    wait_status(&driver, "roll-back-the-release", "skipped").await;

    // Recover, part one: mitigated by its step.
    testid(&driver, "tick-confirm-users-are-served").await.click().await.expect("tick mitigated step");
    wait_status(&driver, "confirm-users-are-served", "done").await;
    testid(&driver, "milestone-mitigated")
        .await
        .wait_until()
        .has_attribute("data-set", "true")
        .await
        .expect("mitigated");

    // A log entry written now about something ten minutes ago.
    testid(&driver, "step-confirm-the-outage").await.focus().await.expect("focus a step");
    press(&driver, "l").await;
    testid(&driver, "log-text").await.send_keys("Vendor confirmed the DNS fault").await.expect("type log");
    let ten_minutes_ago = driver
        .execute(
            "const d = new Date(Date.now() - 10 * 60000); const p = (n) => String(n).padStart(2, '0');
             return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;",
            vec![],
        )
        .await
        .expect("local time")
        .json()
        .as_str()
        .expect("a string")
        .to_string();
    set_value(&driver, &testid(&driver, "log-at").await, &ten_minutes_ago).await;
    testid(&driver, "log-confirm").await.click().await.expect("confirm log");
    testid(&driver, "timeline").await.query(By::Css("[data-kind='log.entry']")).first().await.expect("log shown");
    quit(driver).await;

    // Everything the window showed is in the database, with the log entry backdated.
    let events_before = {
        let store = muster_core::Store::open(&db, Arc::new(muster_core::SystemClock)).expect("open db");
        let incident = store.list_incidents().expect("incidents").remove(0).incident;
        let timeline = store.timeline(&incident.id).expect("timeline");
        let kinds: Vec<&str> = timeline.iter().map(|e| e.body.kind()).collect();
        for kind in ["role.assigned", "role.waived", "step.decided", "step.skipped", "milestone.reached", "log.entry"] {
            assert!(kinds.contains(&kind), "{kind} recorded: {kinds:?}");
        }
        let log = timeline.iter().find(|e| e.body.kind() == "log.entry").expect("log entry");
        let backdated = (log.recorded_at - log.occurred_at).num_minutes();
        assert!((9..=11).contains(&backdated), "occurred about 10 min before it was written: {backdated}");
        timeline.len()
    };

    // Restart mid-incident on a fresh bus, find everything where it was.
    drop(driver_process);
    let driver_process = TauriDriver::start(&db);
    let driver = driver_process.session().await;
    open_first_incident(&driver).await;
    testid(&driver, "incident-view").await;
    for (key, status) in [
        ("confirm-the-outage", "done"),
        ("is-customer-data-at-risk", "done"),
        ("call-the-dpo", "done"),
        ("roll-back-the-release", "skipped"),
        ("confirm-users-are-served", "done"),
        ("resolve-the-incident", "open"),
    ] {
        assert_eq!(status_of(&driver, key).await.as_deref(), Some(status), "step {key} after the restart");
    }
    for (timer, state) in [("acknowledge", "met"), ("mitigate", "met"), ("resolve", "running")] {
        let shown = testid(&driver, &format!("timer-{timer}")).await.attr("data-state").await.expect("data-state");
        assert_eq!(shown.as_deref(), Some(state), "the {timer} countdown after the restart");
    }
    testid(&driver, "timeline").await.query(By::Css("[data-kind='log.entry']")).first().await.expect("log kept");

    // Recover, part two, and Review: resolving moves the incident to Review.
    testid(&driver, "tick-resolve-the-incident").await.click().await.expect("tick resolve");
    wait_status(&driver, "resolve-the-incident", "done").await;
    testid(&driver, "tick-book-the-review").await.click().await.expect("tick review");
    wait_status(&driver, "book-the-review", "done").await;
    for phase in ["identify", "respond", "recover", "review"] {
        let entered = testid(&driver, &format!("phase-{phase}")).await.attr("data-entered").await.expect("attr");
        assert!(entered.is_some_and(|t| !t.is_empty()), "{phase} has an entry time");
    }
    testid(&driver, "verify-chain").await.click().await.expect("verify");
    testid(&driver, "verify-result").await.wait_until().has_attribute("data-holds", "true").await.expect("chain holds");
    quit(driver).await;

    let store = muster_core::Store::open(&db, Arc::new(muster_core::SystemClock)).expect("open db");
    let incident = store.list_incidents().expect("incidents").remove(0).incident;
    assert!(store.timeline(&incident.id).expect("timeline").len() > events_before, "work continued after the restart");
    assert!(incident.resolved_at.is_some());
    assert!(store.verify_chain(&incident.id).expect("verify").holds());
}

/// A damaged database opens the recovery screen, not a crash; restoring a listed backup brings
/// the app back, and the damaged file is kept aside byte for byte.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_database_offers_recovery_from_a_backup() {
    let _one = ONE_APP.lock().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("muster.db");
    {
        let store = muster_core::Store::open(&db, Arc::new(muster_core::SystemClock)).expect("create db");
        store.backup(muster_core::backup::BackupReason::Manual).expect("backup");
    }
    let bytes = std::fs::read(&db).expect("read db");
    let damaged = bytes[..bytes.len() / 2].to_vec();
    std::fs::write(&db, &damaged).expect("truncate db");

    let driver_process = TauriDriver::start(&db);
    let driver = driver_process.session().await;
    testid(&driver, "recovery").await;
    let restore = driver
        .query(By::Css("[data-testid='backup-list'] [data-testid^='restore-']"))
        .first()
        .await
        .expect("a restore button for the backup");
    restore.click().await.expect("click restore");
    testid(&driver, "restore-confirm").await.click().await.expect("confirm restore");
    testid(&driver, "home").await;
    testid(&driver, "runbook-it-system-outage").await;
    quit(driver).await;

    let kept: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .expect("list dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("muster-damaged-")))
        .collect();
    assert_eq!(kept.len(), 1, "the damaged file is kept aside");
    assert!(std::fs::read(&kept[0]).expect("read kept") == damaged, "byte for byte");
    muster_core::Store::open(&db, Arc::new(muster_core::SystemClock))
        .expect("restored db")
        .check()
        .expect("restored db checks");
}

/// A second launch hands over to the running window and exits; the first keeps working.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_launch_focuses_the_first() {
    let _one = ONE_APP.lock().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("muster.db");
    let driver_process = TauriDriver::start(&db);
    let driver = driver_process.session().await;
    testid(&driver, "home").await;

    let mut second = Command::new(app_binary())
        .env("MUSTER_DB", &db)
        .env("DBUS_SESSION_BUS_ADDRESS", &driver_process.bus_address)
        .spawn()
        .expect("second launch");
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = second.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = second.kill();
            panic!("the second launch did not hand over and exit within 30 s");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "the second launch exits cleanly: {status}");
    testid(&driver, "runbook-it-system-outage").await;
    quit(driver).await;
}

/// Instructions with everything an imported runbook could smuggle in: a script, an image whose
/// error handler runs code, a `javascript:` link and a remote image.
const HOSTILE_INSTRUCTIONS: &str = "Dial **112** and say where the fire is.\n\n\
<script>window.__pwned = 'script'</script>\n\n\
<img src=\"x\" onerror=\"window.__pwned = 'onerror'\">\n\n\
[call for help](javascript:window.__pwned='link') ![map](https://tracker.example/map.png)";

/// Clicks the element with the test id after scrolling it to the middle of the window, clear of
/// the editor's sticky save bar.
async fn tap(driver: &WebDriver, id: &str) {
    let element = testid(driver, id).await;
    driver
        .execute("arguments[0].scrollIntoView({ block: 'center' });", vec![element.to_json().expect("element")])
        .await
        .expect("scroll");
    element.click().await.unwrap_or_else(|err| panic!("click {id}: {err}"));
}

async fn control(driver: &WebDriver, key: &str) {
    driver.action_chain().key_down(Key::Control).send_keys(key).key_up(Key::Control).perform().await.expect("ctrl key");
}

async fn save_runbook(driver: &WebDriver, note: &str, revision: u32) {
    control(driver, "s").await;
    testid(driver, "save-note").await.send_keys(note).await.expect("type note");
    tap(driver, "save-confirm").await;
    let saved = format!("revision {revision}");
    testid(driver, "editor-status")
        .await
        .wait_until()
        .condition(Box::new(move |element: WebElement| {
            let saved = saved.clone();
            Box::pin(async move { Ok(element.text().await?.contains(&saved)) })
        }))
        .await
        .expect("the editor says the revision was saved");
}

/// The preparedness loop through the real window: a runbook written in the editor (with
/// hostile Markdown in a step), an incident started from it with Ctrl+K and Enter (the roles
/// filled with trained people), the Markdown inert on the incident screen, then the runbook
/// edited: the running incident keeps the revision it started from.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_runbook_written_in_the_editor_runs_and_later_edits_leave_the_incident_alone() {
    let _one = ONE_APP.lock().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("muster.db");
    {
        let mut store = muster_core::Store::open(&db, Arc::new(muster_core::SystemClock)).expect("create db");
        let ana = muster_core::PersonInput {
            roles: vec!["incident-commander".into()],
            ..muster_core::PersonInput::new("Ana Lima", "+55 11 5555 0100")
        };
        store.add_person(&ana).expect("add a trained commander");
    }
    let driver_process = TauriDriver::start(&db);
    let driver = driver_process.session().await;

    // Write the runbook: a title, the commander's role, one Identify step with instructions.
    tap(&driver, "new-runbook").await;
    testid(&driver, "editor-title").await.send_keys("Printer fire").await.expect("type title");
    select(&testid(&driver, "editor-role-add").await, "incident-commander").await;
    tap(&driver, "editor-role-add-button").await;
    tap(&driver, "add-step-identify").await;
    testid(&driver, "step-title-0").await.send_keys("Call the fire brigade").await.expect("type step");
    select(&testid(&driver, "step-role-0").await, "incident-commander").await;
    testid(&driver, "step-instructions-0").await.send_keys(HOSTILE_INSTRUCTIONS).await.expect("type instructions");
    save_runbook(&driver, "first version", 1).await;
    press(&driver, "\u{E00C}").await; // Escape: back home.

    // Ctrl+K, narrow to the runbook, Enter: the declare dialog, filled; Enter declares.
    testid(&driver, "runbook-printer-fire").await;
    control(&driver, "k").await;
    testid(&driver, "palette-input").await.send_keys("Printer").await.expect("filter");
    press(&driver, "\u{E007}").await;
    testid(&driver, "declare-severity").await;
    let commander = testid(&driver, "assign-incident-commander").await.value().await.expect("value");
    assert_eq!(commander.as_deref(), Some("ana-lima"), "the trained commander is chosen");
    press(&driver, "\u{E007}").await;
    testid(&driver, "incident-view").await;

    // The step's instructions render, and nothing in them is live.
    let step = testid(&driver, "step-call-the-fire-brigade").await;
    step.query(By::Css("button.title")).first().await.expect("title").click().await.expect("expand");
    let strong = step.query(By::Css(".instructions strong")).first().await.expect("Markdown is rendered");
    assert_eq!(strong.text().await.expect("text"), "112");
    let live = driver
        .execute(
            "const root = document.querySelector(\"[data-testid='step-call-the-fire-brigade'] .instructions\");
             return {
               pwned: window.__pwned ?? null,
               scripts: root.querySelectorAll('script, iframe, object, embed').length,
               images: root.querySelectorAll('img').length,
               handlers: [...root.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
               scriptLinks: [...root.querySelectorAll('a')].filter((a) => (a.getAttribute('href') || '').toLowerCase().includes('javascript')).length,
               text: root.textContent,
             };",
            vec![],
        )
        .await
        .expect("inspect the instructions")
        .json()
        .clone();
    assert_eq!(live["pwned"], serde_json::Value::Null, "no hostile code ran: {live}");
    for what in ["scripts", "images", "handlers", "scriptLinks"] {
        assert_eq!(live[what], 0, "{what} in the rendered instructions: {live}");
    }
    assert!(live["text"].as_str().is_some_and(|t| t.contains("call for help") && t.contains("map")), "{live}");
    press(&driver, "\u{E00C}").await;

    // Edit the runbook: rename the step and add another; the incident keeps its revision.
    tap(&driver, "edit-printer-fire").await;
    tap(&driver, "toggle-call-the-fire-brigade").await;
    testid(&driver, "step-title-0").await.send_keys(" and evacuate").await.expect("rename");
    tap(&driver, "add-step-respond").await;
    testid(&driver, "step-title-1").await.send_keys("Count everyone at the assembly point").await.expect("type step");
    save_runbook(&driver, "evacuate too", 2).await;
    press(&driver, "\u{E00C}").await;
    open_first_incident(&driver).await;
    let title = testid(&driver, "step-call-the-fire-brigade").await.query(By::Css("button.title")).first().await;
    assert_eq!(
        title.expect("title").text().await.expect("text"),
        "Call the fire brigade",
        "the incident's step is unchanged"
    );
    let steps =
        driver.query(By::Css("[data-testid='incident-view'] [data-step]")).all_from_selector().await.expect("steps");
    assert_eq!(steps.len(), 1, "no step of the new revision appears in the running incident");
    quit(driver).await;

    let store = muster_core::Store::open(&db, Arc::new(muster_core::SystemClock)).expect("open db");
    let (runbook, revision) = store.runbook("printer-fire").expect("the runbook was saved");
    assert_eq!((revision, runbook.steps.len()), (2, 2));
    assert_eq!(store.runbook_revisions("printer-fire").expect("history")[1].note, "first version");
    let incident = store.list_incidents().expect("incidents").remove(0).incident;
    assert_eq!((incident.runbook_id.as_str(), incident.runbook_revision), ("printer-fire", 1));
}

/// After an incident: the review written in the window (a section, a starred moment, an action
/// item), exported to Markdown, HTML, JSON and PDF through the save dialog (answered by the
/// test build's stand-in), then the runbook printed as a paper checklist from the library, and
/// the files opened and read.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_review_is_written_and_exported_in_four_formats() {
    let _one = ONE_APP.lock().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("muster.db");
    let incident = {
        let mut store = muster_core::Store::open(&db, Arc::new(muster_core::SystemClock)).expect("create db");
        let runbook = muster_core::format::markdown::read(Path::new("e2e-drill.md"), DRILL_RUNBOOK).expect("runbook");
        store.save_runbook(&runbook, "e2e", "test runbook").expect("save runbook");
        let ana = store.add_person(&muster_core::PersonInput::new("Ana Lima", "+55 11 5555 0100")).expect("person");
        let new = muster_core::NewIncident {
            runbook_id: "e2e-drill".into(),
            title: "Checkout <b>down</b>".into(),
            severity: "SEV2".into(),
            mode: muster_core::IncidentMode::Real,
            detected_at: None,
            assignments: vec![
                muster_core::RoleAssignment {
                    role: "incident-commander".into(),
                    fill: muster_core::RoleFill::Person { person: ana.id },
                },
                muster_core::RoleAssignment {
                    role: "scribe".into(),
                    fill: muster_core::RoleFill::Waived { reason: "small team".into() },
                },
            ],
        };
        let id = store.start_incident(&new, "e2e").expect("declare").id;
        for action in [
            muster_core::IncidentAction::Log { text: "Payments fail with 502".into(), at: None },
            muster_core::IncidentAction::SetMilestone { milestone: muster_core::Milestone::Resolved, at: None },
        ] {
            store.act(&id, &action, "e2e").expect("act");
        }
        id
    };
    let files: Vec<PathBuf> = ["review.md", "review.html", "review.json", "review.pdf", "checklist.pdf"]
        .iter()
        .map(|n| dir.path().join(n))
        .collect();
    let driver_process = TauriDriver::start_answering(&db, &files);
    let driver = driver_process.session().await;

    open_first_incident(&driver).await;
    tap(&driver, "open-review").await;
    testid(&driver, "review-facts").await;
    testid(&driver, "body-summary").await.send_keys("Payments failed for 12 minutes.").await.expect("type summary");
    let log_seq = {
        let store = muster_core::Store::open(&db, Arc::new(muster_core::SystemClock)).expect("open db");
        store.timeline(&incident).expect("timeline").iter().find(|e| e.body.kind() == "log.entry").expect("log").seq
    };
    tap(&driver, &format!("timeline-star-{log_seq}")).await;
    testid(&driver, "add-title").await.send_keys("Alert on the 502 rate").await.expect("type action");
    testid(&driver, "add-owner").await.send_keys("Bo Chen").await.expect("type owner");
    tap(&driver, "add-confirm").await;
    testid(&driver, "action-items")
        .await
        .query(By::XPath(".//*[contains(., 'Alert on the 502 rate')]"))
        .first()
        .await
        .expect("listed");
    testid(&driver, "save-state")
        .await
        .wait_until()
        .has_attribute("data-state", "saved")
        .await
        .expect("the draft saved");

    for (format, file) in
        ["markdown", "html", "json", "pdf"].into_iter().zip(["review.md", "review.html", "review.json", "review.pdf"])
    {
        tap(&driver, "export-open").await;
        tap(&driver, &format!("export-{format}")).await;
        // The notice names the file, so the previous export's notice does not count.
        driver
            .query(By::XPath(format!("//*[@data-testid='export-done'][contains(., '{file}')]")))
            .wait(Duration::from_secs(60), Duration::from_millis(100))
            .first()
            .await
            .unwrap_or_else(|err| panic!("the {format} export finished: {err}"));
    }
    // Back through the incident to the library, and the runbook printed on paper.
    tap(&driver, "nav-home").await;
    testid(&driver, "incident-view").await;
    tap(&driver, "nav-home").await;
    tap(&driver, "print-e2e-drill").await;
    tap(&driver, "checklist-a4").await;
    driver
        .query(By::XPath("//*[@data-testid='checklist-done'][contains(., 'checklist.pdf')]"))
        .wait(Duration::from_secs(60), Duration::from_millis(100))
        .first()
        .await
        .expect("the checklist was written");
    quit(driver).await;

    let markdown = std::fs::read_to_string(&files[0]).expect("the Markdown file");
    assert!(markdown.starts_with("# Post-incident review: Checkout \\<b\\>down\\</b\\>"), "{markdown}");
    for needle in [
        "Payments failed for 12 minutes.",
        "| Alert on the 502 rate | Bo Chen |",
        "## Highlights",
        "Payments fail with 502",
    ] {
        assert!(markdown.contains(needle), "{needle} in {markdown}");
    }
    let html = std::fs::read_to_string(&files[1]).expect("the HTML file");
    assert!(html.contains("Checkout &lt;b&gt;down&lt;/b&gt;") && html.contains("Payments failed for 12 minutes."));
    assert!(!html.contains("<script") && !html.contains("src="), "self-contained");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&files[2]).expect("the JSON file")).expect("JSON");
    assert_eq!(json["review"]["sections"][0]["body"], "Payments failed for 12 minutes.");
    assert_eq!(json["action_items"][0]["title"], "Alert on the 502 rate");
    let starred: Vec<&serde_json::Value> =
        json["timeline"].as_array().expect("timeline").iter().filter(|e| e["highlight"] == true).collect();
    assert_eq!(starred.len(), 1);
    assert_eq!(starred[0]["kind"], "log.entry");
    // The PDF is a real PDF whose text (poppler's pdftotext, which ./dev installs) has the review.
    let pdf = std::fs::read(&files[3]).expect("the PDF file");
    assert!(pdf.starts_with(b"%PDF-"), "a PDF");
    let text = std::process::Command::new("pdftotext").arg(&files[3]).arg("-").output().expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout);
    for needle in ["Post-incident review", "Action items", "Payments failed for 12 minutes.", "Alert on the 502 rate"] {
        assert!(text.contains(needle), "{needle} in {text}");
    }
    let text = std::process::Command::new("pdftotext").arg(&files[4]).arg("-").output().expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout);
    for needle in ["Checklist: E2E drill", "This incident", "Identify", "Log"] {
        assert!(text.contains(needle), "{needle} in {text}");
    }
}

/// A short drill at ×5 through the real window: the facilitator starts the clock on the
/// scenario and speeds it up, two injects arrive on the players' screen when their drill time
/// comes, a player acknowledges the first and misses the second, and the scorecard says exactly
/// that.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_drill_at_high_speed_delivers_two_injects_and_scores_the_one_missed() {
    let _one = ONE_APP.lock().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("muster.db");
    let incident = {
        let mut store = muster_core::Store::open(&db, Arc::new(muster_core::SystemClock)).expect("create db");
        let mut runbook =
            muster_core::format::markdown::read(Path::new("e2e-drill.md"), DRILL_RUNBOOK).expect("runbook");
        let inject = |number: u32, offset_seconds: u32, message: &str| muster_core::drill::Inject {
            number,
            offset_seconds,
            message: message.into(),
            recipient: None,
            expected_action: "Tell the incident commander".into(),
            step: None,
            facilitator_notes: "Players must not see this note".into(),
        };
        runbook.scenarios = vec![muster_core::drill::Scenario {
            key: "short".into(),
            name: "Short scenario".into(),
            briefing: "Payments are failing.".into(),
            // At ×5, 3 s and 6 s of wall time after the speed change at most.
            injects: vec![inject(1, 15, "The status page is down too"), inject(2, 30, "A journalist calls")],
        }];
        store.save_runbook(&runbook, "e2e", "test runbook").expect("save runbook");
        let ana = store.add_person(&muster_core::PersonInput::new("Ana Lima", "+55 11 5555 0100")).expect("person");
        let new = muster_core::NewIncident {
            runbook_id: "e2e-drill".into(),
            title: "Quarterly drill".into(),
            severity: "SEV2".into(),
            mode: muster_core::IncidentMode::Drill,
            detected_at: None,
            assignments: ["incident-commander", "scribe"]
                .into_iter()
                .map(|role| muster_core::RoleAssignment {
                    role: role.into(),
                    fill: muster_core::RoleFill::Person { person: ana.id.clone() },
                })
                .collect(),
        };
        store.start_incident(&new, "e2e").expect("declare").id
    };
    let driver_process = TauriDriver::start(&db);
    let driver = driver_process.session().await;

    open_first_incident(&driver).await;
    tap(&driver, "facilitator-toggle").await;
    testid(&driver, "facilitator-panel").await;
    tap(&driver, "drill-start").await;
    tap(&driver, "drill-speed-5").await;
    testid(&driver, "drill-speed-5").await.wait_until().has_attribute("aria-pressed", "true").await.expect("×5");

    let banner = |number: u32| By::Css(format!("[data-testid='inject-banner'][data-inject='{number}']"));
    let first = driver.query(banner(1)).wait(Duration::from_secs(30), Duration::from_millis(100)).first().await;
    let first = first.expect("inject 1 reaches the players");
    assert!(!first.text().await.expect("text").contains("Players must not see this note"));
    first
        .query(By::Css("[data-testid='inject-acknowledge']"))
        .first()
        .await
        .expect("button")
        .click()
        .await
        .expect("ack");
    driver
        .query(banner(1))
        .wait(Duration::from_secs(10), Duration::from_millis(100))
        .not_exists()
        .await
        .expect("the acknowledged inject leaves the banner");
    driver.query(banner(2)).wait(Duration::from_secs(30), Duration::from_millis(100)).first().await.expect("inject 2");

    tap(&driver, "drill-scorecard").await;
    let rows = driver
        .query(By::Css("[data-testid='scorecard-inject']"))
        .wait(Duration::from_secs(10), Duration::from_millis(100))
        .all_from_selector_required()
        .await
        .expect("the scorecard's injects");
    let mut handled = Vec::new();
    for row in &rows {
        handled.push((row.attr("data-inject").await.expect("n"), row.attr("data-handled").await.expect("handled")));
    }
    assert_eq!(
        handled,
        [(Some("1".to_string()), Some("true".to_string())), (Some("2".to_string()), Some("false".to_string()))]
    );
    let injects =
        testid(&driver, "scorecard").await.query(By::Css("[data-part='injects']")).first().await.expect("part");
    assert_eq!(injects.attr("data-earned").await.expect("earned").as_deref(), Some("1"));
    assert_eq!(injects.attr("data-possible").await.expect("possible").as_deref(), Some("2"));
    quit(driver).await;

    // The timeline holds it all: delivered twice, acknowledged once, by the player.
    let store = muster_core::Store::open(&db, Arc::new(muster_core::SystemClock)).expect("open db");
    let kinds: Vec<&'static str> = store.timeline(&incident).expect("timeline").iter().map(|e| e.body.kind()).collect();
    assert_eq!(kinds.iter().filter(|k| **k == "inject.delivered").count(), 2, "{kinds:?}");
    assert_eq!(kinds.iter().filter(|k| **k == "inject.acknowledged").count(), 1, "{kinds:?}");
}

/// The metrics dashboard through the real window on a seeded database: two real incidents
/// with known times and one drill. The figures are exactly the seeded ones, the drill counts
/// only when the switch says so, and a figure opens the incidents behind it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_metrics_dashboard_shows_the_seeded_figures() {
    let _one = ONE_APP.lock().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("muster.db");
    let first = {
        let mut store = muster_core::Store::open(&db, Arc::new(muster_core::SystemClock)).expect("create db");
        let runbook = muster_core::format::markdown::read(Path::new("e2e-drill.md"), DRILL_RUNBOOK).expect("runbook");
        store.save_runbook(&runbook, "e2e", "test runbook").expect("save runbook");
        let ana = store.add_person(&muster_core::PersonInput::new("Ana Lima", "+55 11 5555 0100")).expect("person");
        let now = chrono::Utc::now();
        let mut ids = Vec::new();
        // (title, mode, detected minutes ago, acknowledged and resolved minutes after detection)
        for (title, mode, ago, acknowledged, resolved) in [
            ("Checkout down", muster_core::IncidentMode::Real, 300, 10, 120),
            ("DNS flapping", muster_core::IncidentMode::Real, 200, 30, 60),
            ("Quarterly drill", muster_core::IncidentMode::Drill, 100, 5, 20),
        ] {
            let detected = now - chrono::Duration::minutes(ago);
            let new = muster_core::NewIncident {
                runbook_id: "e2e-drill".into(),
                title: title.into(),
                severity: "SEV2".into(),
                mode,
                detected_at: Some(detected),
                assignments: ["incident-commander", "scribe"]
                    .into_iter()
                    .map(|role| muster_core::RoleAssignment {
                        role: role.into(),
                        fill: muster_core::RoleFill::Person { person: ana.id.clone() },
                    })
                    .collect(),
            };
            let id = store.start_incident(&new, "e2e").expect("declare").id;
            for (milestone, after) in
                [(muster_core::Milestone::Acknowledged, acknowledged), (muster_core::Milestone::Resolved, resolved)]
            {
                let at = Some(detected + chrono::Duration::minutes(after));
                store.act(&id, &muster_core::IncidentAction::SetMilestone { milestone, at }, "e2e").expect("milestone");
            }
            ids.push(id);
        }
        ids.remove(0)
    };
    let driver_process = TauriDriver::start(&db);
    let driver = driver_process.session().await;

    tap(&driver, "metrics-open").await;
    let value = |id: &'static str| {
        let driver = driver.clone();
        async move { testid(&driver, id).await.attr("data-value").await.expect("data-value") }
    };
    // Real incidents only: 2; median MTTR of 120 and 60 minutes is the lower by nearest rank.
    assert_eq!(value("figure-incidents-all").await.as_deref(), Some("2"));
    assert_eq!(value("figure-time_to_resolve-all").await.as_deref(), Some("3600"));
    assert_eq!(value("figure-time_to_acknowledge-all").await.as_deref(), Some("600"));
    assert_eq!(value("figure-drills_held-all").await.as_deref(), Some("1"));

    select(&testid(&driver, "metrics-drills").await, "include").await;
    testid(&driver, "figure-incidents-all")
        .await
        .wait_until()
        .has_attribute("data-value", "3")
        .await
        .expect("the drill counts when included");

    tap(&driver, "figure-incidents-all").await;
    testid(&driver, "figure-incidents").await;
    tap(&driver, &format!("figure-incident-{first}")).await;
    testid(&driver, "incident-view")
        .await
        .wait_until()
        .has_attribute("data-incident", first.clone())
        .await
        .expect("the incident opens");
    quit(driver).await;
}
