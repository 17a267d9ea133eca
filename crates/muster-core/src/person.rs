//! The roster: the people who can take roles in an incident, how to reach them when the network
//! is down, and the roles they are trained for. Also the roster's CSV format ([`read_csv`]).
//!
//! Invariant: a person is never deleted while they hold a role in an incident that is not
//! closed; they can be retired instead. A retired person stays on the roster (past timelines
//! name them) but is not offered for, and cannot be given, a new role.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Person {
    /// Stable slug of the name when first added (`li-wei`); used in role events and the CLI.
    pub id: String,
    pub name: String,
    pub team: String,
    /// Phone or pager: the way to reach them when the network is down.
    pub phone: String,
    pub email: String,
    /// Chat handle (`@li.wei`), for when chat still works.
    pub chat: String,
    /// Ids of the catalogue roles they can hold, in catalogue order.
    pub roles: Vec<String>,
    pub notes: String,
    /// When they were retired; a retired person is kept for history but not given new roles.
    pub retired_at: Option<DateTime<Utc>>,
}

impl Person {
    /// A person known only by id and name (a role event naming someone no longer on the roster).
    pub fn named(id: &str, name: &str) -> Person {
        Person {
            id: id.to_string(),
            name: name.to_string(),
            team: String::new(),
            phone: String::new(),
            email: String::new(),
            chat: String::new(),
            roles: Vec::new(),
            notes: String::new(),
            retired_at: None,
        }
    }

    pub fn is_retired(&self) -> bool {
        self.retired_at.is_some()
    }

    /// The ways to reach them, best first for an outage: phone, chat, e-mail; empty ones left out.
    pub fn contacts(&self) -> impl Iterator<Item = &str> {
        [self.phone.as_str(), self.chat.as_str(), self.email.as_str()].into_iter().filter(|c| !c.is_empty())
    }
}

/// What a user gives to add or change a person; the store trims it and checks the roles.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PersonInput {
    pub name: String,
    pub team: String,
    pub phone: String,
    pub email: String,
    pub chat: String,
    /// Role ids (or names) from the catalogue.
    pub roles: Vec<String>,
    pub notes: String,
}

impl PersonInput {
    /// Someone with a name and a phone number, nothing else yet.
    pub fn new(name: &str, phone: &str) -> PersonInput {
        PersonInput { name: name.to_string(), phone: phone.to_string(), ..PersonInput::default() }
    }

    /// The input that would leave `person` as they are.
    pub fn from_person(person: &Person) -> PersonInput {
        PersonInput {
            name: person.name.clone(),
            team: person.team.clone(),
            phone: person.phone.clone(),
            email: person.email.clone(),
            chat: person.chat.clone(),
            roles: person.roles.clone(),
            notes: person.notes.clone(),
        }
    }
}

/// One problem with one row of a CSV file; `line` is the file's line (the header is line 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RowError {
    pub line: u32,
    /// The column the problem is in, as the header names it; empty for the row as a whole.
    pub column_name: String,
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.column_name.is_empty() {
            write!(f, "line {}: {}", self.line, self.message)
        } else {
            write!(f, "line {}, column '{}': {}", self.line, self.column_name, self.message)
        }
    }
}

/// One person read from a CSV row. A column the file does not have is `None`: importing keeps
/// that detail of an existing person as it was.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CsvPerson {
    pub line: u32,
    /// From an `id` column: who to update. Without it a row updates the person with exactly
    /// that name, or adds a new one.
    pub id: Option<String>,
    pub name: String,
    pub team: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub chat: Option<String>,
    /// Role ids or names as written (`;`-separated in the file); checked by the store.
    pub roles: Option<Vec<String>>,
    pub notes: Option<String>,
}

impl CsvPerson {
    /// The input for this row over what `existing` already has (or over nothing, for someone new).
    pub fn merged_over(&self, existing: Option<&Person>) -> PersonInput {
        let base = existing.map(PersonInput::from_person).unwrap_or_default();
        let pick = |given: &Option<String>, kept: String| given.clone().unwrap_or(kept);
        PersonInput {
            name: self.name.clone(),
            team: pick(&self.team, base.team),
            phone: pick(&self.phone, base.phone),
            email: pick(&self.email, base.email),
            chat: pick(&self.chat, base.chat),
            roles: self.roles.clone().unwrap_or(base.roles),
            notes: pick(&self.notes, base.notes),
        }
    }
}

/// The columns a roster CSV may have, in the order an exported file writes them.
pub const CSV_COLUMNS: [&str; 8] = ["id", "name", "team", "phone", "email", "chat", "roles", "notes"];

/// Reads a roster CSV: a header row naming columns (any case, any order; `name` is required),
/// then one person per row; `roles` holds role ids or names separated by `;`. Returns every
/// person it could read and every problem it found, each with its line and column, so a user
/// can fix the whole file at once.
pub fn read_csv(text: &str) -> (Vec<CsvPerson>, Vec<RowError>) {
    let mut errors = Vec::new();
    let mut people = Vec::new();
    let mut reader = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let header_error = |column: &str, message: String| RowError { line: 1, column_name: column.into(), message };
    let headers = match reader.headers() {
        Ok(headers) => headers.clone(),
        Err(err) => return (people, vec![header_error("", format!("cannot read the header row: {err}"))]),
    };
    // For each column of the file, its index in CSV_COLUMNS (None: unknown, reported once).
    let mut columns: Vec<Option<usize>> = Vec::with_capacity(headers.len());
    for (index, raw) in headers.iter().enumerate() {
        let name = raw.trim().trim_start_matches('\u{feff}').to_lowercase();
        let known = CSV_COLUMNS.iter().position(|c| *c == name);
        match known {
            None if name.is_empty() => errors.push(header_error(
                "",
                format!("column {} has no name in the header; name it or remove it", index + 1),
            )),
            None => errors
                .push(header_error(raw, format!("unknown column '{raw}'; the columns are {}", CSV_COLUMNS.join(", ")))),
            Some(k) if columns.contains(&Some(k)) => {
                errors.push(header_error(raw, format!("the column '{name}' appears twice")))
            }
            Some(_) => {}
        }
        columns.push(known.filter(|k| !columns.contains(&Some(*k))));
    }
    if !columns.contains(&Some(1)) {
        errors.push(header_error("name", "the header has no 'name' column; every person needs a name".into()));
        return (people, errors);
    }
    let has = |column: usize| columns.contains(&Some(column));
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(err) => {
                let line = err.position().map_or(0, |p| line_at(text, p.byte()));
                errors.push(RowError {
                    line,
                    column_name: String::new(),
                    message: format!("cannot read the row: {err}"),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| line_at(text, p.byte()));
        if record.iter().all(str::is_empty) {
            continue;
        }
        if record.len() > headers.len() {
            errors.push(RowError {
                line,
                column_name: String::new(),
                message: format!(
                    "the row has {} fields but the header names {} columns; quote fields that contain commas",
                    record.len(),
                    headers.len()
                ),
            });
            continue;
        }
        let field = |column: usize| -> Option<String> {
            has(column).then(|| {
                columns.iter().position(|c| *c == Some(column)).and_then(|i| record.get(i)).unwrap_or("").to_string()
            })
        };
        let column_error = |column: usize, message: String| RowError {
            line,
            column_name: columns
                .iter()
                .position(|c| *c == Some(column))
                .and_then(|i| headers.get(i))
                .unwrap_or(CSV_COLUMNS[column])
                .to_string(),
            message,
        };
        let name = field(1).unwrap_or_default();
        let mut row_ok = true;
        if !name.chars().any(char::is_alphanumeric) {
            errors.push(column_error(1, "the name is empty; every person needs a name".into()));
            row_ok = false;
        }
        let email = field(4);
        if let Some(email) = email.as_deref().filter(|e| !e.is_empty()) {
            if let Err(message) = check_email(email) {
                errors.push(column_error(4, message));
                row_ok = false;
            }
        }
        let roles = field(6).map(|text| {
            text.split(';').map(str::trim).filter(|r| !r.is_empty()).map(str::to_string).collect::<Vec<_>>()
        });
        if row_ok {
            people.push(CsvPerson {
                line,
                id: field(0).filter(|id| !id.is_empty()),
                name,
                team: field(2),
                phone: field(3),
                email,
                chat: field(5),
                roles,
                notes: field(7),
            });
        }
    }
    (people, errors)
}

/// The line of `text` a byte offset is on, counting from 1. (The csv reader's own line count
/// does not count blank lines, so it drifts from what an editor shows.)
fn line_at(text: &str, byte: u64) -> u32 {
    let mut end = usize::try_from(byte).unwrap_or(usize::MAX).min(text.len());
    // A record's position is where reading began, before the blank lines the reader skipped.
    while matches!(text.as_bytes().get(end), Some(b'\n' | b'\r')) {
        end += 1;
    }
    let newlines = text.as_bytes()[..end].iter().filter(|b| **b == b'\n').count();
    u32::try_from(newlines + 1).unwrap_or(u32::MAX)
}

/// A light check that catches a phone number or a name typed into the e-mail column.
pub(crate) fn check_email(email: &str) -> Result<(), String> {
    match email.split_once('@') {
        Some((user, domain)) if !user.is_empty() && !domain.is_empty() && !email.contains(char::is_whitespace) => {
            Ok(())
        }
        _ => Err(format!("'{email}' is not an e-mail address (it needs a name, '@' and a domain)")),
    }
}

/// Writes the roster as CSV in the format [`read_csv`] reads (roles by id, `;`-separated).
pub fn write_csv(people: &[Person]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    // Writing into a Vec cannot fail; a failure would only lose rows of this in-memory copy.
    let _ = writer.write_record(CSV_COLUMNS);
    for p in people {
        let roles = p.roles.join(";");
        let _ = writer.write_record([&p.id, &p.name, &p.team, &p.phone, &p.email, &p.chat, &roles, &p.notes]);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_good_file_reads_in_any_column_order_and_case() {
        let text = "\u{feff}Name,PHONE,Roles,email\nLi Wei,+86 139 0000 0003,incident-commander; Scribe,li@example.com\n\n\"Ortiz, Dana\",,,\n";
        let (people, errors) = read_csv(text);
        assert_eq!(errors, []);
        assert_eq!(people.len(), 2);
        assert_eq!(people[0].name, "Li Wei");
        assert_eq!(people[0].roles.as_deref(), Some(&["incident-commander".to_string(), "Scribe".to_string()][..]));
        assert_eq!((people[0].team.as_deref(), people[0].line), (None, 2));
        assert_eq!((people[1].name.as_str(), people[1].line), ("Ortiz, Dana", 4));
    }

    #[test]
    fn every_problem_is_reported_with_its_line_and_column() {
        let text = "name,phone,email,pager\nAna,1,ana@x.org,\n,2,,\nBo,3,bo at example,\nCy,4,,,extra\n";
        let (people, errors) = read_csv(text);
        let found: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            found,
            [
                "line 1, column 'pager': unknown column 'pager'; the columns are id, name, team, phone, email, chat, roles, notes",
                "line 3, column 'name': the name is empty; every person needs a name",
                "line 4, column 'email': 'bo at example' is not an e-mail address (it needs a name, '@' and a domain)",
                "line 5: the row has 5 fields but the header names 4 columns; quote fields that contain commas",
            ]
        );
        assert_eq!(people.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["Ana"]);
    }

    #[test]
    fn a_file_without_a_name_column_stops_at_the_header() {
        let (people, errors) = read_csv("phone,email\n1,a@b\n");
        assert!(people.is_empty());
        assert_eq!(
            errors[0].to_string(),
            "line 1, column 'name': the header has no 'name' column; every person needs a name"
        );
        let (_, errors) = read_csv("name,Name\nA,B\n");
        assert_eq!(errors[0].message, "the column 'name' appears twice");
    }

    #[test]
    fn written_csv_reads_back() {
        let mut ana = Person::named("ana", "Ana, the first");
        ana.phone = "+1 555".into();
        ana.roles = vec!["scribe".into(), "tech-lead".into()];
        ana.notes = "nights \"only\"".into();
        let (people, errors) = read_csv(&write_csv(&[ana.clone()]));
        assert_eq!(errors, []);
        assert_eq!(people[0].merged_over(None), PersonInput::from_person(&ana));
        assert_eq!(people[0].id.as_deref(), Some("ana"));
    }
}
