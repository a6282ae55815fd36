//! The toolchain generated apps run with: test-app's pinned install (aws-cdk-lib, constructs,
//! the CDK CLI, tsx) with the library of generated/ linked in. It is set up once: `npm ci`
//! runs only while test-app/node_modules does not hold what package-lock.json pins, and
//! generated/ is rebuilt only when its sources are newer than its last build.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use super::{progress, run_tool};
use crate::error::CodegenError;

/// The CDK CLI of the toolchain, from the workspace.
pub const CDK: &str = "test-app/node_modules/.bin/cdk";
/// The lock every build of generated/ takes: other work in the checkout builds it too.
const BUILD_LOCK: &str = "/tmp/cdk-from-rust-build.lock";

pub fn ensure(workspace: &Path) -> Result<(), CodegenError> {
    let test_app = workspace.join("test-app");
    if installed_as_locked(&test_app)? {
        progress("toolchain: test-app/node_modules matches test-app/package-lock.json");
    } else {
        progress("toolchain: npm ci in test-app/ (once per package-lock.json; takes a minute or two)");
        run_tool(
            Command::new("npm").args(["ci", "--no-audit", "--no-fund", "--loglevel=error"]).current_dir(&test_app),
            "npm ci",
        )?;
    }
    run_tool(
        Command::new(workspace.join("scripts/link-library.sh")).current_dir(workspace),
        "scripts/link-library.sh",
    )?;
    let generated = workspace.join("generated");
    if build_is_stale(&generated)? {
        progress("toolchain: building generated/ with jsii (its sources changed since the last build)");
        run_tool(
            Command::new("flock").args([BUILD_LOCK, "npm", "run", "--silent", "build"]).current_dir(&generated),
            "npm run build",
        )?;
    }
    Ok(())
}

/// Points the app's node_modules at the toolchain, unless the app has an install of its own.
pub fn link_app(workspace: &Path, app: &Path) -> Result<(), CodegenError> {
    let link = app.join("node_modules");
    let target = workspace.join("test-app/node_modules");
    match std::fs::symlink_metadata(&link) {
        Ok(meta) if !meta.file_type().is_symlink() => return Ok(()),
        Ok(_) if std::fs::read_link(&link).is_ok_and(|t| t == target) => return Ok(()),
        Ok(_) => std::fs::remove_file(&link).map_err(|e| CodegenError::io(&link, e))?,
        Err(_) => {}
    }
    std::os::unix::fs::symlink(&target, &link).map_err(|e| CodegenError::io(&link, e))
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
        installed.get(path).map_or(*optional, |(installed_version, _)| installed_version == version)
    });
    let nothing_else = installed.keys().all(|path| locked.contains_key(path));
    Ok(every_locked && nothing_else)
}

/// Package path -> (version, optional) of a lock file's `packages`, without the root.
fn packages(path: &Path) -> Result<BTreeMap<String, (String, bool)>, CodegenError> {
    let text = std::fs::read_to_string(path).map_err(|e| CodegenError::io(path, e))?;
    let json: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| CodegenError::SynthOutput { path: path.to_path_buf(), message: e.to_string() })?;
    let entries = json["packages"].as_object().into_iter().flatten();
    Ok(entries
        .filter(|(path, _)| !path.is_empty())
        .map(|(path, entry)| {
            let version = entry["version"].as_str().unwrap_or_default().to_string();
            (path.clone(), (version, entry["optional"].as_bool().unwrap_or(false)))
        })
        .collect())
}

/// Whether a source of generated/ (src/*.ts, package.json) is newer than its last jsii build
/// (`.jsii`, written last).
fn build_is_stale(generated: &Path) -> Result<bool, CodegenError> {
    let modified =
        |path: &Path| std::fs::metadata(path).and_then(|m| m.modified()).map_err(|e| CodegenError::io(path, e));
    let built = generated.join(".jsii");
    if !built.exists() {
        return Ok(true);
    }
    let built_at = modified(&built)?;
    let src = generated.join("src");
    let sources = std::fs::read_dir(&src).map_err(|e| CodegenError::io(&src, e))?;
    for source in sources.map(|e| e.map(|e| e.path())).chain([Ok(generated.join("package.json"))]) {
        let source = source.map_err(|e| CodegenError::io(&src, e))?;
        if modified(&source)? > built_at {
            return Ok(true);
        }
    }
    Ok(false)
}
