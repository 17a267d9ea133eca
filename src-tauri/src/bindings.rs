//! The TypeScript types of everything that crosses the command boundary, generated from the
//! Rust types into `ui/src/lib/bindings/`. This test fails when the checked-in files are stale;
//! `UPDATE_BINDINGS=1 cargo test -p muster-app bindings` rewrites them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ts_rs::{Config, TS};

fn read_tree(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "ts") {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            files.insert(PathBuf::from(entry.file_name()), text);
        }
    }
    files
}

#[test]
fn bindings_are_fresh() {
    let generated = tempfile::tempdir().expect("temp dir");
    let cfg = Config::new().with_out_dir(generated.path());
    muster_core::RunbookSummary::export_all(&cfg).expect("export");
    muster_core::IncidentSummary::export_all(&cfg).expect("export");
    muster_core::IncidentView::export_all(&cfg).expect("export");
    muster_core::NewIncident::export_all(&cfg).expect("export");
    muster_core::ChainReport::export_all(&cfg).expect("export");
    muster_core::EventBody::export_all(&cfg).expect("export");
    muster_core::IncidentAction::export_all(&cfg).expect("export");
    muster_core::Person::export_all(&cfg).expect("export");
    muster_core::RunbookReview::export_all(&cfg).expect("export");
    muster_core::SearchHit::export_all(&cfg).expect("export");
    muster_core::Runbook::export_all(&cfg).expect("export");
    muster_core::FieldProblem::export_all(&cfg).expect("export");
    muster_core::RevisionInfo::export_all(&cfg).expect("export");
    muster_core::DiffHunk::export_all(&cfg).expect("export");
    muster_core::library::FileReport::export_all(&cfg).expect("export");
    muster_core::review::Review::export_all(&cfg).expect("export");
    muster_core::review::ReviewEdit::export_all(&cfg).expect("export");
    muster_core::review::ReviewFacts::export_all(&cfg).expect("export");
    muster_core::action_item::ActionItem::export_all(&cfg).expect("export");
    muster_core::action_item::ActionItemInput::export_all(&cfg).expect("export");
    muster_core::export::ExportFormat::export_all(&cfg).expect("export");
    muster_core::export::PaperSize::export_all(&cfg).expect("export");
    muster_core::export::document::DocumentFormat::export_all(&cfg).expect("export");
    muster_core::PersonInput::export_all(&cfg).expect("export");
    muster_core::Role::export_all(&cfg).expect("export");
    muster_core::ContactSheet::export_all(&cfg).expect("export");
    muster_core::store::PeopleImport::export_all(&cfg).expect("export");
    muster_core::TimelineEvent::export_all(&cfg).expect("export");
    muster_core::store::RestoreReport::export_all(&cfg).expect("export");
    muster_core::store::TimerAlert::export_all(&cfg).expect("export");
    muster_core::drill::InjectDelivery::export_all(&cfg).expect("export");
    muster_core::drill::DrillHistory::export_all(&cfg).expect("export");
    muster_core::scorecard::Scorecard::export_all(&cfg).expect("export");
    muster_core::metrics::Metrics::export_all(&cfg).expect("export");
    muster_core::metrics::IncidentMetricsRow::export_all(&cfg).expect("export");
    muster_core::metrics::MetricsRowsPage::export_all(&cfg).expect("export");
    muster_core::metrics::MetricsCsv::export_all(&cfg).expect("export");
    crate::CommandError::export_all(&cfg).expect("export");
    crate::DatabaseStatus::export_all(&cfg).expect("export");

    let checked_in = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/bindings");
    let fresh = read_tree(generated.path());
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        let _ = std::fs::remove_dir_all(&checked_in);
        std::fs::create_dir_all(&checked_in).expect("create bindings dir");
        for (name, text) in &fresh {
            std::fs::write(checked_in.join(name), text).expect("write binding");
        }
    }
    assert!(!fresh.is_empty());
    assert_eq!(
        read_tree(&checked_in),
        fresh,
        "ui/src/lib/bindings is stale: run `UPDATE_BINDINGS=1 cargo test -p muster-app bindings` and commit the result"
    );
}
