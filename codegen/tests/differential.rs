//! Each validation rule has one home (the library model), and this proves that both of its
//! users agree: every case of `fixtures/differential/cases.json` goes through the app-model
//! validator (here) and through the construct (`test-app/test/differential/construct.ts`, in
//! Node), and both must accept it, or refuse it with the same message.

use std::process::Command;

use codegen::app::{self, Format};
use serde_json::{json, Value};

/// What the app-model validator says of a case: `accepted`, or its first message.
fn validator_verdict(case: &Value) -> String {
    let model = json!({
        "app": "differential",
        "stacks": { "Diff": {
            "account": "123456789012",
            "region": "us-east-1",
            "resources": case.get("resources").cloned().unwrap_or(json!({})),
            "webSocketApis": { "Api": case["api"] },
        } },
    });
    match app::from_text(&model.to_string(), Format::Json, "case.json") {
        Ok(_) => "accepted".to_string(),
        Err(codegen::CodegenError::InvalidApp { issues, .. }) => issues[0].message.clone(),
        Err(other) => panic!("{}: {other}", case["name"]),
    }
}

#[test]
#[ignore = "needs test-app/node_modules and generated/ built: run after scripts/test-all.sh installs them"]
fn the_validator_and_the_construct_accept_and_refuse_the_same_cases_with_the_same_messages() {
    let workspace = app::workspace();
    let fixture = workspace.join("codegen/tests/fixtures/differential/cases.json");
    let cases: Value = serde_json::from_str(&std::fs::read_to_string(&fixture).unwrap()).unwrap();
    let cases = cases["cases"].as_array().unwrap();
    let node = Command::new("node")
        .args(["--import", "tsx", "test/differential/construct.ts"])
        .current_dir(workspace.join("test-app"))
        .env("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
        .output()
        .unwrap();
    assert!(
        node.status.success(),
        "the construct's side failed:\n{}",
        String::from_utf8_lossy(&node.stderr)
    );
    let construct: Vec<Value> = String::from_utf8(node.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(construct.len(), cases.len(), "one verdict per case");
    let mut differences = Vec::new();
    let (mut accepted, mut refused) = (0, 0);
    for (case, construct) in cases.iter().zip(&construct) {
        let name = case["name"].as_str().unwrap();
        assert_eq!(construct["name"], name);
        let (ours, theirs) = (
            validator_verdict(case),
            construct["verdict"].as_str().unwrap().to_string(),
        );
        let expect = case["expect"].as_str().unwrap();
        if ours != theirs || !ours.starts_with(expect) {
            differences.push(format!(
                "{name}:\n  expected  {expect}\n  validator {ours}\n  construct {theirs}"
            ));
        }
        if ours == "accepted" {
            accepted += 1
        } else {
            refused += 1
        }
    }
    assert!(
        differences.is_empty(),
        "{} of {} cases differ:\n{}",
        differences.len(),
        cases.len(),
        differences.join("\n")
    );
    eprintln!("{} cases: {accepted} accepted and {refused} refused alike by the validator and the construct", cases.len());
}
