//! The generic tree every app model is read into before it is checked: plain data values,
//! each with where it was written, so that every problem can name its line and column. A
//! model built in Rust becomes the same tree without positions.

use std::collections::BTreeMap;
use std::fmt;

/// A 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    /// Where the value starts; `None` for a model built in code.
    pub at: Option<Position>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    List(Vec<Node>),
    /// Entries in document order. Every parser rejects duplicate keys before this.
    Map(Vec<Entry>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_at: Option<Position>,
    pub node: Node,
}

impl Node {
    pub fn new(value: Value, at: Option<Position>) -> Node {
        Node { value, at }
    }

    /// The tree of a model built in code: the same values, no positions.
    pub fn from_json(json: &serde_json::Value) -> Node {
        let value = match json {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Number(n.clone()),
            serde_json::Value::String(s) => Value::String(s.clone()),
            serde_json::Value::Array(items) => {
                Value::List(items.iter().map(Node::from_json).collect())
            }
            serde_json::Value::Object(map) => Value::Map(
                map.iter()
                    .map(|(k, v)| Entry {
                        key: k.clone(),
                        key_at: None,
                        node: Node::from_json(v),
                    })
                    .collect(),
            ),
        };
        Node::new(value, None)
    }

    /// The plain value, for serde to turn into the typed model once the tree is checked.
    pub fn to_json(&self) -> serde_json::Value {
        match &self.value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => serde_json::Value::Number(n.clone()),
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::List(items) => {
                serde_json::Value::Array(items.iter().map(Node::to_json).collect())
            }
            Value::Map(entries) => serde_json::Value::Object(
                entries
                    .iter()
                    .map(|e| (e.key.clone(), e.node.to_json()))
                    .collect(),
            ),
        }
    }

    /// What the value is and, for scalars, the value itself: `the string "20"`, `a list`.
    pub fn describe(&self) -> String {
        match &self.value {
            Value::Null => "null".to_string(),
            Value::Bool(b) => format!("the boolean {b}"),
            Value::Number(n) => format!("the number {n}"),
            Value::String(s) => format!("the string {}", quote(s)),
            Value::List(_) => "a list".to_string(),
            Value::Map(_) => "a map".to_string(),
        }
    }

    /// Where every value and key of the tree was written, by field path.
    pub fn positions(&self) -> Positions {
        let mut positions = Positions::default();
        self.collect_positions(&FieldPath::root(), &mut positions);
        positions
    }

    fn collect_positions(&self, path: &FieldPath, positions: &mut Positions) {
        if let Some(at) = self.at {
            positions.values.insert(path.to_string(), at);
        }
        match &self.value {
            Value::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    item.collect_positions(&path.index(i), positions);
                }
            }
            Value::Map(entries) => {
                for e in entries {
                    let child = path.key(&e.key);
                    if let Some(at) = e.key_at {
                        positions.keys.insert(child.to_string(), at);
                    }
                    e.node.collect_positions(&child, positions);
                }
            }
            _ => {}
        }
    }
}

/// Positions of a parsed tree by field path; empty for a model built in code.
#[derive(Debug, Default, Clone)]
pub struct Positions {
    values: BTreeMap<String, Position>,
    keys: BTreeMap<String, Position>,
}

impl Positions {
    /// Where the value at `path` was written.
    pub fn value(&self, path: &FieldPath) -> Option<Position> {
        self.values.get(&path.to_string()).copied()
    }

    /// Where the key that names `path` was written, else its value.
    pub fn key(&self, path: &FieldPath) -> Option<Position> {
        self.keys
            .get(&path.to_string())
            .copied()
            .or_else(|| self.value(path))
    }
}

/// A path into the model as messages show it: `stacks.Chat.webSocketApis.Chat.routes.$connect`,
/// `bind[1]`; keys that are not plain words are quoted: `context["hosted-zone:..."]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct FieldPath(String);

impl FieldPath {
    pub fn root() -> FieldPath {
        FieldPath(String::new())
    }

    pub fn key(&self, key: &str) -> FieldPath {
        let plain = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_$-".contains(c));
        match (plain, self.0.is_empty()) {
            (true, true) => FieldPath(key.to_string()),
            (true, false) => FieldPath(format!("{}.{key}", self.0)),
            (false, _) => FieldPath(format!("{}[{}]", self.0, quote(key))),
        }
    }

    pub fn index(&self, index: usize) -> FieldPath {
        FieldPath(format!("{}[{index}]", self.0))
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str("(the whole model)")
        } else {
            f.write_str(&self.0)
        }
    }
}

/// A string as messages quote it: JSON's double quotes and escapes.
pub fn quote(s: &str) -> String {
    serde_json::to_string(s).expect("a string serializes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_quote_keys_that_are_not_plain_words() {
        let path = FieldPath::root()
            .key("stacks")
            .key("Chat")
            .key("routes")
            .key("$connect");
        assert_eq!(path.to_string(), "stacks.Chat.routes.$connect");
        assert_eq!(
            FieldPath::root().key("context").key("a:b=c").to_string(),
            "context[\"a:b=c\"]"
        );
        assert_eq!(
            FieldPath::root().key("bind").index(1).to_string(),
            "bind[1]"
        );
        assert_eq!(FieldPath::root().key(" x ").to_string(), "[\" x \"]");
    }

    #[test]
    fn a_tree_from_code_round_trips_through_json_without_positions() {
        let json =
            serde_json::json!({"app": "chat", "stacks": {"A": {"list": [1, true, null, "s"]}}});
        let node = Node::from_json(&json);
        assert_eq!(node.to_json(), json);
        assert_eq!(node.at, None);
        assert!(node
            .positions()
            .value(&FieldPath::root().key("app"))
            .is_none());
    }
}
