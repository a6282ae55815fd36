//! `authorizer.ts`: the authorizer of the `$connect` route.

use crate::model::ExternalModule::*;
use crate::model::*;

pub fn module() -> Module {
    let mut m = Module::new("authorizer", file!());
    m.structs = vec![
        Struct {
            name: "WebSocketApiLambdaAuthorizer",
            doc: "A REQUEST (Lambda) authorizer of the `$connect` route.",
            fields: vec![
                Field::required(
                    "type",
                    Ty::Literal("LambdaAuthorizerType"),
                    "Always `\"lambda\"`: WebSocket APIs accept only REQUEST (Lambda) and IAM authorizers.",
                ),
                Field::optional(
                    "function",
                    Ty::Local("Function"),
                    "- required unless `cdk.authorizer` is given",
                    "The function that authorizes connections.",
                ),
                Field::optional("name", Ty::String, "- the construct id of the authorizer", "The name of the authorizer."),
                Field::optional(
                    "identitySource",
                    Ty::array(Ty::String),
                    "[\"route.request.header.Authorization\"]",
                    "Where API Gateway reads the caller's identity from.",
                ),
                Field::optional(
                    "cdk",
                    Ty::Local("WebSocketApiLambdaAuthorizerCdkProps"),
                    "- an authorizer is created from `function`",
                    "An existing CDK authorizer.",
                ),
            ],
        },
        Struct {
            name: "WebSocketApiLambdaAuthorizerCdkProps",
            doc: "An existing CDK authorizer for a `WebSocketApi`.",
            fields: vec![Field::required(
                "authorizer",
                Ty::ext(ApiGatewayV2Authorizers, "WebSocketLambdaAuthorizer"),
                "The authorizer to attach to `$connect`.",
            )],
        },
    ];
    m.literal_sets = vec![
        LiteralSet {
            name: "AuthorizerKind",
            values: vec![Literal { value: "none", cdk: None }, Literal { value: "iam", cdk: None }],
            target: None,
            error: ErrorMessage::new(
                "invalidAuthorizer",
                &["value"],
                "Invalid authorizer \"{value}\". Accepted: {accepted}, or an authorizer object: { type: \"lambda\", function }, { type: \"jwt\", jwt: { issuer, audience } } or { type: \"user_pool\", userPool: { id, clientIds } }.",
            ),
        },
        LiteralSet {
            name: "LambdaAuthorizerType",
            values: vec![Literal { value: "lambda", cdk: None }],
            target: None,
            error: ErrorMessage::new(
                "invalidAuthorizerType",
                &["value"],
                "Invalid authorizer type \"{value}\". Accepted: {accepted}, \"jwt\" (with \"jwt\") and \"user_pool\" (with \"userPool\").",
            ),
        },
    ];
    m.errors = vec![ErrorMessage::new(
        "missingAuthorizerFunction",
        &[],
        "Missing \"function\" for authorizer",
    )];
    m.constants = vec![Constant {
        name: "NAG_ROUTE_AUTHORIZATION",
        doc: "Why routes other than `$connect` have no authorizer (cdk-nag AwsSolutions-APIG4).",
        value: ConstantValue::Text("API Gateway authorizes WebSocket clients once, on the $connect route; other routes cannot have an authorizer (their AuthorizationType must be NONE) and only run on connections that $connect accepted."),
    }];
    m
}
