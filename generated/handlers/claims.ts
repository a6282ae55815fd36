// Helpers for route handlers behind the JWT authorizer. Dependency-free and CDK-free: route
// handlers bundle it, and it must stay a few hundred bytes.

/** The `requestContext` of a WebSocket route event, as far as these helpers read it. */
export interface AuthorizedRequestContext {
  authorizer?: Record<string, unknown> | null;
}

/** The shape HTTP API JWT authorizers give integrations: `requestContext.authorizer.jwt`. */
export interface JwtAuthorizerContext {
  jwt: { claims: Record<string, string>; scopes: string[] };
}

/** Keys API Gateway adds to `requestContext.authorizer` that are not claims. */
const NOT_CLAIMS = new Set(["principalId", "integrationLatency", "scopes"]);

/**
 * Turns the flat context the JWT authorizer returned (`sub`, `iss`, `aud`, `scopes` and the named
 * claims, all strings) into `{ jwt: { claims, scopes } }`. Claims stay strings, as on HTTP APIs;
 * objects and arrays arrive JSON-encoded. Without an authorizer context both are empty.
 */
export function jwtFromAuthorizer(requestContext: AuthorizedRequestContext | null | undefined): JwtAuthorizerContext {
  const flat = requestContext?.authorizer ?? {};
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(flat)) {
    if (!NOT_CLAIMS.has(name) && value !== undefined && value !== null) claims[name] = String(value);
  }
  const scopes = typeof flat.scopes === "string" ? flat.scopes.split(" ").filter(Boolean) : [];
  return { jwt: { claims, scopes } };
}

/** The parts of a `$connect` event `bearerProtocol` reads. */
export interface ConnectEvent {
  headers?: Record<string, string | undefined> | null;
  multiValueHeaders?: Record<string, string[] | undefined> | null;
}

/**
 * `{ "Sec-WebSocket-Protocol": "bearer" }` when the client offered the `bearer` subprotocol (the
 * browser way to send a token: `new WebSocket(url, ["bearer", token])`), else undefined. A
 * `$connect` handler must return it as its headers, or browsers close the connection (1002).
 * The offered spelling is echoed, since browsers compare it exactly.
 */
export function bearerProtocol(event: ConnectEvent | null | undefined): Record<string, string> | undefined {
  const values: string[] = [];
  for (const [name, value] of Object.entries(event?.multiValueHeaders ?? {})) {
    if (name.toLowerCase() === "sec-websocket-protocol" && value) values.push(...value);
  }
  if (values.length === 0) {
    for (const [name, value] of Object.entries(event?.headers ?? {})) {
      if (name.toLowerCase() === "sec-websocket-protocol" && value) values.push(value);
    }
  }
  const offered = values.flatMap((v) => v.split(",")).map((p) => p.trim()).find((p) => p.toLowerCase() === "bearer");
  return offered === undefined ? undefined : { "Sec-WebSocket-Protocol": offered };
}
