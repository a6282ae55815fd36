// The runtime checks of props objects that no type system checks: a struct inside a union
// (`accessLog: boolean | string | WebSocketApiAccessLogProps`) given from JavaScript, or through
// `as any`, reaches the library as written, so a misspelt or snake_case key would be ignored.
// From Python, jsii drops such a struct's undeclared keys first: union props that take structs
// have struct-only companions, resolved here.
import { ERRORS } from "./props.generated";

/**
 * Throws for a key of `value` that is not one of `keys`, naming where it was given; a
 * snake_case key is told its camelCase name.
 */
export function checkKnownKeys(value: object, keys: readonly string[], path: string): void {
  for (const key of Object.keys(value)) {
    if (keys.includes(key)) {
      continue;
    }
    const camel = key.replace(/_([a-z0-9])/g, (_match: string, c: string) => c.toUpperCase());
    if (keys.includes(camel)) {
      throw new Error(ERRORS.snakeCaseProp(key, path, camel));
    }
    throw new Error(ERRORS.unknownProp(key, path, keys.join(", ")));
  }
}

/** Whether the library runs under a Python jsii host, whose dicts lose keys in unions. */
export function pythonHost(): boolean {
  return process.env.JSII_AGENT?.startsWith("Python/") === true;
}

/** A prop's name as the host's users write it: snake_case under Python, else camelCase. */
export function hostName(camel: string, snake: string): string {
  return pythonHost() ? snake : camel;
}

/**
 * Whether `value` is a struct or a dict as jsii passes it: an object of no class. Constructs and
 * other class instances (a `Function`, an imported `IWebSocketApi`) are not.
 */
export function isPlainObject(value: unknown): value is object {
  if (typeof value !== "object" || value === null) {
    return false;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** A struct-only companion of a union prop, as the generated `*_COMPANIONS` lists them. */
export interface Companion {
  readonly prop: string;
  readonly of: string;
  readonly struct: string;
  readonly python: string;
  readonly pythonOf: string;
  /** The union's forms that are not structs, for messages. */
  readonly otherForms: string;
  /** The one value of the struct's `type`, filled in when absent: the prop names the struct. */
  readonly discriminator?: string;
}

/**
 * `props` with each companion given moved to its union prop, so that one code path reads the
 * struct form. Under a Python jsii host a plain object given to the union prop itself is refused:
 * jsii cannot tell a dict from the struct class there, and has already dropped the dict's
 * snake_case keys. `construct` names the construct in errors.
 */
export function resolveCompanions<P extends object>(props: P, companions: readonly Companion[], construct: string): P {
  const python = pythonHost();
  const given = props as { readonly [prop: string]: unknown };
  const resolved: { [prop: string]: unknown } = { ...given };
  for (const of of new Set(companions.map((c) => c.of))) {
    const forms = companions.filter((c) => c.of === of);
    const union = given[of];
    const { pythonOf, otherForms } = forms[0];
    if (python && isPlainObject(union)) {
      const structs = forms.map((c) => c.struct).join(", ");
      const fix = forms.map((c) => `${c.python}=${c.struct}(...)`).join(" or ");
      throw new Error(ERRORS.pythonObjectInUnion(construct, pythonOf, structs, fix, otherForms));
    }
    const set = forms.filter((c) => given[c.prop] !== undefined);
    if (set.length === 0) {
      continue;
    }
    const [companion, second] = set;
    if (union !== undefined) {
      throw new Error(ERRORS.unionWithCompanion(construct, hostName(of, pythonOf), hostName(companion.prop, companion.python)));
    }
    if (second !== undefined) {
      const [first, other] = [hostName(companion.prop, companion.python), hostName(second.prop, second.python)];
      throw new Error(ERRORS.companionsTogether(construct, first, other, hostName(of, pythonOf)));
    }
    const value = given[companion.prop] as { readonly type?: unknown };
    const discriminator = companion.discriminator;
    resolved[of] = discriminator === undefined ? value : { ...value, type: value.type ?? discriminator };
    delete resolved[companion.prop];
  }
  return resolved as P;
}
