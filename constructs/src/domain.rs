//! `domain.ts`: the custom domain of a `WebSocketApi`.

use crate::model::ExternalModule::*;
use crate::model::*;

pub fn module() -> Module {
    let mut m = Module::new("domain", file!());
    m.structs = vec![
        Struct {
            name: "WebSocketApiDomainProps",
            doc: "The custom domain of a `WebSocketApi`.",
            fields: vec![
                Field::optional(
                    "domainName",
                    Ty::String,
                    "- required unless `cdk.domainName` is given",
                    "The domain name, in lowercase, for example `\"api.example.com\"` or `\"*.example.com\"`.",
                ),
                Field::optional(
                    "hostedZone",
                    Ty::String,
                    "- the domain name without its first label",
                    "The Route 53 hosted zone to create the records and validate the certificate in.",
                ),
                Field::optional(
                    "path",
                    Ty::String,
                    "- the API is mapped at the root of the domain",
                    "The base path the API is mapped at, so that several APIs can share a domain.",
                ),
                Field::optional(
                    "isExternalDomain",
                    Ty::Boolean,
                    "false",
                    "The domain's DNS is not in Route 53: no records are created and `cdk.certificate` is required.",
                ),
                Field::optional(
                    "cdk",
                    Ty::Local("WebSocketApiDomainCdkProps"),
                    "- the construct looks up or creates what it needs",
                    "Existing constructs to use for the domain.",
                ),
            ],
        },
        Struct {
            name: "WebSocketApiDomainCdkProps",
            doc: "Existing CDK constructs for a custom domain.",
            fields: vec![
                Field::optional(
                    "domainName",
                    Ty::ext(ApiGatewayV2, "IDomainName"),
                    "- a regional domain name is created",
                    "An existing API Gateway domain name; excludes `hostedZone` and `certificate`.",
                ),
                Field::optional(
                    "hostedZone",
                    Ty::ext(Route53, "IHostedZone"),
                    "- looked up by name",
                    "The hosted zone to create the records in.",
                ),
                Field::optional(
                    "certificate",
                    Ty::ext(CertificateManager, "ICertificate"),
                    "- a DNS-validated certificate is created",
                    "The certificate of the domain; required for an external domain.",
                ),
            ],
        },
    ];
    m.checks = vec![
        Check {
            name: "domainName",
            doc: "A custom domain's name is not empty.",
            pattern: ".",
            error: "missingDomainName",
        },
        Check {
            name: "lowercaseDomain",
            doc: "A custom domain's name is in lowercase, as API Gateway stores it.",
            pattern: "^[^A-Z]*$",
            error: "domainNotLowercase",
        },
    ];
    m.errors = vec![
        ErrorMessage::new("domainNotLowercase", &["domain"], "The domain name needs to be in lowercase: \"{domain}\""),
        ErrorMessage::new(
            "missingDomainName",
            &[],
            "Missing \"domainName\" in the WebSocketApi's customDomain setting. Pass a domain name, or an existing domain in \"cdk.domainName\".",
        ),
        ErrorMessage::new(
            "hostedZoneWithImportedDomain",
            &[],
            "Cannot configure the \"hostedZone\" when the \"domainName\" is a construct",
        ),
        ErrorMessage::new(
            "certificateWithImportedDomain",
            &[],
            "Cannot configure the \"certificate\" when the \"domainName\" is a construct",
        ),
        ErrorMessage::new(
            "externalDomainNeedsCertificate",
            &[],
            "A valid certificate is required when \"isExternalDomain\" is set to \"true\".",
        ),
        ErrorMessage::new(
            "externalDomainWithHostedZone",
            &[],
            "Hosted zones can only be configured for domains hosted on Amazon Route 53. Do not set the \"hostedZone\" when \"isExternalDomain\" is enabled.",
        ),
        ErrorMessage::new(
            "tokenDomainWithoutHostedZone",
            &[],
            "You also need to specify the \"hostedZone\" if the \"domainName\" is passed in as a reference.",
        ),
    ];
    m
}
