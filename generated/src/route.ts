// A route value of `WebSocketApi` read into its function definition, and the integration of a
// route with its function.
import * as cdk from "aws-cdk-lib";
import * as apigwv2 from "aws-cdk-lib/aws-apigatewayv2";
import * as lambda from "aws-cdk-lib/aws-lambda";
import {
  ERRORS,
  WEB_SOCKET_API_FUNCTION_ROUTE_PROPS_COMPANIONS,
  WEB_SOCKET_API_FUNCTION_ROUTE_PROPS_KEYS,
  WebSocketApiFunctionRouteProps,
  checkRouteType,
} from "./api.generated";
import { Function } from "./function";
import { FUNCTION_PROPS_KEYS, FunctionProps } from "./function.generated";
import { checkKnownKeys, hostName, isPlainObject, pythonHost, resolveCompanions } from "./props";

/** What a route value says: the definition of its function, and whether it is two-way. */
export interface RouteFunction {
  readonly definition: string | Function | FunctionProps;
  readonly returnResponse?: boolean;
}

/** A route value of `routes` or `addRoutes`: a handler string, a `Function`, or route props. */
export type RouteValue = string | Function | WebSocketApiFunctionRouteProps;

/**
 * Refuses, under a Python jsii host, route props in a routes map: there jsii has already
 * dropped a dict's snake_case keys (`return_response`), and cannot tell a dict from the struct.
 */
export function checkPythonRoutes(routes: { readonly [routeKey: string]: RouteValue }): void {
  if (!pythonHost()) {
    return;
  }
  for (const [key, route] of Object.entries(routes)) {
    if (isPlainObject(route)) {
      throw new Error(ERRORS.pythonRouteStruct(key.trim()));
    }
  }
}

/** The function definition of a route value, if it has one, for prebundling. */
export function routeDefinition(route: unknown): unknown {
  if (!isPlainObject(route)) {
    return route;
  }
  const props = route as WebSocketApiFunctionRouteProps;
  return props.function ?? props.functionProps;
}

/** The function and response mode of a route value, checked; `construct` names the route in errors. */
export function routeFunction(routeKey: string, route: RouteValue, construct: string): RouteFunction {
  if (typeof route === "string" || route instanceof Function) {
    return { definition: route };
  }
  if (typeof route !== "object" || route === null) {
    throw new Error(ERRORS.invalidRouteValue(routeKey));
  }
  checkKnownKeys(route, WEB_SOCKET_API_FUNCTION_ROUTE_PROPS_KEYS, `routes.${routeKey}`);
  if (route.type !== undefined) {
    checkRouteType(route.type);
  }
  const given = route.function === undefined ? "functionProps" : "function";
  const resolved = resolveCompanions(route, WEB_SOCKET_API_FUNCTION_ROUTE_PROPS_COMPANIONS, construct);
  if (resolved.function === undefined) {
    const [c] = WEB_SOCKET_API_FUNCTION_ROUTE_PROPS_COMPANIONS;
    throw new Error(ERRORS.missingRouteFunction(routeKey, hostName(c.of, c.pythonOf), hostName(c.prop, c.python)));
  }
  if (isPlainObject(resolved.function)) {
    checkKnownKeys(resolved.function, FUNCTION_PROPS_KEYS, `routes.${routeKey}.${given}`);
  }
  return { definition: resolved.function, returnResponse: resolved.returnResponse };
}

/**
 * A Lambda proxy integration that leaves the invoke permission to the API: CDK's grants once
 * per route, which grows the resource policy of a function shared by many routes past
 * Lambda's limit (PolicyLengthExceededException).
 */
export class RouteIntegration extends apigwv2.WebSocketRouteIntegration {
  private readonly fn: lambda.IFunction;

  constructor(id: string, fn: lambda.IFunction) {
    super(id);
    this.fn = fn;
  }

  public bind(options: apigwv2.WebSocketRouteIntegrationBindOptions): apigwv2.WebSocketRouteIntegrationConfig {
    return {
      type: apigwv2.WebSocketIntegrationType.AWS_PROXY,
      uri: cdk.Stack.of(options.route).formatArn({
        service: "apigateway",
        account: "lambda",
        resource: "path/2015-03-31/functions",
        resourceName: `${this.fn.functionArn}/invocations`,
      }),
    };
  }
}
