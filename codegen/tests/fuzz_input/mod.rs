//! What the app-model fuzz test (`app_fuzz.rs`) writes: a value as TOML, YAML or JSON text,
//! and strategies for the values a model might hold, and those it should not.

use codegen::app::Format;
use proptest::prelude::*;
use serde_json::{Map, Number, Value};

pub fn emit(value: &Value, format: Format) -> String {
    match format {
        Format::Json => serde_json::to_string_pretty(value).unwrap(),
        Format::Yaml => {
            let mut out = String::new();
            yaml(value, 0, &mut out);
            out
        }
        Format::Toml => toml(value),
    }
}

fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// Block YAML; scalars as JSON (double-quoted YAML strings take JSON's escapes).
fn yaml(value: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                out.push_str(&format!("{pad}{}:", quoted(k)));
                yaml_child(v, indent, out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for v in items {
                out.push_str(&format!("{pad}-"));
                yaml_child(v, indent, out);
            }
        }
        other => out.push_str(&format!("{pad}{other}\n")),
    }
}

fn yaml_child(v: &Value, indent: usize, out: &mut String) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            yaml(v, indent + 2, out);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            yaml(v, indent + 2, out);
        }
        other => out.push_str(&format!(" {other}\n")),
    }
}

/// TOML: top-level keys as `key = value`, tables inline; null has no TOML form and is left out.
fn toml(value: &Value) -> String {
    match value {
        Value::Object(map) => map
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| format!("{} = {}\n", quoted(k), toml_value(v)))
            .collect(),
        other => format!("value = {}\n", toml_value(other)),
    }
}

fn toml_value(value: &Value) -> String {
    match value {
        Value::Null => "\"\"".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) if n.is_f64() && !n.to_string().contains(['.', 'e', 'E']) => {
            format!("{n}.0")
        }
        Value::Number(n) => n.to_string(),
        Value::String(s) => quoted(s),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(toml_value).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(map) => format!(
            "{{ {} }}",
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| format!("{} = {}", quoted(k), toml_value(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Strings a model might hold, and strings it should not.
pub fn any_string() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z$][a-zA-Z0-9_ .:/$-]{0,12}",
        1 => Just(String::new()),
        1 => "\\PC{0,16}",
        1 => any::<String>().prop_map(|s| s.chars().take(24).collect()),
        1 => prop::sample::select(vec![
            "$connect", "$disconnect", "$default", "nodejs22.x", "python3.12", "iam", "lambda", "none",
            "table", "bucket", "queue", "topic", "string", "number", "binary", "one_day", "arm_64",
            "grantReadData", "*", "chat.example.com", "us-east-1", "123456789012", "src/a.main",
            "\u{0}", "ẞ😀\u{202e}", "  ", "\t\n",
        ]).prop_map(String::from),
    ]
}

fn huge_number() -> impl Strategy<Value = Number> {
    prop_oneof![
        any::<i64>().prop_map(Number::from),
        any::<u64>().prop_map(Number::from),
        any::<f64>().prop_filter_map("finite", Number::from_f64),
        prop::sample::select(vec![0i64, -1, 1, 20, 900, 10240, i64::MAX, i64::MIN])
            .prop_map(Number::from),
        Just(Number::from_f64(1e308).unwrap()),
        Just(Number::from_f64(-0.0).unwrap()),
        Just(Number::from_f64(5e-324).unwrap()),
    ]
}

pub fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        huge_number().prop_map(Value::Number),
        any_string().prop_map(Value::String),
    ]
}

/// Any value, a few levels deep.
pub fn any_value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((any_string(), inner), 0..4)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

/// `depth` levels of lists or maps around a scalar.
pub fn nested(depth: usize, maps: bool, leaf: Value) -> Value {
    (0..depth).fold(leaf, |v, _| {
        if maps {
            Value::Object(Map::from_iter([("a".to_string(), v)]))
        } else {
            Value::Array(vec![v])
        }
    })
}
