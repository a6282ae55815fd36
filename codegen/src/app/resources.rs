//! The kinds of resources an app model declares, and the CDK construct each becomes. Each is a
//! kind the construct library binds and grants (`bind`, `permissions`).

use cdk_from_rust_constructs::model::ExternalModule;

use crate::app::model::ResourceType;

#[derive(Debug)]
pub struct ResourceKindSpec {
    pub resource_type: ResourceType,
    /// The library's resource kind (`SST_{Type}_...` when bound).
    pub library_kind: &'static str,
    pub module: ExternalModule,
    pub class: &'static str,
    pub cfn_type: &'static str,
}

const SPECS: [ResourceKindSpec; 4] = [
    ResourceKindSpec {
        resource_type: ResourceType::Bucket,
        library_kind: "Bucket",
        module: ExternalModule::S3,
        class: "Bucket",
        cfn_type: "AWS::S3::Bucket",
    },
    ResourceKindSpec {
        resource_type: ResourceType::Table,
        library_kind: "Table",
        module: ExternalModule::DynamoDb,
        class: "Table",
        cfn_type: "AWS::DynamoDB::Table",
    },
    ResourceKindSpec {
        resource_type: ResourceType::Queue,
        library_kind: "Queue",
        module: ExternalModule::Sqs,
        class: "Queue",
        cfn_type: "AWS::SQS::Queue",
    },
    ResourceKindSpec {
        resource_type: ResourceType::Topic,
        library_kind: "Topic",
        module: ExternalModule::Sns,
        class: "Topic",
        cfn_type: "AWS::SNS::Topic",
    },
];

pub fn spec(resource_type: ResourceType) -> &'static ResourceKindSpec {
    SPECS
        .iter()
        .find(|s| s.resource_type == resource_type)
        .expect("every resource type has a spec")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_resource_type_is_a_kind_the_library_binds() {
        let library = cdk_from_rust_constructs::library();
        let kinds: Vec<&str> = library
            .modules
            .iter()
            .flat_map(|m| &m.resource_kinds)
            .map(|k| k.name)
            .collect();
        for t in ResourceType::ALL {
            assert!(
                kinds.contains(&spec(t).library_kind),
                "{t:?} is not one of {kinds:?}"
            );
            assert_eq!(
                crate::view::specifier(spec(t).module),
                format!("aws-cdk-lib/aws-{}", crate::view::alias(spec(t).module))
            );
        }
    }
}
