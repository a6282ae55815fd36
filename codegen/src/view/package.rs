//! The view of the package files: `package.json` from the model's package facts, and the
//! README's table of concepts.

use std::collections::BTreeMap;

use cdk_from_rust_constructs::model::{Dependency, Module};
use serde::Serialize;

use super::{json, MARKER};
use crate::ir::IrLibrary;

#[derive(Debug, Serialize)]
pub struct PackageView {
    /// One line that names the model file; for formats with no comments it is a JSON string.
    pub marker: String,
    pub name: String,
    pub version: String,
    pub description: String,
    pub license: String,
    pub author: String,
    pub repository: String,
    pub python_dist: String,
    pub python_module: String,
    pub java_package: String,
    pub maven_group_id: String,
    pub maven_artifact_id: String,
    pub go_module: String,
    pub go_package: String,
    pub peer_dependencies: String,
    pub dependencies: String,
    pub bundled_dependencies: String,
    pub dev_dependencies: String,
    /// Public types by concept, for the package README.
    pub modules: Vec<ModuleSummary>,
}

#[derive(Debug, Serialize)]
pub struct ModuleSummary {
    pub name: String,
    pub types: String,
}

fn deps(list: &[Dependency]) -> String {
    let map: BTreeMap<&str, &str> = list.iter().map(|d| (d.name, d.version)).collect();
    serde_json::to_string_pretty(&map)
        .expect("maps serialize")
        .replace('\n', "\n  ")
}

/// The names a module exports to users: its structs and classes, sorted.
fn public_names(m: &Module) -> Vec<&'static str> {
    let mut names: Vec<&str> = m
        .structs
        .iter()
        .map(|s| s.name)
        .chain(m.classes.iter().map(|c| c.name))
        .collect();
    names.sort();
    names
}

pub fn package_view(ir: &IrLibrary) -> PackageView {
    let p = ir.package;
    PackageView {
        marker: json(format!("{MARKER} from constructs/src/package.rs. Do not edit: change the model and run `cargo run`.")),
        name: json(p.name),
        version: json(p.version),
        description: json(p.description),
        license: json(p.license),
        author: json(p.author),
        repository: json(p.repository),
        python_dist: json(p.python_dist),
        python_module: json(p.python_module),
        java_package: json(p.java_package),
        maven_group_id: json(p.maven_group_id),
        maven_artifact_id: json(p.maven_artifact_id),
        go_module: json(p.go_module),
        go_package: json(p.go_package),
        peer_dependencies: deps(&p.peer_dependencies),
        dependencies: deps(&p.bundled_dependencies),
        bundled_dependencies: json(p.bundled_dependencies.iter().map(|d| d.name).collect::<Vec<_>>()),
        dev_dependencies: deps(&p.dev_dependencies),
        modules: ir
            .modules
            .iter()
            .filter(|m| !public_names(m).is_empty())
            .map(|m| ModuleSummary {
                name: m.name.to_string(),
                types: public_names(m).iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", "),
            })
            .collect(),
    }
}
