//! Where functions' code comes from, as our `Function` records it for tools: construct metadata
//! of type `cdk-from-rust:function-source` (format version 1, docs/notes/issue-23.md), which CDK
//! writes into the assembly's manifest (a stack artifact's `metadata`, or the file its
//! `additionalMetadataFile` names) and never into the template. Paths in it are relative to the
//! assembly's folder; here they are made absolute. Functions without it (aws-cdk-lib's
//! `NodejsFunction`, `Code.fromAsset`) have none: `dev` reloads them by synthesizing again.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// The metadata entry's type and the one format version read here.
const METADATA_TYPE: &str = "cdk-from-rust:function-source";
const VERSION: u64 = 1;

#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// A Node handler bundled by esbuild; rebuilt alone with the same esbuild and options.
    Node {
        src_path: PathBuf,
        entry: PathBuf,
        esbuild: PathBuf,
        esbuild_version: String,
        /// The build options besides the entry, output names and working folder, as recorded.
        options: Value,
        /// Every file the bundle was built from.
        inputs: Vec<PathBuf>,
    },
    /// A Python handler's source folder, served as it is.
    Python { src_path: PathBuf },
    /// A Cargo package that cargo-lambda builds into `bootstrap`.
    Rust {
        krate: PathBuf,
        binary: String,
        architecture: String,
    },
}

impl Source {
    /// How `dev` reloads the function, for its output.
    pub fn kind(&self) -> &'static str {
        match self {
            Source::Node { .. } => "Node bundle",
            Source::Python { .. } => "Python folder",
            Source::Rust { .. } => "Rust crate",
        }
    }
}

/// The recorded sources of an assembly's functions, by construct path (as `aws:cdk:path`
/// names a function, without the leading `/`). An entry of another format version, or one
/// that cannot be read, is left out with a note: that function reloads by synthesis.
pub fn read(dir: &Path) -> BTreeMap<String, Source> {
    let mut sources = BTreeMap::new();
    let Some(manifest) = json(&dir.join("manifest.json")) else {
        return sources;
    };
    for artifact in manifest["artifacts"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(_, a)| a)
    {
        let mut entries = vec![artifact["metadata"].clone()];
        if let Some(file) = artifact["additionalMetadataFile"].as_str() {
            entries.extend(json(&dir.join(file)));
        }
        for (path, list) in entries.iter().filter_map(Value::as_object).flatten() {
            for entry in list.as_array().into_iter().flatten() {
                if entry["type"] != METADATA_TYPE {
                    continue;
                }
                let path = path.trim_start_matches('/').to_string();
                match parse(dir, &entry["data"]) {
                    Ok(source) => {
                        sources.insert(path, source);
                    }
                    Err(why) => eprintln!("dev: {path}: {METADATA_TYPE} metadata ignored ({why}); it reloads by synthesizing again"),
                }
            }
        }
    }
    sources
}

fn parse(dir: &Path, data: &Value) -> Result<Source, String> {
    if data["version"].as_u64() != Some(VERSION) {
        return Err(format!(
            "version {}, this dev reads {VERSION}",
            data["version"]
        ));
    }
    let text = |field: &str| {
        data[field]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("no `{field}`"))
    };
    let abs = |p: &str| normalize(&dir.join(p));
    let path = |field: &str| text(field).map(|p| abs(&p));
    match data["kind"].as_str() {
        Some("node-bundle") => Ok(Source::Node {
            src_path: path("srcPath")?,
            entry: path("entry")?,
            esbuild: abs(data["esbuild"]["module"]
                .as_str()
                .ok_or("no `esbuild.module`")?),
            esbuild_version: data["esbuild"]["version"]
                .as_str()
                .ok_or("no `esbuild.version`")?
                .to_string(),
            options: data["options"].clone(),
            inputs: data["inputs"]
                .as_array()
                .ok_or("no `inputs`")?
                .iter()
                .filter_map(Value::as_str)
                .map(abs)
                .collect(),
        }),
        Some("python-folder") => Ok(Source::Python {
            src_path: path("srcPath")?,
        }),
        Some("rust-cargo") => Ok(Source::Rust {
            krate: path("crate")?,
            binary: text("binary")?,
            architecture: text("architecture")?,
        }),
        other => Err(format!(
            "kind {other:?}; node-bundle, python-folder and rust-cargo are read"
        )),
    }
}

fn json(file: &Path) -> Option<Value> {
    serde_json::from_str(&std::fs::read_to_string(file).ok()?).ok()
}

/// `a/b/../c` -> `a/c` without touching the file system (the file may not exist any more).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An assembly whose stack keeps its metadata in `S.metadata.json`, as CDK writes it.
    fn assembly(entries: Value) -> Scratch {
        let dir = Scratch::new();
        let manifest = serde_json::json!({ "artifacts": { "S": {
            "type": "aws:cloudformation:stack",
            "additionalMetadataFile": "S.metadata.json",
            "metadata": { "/S": [{ "type": "aws:cdk:logicalId", "data": "x" }] },
        } } });
        std::fs::write(dir.0.join("manifest.json"), manifest.to_string()).unwrap();
        std::fs::write(dir.0.join("S.metadata.json"), entries.to_string()).unwrap();
        dir
    }

    /// `cdk.out` in a folder of its own, removed with it.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new() -> Scratch {
            let id = format!(
                "dev-sources-{}-{}",
                std::process::id(),
                rand::random::<u64>()
            );
            let dir = std::env::temp_dir().join(id).join("cdk.out");
            std::fs::create_dir_all(&dir).unwrap();
            Scratch(dir)
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(self.0.parent().unwrap());
        }
    }

    #[test]
    fn reads_each_kind_with_paths_made_absolute_from_the_assembly() {
        let dir = assembly(serde_json::json!({
            "/S/Api/a": [{ "type": METADATA_TYPE, "data": {
                "version": 1, "kind": "node-bundle", "handler": "src/a.handler", "runtime": "nodejs22.x",
                "srcPath": "..", "entry": "../src/a.ts",
                "esbuild": { "module": "../node_modules/esbuild/lib/main.js", "version": "0.28.2" },
                "options": { "minify": true }, "inputs": ["../src/a.ts", "../src/shared.ts"] } }],
            "/S/Api/p": [{ "type": METADATA_TYPE, "data": {
                "version": 1, "kind": "python-folder", "handler": "app.handler", "runtime": "python3.12",
                "srcPath": "../py", "exclude": [] } }],
            "/S/Api/r": [{ "type": METADATA_TYPE, "data": {
                "version": 1, "kind": "rust-cargo", "handler": "src/echo", "runtime": "provided.al2023",
                "crate": "../src/echo", "binary": "echo", "architecture": "x86_64" } }],
        }));
        let root = dir.0.parent().unwrap();
        let sources = read(&dir.0);
        let Source::Node {
            entry,
            inputs,
            esbuild,
            ..
        } = &sources["S/Api/a"]
        else {
            panic!("{sources:?}")
        };
        assert_eq!(entry, &root.join("src/a.ts"));
        assert_eq!(inputs, &[root.join("src/a.ts"), root.join("src/shared.ts")]);
        assert_eq!(esbuild, &root.join("node_modules/esbuild/lib/main.js"));
        assert_eq!(
            sources["S/Api/p"],
            Source::Python {
                src_path: root.join("py")
            }
        );
        assert_eq!(
            sources["S/Api/r"],
            Source::Rust {
                krate: root.join("src/echo"),
                binary: "echo".into(),
                architecture: "x86_64".into()
            }
        );
    }

    #[test]
    fn skips_another_version_or_kind_and_other_metadata() {
        let dir = assembly(serde_json::json!({
            "/S/Api/a": [{ "type": METADATA_TYPE, "data": { "version": 2, "kind": "python-folder", "srcPath": "." } }],
            "/S/Api/b": [{ "type": METADATA_TYPE, "data": { "version": 1, "kind": "java-jar", "srcPath": "." } }],
            "/S/Api/c": [{ "type": "aws:cdk:logicalId", "data": "c" }],
        }));
        assert!(read(&dir.0).is_empty());
    }
}
