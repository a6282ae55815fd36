//! The generated source of every example app, per language, against its reviewed golden in
//! `tests/expected/{example}/{lang}/` (cdk-from-cfn's layout). Each example is rendered as
//! `scripts/examples-check.sh` generates it, into `target/examples/{example}/{lang}`. CI never
//! rewrites a golden: `UPDATE_GOLDENS=1 cargo test --test app_goldens` does, for a person, whose
//! diff is then reviewed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use codegen::app::{self, paths, AppOptions, Lang};

fn examples(workspace: &Path) -> Vec<(String, PathBuf)> {
    walkdir::WalkDir::new(workspace.join("examples"))
        .min_depth(2)
        .max_depth(2)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.file_stem().is_some_and(|s| s == "app"))
        .map(|p| {
            (
                p.parent()
                    .unwrap()
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .to_string(),
                p,
            )
        })
        .collect()
}

/// Files below `dir`, relative to it.
fn files_below(dir: &Path) -> BTreeSet<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_path_buf())
        .collect()
}

#[test]
fn every_example_generates_its_golden_source_in_every_language() {
    let workspace = app::workspace();
    let expected = workspace.join("codegen/tests/expected");
    let examples = examples(&workspace);
    assert!(examples.len() >= 4, "{examples:?}");
    for (name, model) in &examples {
        // Named as a user in the repository names it, so that the headers do not depend on where
        // the checkout is.
        let origin = model
            .strip_prefix(&workspace)
            .unwrap()
            .display()
            .to_string();
        let text = std::fs::read_to_string(model).unwrap();
        let ir = app::from_text(&text, app::Format::of(model).unwrap(), &origin).unwrap();
        for lang in Lang::ALL {
            let lang_dir = lang.syntax().name();
            let out = workspace.join("target/examples").join(name).join(lang_dir);
            let src_path = paths::relative(&out, model.parent().unwrap());
            let files = app::render(&ir, &AppOptions { lang, src_path }).unwrap();
            let golden_dir = expected.join(name).join(lang_dir);
            for (rel, content) in &files {
                codegen::golden::assert_golden(&golden_dir.join(rel), content);
            }
            let rendered: BTreeSet<PathBuf> = files.keys().cloned().collect();
            let extra: Vec<PathBuf> = files_below(&golden_dir)
                .difference(&rendered)
                .cloned()
                .collect();
            if std::env::var_os("UPDATE_GOLDENS").is_some() {
                extra
                    .iter()
                    .for_each(|rel| std::fs::remove_file(golden_dir.join(rel)).unwrap());
            } else {
                assert!(
                    extra.is_empty(),
                    "{}: goldens of files no longer generated: {extra:?}",
                    golden_dir.display()
                );
            }
        }
    }
}
