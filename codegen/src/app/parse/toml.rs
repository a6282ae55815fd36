//! TOML into a [`Node`] tree, with the spans of toml's own parser.

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::{too_deep, SyntaxError, MAX_DEPTH};
use crate::app::tree::{Entry, Node, Position, Value};

pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    let lines = Lines::new(text);
    let table = DeTable::parse(text).map_err(|e| {
        // toml gives no span when its own recursion limit stops it: point at the deepest nesting.
        let at = e
            .span()
            .map(|span| span.start)
            .unwrap_or_else(|| deepest(text));
        (Some(lines.position(at)), e.message().trim().to_string())
    })?;
    convert_table(
        table.get_ref(),
        lines.position(table.span().start),
        &lines,
        0,
    )
}

/// The offset of the first bracket or brace at the deepest nesting of `text` (strings and
/// comments are not told apart: this only places an error that has no span).
fn deepest(text: &str) -> usize {
    let (mut depth, mut max, mut at) = (0usize, 0usize, 0usize);
    for (i, c) in text.char_indices() {
        match c {
            '[' | '{' => {
                depth += 1;
                if depth > max {
                    (max, at) = (depth, i);
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    at
}

fn convert_table(
    table: &DeTable,
    at: Position,
    lines: &Lines,
    depth: usize,
) -> Result<Node, SyntaxError> {
    if depth > MAX_DEPTH {
        return Err(too_deep(at));
    }
    let mut entries = Vec::with_capacity(table.len());
    for (key, value) in table.iter() {
        entries.push(Entry {
            key: key.get_ref().to_string(),
            key_at: Some(lines.position(key.span().start)),
            node: convert(value, lines, depth + 1)?,
        });
    }
    Ok(Node::new(Value::Map(entries), Some(at)))
}

fn convert(value: &Spanned<DeValue>, lines: &Lines, depth: usize) -> Result<Node, SyntaxError> {
    let at = lines.position(value.span().start);
    if depth > MAX_DEPTH {
        return Err(too_deep(at));
    }
    let number = |n: Option<serde_json::Number>, text: &str| {
        n.map(Value::Number).ok_or_else(|| {
            (
                Some(at),
                format!("{text} is not a number app models can hold"),
            )
        })
    };
    let converted = match value.get_ref() {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => number(
            i64::from_str_radix(i.as_str(), i.radix())
                .ok()
                .map(Into::into),
            i.as_str(),
        )?,
        DeValue::Float(f) => number(
            f.as_str()
                .parse()
                .ok()
                .and_then(serde_json::Number::from_f64),
            f.as_str(),
        )?,
        DeValue::Boolean(b) => Value::Bool(*b),
        // Dates have no place in an app model; as text they meet the schema like any string.
        DeValue::Datetime(d) => Value::String(d.to_string()),
        DeValue::Array(items) => Value::List(
            items
                .iter()
                .map(|item| convert(item, lines, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        DeValue::Table(table) => return convert_table(table, at, lines, depth),
    };
    Ok(Node::new(converted, Some(at)))
}

/// Byte offsets to lines and columns.
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Lines<'a> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { text, starts }
    }

    fn position(&self, offset: usize) -> Position {
        let line = self.starts.partition_point(|start| *start <= offset);
        let start = self.starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        Position { line, column }
    }
}
