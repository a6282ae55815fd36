//! What `cdk synth` made, read back from the cloud assembly: each stack with its resources by
//! type (beside the model's estimate), its routes (route key, function, authorization) and its
//! template's path.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

use serde_json::Value;

use crate::app::AppIr;
use crate::error::CodegenError;

pub fn summarize(ir: &AppIr, assembly: &Path) -> Result<String, CodegenError> {
    let manifest = read_json(&assembly.join("manifest.json"))?;
    let stacks: BTreeMap<&String, &Value> = manifest["artifacts"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, artifact)| artifact["type"] == "aws:cloudformation:stack")
        .collect();
    let mut out = format!(
        "app {}: {} stack{} synthesized into {}\n",
        ir.model.app,
        stacks.len(),
        if stacks.len() == 1 { "" } else { "s" },
        assembly.display()
    );
    for (id, artifact) in stacks {
        let file = artifact["properties"]["templateFile"]
            .as_str()
            .unwrap_or_default();
        let template_path = assembly.join(file);
        let template = read_json(&template_path)?;
        let resources = template["Resources"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        let estimated = ir
            .estimates
            .get(id)
            .map(|e| e.total().to_string())
            .unwrap_or_else(|| "none".into());
        let environment = artifact["environment"].as_str().unwrap_or_default();
        writeln!(
            out,
            "\nstack {id} ({environment}): {} resources (estimated {estimated})",
            resources.len()
        )
        .unwrap();
        writeln!(out, "  template {}", template_path.display()).unwrap();
        let mut by_type: BTreeMap<&str, usize> = BTreeMap::new();
        for resource in resources.values() {
            *by_type
                .entry(resource["Type"].as_str().unwrap_or("?"))
                .or_default() += 1;
        }
        for (resource_type, count) in by_type {
            writeln!(out, "  {count:>4}  {resource_type}").unwrap();
        }
        out.push_str(&routes_table(&resources));
    }
    Ok(out)
}

/// One row per route: its key, the logical id of its function and its authorization type.
fn routes_table(resources: &serde_json::Map<String, Value>) -> String {
    let mut rows: Vec<[String; 3]> = resources
        .values()
        .filter(|r| r["Type"] == "AWS::ApiGatewayV2::Route")
        .map(|route| {
            let props = &route["Properties"];
            // Target: `integrations/{Ref}`; the integration's URI holds `{"Fn::GetAtt": [fn, "Arn"]}`.
            let function = first(&props["Target"], &|map| {
                map.get("Ref")?.as_str().filter(|r| !r.starts_with("AWS::"))
            })
            .and_then(|integration| resources.get(integration))
            .and_then(|integration| {
                first(&integration["Properties"]["IntegrationUri"], &|map| {
                    map.get("Fn::GetAtt")?[0].as_str()
                })
            })
            .unwrap_or("?");
            [
                props["RouteKey"].as_str().unwrap_or("?").to_string(),
                function.to_string(),
                props["AuthorizationType"]
                    .as_str()
                    .unwrap_or("NONE")
                    .to_string(),
            ]
        })
        .collect();
    if rows.is_empty() {
        return String::new();
    }
    rows.sort();
    let header = [
        "route key".to_string(),
        "function".to_string(),
        "authorization".to_string(),
    ];
    let widths: Vec<usize> = (0..2)
        .map(|i| {
            rows.iter()
                .chain([&header])
                .map(|r| r[i].len())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::from("  routes\n");
    for row in std::iter::once(&header).chain(&rows) {
        writeln!(
            out,
            "    {:<w0$}  {:<w1$}  {}",
            row[0],
            row[1],
            row[2],
            w0 = widths[0],
            w1 = widths[1]
        )
        .unwrap();
    }
    out
}

/// The first id `pick` finds in an object anywhere in `value`, depth first.
fn first<'a>(
    value: &'a Value,
    pick: &dyn Fn(&'a serde_json::Map<String, Value>) -> Option<&'a str>,
) -> Option<&'a str> {
    match value {
        Value::Object(map) => pick(map).or_else(|| map.values().find_map(|v| first(v, pick))),
        Value::Array(items) => items.iter().find_map(|v| first(v, pick)),
        _ => None,
    }
}

fn read_json(path: &Path) -> Result<Value, CodegenError> {
    let text = std::fs::read_to_string(path).map_err(|e| CodegenError::io(path, e))?;
    serde_json::from_str(&text).map_err(|e| CodegenError::SynthOutput {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}
