//! YAML 1.2 (and, through it, JSON) into a [`Node`] tree, with saphyr's markers.

use saphyr::{LoadableYamlNode, MarkedYaml, Marker, Scalar, YamlData};

use super::{too_deep, SyntaxError, MAX_DEPTH};
use crate::app::tree::{Entry, Node, Position, Value};

pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    guard_nesting(text)?;
    let mut documents = MarkedYaml::load_from_str(text)
        .map_err(|e| (Some(position(e.marker())), e.info().to_string()))?;
    match documents.len() {
        // An empty file is one empty (null) document.
        0 => Ok(Node::new(
            Value::Null,
            Some(Position { line: 1, column: 1 }),
        )),
        1 => convert(&documents.remove(0), 0),
        n => Err((
            Some(position(&documents[1].span.start)),
            format!("expected one YAML document, found {n}"),
        )),
    }
}

/// How deep the text nests, estimated before saphyr reads it: saphyr's loader recurses and
/// overflows the stack on a few thousand levels. Counts unclosed flow brackets (outside quotes
/// and comments) and block levels (increasing indentation, each `- ` a level of its own); a
/// generous multiple of [`MAX_DEPTH`], since [`convert`] enforces the exact limit.
fn guard_nesting(text: &str) -> Result<(), SyntaxError> {
    const GUARD: usize = 4 * MAX_DEPTH;
    let mut flow = 0usize;
    let mut block: Vec<usize> = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        let mut column = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[column..];
        if flow == 0 && !rest.trim().is_empty() && !rest.starts_with('#') {
            while block.last().is_some_and(|&top| top >= column) {
                block.pop();
            }
            block.push(column);
            let mut rest = rest;
            while let Some(after) = rest
                .strip_prefix('-')
                .filter(|a| a.is_empty() || a.starts_with([' ', '\t']))
            {
                let spaces = after.len() - after.trim_start().len();
                column += 1 + spaces;
                block.push(column);
                rest = after.trim_start();
            }
        }
        let (mut quote, mut escaped, mut previous) = (None, false, ' ');
        for (j, c) in line.char_indices() {
            match (quote, c) {
                (Some('"'), _) if escaped => escaped = false,
                (Some('"'), '\\') => escaped = true,
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                // A quote opens a scalar only where a node starts, not inside a plain word.
                (None, '"' | '\'') if previous.is_whitespace() || "[{,:-?".contains(previous) => {
                    quote = Some(c)
                }
                (None, '#') if j == 0 || line[..j].ends_with([' ', '\t']) => break,
                (None, '[' | '{') => flow += 1,
                (None, ']' | '}') => flow = flow.saturating_sub(1),
                _ => {}
            }
            previous = c;
            if flow + block.len() > GUARD {
                return Err(too_deep(Position {
                    line: i + 1,
                    column: line[..j].chars().count() + 1,
                }));
            }
        }
        if flow + block.len() > GUARD {
            return Err(too_deep(Position {
                line: i + 1,
                column: 1,
            }));
        }
    }
    Ok(())
}

/// saphyr's lines count from 1 and its columns from 0.
fn position(marker: &Marker) -> Position {
    Position {
        line: marker.line(),
        column: marker.col() + 1,
    }
}

fn convert(node: &MarkedYaml, depth: usize) -> Result<Node, SyntaxError> {
    let at = position(&node.span.start);
    if depth > MAX_DEPTH {
        return Err(too_deep(at));
    }
    let unsupported =
        |what: &str| Err((Some(at), format!("{what} are not supported in app models")));
    let value = match &node.data {
        YamlData::Value(scalar) => scalar_value(scalar, at)?,
        YamlData::Sequence(items) => Value::List(
            items
                .iter()
                .map(|item| convert(item, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        YamlData::Mapping(map) => {
            let mut entries = Vec::with_capacity(map.len());
            for (key, value) in map {
                let key_at = position(&key.span.start);
                let YamlData::Value(Scalar::String(name)) = &key.data else {
                    return Err((Some(key_at), "a key must be a string".to_string()));
                };
                entries.push(Entry {
                    key: name.to_string(),
                    key_at: Some(key_at),
                    node: convert(value, depth + 1)?,
                });
            }
            Value::Map(entries)
        }
        YamlData::Tagged(..) => return unsupported("YAML tags"),
        YamlData::Alias(_) => return unsupported("YAML aliases"),
        YamlData::Representation(..) | YamlData::BadValue => {
            return unsupported("unresolved YAML scalars")
        }
    };
    Ok(Node::new(value, Some(at)))
}

fn scalar_value(scalar: &Scalar, at: Position) -> Result<Value, SyntaxError> {
    Ok(match scalar {
        Scalar::Null => Value::Null,
        Scalar::Boolean(b) => Value::Bool(*b),
        Scalar::Integer(i) => Value::Number((*i).into()),
        Scalar::FloatingPoint(f) => Value::Number(
            serde_json::Number::from_f64(f.into_inner())
                .ok_or((Some(at), format!("{f} is not a finite number")))?,
        ),
        Scalar::String(s) => Value::String(s.to_string()),
    })
}
