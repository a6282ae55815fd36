//! The table `connections list` prints: one row per connection, columns as wide as their
//! widest cell, so that ids can be copied from it into `send` and `close`.

use serde_json::Value;

const COLUMNS: [(&str, &str); 9] = [
    ("ID", "id"),
    ("API", "api"),
    ("PORT", "port"),
    ("STAGE", "stage"),
    ("CONNECTED AT", "connectedAt"),
    ("LAST ACTIVE AT", "lastActiveAt"),
    ("SOURCE IP", "sourceIp"),
    ("USER AGENT", "userAgent"),
    ("AUTHORIZER", "authorizer"),
];

/// The inspector's `GET /connections` answer as a table, or a sentence when there is none.
pub fn render(list: &Value) -> String {
    let rows: Vec<Vec<String>> = list
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| COLUMNS.iter().map(|(_, key)| cell(&c[*key])).collect())
        .collect();
    if rows.is_empty() {
        return "no live connections".into();
    }
    let header: Vec<String> = COLUMNS.iter().map(|(title, _)| title.to_string()).collect();
    let widths: Vec<usize> = (0..COLUMNS.len())
        .map(|i| {
            rows.iter()
                .chain([&header])
                .map(|r| r[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |row: &Vec<String>| {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        cells.join("  ").trim_end().to_string()
    };
    let mut lines = vec![line(&header)];
    lines.extend(rows.iter().map(line));
    lines.join("\n")
}

/// Strings bare, a missing value as `-`, anything else (the authorizer context) as compact JSON.
fn cell(value: &Value) -> String {
    match value {
        Value::Null => "-".into(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn aligns_columns_and_shows_missing_values_as_dashes() {
        let list = json!([
            { "id": "a", "api": "S/Api", "port": 3001, "stage": "dev", "connectedAt": "t0", "lastActiveAt": "t1", "sourceIp": "127.0.0.1", "userAgent": null, "authorizer": { "principalId": "u" } },
            { "id": "bbb", "api": "S/Api", "port": 3001, "stage": "dev", "connectedAt": "t0", "lastActiveAt": "t1", "sourceIp": "127.0.0.1", "userAgent": "ws", "authorizer": null },
        ]);
        let text = render(&list);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("ID   API    PORT"));
        assert!(lines[1].starts_with("a    S/Api  3001"));
        assert!(lines[1].ends_with(r#"-           {"principalId":"u"}"#));
        assert!(lines[2].ends_with("ws          -"));
    }

    #[test]
    fn says_when_there_is_no_connection() {
        assert_eq!(render(&json!([])), "no live connections");
    }
}
