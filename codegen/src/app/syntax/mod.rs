//! How each language of a generated app spells code. [`crate::app::code`] decides what the code
//! says (which construct, which props, in which form); a [`Syntax`] decides how it reads in
//! TypeScript, Python, Java or Go: calls, struct literals, collections, names, imports, layout.

mod go;
mod java;
mod python;
mod typescript;

use std::collections::BTreeSet;

use cdk_from_rust_constructs::model::{ExternalModule, Package};
use serde_json::Number;

use crate::app::doc::Doc;
use crate::app::schema::Shape;
use crate::app::Lang;
use crate::view::specifier;

/// How a language lays code out.
pub struct Style {
    pub unit: &'static str,
    pub width: usize,
    /// The constructor body's indentation level.
    pub body: usize,
}

/// Where a name the code uses comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    /// `aws-cdk-lib` itself: `Stack`, `CfnOutput`, `Environment`.
    Core,
    /// A CDK submodule: `aws-cdk-lib/aws-dynamodb`.
    Module(ExternalModule),
    /// The construct library.
    Library,
    /// The language's own collections (Java's `List` and `Map`).
    Collections,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NameKind {
    Class,
    Struct,
    Enum,
}

/// A class, struct or enum the code names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Name {
    pub origin: Origin,
    pub name: &'static str,
    pub kind: NameKind,
}

impl Name {
    pub const fn class(origin: Origin, name: &'static str) -> Name {
        Name {
            origin,
            name,
            kind: NameKind::Class,
        }
    }

    pub const fn structure(origin: Origin, name: &'static str) -> Name {
        Name {
            origin,
            name,
            kind: NameKind::Struct,
        }
    }
}

/// The account and region a stack is created with.
pub type Env<'a> = Vec<(&'static str, &'a str)>;

pub trait Syntax {
    fn style(&self) -> Style;
    /// A line comment; `//` unless the language overrides it.
    fn comment(&self, text: &str) -> String {
        format!("// {text}")
    }
    /// The folder of the language's templates, under `codegen/templates/app/`.
    fn name(&self) -> &'static str;

    /// `new Class(this, "id", { props })`; `props` by camelCase field name. `broken`: one prop
    /// per line.
    fn construct(&self, class: Name, id: &str, props: Vec<(&str, Doc)>, broken: bool) -> Doc;
    /// A struct value, fields by camelCase name.
    fn structure(&self, name: Name, fields: Vec<(&str, Doc)>) -> Doc;
    /// A list whose items are of `element`.
    fn list(&self, element: &Shape, items: Vec<Doc>) -> Doc;
    /// A map with string keys whose values are of `value`.
    fn map(&self, value: &Shape, entries: Vec<(String, Doc)>) -> Doc;
    /// Literals; JSON's spelling unless the language overrides it.
    fn string(&self, value: &str) -> String {
        quoted(value)
    }
    fn number(&self, value: &Number) -> String {
        value.to_string()
    }
    fn boolean(&self, value: bool) -> String {
        value.to_string()
    }
    fn enum_member(&self, enumeration: Name, member: &str) -> String;
    /// A static method of a class: `Permission.grant(table, "grantRead")`.
    fn static_call(&self, class: Name, method: &str, args: Vec<String>) -> String;

    /// The variable that holds a construct: `connectionsTable`, `chat_api`.
    fn variable(&self, id: &str, kind: &str) -> String;
    /// A statement of the stack's constructor: `value`, or `value` assigned to `variable`;
    /// lines after the first are indented to the body.
    fn statement(&self, variable: Option<&str>, value: &Doc) -> String;
    /// The output of the URL clients connect to: the custom domain's when there is one.
    fn url_output(&self, id: &str, api: &str, custom_domain: bool) -> String;
    /// The import lines of a stack's file for the names its code uses.
    fn imports(&self, names: &BTreeSet<Name>, package: &Package) -> Vec<String>;
    fn class_doc(&self, summary: &str, note: Option<&str>) -> String;
    /// The file of a stack class, without extension: `chat-stack`, `chat_stack`, `ChatStack`.
    fn stack_file(&self, class_name: &str) -> String;
    /// The entry point's import of a stack, where it is in another module.
    fn entry_import(&self, file: &str, class_name: &str) -> Option<String>;
    /// The entry point's statement that creates a stack.
    fn instance(&self, class_name: &str, name: &str, env: &Env) -> String;
    /// The command `cdk.json` runs.
    fn app_command(&self) -> &'static str;
    /// Whether a construct nothing reads may still be held in a variable (Go refuses unused
    /// variables).
    fn allows_unread_variables(&self) -> bool {
        true
    }
    /// Whether a union prop may be given one of its structs. Python's may not: jsii cannot tell a
    /// dict from the struct class there, so the library refuses it and the struct goes to the
    /// prop's struct-only companion.
    fn unions_take_structs(&self) -> bool {
        true
    }
    /// `receiver.method(arguments, { fields })`: a method whose last parameter is a struct. Called
    /// only where unions cannot take structs, for the routes given as props.
    fn struct_call(
        &self,
        _receiver: &str,
        _method: &str,
        _arguments: Vec<Doc>,
        _fields: Vec<(&str, Doc)>,
    ) -> Doc {
        unreachable!(
            "{} unions take structs: its routes stay in the routes map",
            self.name()
        )
    }
}

impl Lang {
    pub fn syntax(self) -> &'static dyn Syntax {
        match self {
            Lang::TypeScript => &typescript::TypeScript,
            Lang::Python => &python::Python,
            Lang::Java => &java::Java,
            Lang::Go => &go::Go,
        }
    }
}

/// The last part of a CDK submodule's npm specifier: `aws-dynamodb`. The other languages name
/// their modules after it: `aws_dynamodb`, `services.dynamodb`, `awsdynamodb`.
fn module_stem(module: ExternalModule) -> &'static str {
    specifier(module)
        .rsplit('/')
        .next()
        .expect("a specifier has a last part")
}

/// `key=value`, `key: value`: a field and its value.
fn entry(key: String, separator: &str, value: Doc) -> Doc {
    Doc::Concat(vec![Doc::text(format!("{key}{separator}")), value])
}

/// An import of names: `flat` when it fits the line, else `open`, one name per line, `close`.
fn named_import(flat: String, open: &str, close: &str, names: &[&str], style: &Style) -> String {
    if flat.len() <= style.width {
        return flat;
    }
    let lines: String = names
        .iter()
        .map(|n| format!("\n{}{n},", style.unit))
        .collect();
    format!("{open}{lines}\n{close}")
}

/// A string literal with JSON's escapes, which TypeScript, Python, Java and Go all read.
fn quoted(value: &str) -> String {
    crate::app::tree::quote(value)
}
