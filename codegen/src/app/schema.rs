//! The shape of an app model: which data each field takes. The part under `webSocketApis` is
//! derived from the construct library's model (`cdk_from_rust_constructs::library()`): its
//! struct fields, types, required fields, literal sets and their error messages, so that an app
//! model accepts exactly what `WebSocketApiProps` accepts as data. The envelope around it
//! (app, stacks, resources) is declared here.

use std::collections::BTreeMap;

use cdk_from_rust_constructs::model::{
    ErrorMessage, External, ExternalModule, Library, Literal, LiteralSet, Presence, Ty,
};

use crate::app::model::{AttributeType, ResourceType};
use crate::view::ts_type;

/// The library's class whose data form is a handler string: the app creates the function.
pub const FUNCTION: &str = "Function";
/// The library's class whose data form is `{ resource, grant }`: `Permission.grant(resource, grant)`.
pub const PERMISSION: &str = "Permission";
/// Constructs in props (`bind`, `permissions`) whose data form is a resource id.
pub const CONSTRUCT: External = External {
    module: ExternalModule::Constructs,
    name: "IConstruct",
};
/// The props every `webSocketApis` entry holds.
pub const API_PROPS: &str = "WebSocketApiProps";

// The envelope's structs, beside the library's.
pub const APP: &str = "AppModel";
const STACK: &str = "Stack";
const RESOURCE: &str = "Resource";
const TABLE_KEY: &str = "TableKey";
/// `{ resource, grant? }`: a construct, or a grant on it, where strings mean IAM actions.
pub const RESOURCE_ACCESS: &str = "ResourceAccess";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    String,
    Number,
    Boolean,
    /// A string of a literal set, by the set's name.
    Literal(&'static str),
    /// A struct, by name.
    Struct(&'static str),
    List(Box<Shape>),
    Map(Box<Shape>),
    /// Alternatives told apart by the kind of the value (string, number, map, ...).
    Union(Vec<Shape>),
    /// A `Function` given as data: a handler string; the app creates the function.
    NewFunction,
    /// A construct given as data: the id of a resource of the same stack.
    ResourceRef,
    /// A construct, or a grant method on it, where strings already mean IAM actions.
    ResourceAccess,
    /// Any data (context values).
    Any,
}

/// The kinds of values a model holds; a union has at most one member per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Null,
    Bool,
    Number,
    String,
    List,
    Map,
}

#[derive(Debug, Clone)]
pub struct StructShape {
    pub name: &'static str,
    pub fields: Vec<FieldShape>,
    /// Fields of the construct's struct that take CDK objects and so have no data form, with
    /// their TypeScript type.
    pub unavailable: Vec<(&'static str, String)>,
    /// The struct-only companions of union fields (`Field::companion`): not fields of the app
    /// model, which gives the union field; languages whose unions cannot take structs write the
    /// struct there.
    pub companions: Vec<Companion>,
}

#[derive(Debug, Clone)]
pub struct Companion {
    pub name: &'static str,
    /// The union field.
    pub of: &'static str,
    pub structure: &'static str,
}

impl StructShape {
    /// The companion that takes the struct `structure` of the union field `of`.
    pub fn companion(&self, of: &str, structure: &str) -> Option<&'static str> {
        self.companions
            .iter()
            .find(|c| c.of == of && c.structure == structure)
            .map(|c| c.name)
    }
}

#[derive(Debug, Clone)]
pub struct FieldShape {
    pub name: &'static str,
    pub shape: Shape,
    pub required: bool,
}

#[derive(Debug)]
pub struct Schema {
    structs: BTreeMap<&'static str, StructShape>,
    literal_sets: BTreeMap<&'static str, LiteralSet>,
}

impl Kind {
    /// The kind of a plain JSON value.
    pub fn of_json(value: &serde_json::Value) -> Kind {
        match value {
            serde_json::Value::Null => Kind::Null,
            serde_json::Value::Bool(_) => Kind::Bool,
            serde_json::Value::Number(_) => Kind::Number,
            serde_json::Value::String(_) => Kind::String,
            serde_json::Value::Array(_) => Kind::List,
            serde_json::Value::Object(_) => Kind::Map,
        }
    }
}

impl Shape {
    /// Whether a value of this kind is of this shape (a union: of one of its members).
    pub fn accepts(&self, kind: Kind) -> bool {
        match self {
            Shape::Any => true,
            Shape::String | Shape::Literal(_) | Shape::NewFunction | Shape::ResourceRef => {
                kind == Kind::String
            }
            Shape::Number => kind == Kind::Number,
            Shape::Boolean => kind == Kind::Bool,
            Shape::List(_) => kind == Kind::List,
            Shape::Map(_) | Shape::Struct(_) | Shape::ResourceAccess => kind == Kind::Map,
            Shape::Union(members) => members.iter().any(|m| m.accepts(kind)),
        }
    }

    /// The shape a value of this kind takes: the union member that accepts it, or itself. Where
    /// several structs of a union take maps, [`Schema::member_for`] chooses by the value.
    pub fn for_kind(&self, kind: Kind) -> Option<&Shape> {
        match self {
            Shape::Union(members) => members.iter().find(|m| m.accepts(kind)),
            other => other.accepts(kind).then_some(other),
        }
    }
}

impl Schema {
    /// The envelope, and the construct's props as data, from the library model.
    pub fn new(library: &Library) -> Schema {
        let mut schema = Schema {
            structs: BTreeMap::new(),
            literal_sets: BTreeMap::new(),
        };
        for set in library.modules.iter().flat_map(|m| &m.literal_sets) {
            schema.literal_sets.insert(set.name, set.clone());
        }
        schema.derive_struct(API_PROPS, library);
        schema.declare_envelope();
        schema
    }

    /// The shape a map takes, given its keys and its `type` (if a string). Structs of one union
    /// (the authorizer's lambda, jwt and user pool forms) are told apart as the construct tells
    /// them: by a `type` the struct's literal set takes, else by a key only that struct has
    /// (`jwt`, `userPool`), else the first.
    pub fn member_for_map<'s>(
        &'s self,
        shape: &'s Shape,
        has_key: &dyn Fn(&str) -> bool,
        type_value: Option<&str>,
    ) -> Option<&'s Shape> {
        let Shape::Union(members) = shape else {
            return shape.for_kind(Kind::Map);
        };
        let structs: Vec<&'static str> = members
            .iter()
            .filter_map(|m| {
                if let Shape::Struct(name) = m {
                    Some(*name)
                } else {
                    None
                }
            })
            .collect();
        if structs.len() < 2 {
            return shape.for_kind(Kind::Map);
        }
        let takes_type = |name: &str, t: &str| {
            self.structure(name).fields.iter().any(|f| {
                f.name == "type"
                    && matches!(f.shape, Shape::Literal(set) if self.literal_set(set).values.iter().any(|v| v.value == t))
            })
        };
        let own_key = |name: &str| {
            self.structure(name).fields.iter().any(|f| {
                f.name != "type"
                    && has_key(f.name)
                    && !structs.iter().any(|other| {
                        *other != name
                            && self
                                .structure(other)
                                .fields
                                .iter()
                                .any(|g| g.name == f.name)
                    })
            })
        };
        let chosen = type_value
            .and_then(|t| structs.iter().find(|name| takes_type(name, t)))
            .or_else(|| structs.iter().find(|name| own_key(name)))
            .unwrap_or(&structs[0]);
        members
            .iter()
            .find(|m| matches!(m, Shape::Struct(name) if name == chosen))
    }

    pub fn root(&self) -> Shape {
        Shape::Struct(APP)
    }

    pub fn structure(&self, name: &str) -> &StructShape {
        self.structs
            .get(name)
            .unwrap_or_else(|| panic!("the schema has no struct {name}"))
    }

    pub fn literal_set(&self, name: &str) -> &LiteralSet {
        self.literal_sets
            .get(name)
            .unwrap_or_else(|| panic!("the schema has no literal set {name}"))
    }

    /// Every struct, for tests that walk the whole schema.
    pub fn structs(&self) -> impl Iterator<Item = &StructShape> {
        self.structs.values()
    }

    /// A description of what a shape takes, for messages: `a boolean, a string or a map of
    /// format, destinationArn, retention`.
    pub fn describe(&self, shape: &Shape) -> String {
        match shape {
            Shape::String => "a string".into(),
            Shape::Number => "a number".into(),
            Shape::Boolean => "a boolean".into(),
            Shape::Literal(name) => format!("one of {}", self.accepted(name)),
            Shape::Struct(name) => {
                let fields: Vec<&str> =
                    self.structure(name).fields.iter().map(|f| f.name).collect();
                format!("a map of {}", fields.join(", "))
            }
            Shape::List(_) => "a list".into(),
            Shape::Map(_) => "a map".into(),
            Shape::Union(members) => {
                let described: Vec<String> = members.iter().map(|m| self.describe(m)).collect();
                let (last, rest) = described.split_last().expect("a union has members");
                format!("{} or {last}", rest.join(", "))
            }
            Shape::NewFunction => "a handler string such as \"src/authorizer.main\"".into(),
            Shape::ResourceRef => "the id of a resource of the stack".into(),
            Shape::ResourceAccess => self.describe(&Shape::Struct(RESOURCE_ACCESS)),
            Shape::Any => "any value".into(),
        }
    }

    /// The values of a literal set as its error messages list them.
    pub fn accepted(&self, set: &str) -> String {
        self.literal_set(set)
            .values
            .iter()
            .map(|v| v.value)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Adds the library struct `name` and every struct it reaches; false when it has no field
    /// that data can express.
    fn derive_struct(&mut self, name: &'static str, library: &Library) -> bool {
        if self.structs.contains_key(name) {
            return true;
        }
        let Some(source) = library
            .modules
            .iter()
            .flat_map(|m| &m.structs)
            .find(|s| s.name == name)
        else {
            return false;
        };
        let mut shape = StructShape {
            name,
            fields: Vec::new(),
            unavailable: Vec::new(),
            companions: Vec::new(),
        };
        for field in &source.fields {
            if let Some(of) = field.companion_of {
                // App models cannot give CDK props structs: only the library's have a data form.
                if let Ty::Local(structure) = field.ty {
                    shape.companions.push(Companion {
                        name: field.name,
                        of,
                        structure,
                    });
                }
                continue;
            }
            match self.data_shape(&field.ty, library) {
                Some(data) => shape.fields.push(FieldShape {
                    name: field.name,
                    shape: data,
                    required: matches!(field.presence, Presence::Required | Presence::OrCompanion),
                }),
                None => shape.unavailable.push((field.name, ts_type(&field.ty))),
            }
        }
        let expressible = !shape.fields.is_empty();
        if expressible {
            self.structs.insert(name, shape);
        }
        expressible
    }

    /// The data form of a library type, if it has one.
    fn data_shape(&mut self, ty: &Ty, library: &Library) -> Option<Shape> {
        match ty {
            Ty::String => Some(Shape::String),
            Ty::Number => Some(Shape::Number),
            Ty::Boolean => Some(Shape::Boolean),
            Ty::Literal(set) => Some(Shape::Literal(set)),
            Ty::Local(name) if *name == FUNCTION => Some(Shape::NewFunction),
            Ty::Local(name) if *name == PERMISSION => Some(Shape::ResourceAccess),
            Ty::Local(name) => self
                .derive_struct(name, library)
                .then_some(Shape::Struct(name)),
            Ty::External(external) => (*external == CONSTRUCT).then_some(Shape::ResourceRef),
            Ty::Array(inner) => self
                .data_shape(inner, library)
                .map(|s| Shape::List(Box::new(s))),
            Ty::Map(inner) => self
                .data_shape(inner, library)
                .map(|s| Shape::Map(Box::new(s))),
            Ty::Union(members) => self.union_shape(members, library),
        }
    }

    fn union_shape(&mut self, members: &[Ty], library: &Library) -> Option<Shape> {
        let takes_strings = members.contains(&Ty::String);
        let mut shapes: Vec<Shape> = Vec::new();
        for member in members {
            let shape = match member {
                // Where a string is also accepted, the string is the handler: the construct
                // reads `"src/chat.main"` as that Function.
                Ty::Local(name) if *name == FUNCTION && takes_strings => continue,
                // ...and a construct cannot be a bare id there: it is `{ resource }`.
                Ty::External(external) if *external == CONSTRUCT && takes_strings => {
                    Some(Shape::ResourceAccess)
                }
                other => self.data_shape(other, library),
            };
            if let Some(shape) = shape {
                if !shapes.contains(&shape) {
                    shapes.push(shape);
                }
            }
        }
        match shapes.len() {
            0 => None,
            1 => shapes.pop(),
            _ => Some(Shape::Union(shapes)),
        }
    }

    fn declare_envelope(&mut self) {
        let field = |name, shape, required| FieldShape {
            name,
            shape,
            required,
        };
        let structs = [
            (
                APP,
                vec![
                    field("app", Shape::String, true),
                    field("context", Shape::Map(Box::new(Shape::Any)), false),
                    field("stacks", Shape::Map(Box::new(Shape::Struct(STACK))), true),
                ],
            ),
            (
                STACK,
                vec![
                    field("account", Shape::String, false),
                    field("region", Shape::String, false),
                    field(
                        "resources",
                        Shape::Map(Box::new(Shape::Struct(RESOURCE))),
                        false,
                    ),
                    field(
                        "webSocketApis",
                        Shape::Map(Box::new(Shape::Struct(API_PROPS))),
                        false,
                    ),
                ],
            ),
            (
                RESOURCE,
                vec![
                    field("type", Shape::Literal("ResourceType"), true),
                    field("partitionKey", Shape::Struct(TABLE_KEY), false),
                    field("sortKey", Shape::Struct(TABLE_KEY), false),
                ],
            ),
            (
                TABLE_KEY,
                vec![
                    field("name", Shape::String, true),
                    field("type", Shape::Literal("AttributeType"), true),
                ],
            ),
            (
                RESOURCE_ACCESS,
                vec![
                    field("resource", Shape::ResourceRef, true),
                    field("grant", Shape::String, false),
                ],
            ),
        ];
        for (name, fields) in structs {
            let clash = self.structs.insert(
                name,
                StructShape {
                    name,
                    fields,
                    unavailable: Vec::new(),
                    companions: Vec::new(),
                },
            );
            assert!(
                clash.is_none(),
                "the envelope's {name} clashes with a struct of the library"
            );
        }
        let sets = [
            envelope_set(
                "ResourceType",
                ResourceType::ALL.iter().map(|t| t.as_str()),
                "Invalid resource type \"{value}\". Accepted: {accepted}.",
            ),
            envelope_set(
                "AttributeType",
                AttributeType::ALL.iter().map(|t| t.as_str()),
                "Invalid attribute type \"{value}\". Accepted: {accepted}.",
            ),
        ];
        for set in sets {
            let clash = self.literal_sets.insert(set.name, set);
            assert!(
                clash.is_none(),
                "an envelope literal set clashes with one of the library"
            );
        }
    }
}

fn envelope_set(
    name: &'static str,
    values: impl Iterator<Item = &'static str>,
    text: &'static str,
) -> LiteralSet {
    LiteralSet {
        name,
        values: values.map(|value| Literal { value, cdk: None }).collect(),
        target: None,
        error: ErrorMessage::new("invalidValue", &["value"], text),
    }
}
