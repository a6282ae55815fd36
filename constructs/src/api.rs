//! `api.ts`: the `WebSocketApi` construct, its props and its errors.

use crate::model::ExternalModule::*;
use crate::model::*;

pub fn module() -> Module {
    let mut m = Module::new("api", file!());
    m.classes = vec![Class {
        name: "WebSocketApi",
    }];
    m.structs = vec![
        props(),
        defaults(),
        route_props(),
        cdk_props(),
        cdk_stage_props(),
        cdk_outputs(),
    ];
    // CloudFormation allows 500 resources per stack and a route costs about six (function,
    // role, policy, permission, integration, route; seven when two-way).
    m.constants = vec![
        Constant {
            name: "ROUTES_IN_API_STACK",
            doc: "Routes added to the API itself stay in its stack up to this number, so that small APIs keep their logical ids.",
            value: ConstantValue::Number(40),
        },
        Constant {
            name: "ROUTES_PER_NESTED_STACK",
            doc: "Later routes go into nested stacks of this many routes (at most 420 resources each), so that all 300 routes API Gateway allows deploy.",
            value: ConstantValue::Number(60),
        },
    ];
    m.literal_sets = vec![LiteralSet {
        name: "RouteType",
        values: vec![Literal {
            value: "function",
            cdk: None,
        }],
        target: None,
        error: ErrorMessage::new(
            "invalidRouteType",
            &["value"],
            "Invalid route type \"{value}\". Accepted: {accepted}.",
        ),
    }];
    m.checks = vec![Check {
        name: "routeKey",
        doc: "A route key has a character other than white space (keys are trimmed).",
        pattern: r"\S",
        error: "emptyRouteKey",
    }];
    m.errors = vec![
        ErrorMessage::new("duplicateRoute", &["key"], "A route already exists for \"{key}\""),
        ErrorMessage::new(
            "emptyRouteKey",
            &["key"],
            "Invalid route key \"{key}\": a route key cannot be empty. Use \"$connect\", \"$disconnect\", \"$default\" or a custom key such as \"sendMessage\".",
        ),
        ErrorMessage::new(
            "invalidRouteValue",
            &["key"],
            "Invalid route \"{key}\": pass a handler string, a Function construct, or { function or functionProps, returnResponse? }.",
        ),
        ErrorMessage::new(
            "missingRouteFunction",
            &["key", "union", "companion"],
            "Invalid route \"{key}\": it has no function. Set \"{union}\" (a handler string or a Function) or \"{companion}\" (FunctionProps), one of the two.",
        ),
        ErrorMessage::new(
            "pythonRouteStruct",
            &["key"],
            "Route \"{key}\" is a dict or struct, which jsii cannot pass through the routes map from Python: it cannot tell a dict from a WebSocketApiFunctionRouteProps there, and drops a dict's snake_case keys (return_response, memory_size) before the library sees them. Add it with api.add_route(api, \"{key}\", function_props=FunctionProps(...), return_response=...) after the WebSocketApi (or function=\"handler\" or a Function; the API as scope keeps the ids the routes map gives); a route in the routes map is a handler string or a Function.",
        ),
        ErrorMessage::new(
            "attachToMissingRoute",
            &["key"],
            "Failed to attach permissions. Route \"{key}\" does not exist.",
        ),
        ErrorMessage::new("bindToMissingRoute", &["key"], "Failed to bind resources. Route \"{key}\" does not exist."),
        ErrorMessage::new(
            "importedStageWithoutApi",
            &[],
            "Cannot import the \"webSocketStage\" when the \"webSocketApi\" is not imported.",
        ),
        ErrorMessage::new(
            "accessLogWithImportedStage",
            &[],
            "Cannot configure the \"accessLog\" when \"webSocketStage\" is a construct",
        ),
        ErrorMessage::new(
            "customDomainWithImportedStage",
            &[],
            "Cannot configure the \"customDomain\" when \"webSocketStage\" is a construct",
        ),
        ErrorMessage::new(
            "stageDomainMapping",
            &[],
            "Do not configure the \"webSocketStage.domainMapping\". Use the \"customDomain\" to configure the Api domain.",
        ),
    ];
    m
}

fn props() -> Struct {
    Struct {
        name: "WebSocketApiProps",
        doc: "Props of a `WebSocketApi`: SST's `WebSocketApiProps`.",
        fields: vec![
            Field::optional(
                "routes",
                Ty::map(route_value_ty()),
                "- no routes; add them later with `addRoutes`",
                "Routes by route key (`$connect`, `$disconnect`, `$default` or a custom key). Each is a handler string, a `Function`, or `{ function, returnResponse }`. Keys are trimmed.",
            ),
            Field::optional(
                "defaults",
                Ty::Local("WebSocketApiDefaultsProps"),
                "- no defaults",
                "Defaults applied to every route function created from a handler string or props.",
            ),
            Field::optional(
                "accessLog",
                Ty::Union(vec![Ty::Boolean, Ty::String, Ty::Local("WebSocketApiAccessLogProps")]),
                "true",
                "Access logging of the stage: `false` turns it off, a string is the format, props give format, destination and retention. On by default, in SST's JSON format, into a log group this construct creates. With `false`, cdk-nag reports the stage (AwsSolutions-APIG1): no suppression is added for you.",
            ),
            Field::companion(
                "accessLogSettings",
                "accessLog",
                Ty::Local("WebSocketApiAccessLogProps"),
                "- as `accessLog` says (on by default)",
                "Access logging of the stage as props: format, destination and retention.",
            ),
            Field::optional(
                "cloudWatchRole",
                Ty::Boolean,
                "true",
                "Whether the stack sets up the API Gateway account's CloudWatch Logs role, which access logging needs in a fresh account. One role per stack, however many APIs it has; retained on delete because the account setting outlives the stack. Turn off when the account is already set up. The role uses the AWS managed policy AmazonAPIGatewayPushToCloudWatchLogs and carries a cdk-nag suppression of AwsSolutions-IAM4 saying so.",
            ),
            Field::optional(
                "customDomain",
                Ty::Union(vec![Ty::String, Ty::Local("WebSocketApiDomainProps")]),
                "- no custom domain",
                "A custom domain, as a name (`\"api.example.com\"`) or props.",
            ),
            Field::companion(
                "customDomainSettings",
                "customDomain",
                Ty::Local("WebSocketApiDomainProps"),
                "- as `customDomain` says (no custom domain)",
                "A custom domain as props.",
            ),
            Field::optional(
                "authorizer",
                Ty::Union(vec![
                    Ty::Literal("AuthorizerKind"),
                    Ty::Local("WebSocketApiLambdaAuthorizer"),
                    Ty::Local("WebSocketApiJwtAuthorizer"),
                    Ty::Local("WebSocketApiUserPoolAuthorizer"),
                ]),
                "\"none\"",
                "The authorizer of the `$connect` route: `\"none\"`, `\"iam\"`, a Lambda authorizer, or a JWT or Cognito user pool authorizer (which API Gateway refuses on WebSocket APIs, so they deploy as a Lambda REQUEST authorizer that ships in this package and checks tokens as HTTP API JWT authorizers do). Every other route is `NONE`: WebSocket APIs authorize on connect, so those routes carry a cdk-nag suppression of AwsSolutions-APIG4. A `$connect` route without an authorizer is reported by cdk-nag: suppress it on `api.getRoute(\"$connect\")` if the API is meant to be public.",
            ),
            Field::companion(
                "lambdaAuthorizer",
                "authorizer",
                Ty::Local("WebSocketApiLambdaAuthorizer"),
                "- as `authorizer` says (none)",
                "A Lambda authorizer of the `$connect` route.",
            ),
            Field::companion(
                "jwtAuthorizer",
                "authorizer",
                Ty::Local("WebSocketApiJwtAuthorizer"),
                "- as `authorizer` says (none)",
                "A JWT authorizer of the `$connect` route.",
            ),
            Field::companion(
                "userPoolAuthorizer",
                "authorizer",
                Ty::Local("WebSocketApiUserPoolAuthorizer"),
                "- as `authorizer` says (none)",
                "A Cognito user pool authorizer of the `$connect` route.",
            ),
            Field::optional(
                "routeSelectionExpression",
                Ty::String,
                "\"$request.body.action\"",
                "The route selection expression of the API.",
            ),
            Field::optional(
                "cdk",
                Ty::Local("WebSocketApiCdkProps"),
                "- the construct creates the API and its stage",
                "Overrides and imports of the underlying CDK constructs.",
            ),
        ],
    }
}

fn route_value_ty() -> Ty {
    Ty::Union(vec![
        Ty::String,
        Ty::Local("Function"),
        Ty::Local("WebSocketApiFunctionRouteProps"),
    ])
}

fn defaults() -> Struct {
    Struct {
        name: "WebSocketApiDefaultsProps",
        doc: "Defaults of a `WebSocketApi`.",
        fields: vec![Field::optional(
            "function",
            Ty::Local("FunctionProps"),
            "- no defaults",
            "Props merged into every route function created from a handler string or props: the route's scalars win, `environment` maps merge, `permissions`, `layers` and `bind` lists concatenate. Cannot be used with a route given as a `Function` construct.",
        )],
    }
}

fn route_props() -> Struct {
    Struct {
        name: "WebSocketApiFunctionRouteProps",
        doc: "A route given as props.",
        fields: vec![
            Field::required_or_companion(
                "function",
                Ty::Union(vec![
                    Ty::String,
                    Ty::Local("Function"),
                    Ty::Local("FunctionProps"),
                ]),
                "The route's function: a handler string, a `Function`, or `FunctionProps`.",
            ),
            Field::companion(
                "functionProps",
                "function",
                Ty::Local("FunctionProps"),
                "- `function`; one of the two is required",
                "The route's function as `FunctionProps`.",
            ),
            Field::optional(
                "type",
                Ty::Literal("RouteType"),
                "\"function\"",
                "SST's discriminator of route props; accepted so that SST code ports unchanged.",
            ),
            Field::optional(
                "returnResponse",
                Ty::Boolean,
                "false",
                "Makes the route two-way: the function's return value is sent back to the client.",
            ),
        ],
    }
}

fn cdk_props() -> Struct {
    Struct {
        name: "WebSocketApiCdkProps",
        doc: "CDK overrides of a `WebSocketApi`.",
        fields: vec![
            Field::optional(
                "id",
                Ty::String,
                "- the id passed to the constructor",
                "The construct id to use instead of the one passed to the constructor; keeps logical ids stable when a construct is renamed.",
            ),
            Field::optional(
                "webSocketApi",
                Ty::Union(vec![
                    Ty::ext(ApiGatewayV2, "IWebSocketApi"),
                    Ty::ext(ApiGatewayV2, "WebSocketApiProps"),
                ]),
                "- a new API named `{stackName}-{id}`",
                "An existing API to add routes to, or props of the API this construct creates.",
            ),
            Field::companion(
                "webSocketApiProps",
                "webSocketApi",
                Ty::ext(ApiGatewayV2, "WebSocketApiProps"),
                "- as `webSocketApi` says (a new API)",
                "Props of the API this construct creates.",
            ),
            Field::optional(
                "webSocketStage",
                Ty::Union(vec![
                    Ty::ext(ApiGatewayV2, "IWebSocketStage"),
                    Ty::Local("WebSocketApiCdkStageProps"),
                ]),
                "- a new auto-deployed stage named after the `stage` context value, or `default`",
                "An existing stage (only with an imported `webSocketApi`), or props of the stage this construct creates.",
            ),
            Field::companion(
                "webSocketStageProps",
                "webSocketStage",
                Ty::Local("WebSocketApiCdkStageProps"),
                "- as `webSocketStage` says (a new stage)",
                "Props of the stage this construct creates.",
            ),
        ],
    }
}

fn cdk_stage_props() -> Struct {
    Struct {
        name: "WebSocketApiCdkStageProps",
        doc: "Props of the stage a `WebSocketApi` creates: CDK's `WebSocketStageProps` without `webSocketApi`.",
        fields: vec![
            Field::optional(
                "stageName",
                Ty::String,
                "- the `stage` context value, or `default`",
                "The name of the stage; it is the last path segment of `url`.",
            ),
            Field::optional("autoDeploy", Ty::Boolean, "true", "Whether changes are deployed to the stage automatically."),
            Field::optional("description", Ty::String, "- no description", "A description of the stage."),
            Field::optional(
                "throttle",
                Ty::ext(ApiGatewayV2, "ThrottleSettings"),
                "- the account's limits",
                "Throttling of the stage.",
            ),
            Field::optional(
                "domainMapping",
                Ty::ext(ApiGatewayV2, "DomainMappingOptions"),
                "- not supported",
                "Not supported: throws. Use `customDomain` to configure the API's domain.",
            ),
        ],
    }
}

fn cdk_outputs() -> Struct {
    Struct {
        name: "WebSocketApiCdk",
        doc: "The CDK constructs a `WebSocketApi` created or was given.",
        fields: vec![
            Field::required("webSocketApi", Ty::ext(ApiGatewayV2, "IWebSocketApi"), "The API."),
            Field::required("webSocketStage", Ty::ext(ApiGatewayV2, "IWebSocketStage"), "The stage."),
            Field::optional(
                "accessLogGroup",
                Ty::ext(Logs, "ILogGroup"),
                "- none when access logs are off or go to `destinationArn`",
                "The log group access logs go to.",
            ),
            Field::optional(
                "domainName",
                Ty::ext(ApiGatewayV2, "IDomainName"),
                "- none without `customDomain`",
                "The API Gateway domain name.",
            ),
            Field::optional(
                "certificate",
                Ty::ext(CertificateManager, "ICertificate"),
                "- none without `customDomain`, or when the certificate is given, or the domain is external or imported",
                "The certificate this construct created for the custom domain.",
            ),
        ],
    }
}
