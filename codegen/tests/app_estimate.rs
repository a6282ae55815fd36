//! The resource estimate of an app model (`codegen/src/app/estimate.rs`) against what the CDK CLI
//! really synthesized: for every example, each stack's template has exactly the estimated
//! resources, type by type. Reads the cloud assemblies `scripts/examples-check.sh` synthesizes
//! into `target/examples/{name}/typescript/cdk.out`.

use std::collections::BTreeMap;
use std::path::Path;

use codegen::app;
use serde_json::Value;

fn read(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run scripts/examples-check.sh first",
            path.display()
        )
    });
    serde_json::from_str(&text).unwrap()
}

/// Resources by type of each stack of a cloud assembly (nested stacks count as one resource of
/// their parent, as CloudFormation counts them).
fn synthesized(assembly: &Path) -> BTreeMap<String, BTreeMap<String, usize>> {
    let manifest = read(&assembly.join("manifest.json"));
    let mut stacks = BTreeMap::new();
    for (id, artifact) in manifest["artifacts"].as_object().unwrap() {
        if artifact["type"] != "aws:cloudformation:stack" {
            continue;
        }
        let template =
            read(&assembly.join(artifact["properties"]["templateFile"].as_str().unwrap()));
        let mut by_type = BTreeMap::new();
        for resource in template["Resources"].as_object().unwrap().values() {
            *by_type
                .entry(resource["Type"].as_str().unwrap().to_string())
                .or_default() += 1;
        }
        stacks.insert(id.clone(), by_type);
    }
    stacks
}

#[test]
#[ignore = "needs the examples synthesized: run after scripts/examples-check.sh"]
fn every_examples_estimate_is_what_the_cdk_cli_synthesized_type_by_type() {
    let workspace = app::workspace();
    let mut compared = 0;
    for entry in walkdir::WalkDir::new(workspace.join("examples"))
        .min_depth(2)
        .max_depth(2)
        .sort_by_file_name()
    {
        let path = entry.unwrap().into_path();
        if path.file_stem().is_none_or(|s| s != "app") {
            continue;
        }
        let name = path
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .to_string();
        let ir = app::load(&path).unwrap();
        let assembly = workspace
            .join("target/examples")
            .join(&name)
            .join("typescript/cdk.out");
        let actual = synthesized(&assembly);
        let estimated: BTreeMap<String, BTreeMap<String, usize>> = ir
            .estimates
            .iter()
            .map(|(stack, e)| {
                (
                    stack.clone(),
                    e.by_type.iter().map(|(t, n)| (t.to_string(), *n)).collect(),
                )
            })
            .collect();
        assert_eq!(
            estimated, actual,
            "examples/{name}: the estimate (left) is not what cdk synth made (right)"
        );
        compared += actual.len();
    }
    assert!(compared >= 5, "compared only {compared} stacks");
    eprintln!("{compared} stacks of the examples: estimates equal the synthesized templates, type by type");
}
