//! The Lambda functions behind routes and authorizers, as far as running them locally needs:
//! runtime, handler, the asset folder holding the code (`aws:asset:path` metadata, else the
//! asset manifest's entry for `Code.S3Key`), timeout, memory
//! and the `Environment` with intrinsics resolved to local values.

use std::path::PathBuf;
use std::time::Duration;

use super::assets::literal_text;
use super::Assembly;

/// Runtimes whose code runs here, on the local `node` or `python3`: the code is JavaScript or
/// Python source, so the function's architecture does not matter.
const NODE_RUNTIMES: &[&str] = &["nodejs18.x", "nodejs20.x", "nodejs22.x", "nodejs24.x"];
const PYTHON_RUNTIMES: &[&str] = &[
    "python3.9",
    "python3.10",
    "python3.11",
    "python3.12",
    "python3.13",
    "python3.14",
];
/// OS-only runtimes: the asset's `bootstrap` executable runs natively when built for this machine.
const PROVIDED_RUNTIMES: &[&str] = &["provided.al2023", "provided.al2"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Node,
    Python,
    /// The asset's `bootstrap` (a Rust handler built with cargo-lambda, ...), run as it is.
    Provided,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Function {
    /// `aws:cdk:path` of the function, for messages.
    pub path: String,
    pub name: String,
    pub arn: String,
    pub runtime: String,
    pub language: Language,
    pub handler: String,
    pub code_dir: PathBuf,
    pub timeout: Duration,
    pub memory_mb: u64,
    pub region: String,
    /// The template's `Environment.Variables`, resolved; API hostnames are made local later,
    /// once ports are known.
    pub environment: Vec<(String, String)>,
    /// Variables whose value could not be evaluated locally, to say so on start.
    pub unresolved: Vec<String>,
}

/// A DynamoDB table to create locally, where its stack's handlers look for it: moto keeps
/// tables per region (and account).
#[derive(Debug, Clone)]
pub struct Table {
    pub stack: String,
    /// The local table name (the template's `TableName`, or one derived as CloudFormation does).
    pub name: String,
    pub region: String,
    pub account: String,
    /// The `CreateTable` input.
    pub input: serde_json::Value,
}

impl Assembly {
    /// Reads a function; the error (naming the function) says why it cannot run here.
    pub fn function(&self, stack: usize, logical: &str) -> Result<Function, String> {
        let s = &self.stacks[stack];
        let props = s.properties(logical);
        let path = s.construct_path(logical);
        let fail = |message: String| format!("function {path}: {message}");
        let runtime = props["Runtime"].as_str().unwrap_or_default().to_string();
        let language = if NODE_RUNTIMES.contains(&runtime.as_str()) {
            Language::Node
        } else if PYTHON_RUNTIMES.contains(&runtime.as_str()) {
            Language::Python
        } else if PROVIDED_RUNTIMES.contains(&runtime.as_str()) {
            Language::Provided
        } else {
            let shown = if runtime.is_empty() {
                "none (a container image?)".to_string()
            } else {
                runtime.clone()
            };
            return Err(fail(format!(
                "runtime {shown} cannot run here; `dev` runs Node.js ({}), Python ({}) and OS-only ({}) functions",
                NODE_RUNTIMES.join(", "),
                PYTHON_RUNTIMES.join(", "),
                PROVIDED_RUNTIMES.join(", ")
            )));
        };
        let handler = props["Handler"]
            .as_str()
            .ok_or_else(|| fail("it has no Handler".into()))?
            .to_string();
        let code_dir = self.code_dir(stack, logical).map_err(fail)?;
        if code_dir.is_file() {
            return Err(fail(format!(
                "its asset {} is an archive; `dev` runs code from asset folders",
                code_dir.display()
            )));
        }
        if !code_dir.is_dir() {
            return Err(fail(format!(
                "its asset {} is missing from the assembly (run `cdk synth` again)",
                code_dir.display()
            )));
        }
        if language == Language::Provided {
            super::bootstrap::check(&code_dir.join("bootstrap")).map_err(fail)?;
        }
        let mut environment = Vec::new();
        let mut unresolved = Vec::new();
        for (name, value) in props["Environment"]["Variables"]
            .as_object()
            .into_iter()
            .flatten()
        {
            match self.resolve(stack, value) {
                Some(v) => environment.push((name.clone(), v)),
                None => unresolved.push(name.clone()),
            }
        }
        let name = self.physical_name(stack, logical);
        Ok(Function {
            arn: format!("arn:aws:lambda:{}:{}:function:{name}", s.region, s.account),
            name,
            path,
            runtime,
            language,
            handler,
            code_dir,
            timeout: Duration::from_secs(props["Timeout"].as_u64().unwrap_or(3)),
            memory_mb: props["MemorySize"].as_u64().unwrap_or(128),
            region: s.region.clone(),
            environment,
            unresolved,
        })
    }

    /// Where a function's code is: the `aws:asset:path` metadata when CDK recorded it, else the
    /// asset whose object key `Code.S3Key` names.
    fn code_dir(&self, stack: usize, logical: &str) -> Result<PathBuf, String> {
        let s = &self.stacks[stack];
        if let Some(asset) = s.resources[logical]["Metadata"]["aws:asset:path"].as_str() {
            return Ok(self.dir.join(asset));
        }
        let code = &s.properties(logical)["Code"];
        if let Some(found) = self.assets.find(&code["S3Key"]) {
            return Ok(found.to_path_buf());
        }
        let served = "`dev` runs code from the assembly's asset folders (lambda.Code.fromAsset)";
        Err(if code.get("ZipFile").is_some() {
            format!("its code is inline (Code.ZipFile); {served}")
        } else if code.get("ImageUri").is_some() {
            format!("its code is a container image (Code.ImageUri); {served}")
        } else if code.get("S3Key").is_some() {
            format!(
                "its code is the S3 object {}/{}, which no asset manifest of the assembly lists; {served}",
                literal_text(&code["S3Bucket"]),
                literal_text(&code["S3Key"])
            )
        } else {
            format!("it has no Code; {served}")
        })
    }

    /// DynamoDB tables of the assembly, for the local stand-in.
    pub fn tables(&self) -> Vec<Table> {
        let mut tables = Vec::new();
        for (index, stack) in self.stacks.iter().enumerate() {
            for logical in stack.of_type("AWS::DynamoDB::Table") {
                let props = stack.properties(logical);
                let name = self.physical_name(index, logical);
                let mut input =
                    serde_json::json!({ "TableName": name, "BillingMode": "PAY_PER_REQUEST" });
                for key in [
                    "KeySchema",
                    "AttributeDefinitions",
                    "GlobalSecondaryIndexes",
                    "LocalSecondaryIndexes",
                ] {
                    if let Some(v) = props.get(key) {
                        input[key] = strip_provisioning(v.clone());
                    }
                }
                tables.push(Table {
                    stack: stack.display.clone(),
                    name,
                    region: stack.region.clone(),
                    account: stack.account.clone(),
                    input,
                });
            }
        }
        tables
    }
}

/// Indexes copied from a provisioned table keep only what on-demand tables accept.
fn strip_provisioning(mut value: serde_json::Value) -> serde_json::Value {
    if let Some(items) = value.as_array_mut() {
        for item in items.iter_mut().filter_map(|i| i.as_object_mut()) {
            item.remove("ProvisionedThroughput");
            item.remove("ContributorInsightsSpecification");
        }
    }
    value
}
