//! `function.ts`: `Function` (a `lambda.Function` built from a handler string), its props,
//! the literal sets of runtime, architecture and tracing, and the `defaults.function` merge.

use crate::model::ExternalModule::*;
use crate::model::*;
use crate::permissions::permissions_ty;

pub fn module() -> Module {
    let mut m = Module::new("function", file!());
    m.classes = vec![Class { name: "Function" }];
    m.structs = vec![function_props()];
    m.literal_sets = vec![runtime(), architecture(), tracing()];
    m.checks = vec![Check {
        name: "handler",
        doc: "A function's handler, after `defaults.function` is merged in, is not empty.",
        pattern: ".",
        error: "missingHandler",
    }];
    m.errors = vec![
        ErrorMessage::new(
            "missingHandler",
            &["id"],
            "No handler defined for the \"{id}\" Lambda function",
        ),
        ErrorMessage::new(
            "handlerFileNotFound",
            &["handler", "srcPath", "tried"],
            "Could not find file for handler \"{handler}\" in \"{srcPath}\" (tried {tried})",
        ),
        ErrorMessage::new(
            "relativeToKernel",
            &["agent", "cwd"],
            "From {agent} through jsii, relative paths resolve against the jsii kernel's working directory \"{cwd}\", where the program was when the kernel started; a later chdir is not seen. Pass an absolute srcPath.",
        ),
        ErrorMessage::new(
            "badHandlerFormat",
            &["handler"],
            "Invalid handler \"{handler}\": expected \"path/to/file.exportName\", for example \"src/chat.main\"",
        ),
        ErrorMessage::new(
            "missingBootstrap",
            &["handler", "dir"],
            "Cannot find a \"bootstrap\" file for the provided.al2023 handler \"{handler}\" in \"{dir}\" (nor a Cargo.toml to build one from). Point the handler at the Rust handler's Cargo package folder, which is built with cargo-lambda at synth, or build it yourself (`cargo lambda build --release`) and point the handler at the output folder, for example \"target/lambda/chat\".",
        ),
        ErrorMessage::new(
            "cargoLambdaMissing",
            &["handler", "reason"],
            "Cannot build the Rust handler \"{handler}\": cargo-lambda did not run ({reason}). Install it with `pip install cargo-lambda` (it brings zig) or `cargo install cargo-lambda`, and make sure `cargo-lambda` and `cargo` are on PATH.",
        ),
        ErrorMessage::new(
            "rustBuildFailed",
            &["handler", "command", "output"],
            "Failed to build the Rust handler \"{handler}\" with `{command}`:\n{output}",
        ),
        ErrorMessage::new(
            "bundleFailed",
            &["handler", "reason"],
            "Failed to bundle the handler \"{handler}\" with esbuild: {reason}",
        ),
        ErrorMessage::new(
            "defaultsWithInstance",
            &[],
            "The \"defaults.function\" cannot be applied if an instance of a Function construct is passed in. Make sure to define all the routes using FunctionProps, so the Api construct can apply the \"defaults.function\" to them.",
        ),
        ErrorMessage::new(
            "invalidDefinition",
            &["id", "value"],
            "Invalid function definition for the \"{id}\" Function: {value}. Pass a handler string (\"src/chat.main\"), a Function construct, or FunctionProps with a handler.",
        ),
    ];
    m.constants = vec![
        Constant {
            name: "NAG_BASIC_EXECUTION_ROLE",
            doc: "Why the function's role may use AWSLambdaBasicExecutionRole (cdk-nag AwsSolutions-IAM4).",
            value: ConstantValue::Text("AWSLambdaBasicExecutionRole is the execution policy Lambda itself attaches by default: it allows only logs:CreateLogGroup, logs:CreateLogStream and logs:PutLogEvents, which the function needs to write its own logs."),
        },
        Constant {
            name: "NAG_XRAY_RESOURCE",
            doc: "Why X-Ray tracing may grant on `*` (cdk-nag AwsSolutions-IAM5). Added only while X-Ray's are the policy's only statements on `*`.",
            value: ConstantValue::Text("X-Ray tracing (on by default, as in SST) needs xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions: Resource must be *. No other statement of this policy has Resource *."),
        },
        Constant {
            name: "NAG_MANAGE_CONNECTIONS",
            doc: "Why posting to connections may use a wildcard ARN (cdk-nag AwsSolutions-IAM5).",
            value: ConstantValue::Text("execute-api:ManageConnections on {api}/{stage}/*/@connections/*: connection ids exist only at run time, so the grant is scoped to one stage of one API and cannot name connections."),
        },
        Constant {
            name: "NAG_DEFAULT_RUNTIME",
            doc: "Why the default runtime may lag the newest Node runtime (cdk-nag AwsSolutions-L1). Not added when `runtime` is set.",
            value: ConstantValue::Text("The runtime is this construct's default (nodejs22.x, supported by Lambda), which changes only in a major version so that upgrading the library does not change deployed functions. Set runtime (for example nodejs24.x) to choose another."),
        },
    ];
    m.merges = vec![Merge {
        function: "mergeFunctionProps",
        of: "FunctionProps",
        rules: vec![
            ("handler", MergeRule::RouteWins),
            ("srcPath", MergeRule::RouteWins),
            ("runtime", MergeRule::RouteWins),
            ("timeout", MergeRule::RouteWins),
            ("memorySize", MergeRule::RouteWins),
            ("architecture", MergeRule::RouteWins),
            ("environment", MergeRule::MergeMaps),
            ("permissions", MergeRule::ConcatPermissions),
            ("bind", MergeRule::Concat),
            ("layers", MergeRule::Concat),
            ("tracing", MergeRule::RouteWins),
            ("description", MergeRule::RouteWins),
            ("functionName", MergeRule::RouteWins),
            ("bundle", MergeRule::RouteWins),
        ],
    }];
    m
}

fn function_props() -> Struct {
    Struct {
        name: "FunctionProps",
        doc: "Props of a `Function`, and of `defaults.function`: SST's `FunctionProps`.",
        fields: vec![
            Field::optional(
                "handler",
                Ty::String,
                "- none; a function without a handler throws",
                "Path to the handler, relative to `srcPath`: `\"path/to/file.exportName\"`.\n\nNode runtimes look for `file.ts`, `.tsx`, `.mts`, `.cts`, `.js`, `.mjs`, `.cjs` or `.jsx`; Python runtimes take `\"path/to/file.function\"` as Lambda does; `provided.al2023` takes a Cargo package folder (holding `Cargo.toml`, built with cargo-lambda at synth for the function's architecture) or the folder that holds a built `bootstrap` (for cargo-lambda: `\"target/lambda/{name}\"`).\nOptional here so that `defaults.function` can omit it; every function must have one.",
            ),
            Field::optional(
                "srcPath",
                Ty::String,
                "- the working directory",
                "The folder the handler path is relative to. Python runtimes deploy this whole folder.\n\nA relative `srcPath` (and the working directory, its default) is that of the Node.js process that runs the construct: `process.cwd()` in TypeScript; from Python, Java, Go or .NET, the jsii kernel's, which is the directory the program was in when the kernel started (in Python, the first import of `aws_cdk` or of this package). A later `os.chdir` is not seen: pass an absolute path (`str(Path(__file__).parent / \"src\")`) to be independent of it.",
            ),
            Field::optional(
                "runtime",
                Ty::Literal("Runtime"),
                "\"nodejs22.x\"",
                "The Lambda runtime. Without one, the function carries a cdk-nag suppression of AwsSolutions-L1 for the default runtime; setting it removes the suppression.",
            ),
            Field::optional(
                "timeout",
                Ty::Number,
                "10",
                "Timeout in seconds (SST's default).",
            ),
            Field::optional(
                "memorySize",
                Ty::Number,
                "1024",
                "Memory in MB (SST's default).",
            ),
            Field::optional(
                "architecture",
                Ty::Literal("Architecture"),
                "\"x86_64\"",
                "The instruction set architecture.",
            ),
            Field::optional(
                "environment",
                Ty::map(Ty::String),
                "- no variables beyond those `bind` sets",
                "Environment variables. With `defaults.function`, both maps are merged and the route's keys win.",
            ),
            Field::optional(
                "permissions",
                permissions_ty(),
                "- only what `bind` and the WebSocket API grant",
                "Permissions to attach to the function's role, as in `attachPermissions`. With `defaults.function`, both lists apply (`\"*\"` on either side wins).",
            ),
            Field::optional(
                "bind",
                Ty::array(Ty::ext(Constructs, "IConstruct")),
                "- nothing bound",
                "Constructs to bind: sets `SST_{Type}_{prop}_{id}` environment variables and grants access. With `defaults.function`, both lists apply.",
            ),
            Field::optional(
                "layers",
                Ty::array(Ty::ext(Lambda, "ILayerVersion")),
                "- no layers",
                "Lambda layers. With `defaults.function`, both lists apply, defaults first.",
            ),
            Field::optional(
                "tracing",
                Ty::Literal("Tracing"),
                "\"active\"",
                "X-Ray tracing mode (SST's default is active).",
            ),
            Field::optional(
                "description",
                Ty::String,
                "- no description",
                "A description of the function.",
            ),
            Field::optional(
                "functionName",
                Ty::String,
                "- a name CloudFormation generates",
                "The physical name of the function.",
            ),
            Field::optional(
                "bundle",
                Ty::Boolean,
                "true",
                "Node runtimes only: bundle the handler with esbuild. `false` zips `srcPath` as it is.",
            ),
        ],
    }
}

fn literal(value: &'static str, cdk: &'static str) -> Literal {
    Literal {
        value,
        cdk: Some(cdk),
    }
}

fn runtime() -> LiteralSet {
    LiteralSet {
        name: "Runtime",
        // Only runtimes Lambda still accepts for new functions.
        values: vec![
            literal("nodejs22.x", "Runtime.NODEJS_22_X"),
            literal("nodejs24.x", "Runtime.NODEJS_24_X"),
            literal("python3.11", "Runtime.PYTHON_3_11"),
            literal("python3.12", "Runtime.PYTHON_3_12"),
            literal("python3.13", "Runtime.PYTHON_3_13"),
            literal("python3.14", "Runtime.PYTHON_3_14"),
            literal("provided.al2023", "Runtime.PROVIDED_AL2023"),
        ],
        target: Some(External {
            module: Lambda,
            name: "Runtime",
        }),
        error: ErrorMessage::new(
            "invalidRuntime",
            &["value"],
            "Invalid runtime \"{value}\". Supported runtimes: {accepted}.",
        ),
    }
}

fn architecture() -> LiteralSet {
    LiteralSet {
        name: "Architecture",
        values: vec![
            literal("x86_64", "Architecture.X86_64"),
            literal("arm_64", "Architecture.ARM_64"),
        ],
        target: Some(External {
            module: Lambda,
            name: "Architecture",
        }),
        error: ErrorMessage::new(
            "invalidArchitecture",
            &["value"],
            "Invalid architecture \"{value}\". Supported architectures: {accepted}.",
        ),
    }
}

fn tracing() -> LiteralSet {
    LiteralSet {
        name: "Tracing",
        values: vec![
            literal("active", "Tracing.ACTIVE"),
            literal("pass_through", "Tracing.PASS_THROUGH"),
            literal("disabled", "Tracing.DISABLED"),
        ],
        target: Some(External {
            module: Lambda,
            name: "Tracing",
        }),
        error: ErrorMessage::new(
            "invalidTracing",
            &["value"],
            "Invalid tracing mode \"{value}\". Supported modes: {accepted}.",
        ),
    }
}
