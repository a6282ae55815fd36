// The runtime check of props objects that no type system checks: a struct inside a union
// (`accessLog: boolean | string | WebSocketApiAccessLogProps`) given from JavaScript, or through
// `as any`, reaches the library as written, so a misspelt or snake_case key would be ignored.
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
