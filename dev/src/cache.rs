//! The cache folder (`$CDK_FROM_RUST_CACHE`, else `$XDG_CACHE_HOME/cdk-from-rust`, else
//! `~/.cache/cdk-from-rust`), shared with `synth`: what
//! `dev` sets up once per machine and never in the user's project — the local CA, our Node and
//! Python runtime clients, the pinned `@aws-sdk/*` set and boto3 that handlers get as Lambda
//! provides them, and the moto virtualenv of the local DynamoDB stand-in. Installs run under a
//! file lock, so that two `dev` processes starting together install once.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::error::DevError;

const RUNTIME_CLIENT: &str = include_str!("node/runtime.js");
const REBUILD_HELPER: &str = include_str!("node/rebuild.js");
const SYNTH_RUNNER: &str = include_str!("node/synth.js");
const PYTHON_CLIENT: &str = include_str!("python/runtime.py");
const PYTHON_HELPER: &str = include_str!("python/rebuild.py");
const PYTHON_REQUIREMENTS: &str = include_str!("python/requirements.txt");
/// Bump with python/requirements.txt.
const PYTHON_DIR: &str = "boto3-1.44.8";
const SDK_PACKAGE: &str = include_str!("node/sdk-package.json");
const SDK_LOCK: &str = include_str!("node/sdk-package-lock.json");
/// Bump with sdk-package.json, so that a new set installs beside the old one.
const SDK_DIR: &str = "aws-sdk-3.1169.0";

/// Writes the Node runtime client (when its text changed) and returns its path.
pub fn runtime_client(cache: &Path) -> Result<PathBuf, DevError> {
    write_client(cache, "runtime.js", RUNTIME_CLIENT)
}

/// Writes the Node bundler that rebuilds a saved handler (rebuild/node.rs) and returns its path.
pub fn rebuild_helper(cache: &Path) -> Result<PathBuf, DevError> {
    write_client(cache, "rebuild.js", REBUILD_HELPER)
}

/// Writes the warm synthesizer of TypeScript apps (warm_synth.rs) and returns its path.
pub fn synth_runner(cache: &Path) -> Result<PathBuf, DevError> {
    write_client(cache, "synth.js", SYNTH_RUNNER)
}

/// Writes the Python helper that reads handlers' imports and checks a save (rebuild/python.rs)
/// and returns its path.
pub fn python_helper(cache: &Path) -> Result<PathBuf, DevError> {
    write_client(cache, "rebuild.py", PYTHON_HELPER)
}

/// Writes the Python runtime client (when its text changed) and returns its path.
pub fn python_client(cache: &Path) -> Result<PathBuf, DevError> {
    write_client(cache, "runtime.py", PYTHON_CLIENT)
}

/// The file is named by a hash of its text (`runtime-0123456789abcdef.js`) and written whole
/// (a temporary file renamed): two versions of `dev` sharing the cache, or two servers starting
/// at once, never run or overwrite each other's client.
fn write_client(cache: &Path, name: &str, text: &str) -> Result<PathBuf, DevError> {
    let folder = cache.join("runtime");
    std::fs::create_dir_all(&folder).map_err(|e| DevError::io(&folder, e))?;
    let (stem, extension) = name.rsplit_once('.').unwrap_or((name, ""));
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let path = folder.join(format!("{stem}-{hash:016x}.{extension}"));
    if !path.exists() {
        let partial = folder.join(format!(
            ".{stem}-{hash:016x}.{}.partial",
            std::process::id()
        ));
        std::fs::write(&partial, text).map_err(|e| DevError::io(&partial, e))?;
        std::fs::rename(&partial, &path).map_err(|e| DevError::io(&path, e))?;
    }
    Ok(path)
}

/// Creates the virtualenv with the pinned boto3 once; returns its Python.
pub fn python_env(cache: &Path) -> Result<PathBuf, DevError> {
    let folder = cache.join(PYTHON_DIR);
    let python = folder.join("bin/python3");
    if python.is_file() && folder.join(".installed").is_file() {
        return Ok(python);
    }
    std::fs::create_dir_all(&folder).map_err(|e| DevError::io(&folder, e))?;
    let requirements = folder.join("requirements.txt");
    std::fs::write(&requirements, PYTHON_REQUIREMENTS)
        .map_err(|e| DevError::io(&requirements, e))?;
    eprintln!(
        "dev: installing boto3 for Python handlers into {} (once)",
        folder.display()
    );
    locked(
        cache,
        "test -f .installed || (python3 -m venv . && bin/pip install --quiet --disable-pip-version-check -r requirements.txt && touch .installed)",
        &folder,
        "it needs python3 with venv and access to PyPI",
    )?;
    Ok(python)
}

/// Installs the pinned AWS SDK set with `npm ci` once; returns its node_modules folder.
pub fn aws_sdk(cache: &Path) -> Result<PathBuf, DevError> {
    let folder = cache.join(SDK_DIR);
    let modules = folder.join("node_modules");
    if modules.join(".package-lock.json").is_file() {
        return Ok(modules);
    }
    std::fs::create_dir_all(&folder).map_err(|e| DevError::io(&folder, e))?;
    for (name, text) in [
        ("package.json", SDK_PACKAGE),
        ("package-lock.json", SDK_LOCK),
    ] {
        std::fs::write(folder.join(name), text).map_err(|e| DevError::io(folder.join(name), e))?;
    }
    eprintln!(
        "dev: installing the AWS SDK for handlers into {} (once)",
        folder.display()
    );
    locked(
        cache,
        "test -f node_modules/.package-lock.json || npm ci --no-audit --no-fund --loglevel=error",
        &folder,
        "check that npm can reach its registry",
    )?;
    Ok(modules)
}

/// Runs a shell command under the cache's install lock, its output on stderr.
pub fn locked(cache: &Path, script: &str, dir: &Path, hint: &str) -> Result<(), DevError> {
    let lock = cache.join(".install.lock");
    let status = Command::new("flock")
        .arg(&lock)
        .args(["sh", "-c", script])
        .current_dir(dir)
        .stdout(std::io::stderr())
        .status()
        .map_err(|e| DevError::io("flock", e))?;
    if status.success() {
        Ok(())
    } else {
        Err(DevError::Tool {
            command: script.to_string(),
            status: status.to_string(),
            hint: hint.to_string(),
        })
    }
}
