//! View-models of a generated app: every name, import, statement and literal the templates
//! place, computed here for one language. Templates only put them in order.

use std::collections::{BTreeMap, BTreeSet};

use cdk_from_rust_constructs::model::Package;
use serde::Serialize;

use crate::app::code::Code;
use crate::app::doc::Doc;
use crate::app::ir::AppIr;
use crate::app::model::{CustomDomain, ResourceType, Stack};
use crate::app::names::{kebab, lower_camel, pascal, snake, with_suffix};
use crate::app::paths::rebase;
use crate::app::resources::spec;
use crate::app::schema::Schema;
use crate::app::tree::quote;
use crate::app::{AppOptions, Lang};
use crate::view::{alias, specifier, MARKER};


#[derive(Debug, Serialize)]
pub struct AppView {
    /// The marker line as a comment of the app's language.
    pub header: String,
    /// The marker line as a `#` comment (`.gitignore`, `requirements.txt`).
    pub hash_header: String,
    /// The marker line as a JSON string, for the `"//"` key of JSON files.
    pub json_header: String,
    pub package_name: String,
    /// JSON objects, indented to sit at the second level of a JSON file.
    pub dependencies: String,
    pub dev_dependencies: String,
    pub context: String,
    /// The command `cdk.json` runs, as a JSON string.
    pub app_command: String,
    /// Python `requirements.txt` lines.
    pub requirements: Vec<String>,
    /// Imports of the app's entry point, one per stack module, sorted.
    pub imports: Vec<String>,
    pub stacks: Vec<StackView>,
}

#[derive(Debug, Serialize)]
pub struct StackView {
    /// The file's name without extension: `chat-stack`, `chat_stack`.
    pub file: String,
    pub header: String,
    pub imports: Vec<String>,
    pub class_name: String,
    /// The class's doc comment, with its delimiters.
    pub doc: String,
    /// Statements of the constructor, each already indented past its first line.
    pub statements: Vec<String>,
    /// The line of the entry point that creates the stack.
    pub instance: String,
}

/// How each language lays code out.
struct Style {
    unit: &'static str,
    width: usize,
    /// The constructor body's indentation level.
    body: usize,
}

impl Lang {
    fn style(self) -> Style {
        match self {
            Lang::TypeScript => Style { unit: "  ", width: 100, body: 2 },
            Lang::Python => Style { unit: "    ", width: 88, body: 2 },
        }
    }

    fn comment(self, text: &str) -> String {
        match self {
            Lang::TypeScript => format!("// {text}"),
            Lang::Python => format!("# {text}"),
        }
    }
}

pub fn app_view(ir: &AppIr, options: &AppOptions) -> AppView {
    let library = cdk_from_rust_constructs::library();
    let schema = Schema::new(&library);
    let lang = options.lang;
    let marker = format!("{MARKER} from {}. Do not edit: change the model and run `cargo run -- app`.", ir.origin);
    let package = &library.package;
    let pinned =
        |name: &str| package.app_toolchain.iter().find(|d| d.name == name).expect("the model pins it").version;
    let dependencies: BTreeMap<&str, String> = [
        (package.name, format!("^{}", package.version)),
        ("aws-cdk-lib", pinned("aws-cdk-lib").to_string()),
        ("constructs", pinned("constructs").to_string()),
    ]
    .into();
    let stacks: Vec<StackView> = ir
        .model
        .stacks
        .iter()
        .map(|(name, stack)| stack_view(ir, name, stack, options, (&schema, package), &marker))
        .collect();
    let mut imports: Vec<String> = stacks
        .iter()
        .map(|s| match lang {
            Lang::TypeScript => format!("import {{ {} }} from \"../lib/{}\";", s.class_name, s.file),
            Lang::Python => format!("from {} import {}", s.file, s.class_name),
        })
        .collect();
    imports.sort();
    AppView {
        header: lang.comment(&marker),
        hash_header: format!("# {marker}"),
        json_header: quote(&marker),
        package_name: ir.model.app.clone(),
        dependencies: indented_json(&dependencies),
        // The rest of the apps' toolchain: the CDK CLI, tsx, TypeScript.
        dev_dependencies: indented_json(
            &package
                .app_toolchain
                .iter()
                .filter(|d| !dependencies.contains_key(d.name))
                .map(|d| (d.name, d.version))
                .collect::<BTreeMap<_, _>>(),
        ),
        context: indented_json(&ir.model.context),
        app_command: quote(match lang {
            Lang::TypeScript => "npx tsx bin/app.ts",
            Lang::Python => "python3 app.py",
        }),
        requirements: {
            let mut lines = vec![
                format!("{}=={}", package.python_dist, package.version),
                format!("aws-cdk-lib=={}", pinned("aws-cdk-lib")),
                format!("constructs=={}", pinned("constructs")),
            ];
            lines.sort();
            lines
        },
        imports,
        stacks,
    }
}


/// Pretty JSON whose lines after the first are indented one level, to sit inside an object.
fn indented_json(value: &impl Serialize) -> String {
    serde_json::to_string_pretty(value).expect("plain data").replace('\n', "\n  ")
}

fn stack_view(
    ir: &AppIr,
    name: &str,
    stack: &Stack,
    options: &AppOptions,
    (schema, package): (&Schema, &Package),
    marker: &str,
) -> StackView {
    let lang = options.lang;
    let style = lang.style();
    let class_name = with_suffix(pascal(name), "Stack");
    let variables: BTreeMap<String, String> =
        stack.resources.iter().map(|(id, r)| (id.clone(), variable(lang, id, spec(r.resource_type).class))).collect();
    let mut code = Code::new(lang, schema, &variables, options.src_path.as_deref());
    let statement = |variable: &str, doc: &Doc| {
        let head = match lang {
            Lang::TypeScript => format!("const {variable} = "),
            Lang::Python => format!("{variable} = "),
        };
        let column = style.unit.len() * style.body + head.len();
        let semicolon = if lang == Lang::TypeScript { ";" } else { "" };
        format!("{head}{}{semicolon}", doc.render(style.unit, style.body, column, style.width))
    };
    let mut statements = Vec::new();
    let mut modules = BTreeSet::new();
    for (id, resource) in &stack.resources {
        modules.insert(resource.resource_type);
        statements.push(statement(&variables[id], &code.resource(id, resource)));
    }
    let mut handlers = false;
    for (id, api) in &stack.web_socket_apis {
        handlers |= !api.routes.is_empty();
        let props = serde_json::to_value(rebase(api, options.src_path.as_deref())).expect("plain data");
        let api_variable = variable(lang, id, "Api");
        let created = statement(&api_variable, &code.api(id, &props));
        let url = url_output(lang, id, &api_variable, api.custom_domain.as_ref());
        statements.push(format!("{created}\n{}{url}", style.unit.repeat(style.body)));
    }
    let imports = stack_imports(lang, &modules, &code.library_names, package);
    let src_note = (handlers && options.src_path.is_some()).then(|| {
        format!(
            "Handler paths are relative to the model's folder, `{}` from this app's folder, where `cdk synth` runs.",
            options.src_path.as_deref().unwrap_or_default()
        )
    });
    StackView {
        file: match lang {
            Lang::TypeScript => kebab(&class_name),
            Lang::Python => snake(&class_name),
        },
        header: lang.comment(marker),
        imports,
        doc: class_doc(lang, &format!("The {name} stack of the {} app.", ir.model.app), src_note.as_deref()),
        instance: instance(lang, &class_name, name, stack),
        class_name,
        statements,
    }
}

/// The CDK modules of the resources, the library's names the code uses, `cdk` and `Construct`,
/// sorted as each language's tools sort them.
fn stack_imports(
    lang: Lang,
    resource_types: &BTreeSet<ResourceType>,
    library_names: &BTreeSet<&str>,
    package: &Package,
) -> Vec<String> {
    let mut imports: Vec<String> = match lang {
        Lang::TypeScript => {
            vec![
                "import * as cdk from \"aws-cdk-lib\";".to_string(),
                "import { Construct } from \"constructs\";".to_string(),
            ]
        }
        Lang::Python => vec!["import aws_cdk as cdk".to_string(), "from constructs import Construct".to_string()],
    };
    imports.extend(resource_types.iter().map(|t| spec(*t)).map(|m| match lang {
        Lang::TypeScript => format!("import * as {} from \"{}\";", alias(m.module), specifier(m.module)),
        Lang::Python => format!("from aws_cdk import {} as {}", m.py_module, alias(m.module)),
    }));
    if !library_names.is_empty() {
        let names: Vec<&str> = library_names.iter().copied().collect();
        let module = match lang {
            Lang::TypeScript => package.name,
            Lang::Python => package.python_module,
        };
        imports.push(named_import(lang, module, &names, lang.style().width));
    }
    sort_imports(lang, &mut imports);
    imports
}

/// The variable that holds a construct: `connectionsTable`, `chat_api`.
fn variable(lang: Lang, id: &str, kind: &str) -> String {
    match lang {
        Lang::TypeScript => with_suffix(lower_camel(id), kind),
        Lang::Python => with_suffix(snake(id), &format!("_{}", kind.to_ascii_lowercase())),
    }
}

/// The output of the URL clients connect to: the custom domain's when there is one.
fn url_output(lang: Lang, id: &str, api: &str, domain: Option<&CustomDomain>) -> String {
    let output = quote(&format!("{id}Url"));
    match (lang, domain.is_some()) {
        (Lang::TypeScript, false) => format!("new cdk.CfnOutput(this, {output}, {{ value: {api}.url }});"),
        (Lang::TypeScript, true) => {
            format!("new cdk.CfnOutput(this, {output}, {{ value: {api}.customDomainUrl ?? {api}.url }});")
        }
        (Lang::Python, false) => format!("cdk.CfnOutput(self, {output}, value={api}.url)"),
        (Lang::Python, true) => format!("cdk.CfnOutput(self, {output}, value={api}.custom_domain_url or {api}.url)"),
    }
}

/// `import { A, B } from "x";` or `from x import A, B`, one name per line when too long.
fn named_import(lang: Lang, module: &str, names: &[&str], width: usize) -> String {
    let (flat, open, close) = match lang {
        Lang::TypeScript => (
            format!("import {{ {} }} from \"{module}\";", names.join(", ")),
            "import {".to_string(),
            format!("}} from \"{module}\";"),
        ),
        Lang::Python => {
            (format!("from {module} import {}", names.join(", ")), format!("from {module} import ("), ")".to_string())
        }
    };
    if flat.len() <= width {
        return flat;
    }
    let unit = lang.style().unit;
    let lines: String = names.iter().map(|n| format!("\n{unit}{n},")).collect();
    format!("{open}{lines}\n{close}")
}

/// TypeScript: by module specifier. Python: `import x` lines, then `from x import y` lines,
/// each sorted, as isort orders one section.
fn sort_imports(lang: Lang, imports: &mut [String]) {
    match lang {
        Lang::TypeScript => imports.sort_by_key(|line| line.rsplit('"').nth(1).unwrap_or_default().to_string()),
        Lang::Python => imports.sort_by_key(|line| (line.starts_with("from "), line.clone())),
    }
}

fn class_doc(lang: Lang, summary: &str, note: Option<&str>) -> String {
    match (lang, note) {
        (Lang::TypeScript, None) => format!("/** {summary} */"),
        (Lang::TypeScript, Some(note)) => format!("/**\n * {summary}\n *\n * {note}\n */"),
        (Lang::Python, None) => format!("\"\"\"{summary}\"\"\""),
        (Lang::Python, Some(note)) => format!("\"\"\"{summary}\n\n    {note}\n    \"\"\""),
    }
}

/// The entry point's line that creates a stack, with its account and region.
fn instance(lang: Lang, class_name: &str, name: &str, stack: &Stack) -> String {
    let env: Vec<(&str, &String)> = [("account", stack.account.as_ref()), ("region", stack.region.as_ref())]
        .into_iter()
        .filter_map(|(k, v)| Some((k, v?)))
        .collect();
    let style = lang.style();
    let doc = match lang {
        Lang::TypeScript => {
            let mut parts = vec![Doc::text(format!("new {class_name}(app, {}", quote(name)))];
            if !env.is_empty() {
                let fields = env.iter().map(|(k, v)| Doc::text(format!("{k}: {}", quote(v)))).collect();
                parts.push(Doc::text(", { env: "));
                parts.push(Doc::group("{", "}", fields, true));
                parts.push(Doc::text(" }"));
            }
            parts.push(Doc::text(");"));
            Doc::Concat(parts)
        }
        Lang::Python => {
            let mut items = vec![Doc::text("app"), Doc::text(quote(name))];
            if !env.is_empty() {
                let fields = env.iter().map(|(k, v)| Doc::text(format!("{k}={}", quote(v)))).collect();
                items.push(Doc::Concat(vec![Doc::text("env="), Doc::group("cdk.Environment(", ")", fields, false)]));
            }
            Doc::group(&format!("{class_name}("), ")", items, false)
        }
    };
    doc.render(style.unit, 0, 0, style.width)
}
