//! YAML 1.2 (and, through it, JSON) into a [`Node`] tree, with saphyr's markers.

use saphyr::{LoadableYamlNode, MarkedYaml, Marker, Scalar, YamlData};

use super::SyntaxError;
use crate::app::tree::{Entry, Node, Position, Value};

pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    let mut documents =
        MarkedYaml::load_from_str(text).map_err(|e| (Some(position(e.marker())), e.info().to_string()))?;
    match documents.len() {
        // An empty file is one empty (null) document.
        0 => Ok(Node::new(Value::Null, Some(Position { line: 1, column: 1 }))),
        1 => convert(&documents.remove(0)),
        n => Err((Some(position(&documents[1].span.start)), format!("expected one YAML document, found {n}"))),
    }
}

/// saphyr's lines count from 1 and its columns from 0.
fn position(marker: &Marker) -> Position {
    Position { line: marker.line(), column: marker.col() + 1 }
}

fn convert(node: &MarkedYaml) -> Result<Node, SyntaxError> {
    let at = position(&node.span.start);
    let unsupported = |what: &str| Err((Some(at), format!("{what} are not supported in app models")));
    let value = match &node.data {
        YamlData::Value(scalar) => scalar_value(scalar, at)?,
        YamlData::Sequence(items) => Value::List(items.iter().map(convert).collect::<Result<_, _>>()?),
        YamlData::Mapping(map) => {
            let mut entries = Vec::with_capacity(map.len());
            for (key, value) in map {
                let key_at = position(&key.span.start);
                let YamlData::Value(Scalar::String(name)) = &key.data else {
                    return Err((Some(key_at), "a key must be a string".to_string()));
                };
                entries.push(Entry { key: name.to_string(), key_at: Some(key_at), node: convert(value)? });
            }
            Value::Map(entries)
        }
        YamlData::Tagged(..) => return unsupported("YAML tags"),
        YamlData::Alias(_) => return unsupported("YAML aliases"),
        YamlData::Representation(..) | YamlData::BadValue => return unsupported("unresolved YAML scalars"),
    };
    Ok(Node::new(value, Some(at)))
}

fn scalar_value(scalar: &Scalar, at: Position) -> Result<Value, SyntaxError> {
    Ok(match scalar {
        Scalar::Null => Value::Null,
        Scalar::Boolean(b) => Value::Bool(*b),
        Scalar::Integer(i) => Value::Number((*i).into()),
        Scalar::FloatingPoint(f) => Value::Number(
            serde_json::Number::from_f64(f.into_inner()).ok_or((Some(at), format!("{f} is not a finite number")))?,
        ),
        Scalar::String(s) => Value::String(s.to_string()),
    })
}
