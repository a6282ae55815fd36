//! Model data as code: the construct library's structs, resource ids as the variables that
//! hold them, grants as `Permission.grant(...)`, an authorizer's handler as a new `Function`.
//! Which form a value takes comes from the schema, so the code spells the props exactly as the
//! construct declares them; how the form reads in each language is its [`Syntax`].

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::app::doc::Doc;
use crate::app::model::{Resource, ResourceType, TableKey};
use crate::app::names::pascal;
use crate::app::resources::spec;
use crate::app::schema::{Kind, Schema, Shape, API_PROPS, FUNCTION, PERMISSION};
use crate::app::syntax::{Name, NameKind, Origin, Syntax};

/// The library's construct class of an API.
const WEB_SOCKET_API: Name = Name::class(Origin::Library, "WebSocketApi");
/// The API's routes, and its method that adds one given as props.
const ROUTES: &str = "routes";
const ADD_ROUTE: &str = "addRoute";
const LIST: Name = Name::class(Origin::Collections, "List");
const MAP: Name = Name::class(Origin::Collections, "Map");

pub struct Code<'a> {
    syntax: &'static dyn Syntax,
    schema: &'a Schema,
    /// The variable that holds each resource of the stack, by id.
    variables: &'a BTreeMap<String, String>,
    /// Where handler paths are relative to, from the app's folder; `None`: the app's folder.
    src_path: Option<&'a str>,
    /// Every class, struct and enum the code names, for its imports.
    pub names: BTreeSet<Name>,
    /// The resources the code refers to (Go refuses a variable nothing reads).
    pub referenced: BTreeSet<String>,
}

impl<'a> Code<'a> {
    pub fn new(
        syntax: &'static dyn Syntax,
        schema: &'a Schema,
        variables: &'a BTreeMap<String, String>,
        src_path: Option<&'a str>,
    ) -> Code<'a> {
        Code {
            syntax,
            schema,
            variables,
            src_path,
            names: BTreeSet::new(),
            referenced: BTreeSet::new(),
        }
    }

    fn construct(&mut self, class: Name, id: &str, props: Vec<(&str, Doc)>, broken: bool) -> Doc {
        self.names.insert(class);
        self.syntax.construct(class, id, props, broken)
    }

    fn scalar(&self, value: &Value) -> Doc {
        Doc::text(match value {
            Value::Bool(b) => self.syntax.boolean(*b),
            Value::String(s) => self.syntax.string(s),
            Value::Number(n) => self.syntax.number(n),
            other => unreachable!("a checked model has no {other} where a scalar goes"),
        })
    }

    /// The `WebSocketApi` of `props`, one prop per line, held in `variable`; and the statements
    /// that add the routes given as props where the language's unions cannot take structs: jsii
    /// would drop a dict's keys in the routes map, so they go through `addRoute`, in the same order.
    pub fn api(&mut self, id: &str, variable: &str, props: &Value) -> (Doc, Vec<Doc>) {
        let mut props = props.clone();
        let mut added = Vec::new();
        if let (false, Some(Value::Object(routes))) =
            (self.syntax.unions_take_structs(), props.get_mut(ROUTES))
        {
            let shape = self
                .schema
                .structure(API_PROPS)
                .fields
                .iter()
                .find(|f| f.name == ROUTES)
                .map(|f| f.shape.clone());
            let Some(Shape::Map(route)) = shape else {
                unreachable!("routes is a map")
            };
            for (key, value) in std::mem::take(routes) {
                match self.member(&value, &route) {
                    Shape::Struct(name) => added.push((key, name, value)),
                    _ => {
                        routes.insert(key, value);
                    }
                }
            }
            if routes.is_empty() {
                props
                    .as_object_mut()
                    .expect("props are an object")
                    .remove(ROUTES);
            }
        }
        let fields = self.fields(API_PROPS, &props, id);
        let api = self.construct(WEB_SOCKET_API, id, fields, true);
        let calls = added
            .into_iter()
            .map(|(key, name, value)| {
                // The ids the route's values create, as in the routes map; the API is the route's
                // scope, as the routes map's is, so the construct ids are the same too.
                let fields = self.fields(
                    name,
                    &value,
                    &format!("{id}{}{}", pascal(ROUTES), pascal(&key)),
                );
                let arguments = vec![
                    Doc::text(variable.to_string()),
                    Doc::text(self.syntax.string(&key)),
                ];
                self.syntax
                    .struct_call(variable, ADD_ROUTE, arguments, fields)
            })
            .collect();
        (api, calls)
    }

    /// The fields of a struct value that are set, in the struct's order.
    fn fields(&mut self, name: &str, value: &Value, id: &str) -> Vec<(&'static str, Doc)> {
        let shape = self.schema.structure(name).clone();
        let mut fields = Vec::new();
        for field in &shape.fields {
            if let Some(v) = value.get(field.name) {
                let member = self.member(v, &field.shape);
                // Ids keep the union field's name, so that every language creates the same ones.
                let doc = self.form(v, &member, &format!("{id}{}", pascal(field.name)));
                let name = match member {
                    Shape::Struct(structure) if !self.syntax.unions_take_structs() => {
                        shape.companion(field.name, structure).unwrap_or(field.name)
                    }
                    _ => field.name,
                };
                fields.push((name, doc));
            }
        }
        fields
    }

    /// The member of `shape` (a union, or the shape itself) a value takes.
    fn member(&self, value: &Value, shape: &Shape) -> Shape {
        let chosen = match value {
            Value::Object(map) => self.schema.member_for_map(
                shape,
                &|key| map.contains_key(key),
                map.get("type").and_then(Value::as_str),
            ),
            _ => shape.for_kind(Kind::of_json(value)),
        };
        chosen.expect("a checked model fits its schema").clone()
    }

    /// Data as code, in the form `shape` gives it. `id` names a construct this value creates:
    /// the API's id and the path to the value, `ChatAuthorizerFunction`.
    fn value(&mut self, value: &Value, shape: &Shape, id: &str) -> Doc {
        let member = self.member(value, shape);
        self.form(value, &member, id)
    }

    /// Data as code, in `shape`, a member [`Code::member`] chose.
    fn form(&mut self, value: &Value, shape: &Shape, id: &str) -> Doc {
        match (shape, value) {
            (Shape::Struct(name), _) => {
                let name = Name {
                    origin: Origin::Library,
                    name,
                    kind: NameKind::Struct,
                };
                self.names.insert(name);
                let fields = self.fields(name.name, value, id);
                self.syntax.structure(name, fields)
            }
            (Shape::List(inner), Value::Array(items)) => {
                self.names.insert(LIST);
                let items = items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| self.value(v, inner, &format!("{id}{i}")))
                    .collect();
                self.syntax.list(inner, items)
            }
            (Shape::Map(inner), Value::Object(entries)) => {
                self.names.insert(MAP);
                let entries = entries
                    .iter()
                    .map(|(k, v)| {
                        (
                            k.clone(),
                            self.value(v, inner, &format!("{id}{}", pascal(k))),
                        )
                    })
                    .collect();
                self.syntax.map(inner, entries)
            }
            (Shape::ResourceRef, Value::String(resource)) => Doc::text(self.reference(resource)),
            (Shape::ResourceAccess, _) => self.access(value),
            (Shape::NewFunction, Value::String(handler)) => self.new_function(id, handler),
            (Shape::Any, _) => {
                unreachable!("only context takes any value, and it goes to cdk.json")
            }
            _ => self.scalar(value),
        }
    }

    /// The variable of a resource the code refers to.
    fn reference(&mut self, resource: &str) -> String {
        self.referenced.insert(resource.to_string());
        self.variables[resource].clone()
    }

    /// `{ resource, grant? }`: the resource's variable, or `Permission.grant(variable, "grantX")`.
    fn access(&mut self, value: &Value) -> Doc {
        let variable = self.reference(value["resource"].as_str().expect("a checked resource id"));
        match value.get("grant").and_then(Value::as_str) {
            None => Doc::text(variable),
            Some(grant) => {
                let permission = Name::class(Origin::Library, PERMISSION);
                self.names.insert(permission);
                Doc::text(self.syntax.static_call(
                    permission,
                    "grant",
                    vec![variable, self.syntax.string(grant)],
                ))
            }
        }
    }

    fn new_function(&mut self, id: &str, handler: &str) -> Doc {
        let mut props = vec![("handler", Doc::text(self.syntax.string(handler)))];
        if let Some(src_path) = self.src_path {
            props.push(("srcPath", Doc::text(self.syntax.string(src_path))));
        }
        self.construct(Name::class(Origin::Library, FUNCTION), id, props, false)
    }

    /// The CDK construct of a resource.
    pub fn resource(&mut self, id: &str, resource: &Resource) -> Doc {
        let spec = spec(resource.resource_type);
        let origin = Origin::Module(spec.module);
        let mut props = Vec::new();
        if resource.resource_type == ResourceType::Table {
            let keys = [
                ("partitionKey", &resource.partition_key),
                ("sortKey", &resource.sort_key),
            ];
            for (field, key) in keys {
                if let Some(key) = key {
                    props.push((field, self.table_key(origin, key)));
                }
            }
        }
        self.construct(Name::class(origin, spec.class), id, props, false)
    }

    fn table_key(&mut self, origin: Origin, key: &TableKey) -> Doc {
        let attribute = Name::structure(origin, "Attribute");
        let attribute_type = Name {
            origin,
            name: "AttributeType",
            kind: NameKind::Enum,
        };
        self.names.extend([attribute, attribute_type]);
        let member = key.attribute_type.as_str().to_ascii_uppercase();
        let fields = vec![
            ("name", Doc::text(self.syntax.string(&key.name))),
            (
                "type",
                Doc::text(self.syntax.enum_member(attribute_type, &member)),
            ),
        ];
        self.syntax.structure(attribute, fields)
    }
}
