//! Property tests of the app-model parser and validator: whatever the input, in TOML, YAML or
//! JSON, `app::from_text` returns a model or a clean `CodegenError` (no panic, no hang), every
//! syntax error and every problem of a parsed model names `file:line:column`, and a model that
//! is accepted renders in both languages without a panic.
//!
//! Inputs: random bytes and strings, text-level mutations of the example models
//! (`examples/*/app.{toml,yaml,json}`: insert, delete, duplicate lines, truncate) and
//! structure-aware mutations of them (delete, duplicate or retype keys, random values, deep
//! nesting, huge numbers, unicode), each written out in all three formats.
//!
//! `cargo test` runs a bounded number of cases (a few seconds). A long run:
//!
//! ```sh
//! PROPTEST_CASES=100000 cargo test -p cdk-from-rust-codegen --test app_fuzz --release
//! ```
//!
//! Failures are not persisted to files; a shrunk failing input is printed, and fixed bugs keep
//! a regression case in `regressions()` below.

use std::time::{Duration, Instant};

use codegen::app::{self, AppOptions, Format, Lang};
use codegen::CodegenError;
use proptest::prelude::*;
use serde_json::Value;

mod fuzz_input;
use fuzz_input::{any_string, any_value, emit, nested, scalar};

/// Cases per property: `PROPTEST_CASES`, else a bound that keeps `cargo test` fast.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(64);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// The most one input may take, parsing, checking and rendering, in a debug build.
const PER_CASE: Duration = Duration::from_secs(5);

const FORMATS: [Format; 3] = [Format::Toml, Format::Yaml, Format::Json];

fn origin(format: Format) -> &'static str {
    match format {
        Format::Toml => "fuzz.toml",
        Format::Yaml => "fuzz.yaml",
        Format::Json => "fuzz.json",
    }
}

/// The example models, as text and as values.
fn examples() -> &'static [(Format, String, Value)] {
    static EXAMPLES: std::sync::OnceLock<Vec<(Format, String, Value)>> = std::sync::OnceLock::new();
    EXAMPLES.get_or_init(|| {
        let dir = app::workspace().join("examples");
        let mut found = Vec::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            for ext in ["toml", "yaml", "json"] {
                let path = entry.as_ref().unwrap().path().join(format!("app.{ext}"));
                if let Ok(text) = std::fs::read_to_string(&path) {
                    let format = Format::of(&path).unwrap();
                    let tree = app::parse::parse(&text, format, "example").unwrap();
                    found.push((format, text, tree.to_json()));
                }
            }
        }
        found.sort_by(|a, b| a.1.cmp(&b.1));
        assert!(found.len() >= 3, "the examples are in {}", dir.display());
        found
    })
}

/// The property: a model or a clean, located error, in bounded time.
fn check(text: &str, format: Format) -> Result<(), TestCaseError> {
    let started = Instant::now();
    let file = origin(format);
    // Lines as editors (and YAML) count them: a lone carriage return breaks a line too.
    let lines = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .split('\n')
        .count();
    let located = |at: Option<app::tree::Position>, what: &str| -> Result<(), TestCaseError> {
        let at = at.ok_or_else(|| TestCaseError::fail(format!("{what} has no position")))?;
        prop_assert!(
            at.line >= 1 && at.column >= 1 && at.line <= lines,
            "{what}: {at:?} is outside the {lines} lines"
        );
        Ok(())
    };
    match app::from_text(text, format, file) {
        Ok(ir) => {
            for lang in Lang::ALL {
                let files = app::render(
                    &ir,
                    &AppOptions {
                        lang,
                        src_path: None,
                    },
                );
                prop_assert!(
                    files.is_ok(),
                    "an accepted model failed to render: {:?}",
                    files.err()
                );
            }
        }
        Err(CodegenError::AppSyntax { at, message, .. }) => {
            located(at, &format!("the syntax error {message:?}"))?;
            let shown = CodegenError::AppSyntax {
                file: file.into(),
                at,
                message,
            }
            .to_string();
            prop_assert!(shown.starts_with(&format!("{file}:")), "{shown}");
        }
        Err(CodegenError::InvalidApp { issues, .. }) => {
            prop_assert!(!issues.is_empty());
            for issue in &issues {
                let shown = issue.to_string();
                located(issue.at, &shown)?;
                let at = issue.at.unwrap();
                prop_assert!(
                    shown.starts_with(&format!("{file}:{}:{}: ", at.line, at.column)),
                    "{shown}"
                );
                prop_assert!(!shown.contains("this is a bug of cdk-from-rust"), "{shown}");
            }
        }
        Err(other) => {
            return Err(TestCaseError::fail(format!(
                "not a clean model error: {other:?}"
            )))
        }
    }
    let took = started.elapsed();
    prop_assert!(took < PER_CASE, "took {took:?} for {} bytes", text.len());
    Ok(())
}

fn check_all_formats(value: &Value) -> Result<(), TestCaseError> {
    for format in FORMATS {
        check(&emit(value, format), format)?;
    }
    Ok(())
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete,
    Replace(Value),
    /// The same value under another key of the same map.
    Duplicate(String),
    /// A new key with a value.
    Insert(String, Value),
    Nest(usize, bool),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => Just(Mutation::Delete),
        4 => scalar().prop_map(Mutation::Replace),
        2 => any_value().prop_map(Mutation::Replace),
        2 => any_string().prop_map(Mutation::Duplicate),
        2 => (any_string(), any_value()).prop_map(|(k, v)| Mutation::Insert(k, v)),
        1 => (1usize..40, any::<bool>()).prop_map(|(d, m)| Mutation::Nest(d, m)),
    ]
}

/// Every node of a value, as a path of child indexes.
fn node_paths(value: &Value, path: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
    out.push(path.clone());
    let children: Vec<&Value> = match value {
        Value::Array(items) => items.iter().collect(),
        Value::Object(map) => map.values().collect(),
        _ => Vec::new(),
    };
    for (i, child) in children.into_iter().enumerate() {
        path.push(i);
        node_paths(child, path, out);
        path.pop();
    }
}

/// Applies `mutation` to the child `last` of the node at `parent`.
fn apply(root: &mut Value, target: &[usize], mutation: &Mutation) {
    let Some((last, parent)) = target.split_last() else {
        if let Mutation::Replace(v) = mutation {
            *root = v.clone();
        }
        return;
    };
    let mut node = root;
    for &i in parent {
        node = match node {
            Value::Array(items) => &mut items[i],
            Value::Object(map) => map.values_mut().nth(i).unwrap(),
            _ => unreachable!("paths lead through collections"),
        };
    }
    match node {
        Value::Array(items) => match mutation {
            Mutation::Delete => {
                items.remove(*last);
            }
            Mutation::Replace(v) => items[*last] = v.clone(),
            Mutation::Duplicate(_) => items.insert(*last, items[*last].clone()),
            Mutation::Insert(_, v) => items.insert(*last, v.clone()),
            Mutation::Nest(depth, maps) => {
                items[*last] = nested(*depth, *maps, items[*last].clone())
            }
        },
        Value::Object(map) => {
            let key = map.keys().nth(*last).unwrap().clone();
            match mutation {
                Mutation::Delete => {
                    map.shift_remove(&key);
                }
                Mutation::Replace(v) => {
                    map[&key] = v.clone();
                }
                Mutation::Duplicate(other) => {
                    let v = map[&key].clone();
                    map.insert(other.clone(), v);
                }
                Mutation::Insert(k, v) => {
                    map.insert(k.clone(), v.clone());
                }
                Mutation::Nest(depth, maps) => {
                    let v = nested(*depth, *maps, map[&key].clone());
                    map[&key] = v;
                }
            }
        }
        _ => unreachable!("paths lead through collections"),
    }
}

/// An example with a few structure-aware mutations.
fn mutated_example() -> impl Strategy<Value = Value> {
    (
        0..examples().len(),
        prop::collection::vec((any::<prop::sample::Index>(), mutation()), 1..4),
    )
        .prop_map(|(example, mutations)| {
            let mut value = examples()[example].2.clone();
            for (index, mutation) in mutations {
                let mut paths = Vec::new();
                node_paths(&value, &mut Vec::new(), &mut paths);
                apply(&mut value, &paths[index.index(paths.len())], &mutation);
            }
            value
        })
}

#[derive(Debug, Clone)]
enum Edit {
    Insert(String),
    Delete(usize),
    DuplicateLine,
    DeleteLine,
    Truncate,
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => prop_oneof![
            "[\\[\\]{}:,=\"'#\\-\\n \\t&*!|>%@`.]{1,3}",
            "\\PC{1,4}",
            Just("\n  x: 1\n".to_string()),
            Just("99999999999999999999999".to_string()),
            Just("1e999".to_string()),
        ].prop_map(Edit::Insert),
        2 => (1usize..20).prop_map(Edit::Delete),
        2 => Just(Edit::DuplicateLine),
        1 => Just(Edit::DeleteLine),
        1 => Just(Edit::Truncate),
    ]
}

/// A char boundary at or before `at`.
fn boundary(text: &str, at: usize) -> usize {
    (0..=at.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

fn edited(text: &str, edits: &[(prop::sample::Index, Edit)]) -> String {
    let mut text = text.to_string();
    for (index, edit) in edits {
        let at = boundary(&text, index.index(text.len() + 1));
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
        match edit {
            Edit::Insert(s) => text.insert_str(at, s),
            Edit::Delete(n) => {
                let end = boundary(&text, at + n);
                text.replace_range(at..end.max(at), "");
            }
            Edit::DuplicateLine => {
                let line = text[line_start..line_end].to_string();
                text.insert_str(line_start, &line);
            }
            Edit::DeleteLine => text.replace_range(line_start..line_end, ""),
            Edit::Truncate => text.truncate(at),
        }
    }
    text
}

// ----- the properties ----------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_bytes_are_a_model_or_a_clean_error(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let text = String::from_utf8_lossy(&bytes);
        for format in FORMATS {
            check(&text, format)?;
        }
    }

    #[test]
    fn random_text_is_a_model_or_a_clean_error(text in "[\\PC\\n\\t]{0,200}") {
        for format in FORMATS {
            check(&text, format)?;
        }
    }

    #[test]
    fn edited_example_text_is_a_model_or_a_clean_error(
        example in 0..examples().len(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), edit()), 1..6),
    ) {
        let (format, text, _) = &examples()[example];
        check(&edited(text, &edits), *format)?;
    }

    #[test]
    fn mutated_examples_in_every_format_are_a_model_or_a_clean_error(value in mutated_example()) {
        check_all_formats(&value)?;
    }

    #[test]
    fn random_values_in_every_format_are_a_model_or_a_clean_error(value in any_value()) {
        check_all_formats(&value)?;
    }
}

// ----- fixed inputs: extremes, and regressions of bugs the properties found ----------------

#[test]
fn deep_nesting_is_refused_or_read_without_overflowing_the_stack() {
    for depth in [64, 200, 1_000, 10_000] {
        for (format, text) in [
            (
                Format::Json,
                format!("{}{}", "[".repeat(depth), "]".repeat(depth)),
            ),
            (
                Format::Json,
                format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth)),
            ),
            (
                Format::Yaml,
                format!("{}{}", "[".repeat(depth), "]".repeat(depth)),
            ),
            (
                Format::Yaml,
                format!("{}1{}", "{a: ".repeat(depth), "}".repeat(depth)),
            ),
            (
                Format::Yaml,
                (0..depth.min(2_000))
                    .map(|i| format!("{}- \n", "  ".repeat(i)))
                    .collect(),
            ),
            (Format::Yaml, format!("{}1", "- ".repeat(depth))),
            // Quotes and apostrophes do not hide brackets from the nesting guard.
            (
                Format::Yaml,
                "[a'b, \"\\\"\", [[[[[[[[[[[[[[[[[[[[\n".repeat(depth / 20),
            ),
            (
                Format::Toml,
                format!("a = {}{}", "[".repeat(depth), "]".repeat(depth)),
            ),
            (
                Format::Toml,
                format!("a = {}1{}", "{a = ".repeat(depth), "}".repeat(depth)),
            ),
            (Format::Toml, format!("[{}]\n", vec!["a"; depth].join("."))),
        ] {
            check(&text, format).unwrap_or_else(|e| panic!("{format:?} at depth {depth}: {e}"));
        }
    }
}

#[test]
fn huge_and_odd_numbers_are_refused_or_read() {
    for number in [
        "99999999999999999999999",
        "-99999999999999999999999",
        "1e999",
        "-1e999",
        "1e-999",
        "18446744073709551615",
        "0x10",
        "1_000",
        "inf",
        "nan",
        ".inf",
        ".nan",
        "-0",
        "0o17",
        "0b101",
    ] {
        let yaml = format!("app: a\nstacks:\n  S:\n    webSocketApis:\n      A:\n        routes: {{ $default: src/a.main }}\n        defaults: {{ function: {{ timeout: {number} }} }}\n");
        let toml = format!("app = \"a\"\n[stacks.S.webSocketApis.A]\nroutes = {{ \"$default\" = \"src/a.main\" }}\ndefaults = {{ function = {{ timeout = {number} }} }}\n");
        let json = format!("{{\"app\": \"a\", \"stacks\": {{\"S\": {{\"webSocketApis\": {{\"A\": {{\"routes\": {{\"$default\": \"src/a.main\"}}, \"defaults\": {{\"function\": {{\"timeout\": {number}}}}}}}}}}}}}}}");
        for (format, text) in [
            (Format::Yaml, yaml),
            (Format::Toml, toml),
            (Format::Json, json),
        ] {
            check(&text, format).unwrap_or_else(|e| panic!("{format:?} {number}: {e}\n{text}"));
        }
    }
}

#[test]
fn regressions() {
    // Found by the properties, fixed in codegen/src/app/parse/:
    for (format, text) in [
        // saphyr points one line past the end of the input: positions are kept inside it.
        (Format::Yaml, "a:\t#\n\u{3a3}"),
        (Format::Yaml, "\u{1}\r\0\0"),
        // A lone carriage return is a line break in YAML.
        (Format::Yaml, "\r\u{1}"),
        // toml's recursion limit had no position: it points at the deepest nesting.
        (
            Format::Toml,
            &format!("a = {}{}", "[".repeat(200), "]".repeat(200)),
        ),
        // saphyr overflowed the stack on a thousand block levels: refused before it reads them.
        (
            Format::Yaml,
            &(0..1_000)
                .map(|i| format!("{}- \n", "  ".repeat(i)))
                .collect::<String>(),
        ),
    ] {
        check(text, format)
            .unwrap_or_else(|e| panic!("{format:?} {:?}: {e}", &text[..text.len().min(40)]));
    }
}

#[test]
fn huge_inputs_are_read_in_bounded_time() {
    let routes: String = (0..3_000)
        .map(|i| format!("          r{i}: src/a.main\n"))
        .collect();
    let yaml =
        format!("app: a\nstacks:\n  S:\n    webSocketApis:\n      A:\n        routes:\n{routes}");
    check(&yaml, Format::Yaml).unwrap();
    let long = "x".repeat(1 << 20);
    check(&format!("app: {long}\n"), Format::Yaml).unwrap();
    check(&format!("app = \"{long}\"\n"), Format::Toml).unwrap();
}

#[test]
fn the_examples_themselves_are_accepted() {
    for (format, text, value) in examples() {
        assert!(app::from_text(text, *format, origin(*format)).is_ok());
        check_all_formats(value).unwrap();
        for format in FORMATS {
            assert!(
                app::from_text(&emit(value, format), format, origin(format)).is_ok(),
                "{format:?}:\n{}",
                emit(value, format)
            );
        }
    }
}
