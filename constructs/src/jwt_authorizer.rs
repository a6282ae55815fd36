//! `jwt-authorizer.ts`: JWT and Cognito user pool authorizers of `$connect`. API Gateway refuses
//! JWT authorizers on WebSocket APIs, so these deploy as a Lambda REQUEST authorizer whose code
//! ships prebuilt in the package and applies the checks of HTTP API JWT authorizers.

use crate::model::ExternalModule::*;
use crate::model::*;

/// Where browsers can put a token: the query string (they cannot set headers on an upgrade).
const DEFAULT_IDENTITY_SOURCE: &str = "[\"route.request.querystring.token\"]";

fn common_fields() -> Vec<Field> {
    vec![
        Field::optional(
            "identitySource",
            Ty::array(Ty::String),
            DEFAULT_IDENTITY_SOURCE,
            "Where the token is read from, as WebSocket APIs name identity sources: `route.request.querystring.token`, `route.request.header.Authorization` (bare or `Bearer …`), or `route.request.header.Sec-WebSocket-Protocol` for browsers that send `new WebSocket(url, [\"bearer\", token])`; `$connect` then answers with the `bearer` subprotocol (without a `$connect` route of yours, the API gets one that does). HTTP API names (`$request.header.Authorization`) are rewritten, with a synth warning.",
        ),
        Field::optional(
            "scopes",
            Ty::array(Ty::String),
            "- no scope is required",
            "Scopes a token must carry at least one of, in its `scope` (space-separated) or `scp` claim.",
        ),
        Field::optional(
            "claims",
            Ty::array(Ty::String),
            "- only `sub`, `iss`, `aud` and `scopes`",
            "Claims passed to every route in `requestContext.authorizer`, as strings (objects as JSON), within API Gateway's 8 KB limit.",
        ),
        Field::optional("name", Ty::String, "- the construct id of the authorizer", "The name of the authorizer."),
    ]
}

pub fn module() -> Module {
    let mut m = Module::new("jwt-authorizer", file!());
    let mut jwt_fields = vec![
        Field::optional(
            "type",
            Ty::Literal("JwtAuthorizerType"),
            "\"jwt\"",
            "`\"jwt\"`, as SST v1 writes it; SST v3's form, without `type`, is recognised by `jwt`.",
        ),
        Field::required("jwt", Ty::Local("WebSocketApiJwtConfig"), "The issuer and audiences of accepted tokens."),
    ];
    jwt_fields.extend(common_fields());
    let mut pool_fields = vec![
        Field::optional("type", Ty::Literal("UserPoolAuthorizerType"), "\"user_pool\"", "`\"user_pool\"`, as SST v1 writes it."),
        Field::optional(
            "userPool",
            Ty::Local("WebSocketApiUserPoolConfig"),
            "- required unless `cdk.userPool` is given",
            "The user pool and app clients whose tokens are accepted.",
        ),
        Field::optional(
            "tokenUse",
            Ty::Literal("TokenUse"),
            "- ID and access tokens",
            "The Cognito token kind accepted: `id` (its `aud` is the app client) or `access` (its `client_id` is).",
        ),
        Field::optional(
            "cdk",
            Ty::Local("WebSocketApiUserPoolAuthorizerCdkProps"),
            "- the pool is named by `userPool`",
            "The user pool and app clients as CDK constructs.",
        ),
    ];
    pool_fields.extend(common_fields());
    m.structs = vec![
        Struct {
            name: "WebSocketApiJwtAuthorizer",
            doc: "A JWT authorizer of the `$connect` route: SST's `{ type: \"jwt\", jwt: { issuer, audience } }` (v1) or `{ jwt: { issuer, audiences, identitySource } }` (v3).",
            fields: jwt_fields,
        },
        Struct {
            name: "WebSocketApiJwtConfig",
            doc: "The tokens a JWT authorizer accepts.",
            fields: vec![
                Field::required("issuer", Ty::String, "The `iss` of accepted tokens, an https URL (or http on 127.0.0.1 or localhost, for a local key server); its keys are found through `{issuer}/.well-known/openid-configuration`."),
                Field::optional("audience", Ty::array(Ty::String), "- `audiences`", "The accepted `aud` values (or, for tokens without `aud`, `client_id`): SST v1's name."),
                Field::optional("audiences", Ty::array(Ty::String), "- `audience`", "SST v3's name of `audience`."),
                Field::optional("identitySource", Ty::array(Ty::String), "- the authorizer's `identitySource`", "SST v3's place for the identity source."),
                Field::optional("jwksUri", Ty::String, "- from the issuer's OpenID configuration", "The JSON Web Key Set URL, when the issuer has no discovery document."),
                Field::optional(
                    "allowInsecureIssuer",
                    Ty::Boolean,
                    "false",
                    "Accept an http:// issuer and key URL on any host (loopback ones are accepted without it). For tests only: keys then travel in clear text and could be replaced on the way.",
                ),
            ],
        },
        Struct {
            name: "WebSocketApiUserPoolAuthorizer",
            doc: "A Cognito user pool authorizer of the `$connect` route, as SST v1's `{ type: \"user_pool\", userPool: { id, clientIds, region } }`: a JWT authorizer whose issuer is the pool's.",
            fields: pool_fields,
        },
        Struct {
            name: "WebSocketApiUserPoolConfig",
            doc: "A user pool by id.",
            fields: vec![
                Field::required("id", Ty::String, "The user pool id, for example `\"us-east-1_AbC123\"`."),
                Field::optional("clientIds", Ty::array(Ty::String), "- required unless `cdk.userPoolClients` is given", "The app clients whose tokens are accepted."),
                Field::optional("region", Ty::String, "- the stack's region", "The pool's region."),
            ],
        },
        Struct {
            name: "WebSocketApiUserPoolAuthorizerCdkProps",
            doc: "A user pool authorizer's pool and clients as CDK constructs.",
            fields: vec![
                Field::optional("userPool", Ty::ext(Cognito, "IUserPool"), "- `userPool.id`", "The user pool."),
                Field::optional(
                    "userPoolClients",
                    Ty::array(Ty::ext(Cognito, "IUserPoolClient")),
                    "- `userPool.clientIds`",
                    "The app clients whose tokens are accepted.",
                ),
            ],
        },
    ];
    let only = |name, value| LiteralSet {
        name,
        values: vec![Literal { value, cdk: None }],
        target: None,
        error: ErrorMessage::new(
            "invalidAuthorizerType",
            &["value"],
            "Invalid authorizer type \"{value}\". Accepted: {accepted}.",
        ),
    };
    let mut jwt_type = only("JwtAuthorizerType", "jwt");
    jwt_type.error.id = "invalidJwtAuthorizerType";
    let mut pool_type = only("UserPoolAuthorizerType", "user_pool");
    pool_type.error.id = "invalidUserPoolAuthorizerType";
    m.literal_sets = vec![
        jwt_type,
        pool_type,
        LiteralSet {
            name: "TokenUse",
            values: vec![
                Literal {
                    value: "id",
                    cdk: None,
                },
                Literal {
                    value: "access",
                    cdk: None,
                },
            ],
            target: None,
            error: ErrorMessage::new(
                "invalidTokenUse",
                &["value"],
                "Invalid token use \"{value}\". Accepted: {accepted}.",
            ),
        },
    ];
    m.checks = vec![
        Check {
            name: "secureIssuer",
            doc: "A JWT issuer is an https URL (keys fetched over http could be replaced on the way), or http on the loopback address, for tests against a local key server (Lambda cannot reach it anyway).",
            pattern: r"^(https://[^/]|http://(127\.0\.0\.1|localhost|\[::1\])(:[0-9]+)?(/|$))",
            error: "insecureIssuer",
        },
        Check {
            name: "httpIdentitySource",
            doc: "An identity source as HTTP APIs name it (SST v3's docs use it): rewritten to the WebSocket name, with a warning, instead of this error.",
            pattern: r"^\$request\.(header|querystring)\.[^.\s]+$",
            error: "httpIdentitySource",
        },
        Check {
            name: "identitySource",
            doc: "Where a token can be read from, as WebSocket APIs name it: a header or a query string parameter of the upgrade request.",
            pattern: r"^route\.request\.(header|querystring)\.[^.\s]+$",
            error: "invalidIdentitySource",
        },
    ];
    m.errors = vec![
        ErrorMessage::new(
            "missingJwt",
            &[],
            "Missing \"jwt\" for the JWT authorizer: pass { issuer, audience } of the tokens it accepts.",
        ),
        ErrorMessage::new(
            "missingAudience",
            &[],
            "Missing \"audience\" for the JWT authorizer: list the audiences (app client ids) its tokens are issued for in \"jwt.audience\" (SST v1) or \"jwt.audiences\" (SST v3).",
        ),
        ErrorMessage::new(
            "audienceTwice",
            &[],
            "Set the audiences of the JWT authorizer once: \"jwt.audience\" (SST v1) or \"jwt.audiences\" (SST v3), not both.",
        ),
        ErrorMessage::new(
            "insecureIssuer",
            &["issuer"],
            "The issuer of the JWT authorizer must be an https URL, got \"{issuer}\". (http is accepted on 127.0.0.1 and localhost, and anywhere with \"jwt.allowInsecureIssuer\", for tests against a local key server.)",
        ),
        ErrorMessage::new(
            "invalidIdentitySource",
            &["source"],
            "Invalid identity source \"{source}\" for the token of a JWT authorizer: use \"route.request.querystring.NAME\" or \"route.request.header.NAME\".",
        ),
        ErrorMessage::new(
            "httpIdentitySource",
            &["source", "rewritten"],
            "The identity source \"{source}\" is how HTTP APIs name it; WebSocket APIs name it \"{rewritten}\", which is used instead. Write \"{rewritten}\" to silence this warning.",
        ),
        ErrorMessage::new(
            "missingUserPool",
            &[],
            "Missing \"userPool\" for the user pool authorizer: pass \"userPool.id\" or \"cdk.userPool\".",
        ),
        ErrorMessage::new(
            "missingUserPoolClients",
            &[],
            "Missing app clients for the user pool authorizer: pass \"userPool.clientIds\" or \"cdk.userPoolClients\". Tokens are accepted for these audiences only.",
        ),
    ];
    m.constants = vec![Constant {
        name: "NAG_JWT_AUTHORIZER",
        doc: "Why the prebuilt JWT authorizer's function may use AWSLambdaBasicExecutionRole (cdk-nag AwsSolutions-IAM4).",
        value: ConstantValue::Text("The JWT authorizer that ships with @cdk-from-rust/websocket-api needs only to write its logs: AWSLambdaBasicExecutionRole is the execution policy Lambda attaches by default, with logs:CreateLogGroup, logs:CreateLogStream and logs:PutLogEvents."),
    }];
    m
}
