// `bind`: SST's environment variable naming and the `IBindable` opt-in.
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as constructs from "constructs";
import { ERRORS, FunctionBinding } from "./binding.generated";
import { RESOURCE_KIND_NAMES } from "./permissions.generated";
import { allow, describe, findResourceKind } from "./permissions";

/**
 * A construct that functions can `bind`: it names the environment variables and the access a bound function gets. `WebSocketApi` implements it; implement it to make your own constructs bindable.
 */
export interface IBindable extends constructs.IConstruct {
  /** The variables and permissions a function that binds this construct gets. */
  toFunctionBinding(): FunctionBinding;
}

export function isBindable(value: unknown): value is IBindable {
  return (
    constructs.Construct.isConstruct(value) &&
    typeof (value as unknown as Record<string, unknown>).toFunctionBinding === "function"
  );
}

/**
 * Binds each construct to the function: SST's `SST_{Type}_{prop}_{id}` variables (with
 * `-` in the id as `_`) and the same access `attachPermissions` gives that construct.
 */
export function bindToFunction(fn: lambda.Function, targets: constructs.IConstruct[]): void {
  // Every target is checked before anything is bound: a bad one leaves the function as it was.
  const bindings = resolveBindings(targets);
  for (const { variables, binding } of bindings) {
    for (const [name, value] of Object.entries(variables)) {
      fn.addEnvironment(name, value);
    }
    for (const statement of binding.permissions) {
      fn.addToRolePolicy(statement);
    }
  }
}

/**
 * Throws what `bindToFunction` would throw, without binding anything: for constructs stored
 * for routes that do not exist yet.
 */
export function validateBindings(targets: constructs.IConstruct[]): void {
  resolveBindings(targets);
}

function resolveBindings(
  targets: constructs.IConstruct[],
): Array<{ binding: FunctionBinding; variables: { [name: string]: string } }> {
  return targets.map((target) => {
    const binding = bindingOf(target);
    const id = (binding.id ?? target.node.id).replace(/-/g, "_");
    const variables: { [name: string]: string } = {};
    for (const [prop, value] of Object.entries(binding.variables)) {
      const name = `SST_${binding.type}_${prop}_${id}`;
      // Lambda's rule for variable names; anything else fails the deployment, not the synth.
      if (!/^[A-Za-z][A-Za-z0-9_]+$/.test(name)) {
        throw new Error(ERRORS.invalidVariableName(describe(target), name));
      }
      variables[name] = value;
    }
    return { binding, variables };
  });
}

function bindingOf(target: constructs.IConstruct): FunctionBinding {
  if (isBindable(target)) {
    return target.toFunctionBinding();
  }
  const kind = constructs.Construct.isConstruct(target) ? findResourceKind(target) : undefined;
  if (kind === undefined) {
    throw new Error(ERRORS.unsupportedBinding(describe(target), RESOURCE_KIND_NAMES));
  }
  const props = target as unknown as Record<string, string>;
  const variables: { [prop: string]: string } = {};
  for (const [prop, attribute] of Object.entries(kind.variables)) {
    variables[prop] = props[attribute];
  }
  return {
    type: kind.name,
    variables,
    permissions: [allow(kind.actions, kind.resources(props[kind.arn]))],
  };
}
