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

/// Starts an incident from the IT outage runbook, ticks the first step with the mouse and the
/// second with the space key, checks the timeline, restarts the app on the same database and
/// checks that both ticks survived.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_incident_and_its_ticks_survive_a_restart() {
    let _one = ONE_APP.lock().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("muster.db");
    let driver_process = TauriDriver::start(&db);

    let driver = driver_process.session().await;
    testid(&driver, "runbook-it-system-outage").await;
    testid(&driver, "start-it-system-outage").await.click().await.expect("click start");
    testid(&driver, "declare-confirm").await.click().await.expect("click declare");
    testid(&driver, "incident-view").await;

    let steps = driver
        .query(By::Css("[data-testid='phase-identify'] [data-step]"))
        .all_from_selector_required()
        .await
        .expect("identify steps");
    assert!(steps.len() >= 2, "the IT outage runbook has several Identify steps");
    let first_key = steps[0].attr("data-step").await.expect("attr").expect("data-step");
    let second_key = steps[1].attr("data-step").await.expect("attr").expect("data-step");

    // Tick by mouse.
    testid(&driver, &format!("tick-{first_key}")).await.click().await.expect("click tick");
    steps[0].wait_until().has_attribute("data-status", "done").await.expect("first step shown done");
    let timeline = testid(&driver, "timeline").await;
    timeline.query(By::Css("[data-kind='step.ticked']")).first().await.expect("the tick appears in the timeline");

    // Tick by keyboard: focus the step and press space.
    steps[1].focus().await.expect("focus second step");
    driver.action_chain().send_keys(" ").perform().await.expect("press space");
    steps[1].wait_until().has_attribute("data-status", "done").await.expect("second step shown done");
    let ticks = timeline.query(By::Css("[data-kind='step.ticked']")).all_from_selector_required().await.expect("ticks");
    assert_eq!(ticks.len(), 2, "two ticks in the timeline");

    quit(driver).await;

    // What the window showed as saved is in the database.
    {
        let store = muster_core::Store::open(&db, Arc::new(muster_core::SystemClock)).expect("open db");
        let incidents = store.list_incidents().expect("incidents");
        assert_eq!(incidents.len(), 1);
        assert_eq!(incidents[0].steps_done, 2);
    }

    // Restart on the same database, on a fresh bus: D-Bus may release the single-instance name
    // of the app that just quit a moment after it exited.
    drop(driver_process);
    let driver_process = TauriDriver::start(&db);
    let driver = driver_process.session().await;
    let listed = driver
        .query(By::Css("[data-testid='incident-list'] [data-incident]"))
        .first()
        .await
        .expect("the incident is listed");
    listed.click().await.expect("open the incident");
    testid(&driver, "incident-view").await;
    for key in [&first_key, &second_key] {
        let step = testid(&driver, &format!("step-{key}")).await;
        assert_eq!(
            step.attr("data-status").await.expect("attr").as_deref(),
            Some("done"),
            "step {key} survived the restart"
        );
    }
    let ticks = testid(&driver, "timeline")
        .await
        .query(By::Css("[data-kind='step.ticked']"))
        .all_from_selector_required()
        .await
        .expect("ticks after restart");
    assert_eq!(ticks.len(), 2);
    quit(driver).await;
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
