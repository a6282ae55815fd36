//! The model pins the package's toolchain and the apps' (constructs/src/package.rs);
//! test-app/package.json installs both. They must agree,
//! or the package would be built and tested against versions it does not declare.

use std::collections::BTreeMap;
use std::path::Path;

use cdk_from_rust_constructs::library;

/// The devDependencies of a package.json of this crate's folder (`rel` from `codegen/`).
fn dev_dependencies(rel: &str) -> BTreeMap<String, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    serde_json::from_value(json["devDependencies"].clone()).unwrap()
}

#[test]
fn test_app_installs_the_versions_the_model_pins() {
    let installed = dev_dependencies("../test-app/package.json");
    let package = library().package;
    for dep in package
        .dev_dependencies
        .iter()
        .chain(&package.app_toolchain)
        .chain(&package.bundled_dependencies)
    {
        assert_eq!(
            installed.get(dep.name).map(String::as_str),
            Some(dep.version),
            "test-app/package.json devDependencies.{} must be {} (constructs/src/package.rs)",
            dep.name,
            dep.version
        );
    }
}

#[test]
fn the_synth_cache_installs_the_app_toolchain_the_model_pins() {
    let installed = dev_dependencies("toolchain/package.json");
    let package = library().package;
    let expected: BTreeMap<String, String> = package
        .app_toolchain
        .iter()
        .chain(&package.bundled_dependencies)
        .chain(package.dev_dependencies.iter().filter(|d| d.name == "jose"))
        .map(|d| (d.name.to_string(), d.version.to_string()))
        .collect();
    assert_eq!(
        installed, expected,
        "codegen/toolchain/package.json must pin what constructs/src/package.rs pins"
    );
}

#[test]
fn an_invalid_model_renders_nothing() {
    let mut model = library();
    model.modules[0].structs[0].doc = "";
    match codegen::render_library(&model) {
        Err(codegen::CodegenError::InvalidModel(issues)) => {
            assert_eq!(issues.len(), 1);
            assert_eq!(issues[0].to_string(), "constructs/src/api.rs: api.WebSocketApiProps: an empty doc (expected a doc sentence)");
        }
        other => panic!(
            "expected an invalid model, got {:?}",
            other.map(|files| files.len())
        ),
    }
}
