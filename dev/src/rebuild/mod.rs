//! A saved handler rebuilds its function alone: when every changed file belongs to functions'
//! code as their recorded sources tell ([`crate::assembly::sources`]: a Node bundle's import
//! graph, a Python handler's imports in its source folder, a Rust handler's crate), those
//! functions are rebuilt ([`node`], [`python`], [`rust`]) and their next invocation is served
//! from fresh environments; nothing is synthesized and every connection stays open. A failed
//! rebuild keeps the previous code serving. Anything else is the reload module's synthesis.

pub mod node;
pub mod python;
pub mod rust;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use serde_json::json;

use crate::assembly::functions::Function;
use crate::assembly::sources::{self, Source};
use crate::lambda::Pools;

pub struct Rebuilder {
    /// Served functions with a recorded source, by construct path.
    sources: BTreeMap<String, Source>,
    /// Node and Python functions: the files whose save rebuilds them.
    graphs: BTreeMap<String, BTreeSet<PathBuf>>,
    bundler: node::Bundler,
    python: python::Checker,
    /// Where rebuilt code is written, one folder per rebuild.
    out: PathBuf,
    builds: u64,
}

impl Rebuilder {
    /// `served`: the functions `dev` serves; `helpers`: our Node and Python helper scripts.
    pub async fn new(
        assembly: &Path,
        served: &[Arc<Function>],
        helpers: (PathBuf, PathBuf),
    ) -> Rebuilder {
        // Inside the assembly, where a new synthesis leaves it (and `dev` ignores its writes).
        let out = assembly.join(".cdk-from-rust-dev");
        let _ = std::fs::remove_dir_all(&out);
        let mut rebuilder = Rebuilder {
            sources: BTreeMap::new(),
            graphs: BTreeMap::new(),
            bundler: node::Bundler::new(helpers.0),
            python: python::Checker::new(helpers.1),
            out,
            builds: 0,
        };
        rebuilder.refresh(assembly, served).await;
        rebuilder
    }

    /// Reads the sources of a (new) assembly and the import graphs of its Python handlers.
    pub async fn refresh(&mut self, assembly: &Path, served: &[Arc<Function>]) {
        let mut recorded = sources::read(assembly);
        self.sources = served
            .iter()
            .filter_map(|f| Some((f.path.clone(), recorded.remove(&f.path)?)))
            .collect();
        self.graphs.clear();
        for (path, source) in &self.sources {
            if let Source::Node { inputs, .. } = source {
                self.graphs
                    .insert(path.clone(), inputs.iter().cloned().collect());
            }
        }
        let python: Vec<&Arc<Function>> = served
            .iter()
            .filter(|f| matches!(self.sources.get(&f.path), Some(Source::Python { .. })))
            .collect();
        self.python_graphs(&python).await;
    }

    async fn python_graphs(&mut self, functions: &[&Arc<Function>]) {
        let handlers: Vec<(PathBuf, PathBuf)> = functions
            .iter()
            .filter_map(|f| match self.sources.get(&f.path) {
                Some(Source::Python { src_path }) => {
                    Some((src_path.clone(), python::handler_file(src_path, &f.handler)))
                }
                _ => None,
            })
            .collect();
        for (function, graph) in functions.iter().zip(self.python.graphs(&handlers).await) {
            self.graphs
                .insert(function.path.clone(), graph.into_iter().collect());
        }
    }

    /// What `dev` does on a save of each served function's code, for its output.
    pub fn describe(&self, served: &[Arc<Function>]) {
        let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
        let mut synthesized = Vec::new();
        for function in served {
            match self.sources.get(&function.path) {
                Some(source) => *kinds.entry(source.kind()).or_default() += 1,
                None => synthesized.push(function.path.as_str()),
            }
        }
        if !kinds.is_empty() {
            let counts: Vec<String> = kinds.iter().map(|(k, n)| format!("{k}: {n}")).collect();
            eprintln!(
                "dev: a saved handler rebuilds its function alone ({})",
                counts.join(", ")
            );
        }
        if !synthesized.is_empty() {
            eprintln!(
                "dev: a saved handler synthesizes the app again for {} (no cdk-from-rust:function-source metadata: not built by our Function)",
                synthesized.join(", ")
            );
        }
    }

    /// The functions to rebuild when `changed` are saved: `None` unless every file belongs to
    /// some function's code (then the app itself may have changed: synthesize).
    pub fn owners(&self, changed: &[PathBuf]) -> Option<BTreeSet<String>> {
        let mut owners = BTreeSet::new();
        for file in changed {
            let owned: Vec<&String> = self
                .sources
                .iter()
                .filter(|(path, source)| match source {
                    Source::Rust { krate, .. } => {
                        file.starts_with(krate) && !file.starts_with(krate.join("target"))
                    }
                    _ => self.graphs.get(*path).is_some_and(|g| g.contains(file)),
                })
                .map(|(path, _)| path)
                .collect();
            if owned.is_empty() {
                return None;
            }
            owners.extend(owned.into_iter().cloned());
        }
        Some(owners)
    }

    /// Folders whose files are functions' code, for the watcher: recursive ones (Python source
    /// folders, crates) and the folders of Node inputs.
    pub fn roots(&self) -> Vec<(PathBuf, bool)> {
        let mut roots = BTreeSet::new();
        for (path, source) in &self.sources {
            match source {
                Source::Python { src_path } => {
                    roots.insert((src_path.clone(), true));
                }
                Source::Rust { krate, .. } => {
                    roots.insert((krate.clone(), true));
                }
                Source::Node { .. } => {
                    for file in self.graphs.get(path).into_iter().flatten() {
                        if let Some(dir) = file.parent() {
                            roots.insert((dir.to_path_buf(), false));
                        }
                    }
                }
            }
        }
        roots.into_iter().collect()
    }

    /// Rebuilds `owners` and serves each one that built from fresh environments; one that failed
    /// keeps its previous code, and its error is printed.
    pub async fn rebuild(&mut self, owners: &BTreeSet<String>, pools: &Pools) {
        let started = Instant::now();
        let mut rebuilt = Vec::new();
        let mut python = Vec::new();
        for path in owners {
            let (Some(source), Some(served)) =
                (self.sources.get(path).cloned(), pools.function(path))
            else {
                continue;
            };
            self.builds += 1;
            let out = self.out.join(self.builds.to_string());
            match self.build(path, &source, &out).await {
                Ok(code_dir) => {
                    let fresh = Arc::new(Function {
                        code_dir,
                        ..(*served).clone()
                    });
                    pools.replace(fresh.clone()).await;
                    if matches!(source, Source::Python { .. }) {
                        python.push(fresh);
                    }
                    rebuilt.push(path.as_str());
                }
                Err(lines) => eprintln!(
                    "dev: rebuilding {path} ({}) failed; the previous code keeps serving:\n  {}",
                    source.kind(),
                    lines.join("\n  ")
                ),
            }
        }
        if !rebuilt.is_empty() {
            eprintln!(
                "dev: reloaded in {:.3} s: {} (rebuilt alone, fresh environments); {} other function(s) kept warm",
                started.elapsed().as_secs_f64(),
                rebuilt.join(", "),
                pools.count().saturating_sub(rebuilt.len())
            );
        }
        // A new import of a new file is part of the graph from now on.
        let python: Vec<&Arc<Function>> = python.iter().collect();
        self.python_graphs(&python).await;
    }

    /// Creates every Node bundle's esbuild context ahead (its first build), so that the first
    /// save of a handler is an incremental rebuild too; Rust crates get a first debug build in
    /// the background (their dependencies' take minutes, once).
    pub async fn warm(&self) {
        for (index, source) in self.sources.values().enumerate() {
            if let Source::Rust {
                krate,
                binary,
                architecture,
            } = source.clone()
            {
                let out = self.out.join(format!("warm-{index}"));
                tokio::spawn(
                    async move { rust::build(&krate, &binary, &architecture, &out).await },
                );
            }
        }
        let builds = self.sources.iter().filter_map(|(path, source)| {
            let request = node_request(source)?;
            Some(async move {
                let _ = self
                    .bundler
                    .build(&context_key(path, &request), request)
                    .await;
            })
        });
        futures_util::future::join_all(builds).await;
    }

    /// Builds one function's code into `out`; returns the folder to serve it from.
    async fn build(
        &mut self,
        path: &str,
        source: &Source,
        out: &Path,
    ) -> Result<PathBuf, Vec<String>> {
        match source {
            Source::Node { .. } => {
                let request = node_request(source).expect("a Node source");
                let key = context_key(path, &request);
                let (code, inputs) = self.bundler.build(&key, request).await?;
                let file = out.join("index.js");
                std::fs::create_dir_all(out)
                    .and_then(|()| std::fs::write(&file, code))
                    .map_err(|e| vec![format!("{}: {e}", file.display())])?;
                self.graphs
                    .insert(path.to_string(), inputs.into_iter().collect());
                Ok(out.to_path_buf())
            }
            // Served from the folder itself (what a synthesis would zip), once its modules parse.
            Source::Python { src_path } => {
                let files: Vec<PathBuf> = self
                    .graphs
                    .get(path)
                    .into_iter()
                    .flatten()
                    .cloned()
                    .collect();
                self.python.check(&files).await?;
                Ok(src_path.clone())
            }
            Source::Rust {
                krate,
                binary,
                architecture,
            } => {
                rust::build(krate, binary, architecture, out).await?;
                crate::assembly::bootstrap::check(&out.join("bootstrap")).map_err(|e| vec![e])?;
                Ok(out.to_path_buf())
            }
        }
    }
}

/// What the Node bundler is asked for a Node source (none for other kinds).
fn node_request(source: &Source) -> Option<serde_json::Value> {
    let Source::Node {
        src_path,
        entry,
        esbuild,
        esbuild_version,
        options,
        ..
    } = source
    else {
        return None;
    };
    Some(json!({
        "module": esbuild,
        "version": esbuild_version,
        "options": options,
        "srcPath": src_path,
        "entry": entry,
    }))
}

/// A context per function and recorded build: a new synthesis may change either.
fn context_key(path: &str, request: &serde_json::Value) -> String {
    format!("{path}\n{request}")
}

/// Whether a function served from a rebuild and the same function of a new synthesis differ
/// only in where their identical code lies (the files of two flat folders, byte for byte).
pub fn same_code(served: &Function, synthesized: &Function) -> bool {
    let moved = Function {
        code_dir: synthesized.code_dir.clone(),
        ..served.clone()
    };
    moved == *synthesized
        && flat_files(&served.code_dir)
            .is_some_and(|files| Some(files) == flat_files(&synthesized.code_dir))
}

/// A folder's files by name with their bytes; none if it holds a folder or cannot be read.
fn flat_files(dir: &Path) -> Option<BTreeMap<std::ffi::OsString, Vec<u8>>> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(dir).ok()? {
        let entry = entry.ok()?;
        if !entry.file_type().ok()?.is_file() {
            return None;
        }
        files.insert(entry.file_name(), std::fs::read(entry.path()).ok()?);
    }
    Some(files)
}
