//! Model types as TypeScript: type expressions, the one alias each package is imported under,
//! and the import lines of a generated file.

use std::collections::{BTreeMap, BTreeSet};

use cdk_from_rust_constructs::model::{ExternalModule, Module, Ty};

use crate::ir::{IrLibrary, LocalKind};

/// The TypeScript spelling of a model type.
pub fn ts_type(ty: &Ty) -> String {
    match ty {
        Ty::String | Ty::Literal(_) => "string".into(),
        Ty::Number => "number".into(),
        Ty::Boolean => "boolean".into(),
        Ty::Local(name) => name.to_string(),
        Ty::External(e) => format!("{}.{}", alias(e.module), e.name),
        Ty::Array(inner) => match **inner {
            Ty::Union(_) => format!("Array<{}>", ts_type(inner)),
            _ => format!("{}[]", ts_type(inner)),
        },
        Ty::Map(inner) => format!("{{ [key: string]: {} }}", ts_type(inner)),
        Ty::Union(members) => members.iter().map(ts_type).collect::<Vec<_>>().join(" | "),
    }
}

/// Each package or CDK submodule is imported under one alias everywhere.
pub fn alias(module: ExternalModule) -> &'static str {
    use ExternalModule::*;
    match module {
        Constructs => "constructs",
        ApiGatewayV2 => "apigwv2",
        ApiGatewayV2Authorizers => "apigwv2Authorizers",
        CertificateManager => "acm",
        Cognito => "cognito",
        DynamoDb => "dynamodb",
        Iam => "iam",
        Lambda => "lambda",
        Logs => "logs",
        Route53 => "route53",
        S3 => "s3",
        Sns => "sns",
        Sqs => "sqs",
    }
}

pub fn specifier(module: ExternalModule) -> &'static str {
    use ExternalModule::*;
    match module {
        Constructs => "constructs",
        ApiGatewayV2 => "aws-cdk-lib/aws-apigatewayv2",
        ApiGatewayV2Authorizers => "aws-cdk-lib/aws-apigatewayv2-authorizers",
        CertificateManager => "aws-cdk-lib/aws-certificatemanager",
        Cognito => "aws-cdk-lib/aws-cognito",
        DynamoDb => "aws-cdk-lib/aws-dynamodb",
        Iam => "aws-cdk-lib/aws-iam",
        Lambda => "aws-cdk-lib/aws-lambda",
        Logs => "aws-cdk-lib/aws-logs",
        Route53 => "aws-cdk-lib/aws-route53",
        S3 => "aws-cdk-lib/aws-s3",
        Sns => "aws-cdk-lib/aws-sns",
        Sqs => "aws-cdk-lib/aws-sqs",
    }
}

fn collect_refs(
    ty: &Ty,
    external: &mut BTreeSet<ExternalModule>,
    local: &mut BTreeSet<&'static str>,
) {
    match ty {
        Ty::External(e) => {
            external.insert(e.module);
        }
        Ty::Local(name) => {
            local.insert(name);
        }
        Ty::Array(inner) | Ty::Map(inner) => collect_refs(inner, external, local),
        Ty::Union(members) => members
            .iter()
            .for_each(|t| collect_refs(t, external, local)),
        Ty::String | Ty::Number | Ty::Boolean | Ty::Literal(_) => {}
    }
}

/// Sorted import lines of `src/{m}.generated.ts`: packages by specifier, then this library's
/// files by path. Structs come from other generated files; classes from the hand-written file
/// of their module (type-only uses, which TypeScript erases, so the cycle costs nothing).
pub fn imports(ir: &IrLibrary, m: &Module) -> Vec<String> {
    let mut external = BTreeSet::new();
    let mut local_names = BTreeSet::new();
    for ty in m
        .structs
        .iter()
        .flat_map(|s| &s.fields)
        .map(|f| &f.ty)
        .chain(m.aliases.iter().map(|a| &a.ty))
    {
        collect_refs(ty, &mut external, &mut local_names);
    }
    external.extend(
        m.literal_sets
            .iter()
            .filter_map(|set| set.target)
            .map(|t| t.module),
    );
    let mut local: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for name in local_names {
        let decl = ir.locals[name];
        let file = match decl.kind {
            LocalKind::Class => format!("./{}", decl.module),
            LocalKind::Struct | LocalKind::LiteralSet if decl.module != m.name => {
                format!("./{}.generated", decl.module)
            }
            LocalKind::Struct | LocalKind::LiteralSet => continue,
        };
        local.entry(file).or_default().insert(name);
    }
    let mut packages: Vec<(&str, &str)> = external
        .into_iter()
        .map(|e| (specifier(e), alias(e)))
        .collect();
    packages.sort();
    let mut lines: Vec<String> = packages
        .into_iter()
        .map(|(spec, alias)| format!("import * as {alias} from \"{spec}\";"))
        .collect();
    for (file, names) in local {
        let names: Vec<&str> = names.into_iter().collect();
        lines.push(format!(
            "import {{ {} }} from \"{file}\";",
            names.join(", ")
        ));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_spelled_as_jsii_accepts_them() {
        let ty = Ty::Union(vec![
            Ty::String,
            Ty::array(Ty::Union(vec![
                Ty::String,
                Ty::ext(ExternalModule::Iam, "PolicyStatement"),
            ])),
        ]);
        assert_eq!(ts_type(&ty), "string | Array<string | iam.PolicyStatement>");
        assert_eq!(
            ts_type(&Ty::map(Ty::Literal("Retention"))),
            "{ [key: string]: string }"
        );
    }

    #[test]
    fn imports_are_sorted_and_take_classes_from_hand_written_files() {
        let library = cdk_from_rust_constructs::library();
        let ir = crate::ir::validate(&library).unwrap();
        let api = library.modules.iter().find(|m| m.name == "api").unwrap();
        let lines = imports(&ir, api);
        let packages: Vec<&String> = lines
            .iter()
            .filter(|l| l.starts_with("import * as"))
            .collect();
        let mut sorted = packages.clone();
        sorted.sort_by_key(|l| l.split('"').nth(1).unwrap().to_string());
        assert_eq!(packages, sorted);
        assert!(lines.iter().all(|l| !l.ends_with("\"./api.generated\";")));
        assert!(
            lines.contains(&"import { Function } from \"./function\";".to_string()),
            "{lines:#?}"
        );
        assert!(
            lines.contains(&"import { FunctionProps } from \"./function.generated\";".to_string()),
            "{lines:#?}"
        );
    }
}
