//! Embeds what an installed `cdk-from-rust` needs without a checkout, as tables of (path,
//! contents) found by walking folders, sorted, in `$OUT_DIR/embedded.rs`:
//! - `TEMPLATES`: every file under `templates/`;
//! - `LIBRARY`: the package's sources (`../generated`: package.json, README.md, src/*.ts, the
//!   prebuilt handlers' sources and their bundle script), which
//!   `synth` compiles into its cache when the app is outside the repository;
//! - `CHAT_EXAMPLE`: `../examples/chat` (the model `synth` and `dev` use without one, with its
//!   handlers);
//! - `TOOLCHAIN`: `toolchain/` (the pinned npm toolchain of that cache).

use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Reruns this script when anything under `path` changes (cargo scans a folder recursively),
/// which is how files added to an embedded folder are seen.
fn watch(path: &Path) {
    println!("cargo:rerun-if-changed={}", path.display());
}

fn files(root: &Path, keep: impl Fn(&Path) -> bool) -> Vec<(String, PathBuf)> {
    let mut found: Vec<(String, PathBuf)> = walkdir::WalkDir::new(root)
        .into_iter()
        // Installs are never embedded (and generated/node_modules may be a link to a large one).
        .filter_entry(|e| e.file_name() != "node_modules")
        .map(|e| e.expect("the embedded folders are readable"))
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter_map(|path| {
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            keep(Path::new(&rel)).then_some((rel, path))
        })
        .collect();
    found.sort();
    found
}

fn table(out: &mut String, name: &str, doc: &str, entries: &[(String, PathBuf)]) {
    writeln!(out, "/// {doc}\npub static {name}: &[(&str, &str)] = &[").unwrap();
    for (rel, path) in entries {
        println!("cargo:rerun-if-changed={}", path.display());
        writeln!(
            out,
            "    ({rel:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
}

fn main() {
    // Read at run time: the script binary may be reused by a build of another copy.
    let crate_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let crate_dir = crate_dir.as_path();
    let generated = crate_dir.join("../generated");
    let mut out = String::new();
    watch(&crate_dir.join("templates"));
    table(
        &mut out,
        "TEMPLATES",
        "Every template, by path relative to `codegen/templates/`.",
        &files(&crate_dir.join("templates"), |_| true),
    );
    // Only the folders and files the library table takes from: generated/ also holds build
    // output (lib/, .jsii, tsconfig.json) and the node_modules link that scripts/link-library.sh
    // recreates, which a synth in the checkout changes; watching them recompiled the crate.
    for part in ["package.json", "README.md", "src", "handlers", "scripts"] {
        watch(&generated.join(part));
    }
    let library = files(&generated, |rel| {
        let name = rel.to_string_lossy();
        let source = |dir: &str, ext: &str| name.starts_with(dir) && name.ends_with(ext);
        name == "package.json"
            || name == "README.md"
            || source("src/", ".ts")
            || source("handlers/", ".ts")
            || source("scripts/", ".mjs")
    });
    table(
        &mut out,
        "LIBRARY",
        "The library's sources, by path relative to `generated/`.",
        &library,
    );
    watch(&crate_dir.join("../examples/chat"));
    table(
        &mut out,
        "CHAT_EXAMPLE",
        "The chat example, by path relative to `examples/chat/`.",
        &files(&crate_dir.join("../examples/chat"), |_| true),
    );
    watch(&crate_dir.join("toolchain"));
    let toolchain = files(&crate_dir.join("toolchain"), |rel| {
        rel.extension().is_some_and(|e| e == "json")
    });
    table(
        &mut out,
        "TOOLCHAIN",
        "The pinned npm toolchain, by path relative to `codegen/toolchain/`.",
        &toolchain,
    );
    std::fs::write(
        Path::new(&std::env::var("OUT_DIR").unwrap()).join("embedded.rs"),
        out,
    )
    .unwrap();
}
