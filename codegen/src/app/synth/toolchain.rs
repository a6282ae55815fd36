//! The toolchain generated apps run with: the pinned CDK CLI, aws-cdk-lib, constructs and tsx,
//! with the library beside them. Set up once, with progress on stderr:
//! - in this repository, test-app's install (`npm ci` only while node_modules does not hold
//!   what package-lock.json pins) with generated/ linked in and built by jsii when its sources
//!   changed;
//! - anywhere else, the toolchain of `codegen/toolchain/` (`npm ci` from its lock file) and the
//!   library compiled from the sources built into the binary, in the cache folder
//!   ([`cache_root`]), under a name that changes with either.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;

use super::{progress, run_tool};
use crate::embedded::{LIBRARY, TOOLCHAIN};
use crate::error::CodegenError;

/// The lock every build of generated/ takes: other work in the checkout builds it too.
const BUILD_LOCK: &str = "/tmp/cdk-from-rust-build.lock";
/// Where the library goes in the cached toolchain's node_modules.
const LIBRARY_DIR: &str = "node_modules/@cdk-from-rust/websocket-api";
/// Marks a cached toolchain whose install finished.
const COMPLETE: &str = ".complete";

pub enum Toolchain {
    /// The checkout's test-app install, with generated/ linked in.
    Checkout(PathBuf),
    /// A folder of the cache.
    Cache(PathBuf),
}

/// The cache folder of cdk-from-rust: `$CDK_FROM_RUST_CACHE`, else `$XDG_CACHE_HOME/cdk-from-rust`,
/// else `~/.cache/cdk-from-rust`.
pub fn cache_root() -> PathBuf {
    let var = |name| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    var("CDK_FROM_RUST_CACHE")
        .or_else(|| var("XDG_CACHE_HOME").map(|d| d.join("cdk-from-rust")))
        .or_else(|| var("HOME").map(|h| h.join(".cache/cdk-from-rust")))
        .unwrap_or_else(|| std::env::temp_dir().join("cdk-from-rust-cache"))
}

impl Toolchain {
    /// The checkout's toolchain for an app inside the checkout, the cache's for any other.
    pub fn for_app(app: &Path) -> Result<Toolchain, CodegenError> {
        let app = std::path::absolute(app).map_err(|e| CodegenError::io(app, e))?;
        Ok(match crate::app::checkout() {
            Some(checkout) if app.starts_with(&checkout) => Toolchain::Checkout(checkout),
            _ => Toolchain::Cache(cache_root().join(format!("toolchain-{:016x}", content_hash()))),
        })
    }

    pub fn node_modules(&self) -> PathBuf {
        match self {
            Toolchain::Checkout(checkout) => checkout.join("test-app/node_modules"),
            Toolchain::Cache(dir) => dir.join("node_modules"),
        }
    }

    pub fn cdk(&self) -> PathBuf {
        self.node_modules().join(".bin/cdk")
    }

    pub fn ensure(&self) -> Result<(), CodegenError> {
        match self {
            Toolchain::Checkout(checkout) => ensure_checkout(checkout),
            Toolchain::Cache(dir) => ensure_cache(dir),
        }
    }
}

/// Identifies the cached toolchain: the pinned toolchain and the library's sources.
fn content_hash() -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    TOOLCHAIN.hash(&mut hasher);
    LIBRARY.hash(&mut hasher);
    hasher.finish()
}

fn ensure_cache(dir: &Path) -> Result<(), CodegenError> {
    if dir.join(COMPLETE).exists() {
        progress(&format!("toolchain: {} (cached)", dir.display()));
        return Ok(());
    }
    // Installed beside its final place and renamed into it, so that an interrupted install
    // is never taken for a finished one.
    let partial = dir.with_extension(format!("partial-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&partial);
    let write = |rel: &str, text: &str| {
        let path = partial.join(rel);
        std::fs::create_dir_all(path.parent().expect("below the folder"))
            .map_err(|e| CodegenError::io(&path, e))?;
        std::fs::write(&path, text).map_err(|e| CodegenError::io(&path, e))
    };
    for (rel, text) in TOOLCHAIN {
        write(rel, text)?;
    }
    progress(&format!(
        "toolchain: npm ci into {} (once per toolchain; a minute or two)",
        dir.display()
    ));
    run_tool(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&partial),
        "npm ci",
    )?;
    progress(
        "toolchain: compiling @cdk-from-rust/websocket-api from the sources built into this binary",
    );
    for (rel, text) in LIBRARY {
        write(&format!("{LIBRARY_DIR}/{rel}"), text)?;
    }
    write(&format!("{LIBRARY_DIR}/tsconfig.json"), LIBRARY_TSCONFIG)?;
    run_tool(
        Command::new(partial.join("node_modules/.bin/tsc"))
            .args(["-p", LIBRARY_DIR])
            .current_dir(&partial),
        "tsc -p node_modules/@cdk-from-rust/websocket-api",
    )?;
    run_tool(
        Command::new("node")
            .args(["scripts/bundle-handlers.mjs"])
            .current_dir(partial.join(LIBRARY_DIR)),
        "node scripts/bundle-handlers.mjs",
    )?;
    write(COMPLETE, "")?;
    match std::fs::rename(&partial, dir) {
        Ok(()) => Ok(()),
        // Another run finished the same install first: use it.
        Err(_) if dir.join(COMPLETE).exists() => {
            let _ = std::fs::remove_dir_all(&partial);
            Ok(())
        }
        Err(e) => Err(CodegenError::io(dir, e)),
    }
}

/// jsii's compiler settings for the library, for plain `tsc`.
const LIBRARY_TSCONFIG: &str = r#"{
  "compilerOptions": {
    "target": "ES2020",
    "module": "commonjs",
    "lib": ["es2020"],
    "declaration": true,
    "strict": true,
    "skipLibCheck": true,
    "types": ["node"],
    "rootDir": "src",
    "outDir": "lib"
  },
  "include": ["src"]
}
"#;

fn ensure_checkout(checkout: &Path) -> Result<(), CodegenError> {
    let test_app = checkout.join("test-app");
    if installed_as_locked(&test_app)? {
        progress("toolchain: test-app/node_modules matches test-app/package-lock.json");
    } else {
        progress(
            "toolchain: npm ci in test-app/ (once per package-lock.json; takes a minute or two)",
        );
        run_tool(
            Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
                .current_dir(&test_app),
            "npm ci",
        )?;
    }
    run_tool(
        Command::new(checkout.join("scripts/link-library.sh")).current_dir(checkout),
        "scripts/link-library.sh",
    )?;
    let generated = checkout.join("generated");
    if build_is_stale(&generated)? {
        progress(
            "toolchain: building generated/ with jsii (its sources changed since the last build)",
        );
        // The standard library's file lock (flock(2) on Unix): no `flock` command needed.
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(BUILD_LOCK)
            .map_err(|e| CodegenError::io(BUILD_LOCK, e))?;
        lock.lock().map_err(|e| CodegenError::io(BUILD_LOCK, e))?;
        run_tool(
            Command::new("npm")
                .args(["run", "--silent", "build"])
                .current_dir(&generated),
            "npm run build",
        )?;
        drop(lock);
    }
    Ok(())
}

/// Points the app's node_modules at the toolchain, unless the app has an install of its own.
pub fn link_app(node_modules: &Path, app: &Path) -> Result<(), CodegenError> {
    let link = app.join("node_modules");
    match std::fs::symlink_metadata(&link) {
        Ok(meta) if !meta.file_type().is_symlink() => return Ok(()),
        Ok(_) if std::fs::read_link(&link).is_ok_and(|t| t == node_modules) => return Ok(()),
        Ok(_) => std::fs::remove_file(&link).map_err(|e| CodegenError::io(&link, e))?,
        Err(_) => {}
    }
    std::os::unix::fs::symlink(node_modules, &link).map_err(|e| CodegenError::io(&link, e))
}

/// Whether npm's record of what it installed (node_modules/.package-lock.json) has every
/// package of package-lock.json at its locked version. Optional packages for other platforms
/// are never installed and do not count.
fn installed_as_locked(test_app: &Path) -> Result<bool, CodegenError> {
    let installed_path = test_app.join("node_modules/.package-lock.json");
    if !installed_path.exists() || !test_app.join("node_modules/.bin/cdk").exists() {
        return Ok(false);
    }
    let locked = packages(&test_app.join("package-lock.json"))?;
    let installed = packages(&installed_path)?;
    let every_locked = locked.iter().all(|(path, (version, optional))| {
        installed
            .get(path)
            .map_or(*optional, |(installed_version, _)| {
                installed_version == version
            })
    });
    let nothing_else = installed.keys().all(|path| locked.contains_key(path));
    Ok(every_locked && nothing_else)
}

/// Package path -> (version, optional) of a lock file's `packages`, without the root.
fn packages(path: &Path) -> Result<BTreeMap<String, (String, bool)>, CodegenError> {
    let text = std::fs::read_to_string(path).map_err(|e| CodegenError::io(path, e))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| CodegenError::SynthOutput {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
    let entries = json["packages"].as_object().into_iter().flatten();
    Ok(entries
        .filter(|(path, _)| !path.is_empty())
        .map(|(path, entry)| {
            let version = entry["version"].as_str().unwrap_or_default().to_string();
            (
                path.clone(),
                (version, entry["optional"].as_bool().unwrap_or(false)),
            )
        })
        .collect())
}

/// Whether a source of generated/ (src/*.ts, package.json) is newer than its last jsii build
/// (`.jsii`, written last).
fn build_is_stale(generated: &Path) -> Result<bool, CodegenError> {
    let modified = |path: &Path| {
        std::fs::metadata(path)
            .and_then(|m| m.modified())
            .map_err(|e| CodegenError::io(path, e))
    };
    let built = generated.join(".jsii");
    if !built.exists() {
        return Ok(true);
    }
    let built_at = modified(&built)?;
    let src = generated.join("src");
    let sources = std::fs::read_dir(&src).map_err(|e| CodegenError::io(&src, e))?;
    for source in sources
        .map(|e| e.map(|e| e.path()))
        .chain([Ok(generated.join("package.json"))])
    {
        let source = source.map_err(|e| CodegenError::io(&src, e))?;
        if modified(&source)? > built_at {
            return Ok(true);
        }
    }
    Ok(false)
}
