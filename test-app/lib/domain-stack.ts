// Custom domains: a name, a wildcard name, props with a path, an explicit hosted zone, a given
// hosted zone and certificate, an external domain and an imported API Gateway domain name.
// Hosted zones are looked up from cdk.context.json.
import * as cdk from "aws-cdk-lib";
import * as apigwv2 from "aws-cdk-lib/aws-apigatewayv2";
import * as acm from "aws-cdk-lib/aws-certificatemanager";
import * as route53 from "aws-cdk-lib/aws-route53";
import { Construct } from "constructs";
import { WebSocketApi } from "@cdk-from-rust/websocket-api";
import { ENV } from "./env";

export const GIVEN_CERTIFICATE_ARN = "arn:aws:acm:us-east-1:123456789012:certificate/given";
export const EXTERNAL_CERTIFICATE_ARN = "arn:aws:acm:us-east-1:123456789012:certificate/external";
export const GIVEN_ZONE_ID = "Z0GIVENZONE";
export const IMPORTED_REGIONAL_NAME = "d-imported.execute-api.us-east-1.amazonaws.com";

export class DomainStack extends cdk.Stack {
  public readonly byName: WebSocketApi;
  public readonly wildcard: WebSocketApi;
  public readonly withPath: WebSocketApi;
  public readonly explicitZone: WebSocketApi;
  public readonly givenZoneAndCertificate: WebSocketApi;
  public readonly external: WebSocketApi;
  public readonly imported: WebSocketApi;

  constructor(scope: Construct, id: string) {
    super(scope, id, { env: ENV });
    // Zone example.com, from the name without its first label.
    this.byName = new WebSocketApi(this, "ByName", {
      accessLog: false,
      customDomain: "api.example.com",
      routes: { $default: "handlers/node/default.main" },
    });
    this.wildcard = new WebSocketApi(this, "Wildcard", { accessLog: false, customDomain: "*.example.com" });
    this.withPath = new WebSocketApi(this, "WithPath", {
      accessLog: false,
      customDomain: { domainName: "ws.example.com", path: "v1" },
    });
    // Without hostedZone the zone would be eu.chat.example.org, which does not exist.
    this.explicitZone = new WebSocketApi(this, "ExplicitZone", {
      accessLog: false,
      customDomain: { domainName: "ws.eu.chat.example.org", hostedZone: "chat.example.org" },
    });
    this.givenZoneAndCertificate = new WebSocketApi(this, "GivenZoneAndCertificate", {
      accessLog: false,
      customDomain: {
        domainName: "ws.example.net",
        cdk: {
          hostedZone: route53.HostedZone.fromHostedZoneAttributes(this, "GivenZone", {
            hostedZoneId: GIVEN_ZONE_ID,
            zoneName: "example.net",
          }),
          certificate: acm.Certificate.fromCertificateArn(this, "GivenCertificate", GIVEN_CERTIFICATE_ARN),
        },
      },
    });
    this.external = new WebSocketApi(this, "External", {
      accessLog: false,
      customDomain: {
        domainName: "ws.elsewhere.io",
        isExternalDomain: true,
        path: "chat",
        cdk: { certificate: acm.Certificate.fromCertificateArn(this, "ExternalCertificate", EXTERNAL_CERTIFICATE_ARN) },
      },
    });
    this.imported = new WebSocketApi(this, "Imported", {
      accessLog: false,
      customDomain: {
        path: "imported",
        cdk: {
          domainName: apigwv2.DomainName.fromDomainNameAttributes(this, "ImportedDomain", {
            name: "shared.example.com",
            regionalDomainName: IMPORTED_REGIONAL_NAME,
            regionalHostedZoneId: "Z1UJRXOUMOOFQ8",
          }),
        },
      },
    });
  }
}
