//! TypeScript: props as object literals, CDK submodules imported as namespaces, prettier's
//! layout.

use std::collections::BTreeSet;

use cdk_from_rust_constructs::model::Package;

use super::{entry, named_import, quoted, Env, Name, NameKind, Origin, Style, Syntax};
use crate::app::doc::Doc;
use crate::app::names::{kebab, lower_camel, with_suffix};
use crate::app::schema::Shape;
use crate::view::{alias, specifier};

pub struct TypeScript;

const STYLE: Style = Style {
    unit: "  ",
    width: 100,
    body: 2,
};

impl TypeScript {
    fn qualified(&self, name: Name) -> String {
        match name.origin {
            Origin::Core => format!("cdk.{}", name.name),
            Origin::Module(module) => format!("{}.{}", alias(module), name.name),
            Origin::Library | Origin::Collections => name.name.to_string(),
        }
    }

    fn object(&self, fields: Vec<(&str, Doc)>) -> Doc {
        Doc::group(
            "{",
            "}",
            fields
                .into_iter()
                .map(|(k, v)| entry(k.to_string(), ": ", v))
                .collect(),
            true,
        )
    }
}

impl Syntax for TypeScript {
    fn style(&self) -> Style {
        STYLE
    }

    fn name(&self) -> &'static str {
        "typescript"
    }

    fn construct(&self, class: Name, id: &str, props: Vec<(&str, Doc)>, broken: bool) -> Doc {
        let head = format!("new {}(this, {}", self.qualified(class), quoted(id));
        if props.is_empty() {
            return Doc::text(format!("{head})"));
        }
        let object = self.object(props);
        Doc::Concat(vec![
            Doc::text(format!("{head}, ")),
            if broken { object.broken() } else { object },
            Doc::text(")"),
        ])
    }

    fn structure(&self, _name: Name, fields: Vec<(&str, Doc)>) -> Doc {
        self.object(fields)
    }

    fn list(&self, _element: &Shape, items: Vec<Doc>) -> Doc {
        Doc::group("[", "]", items, false)
    }

    fn map(&self, _value: &Shape, entries: Vec<(String, Doc)>) -> Doc {
        let entries = entries
            .into_iter()
            .map(|(k, v)| entry(if is_identifier(&k) { k } else { quoted(&k) }, ": ", v))
            .collect();
        Doc::group("{", "}", entries, true)
    }

    fn enum_member(&self, enumeration: Name, member: &str) -> String {
        format!("{}.{member}", self.qualified(enumeration))
    }

    fn static_call(&self, class: Name, method: &str, args: Vec<String>) -> String {
        format!("{}.{method}({})", self.qualified(class), args.join(", "))
    }

    fn variable(&self, id: &str, kind: &str) -> String {
        with_suffix(lower_camel(id), kind)
    }

    fn statement(&self, variable: Option<&str>, value: &Doc) -> String {
        let head = variable
            .map(|v| format!("const {v} = "))
            .unwrap_or_default();
        let column = STYLE.unit.len() * STYLE.body + head.len();
        format!(
            "{head}{};",
            value.render(STYLE.unit, STYLE.body, column, STYLE.width)
        )
    }

    fn url_output(&self, id: &str, api: &str, custom_domain: bool) -> String {
        let value = if custom_domain {
            format!("{api}.customDomainUrl ?? {api}.url")
        } else {
            format!("{api}.url")
        };
        format!(
            "new cdk.CfnOutput(this, {}, {{ value: {value} }});",
            quoted(&format!("{id}Url"))
        )
    }

    fn imports(&self, names: &BTreeSet<Name>, package: &Package) -> Vec<String> {
        let mut imports = vec![
            "import * as cdk from \"aws-cdk-lib\";".to_string(),
            "import { Construct } from \"constructs\";".to_string(),
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
        imports.extend(
            modules
                .iter()
                .map(|m| format!("import * as {} from \"{}\";", alias(*m), specifier(*m))),
        );
        // Structs are object literals: only classes are imported by name.
        let library: Vec<&str> = names
            .iter()
            .filter(|n| n.origin == Origin::Library && n.kind != NameKind::Struct)
            .map(|n| n.name)
            .collect();
        if !library.is_empty() {
            let flat = format!(
                "import {{ {} }} from \"{}\";",
                library.join(", "),
                package.name
            );
            imports.push(named_import(
                flat,
                "import {",
                &format!("}} from \"{}\";", package.name),
                &library,
                &STYLE,
            ));
        }
        imports.sort_by_key(|line| line.rsplit('"').nth(1).unwrap_or_default().to_string());
        imports
    }

    fn class_doc(&self, summary: &str, note: Option<&str>) -> String {
        match note {
            None => format!("/** {summary} */"),
            Some(note) => format!("/**\n * {summary}\n *\n * {note}\n */"),
        }
    }

    fn stack_file(&self, class_name: &str) -> String {
        kebab(class_name)
    }

    fn entry_import(&self, file: &str, class_name: &str) -> Option<String> {
        Some(format!("import {{ {class_name} }} from \"../lib/{file}\";"))
    }

    fn instance(&self, class_name: &str, name: &str, env: &Env) -> String {
        let mut parts = vec![Doc::text(format!("new {class_name}(app, {}", quoted(name)))];
        if !env.is_empty() {
            let fields = env
                .iter()
                .map(|(k, v)| Doc::text(format!("{k}: {}", quoted(v))))
                .collect();
            parts.push(Doc::text(", { env: "));
            parts.push(Doc::group("{", "}", fields, true));
            parts.push(Doc::text(" }"));
        }
        parts.push(Doc::text(");"));
        Doc::Concat(parts).render(STYLE.unit, 0, 0, STYLE.width)
    }

    fn app_command(&self) -> &'static str {
        "npx tsx bin/app.ts"
    }
}

fn is_identifier(key: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}
