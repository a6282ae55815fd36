// `Function`: a `lambda.Function` built from a handler string, as SST's, and how a route's
// function definition becomes one.
import * as cdk from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as constructs from "constructs";
import * as path from "node:path";
import { bindToFunction } from "./binding";
import {
  ERRORS,
  FUNCTION_PROPS_DEFAULTS,
  FunctionProps,
  HANDLER_PATTERN,
  NAG_BASIC_EXECUTION_ROLE,
  NAG_DEFAULT_RUNTIME,
  toArchitecture,
  toRuntime,
  toTracing,
} from "./function.generated";
import { BundleRequest, prebundle } from "./bundler";
import { recordSource } from "./function-source";
import { bundleRequest, codeFor } from "./handler-code";
import { mergeFunctionProps } from "./merge";
import { PolicyNagSuppressions, addNagSuppressions } from "./nag";
import { Permission, attachPermissionsToRole, describe } from "./permissions";

/**
 * A Lambda function built from a handler string, as SST's `Function`.
 *
 * Node runtimes are bundled with esbuild: the app's own `esbuild` package when the working directory resolves one, else the WebAssembly build shipped with this package; bundles are cached between synths while their inputs are unchanged; Python runtimes zip `srcPath`; `provided.al2023` deploys a folder that holds a `bootstrap` (a Rust handler built with cargo-lambda).
 *
 * The function's role, policy and function carry cdk-nag suppressions (`cdk_nag` metadata, with reasons) for what this construct chooses: the AWSLambdaBasicExecutionRole managed policy, X-Ray's `Resource: *`, `ManageConnections` on a stage's `@connections/*`, and the default runtime. Permissions and bindings you add are never suppressed. To drop a suppression, delete the key from the resource's `cfnOptions.metadata` (for example `delete (fn.role!.node.defaultChild as CfnResource).cfnOptions.metadata!.cdk_nag`).
 */
export class Function extends lambda.Function {
  constructor(scope: constructs.Construct, id: string, props: FunctionProps) {
    if (props.handler === undefined || !HANDLER_PATTERN.test(props.handler)) {
      throw new Error(ERRORS.missingHandler(id));
    }
    const runtime = toRuntime(props.runtime ?? FUNCTION_PROPS_DEFAULTS.runtime);
    const srcPath = path.resolve(props.srcPath ?? process.cwd());
    const architecture = toArchitecture(props.architecture ?? FUNCTION_PROPS_DEFAULTS.architecture);
    const { code, handler, source } = codeFor(props.handler, srcPath, runtime, props.bundle ?? FUNCTION_PROPS_DEFAULTS.bundle, architecture);
    super(scope, id, {
      runtime,
      code,
      handler,
      timeout: cdk.Duration.seconds(props.timeout ?? FUNCTION_PROPS_DEFAULTS.timeout),
      memorySize: props.memorySize ?? FUNCTION_PROPS_DEFAULTS.memorySize,
      architecture,
      tracing: toTracing(props.tracing ?? FUNCTION_PROPS_DEFAULTS.tracing),
      environment: props.environment,
      layers: props.layers,
      description: props.description,
      functionName: props.functionName,
    });
    // Known now that the code is bound (bundled): for tools, never in the template.
    const recorded = source?.();
    if (recorded !== undefined) {
      recordSource(this, recorded);
    }
    addNagSuppressions(this.role, [
      {
        id: "AwsSolutions-IAM4",
        reason: NAG_BASIC_EXECUTION_ROLE,
        appliesTo: ["Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
      },
    ]);
    if (props.runtime === undefined) {
      addNagSuppressions(this, [{ id: "AwsSolutions-L1", reason: NAG_DEFAULT_RUNTIME }]);
    }
    // The policy is complete only once the app is built: suppressed then, before cdk-nag
    // (a default-priority aspect) visits it.
    cdk.Aspects.of(this).add(new PolicyNagSuppressions(this), { priority: cdk.AspectPriority.MUTATING });
    if (props.permissions !== undefined) {
      this.attachPermissions(props.permissions);
    }
    if (props.bind !== undefined) {
      this.bind(props.bind);
    }
  }

  /**
   * Attaches permissions to the function's role: `"*"`, service names (`"s3"`), actions
   * (`"s3:GetObject"`), constructs, `Permission.grant(...)` or policy statements.
   */
  public attachPermissions(permissions: string | Array<string | constructs.IConstruct | iam.PolicyStatement | Permission>): void {
    attachPermissionsToRole(this, permissions);
  }

  /**
   * Binds constructs: sets `SST_{Type}_{prop}_{id}` environment variables and grants the
   * function access to each.
   */
  public bind(constructs: constructs.IConstruct[]): void {
    bindToFunction(this, constructs);
  }
}

/**
 * The function of a route: a handler string or props become a new `Function` with the
 * defaults merged in; a `Function` is used as it is and cannot take defaults.
 */
export function functionFromDefinition(
  scope: constructs.Construct,
  id: string,
  definition: string | Function | FunctionProps,
  defaults: FunctionProps | undefined,
): Function {
  if (typeof definition === "string") {
    return new Function(scope, id, mergeFunctionProps(defaults, { handler: definition }));
  }
  if (definition instanceof Function) {
    if (defaults !== undefined && Object.keys(defaults).length > 0) {
      throw new Error(ERRORS.defaultsWithInstance());
    }
    return definition;
  }
  if (typeof definition === "object" && definition !== null && !constructs.Construct.isConstruct(definition)) {
    return new Function(scope, id, mergeFunctionProps(defaults, definition));
  }
  throw new Error(ERRORS.invalidDefinition(id, describe(definition)));
}

/**
 * Bundles ahead, in one esbuild build, the Node handlers of the route definitions that will
 * become new functions, so that each function then finds its bundle cached. A definition it
 * cannot read is skipped: `functionFromDefinition` reports it, in route order.
 */
export function prebundleDefinitions(definitions: unknown[], defaults: FunctionProps | undefined): void {
  const requests: BundleRequest[] = [];
  for (const definition of definitions) {
    try {
      const own = typeof definition === "string" ? { handler: definition } : definition;
      if (typeof own !== "object" || own === null || own instanceof Function || constructs.Construct.isConstruct(own)) {
        continue;
      }
      const props = mergeFunctionProps(defaults, own as FunctionProps);
      const runtime = toRuntime(props.runtime ?? FUNCTION_PROPS_DEFAULTS.runtime);
      if (runtime.family === lambda.RuntimeFamily.NODEJS && (props.bundle ?? FUNCTION_PROPS_DEFAULTS.bundle) && props.handler !== undefined) {
        requests.push(bundleRequest(props.handler, path.resolve(props.srcPath ?? process.cwd()), runtime));
      }
    } catch {
      continue;
    }
  }
  prebundle(requests);
}
