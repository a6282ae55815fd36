//! Embeds every template under `templates/` into the binary, so that an installed
//! `cdk-from-rust` needs no checkout: `$OUT_DIR/templates.rs` holds a sorted table of
//! (path relative to `templates/`, contents), found by walking the folder.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut entries: Vec<_> = walkdir::WalkDir::new(&root)
        .into_iter()
        .map(|e| e.expect("templates/ is readable"))
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    entries.sort();
    let mut table = String::from("/// Every template, by path relative to `codegen/templates/`, sorted.\npub static TEMPLATES: &[(&str, &str)] = &[\n");
    for path in entries {
        println!("cargo:rerun-if-changed={}", path.display());
        let rel = path.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
        writeln!(table, "    ({rel:?}, include_str!({:?})),", path.display().to_string()).unwrap();
    }
    table.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("templates.rs");
    std::fs::write(out, table).unwrap();
}
