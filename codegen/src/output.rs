//! Writing and checking an output folder. Only files that carry the generator's marker are
//! replaced or removed; everything else in the folder (installed packages, build output) is
//! left alone.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::error::CodegenError;
use crate::view::MARKER;

/// Folders of build and install output that are never walked, in the library package.
pub const LIBRARY_BUILD_DIRS: &[&str] = &["node_modules", "lib", "dist", ".git"];
/// The same for a generated app, whose source lives in `lib/`.
pub const APP_BUILD_DIRS: &[&str] = &["node_modules", "cdk.out", ".venv", "__pycache__", ".git"];

/// How the folder differs from what the model renders.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Drift {
    pub stale: Vec<PathBuf>,
    pub missing: Vec<PathBuf>,
    /// Generated files the model no longer produces.
    pub extra: Vec<PathBuf>,
}

impl Drift {
    pub fn is_clean(&self) -> bool {
        self.stale.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }

    pub fn lines(&self) -> Vec<String> {
        let tagged = |tag: &str, list: &[PathBuf]| list.iter().map(|p| format!("  {tag} {}", p.display())).collect::<Vec<_>>();
        [tagged("stale  ", &self.stale), tagged("missing", &self.missing), tagged("extra  ", &self.extra)].concat()
    }
}

/// Whether a file carries the marker near its top.
fn is_generated(path: &Path) -> Result<bool, CodegenError> {
    let bytes = fs::read(path).map_err(|e| CodegenError::io(path, e))?;
    Ok(String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).contains(MARKER))
}

/// Files below `root` that carry the marker, relative to `root`.
fn generated_files(root: &Path, skipped: &[&str]) -> Result<Vec<PathBuf>, CodegenError> {
    if !root.exists() {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    let walker = WalkDir::new(root).into_iter().filter_entry(|e| {
        !(e.file_type().is_dir() && e.depth() > 0 && skipped.contains(&e.file_name().to_string_lossy().as_ref()))
    });
    for entry in walker {
        let entry = entry.map_err(|e| CodegenError::io(root, e.into()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        if is_generated(entry.path())? {
            found.push(entry.path().strip_prefix(root).expect("walked below root").to_path_buf());
        }
    }
    found.sort();
    Ok(found)
}

/// How `root` differs from `files`; `skipped` names the build folders not to walk.
pub fn check(root: &Path, files: &BTreeMap<PathBuf, String>, skipped: &[&str]) -> Result<Drift, CodegenError> {
    let mut drift = Drift::default();
    for (rel, content) in files {
        match fs::read_to_string(root.join(rel)) {
            Ok(existing) if existing == *content => {}
            Ok(_) => drift.stale.push(rel.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => drift.missing.push(rel.clone()),
            Err(e) => return Err(CodegenError::io(root.join(rel), e)),
        }
    }
    drift.extra = generated_files(root, skipped)?.into_iter().filter(|p| !files.contains_key(p)).collect();
    Ok(drift)
}

/// Writes what changed, each file through a temporary sibling and a rename so that no file
/// is ever half written, then removes generated files the model no longer produces. A file
/// in the way that does not carry the marker stops everything before anything is written.
pub fn write(root: &Path, files: &BTreeMap<PathBuf, String>, skipped: &[&str]) -> Result<Drift, CodegenError> {
    let drift = check(root, files, skipped)?;
    if let Some(rel) = drift.stale.iter().find(|rel| !is_generated(&root.join(rel)).unwrap_or(false)) {
        return Err(CodegenError::NotGenerated { path: root.join(rel) });
    }
    for rel in drift.stale.iter().chain(&drift.missing) {
        let path = root.join(rel);
        let dir = path.parent().expect("files live in a folder");
        fs::create_dir_all(dir).map_err(|e| CodegenError::io(dir, e))?;
        let tmp = dir.join(format!(".{}.tmp", rel.file_name().expect("a file name").to_string_lossy()));
        fs::write(&tmp, &files[rel]).map_err(|e| CodegenError::io(&tmp, e))?;
        fs::rename(&tmp, &path).map_err(|e| CodegenError::io(&path, e))?;
    }
    for rel in &drift.extra {
        fs::remove_file(root.join(rel)).map_err(|e| CodegenError::io(root.join(rel), e))?;
    }
    Ok(drift)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("cdk-from-rust-output-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn files(list: &[(&str, &str)]) -> BTreeMap<PathBuf, String> {
        list.iter().map(|(p, c)| (PathBuf::from(p), format!("// {MARKER}\n{c}"))).collect()
    }

    #[test]
    fn writing_removes_only_generated_files_the_model_dropped() {
        let root = tmp_dir("remove");
        write(&root, &files(&[("src/a.ts", "a"), ("src/b.ts", "b")]), LIBRARY_BUILD_DIRS).unwrap();
        fs::write(root.join("src/mine.ts"), "hand written").unwrap();
        fs::create_dir_all(root.join("node_modules/x")).unwrap();
        fs::write(root.join("node_modules/x/c.ts"), format!("// {MARKER}")).unwrap();

        let drift = write(&root, &files(&[("src/a.ts", "a2")]), LIBRARY_BUILD_DIRS).unwrap();
        assert_eq!(drift.stale, [PathBuf::from("src/a.ts")]);
        assert_eq!(drift.extra, [PathBuf::from("src/b.ts")]);
        assert!(!root.join("src/b.ts").exists());
        assert!(root.join("src/mine.ts").exists(), "a file without the marker is never removed");
        assert!(root.join("node_modules/x/c.ts").exists(), "installed packages are never walked");
        assert!(check(&root, &files(&[("src/a.ts", "a2")]), LIBRARY_BUILD_DIRS).unwrap().is_clean());
    }

    #[test]
    fn check_names_stale_missing_and_extra_files_and_writes_nothing() {
        let root = tmp_dir("check");
        write(&root, &files(&[("a.ts", "a"), ("gone.ts", "g")]), LIBRARY_BUILD_DIRS).unwrap();
        let drift = check(&root, &files(&[("a.ts", "changed"), ("new.ts", "n")]), LIBRARY_BUILD_DIRS).unwrap();
        assert_eq!(
            drift.lines(),
            ["  stale   a.ts", "  missing new.ts", "  extra   gone.ts"]
        );
        assert!(!root.join("new.ts").exists());
        assert!(root.join("gone.ts").exists());
    }

    #[test]
    fn a_hand_written_file_in_the_way_stops_everything() {
        let root = tmp_dir("foreign");
        fs::create_dir_all(root.join("bin")).unwrap();
        fs::write(root.join("bin/app.ts"), "// mine\n").unwrap();
        match write(&root, &files(&[("a.txt", "a"), ("bin/app.ts", "b")]), APP_BUILD_DIRS) {
            Err(CodegenError::NotGenerated { path }) => assert_eq!(path, root.join("bin/app.ts")),
            other => panic!("expected a refusal, got {other:?}"),
        }
        assert!(!root.join("a.txt").exists(), "nothing was written");
        assert_eq!(fs::read_to_string(root.join("bin/app.ts")).unwrap(), "// mine\n");
    }

    #[test]
    fn an_app_drops_the_source_of_a_renamed_stack_in_lib() {
        let root = tmp_dir("app-lib");
        write(&root, &files(&[("lib/old.ts", "o")]), APP_BUILD_DIRS).unwrap();
        let drift = write(&root, &files(&[("lib/new.ts", "n")]), APP_BUILD_DIRS).unwrap();
        assert_eq!(drift.extra, [PathBuf::from("lib/old.ts")]);
        assert!(!root.join("lib/old.ts").exists());
    }
}
