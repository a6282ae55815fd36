//! `dev`'s command line: what to serve, on which ports, with which of API Gateway's limits.

use std::path::PathBuf;

use clap::Args;

#[derive(Debug, Args)]
pub struct DevArgs {
    /// The app model to synthesize and serve [default: the CDK app of ./cdk.json, else the
    /// embedded chat example]
    #[arg(conflicts_with = "assembly")]
    pub model: Option<PathBuf>,
    /// The command that runs the CDK app, as `cdk synth --app` [default: cdk.json's "app"]
    #[arg(short, long, value_name = "CMD", conflicts_with_all = ["model", "assembly"])]
    pub app: Option<String>,
    /// Where the CDK app writes its cloud assembly [default: cdk.json's "output", else cdk.out]
    #[arg(short, long, value_name = "DIR", conflicts_with_all = ["model", "assembly"])]
    pub output: Option<PathBuf>,
    /// Serve an already synthesized cloud assembly (the cdk.out folder of any CDK app)
    #[arg(long, value_name = "CDK_OUT")]
    pub assembly: Option<PathBuf>,
    /// The first port; each further API gets the next one
    #[arg(long, default_value_t = 3001)]
    pub port: u16,
    /// The inspector's port (live connections: `cdk-from-rust connections`) [default: --port minus 1]
    #[arg(long, value_name = "PORT")]
    pub inspector_port: Option<u16>,
    /// Largest frame accepted, in bytes (API Gateway: 32 KB); larger closes with 1009
    #[arg(long, value_name = "BYTES", default_value_t = 32 * 1024)]
    pub max_frame_bytes: usize,
    /// Largest message accepted or posted, in bytes (API Gateway: 128 KB); larger closes with 1009
    #[arg(long, value_name = "BYTES", default_value_t = 128 * 1024)]
    pub max_message_bytes: usize,
    /// Integration timeout in seconds (API Gateway: 29)
    #[arg(long, value_name = "SECONDS", default_value_t = 29.0)]
    pub integration_timeout: f64,
    /// Idle timeout of a connection in seconds (API Gateway: 600)
    #[arg(long, value_name = "SECONDS", default_value_t = 600.0)]
    pub idle_timeout: f64,
    /// Maximum duration of a connection in seconds (API Gateway: 7200)
    #[arg(long, value_name = "SECONDS", default_value_t = 7200.0)]
    pub max_duration: f64,
    /// Warm environments per function at most (concurrent invocations beyond it wait)
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub concurrency: usize,
    /// Do not start the local DynamoDB (moto) for the assembly's tables
    #[arg(long)]
    pub no_local_dynamodb: bool,
    /// Give handlers your AWS credentials (AWS_ACCESS_KEY_ID, AWS_PROFILE, ...) instead of dummy ones
    #[arg(long)]
    pub aws_credentials: bool,
    /// For tests: ids from counters (connections C0000000000001A=, requests R…, messages M…) and
    /// a clock that starts at 2024-01-01T00:00:00Z and advances one second per event
    #[arg(long)]
    pub deterministic: bool,
    /// Write one JSON line per event delivered to a handler and per frame sent to a client to FILE
    #[arg(long, value_name = "FILE")]
    pub event_log: Option<PathBuf>,
    /// With --assembly: the CDK app's folder; a change in it runs `cdk synth -o CDK_OUT` there
    /// and reloads the functions whose assets changed
    #[arg(long, value_name = "DIR", requires = "assembly")]
    pub watch: Option<PathBuf>,
    /// Do not watch the app model's folder for changes (no reload)
    #[arg(long)]
    pub no_watch: bool,
}
