//! Model data as code of the target language: the construct library's structs as object
//! literals (TypeScript) or struct classes with snake_case keywords (Python), resource ids as
//! the variables that hold them, grants as `Permission.grant(...)`, an authorizer's handler as
//! a new `Function`. Which form a value takes comes from the schema, so the code spells the
//! props exactly as the construct declares them.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::app::doc::Doc;
use crate::app::model::{Resource, ResourceType, TableKey};
use crate::app::names::{pascal, python_field};
use crate::app::resources::spec;
use crate::app::schema::{Kind, Schema, Shape, API_PROPS, FUNCTION, PERMISSION};
use crate::app::tree::quote;
use crate::app::Lang;

/// The library's construct class of an API.
const WEB_SOCKET_API: &str = "WebSocketApi";

pub struct Code<'a> {
    lang: Lang,
    schema: &'a Schema,
    /// The variable that holds each resource of the stack, by id.
    variables: &'a BTreeMap<String, String>,
    /// Where handler paths are relative to, from the app's folder; `None`: the app's folder.
    src_path: Option<&'a str>,
    /// Names of the construct library the code uses, for its import.
    pub library_names: BTreeSet<&'static str>,
}

impl<'a> Code<'a> {
    pub fn new(
        lang: Lang,
        schema: &'a Schema,
        variables: &'a BTreeMap<String, String>,
        src_path: Option<&'a str>,
    ) -> Code<'a> {
        Code { lang, schema, variables, src_path, library_names: BTreeSet::new() }
    }

    fn scope(&self) -> &'static str {
        match self.lang {
            Lang::TypeScript => "this",
            Lang::Python => "self",
        }
    }

    /// `new Class(this, "id", { props })` or `Class(self, "id", key=value)`; without props,
    /// `new Class(this, "id")`. `broken`: one prop per line.
    pub fn construct(&self, class: &str, id: &str, props: Vec<(String, Doc)>, broken: bool) -> Doc {
        let head = [self.scope().to_string(), quote(id)];
        match self.lang {
            Lang::TypeScript if props.is_empty() => Doc::text(format!("new {class}({})", head.join(", "))),
            Lang::TypeScript => {
                let object = self.object(props);
                Doc::Concat(vec![
                    Doc::text(format!("new {class}({}, ", head.join(", "))),
                    if broken { object.broken() } else { object },
                    Doc::text(")"),
                ])
            }
            Lang::Python => {
                let mut items: Vec<Doc> = head.into_iter().map(Doc::Text).collect();
                items.extend(props.into_iter().map(|(k, v)| keyword(&k, v)));
                let call = Doc::group(&format!("{class}("), ")", items, false);
                if broken {
                    call.broken()
                } else {
                    call
                }
            }
        }
    }

    /// A struct of the construct library or of CDK: `{ a: 1 }`, or `Class(a=1)` in Python.
    fn structure(&self, python_class: &str, fields: Vec<(String, Doc)>) -> Doc {
        match self.lang {
            Lang::TypeScript => self.object(fields),
            Lang::Python => Doc::group(
                &format!("{python_class}("),
                ")",
                fields.into_iter().map(|(k, v)| keyword(&k, v)).collect(),
                false,
            ),
        }
    }

    fn object(&self, fields: Vec<(String, Doc)>) -> Doc {
        let entries = fields.into_iter().map(|(k, v)| Doc::Concat(vec![Doc::text(format!("{k}: ")), v])).collect();
        Doc::group("{", "}", entries, true)
    }

    /// A map with string keys: an object literal, or a dict.
    fn map(&self, entries: Vec<(String, Doc)>) -> Doc {
        let entries = entries
            .into_iter()
            .map(|(k, v)| {
                let key = match self.lang {
                    Lang::TypeScript if is_identifier(&k) => k,
                    _ => quote(&k),
                };
                Doc::Concat(vec![Doc::text(format!("{key}: ")), v])
            })
            .collect();
        match self.lang {
            Lang::TypeScript => Doc::group("{", "}", entries, true),
            Lang::Python => Doc::group("{", "}", entries, false),
        }
    }

    fn scalar(&self, value: &Value) -> Doc {
        match (value, self.lang) {
            (Value::Bool(b), Lang::Python) => Doc::text(if *b { "True" } else { "False" }),
            (Value::String(s), _) => Doc::text(quote(s)),
            (other, _) => Doc::text(other.to_string()),
        }
    }

    /// The `WebSocketApi` of `props`, one prop per line.
    pub fn api(&mut self, id: &str, props: &Value) -> Doc {
        self.library_names.insert(WEB_SOCKET_API);
        let fields = self.fields(API_PROPS, props, id);
        self.construct(WEB_SOCKET_API, id, fields, true)
    }

    /// The fields of a struct value that are set, in the struct's order.
    fn fields(&mut self, name: &str, value: &Value, id: &str) -> Vec<(String, Doc)> {
        let shape = self.schema.structure(name).clone();
        let mut fields = Vec::new();
        for field in &shape.fields {
            if let Some(v) = value.get(field.name) {
                let doc = self.value(v, &field.shape, &format!("{id}{}", pascal(field.name)));
                fields.push((self.key(field.name), doc));
            }
        }
        fields
    }

    /// Data as code, in the form `shape` gives it. `id` names a construct this value creates:
    /// the API's id and the path to the value, `ChatAuthorizerFunction`.
    fn value(&mut self, value: &Value, shape: &Shape, id: &str) -> Doc {
        let chosen = match value {
            Value::Object(map) => self.schema.member_for_map(shape, &|key| map.contains_key(key), map.get("type").and_then(Value::as_str)),
            _ => shape.for_kind(Kind::of_json(value)),
        };
        let shape = chosen.expect("a checked model fits its schema").clone();
        match (&shape, value) {
            (Shape::Struct(name), _) => {
                // TypeScript spells structs as object literals; Python names their classes.
                if self.lang == Lang::Python {
                    self.library_names.insert(name);
                }
                let fields = self.fields(name, value, id);
                self.structure(name, fields)
            }
            (Shape::List(inner), Value::Array(items)) => {
                let items = items.iter().enumerate().map(|(i, v)| self.value(v, inner, &format!("{id}{i}"))).collect();
                Doc::group("[", "]", items, false)
            }
            (Shape::Map(inner), Value::Object(entries)) => {
                let entries = entries
                    .iter()
                    .map(|(k, v)| (k.clone(), self.value(v, inner, &format!("{id}{}", pascal(k)))))
                    .collect();
                self.map(entries)
            }
            (Shape::ResourceRef, Value::String(resource)) => Doc::text(&self.variables[resource]),
            (Shape::ResourceAccess, _) => self.access(value),
            (Shape::NewFunction, Value::String(handler)) => self.new_function(id, handler),
            (Shape::Any, _) => unreachable!("only context takes any value, and it goes to cdk.json"),
            _ => self.scalar(value),
        }
    }

    /// `{ resource, grant? }`: the resource's variable, or `Permission.grant(variable, "grantX")`.
    fn access(&mut self, value: &Value) -> Doc {
        let variable = &self.variables[value["resource"].as_str().expect("a checked resource id")];
        match value.get("grant").and_then(Value::as_str) {
            None => Doc::text(variable),
            Some(grant) => {
                self.library_names.insert(PERMISSION);
                Doc::text(format!("{PERMISSION}.grant({variable}, {})", quote(grant)))
            }
        }
    }

    fn new_function(&mut self, id: &str, handler: &str) -> Doc {
        self.library_names.insert(FUNCTION);
        let mut props = vec![(self.key("handler"), Doc::text(quote(handler)))];
        if let Some(src_path) = self.src_path {
            props.push((self.key("srcPath"), Doc::text(quote(src_path))));
        }
        self.construct(FUNCTION, id, props, false)
    }

    /// A struct field's name: camelCase in TypeScript, a snake_case keyword in Python.
    fn key(&self, camel: &str) -> String {
        match self.lang {
            Lang::TypeScript => camel.to_string(),
            Lang::Python => python_field(camel),
        }
    }

    /// The CDK construct of a resource.
    pub fn resource(&self, id: &str, resource: &Resource) -> Doc {
        let spec = spec(resource.resource_type);
        let alias = crate::view::alias(spec.module);
        let class = format!("{alias}.{}", spec.class);
        let mut props = Vec::new();
        if resource.resource_type == ResourceType::Table {
            let keys = [("partitionKey", &resource.partition_key), ("sortKey", &resource.sort_key)];
            for (field, key) in keys {
                if let Some(key) = key {
                    props.push((self.key(field), self.table_key(alias, key)));
                }
            }
        }
        self.construct(&class, id, props, false)
    }

    fn table_key(&self, alias: &str, key: &TableKey) -> Doc {
        let attribute_type = format!("{alias}.AttributeType.{}", key.attribute_type.as_str().to_ascii_uppercase());
        let fields =
            vec![("name".to_string(), Doc::text(quote(&key.name))), ("type".to_string(), Doc::text(attribute_type))];
        self.structure(&format!("{alias}.Attribute"), fields)
    }
}

/// `key=value`, a Python keyword argument.
fn keyword(key: &str, value: Doc) -> Doc {
    Doc::Concat(vec![Doc::text(format!("{key}=")), value])
}

fn is_identifier(key: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}
