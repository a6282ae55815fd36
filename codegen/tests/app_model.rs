//! The typed app model (the Rust API) and the schema derived from the construct library (what
//! model files are checked against) must agree field for field: a model with every field set
//! serializes to exactly the fields the schema declares, struct by struct, and checks clean.

use std::collections::{BTreeMap, BTreeSet};

use codegen::app::model::*;
use codegen::app::schema::{Kind, Schema, Shape, RESOURCE_ACCESS};

/// A model that sets every field of every struct, and every form of every union.
fn full_model() -> AppModel {
    let function = FunctionProps {
        handler: Some("src/send.main".into()),
        src_path: Some("src".into()),
        runtime: Some("nodejs22.x".into()),
        timeout: Some(20.into()),
        memory_size: Some(512.into()),
        architecture: Some("arm_64".into()),
        environment: Some([("STAGE".to_string(), "dev".to_string())].into()),
        permissions: Some(Permissions::List(vec![
            Permission::Action("sqs:SendMessage".into()),
            Permission::Resource(ResourceAccess {
                resource: "uploads".into(),
                grant: Some("grantRead".into()),
            }),
        ])),
        bind: Some(vec!["connections".into()]),
        tracing: Some("active".into()),
        description: Some("sends".into()),
        function_name: Some("send".into()),
        bundle: Some(true),
    };
    let route = |function| {
        Route::Props(WebSocketApiFunctionRouteProps {
            function,
            route_type: Some("function".into()),
            return_response: Some(true),
        })
    };
    let api = WebSocketApiProps {
        routes: [
            (
                "$connect".to_string(),
                Route::Handler("src/connect.main".into()),
            ),
            (
                "a".to_string(),
                route(FunctionDefinition::Handler("src/a.main".into())),
            ),
            (
                "b".to_string(),
                route(FunctionDefinition::Props(function.clone())),
            ),
        ]
        .into(),
        defaults: Some(WebSocketApiDefaultsProps {
            function: Some(FunctionProps {
                permissions: Some(Permissions::String("*".into())),
                ..function
            }),
        }),
        access_log: Some(AccessLog::Props(WebSocketApiAccessLogProps {
            format: Some("$context.requestId".into()),
            destination_arn: Some("arn:aws:logs:us-east-1:123456789012:log-group:x".into()),
            retention: Some("one_day".into()),
        })),
        cloud_watch_role: Some(false),
        custom_domain: Some(CustomDomain::Props(WebSocketApiDomainProps {
            domain_name: Some("ws.example.com".into()),
            hosted_zone: Some("example.com".into()),
            path: Some("v1".into()),
            is_external_domain: Some(false),
        })),
        authorizer: Some(Authorizer::Lambda(WebSocketApiLambdaAuthorizer {
            authorizer_type: "lambda".into(),
            function: Some("src/authorizer.main".into()),
            name: Some("auth".into()),
            identity_source: Some(vec!["route.request.header.Authorization".into()]),
        })),
        route_selection_expression: Some("$request.body.type".into()),
        cdk: Some(WebSocketApiCdkProps {
            id: Some("ChatApi".into()),
            web_socket_stage: Some(WebSocketApiCdkStageProps {
                stage_name: Some("prod".into()),
                auto_deploy: Some(true),
                description: Some("prod".into()),
            }),
        }),
    };
    let resources = [
        (
            "connections".to_string(),
            Resource {
                sort_key: Some(TableKey {
                    name: "at".into(),
                    attribute_type: AttributeType::Number,
                }),
                ..Resource::table("id", AttributeType::String)
            },
        ),
        ("uploads".to_string(), Resource::of(ResourceType::Bucket)),
    ];
    // JWT and user pool authorizers, in SST v1's and v3's shapes, with every field.
    let token = |value: serde_json::Value| WebSocketApiProps {
        authorizer: Some(Authorizer::Token(TokenAuthorizer(
            value.as_object().unwrap().clone(),
        ))),
        access_log: Some(AccessLog::Enabled(false)),
        ..WebSocketApiProps::default()
    };
    let jwt = token(serde_json::json!({
        "type": "jwt",
        "jwt": { "issuer": "https://auth.example.com", "audience": ["web"], "jwksUri": "https://auth.example.com/keys", "allowInsecureIssuer": false },
        "identitySource": ["route.request.header.Authorization"],
        "scopes": ["chat:read"],
        "claims": ["email"],
        "name": "Jwt",
    }));
    let jwt_v3 = token(serde_json::json!({
        "jwt": { "issuer": "https://auth.example.com", "audiences": ["web"], "identitySource": ["$request.header.Authorization"] },
    }));
    let pool = token(serde_json::json!({
        "type": "user_pool",
        "userPool": { "id": "us-east-1_AbC", "clientIds": ["client"], "region": "us-east-1" },
        "tokenUse": "id",
        "identitySource": ["route.request.querystring.token"],
        "scopes": ["openid"],
        "claims": ["email"],
        "name": "Pool",
    }));
    let stack = Stack {
        account: Some("123456789012".into()),
        region: Some("us-east-1".into()),
        resources: resources.into(),
        web_socket_apis: [
            ("Chat".to_string(), api),
            ("Jwt".to_string(), jwt),
            ("JwtV3".to_string(), jwt_v3),
            ("Pool".to_string(), pool),
        ]
        .into(),
    };
    AppModel {
        app: "chat".into(),
        context: [("stage".to_string(), serde_json::json!("dev"))].into(),
        stacks: [("Chat".to_string(), stack)].into(),
    }
}

/// Walks a value with its shape, checking that every field of a struct is one the schema
/// declares and recording, by struct, the fields the model set.
fn walk(
    schema: &Schema,
    value: &serde_json::Value,
    shape: &Shape,
    reached: &mut BTreeMap<String, BTreeSet<String>>,
    at: &str,
) {
    let chosen = match value {
        serde_json::Value::Object(map) => schema.member_for_map(
            shape,
            &|key| map.contains_key(key),
            map.get("type").and_then(|t| t.as_str()),
        ),
        _ => shape.for_kind(Kind::of_json(value)),
    };
    let shape = chosen.unwrap_or_else(|| panic!("{at}: {value} does not fit {shape:?}"));
    let name = match shape {
        Shape::Struct(name) => *name,
        Shape::ResourceAccess => RESOURCE_ACCESS,
        Shape::List(inner) => {
            value
                .as_array()
                .unwrap()
                .iter()
                .enumerate()
                .for_each(|(i, v)| walk(schema, v, inner, reached, &format!("{at}[{i}]")));
            return;
        }
        Shape::Map(inner) => {
            value
                .as_object()
                .unwrap()
                .iter()
                .for_each(|(k, v)| walk(schema, v, inner, reached, &format!("{at}.{k}")));
            return;
        }
        _ => return,
    };
    let structure = schema.structure(name);
    let declared: BTreeSet<&str> = structure.fields.iter().map(|f| f.name).collect();
    let object = value.as_object().unwrap();
    for (key, field_value) in object {
        assert!(
            declared.contains(key.as_str()),
            "{at}: the typed {name} has {key}, which the schema does not declare"
        );
        let field = structure.fields.iter().find(|f| f.name == key).unwrap();
        walk(
            schema,
            field_value,
            &field.shape,
            reached,
            &format!("{at}.{key}"),
        );
    }
    reached
        .entry(name.to_string())
        .or_default()
        .extend(object.keys().cloned());
}

#[test]
fn the_typed_model_and_the_schema_have_the_same_fields() {
    let schema = Schema::new(&cdk_from_rust_constructs::library());
    let json = serde_json::to_value(full_model()).unwrap();
    let mut reached = BTreeMap::new();
    walk(&schema, &json, &schema.root(), &mut reached, "model");
    let declared: BTreeMap<String, BTreeSet<String>> = schema
        .structs()
        .map(|s| {
            (
                s.name.to_string(),
                s.fields.iter().map(|f| f.name.to_string()).collect(),
            )
        })
        .collect();
    assert_eq!(
        reached, declared,
        "the typed model sets every field of every struct of the schema"
    );
}

#[test]
fn a_full_model_built_in_rust_checks_clean_and_renders_in_every_language() {
    let ir = codegen::app::check(&full_model(), "full model").unwrap_or_else(|e| panic!("{e}"));
    for lang in codegen::app::Lang::ALL {
        let files = codegen::app::render(
            &ir,
            &codegen::app::AppOptions {
                lang,
                src_path: Some("../m".into()),
            },
        )
        .unwrap();
        // go.sum takes no comments: it belongs to the generator through the go.mod beside it.
        let commented = files.iter().filter(|(path, _)| !path.ends_with("go.sum"));
        assert!(
            commented
                .clone()
                .all(|(_, f)| f.contains(codegen::view::MARKER)),
            "every file carries the marker"
        );
    }
}
