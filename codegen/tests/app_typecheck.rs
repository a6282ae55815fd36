//! Any model that validates produces TypeScript that type-checks: 30 app models generated from
//! strategies (stacks, resources, APIs with routes, defaults, accessLog, authorizer,
//! customDomain, within the rules), each rendered by the generator as a library into
//! `target/typecheck-apps/appN/`, then all of them type-checked by ONE `tsc --noEmit` over a
//! tsconfig that includes every app, as `scripts/examples-check.sh` does for the examples.
//!
//! Needs test-app/node_modules (npm ci) and generated/ built with jsii, so it is ignored in a
//! plain `cargo test`. Run it after those steps of scripts/test-all.sh:
//!
//! ```sh
//! cargo test -p cdk-from-rust-codegen --test app_typecheck -- --ignored
//! ```
//!
//! `TYPECHECK_APPS=100` type-checks more models; `TYPECHECK_SEED=N` picks other ones.

use std::path::Path;
use std::process::Command;

use codegen::app::{self, AppOptions, Format, Lang};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{json, Map, Value};

const RESOURCES: [(&str, &str); 4] = [
    ("connections", "table"),
    ("events", "queue"),
    ("reports", "bucket"),
    ("alerts", "topic"),
];
const GRANTS: [(&str, &str); 4] = [
    ("connections", "grantReadData"),
    ("events", "grantSendMessages"),
    ("reports", "grantPut"),
    ("alerts", "grantPublish"),
];
const ROUTE_KEYS: [&str; 6] = [
    "$connect",
    "$disconnect",
    "$default",
    "sendMessage",
    "join",
    "leave",
];

fn handler() -> impl Strategy<Value = Value> {
    "[a-z]{1,6}".prop_map(|name| json!(format!("src/{name}.main")))
}

/// Function props over the stack's resources.
fn function(resources: Vec<&'static str>, with_handler: bool) -> impl Strategy<Value = Value> {
    let bind = prop::sample::subsequence(resources.clone(), 0..=resources.len());
    let grants = prop::sample::subsequence(resources.clone(), 0..=resources.len());
    (
        handler(),
        prop::option::of(prop::sample::select(vec!["nodejs22.x", "nodejs24.x"])),
        prop::option::of(1u32..900),
        prop::option::of(prop::sample::select(vec![128u32, 256, 1024])),
        prop::option::of(prop::collection::btree_map(
            "[A-Z][A-Z_]{0,6}",
            "[a-z0-9 ]{0,8}",
            0..3,
        )),
        bind,
        grants,
        any::<bool>(),
    )
        .prop_map(
            move |(handler, runtime, timeout, memory, env, bind, grants, actions)| {
                let mut f = Map::new();
                if with_handler {
                    f.insert("handler".into(), handler);
                }
                runtime.map(|r| f.insert("runtime".into(), json!(r)));
                timeout.map(|t| f.insert("timeout".into(), json!(t)));
                memory.map(|m| f.insert("memorySize".into(), json!(m)));
                env.map(|e| f.insert("environment".into(), json!(e)));
                if !bind.is_empty() {
                    f.insert("bind".into(), json!(bind));
                }
                let mut permissions: Vec<Value> = grants
                    .iter()
                    .map(|r| match GRANTS.iter().find(|(id, _)| id == r) {
                        Some((id, grant)) if r.len() % 2 == 0 => {
                            json!({ "resource": id, "grant": grant })
                        }
                        _ => json!({ "resource": r }),
                    })
                    .collect();
                if actions {
                    permissions.push(json!("sqs:SendMessage"));
                }
                if !permissions.is_empty() {
                    f.insert("permissions".into(), Value::Array(permissions));
                }
                Value::Object(f)
            },
        )
}

fn route(resources: Vec<&'static str>) -> impl Strategy<Value = Value> {
    prop_oneof![
        handler(),
        (handler(), prop::option::of(any::<bool>())).prop_map(|(h, r)| match r {
            Some(r) => json!({ "function": h, "returnResponse": r }),
            None => json!({ "function": h }),
        }),
        (function(resources, true), prop::option::of(any::<bool>())).prop_map(|(f, r)| match r {
            Some(r) => json!({ "function": f, "returnResponse": r }),
            None => json!({ "function": f }),
        }),
    ]
}

fn api(resources: Vec<&'static str>) -> impl Strategy<Value = (Value, bool)> {
    (
        prop::collection::btree_map(prop::sample::select(ROUTE_KEYS.to_vec()), route(resources.clone()), 1..5),
        prop::option::of(function(resources, false)),
        prop::option::of(prop_oneof![
            any::<bool>().prop_map(Value::Bool),
            Just(json!("$context.requestId $context.routeKey")),
            prop::sample::select(vec!["one_day", "one_month", "infinite"]).prop_map(|r| json!({ "retention": r })),
        ]),
        prop::option::of(prop_oneof![
            Just(json!("none")),
            Just(json!("iam")),
            handler().prop_map(|h| json!({ "type": "lambda", "function": h })),
            handler().prop_map(|h| json!({ "type": "lambda", "function": h, "name": "Auth", "identitySource": ["route.request.header.Authorization"] })),
        ]),
        prop::option::of(prop_oneof![
            Just(json!("chat.example.com")),
            Just(json!({ "domainName": "api.example.com", "path": "v1" })),
        ]),
        prop::option::of(Just(json!("$request.body.action"))),
    )
        .prop_map(|(routes, defaults, access_log, authorizer, domain, selection)| {
            let mut a = Map::new();
            a.insert("routes".into(), json!(routes));
            defaults.map(|d| a.insert("defaults".into(), json!({ "function": d })));
            access_log.map(|l| a.insert("accessLog".into(), l));
            authorizer.map(|l| a.insert("authorizer".into(), l));
            let has_domain = domain.is_some();
            domain.map(|d| a.insert("customDomain".into(), d));
            selection.map(|s| a.insert("routeSelectionExpression".into(), s));
            (Value::Object(a), has_domain)
        })
}

fn stack() -> impl Strategy<Value = Value> {
    prop::sample::subsequence(RESOURCES.to_vec(), 0..=RESOURCES.len())
        .prop_flat_map(|resources| {
            let ids: Vec<&'static str> = resources.iter().map(|(id, _)| *id).collect();
            (Just(resources), prop::collection::btree_map(prop::sample::select(vec!["Chat", "Admin", "Events2"]), api(ids), 1..3))
        })
        .prop_map(|(resources, apis)| {
            let mut s = Map::new();
            if apis.values().any(|(_, domain)| *domain) {
                s.insert("account".into(), json!("123456789012"));
                s.insert("region".into(), json!("us-east-1"));
            }
            let resources: Map<String, Value> = resources
                .into_iter()
                .map(|(id, ty)| {
                    let r = match ty {
                        "table" => json!({ "type": "table", "partitionKey": { "name": "id", "type": "string" } }),
                        other => json!({ "type": other }),
                    };
                    (id.to_string(), r)
                })
                .collect();
            if !resources.is_empty() {
                s.insert("resources".into(), Value::Object(resources));
            }
            s.insert("webSocketApis".into(), Value::Object(apis.into_iter().map(|(k, (v, _))| (k.to_string(), v)).collect()));
            Value::Object(s)
        })
}

fn model() -> impl Strategy<Value = Value> {
    (
        "[a-z][a-z0-9]{0,6}",
        prop::collection::btree_map("[A-Z][a-z]{1,5}", stack(), 1..3),
    )
        .prop_map(|(name, stacks)| json!({ "app": name, "stacks": stacks }))
}

#[test]
#[ignore = "needs test-app/node_modules and generated/ built: run after scripts/test-all.sh installs them"]
fn every_model_that_validates_renders_typescript_that_type_checks() {
    let workspace = app::workspace();
    let tsc = workspace.join("test-app/node_modules/.bin/tsc");
    assert!(
        tsc.exists(),
        "{} is missing: run `cd test-app && npm ci` first",
        tsc.display()
    );
    let count: usize = std::env::var("TYPECHECK_APPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30);
    let seed: u64 = std::env::var("TYPECHECK_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(7);

    let out = workspace.join("target/typecheck-apps");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    let mut seed_bytes = [0u8; 32];
    seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes),
    );
    let strategy = model();
    let (mut valid, mut tries) = (0, 0);
    let mut refused = Vec::new();
    while valid < count {
        tries += 1;
        assert!(
            tries < count * 10,
            "only {valid} of {tries} generated models validate; refusals: {refused:#?}"
        );
        let value = strategy.new_tree(&mut runner).unwrap().current();
        let text = serde_json::to_string_pretty(&value).unwrap();
        let ir = match app::from_text(&text, Format::Json, "generated.json") {
            Ok(ir) => ir,
            Err(e) => {
                refused.push(e.to_string());
                continue;
            }
        };
        let dir = out.join(format!("app{valid}"));
        let files = app::render(
            &ir,
            &AppOptions {
                lang: Lang::TypeScript,
                src_path: None,
            },
        )
        .unwrap();
        codegen::output::write(&dir, &files, codegen::output::APP_BUILD_DIRS).unwrap();
        std::fs::write(dir.join("model.json"), &text).unwrap();
        std::os::unix::fs::symlink(
            workspace.join("test-app/node_modules"),
            dir.join("node_modules"),
        )
        .unwrap();
        valid += 1;
    }
    eprintln!(
        "{valid} valid models of {tries} generated (seed {seed}); type-checking {}",
        out.display()
    );
    assert!(
        refused.len() * 2 <= tries,
        "most generated models should validate: {refused:#?}"
    );

    let tsconfig = json!({
        "extends": "./app0/tsconfig.json",
        "compilerOptions": { "typeRoots": ["../../test-app/node_modules/@types"] },
        "include": ["*/bin", "*/lib"],
    });
    std::fs::write(
        out.join("tsconfig.json"),
        serde_json::to_string_pretty(&tsconfig).unwrap(),
    )
    .unwrap();
    let result = Command::new(&tsc)
        .arg("--noEmit")
        .arg("-p")
        .arg(out.join("tsconfig.json"))
        .current_dir(&out)
        .output()
        .unwrap();
    assert!(
        result.status.success(),
        "tsc failed on the apps under {} (each folder has its model.json):\n{}{}",
        out.display(),
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
    let _: &Path = &out;
}
