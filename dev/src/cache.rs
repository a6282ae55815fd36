//! The cache folder (`$CDK_FROM_RUST_CACHE`, else `$XDG_CACHE_HOME/cdk-from-rust`, else
//! `~/.cache/cdk-from-rust`), shared with `synth`: what
//! `dev` sets up once per machine and never in the user's project — the local CA, our Node and
//! Python runtime clients, the pinned `@aws-sdk/*` set and boto3 that handlers get as Lambda
//! provides them, and the moto virtualenv of the local DynamoDB stand-in. Installs run under a
//! file lock (the standard library's, no `flock` command), so that two `dev` processes starting
//! together install once; a long install says every few seconds that it is still running.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

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
    install(
        cache,
        &Install {
            what: "boto3 for Python handlers",
            script: "python3 -m venv . && bin/pip install --quiet --disable-pip-version-check -r requirements.txt && touch .installed",
            dir: &folder,
            done: &folder.join(".installed"),
            hint: "it needs python3 with venv and access to PyPI",
        },
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
    install(
        cache,
        &Install {
            what: "the AWS SDK for handlers",
            script: "npm ci --no-audit --no-fund --loglevel=error",
            dir: &folder,
            done: &modules.join(".package-lock.json"),
            hint: "check that npm can reach its registry",
        },
    )?;
    Ok(modules)
}

/// One install into the cache: a shell command run in `dir`, complete once `done` exists.
pub struct Install<'a> {
    /// What is installed, for the messages ("the AWS SDK for handlers").
    pub what: &'a str,
    pub script: &'a str,
    pub dir: &'a Path,
    pub done: &'a Path,
    pub hint: &'a str,
}

/// How often a running install says it still runs.
const PROGRESS_EVERY: Duration = Duration::from_secs(10);

/// Runs an install under the cache's install lock unless it is already done (by this process
/// or another that held the lock first), its output on stderr.
pub fn install(cache: &Path, install: &Install) -> Result<(), DevError> {
    let _lock = install_lock(cache)?;
    if install.done.exists() {
        return Ok(());
    }
    eprintln!(
        "dev: installing {} into {} (once)",
        install.what,
        install.dir.display()
    );
    let started = Instant::now();
    let mut child = Command::new("sh")
        .args(["-c", install.script])
        .current_dir(install.dir)
        .stdout(std::io::stderr())
        .spawn()
        .map_err(|e| DevError::io("sh", e))?;
    let mut said = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| DevError::io("sh", e))? {
            break status;
        }
        if said.elapsed() >= PROGRESS_EVERY {
            eprintln!(
                "dev: still installing {} ({} s)",
                install.what,
                started.elapsed().as_secs()
            );
            said = Instant::now();
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    if !status.success() {
        return Err(DevError::Tool {
            command: install.script.to_string(),
            status: status.to_string(),
            hint: install.hint.to_string(),
        });
    }
    eprintln!(
        "dev: installed {} in {:.1} s",
        install.what,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The cache's install lock, held until the file is dropped (the system releases it if the
/// process dies). Says so when another process holds it.
pub fn install_lock(cache: &Path) -> Result<File, DevError> {
    let path = cache.join(".install.lock");
    std::fs::create_dir_all(cache).map_err(|e| DevError::io(cache, e))?;
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| DevError::io(&path, e))?;
    match file.try_lock() {
        Ok(()) => return Ok(file),
        Err(TryLockError::WouldBlock) => eprintln!(
            "dev: waiting for another process installing into {}",
            cache.display()
        ),
        Err(TryLockError::Error(e)) => return Err(DevError::io(&path, e)),
    }
    file.lock().map_err(|e| DevError::io(&path, e))?;
    Ok(file)
}
