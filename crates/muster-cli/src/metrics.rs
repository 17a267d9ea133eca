//! `muster metrics`: the dashboard's figures (or the per-incident rows behind them) for a
//! period, as CSV with the definitions in a `#` header, or as JSON (`docs/metrics.md`).

use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, ValueEnum};
use muster_core::metrics::{self, Bucket, DrillFilter, MetricsQuery};
use muster_core::Store;

use crate::{print_json, Outcome};

pub const METRICS_HELP: &str = "\
DATE is a UTC day (2026-02-01) or an RFC 3339 time (2026-02-01T08:00:00Z). The period holds the
incidents detected from --from (included) to --to: a day given to --to is included whole, a time
is excluded. Every measure's definition is in the CSV header and in docs/metrics.md.";

#[derive(Args)]
pub struct MetricsArgs {
    /// Start of the period.
    #[arg(long, value_name = "DATE", value_parser = parse_edge)]
    from: PeriodEdge,
    /// End of the period.
    #[arg(long, value_name = "DATE", value_parser = parse_edge)]
    to: PeriodEdge,
    /// Only this severity; repeat for more.
    #[arg(long = "severity", value_name = "SEVERITY")]
    severities: Vec<String>,
    /// Only this runbook (its id); repeat for more.
    #[arg(long = "runbook", value_name = "RUNBOOK")]
    runbooks: Vec<String>,
    /// Only incidents whose commander is on this team.
    #[arg(long)]
    team: Option<String>,
    /// Whether drills count with real incidents (drill measures always count drills).
    #[arg(long, value_enum, default_value = "exclude")]
    drills: Drills,
    /// The trend's bucket (JSON only).
    #[arg(long, value_enum, default_value = "month")]
    bucket: BucketArg,
    #[arg(long, value_enum, default_value = "csv")]
    format: Format,
    /// One row per incident instead of the measures.
    #[arg(long)]
    rows: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Drills {
    Exclude,
    Include,
    Only,
}

#[derive(Clone, Copy, ValueEnum)]
enum BucketArg {
    Week,
    Month,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Csv,
    Json,
}

/// A period's edge as given: a whole UTC day or an exact time.
#[derive(Clone, Copy)]
enum PeriodEdge {
    Day(NaiveDate),
    Time(DateTime<Utc>),
}

fn parse_edge(text: &str) -> Result<PeriodEdge, String> {
    let text = text.trim();
    if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(PeriodEdge::Day(day));
    }
    DateTime::parse_from_rfc3339(text)
        .map(|at| PeriodEdge::Time(at.with_timezone(&Utc)))
        .map_err(|_| format!("'{text}' is not a date: write a UTC day (2026-02-01) or an RFC 3339 time"))
}

impl PeriodEdge {
    /// The moment the edge stands for; a day ends the period at the next midnight.
    fn moment(self, end: bool) -> DateTime<Utc> {
        match self {
            PeriodEdge::Time(at) => at,
            PeriodEdge::Day(day) => {
                let day = if end { day.succ_opt().unwrap_or(day) } else { day };
                day.and_time(chrono::NaiveTime::MIN).and_utc()
            }
        }
    }
}

pub fn run(store: &Store, args: MetricsArgs) -> Outcome {
    let query = MetricsQuery {
        from: args.from.moment(false),
        to: args.to.moment(true),
        severities: args.severities,
        runbooks: args.runbooks,
        team: args.team,
        drills: match args.drills {
            Drills::Exclude => DrillFilter::Exclude,
            Drills::Include => DrillFilter::Include,
            Drills::Only => DrillFilter::Only,
        },
        bucket: match args.bucket {
            BucketArg::Week => Bucket::Week,
            BucketArg::Month => Bucket::Month,
        },
    };
    let figures = store.metrics(&query)?;
    match (args.format, args.rows) {
        (Format::Json, false) => print_json(&figures),
        (Format::Json, true) => print_json(&store.metrics_rows(&query)?),
        (Format::Csv, false) => Ok(say!("{}", metrics::write_measures_csv(&figures).trim_end())?),
        (Format::Csv, true) => {
            let rows = store.metrics_rows(&query)?;
            Ok(say!("{}", metrics::write_rows_csv(&figures, &rows).trim_end())?)
        }
    }
}
