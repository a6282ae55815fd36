// The authorizer of the `$connect` route.
import * as apigwv2 from "aws-cdk-lib/aws-apigatewayv2";
import * as apigwv2Authorizers from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import * as constructs from "constructs";
import {
  ERRORS,
  NAG_ROUTE_AUTHORIZATION,
  WEB_SOCKET_API_LAMBDA_AUTHORIZER_DEFAULTS,
  WEB_SOCKET_API_LAMBDA_AUTHORIZER_KEYS,
  WebSocketApiLambdaAuthorizer,
  checkAuthorizerKind,
  checkLambdaAuthorizerType,
} from "./authorizer.generated";
import {
  isJwtAuthorizer,
  isUserPoolAuthorizer,
  jwtAuthorizer,
  userPoolAuthorizer,
} from "./jwt-authorizer";
import { WebSocketApiJwtAuthorizer, WebSocketApiUserPoolAuthorizer } from "./jwt-authorizer.generated";
import { addNagSuppressions } from "./nag";
import { checkKnownKeys } from "./props";

/** The authorizer of `$connect`, and whether `$connect` must answer with the `bearer` subprotocol. */
export interface ConnectAuthorizer {
  readonly authorizer: apigwv2.IWebSocketRouteAuthorizer;
  readonly bearerProtocol: boolean;
}

/**
 * The authorizer of the `$connect` route. Other routes get none: API Gateway authorizes
 * WebSocket clients once, on connect, and CDK renders their `AuthorizationType` as `NONE`.
 */
export function configureAuthorizer(
  scope: constructs.Construct,
  authorizer:
    | string
    | WebSocketApiLambdaAuthorizer
    | WebSocketApiJwtAuthorizer
    | WebSocketApiUserPoolAuthorizer
    | undefined,
): ConnectAuthorizer {
  const plain = (a: apigwv2.IWebSocketRouteAuthorizer) => ({ authorizer: a, bearerProtocol: false });
  if (authorizer === undefined) {
    return plain(new apigwv2.WebSocketNoneAuthorizer());
  }
  if (typeof authorizer === "string") {
    return plain(
      checkAuthorizerKind(authorizer) === "iam"
        ? new apigwv2Authorizers.WebSocketIamAuthorizer()
        : new apigwv2.WebSocketNoneAuthorizer(),
    );
  }
  if (isJwtAuthorizer(authorizer)) {
    return jwtAuthorizer(scope, authorizer);
  }
  if (isUserPoolAuthorizer(authorizer)) {
    return userPoolAuthorizer(scope, authorizer);
  }
  return plain(lambdaAuthorizer(authorizer));
}

function lambdaAuthorizer(authorizer: WebSocketApiLambdaAuthorizer): apigwv2.IWebSocketRouteAuthorizer {
  checkKnownKeys(authorizer, WEB_SOCKET_API_LAMBDA_AUTHORIZER_KEYS, "authorizer");
  checkLambdaAuthorizerType(authorizer.type);
  if (authorizer.cdk?.authorizer !== undefined) {
    return authorizer.cdk.authorizer;
  }
  if (authorizer.function === undefined) {
    throw new Error(ERRORS.missingAuthorizerFunction());
  }
  return new apigwv2Authorizers.WebSocketLambdaAuthorizer("WebSocketAuthorizer", authorizer.function, {
    authorizerName: authorizer.name,
    identitySource: authorizer.identitySource ?? [...WEB_SOCKET_API_LAMBDA_AUTHORIZER_DEFAULTS.identitySource],
  });
}

/**
 * Records why a route other than `$connect` has no authorizer (cdk-nag AwsSolutions-APIG4).
 * `$connect` gets none: without an authorizer it is public, which the user decides.
 */
export function suppressRouteAuthorization(route: apigwv2.WebSocketRoute, routeKey: string): void {
  if (routeKey !== "$connect") {
    addNagSuppressions(route, [{ id: "AwsSolutions-APIG4", reason: NAG_ROUTE_AUTHORIZATION }]);
  }
}
