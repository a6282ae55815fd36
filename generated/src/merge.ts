// `defaults.function` merged into a route's function props, by the rules of the model.
import * as iam from "aws-cdk-lib/aws-iam";
import * as constructs from "constructs";
import { FUNCTION_PROPS_MERGE, FunctionProps } from "./function.generated";
import { Permission } from "./permissions";
import { Permissions } from "./permissions.generated";

/**
 * Merges `defaults` into a route's `FunctionProps`, each prop by its rule in the model: the
 * route's scalars win, maps merge with the route's keys winning, lists concatenate defaults
 * first, and `"*"` permissions on either side win.
 */
export function mergeFunctionProps(defaults: FunctionProps | undefined, route: FunctionProps): FunctionProps {
  const d = (defaults ?? {}) as Record<string, never>;
  const r = route as Record<string, never>;
  const merged: Record<string, unknown> = {};
  for (const [key, rule] of Object.entries(FUNCTION_PROPS_MERGE)) {
    switch (rule) {
      case "routeWins":
        merged[key] = r[key] ?? d[key];
        break;
      case "mergeMaps":
        merged[key] = mergeMaps(d[key], r[key]);
        break;
      case "concat":
        merged[key] = concatLists(d[key], r[key]);
        break;
      case "concatPermissions":
        merged[key] = concatPermissions(d[key], r[key]);
        break;
    }
  }
  return merged as FunctionProps;
}

function mergeMaps(
  defaults: { [key: string]: string } | undefined,
  route: { [key: string]: string } | undefined,
): { [key: string]: string } | undefined {
  return defaults === undefined && route === undefined ? undefined : { ...defaults, ...route };
}

function concatLists<T>(defaults: T[] | undefined, route: T[] | undefined): T[] | undefined {
  return defaults === undefined && route === undefined ? undefined : [...(defaults ?? []), ...(route ?? [])];
}

function concatPermissions(defaults: Permissions | undefined, route: Permissions | undefined): Permissions | undefined {
  if (defaults === "*" || route === "*") {
    return "*";
  }
  if (defaults === undefined || route === undefined) {
    return defaults ?? route;
  }
  // A string other than "*" is not a list; concat keeps it, so that attaching reports it.
  return ([] as Array<string | constructs.IConstruct | iam.PolicyStatement | Permission>).concat(defaults, route);
}
