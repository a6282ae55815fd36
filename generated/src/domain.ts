// The custom domain of a `WebSocketApi`.
import * as cdk from "aws-cdk-lib";
import * as apigwv2 from "aws-cdk-lib/aws-apigatewayv2";
import * as acm from "aws-cdk-lib/aws-certificatemanager";
import * as route53 from "aws-cdk-lib/aws-route53";
import * as route53Targets from "aws-cdk-lib/aws-route53-targets";
import * as constructs from "constructs";
import {
  DOMAIN_NAME_PATTERN,
  ERRORS,
  LOWERCASE_DOMAIN_PATTERN,
  WEB_SOCKET_API_DOMAIN_PROPS_KEYS,
  WebSocketApiDomainProps,
} from "./domain.generated";
import { checkKnownKeys } from "./props";

/** What a custom domain gives the stage and the API. */
export interface CustomDomain {
  readonly domainName: apigwv2.IDomainName;
  readonly mappingKey?: string;
  /** The domain, and the path with a trailing slash when there is one, without a scheme. */
  readonly url: string;
  /** Set when this construct created the domain name. */
  readonly createdDomainName?: apigwv2.IDomainName;
  /** Set when this construct created the certificate. */
  readonly createdCertificate?: acm.ICertificate;
}

/** SST's custom domain: a regional domain name, its certificate and A/AAAA alias records. */
export function configureCustomDomain(
  scope: constructs.Construct,
  customDomain: string | WebSocketApiDomainProps | undefined,
): CustomDomain | undefined {
  if (customDomain === undefined) {
    return undefined;
  }
  if (typeof customDomain === "string") {
    if (!DOMAIN_NAME_PATTERN.test(customDomain)) {
      throw new Error(ERRORS.missingDomainName());
    }
    if (cdk.Token.isUnresolved(customDomain)) {
      throw new Error(ERRORS.tokenDomainWithoutHostedZone());
    }
    return internalDomain(scope, { domainName: customDomain });
  }
  checkKnownKeys(customDomain, WEB_SOCKET_API_DOMAIN_PROPS_KEYS, "customDomain");
  // As SST: an empty name counts as missing.
  if (customDomain.domainName !== undefined && DOMAIN_NAME_PATTERN.test(customDomain.domainName)) {
    return customDomain.isExternalDomain === true
      ? externalDomain(scope, customDomain, customDomain.domainName)
      : internalDomain(scope, customDomain);
  }
  const imported = customDomain.cdk?.domainName;
  if (imported === undefined) {
    throw new Error(ERRORS.missingDomainName());
  }
  if (customDomain.hostedZone !== undefined || customDomain.cdk?.hostedZone !== undefined) {
    throw new Error(ERRORS.hostedZoneWithImportedDomain());
  }
  if (customDomain.cdk?.certificate !== undefined) {
    throw new Error(ERRORS.certificateWithImportedDomain());
  }
  return { domainName: imported, mappingKey: mappingKey(customDomain.path), url: url(imported.name, customDomain.path) };
}

function internalDomain(scope: constructs.Construct, props: WebSocketApiDomainProps): CustomDomain {
  const domainName = props.domainName as string;
  const token = cdk.Token.isUnresolved(domainName);
  if (token && props.hostedZone === undefined && props.cdk?.hostedZone === undefined) {
    throw new Error(ERRORS.tokenDomainWithoutHostedZone());
  }
  if (!token) {
    checkLowercase(domainName);
  }
  const zone =
    props.hostedZone !== undefined
      ? route53.HostedZone.fromLookup(scope, "HostedZone", { domainName: props.hostedZone })
      : (props.cdk?.hostedZone ??
        route53.HostedZone.fromLookup(scope, "HostedZone", { domainName: parentDomain(domainName) }));
  const createdCertificate =
    props.cdk?.certificate === undefined
      ? new acm.Certificate(scope, "Certificate", { domainName, validation: acm.CertificateValidation.fromDns(zone) })
      : undefined;
  const certificate = props.cdk?.certificate ?? (createdCertificate as acm.ICertificate);
  const domain = new apigwv2.DomainName(scope, "DomainName", { domainName, certificate });
  const target = route53.RecordTarget.fromAlias(
    new route53Targets.ApiGatewayv2DomainProperties(domain.regionalDomainName, domain.regionalHostedZoneId),
  );
  const records = [
    new route53.ARecord(scope, "AliasRecord", { recordName: domainName, zone, target }),
    new route53.AaaaRecord(scope, "AliasRecordAAAA", { recordName: domainName, zone, target }),
  ];
  if (token) {
    // A token cannot be told apart from a relative name: keep CDK from appending the zone.
    for (const record of records) {
      (record.node.defaultChild as route53.CfnRecordSet).name = domainName;
    }
  }
  return {
    domainName: domain,
    mappingKey: mappingKey(props.path),
    url: url(domainName, props.path),
    createdDomainName: domain,
    createdCertificate,
  };
}

function externalDomain(scope: constructs.Construct, props: WebSocketApiDomainProps, domainName: string): CustomDomain {
  const certificate = props.cdk?.certificate;
  if (certificate === undefined) {
    throw new Error(ERRORS.externalDomainNeedsCertificate());
  }
  if (props.hostedZone !== undefined || props.cdk?.hostedZone !== undefined) {
    throw new Error(ERRORS.externalDomainWithHostedZone());
  }
  if (!cdk.Token.isUnresolved(domainName)) {
    checkLowercase(domainName);
  }
  const domain = new apigwv2.DomainName(scope, "DomainName", { domainName, certificate });
  return {
    domainName: domain,
    mappingKey: mappingKey(props.path),
    url: url(domainName, props.path),
    createdDomainName: domain,
  };
}

function checkLowercase(domainName: string): void {
  if (!LOWERCASE_DOMAIN_PATTERN.test(domainName)) {
    throw new Error(ERRORS.domainNotLowercase(domainName));
  }
}

/** The hosted zone of a domain: `api.example.com` -> `example.com`; `example.com` stays. */
function parentDomain(domainName: string): string {
  const labels = domainName.split(".");
  return labels.length <= 2 ? domainName : labels.slice(1).join(".");
}

/** An empty path maps the API at the root, as no path does (CDK rejects an empty mapping key). */
function mappingKey(path: string | undefined): string | undefined {
  return path === "" ? undefined : path;
}

function url(domainName: string, path: string | undefined): string {
  const key = mappingKey(path);
  return key === undefined ? domainName : `${domainName}/${key}/`;
}
