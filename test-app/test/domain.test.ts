// Custom domains (issue "Access logs, custom domains, authorizers"). Builds only the Domain
// stack, with the hosted zones of cdk.context.json, plus fresh stacks for single cases.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import * as cdk from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import * as apigwv2 from "aws-cdk-lib/aws-apigatewayv2";
import * as acm from "aws-cdk-lib/aws-certificatemanager";
import * as route53 from "aws-cdk-lib/aws-route53";
import { WebSocketApi } from "@cdk-from-rust/websocket-api";
import {
  DomainStack,
  EXTERNAL_CERTIFICATE_ARN,
  GIVEN_CERTIFICATE_ARN,
  GIVEN_ZONE_ID,
} from "../lib/domain-stack";
import { freshStack, resource, Resource, resourcesOf } from "./support";

/** The lookups the CLI would answer: cdk.context.json. */
const CONTEXT = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "cdk.context.json"), "utf8"));
const EXAMPLE_COM_ZONE = "Z0EXAMPLE1234";
const CHAT_EXAMPLE_ORG_ZONE = "Z0EXAMPLE5678";

const app = new cdk.App({ context: CONTEXT });
const stack = new DomainStack(app, "Domain");
const template = Template.fromStack(stack);

const starting = (type: string, prefix: string): Array<[string, Resource]> =>
  Object.entries(resourcesOf(template, type)).filter(([id]) => id.startsWith(prefix));

/** The A and AAAA records of an API (by construct id), sorted by type. */
function recordsOf(prefix: string): Resource[] {
  return starting("AWS::Route53::RecordSet", `${prefix}AliasRecord`)
    .map(([, r]) => r)
    .sort((a, b) => a.Properties!.Type.localeCompare(b.Properties!.Type));
}

function mappingOf(prefix: string): Resource {
  const found = starting("AWS::ApiGatewayV2::ApiMapping", `${prefix}Stage`);
  assert.equal(found.length, 1, prefix);
  return found[0][1];
}

/** What each created domain looks like: regional, with the certificate, aliased by A and AAAA. */
function assertCreatedDomain(prefix: string, domainName: string, zoneId: string, certificateArn: unknown): void {
  const [domainId, domain] = resource(template, "AWS::ApiGatewayV2::DomainName", `${prefix}DomainName`);
  assert.deepEqual(domain.Properties, {
    DomainName: domainName,
    DomainNameConfigurations: [{ CertificateArn: certificateArn, EndpointType: "REGIONAL" }],
  });
  const alias = {
    DNSName: { "Fn::GetAtt": [domainId, "RegionalDomainName"] },
    HostedZoneId: { "Fn::GetAtt": [domainId, "RegionalHostedZoneId"] },
  };
  assert.deepEqual(
    recordsOf(prefix).map((r) => r.Properties),
    ["A", "AAAA"].map((Type) => ({ AliasTarget: alias, HostedZoneId: zoneId, Name: `${domainName}.`, Type })),
  );
  const [apiId] = resource(template, "AWS::ApiGatewayV2::Api", `${prefix}Api`);
  const mapping = mappingOf(prefix);
  assert.deepEqual(mapping.Properties!.DomainName, { Ref: domainId });
  assert.deepEqual(mapping.Properties!.ApiId, { Ref: apiId });
  assert.equal(mapping.Properties!.Stage, "default");
}

/** The DNS-validated certificate an API created; returns its logical id. */
function assertCreatedCertificate(prefix: string, domainName: string, zoneId: string): string {
  const [id, certificate] = resource(template, "AWS::CertificateManager::Certificate", `${prefix}Certificate`);
  assert.equal(certificate.Properties!.DomainName, domainName);
  assert.equal(certificate.Properties!.ValidationMethod, "DNS");
  assert.deepEqual(certificate.Properties!.DomainValidationOptions, [{ DomainName: domainName, HostedZoneId: zoneId }]);
  return id;
}

describe("customDomain", () => {
  it("looks every hosted zone up in cdk.context.json: nothing is missing", () => {
    assert.equal(app.synth().manifest.missing, undefined);
  });

  it("as a name: zone from the name without its first label, certificate, domain, records, mapping", () => {
    const certificateId = assertCreatedCertificate("ByName", "api.example.com", EXAMPLE_COM_ZONE);
    assertCreatedDomain("ByName", "api.example.com", EXAMPLE_COM_ZONE, { Ref: certificateId });
    assert.equal(mappingOf("ByName").Properties!.ApiMappingKey, undefined);
    assert.equal(stack.byName.customDomainUrl, "wss://api.example.com");
    assert.ok(stack.byName.cdk.domainName instanceof apigwv2.DomainName);
    assert.equal(stack.byName.cdk.domainName?.node.path, "Domain/ByName/DomainName");
    assert.ok(stack.byName.cdk.certificate instanceof acm.Certificate);
    assert.equal(stack.byName.cdk.certificate?.node.path, "Domain/ByName/Certificate");
  });

  it("as a wildcard name: a wildcard certificate and records in the parent zone", () => {
    const certificateId = assertCreatedCertificate("Wildcard", "*.example.com", EXAMPLE_COM_ZONE);
    assertCreatedDomain("Wildcard", "*.example.com", EXAMPLE_COM_ZONE, { Ref: certificateId });
    assert.equal(stack.wildcard.customDomainUrl, "wss://*.example.com");
  });

  it("with a path: the API mapping key, and a URL with the path and a trailing slash", () => {
    const certificateId = assertCreatedCertificate("WithPath", "ws.example.com", EXAMPLE_COM_ZONE);
    assertCreatedDomain("WithPath", "ws.example.com", EXAMPLE_COM_ZONE, { Ref: certificateId });
    assert.equal(mappingOf("WithPath").Properties!.ApiMappingKey, "v1");
    assert.equal(stack.withPath.customDomainUrl, "wss://ws.example.com/v1/");
  });

  it("with hostedZone: looks that zone up instead of the parent of the name", () => {
    const certificateId = assertCreatedCertificate("ExplicitZone", "ws.eu.chat.example.org", CHAT_EXAMPLE_ORG_ZONE);
    assertCreatedDomain("ExplicitZone", "ws.eu.chat.example.org", CHAT_EXAMPLE_ORG_ZONE, { Ref: certificateId });
    assert.equal(stack.explicitZone.customDomainUrl, "wss://ws.eu.chat.example.org");
  });

  it("with cdk.hostedZone and cdk.certificate: no lookup, no certificate created", () => {
    assert.deepEqual(starting("AWS::CertificateManager::Certificate", "GivenZoneAndCertificate"), []);
    assertCreatedDomain("GivenZoneAndCertificate", "ws.example.net", GIVEN_ZONE_ID, GIVEN_CERTIFICATE_ARN);
    assert.equal(stack.givenZoneAndCertificate.node.tryFindChild("HostedZone"), undefined);
    // As SST: cdk.certificate is only the certificate the construct created.
    assert.equal(stack.givenZoneAndCertificate.cdk.certificate, undefined);
    assert.ok(stack.givenZoneAndCertificate.cdk.domainName instanceof apigwv2.DomainName);
  });

  it("external: the domain with the given certificate, no records, no lookup", () => {
    const [domainId, domain] = resource(template, "AWS::ApiGatewayV2::DomainName", "ExternalDomainName");
    assert.deepEqual(domain.Properties, {
      DomainName: "ws.elsewhere.io",
      DomainNameConfigurations: [{ CertificateArn: EXTERNAL_CERTIFICATE_ARN, EndpointType: "REGIONAL" }],
    });
    assert.deepEqual(recordsOf("External"), []);
    assert.deepEqual(starting("AWS::CertificateManager::Certificate", "External"), []);
    assert.equal(stack.external.node.tryFindChild("HostedZone"), undefined);
    assert.deepEqual(mappingOf("External").Properties!.DomainName, { Ref: domainId });
    assert.equal(mappingOf("External").Properties!.ApiMappingKey, "chat");
    assert.equal(stack.external.customDomainUrl, "wss://ws.elsewhere.io/chat/");
    assert.equal(stack.external.cdk.domainName?.node.path, "Domain/External/DomainName");
    assert.equal(stack.external.cdk.certificate, undefined);
  });

  it("imported cdk.domainName: only the mapping, to the imported name", () => {
    assert.deepEqual(starting("AWS::ApiGatewayV2::DomainName", "Imported"), []);
    assert.deepEqual(starting("AWS::CertificateManager::Certificate", "Imported"), []);
    assert.deepEqual(recordsOf("Imported"), []);
    const mapping = mappingOf("Imported");
    assert.equal(mapping.Properties!.DomainName, "shared.example.com");
    assert.equal(mapping.Properties!.ApiMappingKey, "imported");
    assert.equal(stack.imported.customDomainUrl, "wss://shared.example.com/imported/");
    // As SST: cdk.domainName and cdk.certificate are what the construct created.
    assert.equal(stack.imported.cdk.domainName, undefined);
    assert.equal(stack.imported.cdk.certificate, undefined);
  });

  it("creates exactly the domains, certificates and records above", () => {
    template.resourceCountIs("AWS::ApiGatewayV2::DomainName", 6);
    template.resourceCountIs("AWS::ApiGatewayV2::ApiMapping", 7);
    template.resourceCountIs("AWS::CertificateManager::Certificate", 4);
    template.resourceCountIs("AWS::Route53::RecordSet", 10);
  });

  it("without customDomain: no domain, no mapping, no customDomainUrl", () => {
    const stack = freshStack();
    const api = new WebSocketApi(stack, "Api", { accessLog: false });
    const t = Template.fromStack(stack);
    t.resourceCountIs("AWS::ApiGatewayV2::DomainName", 0);
    t.resourceCountIs("AWS::ApiGatewayV2::ApiMapping", 0);
    assert.equal(api.customDomainUrl, undefined);
    assert.equal(api.cdk.domainName, undefined);
    assert.equal(api.cdk.certificate, undefined);
  });

  it("with a reference as the name and a hostedZone: records named by the reference", () => {
    const stack = freshStack(CONTEXT);
    const domainName = new cdk.CfnParameter(stack, "DomainName").valueAsString;
    const api = new WebSocketApi(stack, "Api", { accessLog: false, customDomain: { domainName, hostedZone: "example.com" } });
    const t = Template.fromStack(stack);
    const records = Object.values(resourcesOf(t, "AWS::Route53::RecordSet"));
    assert.deepEqual(
      records.map((r) => [r.Properties!.Type, r.Properties!.Name, r.Properties!.HostedZoneId]).sort(),
      [
        ["A", { Ref: "DomainName" }, EXAMPLE_COM_ZONE],
        ["AAAA", { Ref: "DomainName" }, EXAMPLE_COM_ZONE],
      ],
    );
    t.hasResourceProperties("AWS::ApiGatewayV2::DomainName", { DomainName: { Ref: "DomainName" } });
    assert.deepEqual(stack.resolve(api.customDomainUrl), { "Fn::Join": ["", ["wss://", { Ref: "DomainName" }]] });
  });

  it("with a reference as the name and cdk.hostedZone: no lookup needed", () => {
    const stack = freshStack();
    const domainName = new cdk.CfnParameter(stack, "DomainName").valueAsString;
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, "Zone", { hostedZoneId: "Z0REF", zoneName: "example.com" });
    new WebSocketApi(stack, "Api", { accessLog: false, customDomain: { domainName, cdk: { hostedZone: zone } } });
    Template.fromStack(stack).resourcePropertiesCountIs("AWS::Route53::RecordSet", { HostedZoneId: "Z0REF", Name: { Ref: "DomainName" } }, 2);
  });

  it("with an empty path: mapped at the root, as without a path", () => {
    const stack = freshStack(CONTEXT);
    const api = new WebSocketApi(stack, "Api", { accessLog: false, customDomain: { domainName: "root.example.com", path: "" } });
    const mapping = Object.values(resourcesOf(Template.fromStack(stack), "AWS::ApiGatewayV2::ApiMapping"));
    assert.equal(mapping.length, 1);
    assert.equal(mapping[0].Properties!.ApiMappingKey, undefined);
    assert.equal(api.customDomainUrl, "wss://root.example.com");
  });
});

describe("customDomain errors", () => {
  const certificate = (stack: cdk.Stack) => acm.Certificate.fromCertificateArn(stack, "Cert", GIVEN_CERTIFICATE_ARN);
  const imported = (stack: cdk.Stack) =>
    apigwv2.DomainName.fromDomainNameAttributes(stack, "Imported", {
      name: "shared.example.com",
      regionalDomainName: "d-x.execute-api.us-east-1.amazonaws.com",
      regionalHostedZoneId: "Z1UJRXOUMOOFQ8",
    });

  it("rejects a domain name that is not lowercase: as a name, in props, external", () => {
    const stack = freshStack(CONTEXT);
    assert.throws(() => new WebSocketApi(stack, "A", { customDomain: "API.example.com" }), {
      message: 'The domain name needs to be in lowercase: "API.example.com"',
    });
    assert.throws(() => new WebSocketApi(stack, "B", { customDomain: { domainName: "Api.example.com", path: "v1" } }), {
      message: 'The domain name needs to be in lowercase: "Api.example.com"',
    });
    assert.throws(
      () =>
        new WebSocketApi(stack, "C", {
          customDomain: { domainName: "WS.elsewhere.io", isExternalDomain: true, cdk: { certificate: certificate(stack) } },
        }),
      { message: 'The domain name needs to be in lowercase: "WS.elsewhere.io"' },
    );
  });

  it("rejects props without domainName or cdk.domainName, and an empty name", () => {
    const message =
      'Missing "domainName" in the WebSocketApi\'s customDomain setting. Pass a domain name, or an existing domain in "cdk.domainName".';
    const stack = freshStack();
    assert.throws(() => new WebSocketApi(stack, "A", { customDomain: { path: "v1" } }), { message });
    assert.throws(() => new WebSocketApi(stack, "B", { customDomain: {} }), { message });
    assert.throws(() => new WebSocketApi(stack, "C", { customDomain: { domainName: "" } }), { message });
    assert.throws(() => new WebSocketApi(stack, "D", { customDomain: "" }), { message });
  });

  it("rejects a hosted zone with an imported domain name", () => {
    const stack = freshStack();
    const domainName = imported(stack);
    const message = 'Cannot configure the "hostedZone" when the "domainName" is a construct';
    assert.throws(() => new WebSocketApi(stack, "A", { customDomain: { hostedZone: "example.com", cdk: { domainName } } }), {
      message,
    });
    const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, "Zone", { hostedZoneId: "Z0", zoneName: "example.com" });
    assert.throws(() => new WebSocketApi(stack, "B", { customDomain: { cdk: { domainName, hostedZone } } }), { message });
  });

  it("rejects a certificate with an imported domain name", () => {
    const stack = freshStack();
    assert.throws(
      () => new WebSocketApi(stack, "A", { customDomain: { cdk: { domainName: imported(stack), certificate: certificate(stack) } } }),
      { message: 'Cannot configure the "certificate" when the "domainName" is a construct' },
    );
  });

  it("rejects an external domain without a certificate", () => {
    const stack = freshStack();
    assert.throws(() => new WebSocketApi(stack, "A", { customDomain: { domainName: "ws.elsewhere.io", isExternalDomain: true } }), {
      message: 'A valid certificate is required when "isExternalDomain" is set to "true".',
    });
  });

  it("rejects an external domain with a hosted zone", () => {
    const stack = freshStack();
    const message =
      'Hosted zones can only be configured for domains hosted on Amazon Route 53. Do not set the "hostedZone" when "isExternalDomain" is enabled.';
    const cert = certificate(stack);
    assert.throws(
      () =>
        new WebSocketApi(stack, "A", {
          customDomain: { domainName: "ws.elsewhere.io", isExternalDomain: true, hostedZone: "elsewhere.io", cdk: { certificate: cert } },
        }),
      { message },
    );
    const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, "Zone", { hostedZoneId: "Z0", zoneName: "elsewhere.io" });
    assert.throws(
      () =>
        new WebSocketApi(stack, "B", {
          customDomain: { domainName: "ws.elsewhere.io", isExternalDomain: true, cdk: { certificate: cert, hostedZone } },
        }),
      { message },
    );
  });

  it("rejects a reference as the name without a hosted zone", () => {
    const stack = freshStack();
    const domainName = new cdk.CfnParameter(stack, "DomainName").valueAsString;
    const message = 'You also need to specify the "hostedZone" if the "domainName" is passed in as a reference.';
    assert.throws(() => new WebSocketApi(stack, "A", { customDomain: domainName }), { message });
    assert.throws(() => new WebSocketApi(stack, "B", { customDomain: { domainName, path: "v1" } }), { message });
  });
});
