//! Running handlers as Lambda runs them: per function, a pool of warm environments
//! ([`environment`]) up to a cap, each serving one invocation at a time through its own Runtime
//! API ([`runtime_api`]). A timed-out or crashed environment is dropped (its process killed) and
//! the next invocation starts a fresh one, so a bad handler never blocks the others.

pub mod environment;
pub mod runtime_api;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use tokio::sync::{Mutex, Semaphore};

use super::assembly::functions::{Function, Language};
use environment::{Environment, Failure};

/// How the environments of one language start: the interpreter, our runtime client for it,
/// and the variables that give handlers the AWS SDK as Lambda's runtime does.
#[derive(Debug)]
pub struct Interpreter {
    pub program: PathBuf,
    pub client: PathBuf,
    pub environment: Vec<(String, String)>,
}

/// What every environment is started with.
#[derive(Debug)]
pub struct Runner {
    /// `node` with runtime.js and NODE_PATH to the pinned `@aws-sdk/*` set, if any function is
    /// a Node.js one.
    pub node: Option<Interpreter>,
    /// The cache's boto3 virtualenv with runtime.py, if any function is a Python one.
    pub python: Option<Interpreter>,
    /// The local CA alone (NODE_EXTRA_CA_CERTS adds it to Node's roots).
    pub ca_file: PathBuf,
    /// The system roots plus the local CA (AWS_CA_BUNDLE and SSL_CERT_FILE replace the roots).
    pub ca_bundle: PathBuf,
    /// Variables from the user's environment passed on: AWS_ENDPOINT_URL*, and credentials
    /// when asked for.
    pub passed: Vec<(String, String)>,
    /// AWS hostnames of the served APIs -> `127.0.0.1:PORT`, applied to template values.
    pub local_hosts: Vec<(String, String)>,
    /// Whether the user's credentials are passed instead of dummy ones.
    pub own_credentials: bool,
}

impl Runner {
    /// The process environment of one Lambda environment, as Lambda sets it.
    pub fn environment(&self, f: &Function, runtime_api: &str) -> Vec<(String, String)> {
        let mut env: Vec<(String, String)> = vec![
            ("PATH".into(), std::env::var("PATH").unwrap_or_default()),
            (
                "HOME".into(),
                std::env::var("HOME").unwrap_or_else(|_| "/tmp".into()),
            ),
            ("LANG".into(), "en_US.UTF-8".into()),
            ("TZ".into(), ":UTC".into()),
            ("AWS_REGION".into(), f.region.clone()),
            ("AWS_DEFAULT_REGION".into(), f.region.clone()),
            ("AWS_LAMBDA_FUNCTION_NAME".into(), f.name.clone()),
            (
                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE".into(),
                f.memory_mb.to_string(),
            ),
            ("AWS_LAMBDA_FUNCTION_VERSION".into(), "$LATEST".into()),
            ("AWS_LAMBDA_RUNTIME_API".into(), runtime_api.into()),
            ("AWS_LAMBDA_INITIALIZATION_TYPE".into(), "on-demand".into()),
            ("_HANDLER".into(), f.handler.clone()),
            ("LAMBDA_TASK_ROOT".into(), f.code_dir.display().to_string()),
            (
                "AWS_LAMBDA_LOG_GROUP_NAME".into(),
                format!("/aws/lambda/{}", f.name),
            ),
            (
                "AWS_LAMBDA_LOG_STREAM_NAME".into(),
                format!("local/[$LATEST]{}", request_id().replace('-', "")),
            ),
            ("AWS_NODEJS_CONNECTION_REUSE_ENABLED".into(), "1".into()),
            (
                "NODE_EXTRA_CA_CERTS".into(),
                self.ca_file.display().to_string(),
            ),
            ("AWS_CA_BUNDLE".into(), self.ca_bundle.display().to_string()),
            ("SSL_CERT_FILE".into(), self.ca_bundle.display().to_string()),
        ];
        if !self.own_credentials {
            // The SDK signs every request and refuses to without credentials; local stand-ins
            // accept any.
            env.push(("AWS_ACCESS_KEY_ID".into(), LOCAL_ACCESS_KEY.into()));
            env.push((
                "AWS_SECRET_ACCESS_KEY".into(),
                "local-dev-server-secret".into(),
            ));
            env.push((
                "AWS_SESSION_TOKEN".into(),
                "local-dev-server-session".into(),
            ));
        }
        // Lambda sets it for managed runtimes only.
        if f.language != Language::Provided {
            env.push((
                "AWS_EXECUTION_ENV".into(),
                format!("AWS_Lambda_{}", f.runtime),
            ));
        }
        if let Some(interpreter) = self.interpreter(f) {
            let dir = interpreter
                .client
                .parent()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            env.push(("LAMBDA_RUNTIME_DIR".into(), dir));
            env.extend(interpreter.environment.iter().cloned());
        }
        env.extend(self.passed.iter().cloned());
        for (name, value) in &f.environment {
            env.push((name.clone(), self.localize(value)));
        }
        env
    }

    /// The interpreter of a function's language (set up before serving for every language used);
    /// none for a `bootstrap`, which runs by itself.
    pub fn interpreter(&self, f: &Function) -> Option<&Interpreter> {
        match f.language {
            Language::Node => self.node.as_ref(),
            Language::Python => self.python.as_ref(),
            Language::Provided => None,
        }
    }

    /// Points a template value at the local server where it names a served API's endpoint
    /// (`wss://{apiId}.execute-api.{region}.amazonaws.com/{stage}` -> `wss://127.0.0.1:PORT/{stage}`).
    pub fn localize(&self, value: &str) -> String {
        self.local_hosts
            .iter()
            .fold(value.to_string(), |v, (aws, local)| v.replace(aws, local))
    }
}

/// A Lambda request id: a UUID, as Lambda's are (an API Gateway-shaped id may hold `/`,
/// which the Runtime API's paths cannot carry).
fn request_id() -> String {
    if let Some(id) = crate::deterministic::invocation_id() {
        return id;
    }
    let hex = format!("{:032x}", rand::random::<u128>());
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// How an invocation ended, as the server maps it to frames and statuses.
#[derive(Debug)]
pub enum Invoked {
    Ok(Value),
    /// The handler threw: errorType and errorMessage.
    Failed(Value),
    /// The function's own timeout passed.
    FunctionTimeout,
    /// API Gateway's integration timeout passed first.
    IntegrationTimeout,
    /// The environment died or could not start.
    Crashed(String),
}

/// The access key handlers get unless `--aws-credentials`; the tables `dev` creates are
/// created with it too, since DynamoDB Local (without -sharedDb) keeps tables per access key.
pub const LOCAL_ACCESS_KEY: &str = "AKIALOCALDEVSERVER00";

/// Whom an invocation serves, as its START, END and REPORT lines name it.
#[derive(Debug, Clone, Copy)]
pub struct Tag<'a> {
    /// The API's construct path.
    pub api: &'a str,
    pub route: &'a str,
    pub connection: &'a str,
}

pub struct Pool {
    function: Arc<Function>,
    runner: Arc<Runner>,
    idle: Mutex<Vec<Environment>>,
    slots: Semaphore,
}

impl Pool {
    pub async fn invoke(
        &self,
        event: Value,
        integration_timeout: Duration,
        tag: Tag<'_>,
    ) -> Invoked {
        // API Gateway's clock runs while the invocation waits for a free environment, too.
        let called = std::time::Instant::now();
        let Ok(_slot) = self.slots.acquire().await else {
            return Invoked::Crashed("server shutting down".into());
        };
        let reused = loop {
            match self.idle.lock().await.pop() {
                Some(env) if env.is_alive() => break Some(env),
                Some(_) => continue,
                None => break None,
            }
        };
        let cold = reused.is_none();
        let mut env = match reused {
            Some(env) => env,
            None => match Environment::start(&self.function, &self.runner).await {
                Ok(env) => env,
                Err(e) => return Invoked::Crashed(format!("could not start the environment: {e}")),
            },
        };
        let function_timeout = self.function.timeout;
        let left = integration_timeout.saturating_sub(called.elapsed());
        let id = request_id();
        // Lambda's own log lines, with what CloudWatch cannot say about a WebSocket invocation:
        // the API, route and connection it served. The handler's output between them carries
        // the same request id (see `environment::relay`).
        let name = &self.function.name;
        let tags = format!(
            "api={} route={} connection={}",
            tag.api, tag.route, tag.connection
        );
        eprintln!("[{name}] START RequestId: {id} Version: $LATEST {tags}");
        crate::studio::records::started(&self.function, &id, tag, &event, cold);
        env.set_request(&id);
        let started = std::time::Instant::now();
        let result = env.invoke(id.clone(), event, function_timeout, left).await;
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        let invoked = match result {
            Ok(result) => Invoked::Ok(result),
            Err(Failure::Handler(error)) => Invoked::Failed(error),
            Err(Failure::CallerTimeout) => Invoked::IntegrationTimeout,
            Err(Failure::FunctionTimeout) => Invoked::FunctionTimeout,
            Err(Failure::Exited(reason)) => Invoked::Crashed(reason),
        };
        let path = &self.function.path;
        // What CloudWatch would have shown: the reason behind an error frame or status, before
        // END as Lambda's own "Task timed out" line is.
        let reason = match &invoked {
            Invoked::Ok(_) => String::new(),
            Invoked::Failed(e) => format!(
                "dev: {path}: {}: {}\n",
                e["errorType"].as_str().unwrap_or("Error"),
                e["errorMessage"].as_str().unwrap_or_default()
            ),
            Invoked::FunctionTimeout => format!(
                "dev: {path}: Task timed out after {:.2} seconds (environment replaced)\n",
                function_timeout.as_secs_f64()
            ),
            Invoked::IntegrationTimeout => format!(
                "dev: {path}: integration timed out after {:.2} seconds (environment replaced)\n",
                integration_timeout.as_secs_f64()
            ),
            Invoked::Crashed(reason) => format!("dev: {path}: environment failed: {reason}\n"),
        };
        let (billed, memory) = (ms.ceil() as u64, self.function.memory_mb);
        // One synchronous write: the lines stay together, and are on stderr before the frame or
        // status they explain goes out.
        eprint!("{reason}[{name}] END RequestId: {id} {tags}\n[{name}] REPORT RequestId: {id} Duration: {ms:.2} ms Billed Duration: {billed} ms Memory Size: {memory} MB {tags}\n");
        let mut idle = self.idle.lock().await;
        if matches!(invoked, Invoked::Ok(_) | Invoked::Failed(_)) {
            idle.push(env);
        }
        let ended = crate::studio::records::Ended {
            id: &id,
            ms,
            reason: reason.trim_end(),
            warm: idle.len(),
        };
        drop(idle);
        crate::studio::records::ended(&self.function, tag, &invoked, ended);
        invoked
    }
}

/// Every function's pool, by construct path. A reload replaces the pools of changed functions
/// (fresh environments) and keeps the others, with their warm environments.
pub struct Pools {
    by_path: std::sync::RwLock<BTreeMap<String, Arc<Pool>>>,
    runner: Arc<Runner>,
    per_function: usize,
}

impl Pools {
    pub fn new(
        functions: impl IntoIterator<Item = Arc<Function>>,
        runner: Arc<Runner>,
        per_function: usize,
    ) -> Pools {
        let pools = Pools {
            by_path: Default::default(),
            runner,
            per_function,
        };
        let by_path = functions
            .into_iter()
            .map(|f| (f.path.clone(), pools.pool(f)))
            .collect();
        *pools.by_path.write().expect("not poisoned") = by_path;
        pools
    }

    fn pool(&self, function: Arc<Function>) -> Arc<Pool> {
        Arc::new(Pool {
            function,
            runner: self.runner.clone(),
            idle: Mutex::new(Vec::new()),
            slots: Semaphore::new(self.per_function),
        })
    }

    /// The current pool of a function (routes keep the `Function` they were served with; a
    /// reload may have replaced its pool since).
    pub fn get(&self, function: &Function) -> Arc<Pool> {
        self.by_path.read().expect("not poisoned")[&function.path].clone()
    }

    /// How many warm environments of a function are idle now (none while all are busy).
    pub fn warm(&self, path: &str) -> usize {
        let pool = self
            .by_path
            .read()
            .expect("not poisoned")
            .get(path)
            .cloned();
        pool.and_then(|p| p.idle.try_lock().map(|idle| idle.len()).ok())
            .unwrap_or(0)
    }

    /// The function a pool currently runs, by construct path.
    pub fn function(&self, path: &str) -> Option<Arc<Function>> {
        self.by_path
            .read()
            .expect("not poisoned")
            .get(path)
            .map(|p| p.function.clone())
    }

    /// How many functions are served.
    pub fn count(&self) -> usize {
        self.by_path.read().expect("not poisoned").len()
    }

    /// Serves `function` from fresh environments from now on. The old pool's idle environments
    /// end now; busy ones finish their invocation and end with the pool.
    pub async fn replace(&self, function: Arc<Function>) {
        let fresh = self.pool(function.clone());
        let old = self
            .by_path
            .write()
            .expect("not poisoned")
            .insert(function.path.clone(), fresh);
        if let Some(old) = old {
            old.idle.lock().await.clear();
        }
    }

    /// Kills every idle environment (busy ones die with their invocation's task).
    pub async fn shutdown(&self) {
        let pools: Vec<Arc<Pool>> = self
            .by_path
            .read()
            .expect("not poisoned")
            .values()
            .cloned()
            .collect();
        for pool in pools {
            pool.slots.close();
            pool.idle.lock().await.clear();
        }
    }
}
