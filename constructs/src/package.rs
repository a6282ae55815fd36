//! `package.json` of the generated package.

use crate::model::{Dependency, Package};

/// The aws-cdk-lib the package is developed and tested with (npm and PyPI serve it).
pub const AWS_CDK_LIB: &str = "2.275.0";
/// The peer range's floor is the oldest aws-cdk-lib with every API the package uses
/// (`lambda.Runtime.NODEJS_24_X` came in 2.224.0) that npm, PyPI, Maven Central and the Go
/// module proxy all serve. `scripts/floor-check.sh` builds and synthesizes against it.
const AWS_CDK_LIB_PEER: &str = "^2.224.0";
const CONSTRUCTS: &str = "10.5.0";
/// The newest aws-cdk-lib that Maven Central serves: it lags npm, PyPI and the Go proxy.
const AWS_CDK_LIB_MAVEN: &str = "2.263.0";
/// Node 20's types: the oldest Node the toolchain runs on.
const TYPES_NODE: &str = "20.19.43";

pub fn package() -> Package {
    Package {
        name: "@cdk-from-rust/websocket-api",
        version: "0.1.0",
        description: "SST-style API Gateway WebSocket APIs for plain AWS CDK apps: routes as handler strings, defaults.function, attachPermissions, bind, customDomain, accessLog and authorizers.",
        license: "Apache-2.0",
        author: "cdk-from-rust",
        repository: "https://github.com/cdk-from-rust/cdk-from-rust.git",
        python_dist: "cdk-from-rust.websocket-api",
        python_module: "cdk_from_rust.websocket_api",
        java_package: "io.cdkfromrust.websocketapi",
        maven_group_id: "io.cdkfromrust",
        maven_artifact_id: "websocket-api",
        go_module: "github.com/cdk-from-rust/cdk-from-rust-go",
        go_package: "websocketapi",
        peer_dependencies: vec![
            Dependency { name: "aws-cdk-lib", version: AWS_CDK_LIB_PEER },
            Dependency { name: "constructs", version: "^10.5.0" },
        ],
        // Pure JS + WebAssembly: one package that bundles on every platform, so that a
        // consumer needs nothing but this package to build Node handlers.
        bundled_dependencies: vec![Dependency { name: "esbuild-wasm", version: "0.28.2" }],
        dev_dependencies: vec![
            Dependency { name: "@types/node", version: TYPES_NODE },
            Dependency { name: "aws-cdk-lib", version: AWS_CDK_LIB },
            Dependency { name: "constructs", version: CONSTRUCTS },
            Dependency { name: "jsii", version: "5.9.54" },
            // API.typescript.md and API.python.md (examples translated by jsii-rosetta).
            Dependency { name: "jsii-docgen", version: "10.12.6" },
            Dependency { name: "jsii-pacmak", version: "1.140.0" },
            Dependency { name: "jsii-rosetta", version: "5.9.63" },
            // Bundled into the prebuilt JWT authorizer at build time, so not a runtime dependency.
            Dependency { name: "jose", version: "6.2.18" },
        ],
        app_toolchain: vec![
            Dependency { name: "@types/node", version: TYPES_NODE },
            Dependency { name: "aws-cdk", version: "2.1148.1" },
            Dependency { name: "aws-cdk-lib", version: AWS_CDK_LIB },
            Dependency { name: "constructs", version: CONSTRUCTS },
            Dependency { name: "tsx", version: "4.23.15" },
            Dependency { name: "typescript", version: "5.9.3" },
        ],
        java_app_toolchain: vec![
            Dependency { name: "aws-cdk-lib", version: AWS_CDK_LIB_MAVEN },
            Dependency { name: "constructs", version: CONSTRUCTS },
        ],
    }
}
