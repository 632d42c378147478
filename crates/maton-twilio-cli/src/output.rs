//! Human tables and `--json` documents.

use std::io::Write;

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::text::clean;

/// One line of an item's details, or one column of a list's table: its label and its text.
pub type Field<T> = (&'static str, fn(&T) -> String);

/// The columns of a list's table. Most are picked from the item's details by label, so that the
/// text of a field is written once for both views.
pub struct Columns<T: 'static> {
    fields: &'static [Field<T>],
    /// The labels picked from `fields`, in the table's order; `None`: all of them, as titled.
    picked: Option<&'static [&'static str]>,
    /// Picked labels shown under another title than the label in capitals.
    renamed: &'static [(&'static str, &'static str)],
}

impl<T> Columns<T> {
    /// A column for each of `fields`, titled as they are.
    pub const fn all(fields: &'static [Field<T>]) -> Self {
        Self {
            fields,
            picked: None,
            renamed: &[],
        }
    }

    /// The lines of `details` labelled `labels`, in that order, each titled with its label in
    /// capitals (`voice url` is `VOICE URL`). A label that names no line of `details` fails the
    /// build where the columns are a constant.
    pub const fn pick(details: &'static [Field<T>], labels: &'static [&'static str]) -> Self {
        let mut i = 0;
        while i < labels.len() {
            assert!(
                labelled(details, labels[i]),
                "a column names no detail line"
            );
            i += 1;
        }
        Self {
            fields: details,
            picked: Some(labels),
            renamed: &[],
        }
    }

    /// The same columns, each `(label, title)` of `renamed` titled `title`.
    pub const fn renamed(self, renamed: &'static [(&'static str, &'static str)]) -> Self {
        Self { renamed, ..self }
    }

    /// The fields shown, in the table's order.
    fn shown(&self) -> Vec<Field<T>> {
        let Some(labels) = self.picked else {
            return self.fields.to_vec();
        };
        labels
            .iter()
            .filter_map(|label| self.fields.iter().find(|(known, _)| known == label))
            .copied()
            .collect()
    }

    /// The titles, for a table's header.
    pub fn headers(&self) -> Vec<String> {
        let title = |label: &str| match self.picked {
            None => label.to_string(),
            Some(_) => self
                .renamed
                .iter()
                .find(|(known, _)| *known == label)
                .map_or_else(|| label.to_uppercase(), |(_, title)| title.to_string()),
        };
        self.shown().iter().map(|(label, _)| title(label)).collect()
    }

    /// One table row: the text of each column for `value`.
    pub fn cells(&self, value: &T) -> Vec<String> {
        self.shown().iter().map(|(_, show)| show(value)).collect()
    }
}

/// Whether one of `fields` is labelled `label` (usable in constants).
const fn labelled<T>(fields: &[Field<T>], label: &str) -> bool {
    let mut i = 0;
    while i < fields.len() {
        if same(fields[i].0.as_bytes(), label.as_bytes()) {
            return true;
        }
        i += 1;
    }
    false
}

/// Whether `a` and `b` hold the same bytes (usable in constants).
const fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Where results go: aligned tables for people, one JSON document for programs.
#[derive(Clone, Copy, Debug)]
pub struct Output {
    json: bool,
}

impl Output {
    /// Tables unless `json`.
    pub fn new(json: bool) -> Self {
        Self { json }
    }

    /// Whether `--json` was given.
    pub fn is_json(&self) -> bool {
        self.json
    }

    /// Prints one value: JSON, or a line per field, the titles aligned.
    pub fn one<T: Serialize>(&self, value: &T, fields: &[Field<T>]) {
        if self.json {
            print_json(value);
        } else {
            let width = fields.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
            let mut out = std::io::stdout().lock();
            for (key, show) in fields {
                let _ = writeln!(out, "{key:<width$}  {}", clean(&show(value)));
            }
        }
    }

    /// Prints a list: a JSON array, or a table of `columns`.
    pub fn list<T: Serialize>(&self, items: &[T], columns: Columns<T>) {
        if self.json {
            print_json(&items);
            return;
        }
        let rows: Vec<Vec<String>> = items.iter().map(|item| columns.cells(item)).collect();
        out!("{}", table(&columns.headers(), &rows));
        if rows.is_empty() {
            outln!("(none)");
        }
    }

    /// Prints a short confirmation, or `value` as JSON.
    pub fn done<T: Serialize>(&self, value: &T, message: &str) {
        if self.json {
            print_json(value);
        } else {
            outln!("{}", clean(message));
        }
    }

    /// Confirms that `id` was deleted: `{"deleted": id}` as JSON, `deleted ID` as text.
    pub fn deleted(&self, id: &str) {
        self.done(
            &serde_json::json!({"deleted": id}),
            &format!("deleted {id}"),
        );
    }
}

fn print_json<T: Serialize + ?Sized>(value: &T) {
    let text =
        serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    outln!("{text}");
}

/// The widest a cell is shown, in terminal columns.
const MAX_CELL: usize = 60;

/// Columns aligned on the widest cell, measured in terminal columns (an emoji or a CJK character
/// takes two); cells are [`clean`]ed and cut at 60 columns.
pub fn table<H: AsRef<str>>(headers: &[H], rows: &[Vec<String>]) -> String {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| cut(&clean(c))).collect())
        .collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.as_ref().width()).collect();
    for row in &cells {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.width());
            }
        }
    }
    let line = |cols: Vec<&str>| -> String {
        let mut s = String::new();
        for (i, col) in cols.iter().enumerate() {
            if i + 1 == cols.len() {
                s.push_str(col);
            } else {
                let pad = widths
                    .get(i)
                    .copied()
                    .unwrap_or(0)
                    .saturating_sub(col.width());
                s.push_str(col);
                s.push_str(&" ".repeat(pad + 2));
            }
        }
        s.trim_end().to_string() + "\n"
    };
    let mut out = line(headers.iter().map(AsRef::as_ref).collect());
    for row in &cells {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    out
}

/// `text` cut to at most [`MAX_CELL`] columns, the last one an ellipsis when cut.
fn cut(text: &str) -> String {
    if text.width() <= MAX_CELL {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > MAX_CELL - 1 {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders `rows` under `headers` and compares with the expected text.
    fn assert_table(headers: &[&str], rows: [[&str; 2]; 2], expected: &str) {
        let rows: Vec<Vec<String>> = rows
            .iter()
            .map(|row| row.iter().map(|cell| cell.to_string()).collect())
            .collect();
        assert_eq!(table(headers, &rows), expected);
    }

    struct Pair(&'static str, &'static str);

    const PAIR_DETAILS: &[Field<Pair>] = &[
        ("left", |p| p.0.to_string()),
        ("right side", |p| p.1.to_string()),
    ];

    #[test]
    fn picked_columns_follow_the_pick_titled_in_capitals_or_as_renamed() {
        let pair = Pair("l", "r");
        let picked = Columns::pick(PAIR_DETAILS, &["right side", "left"]);
        assert_eq!(picked.headers(), ["RIGHT SIDE", "LEFT"]);
        assert_eq!(picked.cells(&pair), ["r", "l"]);
        let renamed =
            Columns::pick(PAIR_DETAILS, &["left", "right side"]).renamed(&[("right side", "R")]);
        assert_eq!(renamed.headers(), ["LEFT", "R"]);
        assert_eq!(renamed.cells(&pair), ["l", "r"]);
        let all = Columns::all(PAIR_DETAILS);
        assert_eq!(all.headers(), ["left", "right side"]);
        assert_eq!(all.cells(&pair), ["l", "r"]);
    }

    #[test]
    fn columns_align_on_the_widest_cell() {
        assert_table(
            &["SID", "STATUS"],
            [["SM1", "queued"], ["SM1234", "sent"]],
            "SID     STATUS\nSM1     queued\nSM1234  sent\n",
        );
    }

    #[test]
    fn wide_characters_take_two_columns() {
        assert_table(
            &["A", "B"],
            [["😀😀", "x"], ["漢字漢", "y"]],
            "A       B\n😀😀    x\n漢字漢  y\n",
        );
    }

    #[test]
    fn long_cells_are_cut_by_columns() {
        let cell = cut(&"漢".repeat(40));
        assert!(cell.width() <= MAX_CELL, "{cell}");
        assert!(cell.ends_with('…'));
    }
}
