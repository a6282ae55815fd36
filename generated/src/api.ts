// `WebSocketApi`: an API Gateway WebSocket API whose routes are Lambda functions.
import * as cdk from "aws-cdk-lib";
import * as apigwv2 from "aws-cdk-lib/aws-apigatewayv2";
import * as iam from "aws-cdk-lib/aws-iam";
import * as logs from "aws-cdk-lib/aws-logs";
import * as constructs from "constructs";
import * as path from "node:path";
import { configureAccessLog } from "./access-log";
import {
  ERRORS,
  ROUTES_IN_API_STACK,
  ROUTE_KEY_PATTERN,
  ROUTES_PER_NESTED_STACK,
  WEB_SOCKET_API_CDK_PROPS_COMPANIONS,
  WEB_SOCKET_API_CDK_STAGE_PROPS_DEFAULTS,
  WEB_SOCKET_API_CDK_STAGE_PROPS_KEYS,
  WEB_SOCKET_API_PROPS_COMPANIONS,
  WEB_SOCKET_API_PROPS_DEFAULTS,
  WebSocketApiCdk,
  WebSocketApiCdkStageProps,
  WebSocketApiFunctionRouteProps,
  WebSocketApiProps,
} from "./api.generated";
import { configureAuthorizer, suppressRouteAuthorization } from "./authorizer";
import { HANDLERS_DIR } from "./jwt-authorizer";
import { IBindable, validateBindings } from "./binding";
import { FunctionBinding } from "./binding.generated";
import { CustomDomain, configureCustomDomain } from "./domain";
import { Function, functionFromDefinition, prebundleDefinitions } from "./function";
import { FunctionProps } from "./function.generated";
import { Permission, validatePermissions } from "./permissions";
import { Permissions } from "./permissions.generated";
import { checkKnownKeys, resolveCompanions } from "./props";
import { RouteIntegration, RouteValue, checkPythonRoutes, routeDefinition, routeFunction } from "./route";

/**
 * An API Gateway WebSocket API whose routes are Lambda functions, as SST's `WebSocketApi`.
 *
 * ```ts
 * new WebSocketApi(stack, "Api", {
 *   routes: {
 *     $connect: "src/connect.main",
 *     $disconnect: "src/disconnect.main",
 *     $default: "src/default.main",
 *   },
 *   defaults: { function: { timeout: 20 } },
 * });
 * ```
 */
export class WebSocketApi extends constructs.Construct implements IBindable {
  /** The id passed to the constructor. */
  public readonly id: string;
  /** The CDK constructs this API created or was given. */
  public readonly cdk: WebSocketApiCdk;
  /** The URL clients connect to: `wss://{apiId}.execute-api.{region}.amazonaws.com/{stage}`. */
  public readonly url: string;
  /** The URL of the custom domain, `wss://{domain}` or `wss://{domain}/{path}/`. */
  public readonly customDomainUrl?: string;
  /** The endpoint functions post to connections through: `https://…/{stage}`. */
  public readonly managementEndpoint: string;

  private readonly defaults?: FunctionProps;
  private readonly authorizer: apigwv2.IWebSocketRouteAuthorizer;
  private readonly connectionsArn: string;
  private readonly functions: { [routeKey: string]: Function } = {};
  private readonly apigRoutes: { [routeKey: string]: apigwv2.WebSocketRoute } = {};
  private readonly permissionsForAllRoutes: Permissions[] = [];
  private readonly bindingsForAllRoutes: constructs.IConstruct[] = [];
  private readonly invokable = new Set<Function>();
  private routesInOwnScope = 0;
  /** Whether `$connect` is the one this API added for the `bearer` subprotocol. */
  private bearerConnect = false;

  constructor(scope: constructs.Construct, id: string, props: WebSocketApiProps = {}) {
    super(scope, props.cdk?.id ?? id);
    // From here on the struct form of a union prop is in the union prop, whichever prop it came in.
    props = resolveCompanions(props, WEB_SOCKET_API_PROPS_COMPANIONS, `WebSocketApi "${this.node.path}"`);
    this.id = id;
    this.defaults = props.defaults?.function;
    const cdkProps = resolveCompanions(props.cdk ?? {}, WEB_SOCKET_API_CDK_PROPS_COMPANIONS, `WebSocketApi "${this.node.path}" cdk`);
    const apiName = `${cdk.Stack.of(this).stackName}-${id}`;

    let webSocketApi: apigwv2.IWebSocketApi;
    if (constructs.Construct.isConstruct(cdkProps.webSocketApi)) {
      webSocketApi = cdkProps.webSocketApi as apigwv2.IWebSocketApi;
    } else {
      if (constructs.Construct.isConstruct(cdkProps.webSocketStage)) {
        throw new Error(ERRORS.importedStageWithoutApi());
      }
      webSocketApi = new apigwv2.WebSocketApi(this, "Api", {
        apiName,
        routeSelectionExpression: props.routeSelectionExpression ?? WEB_SOCKET_API_PROPS_DEFAULTS.routeSelectionExpression,
        ...(cdkProps.webSocketApi as apigwv2.WebSocketApiProps | undefined),
      });
    }

    let webSocketStage: apigwv2.IWebSocketStage;
    let accessLogGroup: logs.ILogGroup | undefined;
    let domain: CustomDomain | undefined;
    if (constructs.Construct.isConstruct(cdkProps.webSocketStage)) {
      if (props.accessLog !== undefined) {
        throw new Error(ERRORS.accessLogWithImportedStage());
      }
      if (props.customDomain !== undefined) {
        throw new Error(ERRORS.customDomainWithImportedStage());
      }
      webSocketStage = cdkProps.webSocketStage as apigwv2.IWebSocketStage;
    } else {
      const stageProps = (cdkProps.webSocketStage ?? {}) as WebSocketApiCdkStageProps;
      checkKnownKeys(stageProps, WEB_SOCKET_API_CDK_STAGE_PROPS_KEYS, "cdk.webSocketStage");
      if (stageProps.domainMapping !== undefined) {
        throw new Error(ERRORS.stageDomainMapping());
      }
      domain = configureCustomDomain(this, props.customDomain);
      const stage = new apigwv2.WebSocketStage(this, "Stage", {
        webSocketApi,
        stageName: stageProps.stageName ?? defaultStageName(this),
        autoDeploy: stageProps.autoDeploy ?? WEB_SOCKET_API_CDK_STAGE_PROPS_DEFAULTS.autoDeploy,
        description: stageProps.description,
        throttle: stageProps.throttle,
        domainMapping: domain && { domainName: domain.domainName, mappingKey: domain.mappingKey },
      });
      accessLogGroup = configureAccessLog(
        this,
        apiName,
        stage,
        props.accessLog,
        props.cloudWatchRole ?? WEB_SOCKET_API_PROPS_DEFAULTS.cloudWatchRole,
      );
      webSocketStage = stage;
    }

    this.cdk = {
      webSocketApi,
      webSocketStage,
      accessLogGroup,
      domainName: domain?.createdDomainName,
      certificate: domain?.createdCertificate,
    };
    // Built here rather than read from the stage: imported stages have no `url`.
    const stack = cdk.Stack.of(this);
    const host = `${webSocketApi.apiId}.execute-api.${stack.region}.${stack.urlSuffix}/${webSocketStage.stageName}`;
    this.url = `wss://${host}`;
    this.managementEndpoint = `https://${host}`;
    this.customDomainUrl = domain && `wss://${domain.url}`;
    const connect = configureAuthorizer(this, props.authorizer);
    this.authorizer = connect.authorizer;
    // Posting to connections of this stage only: `{apiId}/{stage}/POST|GET|DELETE/@connections/{id}`.
    this.connectionsArn = stack.formatArn({
      service: "execute-api",
      resource: webSocketApi.apiId,
      resourceName: `${webSocketStage.stageName}/*/@connections/*`,
    });
    this.attachPermissions([
      new iam.PolicyStatement({
        effect: iam.Effect.ALLOW,
        actions: ["execute-api:ManageConnections"],
        resources: [this.connectionsArn],
      }),
    ]);
    if (props.routes !== undefined) {
      this.addRoutes(this, props.routes);
    }
    if (connect.bearerProtocol && this.functions.$connect === undefined) {
      // Browsers that offered subprotocols close a socket whose $connect echoes none.
      const fn = new Function(this, "$connect", {
        handler: "index.handler",
        srcPath: path.join(HANDLERS_DIR, "connect-bearer"),
        runtime: "nodejs24.x",
        bundle: false,
      });
      this.addRouteTo(this.routeScope(this), "$connect", fn);
      this.bearerConnect = true;
    }
  }

  /** The route keys, trimmed, in the order they were added. */
  public get routes(): string[] {
    return Object.keys(this.functions);
  }

  /**
   * Adds routes. `scope` may be in another stack: what was attached or bound on the API
   * applies to these routes too, through cross-stack references.
   *
   * From Python, a route here is a handler string or a `Function`: route props go through
   * `addRoute`, as jsii drops a dict's snake_case keys in this map.
   */
  public addRoutes(
    scope: constructs.Construct,
    routes: { [routeKey: string]: string | Function | WebSocketApiFunctionRouteProps },
  ): void {
    checkPythonRoutes(routes);
    prebundleDefinitions(Object.values(routes).map(routeDefinition), this.defaults);
    for (const [routeKey, route] of Object.entries(routes)) {
      this.addRouteValue(scope, routeKey, route);
    }
  }

  /**
   * Adds one route given as props: the same as `addRoutes(scope, { [routeKey]: route })`, with
   * the props as the last parameter, so that Python passes them as keyword arguments, snake_case
   * keys and all. With the API as scope the route gets the ids the `routes` map gives it.
   *
   * ```ts
   * api.addRoute(api, "sendMessage", { functionProps: { handler: "src/send.main", memorySize: 512 }, returnResponse: true });
   * ```
   *
   * @param scope where the route's constructs go: the API, or a construct in another stack.
   * @param routeKey `$connect`, `$disconnect`, `$default` or a custom key; trimmed.
   * @param route the route's function (`function` or `functionProps`) and `returnResponse`.
   */
  public addRoute(scope: constructs.Construct, routeKey: string, route: WebSocketApiFunctionRouteProps): void {
    prebundleDefinitions([routeDefinition(route)], this.defaults);
    this.addRouteValue(scope, routeKey, route);
  }

  /** The function of a route, if the route exists. */
  public getFunction(routeKey: string): Function | undefined {
    return this.functions[routeKey.trim()];
  }

  /** The CDK route of a route key, if the route exists. */
  public getRoute(routeKey: string): apigwv2.WebSocketRoute | undefined {
    return this.apigRoutes[routeKey.trim()];
  }

  /** Attaches permissions to every route's function, including routes added later. */
  public attachPermissions(permissions: string | Array<string | constructs.IConstruct | iam.PolicyStatement | Permission>): void {
    validatePermissions(permissions);
    for (const fn of Object.values(this.functions)) {
      fn.attachPermissions(permissions);
    }
    this.permissionsForAllRoutes.push(permissions);
  }

  /** Attaches permissions to one route's function. */
  public attachPermissionsToRoute(routeKey: string, permissions: string | Array<string | constructs.IConstruct | iam.PolicyStatement | Permission>): void {
    const fn = this.getFunction(routeKey);
    if (fn === undefined) {
      throw new Error(ERRORS.attachToMissingRoute(routeKey));
    }
    fn.attachPermissions(permissions);
  }

  /** Binds constructs to every route's function, including routes added later. */
  public bind(constructs: constructs.IConstruct[]): void {
    validateBindings(constructs);
    for (const fn of Object.values(this.functions)) {
      fn.bind(constructs);
    }
    this.bindingsForAllRoutes.push(...constructs);
  }

  /** Binds constructs to one route's function. */
  public bindToRoute(routeKey: string, constructs: constructs.IConstruct[]): void {
    const fn = this.getFunction(routeKey);
    if (fn === undefined) {
      throw new Error(ERRORS.bindToMissingRoute(routeKey));
    }
    fn.bind(constructs);
  }

  /** Binding an API gives `url` and `httpsUrl` and lets the function manage its connections. */
  public toFunctionBinding(): FunctionBinding {
    const url = this.customDomainUrl ?? this.url;
    return {
      type: "WebSocketApi",
      id: this.id,
      variables: { url, httpsUrl: url.replace("wss://", "https://") },
      permissions: [
        new iam.PolicyStatement({
          effect: iam.Effect.ALLOW,
          actions: ["execute-api:ManageConnections"],
          resources: [this.connectionsArn],
        }),
      ],
    };
  }

  /** Where a route's constructs go: the caller's scope, or a nested stack once the API's own stack is full. */
  private routeScope(scope: constructs.Construct): constructs.Construct {
    if (scope !== this) {
      return scope;
    }
    const index = this.routesInOwnScope++;
    if (index < ROUTES_IN_API_STACK) {
      return this;
    }
    const id = `Routes${Math.floor((index - ROUTES_IN_API_STACK) / ROUTES_PER_NESTED_STACK) + 1}`;
    return (this.node.tryFindChild(id) as constructs.Construct | undefined) ?? new cdk.NestedStack(this, id);
  }

  /** One invoke permission per function and API, whatever the number of routes it serves. */
  private allowInvoke(fn: Function): void {
    if (this.invokable.has(fn)) {
      return;
    }
    this.invokable.add(fn);
    fn.addPermission(`InvokeBy${cdk.Names.nodeUniqueId(this.node)}`, {
      principal: new iam.ServicePrincipal("apigateway.amazonaws.com"),
      sourceArn: cdk.Stack.of(this).formatArn({
        service: "execute-api",
        resource: this.cdk.webSocketApi.apiId,
        resourceName: "*",
      }),
    });
  }

  private addRouteValue(scope: constructs.Construct, key: string, route: RouteValue): void {
    const routeKey = key.trim();
    if (!ROUTE_KEY_PATTERN.test(routeKey)) {
      throw new Error(ERRORS.emptyRouteKey(key));
    }
    if (routeKey === "$connect") {
      this.removeBearerConnect();
    }
    if (this.functions[routeKey] !== undefined) {
      throw new Error(ERRORS.duplicateRoute(routeKey));
    }
    const { definition, returnResponse } = routeFunction(routeKey, route, `WebSocketApi "${this.node.path}" route "${routeKey}"`);
    const routeScope = this.routeScope(scope);
    const fn = functionFromDefinition(routeScope, routeKey, definition, this.defaults);
    this.addRouteTo(routeScope, routeKey, fn, returnResponse);
  }

  /**
   * Removes the `$connect` this API added for the `bearer` subprotocol, if it is there: a
   * `$connect` of the user's replaces it. From Python, route props come by `addRoute`, after the
   * constructor added it. Its handler's asset stays in the stack's asset manifest (CDK cannot
   * take back an asset), an unused file of about 1 KB.
   */
  private removeBearerConnect(): void {
    if (!this.bearerConnect) {
      return;
    }
    for (const added of [this.functions.$connect, this.apigRoutes.$connect]) {
      added.node.scope!.node.tryRemoveChild(added.node.id);
    }
    this.invokable.delete(this.functions.$connect);
    delete this.functions.$connect;
    delete this.apigRoutes.$connect;
    this.bearerConnect = false;
  }

  /** The route of a key checked to be new, integrated with `fn`. */
  private addRouteTo(routeScope: constructs.Construct, routeKey: string, fn: Function, returnResponse?: boolean): void {
    this.allowInvoke(fn);
    const apigRoute = new apigwv2.WebSocketRoute(routeScope, `Route_${routeKey}`, {
      webSocketApi: this.cdk.webSocketApi,
      routeKey,
      integration: new RouteIntegration(`Integration_${routeKey}`, fn),
      authorizer: routeKey === "$connect" ? this.authorizer : undefined,
      returnResponse,
    });
    suppressRouteAuthorization(apigRoute, routeKey);
    this.functions[routeKey] = fn;
    this.apigRoutes[routeKey] = apigRoute;
    for (const permissions of this.permissionsForAllRoutes) {
      fn.attachPermissions(permissions);
    }
    if (this.bindingsForAllRoutes.length > 0) {
      fn.bind(this.bindingsForAllRoutes);
    }
  }
}

/** The `stage` context value, else `default` (not `$default`, which WebSocket stages mishandle). */
function defaultStageName(scope: constructs.Construct): string {
  const stage: unknown = scope.node.tryGetContext("stage");
  return typeof stage === "string" && stage !== "" ? stage : "default";
}
