//! Reload: a change under the watched folder (the app model's, or `--watch DIR` of a CDK app)
//! that only touches functions' code rebuilds those functions alone ([`crate::rebuild`]); any
//! other change synthesizes the app again, and functions whose asset or settings changed are
//! served from fresh environments. Every other function keeps its warm environments, and
//! connections stay open: APIs, routes and sockets are not touched. A failed rebuild or
//! synthesis keeps the previous code serving.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};
use tokio::sync::mpsc;

use super::assembly::apis::{Api, ConnectAuth};
use super::assembly::Assembly;
use super::error::DevError;
use super::lambda::Pools;
use super::rebuild::Rebuilder;
use super::warm_synth::WarmSynth;
use super::AppModels;

/// How the app is synthesized again.
#[derive(Clone)]
pub enum Source {
    /// An app model: generated and synthesized as on start.
    Model {
        model: PathBuf,
        app: Arc<dyn AppModels>,
    },
    /// A CDK app's folder: `cdk synth -o ASSEMBLY` in it.
    App { dir: PathBuf, assembly: PathBuf },
    /// A CDK project (`dev` with cdk.json): its app command, as on start.
    Project(super::project::CdkApp),
}

/// Build output, installs and caches: writing them is no change to the app's sources.
const IGNORED: &[&str] = &[
    "target",
    "node_modules",
    "cdk.out",
    ".git",
    "__pycache__",
    ".venv",
    ".mypy_cache",
];

/// Quiet time after the last event before synthesizing: an editor's save is several events.
const DEBOUNCE: Duration = Duration::from_millis(100);

impl Source {
    /// The folder watched: the model's (its handlers' paths are relative to it) or the app's.
    fn watched(&self) -> PathBuf {
        match self {
            Source::Model { model, .. } => model
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
                .to_path_buf(),
            Source::App { dir, .. } => dir.clone(),
            Source::Project(project) => project.dir.clone(),
        }
    }

    /// The assembly, when `cdk synth` writes it inside the watched folder: its writes are no change.
    fn output(&self) -> Option<PathBuf> {
        match self {
            Source::Model { .. } => None,
            Source::App { assembly, .. } => std::path::absolute(assembly).ok(),
            Source::Project(project) => Some(project.output.clone()),
        }
    }

    /// Synthesizes the app again: in the warm process where it can run there, else with the
    /// CDK CLI (also when the warm run fails, so that the CLI's own message is the one shown).
    fn synthesize(&self, warm: &WarmSynth) -> Result<PathBuf, DevError> {
        let (dir, outdir) = match self {
            Source::Model { model, app } => (app.app_folder(model)?, None),
            Source::App { dir, assembly } => (
                dir.clone(),
                Some(std::path::absolute(assembly).unwrap_or_else(|_| assembly.clone())),
            ),
            // The warm process runs cdk.json's `app`: not another one (--app), nor one that
            // needs its `build` first.
            Source::Project(project) if !project.is_plain_cdk_json_app() => {
                return self.synthesize_with_cli()
            }
            Source::Project(project) => (project.dir.clone(), Some(project.output.clone())),
        };
        match warm.synth(&dir, outdir.as_deref()) {
            Some(Ok(assembly)) => return Ok(assembly),
            Some(Err(e)) => {
                eprintln!("dev: the warm synthesis failed; running the CDK CLI instead:\n{e}")
            }
            None => {}
        }
        self.synthesize_with_cli()
    }

    /// Loads the app's toolchain into the warm process before the first save needs it, by
    /// synthesizing once into a scratch folder.
    fn warm_up(&self, warm: &WarmSynth) {
        let dir = match self {
            Source::Model { model, app } => app.app_folder(model).ok(),
            Source::App { dir, .. } => Some(dir.clone()),
            Source::Project(project) if project.is_plain_cdk_json_app() => {
                Some(project.dir.clone())
            }
            Source::Project(_) => None,
        };
        let scratch =
            std::env::temp_dir().join(format!("cdk-from-rust-dev-warm-{}", std::process::id()));
        if let Some(dir) = dir {
            let _ = warm.synth(&dir, Some(&scratch));
        }
        let _ = std::fs::remove_dir_all(&scratch);
    }

    fn synthesize_with_cli(&self) -> Result<PathBuf, DevError> {
        match self {
            Source::Model { model, app } => Ok(app.cloud_assembly(Some(model))?),
            Source::Project(project) => Ok(project.synthesize()?),
            Source::App { dir, assembly } => {
                let local = dir.join("node_modules/.bin/cdk");
                let cdk = if local.exists() {
                    local
                } else {
                    PathBuf::from("cdk")
                };
                let status = Command::new(&cdk)
                    .args(["synth", "--no-notices", "--quiet", "-o"])
                    .arg(std::path::absolute(assembly).unwrap_or_else(|_| assembly.clone()))
                    .current_dir(dir)
                    .env("CDK_DISABLE_CLI_TELEMETRY", "1")
                    .stdout(std::io::stderr())
                    .status()
                    .map_err(|e| DevError::io(&cdk, e))?;
                if !status.success() {
                    let hint = format!("fix the app in {} and save again", dir.display());
                    return Err(DevError::Tool {
                        command: format!("{} synth -o {}", cdk.display(), assembly.display()),
                        status: status.to_string(),
                        hint,
                    });
                }
                Ok(assembly.clone())
            }
        }
    }
}

/// Starts watching; the returned task runs until the process ends. `assembly` is the one
/// served, `cache` the machine's cache folder (for the Node bundler).
pub fn spawn(
    source: Source,
    apis: &[Api],
    pools: Arc<Pools>,
    assembly: &Path,
    cache: &Path,
) -> Result<(), DevError> {
    let watched =
        std::path::absolute(source.watched()).map_err(|e| DevError::io(source.watched(), e))?;
    let watched = watched.canonicalize().unwrap_or(watched);
    let (events, mut changes) = mpsc::unbounded_channel::<PathBuf>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        if matches!(
            event.kind,
            EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
        ) {
            for path in event.paths {
                let _ = events.send(path);
            }
        }
    })
    .map_err(|e| DevError::io(&watched, std::io::Error::other(e)))?;
    watcher
        .watch(&watched, RecursiveMode::Recursive)
        .map_err(|e| DevError::io(&watched, std::io::Error::other(e)))?;
    let output = source.output();
    let shapes = shape(apis);
    let served = super::functions(apis);
    let helpers = (
        super::cache::rebuild_helper(cache)?,
        super::cache::python_helper(cache)?,
    );
    let warm = Arc::new(WarmSynth::new(super::cache::synth_runner(cache)?));
    let assembly = assembly.to_path_buf();
    eprintln!(
        "dev: watching {} (a saved change reloads the functions it changes)",
        watched.display()
    );
    let (ahead, warmed) = (source.clone(), warm.clone());
    tokio::task::spawn_blocking(move || ahead.warm_up(&warmed));
    tokio::spawn(async move {
        let mut rebuilder = Rebuilder::new(&assembly, &served, helpers).await;
        rebuilder.describe(&served);
        rebuilder.warm().await;
        // Folders of functions' code outside the watched one, watched as they become known.
        let mut outside = BTreeSet::new();
        watch_roots(&mut watcher, &watched, &rebuilder, &mut outside);
        // Saves made during a synthesis, handled next.
        let mut carried = BTreeSet::new();
        loop {
            let mut changed = std::mem::take(&mut carried);
            if changed.is_empty() {
                match changes.recv().await {
                    Some(first) => changed.insert(first),
                    None => break,
                };
            }
            while let Ok(Some(path)) = tokio::time::timeout(DEBOUNCE, changes.recv()).await {
                changed.insert(path);
            }
            let changed: Vec<PathBuf> = changed
                .into_iter()
                .filter(|p| output.as_ref().is_none_or(|o| !p.starts_with(o)))
                .filter(|p| source_file(&watched, p).is_some())
                .collect();
            if changed.is_empty() {
                continue;
            }
            let sources: Vec<String> = changed
                .iter()
                .filter_map(|p| source_file(&watched, p))
                .collect();
            let shown = if sources.len() > 3 {
                format!("{} and {} more", sources[..3].join(", "), sources.len() - 3)
            } else {
                sources.join(", ")
            };
            if let Some(owners) = rebuilder.owners(&changed) {
                eprintln!(
                    "dev: {shown} changed: rebuilding {}",
                    owners.iter().cloned().collect::<Vec<_>>().join(", ")
                );
                rebuilder.rebuild(&owners, &pools).await;
                watch_roots(&mut watcher, &watched, &rebuilder, &mut outside);
                continue;
            }
            eprintln!("dev: {shown} changed: synthesizing again");
            let started = Instant::now();
            let (source, warm) = (source.clone(), warm.clone());
            let result = match tokio::task::spawn_blocking(move || source.synthesize(&warm)).await {
                Ok(result) => result,
                Err(e) => Err(DevError::io("synthesis", std::io::Error::other(e))),
            };
            // Events of the synthesis itself (a generated app or a bundler's cache in the
            // watched folder) are no change, taken now that it is done; a save meanwhile of
            // functions' code or of a file that started it is handled next.
            tokio::time::sleep(Duration::from_millis(50)).await;
            while let Ok(path) = changes.try_recv() {
                let owned = rebuilder.owners(std::slice::from_ref(&path)).is_some();
                if owned || changed.contains(&path) {
                    carried.insert(path);
                }
            }
            match result.and_then(|dir| apply(&dir, &shapes, &pools).map(|work| (dir, work))) {
                Ok((dir, work)) => {
                    work.report(started.elapsed(), &pools).await;
                    let dir = dir.canonicalize().unwrap_or(dir);
                    rebuilder.refresh(&dir, &served).await;
                    watch_roots(&mut watcher, &watched, &rebuilder, &mut outside);
                }
                Err(e) => eprintln!("dev: reload failed; the previous code keeps serving: {e}"),
            }
        }
    });
    Ok(())
}

/// Watches the folders of functions' code that the watched folder does not hold.
fn watch_roots(
    watcher: &mut impl Watcher,
    watched: &Path,
    rebuilder: &Rebuilder,
    outside: &mut BTreeSet<PathBuf>,
) {
    for (dir, recursive) in rebuilder.roots() {
        if dir.starts_with(watched)
            || outside.contains(&dir)
            || source_file(Path::new("/"), &dir).is_none()
        {
            continue;
        }
        let mode = if recursive {
            RecursiveMode::Recursive
        } else {
            RecursiveMode::NonRecursive
        };
        match watcher.watch(&dir, mode) {
            Ok(()) => {
                outside.insert(dir);
            }
            Err(e) => eprintln!(
                "dev: cannot watch {}: {e}; a save there is not seen",
                dir.display()
            ),
        }
    }
}

/// A changed path as shown: relative to the watched folder (absolute outside it), unless it is
/// build output, a cache or an editor's swap or backup file.
fn source_file(watched: &Path, path: &Path) -> Option<String> {
    let relative = path.strip_prefix(watched).unwrap_or(path);
    let ignored = relative
        .components()
        .any(|c| IGNORED.contains(&c.as_os_str().to_string_lossy().as_ref()));
    let name = relative.file_name()?.to_string_lossy();
    let scratch =
        name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".swx") || name == "4913";
    (!ignored && !scratch).then(|| relative.display().to_string())
}

/// What the served APIs are made of: routes and the functions behind them. A reload serves
/// new code for these; a different shape needs a restart.
fn shape(apis: &[Api]) -> Vec<(String, Vec<(String, String)>)> {
    apis.iter()
        .map(|api| {
            let mut parts: Vec<(String, String)> = api
                .routes
                .values()
                .map(|r| (r.key.clone(), r.function.path.clone()))
                .collect();
            if let ConnectAuth::Lambda { function, .. } = &api.connect_auth {
                parts.push(("authorizer".into(), function.path.clone()));
            }
            (api.path.clone(), parts)
        })
        .collect()
}

/// The functions of a new synthesis, sorted against those served.
struct Work {
    changed: Vec<Arc<super::assembly::functions::Function>>,
    unchanged: usize,
    reshaped: bool,
}

fn apply(
    dir: &Path,
    shapes: &[(String, Vec<(String, String)>)],
    pools: &Pools,
) -> Result<Work, DevError> {
    let assembly = Assembly::load(dir)?;
    let apis = assembly.websocket_apis()?;
    let mut work = Work {
        changed: Vec::new(),
        unchanged: 0,
        reshaped: shape(&apis) != shapes,
    };
    for function in super::functions(&apis) {
        match pools.function(&function.path) {
            Some(served) if *served == *function => work.unchanged += 1,
            // Rebuilt alone before: the synthesis staged the same bytes elsewhere.
            Some(served) if super::rebuild::same_code(&served, &function) => work.unchanged += 1,
            Some(_) => work.changed.push(function),
            // Behind a route that is not served: it needs a restart, as `reshaped` says.
            None => {}
        }
    }
    Ok(work)
}

impl Work {
    async fn report(self, took: Duration, pools: &Pools) {
        let names: Vec<&str> = self.changed.iter().map(|f| f.path.as_str()).collect();
        let summary = match names.len() {
            0 => "no function's code or settings changed".to_string(),
            _ => format!("{} (fresh environments)", names.join(", ")),
        };
        for function in self.changed {
            pools.replace(function).await;
        }
        eprintln!(
            "dev: reloaded in {:.1} s: {summary}; {} unchanged function(s) kept warm",
            took.as_secs_f64(),
            self.unchanged
        );
        if self.reshaped {
            eprintln!("dev: the APIs or routes changed: they are served as before; restart dev to serve the new ones");
        }
    }
}
