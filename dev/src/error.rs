//! What can stop `dev` before it serves: each message names the file, stack, API, route and
//! function concerned and the bad value, so that the user can fix the app without a debugger.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum DevError {
    /// Synthesizing the model failed; its own error says why.
    #[error(transparent)]
    Synth(#[from] crate::SynthError),
    /// The CDK app of a project (cdk.json, --app) cannot be run or served.
    #[error(transparent)]
    Project(#[from] crate::project::ProjectError),
    #[error("{}: not a cloud assembly ({reason}); pass the cdk.out folder that `cdk synth` wrote", .dir.display())]
    NotAnAssembly { dir: PathBuf, reason: String },
    #[error("{}: {message}", .file.display())]
    BadFile { file: PathBuf, message: String },
    #[error("{}: no WebSocket API (AWS::ApiGatewayV2::Api with ProtocolType WEBSOCKET) in stacks {stacks}", .dir.display())]
    NoWebSocketApi { dir: PathBuf, stacks: String },
    /// A route, stage or authorizer of an API that cannot be served as written.
    #[error("stack {stack}, API {api}{}: {message}", route_part(.route))]
    Api {
        stack: String,
        api: String,
        route: Option<String>,
        message: String,
    },
    /// A function that cannot run here (runtime, asset, handler).
    #[error("stack {stack}, API {api}, route {route}, function {function}: {message}")]
    Function {
        stack: String,
        api: String,
        route: String,
        function: String,
        message: String,
    },
    #[error("stack {stack}, API {api}: port {port} on 127.0.0.1 is not free ({source}); choose another with --port")]
    PortInUse {
        stack: String,
        api: String,
        port: u16,
        #[source]
        source: std::io::Error,
    },
    #[error("the inspector's port {port} on 127.0.0.1 is not free ({source}); choose another with --inspector-port")]
    InspectorPortInUse {
        port: u16,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("`{command}` failed ({status}); {hint}")]
    Tool {
        command: String,
        status: String,
        hint: String,
    },
    #[error("local certificate authority in {}: {message}", .dir.display())]
    Tls { dir: PathBuf, message: String },
}

fn route_part(route: &Option<String>) -> String {
    route
        .as_ref()
        .map(|r| format!(", route {r}"))
        .unwrap_or_default()
}

impl DevError {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> DevError {
        DevError::Io {
            path: path.into(),
            source,
        }
    }

    /// Exit code of `dev`: bad input is 2 (as for the other commands), I/O 3, a failing tool 4.
    pub fn exit_code(&self) -> u8 {
        match self {
            DevError::Synth(e) => e.exit_code,
            DevError::Io { .. } | DevError::Tls { .. } => 3,
            DevError::Tool { .. } => 4,
            _ => 2,
        }
    }
}
