//! Go: constructs through `pkg.NewClass(stack, id, &pkg.ClassProps{...})`, values as jsii's
//! pointers (`jsii.String`), collections typed as the library declares them, gofmt's tabs.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use cdk_from_rust_constructs::model::Package;
use serde_json::Number;

use super::{module_stem, quoted, Env, Name, Origin, Style, Syntax};
use crate::app::doc::Doc;
use crate::app::names::{lower_camel, snake, with_suffix};
use crate::app::schema::Shape;

pub struct Go;

const STYLE: Style = Style {
    unit: "\t",
    width: 100,
    body: 1,
};
const CDK: &str = "github.com/aws/aws-cdk-go/awscdk/v2";
const CONSTRUCTS: &str = "github.com/aws/constructs-go/constructs/v10";
const JSII: &str = "github.com/aws/jsii-runtime-go";

/// The package that holds a name, as code refers to it: `awscdk`, `awsdynamodb`, `websocketapi`.
fn package_name(origin: Origin) -> String {
    match origin {
        Origin::Core => "awscdk".into(),
        Origin::Module(module) => module_stem(module).replace('-', ""),
        Origin::Library => library().go_package.into(),
        Origin::Collections => unreachable!("Go's maps and slices are built in"),
    }
}

fn library() -> &'static Package {
    static PACKAGE: LazyLock<Package> =
        LazyLock::new(|| cdk_from_rust_constructs::library().package);
    &PACKAGE
}

fn qualified(name: Name) -> String {
    format!("{}.{}", package_name(name.origin), name.name)
}

/// A jsii struct field: `srcPath` is `SrcPath`.
fn field(camel: &str) -> String {
    let mut chars = camel.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

fn key_value(key: String, value: Doc) -> Doc {
    Doc::Field {
        key: format!("{key}:"),
        value: Box::new(value),
    }
}

fn literal(head: String, fields: Vec<(&str, Doc)>) -> Doc {
    Doc::group(
        &format!("{head}{{"),
        "}",
        fields
            .into_iter()
            .map(|(k, v)| key_value(field(k), v))
            .collect(),
        false,
    )
}

/// The Go type of a value of `shape`, as jsii declares it.
fn go_type(shape: &Shape) -> String {
    let library = |name: &str| format!("{}.{name}", library().go_package);
    match shape {
        Shape::String | Shape::Literal(_) => "*string".into(),
        Shape::Number => "*float64".into(),
        Shape::Boolean => "*bool".into(),
        Shape::Struct(name) => format!("*{}", library(name)),
        Shape::List(inner) => format!("*[]{}", go_type(inner)),
        Shape::Map(inner) => format!("*map[string]{}", go_type(inner)),
        Shape::NewFunction => library(crate::app::schema::FUNCTION),
        Shape::ResourceAccess => library(crate::app::schema::PERMISSION),
        Shape::ResourceRef => "constructs.IConstruct".into(),
        Shape::Union(_) | Shape::Any => "interface{}".into(),
    }
}

impl Syntax for Go {
    fn style(&self) -> Style {
        STYLE
    }

    fn name(&self) -> &'static str {
        "go"
    }

    fn construct(&self, class: Name, id: &str, props: Vec<(&str, Doc)>, broken: bool) -> Doc {
        let package = package_name(class.origin);
        let head = format!(
            "{package}.New{}(stack, jsii.String({}), ",
            class.name,
            quoted(id)
        );
        if props.is_empty() {
            return Doc::text(format!("{head}nil)"));
        }
        let props = literal(format!("&{package}.{}Props", class.name), props);
        Doc::Concat(vec![
            Doc::text(head),
            if broken { props.broken() } else { props },
            Doc::text(")"),
        ])
    }

    fn structure(&self, name: Name, fields: Vec<(&str, Doc)>) -> Doc {
        literal(format!("&{}", qualified(name)), fields)
    }

    fn list(&self, element: &Shape, items: Vec<Doc>) -> Doc {
        Doc::group(&format!("&[]{}{{", go_type(element)), "}", items, false)
    }

    fn map(&self, value: &Shape, entries: Vec<(String, Doc)>) -> Doc {
        let entries = entries
            .into_iter()
            .map(|(k, v)| key_value(quoted(&k), v))
            .collect();
        Doc::group(
            &format!("&map[string]{}{{", go_type(value)),
            "}",
            entries,
            false,
        )
    }

    fn string(&self, value: &str) -> String {
        format!("jsii.String({})", quoted(value))
    }

    fn number(&self, value: &Number) -> String {
        format!("jsii.Number({value})")
    }

    fn boolean(&self, value: bool) -> String {
        format!("jsii.Bool({value})")
    }

    fn enum_member(&self, enumeration: Name, member: &str) -> String {
        format!("{}_{member}", qualified(enumeration))
    }

    fn static_call(&self, class: Name, method: &str, args: Vec<String>) -> String {
        format!(
            "{}_{}({})",
            qualified(class),
            field(method),
            args.join(", ")
        )
    }

    fn variable(&self, id: &str, kind: &str) -> String {
        with_suffix(lower_camel(id), kind)
    }

    fn statement(&self, variable: Option<&str>, value: &Doc) -> String {
        let head = variable.map(|v| format!("{v} := ")).unwrap_or_default();
        // A tab is one column to the printer; gofmt counts it as the reader's tab width.
        let column = STYLE.body + head.len();
        format!(
            "{head}{}",
            value.render(STYLE.unit, STYLE.body, column, STYLE.width)
        )
    }

    fn url_output(&self, id: &str, api: &str, custom_domain: bool) -> String {
        let output = |value: &str| {
            format!("awscdk.NewCfnOutput(stack, jsii.String({}), &awscdk.CfnOutputProps{{Value: {value}}})", quoted(&format!("{id}Url")))
        };
        if !custom_domain {
            return output(&format!("{api}.Url()"));
        }
        let url = format!("{}Url", lower_camel(id));
        [
            format!("{url} := {api}.CustomDomainUrl()"),
            format!("if {url} == nil {{"),
            format!("\t{url} = {api}.Url()"),
            "}".into(),
            output(&url),
        ]
        .join(&format!("\n{}", STYLE.unit.repeat(STYLE.body)))
    }

    fn imports(&self, names: &BTreeSet<Name>, _package: &Package) -> Vec<String> {
        let mut imports: BTreeSet<String> =
            [CDK, CONSTRUCTS].into_iter().map(String::from).collect();
        // Every construct's id is a `jsii.String`.
        if !names.is_empty() {
            imports.insert(JSII.into());
        }
        for name in names {
            match name.origin {
                Origin::Module(module) => {
                    imports.insert(format!("{CDK}/{}", package_name(Origin::Module(module))))
                }
                Origin::Library => {
                    imports.insert(format!("{}/{}", library().go_module, library().go_package))
                }
                Origin::Core | Origin::Collections => false,
            };
        }
        imports.into_iter().map(|i| quoted(&i)).collect()
    }

    fn class_doc(&self, summary: &str, note: Option<&str>) -> String {
        // Go documents the constructor function; the template puts its name first.
        let summary = summary
            .strip_prefix("The ")
            .map(|s| format!("the {s}"))
            .unwrap_or_else(|| summary.to_string());
        match note {
            None => format!("creates {summary}"),
            Some(note) => format!("creates {summary}\n//\n// {note}"),
        }
    }

    fn stack_file(&self, class_name: &str) -> String {
        snake(class_name)
    }

    fn entry_import(&self, _file: &str, _class_name: &str) -> Option<String> {
        None
    }

    fn instance(&self, class_name: &str, name: &str, env: &Env) -> String {
        let props = if env.is_empty() {
            Doc::text("nil")
        } else {
            let env = literal(
                "&awscdk.Environment".into(),
                env.iter()
                    .map(|(k, v)| (*k, Doc::text(self.string(v))))
                    .collect(),
            );
            literal("&awscdk.StackProps".into(), vec![("env", env)])
        };
        let call = Doc::Concat(vec![
            Doc::text(format!("New{class_name}(app, {}, ", quoted(name))),
            props,
            Doc::text(")"),
        ]);
        call.render(STYLE.unit, 1, 1, STYLE.width)
    }

    fn app_command(&self) -> &'static str {
        "go mod download && go run ."
    }

    fn allows_unread_variables(&self) -> bool {
        false
    }
}
