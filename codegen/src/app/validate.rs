//! The first pass over a model: the tree against the schema. Unknown fields, values of the
//! wrong kind, missing required fields and values outside a literal set, all reported
//! together, each where it was written. Literal sets fail with the construct's own message.

use crate::app::schema::{Kind, Schema, Shape, RESOURCE_ACCESS};
use crate::app::tree::{FieldPath, Node, Position, Value};
use crate::error::AppIssue;

/// Every problem of the tree's shape; empty when it fits the schema.
pub fn check_shape(node: &Node, schema: &Schema, file: &str) -> Vec<AppIssue> {
    let mut checker = Checker {
        schema,
        file,
        issues: Vec::new(),
    };
    checker.check(node, &schema.root(), &FieldPath::root());
    checker.issues
}

/// The kind of a value, as unions tell their members apart.
pub fn kind_of(value: &Value) -> Kind {
    match value {
        Value::Null => Kind::Null,
        Value::Bool(_) => Kind::Bool,
        Value::Number(_) => Kind::Number,
        Value::String(_) => Kind::String,
        Value::List(_) => Kind::List,
        Value::Map(_) => Kind::Map,
    }
}

/// A value as a message shows it: scalars as JSON, collections by kind.
pub fn shown(node: &Node) -> String {
    match &node.value {
        Value::List(_) => "[...]".to_string(),
        Value::Map(_) => "{...}".to_string(),
        _ => node.to_json().to_string(),
    }
}

/// A message of the library: `{param}` replaced by the arguments, in order.
pub fn fill(text: &str, params: &[&str], args: &[&str]) -> String {
    params
        .iter()
        .zip(args)
        .fold(text.to_string(), |text, (param, arg)| {
            text.replace(&format!("{{{param}}}"), arg)
        })
}

struct Checker<'a> {
    schema: &'a Schema,
    file: &'a str,
    issues: Vec<AppIssue>,
}

impl Checker<'_> {
    fn issue(&mut self, at: Option<Position>, path: &FieldPath, value: String, message: String) {
        self.issues.push(AppIssue {
            file: self.file.to_string(),
            at,
            path: path.to_string(),
            value,
            message,
        });
    }

    fn check(&mut self, node: &Node, shape: &Shape, path: &FieldPath) {
        let chosen = match &node.value {
            Value::Map(entries) => {
                let type_value =
                    entries
                        .iter()
                        .find(|e| e.key == "type")
                        .and_then(|e| match &e.node.value {
                            Value::String(s) => Some(s.as_str()),
                            _ => None,
                        });
                self.schema.member_for_map(
                    shape,
                    &|key| entries.iter().any(|e| e.key == key),
                    type_value,
                )
            }
            _ => shape.for_kind(kind_of(&node.value)),
        };
        let Some(shape) = chosen else {
            let message = format!(
                "expected {}, got {}",
                self.schema.describe(shape),
                node.describe()
            );
            return self.issue(node.at, path, shown(node), message);
        };
        match (shape, &node.value) {
            (Shape::Literal(set), Value::String(s)) => self.check_literal(node, set, s, path),
            (Shape::List(inner), Value::List(items)) => {
                for (i, item) in items.iter().enumerate() {
                    self.check(item, inner, &path.index(i));
                }
            }
            (Shape::Map(inner), Value::Map(entries)) => {
                for e in entries {
                    self.check(&e.node, inner, &path.key(&e.key));
                }
            }
            (Shape::Struct(name), Value::Map(_)) => self.check_struct(node, name, path),
            (Shape::ResourceAccess, Value::Map(_)) => {
                self.check_struct(node, RESOURCE_ACCESS, path)
            }
            // Scalars of the right kind; references are resolved by the rules.
            _ => {}
        }
    }

    fn check_literal(&mut self, node: &Node, set: &str, value: &str, path: &FieldPath) {
        let literal_set = self.schema.literal_set(set);
        if literal_set.values.iter().any(|v| v.value == value) {
            return;
        }
        let message = fill(literal_set.error.text, &literal_set.error.params, &[value])
            .replace("{accepted}", &self.schema.accepted(set));
        self.issue(node.at, path, shown(node), message);
    }

    fn check_struct(&mut self, node: &Node, name: &str, path: &FieldPath) {
        let Value::Map(entries) = &node.value else {
            unreachable!("the caller matched a map")
        };
        let shape = self.schema.structure(name);
        for e in entries {
            let child = path.key(&e.key);
            if let Some(field) = shape.fields.iter().find(|f| f.name == e.key) {
                self.check(&e.node, &field.shape, &child);
            } else if let Some((_, ty)) = shape.unavailable.iter().find(|(f, _)| *f == e.key) {
                let message = format!(
                    "\"{}\" takes {ty}, which has no data form; set it in the generated app's code instead",
                    e.key
                );
                self.issue(e.key_at, &child, shown(&e.node), message);
            } else {
                let accepted: Vec<&str> = shape.fields.iter().map(|f| f.name).collect();
                let message = format!(
                    "unknown field \"{}\"; accepted: {}",
                    e.key,
                    accepted.join(", ")
                );
                self.issue(e.key_at, &child, shown(&e.node), message);
            }
        }
        for field in shape.fields.iter().filter(|f| f.required) {
            if !entries.iter().any(|e| e.key == field.name) {
                let message = format!(
                    "missing the required field \"{}\" ({})",
                    field.name,
                    self.schema.describe(&field.shape)
                );
                self.issue(node.at, path, shown(node), message);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::parse::{parse, Format};

    fn issues(yaml: &str) -> Vec<String> {
        let schema = Schema::new(&cdk_from_rust_constructs::library());
        let node = parse(yaml, Format::Yaml, "m.yaml").unwrap();
        check_shape(&node, &schema, "m.yaml")
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn a_valid_tree_has_no_issues() {
        let yaml = "app: a\nstacks:\n  S:\n    webSocketApis:\n      Api:\n        routes:\n          $connect: src/c.main\n          x: { function: { handler: src/x.main, runtime: nodejs22.x }, returnResponse: true }\n        accessLog: { retention: one_day }\n        authorizer: iam\n";
        assert_eq!(issues(yaml), Vec::<String>::new());
    }

    #[test]
    fn every_problem_is_reported_with_its_position_path_and_what_is_accepted() {
        let yaml = "app: a\nstacks:\n  S:\n    webSocketApis:\n      Api:\n        acessLog: false\n        routes:\n          x: { function: { handler: h.m, runtime: nodejs18.x, timeout: \"20\" } }\n          y: { returnResponse: true }\n        defaults: { function: { layers: [] } }\n";
        let found = issues(yaml);
        assert_eq!(found.len(), 5, "{found:#?}");
        assert!(found[0].starts_with("m.yaml:6:9: stacks.S.webSocketApis.Api.acessLog: unknown field \"acessLog\"; accepted: routes, defaults, accessLog,"), "{}", found[0]);
        assert!(found[1].contains("routes.x.function.runtime: Invalid runtime \"nodejs18.x\". Supported runtimes: nodejs22.x, nodejs24.x,"), "{}", found[1]);
        assert!(
            found[2]
                .ends_with("routes.x.function.timeout: expected a number, got the string \"20\""),
            "{}",
            found[2]
        );
        assert!(
            found[3].contains("routes.y: missing the required field \"function\""),
            "{}",
            found[3]
        );
        assert!(
            found[4]
                .contains("defaults.function.layers: \"layers\" takes lambda.ILayerVersion[], which has no data form"),
            "{}",
            found[4]
        );
    }

    #[test]
    fn union_members_are_chosen_by_the_kind_of_value() {
        let yaml =
            "app: a\nstacks:\n  S:\n    webSocketApis:\n      Api:\n        accessLog: 3\n        authorizer: jwt\n";
        let found = issues(yaml);
        assert!(found[0].ends_with("accessLog: expected a boolean, a string or a map of format, destinationArn, retention, got the number 3"), "{}", found[0]);
        assert!(
            found[1].contains(
                "authorizer: Invalid authorizer \"jwt\". Accepted: none, iam, or an authorizer object"
            ),
            "{}",
            found[1]
        );
    }
}
