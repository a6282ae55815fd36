//! Java: constructs and structs through jsii's builders, collections as `List.of` and
//! `Map.of`, every name imported by its full name (sorted, as google-java-format sorts them).

use std::collections::BTreeSet;

use cdk_from_rust_constructs::model::Package;

use super::{entry, module_stem, quoted, Env, Name, Origin, Style, Syntax};
use crate::app::doc::Doc;
use crate::app::names::{lower_camel, with_suffix};
use crate::app::schema::Shape;

pub struct Java;

const STYLE: Style = Style {
    unit: "    ",
    width: 100,
    body: 2,
};
/// `Map.of` takes at most ten entries; larger maps are `Map.ofEntries(Map.entry(k, v), ...)`.
const MAP_OF_MAX: usize = 10;

/// The Java package of a name's origin.
fn package_of(origin: Origin, package: &Package) -> String {
    match origin {
        Origin::Core => "software.amazon.awscdk".into(),
        Origin::Module(module) => {
            format!(
                "software.amazon.awscdk.services.{}",
                module_stem(module)
                    .trim_start_matches("aws-")
                    .replace('-', "")
            )
        }
        Origin::Library => package.java_package.into(),
        Origin::Collections => "java.util".into(),
    }
}

/// `head.field(value)...build()`, one call per line when `broken` or too long.
fn builder(head: String, fields: Vec<(&str, Doc)>, broken: bool) -> Doc {
    let mut links: Vec<Doc> = fields
        .into_iter()
        .map(|(k, v)| Doc::Concat(vec![Doc::text(format!(".{k}(")), v, Doc::text(")")]))
        .collect();
    links.push(Doc::text(".build()"));
    let chain = Doc::Chain {
        head: Box::new(Doc::text(head)),
        links,
        broken: false,
    };
    if broken {
        chain.broken()
    } else {
        chain
    }
}

impl Syntax for Java {
    fn style(&self) -> Style {
        STYLE
    }

    fn name(&self) -> &'static str {
        "java"
    }

    fn construct(&self, class: Name, id: &str, props: Vec<(&str, Doc)>, broken: bool) -> Doc {
        if props.is_empty() {
            return Doc::text(format!("new {}(this, {})", class.name, quoted(id)));
        }
        builder(
            format!("{}.Builder.create(this, {})", class.name, quoted(id)),
            props,
            broken,
        )
    }

    fn structure(&self, name: Name, fields: Vec<(&str, Doc)>) -> Doc {
        builder(format!("{}.builder()", name.name), fields, false)
    }

    fn list(&self, _element: &Shape, items: Vec<Doc>) -> Doc {
        Doc::arguments("List.of(", ")", items)
    }

    fn map(&self, _value: &Shape, entries: Vec<(String, Doc)>) -> Doc {
        if entries.len() <= MAP_OF_MAX {
            return Doc::arguments(
                "Map.of(",
                ")",
                entries
                    .into_iter()
                    .map(|(k, v)| entry(quoted(&k), ", ", v))
                    .collect(),
            );
        }
        let entries = entries
            .into_iter()
            .map(|(k, v)| {
                Doc::Concat(vec![
                    Doc::text(format!("Map.entry({}, ", quoted(&k))),
                    v,
                    Doc::text(")"),
                ])
            })
            .collect();
        Doc::arguments("Map.ofEntries(", ")", entries)
    }

    fn enum_member(&self, enumeration: Name, member: &str) -> String {
        format!("{}.{member}", enumeration.name)
    }

    fn static_call(&self, class: Name, method: &str, args: Vec<String>) -> String {
        format!("{}.{method}({})", class.name, args.join(", "))
    }

    fn variable(&self, id: &str, kind: &str) -> String {
        with_suffix(lower_camel(id), kind)
    }

    fn statement(&self, variable: Option<&str>, value: &Doc) -> String {
        // `var` spares the generator the type of every construct (Java 10 and later).
        let head = variable.map(|v| format!("var {v} = ")).unwrap_or_default();
        let column = STYLE.unit.len() * STYLE.body + head.len();
        format!(
            "{head}{};",
            value.render(STYLE.unit, STYLE.body, column, STYLE.width)
        )
    }

    fn url_output(&self, id: &str, api: &str, custom_domain: bool) -> String {
        let value = if custom_domain {
            format!(
                "{api}.getCustomDomainUrl() != null ? {api}.getCustomDomainUrl() : {api}.getUrl()"
            )
        } else {
            format!("{api}.getUrl()")
        };
        let doc = builder(
            format!(
                "CfnOutput.Builder.create(this, {})",
                quoted(&format!("{id}Url"))
            ),
            vec![("value", Doc::text(value))],
            false,
        );
        self.statement(None, &doc)
    }

    fn imports(&self, names: &BTreeSet<Name>, package: &Package) -> Vec<String> {
        let mut imports: BTreeSet<String> = [
            "software.amazon.awscdk.Stack",
            "software.amazon.awscdk.StackProps",
            "software.constructs.Construct",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        imports.extend(
            names
                .iter()
                .map(|n| format!("{}.{}", package_of(n.origin, package), n.name)),
        );
        imports
            .into_iter()
            .map(|i| format!("import {i};"))
            .collect()
    }

    fn class_doc(&self, summary: &str, note: Option<&str>) -> String {
        match note {
            None => format!("/** {summary} */"),
            Some(note) => format!("/**\n * {summary}\n *\n * <p>{note}\n */"),
        }
    }

    fn stack_file(&self, class_name: &str) -> String {
        class_name.to_string()
    }

    fn entry_import(&self, _file: &str, _class_name: &str) -> Option<String> {
        None
    }

    fn instance(&self, class_name: &str, name: &str, env: &Env) -> String {
        let props = if env.is_empty() {
            Doc::text("null")
        } else {
            let fields = env
                .iter()
                .map(|(k, v)| (*k, Doc::text(quoted(v))))
                .collect();
            builder(
                "StackProps.builder()".into(),
                vec![(
                    "env",
                    builder("Environment.builder()".into(), fields, false),
                )],
                false,
            )
        };
        let call = Doc::arguments(
            &format!("new {class_name}("),
            ");",
            vec![Doc::text("app"), Doc::text(quoted(name)), props],
        );
        call.render(STYLE.unit, 2, STYLE.unit.len() * 2, STYLE.width)
    }

    fn app_command(&self) -> &'static str {
        "mvn -e -q compile exec:java"
    }
}
