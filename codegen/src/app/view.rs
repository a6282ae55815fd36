//! View-models of a generated app: every name, import, statement and literal the templates
//! place, computed here for one language. Templates only put them in order.

use std::collections::BTreeMap;

use cdk_from_rust_constructs::model::{Dependency, Package};
use serde::Serialize;

use crate::app::code::Code;
use crate::app::ir::AppIr;
use crate::app::model::Stack;
use crate::app::names::{pascal, with_suffix};
use crate::app::paths::rebase;
use crate::app::resources::spec;
use crate::app::schema::Schema;
use crate::app::syntax::{Env, Name, Origin};
use crate::app::tree::quote;
use crate::app::AppOptions;
use crate::view::MARKER;

#[derive(Debug, Serialize)]
pub struct AppView {
    /// The marker line as a comment of the app's language.
    pub header: String,
    /// The marker line as plain text (`pom.xml`'s description).
    pub marker: String,
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
    /// Java: the Maven coordinates and versions `pom.xml` depends on.
    pub maven: Vec<MavenDependency>,
    /// Go: the package's module and version, as `go.mod` requires it.
    pub go_library: String,
}

#[derive(Debug, Serialize)]
pub struct MavenDependency {
    pub group_id: &'static str,
    pub artifact_id: &'static str,
    pub version: &'static str,
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

pub fn app_view(ir: &AppIr, options: &AppOptions) -> AppView {
    let library = cdk_from_rust_constructs::library();
    let schema = Schema::new(&library);
    let syntax = options.lang.syntax();
    let marker = format!(
        "{MARKER} from {}. Do not edit: change the model and run `cargo run -- app`.",
        ir.origin
    );
    let package = &library.package;
    let pinned_in = |toolchain: &[Dependency], name: &str| {
        toolchain
            .iter()
            .find(|d| d.name == name)
            .expect("the model pins it")
            .version
    };
    let pinned = |name| pinned_in(&package.app_toolchain, name);
    let java = |name| pinned_in(&package.java_app_toolchain, name);
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
        .filter_map(|s| syntax.entry_import(&s.file, &s.class_name))
        .collect();
    imports.sort();
    AppView {
        header: syntax.comment(&marker),
        hash_header: format!("# {marker}"),
        marker: marker.clone(),
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
        app_command: quote(syntax.app_command()),
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
        maven: vec![
            MavenDependency {
                group_id: "software.amazon.awscdk",
                artifact_id: "aws-cdk-lib",
                version: java("aws-cdk-lib"),
            },
            MavenDependency {
                group_id: "software.constructs",
                artifact_id: "constructs",
                version: java("constructs"),
            },
            MavenDependency {
                group_id: package.maven_group_id,
                artifact_id: package.maven_artifact_id,
                version: package.version,
            },
        ],
        go_library: format!(
            "{}/{} v{}",
            package.go_module, package.go_package, package.version
        ),
    }
}

/// Pretty JSON whose lines after the first are indented one level, to sit inside an object.
fn indented_json(value: &impl Serialize) -> String {
    serde_json::to_string_pretty(value)
        .expect("plain data")
        .replace('\n', "\n  ")
}

fn stack_view(
    ir: &AppIr,
    name: &str,
    stack: &Stack,
    options: &AppOptions,
    (schema, package): (&Schema, &Package),
    marker: &str,
) -> StackView {
    let syntax = options.lang.syntax();
    let unit = syntax.style().unit.repeat(syntax.style().body);
    let class_name = with_suffix(pascal(name), "Stack");
    let variables: BTreeMap<String, String> = stack
        .resources
        .iter()
        .map(|(id, r)| (id.clone(), syntax.variable(id, spec(r.resource_type).class)))
        .collect();
    let mut code = Code::new(syntax, schema, &variables, options.src_path.as_deref());
    // The APIs first: they say which resources are read, which a language without unread
    // variables needs to know.
    let mut handlers = false;
    let mut apis = Vec::new();
    for (id, api) in &stack.web_socket_apis {
        handlers |= !api.routes.is_empty();
        let props =
            serde_json::to_value(rebase(api, options.src_path.as_deref())).expect("plain data");
        let api_variable = syntax.variable(id, "Api");
        let (created, added) = code.api(id, &api_variable, &props);
        let mut lines = vec![syntax.statement(Some(&api_variable), &created)];
        lines.extend(added.iter().map(|call| syntax.statement(None, call)));
        code.names.insert(Name::class(Origin::Core, "CfnOutput"));
        lines.push(syntax.url_output(id, &api_variable, api.custom_domain.is_some()));
        apis.push(lines.join(&format!("\n{unit}")));
    }
    let mut statements = Vec::new();
    for (id, resource) in &stack.resources {
        let doc = code.resource(id, resource);
        let read = syntax.allows_unread_variables() || code.referenced.contains(id);
        let variable = read.then_some(variables[id].as_str());
        statements.push(syntax.statement(variable, &doc));
    }
    statements.extend(apis);
    let src_note = (handlers && options.src_path.is_some()).then(|| {
        format!(
            "Handler paths are relative to the model's folder, `{}` from this app's folder, where `cdk synth` runs.",
            options.src_path.as_deref().unwrap_or_default()
        )
    });
    let env: Env = [
        ("account", stack.account.as_deref()),
        ("region", stack.region.as_deref()),
    ]
    .into_iter()
    .filter_map(|(k, v)| Some((k, v?)))
    .collect();
    StackView {
        file: syntax.stack_file(&class_name),
        header: syntax.comment(marker),
        imports: syntax.imports(&code.names, package),
        doc: syntax.class_doc(
            &format!("The {name} stack of the {} app.", ir.model.app),
            src_note.as_deref(),
        ),
        instance: syntax.instance(&class_name, name, &env),
        class_name,
        statements,
    }
}
