//! `cargo run -- app` and `synth` as a user runs them: help goldens, every bad-input fixture
//! (exact stderr, exit code 2, nothing written), deterministic output, and a generated folder
//! that never replaces a file it did not write.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use clap::CommandFactory;
use walkdir::WalkDir;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn tmp(name: &str) -> PathBuf {
    support::tmp(&format!("app-{name}"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// Every file below `dir` by relative path, with its content.
fn contents(dir: &Path) -> BTreeMap<PathBuf, String> {
    WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
}

fn examples() -> Vec<PathBuf> {
    let mut models: Vec<PathBuf> = std::fs::read_dir(manifest_dir().join("../examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter_map(|dir| std::fs::read_dir(dir).ok())
        .flatten()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_stem().is_some_and(|s| s == "app"))
        .collect();
    models.sort();
    models
}

#[test]
fn help_texts_of_app_and_synth_match_their_goldens() {
    let mut cli = cdk_from_rust::Cli::command();
    for name in ["app", "synth"] {
        let help = cli
            .find_subcommand_mut(name)
            .unwrap()
            .render_long_help()
            .to_string();
        support::assert_golden(
            &manifest_dir().join(format!("tests/goldens/help-{name}.txt")),
            &help,
        );
    }
}

/// Each fixture under tests/fixtures/app-errors/ is a bad model; `<case>.expected` is the exact
/// stderr of `app` on it.
#[test]
fn every_bad_model_fails_with_its_expected_message_and_writes_nothing() {
    let fixtures = manifest_dir().join("tests/fixtures/app-errors");
    let mut cases = std::collections::BTreeSet::new();
    for entry in WalkDir::new(&fixtures).sort_by_file_name() {
        let path = entry.unwrap().into_path();
        if !path.is_file() || path.extension().is_some_and(|e| e == "expected") {
            continue;
        }
        assert!(
            cases.insert(path.file_stem().unwrap().to_owned()),
            "two fixtures share the case {}",
            path.display()
        );
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let out = tmp(&format!("fixture-{name}"));
        let run: Output = support::bin()
            .arg("app")
            .arg(&name)
            .arg("--out")
            .arg(&out)
            .current_dir(&fixtures)
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(2), "{name}: {}", text(&run.stderr));
        assert!(
            !out.exists(),
            "{name}: something was written to {}",
            out.display()
        );
        support::assert_golden(&path.with_extension("expected"), &text(&run.stderr));
    }
    assert!(cases.len() >= 20, "found only {} fixtures", cases.len());
}

#[test]
fn the_fixtures_cover_every_format() {
    let fixtures = manifest_dir().join("tests/fixtures/app-errors");
    for ext in ["toml", "yaml", "json"] {
        let count = std::fs::read_dir(&fixtures)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == ext)
            })
            .count();
        assert!(count >= 5, "only {count} .{ext} fixtures");
        assert!(
            fixtures.join(format!("syntax-{ext}.{ext}")).exists(),
            "no syntax error fixture in .{ext}"
        );
    }
}

#[test]
fn generating_an_example_twice_gives_identical_files() {
    for model in examples() {
        for lang in ["typescript", "python"] {
            let (first, second) = (tmp("twice-1"), tmp("twice-2"));
            for out in [&first, &second] {
                let run = support::bin()
                    .args(["app", "--lang", lang, "--out"])
                    .arg(out)
                    .arg(&model)
                    .output()
                    .unwrap();
                assert!(
                    run.status.success(),
                    "{}: {}",
                    model.display(),
                    text(&run.stderr)
                );
            }
            assert_eq!(
                contents(&first),
                contents(&second),
                "{} in {lang}",
                model.display()
            );
            let again = support::bin()
                .args(["app", "--lang", lang, "--out"])
                .arg(&first)
                .arg(&model)
                .output()
                .unwrap();
            assert!(
                text(&again.stdout).contains(": 0 written, 0 removed,"),
                "{}",
                text(&again.stdout)
            );
        }
    }
}

#[test]
fn an_app_names_its_files_and_estimates_each_stack() {
    let out = tmp("chat");
    let model = manifest_dir().join("../examples/chat/app.yaml");
    let run = support::bin()
        .arg("app")
        .arg(&model)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert!(
        text(&run.stdout).ends_with(
            ": 6 written, 0 removed, 0 unchanged\n  stack Chat: 31 resources (estimated)\n"
        ),
        "{}",
        text(&run.stdout)
    );
    let files: Vec<String> = contents(&out)
        .keys()
        .map(|p| p.display().to_string())
        .collect();
    assert_eq!(
        files,
        [
            ".gitignore",
            "bin/app.ts",
            "cdk.json",
            "lib/chat-stack.ts",
            "package.json",
            "tsconfig.json"
        ]
    );
    let stack = std::fs::read_to_string(out.join("lib/chat-stack.ts")).unwrap();
    // The handlers live beside the model; the app reaches them from its own folder.
    let src_path =
        codegen::app::paths::relative(&out, &manifest_dir().join("../examples/chat")).unwrap();
    assert!(
        stack.contains(&format!("srcPath: \"{src_path}\",")),
        "{stack}"
    );
    let cdk_json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("cdk.json")).unwrap()).unwrap();
    assert_eq!(
        cdk_json["context"]
            ["hosted-zone:account=123456789012:domainName=example.com:region=us-east-1"]["Id"],
        "/hostedzone/Z0EXAMPLE1234",
        "the model's context answers the hosted-zone lookup offline"
    );
}

#[test]
fn a_hand_written_file_in_the_output_folder_is_never_replaced() {
    let out = tmp("mine");
    std::fs::create_dir_all(out.join("lib")).unwrap();
    std::fs::write(out.join("lib/minimal-stack.ts"), "// my own stack\n").unwrap();
    let model = manifest_dir().join("../examples/minimal/app.toml");
    let run = support::bin()
        .arg("app")
        .arg(&model)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(
        text(&run.stderr).contains(
            "lib/minimal-stack.ts exists and was not written by cdk-from-rust; nothing was written"
        ),
        "{}",
        text(&run.stderr)
    );
    assert_eq!(contents(&out).len(), 1, "nothing was written beside it");
}

#[test]
fn a_python_app_uses_snake_case_keywords_and_the_librarys_python_module() {
    let out = tmp("python");
    let model = manifest_dir().join("../examples/python/app.yaml");
    let run = support::bin()
        .args(["app", "--lang", "python", "--out"])
        .arg(&out)
        .arg(&model)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", text(&run.stderr));
    let stack = std::fs::read_to_string(out.join("rooms_stack.py")).unwrap();
    for expected in [
        "from cdk_from_rust.websocket_api import (\n    FunctionProps,\n    Permission,\n    WebSocketApi,",
        "route_selection_expression=\"$request.body.type\",",
        "Permission.grant(attachments_bucket, \"grantPut\"),",
        "return_response=True,",
        "web_socket_stage_props=WebSocketApiCdkStageProps(stage_name=\"prod\"),",
        "rooms_api.add_route(\n            rooms_api,\n            \"post\",\n            function_props=FunctionProps(",
    ] {
        assert!(stack.contains(expected), "missing {expected:?} in\n{stack}");
    }
    let app = std::fs::read_to_string(out.join("app.py")).unwrap();
    assert!(
        app.contains(
            "from rooms_stack import RoomsStack\n\napp = cdk.App()\nRoomsStack(app, \"Rooms\")\napp.synth()\n"
        ),
        "{app}"
    );
}
