//! Python: props as keyword arguments, structs as their classes, black's layout, isort's order.

use std::collections::BTreeSet;

use cdk_from_rust_constructs::model::Package;

use super::{entry, module_stem, named_import, quoted, Env, Name, Origin, Style, Syntax};
use crate::app::doc::Doc;
use crate::app::names::{python_field, snake, with_suffix};
use crate::app::schema::Shape;
use crate::view::alias;

pub struct Python;

const STYLE: Style = Style {
    unit: "    ",
    width: 88,
    body: 2,
};

impl Python {
    fn qualified(&self, name: Name) -> String {
        match name.origin {
            Origin::Core => format!("cdk.{}", name.name),
            Origin::Module(module) => format!("{}.{}", alias(module), name.name),
            Origin::Library | Origin::Collections => name.name.to_string(),
        }
    }

    fn call(&self, head: String, arguments: Vec<Doc>) -> Doc {
        Doc::group(&format!("{head}("), ")", arguments, false)
    }
}

fn keywords(fields: Vec<(&str, Doc)>) -> impl Iterator<Item = Doc> + '_ {
    fields
        .into_iter()
        .map(|(k, v)| entry(python_field(k), "=", v))
}

impl Syntax for Python {
    fn style(&self) -> Style {
        STYLE
    }

    fn comment(&self, text: &str) -> String {
        format!("# {text}")
    }

    fn name(&self) -> &'static str {
        "python"
    }

    fn construct(&self, class: Name, id: &str, props: Vec<(&str, Doc)>, broken: bool) -> Doc {
        let mut arguments = vec![Doc::text("self"), Doc::text(quoted(id))];
        arguments.extend(keywords(props));
        let call = self.call(self.qualified(class), arguments);
        if broken {
            call.broken()
        } else {
            call
        }
    }

    fn structure(&self, name: Name, fields: Vec<(&str, Doc)>) -> Doc {
        self.call(self.qualified(name), keywords(fields).collect())
    }

    fn list(&self, _element: &Shape, items: Vec<Doc>) -> Doc {
        Doc::group("[", "]", items, false)
    }

    fn map(&self, _value: &Shape, entries: Vec<(String, Doc)>) -> Doc {
        Doc::group(
            "{",
            "}",
            entries
                .into_iter()
                .map(|(k, v)| entry(quoted(&k), ": ", v))
                .collect(),
            false,
        )
    }

    fn boolean(&self, value: bool) -> String {
        if value { "True" } else { "False" }.to_string()
    }

    fn enum_member(&self, enumeration: Name, member: &str) -> String {
        format!("{}.{member}", self.qualified(enumeration))
    }

    fn static_call(&self, class: Name, method: &str, args: Vec<String>) -> String {
        format!(
            "{}.{}({})",
            self.qualified(class),
            snake(method),
            args.join(", ")
        )
    }

    fn variable(&self, id: &str, kind: &str) -> String {
        with_suffix(snake(id), &format!("_{}", kind.to_ascii_lowercase()))
    }

    fn statement(&self, variable: Option<&str>, value: &Doc) -> String {
        let head = variable.map(|v| format!("{v} = ")).unwrap_or_default();
        let column = STYLE.unit.len() * STYLE.body + head.len();
        format!(
            "{head}{}",
            value.render(STYLE.unit, STYLE.body, column, STYLE.width)
        )
    }

    fn url_output(&self, id: &str, api: &str, custom_domain: bool) -> String {
        let value = if custom_domain {
            format!("{api}.custom_domain_url or {api}.url")
        } else {
            format!("{api}.url")
        };
        format!(
            "cdk.CfnOutput(self, {}, value={value})",
            quoted(&format!("{id}Url"))
        )
    }

    fn imports(&self, names: &BTreeSet<Name>, package: &Package) -> Vec<String> {
        let mut imports = vec![
            "import aws_cdk as cdk".to_string(),
            "from constructs import Construct".to_string(),
        ];
        let modules: BTreeSet<_> = names
            .iter()
            .filter_map(|n| {
                if let Origin::Module(m) = n.origin {
                    Some(m)
                } else {
                    None
                }
            })
            .collect();
        imports.extend(modules.iter().map(|m| {
            format!(
                "from aws_cdk import {} as {}",
                module_stem(*m).replace('-', "_"),
                alias(*m)
            )
        }));
        let library: Vec<&str> = names
            .iter()
            .filter(|n| n.origin == Origin::Library)
            .map(|n| n.name)
            .collect();
        if !library.is_empty() {
            let module = package.python_module;
            let flat = format!("from {module} import {}", library.join(", "));
            imports.push(named_import(
                flat,
                &format!("from {module} import ("),
                ")",
                &library,
                &STYLE,
            ));
        }
        // isort's one section: `import x` lines, then `from x import y` lines.
        imports.sort_by_key(|line| (line.starts_with("from "), line.clone()));
        imports
    }

    fn class_doc(&self, summary: &str, note: Option<&str>) -> String {
        match note {
            None => format!("\"\"\"{summary}\"\"\""),
            Some(note) => format!("\"\"\"{summary}\n\n    {note}\n    \"\"\""),
        }
    }

    fn stack_file(&self, class_name: &str) -> String {
        snake(class_name)
    }

    fn entry_import(&self, file: &str, class_name: &str) -> Option<String> {
        Some(format!("from {file} import {class_name}"))
    }

    fn instance(&self, class_name: &str, name: &str, env: &Env) -> String {
        let mut items = vec![Doc::text("app"), Doc::text(quoted(name))];
        if !env.is_empty() {
            let fields = env
                .iter()
                .map(|(k, v)| Doc::text(format!("{k}={}", quoted(v))))
                .collect();
            items.push(entry(
                "env".into(),
                "=",
                Doc::group("cdk.Environment(", ")", fields, false),
            ));
        }
        Doc::group(&format!("{class_name}("), ")", items, false).render(
            STYLE.unit,
            0,
            0,
            STYLE.width,
        )
    }

    fn app_command(&self) -> &'static str {
        "python3 app.py"
    }

    fn unions_take_structs(&self) -> bool {
        false
    }

    fn struct_call(
        &self,
        receiver: &str,
        method: &str,
        mut arguments: Vec<Doc>,
        fields: Vec<(&str, Doc)>,
    ) -> Doc {
        arguments.extend(keywords(fields));
        self.call(format!("{receiver}.{}", snake(method)), arguments)
    }
}
