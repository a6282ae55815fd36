//! `cdk-from-rust dev`: serves every WebSocket API of a cloud assembly on 127.0.0.1 the way API
//! Gateway serves it, and runs the Lambda handlers behind its routes locally and unchanged.
//!
//! Everything that can be wrong with the input is checked before the first port is served
//! (exit 2, one message naming stack, API, route and function): the assembly ([`assembly`]),
//! route selection expressions ([`selection`]), runtimes and assets, free ports. Then the
//! cache is set up ([`cache`], [`tls`]), the local DynamoDB started when needed
//! ([`dynamodb`]), and each API served on its own port ([`server`]) with handlers in warm Node
//! environments ([`lambda`]); the [`inspector`] shows and reaches their live connections, and
//! the [`studio`] page on its port shows every connection's timeline live in a browser.

mod args;
pub mod assembly;
pub mod cache;
pub mod deterministic;
pub mod dynamodb;
pub mod error;
pub mod event_log;
pub mod events;
pub mod guard;
pub mod inspector;
mod interpreters;
pub mod lambda;
pub mod project;
pub mod rebuild;
pub mod reload;
pub mod selection;
pub mod server;
pub mod studio;
pub mod tls;
pub mod warm_synth;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub use args::DevArgs;
use assembly::apis::{Api, ConnectAuth};
use assembly::functions::{Function, Language};
use assembly::Assembly;
use error::DevError;
use interpreters::check_interpreter;
use lambda::{Interpreter, Pools, Runner};
use selection::Selection;
use server::{ApiState, Limits};

/// What `dev` needs of the app-model generator, handed in by the binary so that this crate does
/// not depend on it.
pub trait AppModels: Send + Sync {
    /// Generates and synthesizes an app model (`None`: the embedded example) and returns the
    /// folder of its cloud assembly.
    fn cloud_assembly(&self, model: Option<&Path>) -> Result<PathBuf, SynthError>;
    /// Generates an app model's TypeScript app, ready to run, without synthesizing it, and
    /// returns its folder: a reload runs it in a warm process ([`warm_synth`]).
    fn app_folder(&self, model: &Path) -> Result<PathBuf, SynthError>;
    /// The machine's cache folder, shared with `synth`.
    fn cache_root(&self) -> PathBuf;
}

/// A failed synthesis: the generator's own message and exit code.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct SynthError {
    pub message: String,
    pub exit_code: u8,
}

pub fn main(args: DevArgs, app: Arc<dyn AppModels>) -> ExitCode {
    match run(args, app) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

fn run(args: DevArgs, app: Arc<dyn AppModels>) -> Result<(), DevError> {
    let project = match (&args.assembly, &args.model) {
        (None, None) => project::find(Path::new("."), args.app.as_deref(), args.output.as_deref())?,
        _ => None,
    };
    let dir = match (&args.assembly, &project) {
        (Some(dir), _) => dir.clone(),
        (None, Some(project)) => project.synthesize()?,
        (None, None) => {
            if args.model.is_none() {
                eprintln!("dev: no cdk.json here: serving the embedded chat example; in a CDK app's folder dev serves that app (or pass --app CMD, --assembly CDK_OUT or an app model)");
            }
            app.cloud_assembly(args.model.as_deref())?
        }
    };
    let assembly = Assembly::load(&dir)?;
    let apis = assembly.websocket_apis()?;
    let mut selections = Vec::new();
    for api in &apis {
        let selection =
            Selection::parse(&api.route_selection).map_err(|message| DevError::Api {
                stack: api.stack.clone(),
                api: api.path.clone(),
                route: None,
                message,
            })?;
        selections.push(selection);
    }
    let needs_node = check_interpreter(&apis, Language::Node, "node")?;
    let needs_python = check_interpreter(&apis, Language::Python, "python3")?;
    // Ports are taken before anything starts, so that a busy port is a plain error.
    let mut listeners = Vec::new();
    for (i, api) in apis.iter().enumerate() {
        let port = args.port.checked_add(i as u16).unwrap_or(0);
        let listener = std::net::TcpListener::bind(("127.0.0.1", port))
            .and_then(|l| l.set_nonblocking(true).map(|_| l))
            .map_err(|source| DevError::PortInUse {
                stack: api.stack.clone(),
                api: api.path.clone(),
                port,
                source,
            })?;
        listeners.push((port, listener));
    }
    // Below the first API's port by default, so that servers started with different --port
    // values (as the tests do) never share an inspector port.
    let wanted = args.inspector_port.unwrap_or(args.port.saturating_sub(1));
    let inspector = std::net::TcpListener::bind(("127.0.0.1", wanted))
        .and_then(|l| l.set_nonblocking(true).map(|_| l))
        .map_err(|source| DevError::InspectorPortInUse {
            port: wanted,
            source,
        })?;
    // The port actually bound: `--inspector-port 0` lets the system choose one.
    let inspector_port = inspector.local_addr().map(|a| a.port()).unwrap_or(wanted);
    let event_log = args
        .event_log
        .as_deref()
        .map(event_log::EventLog::create)
        .transpose()?
        .map(Arc::new);
    if args.deterministic {
        deterministic::enable();
    }

    let cache_dir = app.cache_root();
    // Under the install lock: two servers starting with a fresh cache create one CA.
    let ca = {
        let _lock = cache::install_lock(&cache_dir)?;
        tls::load_or_create(&cache_dir.join("ca"))?
    };
    let node = match needs_node {
        true => Some(Interpreter {
            program: PathBuf::from("node"),
            client: cache::runtime_client(&cache_dir)?,
            environment: vec![
                (
                    "NODE_PATH".into(),
                    cache::aws_sdk(&cache_dir)?.display().to_string(),
                ),
                // The SDK's 9-line notice that its 2027 releases need Node 22, printed by every
                // new environment on the Node 20 `dev` supports; the SDK's own switch for it.
                (
                    "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED".into(),
                    "true".into(),
                ),
            ],
        }),
        false => None,
    };
    let python = match needs_python {
        true => Some(Interpreter {
            program: cache::python_env(&cache_dir)?,
            client: cache::python_client(&cache_dir)?,
            environment: vec![
                ("PYTHONUNBUFFERED".into(), "1".into()),
                ("PYTHONDONTWRITEBYTECODE".into(), "1".into()),
            ],
        }),
        false => None,
    };

    let tokio = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| DevError::io("tokio runtime", e))?;
    tokio.block_on(async move {
        let tables = assembly.tables();
        let dynamodb = match dynamodb::user_endpoint() {
            Some(endpoint) => Some(dynamodb::use_endpoint(endpoint, &tables)?),
            None if tables.is_empty() || args.no_local_dynamodb => None,
            None => Some(dynamodb::start_moto(&cache_dir, &tables)?),
        };
        let mut passed: Vec<(String, String)> = std::env::vars().filter(|(k, _)| k.starts_with("AWS_ENDPOINT_URL")).collect();
        if args.aws_credentials {
            let own = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"];
            passed.extend(std::env::vars().filter(|(k, _)| own.contains(&k.as_str())));
        }
        if let Some(db) = &dynamodb {
            if !passed.iter().any(|(k, _)| k == "AWS_ENDPOINT_URL_DYNAMODB") {
                passed.push(("AWS_ENDPOINT_URL_DYNAMODB".into(), db.endpoint.clone()));
            }
            let names: Vec<&str> = tables.iter().map(|t| t.name.as_str()).collect();
            eprintln!("dev: local DynamoDB at {} with tables {} (turn off with --no-local-dynamodb)", db.endpoint, names.join(", "));
        }
        let local_hosts = apis
            .iter()
            .zip(&listeners)
            .map(|(api, (port, _))| (format!("{}.execute-api.{}.amazonaws.com", api.api_id, api.region), format!("127.0.0.1:{port}")))
            .collect();
        let runner = Arc::new(Runner {
            node,
            python,
            ca_file: ca.ca_file.clone(),
            ca_bundle: ca.bundle_file.clone(),
            passed,
            local_hosts,
            own_credentials: args.aws_credentials,
        });
        let pools = Arc::new(Pools::new(functions(&apis), runner, args.concurrency.max(1)));
        let limits = Limits {
            frame_bytes: args.max_frame_bytes,
            message_bytes: args.max_message_bytes,
            integration_timeout: Duration::from_secs_f64(args.integration_timeout),
            idle_timeout: Duration::from_secs_f64(args.idle_timeout),
            max_duration: Duration::from_secs_f64(args.max_duration),
        };
        let source = match (&args.watch, &args.model, &args.assembly) {
            _ if args.no_watch => None,
            _ if project.is_some() => project.map(reload::Source::Project),
            (Some(dir), _, Some(assembly)) => Some(reload::Source::App { dir: dir.clone(), assembly: assembly.clone() }),
            (None, Some(model), None) => Some(reload::Source::Model { model: model.clone(), app: app.clone() }),
            _ => None,
        };
        if let Some(source) = source {
            reload::spawn(source, &apis, pools.clone(), &dir, &cache_dir)?;
        }
        let (shutdown_tx, shutdown) = tokio::sync::watch::channel(false);
        let mut states = Vec::new();
        // Before the API lines, which tell scripts that everything is served; the listener is
        // already bound, so a request made right away waits in its backlog until it is served.
        println!("inspector http://127.0.0.1:{inspector_port} ({} connections list --inspector http://127.0.0.1:{inspector_port})", invoked_as());
        // The only place the studio's secret is ever written.
        let studio = studio::Studio::new();
        println!("studio http://127.0.0.1:{inspector_port}/?token={} (open it in a browser)", studio.token.reveal());
        let mut secure = Vec::new();
        for ((api, selection), (port, listener)) in apis.into_iter().zip(selections).zip(listeners) {
            notes(&api);
            println!("{} ws://127.0.0.1:{port}/{}", api.path, api.stage);
            secure.push(format!("wss://127.0.0.1:{port}/{}", api.stage));
            let state = Arc::new(ApiState {
                api,
                selection,
                domain: format!("127.0.0.1:{port}"),
                pools: pools.clone(),
                limits: limits.clone(),
                tls: ca.server_config.clone(),
                connections: Mutex::new(Default::default()),
                shutdown: shutdown.clone(),
                event_log: event_log.clone(),
            });
            let listener = tokio::net::TcpListener::from_std(listener).map_err(|e| DevError::io(format!("127.0.0.1:{port}"), e))?;
            tokio::spawn(server::serve(listener, state.clone()));
            states.push(state);
        }
        let states: Arc<[Arc<ApiState>]> = states.into();
        let inspector = tokio::net::TcpListener::from_std(inspector).map_err(|e| DevError::io(format!("127.0.0.1:{inspector_port}"), e))?;
        let studio = Arc::new(studio::http::Context { apis: states.clone(), studio, shutdown: shutdown.clone() });
        tokio::spawn(inspector::api::serve(inspector, studio));
        eprintln!("dev: the same ports answer TLS, with a certificate of the local CA {}: {}", ca.ca_file.display(), secure.join(" "));
        eprintln!("dev: serving; Ctrl-C closes every connection (1001) and stops");
        stop_signal().await;
        let _ = shutdown_tx.send(true);
        let started = Instant::now();
        while states.iter().any(|s| s.open_connections() > 0) && started.elapsed() < Duration::from_secs(3) {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        pools.shutdown().await;
        drop(dynamodb);
        eprintln!("dev: stopped");
        Ok::<(), DevError>(())
    })?;
    tokio.shutdown_timeout(Duration::from_secs(2));
    Ok(())
}

/// The command that runs this binary as the user started it, for hints: `cargo run --` under
/// `cargo run` (which sets CARGO and the package's variables), else the program as invoked.
fn invoked_as() -> String {
    if std::env::var_os("CARGO").is_some()
        && std::env::var("CARGO_PKG_NAME").is_ok_and(|p| p == "cdk-from-rust")
    {
        return "cargo run --".into();
    }
    std::env::args()
        .next()
        .filter(|program| !program.is_empty())
        .unwrap_or_else(|| "cdk-from-rust".into())
}

/// Ctrl-C (SIGINT) or SIGTERM.
#[cfg(unix)]
async fn stop_signal() {
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .expect("SIGTERM handler");
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
    }
}

/// Ctrl-C (Windows has no SIGTERM).
#[cfg(not(unix))]
async fn stop_signal() {
    let _ = tokio::signal::ctrl_c().await;
}

/// Every function behind a route or an authorizer, once.
fn functions(apis: &[Api]) -> Vec<Arc<Function>> {
    let mut by_path = BTreeMap::new();
    for api in apis {
        for route in api.routes.values() {
            by_path.insert(route.function.path.clone(), route.function.clone());
        }
        if let ConnectAuth::Lambda { function, .. } = &api.connect_auth {
            by_path.insert(function.path.clone(), function.clone());
        }
    }
    by_path.into_values().collect()
}

/// What a user should know about an API where the local server differs from AWS.
fn notes(api: &Api) {
    if let ConnectAuth::Iam = api.connect_auth {
        eprintln!("dev: {}: $connect uses AWS_IAM: a SigV4-signed upgrade is accepted without checking the signature; an unsigned one gets 403", api.path);
    }
    for function in functions(std::slice::from_ref(api)) {
        if !function.unresolved.is_empty() {
            eprintln!(
                "dev: {}: environment variables not known locally, left unset: {}",
                function.path,
                function.unresolved.join(", ")
            );
        }
    }
}
