//! Writing and checking an output folder. Only files that carry the generator's marker are
//! replaced or removed; everything else in the folder (installed packages, build output) is
//! left alone.
//!
//! A write is a transaction over the files it owns, so that an interrupted run (killed, power
//! lost) never leaves a mix of old and new files: every new file is staged in [`STAGING`]
//! inside the output folder (the same file system), then a journal listing the renames and
//! removals is written and renamed into place (the commit point), then the journal is applied
//! and the staging folder removed. Applying is idempotent. The next [`write`] first recovers
//! a staging folder left behind ([`recover`]): with a journal it is rolled forward (the folder
//! becomes all-new), without one it is discarded (the folder stays all-old). [`check`] only
//! reports it.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::error::CodegenError;
use crate::view::MARKER;

/// Folders of build and install output that are never walked, in the library package.
pub const LIBRARY_BUILD_DIRS: &[&str] = &["node_modules", "lib", "dist", ".git"];
/// The same for a generated app, whose source lives in `lib/` (`target/`: Maven's output).
pub const APP_BUILD_DIRS: &[&str] = &[
    "node_modules",
    "cdk.out",
    ".venv",
    "__pycache__",
    "target",
    ".git",
];

/// The staging folder of an unfinished write, inside the output folder; never walked.
pub const STAGING: &str = ".cdk-from-rust-staging";
/// The journal in [`STAGING`]; its presence commits the write.
const JOURNAL: &str = "journal.json";
/// The staged files in [`STAGING`], by their paths in the output folder.
const STAGED: &str = "files";

/// How the folder differs from what the model renders.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Drift {
    pub stale: Vec<PathBuf>,
    pub missing: Vec<PathBuf>,
    /// Generated files the model no longer produces.
    pub extra: Vec<PathBuf>,
    /// An earlier write was cut off: [`STAGING`] is still there until the next write recovers it.
    pub interrupted: bool,
}

impl Drift {
    pub fn is_clean(&self) -> bool {
        self.stale.is_empty()
            && self.missing.is_empty()
            && self.extra.is_empty()
            && !self.interrupted
    }

    pub fn lines(&self) -> Vec<String> {
        let tagged = |tag: &str, list: &[PathBuf]| {
            list.iter()
                .map(|p| format!("  {tag} {}", p.display()))
                .collect::<Vec<_>>()
        };
        let interrupted = self.interrupted.then(|| format!("  interrupted {STAGING} (an earlier write was cut off; the next write recovers it)"));
        [
            tagged("stale  ", &self.stale),
            tagged("missing", &self.missing),
            tagged("extra  ", &self.extra),
            interrupted.into_iter().collect(),
        ]
        .concat()
    }
}

/// Whether a file carries the marker near its top. `go.sum` takes no comments: it is generated
/// when the `go.mod` beside it is.
fn is_generated(path: &Path) -> Result<bool, CodegenError> {
    if path.file_name().is_some_and(|n| n == "go.sum") {
        let go_mod = path.with_file_name("go.mod");
        return Ok(go_mod.is_file() && is_generated(&go_mod)?);
    }
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
        let name = e.file_name().to_string_lossy();
        let at_root_staging = e.depth() == 1 && name == STAGING;
        !(e.file_type().is_dir()
            && e.depth() > 0
            && (at_root_staging || skipped.contains(&name.as_ref())))
    });
    for entry in walker {
        let entry = entry.map_err(|e| CodegenError::io(root, e.into()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        if is_generated(entry.path())? {
            found.push(
                entry
                    .path()
                    .strip_prefix(root)
                    .expect("walked below root")
                    .to_path_buf(),
            );
        }
    }
    found.sort();
    Ok(found)
}

/// How `root` differs from `files`; `skipped` names the build folders not to walk. A write
/// that was interrupted is first completed or undone ([`recover`]), so that the folder is
/// compared as a finished run left it.
/// It never touches the folder: a write that was cut off is reported, not recovered.
pub fn check(
    root: &Path,
    files: &BTreeMap<PathBuf, String>,
    skipped: &[&str],
) -> Result<Drift, CodegenError> {
    let mut drift = Drift {
        interrupted: root.join(STAGING).exists(),
        ..Drift::default()
    };
    for (rel, content) in files {
        match fs::read_to_string(root.join(rel)) {
            Ok(existing) if existing == *content => {}
            Ok(_) => drift.stale.push(rel.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => drift.missing.push(rel.clone()),
            Err(e) => return Err(CodegenError::io(root.join(rel), e)),
        }
    }
    drift.extra = generated_files(root, skipped)?
        .into_iter()
        .filter(|p| !files.contains_key(p))
        .collect();
    Ok(drift)
}

/// Writes what changed and removes generated files the model no longer produces, as one
/// transaction (see the module's documentation): an interrupted write leaves the folder
/// all-old or, once recovered, all-new. A file in the way that does not carry the marker
/// stops everything before anything is written.
pub fn write(
    root: &Path,
    files: &BTreeMap<PathBuf, String>,
    skipped: &[&str],
) -> Result<Drift, CodegenError> {
    recover(root)?;
    let drift = check(root, files, skipped)?;
    if let Some(rel) = drift
        .stale
        .iter()
        .find(|rel| !is_generated(&root.join(rel)).unwrap_or(false))
    {
        return Err(CodegenError::NotGenerated {
            path: root.join(rel),
        });
    }
    if drift.is_clean() {
        return Ok(drift);
    }
    let staging = root.join(STAGING);
    let staged = staging.join(STAGED);
    fs::create_dir_all(&staged).map_err(|e| CodegenError::io(&staged, e))?;
    let writes: Vec<&PathBuf> = drift.stale.iter().chain(&drift.missing).collect();
    for rel in &writes {
        let path = staged.join(rel);
        let dir = path.parent().expect("files live in a folder");
        fs::create_dir_all(dir).map_err(|e| CodegenError::io(dir, e))?;
        test_delay();
        write_synced(&path, files[*rel].as_bytes())?;
    }
    let journal = Journal {
        write: writes.iter().map(|p| path_text(p)).collect(),
        remove: drift.extra.iter().map(|p| path_text(p)).collect(),
    };
    let json = serde_json::to_string_pretty(&journal).expect("a journal serializes");
    let pending = staging.join(format!("{JOURNAL}.tmp"));
    write_synced(&pending, json.as_bytes())?;
    fs::rename(&pending, staging.join(JOURNAL))
        .map_err(|e| CodegenError::io(staging.join(JOURNAL), e))?;
    sync_dir(&staging);
    apply(root, &journal)?;
    Ok(drift)
}

/// What a committed write does: files of [`STAGED`] renamed into place, then files removed.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Journal {
    write: Vec<String>,
    remove: Vec<String>,
}

/// A relative path as the journal keeps it: components joined by `/`.
fn path_text(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// A journal's path, refused unless it is a plain relative path below the output folder.
fn journal_path(root: &Path, text: &str) -> Result<PathBuf, CodegenError> {
    let rel = Path::new(text);
    if text.is_empty()
        || !rel
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
    {
        let source = std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("bad path {text:?} in the journal"),
        );
        return Err(CodegenError::io(root.join(STAGING).join(JOURNAL), source));
    }
    Ok(rel.to_path_buf())
}

/// Applies a committed journal. Idempotent: a file already moved, or already removed, by an
/// interrupted earlier try is skipped. Removes the journal, then the staging folder.
fn apply(root: &Path, journal: &Journal) -> Result<(), CodegenError> {
    let staging = root.join(STAGING);
    for text in &journal.write {
        let rel = journal_path(root, text)?;
        let (from, to) = (staging.join(STAGED).join(&rel), root.join(&rel));
        if !from.exists() {
            continue;
        }
        let dir = to.parent().expect("files live in a folder");
        fs::create_dir_all(dir).map_err(|e| CodegenError::io(dir, e))?;
        test_delay();
        fs::rename(&from, &to).map_err(|e| CodegenError::io(&to, e))?;
    }
    for text in &journal.remove {
        let path = root.join(journal_path(root, text)?);
        match fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(CodegenError::io(path, e))
            }
            _ => {}
        }
    }
    sync_dir(root);
    let journal = staging.join(JOURNAL);
    fs::remove_file(&journal).map_err(|e| CodegenError::io(&journal, e))?;
    fs::remove_dir_all(&staging).map_err(|e| CodegenError::io(&staging, e))
}

/// Finishes or undoes a write that was interrupted: a staging folder with a journal is rolled
/// forward, one without is removed. Returns whether there was one.
pub fn recover(root: &Path) -> Result<bool, CodegenError> {
    let staging = root.join(STAGING);
    if !staging.is_dir() {
        return Ok(false);
    }
    let journal = staging.join(JOURNAL);
    match fs::read_to_string(&journal) {
        Ok(text) => {
            let journal: Journal = serde_json::from_str(&text).map_err(|e| {
                CodegenError::io(
                    &journal,
                    std::io::Error::new(std::io::ErrorKind::InvalidData, e),
                )
            })?;
            apply(root, &journal)?;
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            fs::remove_dir_all(&staging).map_err(|e| CodegenError::io(&staging, e))?;
        }
        Err(e) => return Err(CodegenError::io(journal, e)),
    }
    Ok(true)
}

/// Writes a file and flushes it to disk, so that a rename after it never exposes a file
/// whose content is not there yet.
fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), CodegenError> {
    use std::io::Write;
    let mut file = fs::File::create(path).map_err(|e| CodegenError::io(path, e))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| CodegenError::io(path, e))
}

/// Flushes a folder's entries (renames) where the platform can; best effort.
fn sync_dir(dir: &Path) {
    if let Ok(handle) = fs::File::open(dir) {
        let _ = handle.sync_all();
    }
}

/// Debug builds only: `CDK_FROM_RUST_TEST_WRITE_DELAY_MS` sleeps before each staged file and
/// each rename of a write, so that `tests/output_kill.rs` can kill the binary mid-write.
fn test_delay() {
    #[cfg(debug_assertions)]
    if let Some(ms) = std::env::var("CDK_FROM_RUST_TEST_WRITE_DELAY_MS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "cdk-from-rust-output-{name}-{}",
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn files(list: &[(&str, &str)]) -> BTreeMap<PathBuf, String> {
        list.iter()
            .map(|(p, c)| (PathBuf::from(p), format!("// {MARKER}\n{c}")))
            .collect()
    }

    #[test]
    fn writing_removes_only_generated_files_the_model_dropped() {
        let root = tmp_dir("remove");
        write(
            &root,
            &files(&[("src/a.ts", "a"), ("src/b.ts", "b")]),
            LIBRARY_BUILD_DIRS,
        )
        .unwrap();
        fs::write(root.join("src/mine.ts"), "hand written").unwrap();
        fs::create_dir_all(root.join("node_modules/x")).unwrap();
        fs::write(root.join("node_modules/x/c.ts"), format!("// {MARKER}")).unwrap();

        let drift = write(&root, &files(&[("src/a.ts", "a2")]), LIBRARY_BUILD_DIRS).unwrap();
        assert_eq!(drift.stale, [PathBuf::from("src/a.ts")]);
        assert_eq!(drift.extra, [PathBuf::from("src/b.ts")]);
        assert!(!root.join("src/b.ts").exists());
        assert!(
            root.join("src/mine.ts").exists(),
            "a file without the marker is never removed"
        );
        assert!(
            root.join("node_modules/x/c.ts").exists(),
            "installed packages are never walked"
        );
        assert!(
            check(&root, &files(&[("src/a.ts", "a2")]), LIBRARY_BUILD_DIRS)
                .unwrap()
                .is_clean()
        );
    }

    #[test]
    fn check_names_stale_missing_and_extra_files_and_writes_nothing() {
        let root = tmp_dir("check");
        write(
            &root,
            &files(&[("a.ts", "a"), ("gone.ts", "g")]),
            LIBRARY_BUILD_DIRS,
        )
        .unwrap();
        let drift = check(
            &root,
            &files(&[("a.ts", "changed"), ("new.ts", "n")]),
            LIBRARY_BUILD_DIRS,
        )
        .unwrap();
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
        match write(
            &root,
            &files(&[("a.txt", "a"), ("bin/app.ts", "b")]),
            APP_BUILD_DIRS,
        ) {
            Err(CodegenError::NotGenerated { path }) => assert_eq!(path, root.join("bin/app.ts")),
            other => panic!("expected a refusal, got {other:?}"),
        }
        assert!(!root.join("a.txt").exists(), "nothing was written");
        assert_eq!(
            fs::read_to_string(root.join("bin/app.ts")).unwrap(),
            "// mine\n"
        );
    }

    #[test]
    fn a_go_sum_is_rewritten_when_its_go_mod_is_generated_and_refused_when_not() {
        let root = tmp_dir("go-sum");
        write(
            &root,
            &files(&[("go.mod", "m"), ("go.sum", "old")]),
            APP_BUILD_DIRS,
        )
        .unwrap();
        fs::write(root.join("go.sum"), "tidied by hand").unwrap();
        write(
            &root,
            &files(&[("go.mod", "m"), ("go.sum", "new")]),
            APP_BUILD_DIRS,
        )
        .unwrap();
        assert!(fs::read_to_string(root.join("go.sum"))
            .unwrap()
            .ends_with("new"));
        fs::write(root.join("go.mod"), "module mine").unwrap();
        match write(
            &root,
            &files(&[("go.mod", "m"), ("go.sum", "newer")]),
            APP_BUILD_DIRS,
        ) {
            Err(CodegenError::NotGenerated { path }) => assert!(
                path.ends_with("go.mod") || path.ends_with("go.sum"),
                "{path:?}"
            ),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn an_app_drops_the_source_of_a_renamed_stack_in_lib() {
        let root = tmp_dir("app-lib");
        write(&root, &files(&[("lib/old.ts", "o")]), APP_BUILD_DIRS).unwrap();
        let drift = write(&root, &files(&[("lib/new.ts", "n")]), APP_BUILD_DIRS).unwrap();
        assert_eq!(drift.extra, [PathBuf::from("lib/old.ts")]);
        assert!(!root.join("lib/old.ts").exists());
    }

    #[test]
    fn a_staging_folder_without_a_journal_is_discarded_and_with_one_rolled_forward() {
        let root = tmp_dir("recover");
        write(
            &root,
            &files(&[("a.ts", "old a"), ("gone.ts", "g")]),
            APP_BUILD_DIRS,
        )
        .unwrap();
        let old = check(
            &root,
            &files(&[("a.ts", "old a"), ("gone.ts", "g")]),
            APP_BUILD_DIRS,
        )
        .unwrap();
        assert!(old.is_clean());

        // Interrupted before the commit point: staged files, no journal.
        fs::create_dir_all(root.join(STAGING).join(STAGED)).unwrap();
        fs::write(
            root.join(STAGING).join(STAGED).join("a.ts"),
            format!("// {MARKER}\nnew a"),
        )
        .unwrap();
        let interrupted = check(
            &root,
            &files(&[("a.ts", "old a"), ("gone.ts", "g")]),
            APP_BUILD_DIRS,
        )
        .unwrap();
        assert!(
            interrupted.interrupted && !interrupted.is_clean(),
            "check reports it and touches nothing"
        );
        assert!(root.join(STAGING).exists());
        assert!(recover(&root).unwrap(), "no journal: discarded");
        assert!(!root.join(STAGING).exists(), "discarded");
        assert!(check(
            &root,
            &files(&[("a.ts", "old a"), ("gone.ts", "g")]),
            APP_BUILD_DIRS
        )
        .unwrap()
        .is_clean());

        // Interrupted after the commit point, one rename already done.
        fs::create_dir_all(root.join(STAGING).join(STAGED).join("lib")).unwrap();
        fs::write(
            root.join(STAGING).join(STAGED).join("lib/b.ts"),
            format!("// {MARKER}\nb"),
        )
        .unwrap();
        fs::write(root.join("a.ts"), format!("// {MARKER}\nnew a")).unwrap();
        let journal = Journal {
            write: vec!["a.ts".into(), "lib/b.ts".into()],
            remove: vec!["gone.ts".into()],
        };
        fs::write(
            root.join(STAGING).join(JOURNAL),
            serde_json::to_string(&journal).unwrap(),
        )
        .unwrap();
        assert!(recover(&root).unwrap());
        assert!(!root.join(STAGING).exists());
        let new = files(&[("a.ts", "new a"), ("lib/b.ts", "b")]);
        assert!(
            check(&root, &new, APP_BUILD_DIRS).unwrap().is_clean(),
            "rolled forward"
        );
        assert!(!recover(&root).unwrap(), "nothing left to recover");
    }

    #[test]
    fn a_journal_cannot_reach_outside_the_folder() {
        let root = tmp_dir("journal-escape");
        fs::create_dir_all(root.join(STAGING)).unwrap();
        fs::write(
            root.join(STAGING).join(JOURNAL),
            r#"{"write": [], "remove": ["../x"]}"#,
        )
        .unwrap();
        assert!(matches!(recover(&root), Err(CodegenError::Io { .. })));
    }
}
