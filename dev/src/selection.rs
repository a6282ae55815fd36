//! Route selection expressions, evaluated as API Gateway does: `$request.body.a.b`,
//! `${request.body.a}` inside text (`${request.body.service}/${request.body.action}`), `\$`
//! for a literal dollar sign. The expression is evaluated once against the message body; a body
//! that is not JSON or lacks a referenced field selects nothing (then `$default` applies).

use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    /// A path into the JSON body.
    Body(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    parts: Vec<Part>,
}

impl Selection {
    /// Parses an expression; an error names what is not understood.
    pub fn parse(expression: &str) -> Result<Selection, String> {
        let mut parts = Vec::new();
        let mut text = String::new();
        let mut rest = expression;
        while let Some(c) = rest.chars().next() {
            if let Some(after) = rest.strip_prefix("\\$") {
                text.push('$');
                rest = after;
            } else if let Some(after) = rest.strip_prefix("${") {
                let end = after
                    .find('}')
                    .ok_or_else(|| format!("`${{` without `}}` in {expression:?}"))?;
                push_text(&mut parts, &mut text);
                parts.push(Part::Body(body_path(&after[..end], expression)?));
                rest = &after[end + 1..];
            } else if let Some(after) = rest.strip_prefix('$').filter(|a| a.starts_with("request."))
            {
                let end = after
                    .find(|c: char| !(c.is_alphanumeric() || "._-".contains(c)))
                    .unwrap_or(after.len());
                push_text(&mut parts, &mut text);
                parts.push(Part::Body(body_path(&after[..end], expression)?));
                rest = &after[end..];
            } else {
                text.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
        push_text(&mut parts, &mut text);
        Ok(Selection { parts })
    }

    /// The route key a message selects, or `None` when it selects none.
    pub fn select(&self, body: &str) -> Option<String> {
        let json: Value = serde_json::from_str(body).ok()?;
        let mut key = String::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => key.push_str(t),
                Part::Body(path) => {
                    let value = path.iter().try_fold(&json, |v, segment| v.get(segment))?;
                    match value {
                        Value::String(s) => key.push_str(s),
                        Value::Null => return None,
                        other => key.push_str(&other.to_string()),
                    }
                }
            }
        }
        Some(key)
    }
}

fn push_text(parts: &mut Vec<Part>, text: &mut String) {
    if !text.is_empty() {
        parts.push(Part::Text(std::mem::take(text)));
    }
}

/// `request.body.a.b` -> `["a", "b"]`.
fn body_path(variable: &str, expression: &str) -> Result<Vec<String>, String> {
    let path = variable.strip_prefix("request.body.").ok_or_else(|| {
        format!("{variable:?} in {expression:?}: only $request.body.* selects WebSocket routes")
    })?;
    Ok(path.split('.').map(str::to_string).collect())
}

#[cfg(test)]
mod tests {
    use super::Selection;

    fn select(expression: &str, body: &str) -> Option<String> {
        Selection::parse(expression).unwrap().select(body)
    }

    #[test]
    fn plain_path() {
        assert_eq!(
            select("$request.body.action", r#"{"action":"send"}"#).as_deref(),
            Some("send")
        );
        assert_eq!(
            select("$request.body.a.b", r#"{"a":{"b":"x"}}"#).as_deref(),
            Some("x")
        );
        assert_eq!(select("$request.body.action", r#"{"other":1}"#), None);
        assert_eq!(select("$request.body.action", "not json"), None);
    }

    #[test]
    fn templates_and_escapes() {
        let body = r#"{"service":"chat","action":"join"}"#;
        assert_eq!(
            select("${request.body.service}/${request.body.action}", body).as_deref(),
            Some("chat/join")
        );
        assert_eq!(
            select("\\$${request.body.action}", body).as_deref(),
            Some("$join")
        );
        assert_eq!(
            select("${request.body.service}/${request.body.missing}", body),
            None
        );
    }

    #[test]
    fn non_string_values_and_errors() {
        assert_eq!(
            select("$request.body.n", r#"{"n":3}"#).as_deref(),
            Some("3")
        );
        assert!(Selection::parse("${request.body.a").is_err());
        assert!(Selection::parse("$request.header.x").is_err());
    }
}
