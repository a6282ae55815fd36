//! The local DynamoDB stand-in, so that `cargo run -- dev` works with no AWS account: when the
//! assembly has tables and the user names no endpoint of their own, moto's server (pinned, in a
//! virtualenv of the cache folder) runs on a loopback port for as long as `dev` does, the
//! stack's tables are created in it from the template, in the stack's region (moto keeps
//! tables per region, and handlers call the region of their stack) and, when every table's
//! stack names the same one, its account (`MOTO_ACCOUNT_ID`, so that the ARNs moto reports
//! are the ones handlers see in their environment), and handlers get its address through
//! `AWS_ENDPOINT_URL_DYNAMODB`. `--no-local-dynamodb` turns it off. When the user sets
//! `AWS_ENDPOINT_URL_DYNAMODB` (or `AWS_ENDPOINT_URL`) to a loopback address, the tables are
//! created there instead (an existing table is left as it is).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::process::{Child, Command};

use super::assembly::functions::Table;
use super::cache;
use super::error::DevError;
use super::lambda::LOCAL_ACCESS_KEY;

/// Bump together with the folder name below.
const MOTO: &str = "moto[server]==5.2.5";
const MOTO_DIR: &str = "moto-5.2.5";

pub struct LocalDynamoDb {
    pub endpoint: String,
    /// moto's process when `dev` started it; killed when dropped.
    _moto: Option<Child>,
}

/// The user's own DynamoDB endpoint, if their environment names one.
pub fn user_endpoint() -> Option<String> {
    ["AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|e| !e.is_empty()))
}

/// Starts moto (installing it once) and creates the tables in it.
pub fn start_moto(cache_dir: &Path, tables: &[Table]) -> Result<LocalDynamoDb, DevError> {
    let folder = cache_dir.join(MOTO_DIR);
    let server = folder.join("bin/moto_server");
    let installed = folder.join(".installed");
    if !installed.is_file() {
        std::fs::create_dir_all(&folder).map_err(|e| DevError::io(&folder, e))?;
        cache::install(
            cache_dir,
            &cache::Install {
                what: &format!("moto ({MOTO}) for the local DynamoDB"),
                script: &format!(
                    "python3 -m venv . && bin/pip install --quiet '{MOTO}' && touch .installed"
                ),
                dir: &folder,
                done: &installed,
                hint: "it needs python3 with venv and access to PyPI; or pass --no-local-dynamodb",
            },
        )?;
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| DevError::io("127.0.0.1:0", e))?
        .port();
    let mut command = Command::new(&server);
    if let Some(account) = tables.first().map(|t| &t.account) {
        if tables.iter().all(|t| &t.account == account) {
            command.env("MOTO_ACCOUNT_ID", account);
        }
    }
    let child = command
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| DevError::io(&server, e))?;
    let endpoint = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if started.elapsed() > Duration::from_secs(30) {
            return Err(DevError::Tool {
                command: server.display().to_string(),
                status: "not listening after 30 s".into(),
                hint: "pass --no-local-dynamodb".into(),
            });
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    create_tables(&endpoint, tables)?;
    Ok(LocalDynamoDb {
        endpoint,
        _moto: Some(child),
    })
}

/// Uses the user's endpoint, creating the tables in it when it is a loopback address.
pub fn use_endpoint(endpoint: String, tables: &[Table]) -> Result<LocalDynamoDb, DevError> {
    if endpoint.starts_with("http://127.0.0.1:") || endpoint.starts_with("http://localhost:") {
        create_tables(&endpoint, tables)?;
    }
    Ok(LocalDynamoDb {
        endpoint,
        _moto: None,
    })
}

fn create_tables(endpoint: &str, tables: &[Table]) -> Result<(), DevError> {
    let address = endpoint.trim_start_matches("http://").trim_end_matches('/');
    for table in tables {
        let name = &table.name;
        let (status, body) = post(address, &table.region, &table.input.to_string())
            .map_err(|e| DevError::io(format!("{endpoint} (CreateTable {name})"), e))?;
        if status != 200 && !body.contains("ResourceInUseException") {
            return Err(DevError::Api {
                stack: table.stack.clone(),
                api: format!("table {name}"),
                route: None,
                message: format!(
                    "the local DynamoDB at {endpoint} refused CreateTable ({status}): {body}"
                ),
            });
        }
    }
    Ok(())
}

/// One CreateTable call over plain HTTP/1.1, signed for `region` with the handlers' access key
/// (the stand-ins keep tables apart by the signature's scope: moto by region, DynamoDB Local by
/// region and key); the stand-ins check no signature.
fn post(address: &str, region: &str, body: &str) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(address)?;
    stream.set_read_timeout(Some(Duration::from_secs(20)))?;
    write!(
        stream,
        "POST / HTTP/1.1\r\nHost: {address}\r\nX-Amz-Target: DynamoDB_20120810.CreateTable\r\nContent-Type: application/x-amz-json-1.0\r\n\
         Authorization: AWS4-HMAC-SHA256 Credential={LOCAL_ACCESS_KEY}/20240101/{region}/dynamodb/aws4_request, SignedHeaders=host, Signature=0\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Ok((status, body))
}
