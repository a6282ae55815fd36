"""test-app/lib/domain-stack.ts: custom domains: a name, a wildcard name, props with a path, an
explicit hosted zone, a given hosted zone and certificate, an external domain and an imported API
Gateway domain name. Hosted zones are looked up from cdk.context.json."""
import aws_cdk as cdk
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_route53 as route53
from constructs import Construct

from cdk_from_rust.websocket_api import WebSocketApi, WebSocketApiDomainCdkProps, WebSocketApiDomainProps

from .env import ENV

GIVEN_CERTIFICATE_ARN = "arn:aws:acm:us-east-1:123456789012:certificate/given"
EXTERNAL_CERTIFICATE_ARN = "arn:aws:acm:us-east-1:123456789012:certificate/external"
GIVEN_ZONE_ID = "Z0GIVENZONE"
IMPORTED_REGIONAL_NAME = "d-imported.execute-api.us-east-1.amazonaws.com"


class DomainStack(cdk.Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id, env=ENV)
        # Zone example.com, from the name without its first label.
        self.by_name = WebSocketApi(
            self,
            "ByName",
            access_log=False,
            custom_domain="api.example.com",
            routes={"$default": "handlers/node/default.main"},
        )
        self.wildcard = WebSocketApi(self, "Wildcard", access_log=False, custom_domain="*.example.com")
        self.with_path = WebSocketApi(
            self,
            "WithPath",
            access_log=False,
            custom_domain_settings=WebSocketApiDomainProps(domain_name="ws.example.com", path="v1"),
        )
        # Without hosted_zone the zone would be eu.chat.example.org, which does not exist.
        self.explicit_zone = WebSocketApi(
            self,
            "ExplicitZone",
            access_log=False,
            custom_domain_settings=WebSocketApiDomainProps(
                domain_name="ws.eu.chat.example.org", hosted_zone="chat.example.org"
            ),
        )
        self.given_zone_and_certificate = WebSocketApi(
            self,
            "GivenZoneAndCertificate",
            access_log=False,
            custom_domain_settings=WebSocketApiDomainProps(
                domain_name="ws.example.net",
                cdk=WebSocketApiDomainCdkProps(
                    hosted_zone=route53.HostedZone.from_hosted_zone_attributes(
                        self, "GivenZone", hosted_zone_id=GIVEN_ZONE_ID, zone_name="example.net"
                    ),
                    certificate=acm.Certificate.from_certificate_arn(self, "GivenCertificate", GIVEN_CERTIFICATE_ARN),
                ),
            ),
        )
        self.external = WebSocketApi(
            self,
            "External",
            access_log=False,
            custom_domain_settings=WebSocketApiDomainProps(
                domain_name="ws.elsewhere.io",
                is_external_domain=True,
                path="chat",
                cdk=WebSocketApiDomainCdkProps(
                    certificate=acm.Certificate.from_certificate_arn(
                        self, "ExternalCertificate", EXTERNAL_CERTIFICATE_ARN
                    ),
                ),
            ),
        )
        self.imported = WebSocketApi(
            self,
            "Imported",
            access_log=False,
            custom_domain_settings=WebSocketApiDomainProps(
                path="imported",
                cdk=WebSocketApiDomainCdkProps(
                    domain_name=apigwv2.DomainName.from_domain_name_attributes(
                        self,
                        "ImportedDomain",
                        name="shared.example.com",
                        regional_domain_name=IMPORTED_REGIONAL_NAME,
                        regional_hosted_zone_id="Z1UJRXOUMOOFQ8",
                    ),
                ),
            ),
        )
