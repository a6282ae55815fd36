// The permission vocabulary of `attachPermissions` and `permissions`, and how a construct is
// recognised as one of the resource kinds.
import * as iam from "aws-cdk-lib/aws-iam";
import * as constructs from "constructs";
import { isBindable } from "./binding";
import { ERRORS, GRANT_METHOD_PATTERN, Permissions, RESOURCE_KINDS, RESOURCE_KIND_NAMES, ResourceKind } from "./permissions.generated";

/**
 * A permission that calls a grant method of a construct: the jsii form of SST's `[construct, "grantRead"]` tuple.
 *
 * ```ts
 * api.attachPermissions([Permission.grant(bucket, "grantRead")]);
 * ```
 */
export class Permission {
  /** Grants by calling `construct[method](grantee)`, for example `Permission.grant(bucket, "grantRead")`. Throws unless `method` is a grant method of `construct` (`grant`, a capital, then letters and digits: the methods that take the grantee). */
  public static grant(construct: constructs.IConstruct, method: string): Permission {
    // Checked here, so that a wrong name fails where it is written.
    grantMethodOf(construct, method);
    return new Permission(construct, method);
  }

  /** The construct whose grant method is called. */
  public readonly construct: constructs.IConstruct;
  /** The name of the grant method, for example `"grantRead"`. */
  public readonly method: string;

  private constructor(construct: constructs.IConstruct, method: string) {
    this.construct = construct;
    this.method = method;
  }
}

/** The kind of a construct, recognised by a property only that kind has. */
export function findResourceKind(construct: object): ResourceKind | undefined {
  return RESOURCE_KINDS.find((kind) => kind.marker in construct);
}

/** A value as an error message shows it: a construct by path, anything else as JSON. */
export function describe(value: unknown): string {
  if (constructs.Construct.isConstruct(value)) {
    return `"${value.node.path}"`;
  }
  if (typeof value === "object" && value !== null) {
    return `an object of type ${value.constructor?.name ?? "Object"}`;
  }
  return JSON.stringify(value) ?? String(value);
}

/** Adds what `permissions` allows to the grantee's policy; grant methods are called with it. */
export function attachPermissionsToRole(grantee: iam.IGrantable, permissions: Permissions): void {
  // Everything is checked before anything is attached: a bad entry leaves the role as it was.
  for (const permission of resolvePermissions(permissions)) {
    if (permission instanceof Permission) {
      grantMethodOf(permission.construct, permission.method).call(permission.construct, grantee);
    } else {
      grantee.grantPrincipal.addToPrincipalPolicy(permission);
    }
  }
}

/**
 * Throws what `attachPermissionsToRole` would throw, without attaching anything: for
 * permissions stored for routes that do not exist yet.
 */
export function validatePermissions(permissions: Permissions): void {
  resolvePermissions(permissions);
}

function resolvePermissions(permissions: Permissions): Array<iam.PolicyStatement | Permission> {
  if (permissions === "*") {
    return [allow(["*"], ["*"])];
  }
  if (!Array.isArray(permissions)) {
    throw new Error(ERRORS.permissionsNotArray(describe(permissions)));
  }
  const resolved: Array<iam.PolicyStatement | Permission> = [];
  for (const permission of permissions) {
    if (permission instanceof Permission) {
      resolved.push(permission);
    } else {
      resolved.push(...statementsFor(permission));
    }
  }
  return resolved;
}

/** The grant method `method` of `construct`; only `grant*` methods, which take the grantee. */
function grantMethodOf(construct: constructs.IConstruct, method: string): (grantee: iam.IGrantable) => unknown {
  const candidate = typeof method === "string" && GRANT_METHOD_PATTERN.test(method)
    ? (construct as unknown as Record<string, unknown>)[method]
    : undefined;
  if (typeof candidate !== "function") {
    throw new Error(ERRORS.notAGrantMethod(String(method), describe(construct)));
  }
  return candidate as (grantee: iam.IGrantable) => unknown;
}

function statementsFor(permission: unknown): iam.PolicyStatement[] {
  if (typeof permission === "string" && permission !== "") {
    if (permission === "*") {
      // SST would write "*:*"; "*" is what it means.
      return [allow(["*"], ["*"])];
    }
    // "s3" is the whole service; "s3:GetObject" one action. Both on every resource, as asked.
    return [allow([permission.includes(":") ? permission : `${permission}:*`], ["*"])];
  }
  if (isPolicyStatement(permission)) {
    return [permission];
  }
  if (isBindable(permission)) {
    return permission.toFunctionBinding().permissions;
  }
  const kind = typeof permission === "object" && permission !== null ? findResourceKind(permission) : undefined;
  if (kind === undefined || !constructs.Construct.isConstruct(permission)) {
    throw new Error(ERRORS.unsupportedPermission(describe(permission), RESOURCE_KIND_NAMES));
  }
  const arn = (permission as unknown as Record<string, string>)[kind.arn];
  return [allow(kind.actions, kind.resources(arn))];
}

/** A policy statement, also from another copy of aws-cdk-lib (where `instanceof` fails). */
function isPolicyStatement(value: unknown): value is iam.PolicyStatement {
  if (value instanceof iam.PolicyStatement) {
    return true;
  }
  const candidate = value as Record<string, unknown> | null;
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    !constructs.Construct.isConstruct(candidate) &&
    typeof candidate.toStatementJson === "function" &&
    typeof candidate.addActions === "function" &&
    typeof candidate.addResources === "function"
  );
}

export function allow(actions: string[], resources: string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({ effect: iam.Effect.ALLOW, actions, resources });
}
