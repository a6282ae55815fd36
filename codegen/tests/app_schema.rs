//! The shape of app models, derived from the construct library's model (`codegen/src/app/schema.rs`).

use codegen::app::schema::*;

fn schema() -> Schema {
    Schema::new(&cdk_from_rust_constructs::library())
}

fn field<'a>(schema: &'a Schema, owner: &str, name: &str) -> &'a FieldShape {
    schema
        .structure(owner)
        .fields
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("{owner}.{name}"))
}

#[test]
fn api_props_are_the_constructs_fields_that_data_can_express() {
    let schema = schema();
    let props: Vec<&str> = schema
        .structure(API_PROPS)
        .fields
        .iter()
        .map(|f| f.name)
        .collect();
    assert_eq!(
        props,
        [
            "routes",
            "defaults",
            "accessLog",
            "cloudWatchRole",
            "customDomain",
            "authorizer",
            "routeSelectionExpression",
            "cdk"
        ]
    );
    // Struct-only companions are a jsii affordance: a model gives the union prop, and the Python
    // app writes its struct to the companion.
    let api = schema.structure(API_PROPS);
    assert_eq!(
        api.companion("accessLog", "WebSocketApiAccessLogProps"),
        Some("accessLogSettings")
    );
    assert_eq!(
        api.companion("authorizer", "WebSocketApiUserPoolAuthorizer"),
        Some("userPoolAuthorizer")
    );
    assert_eq!(api.companion("accessLog", "WebSocketApiDomainProps"), None);
    let function = schema.structure("FunctionProps");
    assert!(function
        .fields
        .iter()
        .any(|f| f.name == "runtime" && f.shape == Shape::Literal("Runtime")));
    assert_eq!(
        function.unavailable,
        [("layers", "lambda.ILayerVersion[]".to_string())]
    );
    // A struct whose every field takes CDK objects has no data form at all.
    assert!(schema
        .structure("WebSocketApiDomainProps")
        .unavailable
        .iter()
        .any(|(name, _)| *name == "cdk"));
}

#[test]
fn handler_strings_resource_ids_and_grants_stand_in_for_constructs() {
    let schema = schema();
    let route = &field(&schema, API_PROPS, "routes").shape;
    assert_eq!(
        *route,
        Shape::Map(Box::new(Shape::Union(vec![
            Shape::String,
            Shape::Struct("WebSocketApiFunctionRouteProps")
        ])))
    );
    assert_eq!(
        field(&schema, "WebSocketApiLambdaAuthorizer", "function").shape,
        Shape::NewFunction
    );
    assert_eq!(
        field(&schema, "FunctionProps", "bind").shape,
        Shape::List(Box::new(Shape::ResourceRef))
    );
    assert_eq!(
        field(&schema, "FunctionProps", "permissions").shape,
        Shape::Union(vec![
            Shape::String,
            Shape::List(Box::new(Shape::Union(vec![
                Shape::String,
                Shape::ResourceAccess
            ])))
        ])
    );
}

/// Where a union has several structs, each is chosen by its own `type` values.
fn check_struct_members(schema: &Schema, union: &Shape, members: &[Shape], at: &str) {
    for member in members {
        let Shape::Struct(name) = member else {
            panic!("{at}: only structs may share maps, not {member:?}")
        };
        let ty = schema
            .structure(name)
            .fields
            .iter()
            .find(|f| f.name == "type");
        let Some(Shape::Literal(set)) = ty.map(|f| &f.shape) else {
            panic!("{at}: {name} has no type to be told apart by")
        };
        for value in &schema.literal_set(set).values {
            let chosen = schema.member_for_map(union, &|key| key == "type", Some(value.value));
            assert_eq!(
                chosen,
                Some(member),
                "{at}: type \"{}\" must choose {name}",
                value.value
            );
        }
    }
}

#[test]
fn every_union_takes_each_kind_of_value_in_one_way() {
    let schema = schema();
    fn walk(schema: &Schema, shape: &Shape, at: &str) {
        match shape {
            Shape::Union(members) => {
                for kind in [
                    Kind::Null,
                    Kind::Bool,
                    Kind::Number,
                    Kind::String,
                    Kind::List,
                    Kind::Map,
                ] {
                    let taking: Vec<Shape> = members
                        .iter()
                        .filter(|m| m.accepts(kind))
                        .cloned()
                        .collect();
                    if kind == Kind::Map && taking.len() > 1 {
                        check_struct_members(schema, shape, &taking, at);
                    } else {
                        assert!(
                            taking.len() <= 1,
                            "{at}: {} members take {kind:?}",
                            taking.len()
                        );
                    }
                }
                members.iter().for_each(|m| walk(schema, m, at));
            }
            Shape::List(inner) | Shape::Map(inner) => walk(schema, inner, at),
            _ => {}
        }
    }
    for s in schema.structs() {
        for f in &s.fields {
            walk(&schema, &f.shape, &format!("{}.{}", s.name, f.name));
        }
    }
}

#[test]
fn the_classes_that_have_a_data_form_are_the_librarys() {
    let library = cdk_from_rust_constructs::library();
    let classes: Vec<&str> = library
        .modules
        .iter()
        .flat_map(|m| &m.classes)
        .map(|c| c.name)
        .collect();
    assert!(
        classes.contains(&FUNCTION) && classes.contains(&PERMISSION),
        "{classes:?}"
    );
}

#[test]
fn descriptions_list_what_is_accepted() {
    let schema = schema();
    let access_log = &field(&schema, API_PROPS, "accessLog").shape;
    assert_eq!(
        schema.describe(access_log),
        "a boolean, a string or a map of format, destinationArn, retention"
    );
    assert_eq!(schema.accepted("AuthorizerKind"), "none, iam");
    assert_eq!(
        schema.accepted("ResourceType"),
        "bucket, table, queue, topic"
    );
}
