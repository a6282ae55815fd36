// JWT and Cognito user pool authorizers of `$connect`. API Gateway refuses JWT authorizers on
// WebSocket APIs ("Only REQUEST authorizer type is supported on WEBSOCKET protocol Apis"), so
// these deploy the package's prebuilt Lambda handler (handlers/jwt-authorizer.ts, bundled into
// lib/handlers/ by scripts/bundle-handlers.mjs) as a REQUEST authorizer, its settings in its
// environment.
import * as cdk from "aws-cdk-lib";
import * as apigwv2Authorizers from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as constructs from "constructs";
import * as path from "node:path";
import type { ConnectAuthorizer } from "./authorizer";
import {
  ERRORS,
  HTTP_IDENTITY_SOURCE_PATTERN,
  IDENTITY_SOURCE_PATTERN,
  NAG_JWT_AUTHORIZER,
  SECURE_ISSUER_PATTERN,
  WEB_SOCKET_API_JWT_AUTHORIZER_DEFAULTS,
  WEB_SOCKET_API_JWT_AUTHORIZER_KEYS,
  WEB_SOCKET_API_USER_POOL_AUTHORIZER_KEYS,
  WebSocketApiJwtAuthorizer,
  WebSocketApiUserPoolAuthorizer,
  checkJwtAuthorizerType,
  checkTokenUse,
  checkUserPoolAuthorizerType,
} from "./jwt-authorizer.generated";
import { addNagSuppressions } from "./nag";
import { checkKnownKeys } from "./props";

/** The package's prebuilt Lambda handlers, beside this file once built. */
export const HANDLERS_DIR = path.join(__dirname, "handlers");

/** The identity source browsers use when they send `new WebSocket(url, ["bearer", token])`. */
const SUBPROTOCOL_SOURCE = "route.request.header.sec-websocket-protocol";

/** What the prebuilt handler checks; each becomes a `JWT_*` variable of its environment. */
interface Settings {
  readonly issuer: string;
  readonly audience: string[];
  readonly jwksUri?: string;
  readonly allowInsecureIssuer: boolean;
  readonly tokenUse?: string;
  readonly common: WebSocketApiJwtAuthorizer | WebSocketApiUserPoolAuthorizer;
  readonly identitySource?: string[];
}

/** SST v1 writes `type: "jwt"`; SST v3 only `jwt`. */
export function isJwtAuthorizer(value: object): value is WebSocketApiJwtAuthorizer {
  return "jwt" in value || (value as { type?: unknown }).type === "jwt";
}

export function isUserPoolAuthorizer(value: object): value is WebSocketApiUserPoolAuthorizer {
  return "userPool" in value || (value as { type?: unknown }).type === "user_pool";
}

/** `{ type: "jwt", jwt: { issuer, audience } }`, or SST v3's `{ jwt: { issuer, audiences, identitySource } }`. */
export function jwtAuthorizer(scope: constructs.Construct, props: WebSocketApiJwtAuthorizer): ConnectAuthorizer {
  checkKnownKeys(props, WEB_SOCKET_API_JWT_AUTHORIZER_KEYS, "authorizer");
  if (props.type !== undefined) {
    checkJwtAuthorizerType(props.type);
  }
  const jwt = props.jwt;
  if (jwt === undefined || jwt === null) {
    throw new Error(ERRORS.missingJwt());
  }
  if (jwt.audience !== undefined && jwt.audiences !== undefined) {
    throw new Error(ERRORS.audienceTwice());
  }
  return deploy(scope, {
    issuer: jwt.issuer,
    audience: jwt.audience ?? jwt.audiences ?? [],
    jwksUri: jwt.jwksUri,
    allowInsecureIssuer: jwt.allowInsecureIssuer ?? false,
    common: props,
    identitySource: props.identitySource ?? jwt.identitySource,
  });
}

/** SST v1's `{ type: "user_pool", userPool: { id, clientIds, region } }`, or the pool as CDK constructs. */
export function userPoolAuthorizer(scope: constructs.Construct, props: WebSocketApiUserPoolAuthorizer): ConnectAuthorizer {
  checkKnownKeys(props, WEB_SOCKET_API_USER_POOL_AUTHORIZER_KEYS, "authorizer");
  if (props.type !== undefined) {
    checkUserPoolAuthorizerType(props.type);
  }
  if (props.tokenUse !== undefined) {
    checkTokenUse(props.tokenUse);
  }
  const pool = props.cdk?.userPool;
  if (pool === undefined && props.userPool === undefined) {
    throw new Error(ERRORS.missingUserPool());
  }
  const stack = cdk.Stack.of(scope);
  const region = props.userPool?.region ?? stack.region;
  // Cognito's issuer: https://cognito-idp.{region}.amazonaws.com/{poolId} (.com.cn in China).
  const suffix = cdk.Token.isUnresolved(region) ? stack.urlSuffix : region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  const issuer =
    pool !== undefined
      ? `https://${pool.userPoolProviderName}`
      : `https://cognito-idp.${region}.${suffix}/${props.userPool!.id}`;
  const audience = props.cdk?.userPoolClients?.map((c) => c.userPoolClientId) ?? props.userPool?.clientIds ?? [];
  if (audience.length === 0) {
    throw new Error(ERRORS.missingUserPoolClients());
  }
  return deploy(scope, {
    issuer,
    audience,
    // Cognito publishes its keys here; naming it saves the discovery request.
    jwksUri: `${issuer}/.well-known/jwks.json`,
    allowInsecureIssuer: false,
    tokenUse: props.tokenUse,
    common: props,
    identitySource: props.identitySource,
  });
}

function deploy(scope: constructs.Construct, settings: Settings): ConnectAuthorizer {
  const { issuer, audience, common } = settings;
  if (audience.length === 0) {
    throw new Error(ERRORS.missingAudience());
  }
  if (!cdk.Token.isUnresolved(issuer) && !settings.allowInsecureIssuer && !SECURE_ISSUER_PATTERN.test(issuer)) {
    throw new Error(ERRORS.insecureIssuer(issuer));
  }
  const identitySource = (settings.identitySource ?? [...WEB_SOCKET_API_JWT_AUTHORIZER_DEFAULTS.identitySource]).map(
    (source) => webSocketIdentitySource(scope, source),
  );
  const optional = (name: string, value: unknown) => (value === undefined ? {} : { [name]: JSON.stringify(value) });
  const fn = new lambda.Function(scope, "JwtAuthorizerFunction", {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: "index.handler",
    code: lambda.Code.fromAsset(path.join(HANDLERS_DIR, "jwt-authorizer")),
    description: `Checks the JWTs of ${issuer} on $connect`,
    memorySize: 256,
    timeout: cdk.Duration.seconds(10),
    environment: {
      JWT_ISSUER: issuer,
      JWT_AUDIENCE: cdk.Token.isUnresolved(audience) ? cdk.Fn.toJsonString(audience) : JSON.stringify(audience),
      JWT_IDENTITY_SOURCE: JSON.stringify(identitySource),
      ...(settings.jwksUri === undefined ? {} : { JWT_JWKS_URI: settings.jwksUri }),
      ...optional("JWT_SCOPES", common.scopes),
      ...optional("JWT_CLAIMS", common.claims),
      ...(settings.tokenUse === undefined ? {} : { JWT_TOKEN_USE: settings.tokenUse }),
      // An http issuer got past the check above: a local key server, or the explicit switch.
      ...(!cdk.Token.isUnresolved(issuer) && issuer.startsWith("http://") ? { JWT_ALLOW_HTTP_ISSUER: "true" } : {}),
    },
  });
  addNagSuppressions(fn.role, [
    {
      id: "AwsSolutions-IAM4",
      reason: NAG_JWT_AUTHORIZER,
      appliesTo: ["Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
    },
  ]);
  const authorizer = new apigwv2Authorizers.WebSocketLambdaAuthorizer(common.name ?? "JwtAuthorizer", fn, {
    authorizerName: common.name,
    identitySource,
  });
  return { authorizer, bearerProtocol: identitySource.some((s) => s.toLowerCase() === SUBPROTOCOL_SOURCE) };
}

/**
 * An identity source as WebSocket APIs name it. HTTP APIs' `$request.header.X` (SST v3's docs
 * use it) is rewritten with a warning; anything else that is not a WebSocket source throws.
 */
function webSocketIdentitySource(scope: constructs.Construct, source: string): string {
  if (HTTP_IDENTITY_SOURCE_PATTERN.test(source)) {
    const rewritten = source.replace(/^\$request\./, "route.request.");
    cdk.Annotations.of(scope).addWarningV2(
      "@cdk-from-rust/websocket-api:httpIdentitySource",
      ERRORS.httpIdentitySource(source, rewritten),
    );
    return rewritten;
  }
  if (!IDENTITY_SOURCE_PATTERN.test(source)) {
    throw new Error(ERRORS.invalidIdentitySource(source));
  }
  return source;
}
