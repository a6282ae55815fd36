// Lambda REQUEST authorizer for the `$connect` route of a WebSocket API, making the checks an
// HTTP API JWT authorizer makes (API Gateway refuses JWT authorizers on WebSocket APIs).
// Shipped prebuilt (scripts/bundle-handlers.mjs); settings come from the environment.
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from "jose";

/** Tolerated clock skew between the token issuer and Lambda, for `exp`, `nbf` and `iat`. */
const CLOCK_TOLERANCE_SECONDS = 5;
/** Bound on discovery and JWKS requests: a key server that never answers must not hang connects. */
const FETCH_TIMEOUT_MS = 5_000;
/** An unknown `kid` refetches the keys at most this often, so bad tokens cannot flood the issuer. */
const JWKS_COOLDOWN_MS = 30_000;
/** Keys are refetched after this age even without an unknown `kid` (jose's default; API Gateway keeps them up to 2 h). */
const JWKS_MAX_AGE_MS = 10 * 60_000;
/** API Gateway's limit on an authorizer's result. */
const RESULT_LIMIT_BYTES = 8192;
const RSA_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"];
/** Asymmetric algorithms only: a public JWKS never holds the secret an HMAC token needs. */
const ALLOWED_ALGORITHMS = new Set([...RSA_ALGORITHMS, "ES256", "ES384", "ES512", "EdDSA", "Ed25519"]);
const IDENTITY_SOURCE = /^route\.request\.(header|querystring)\.(.+)$/;

interface Config {
  issuer: string;
  audience: string[];
  jwksUri?: string;
  scopes: string[];
  tokenUse?: "id" | "access";
  algorithms: string[];
  identitySource: Array<{ kind: "header" | "querystring"; name: string }>;
  claims: string[];
  allowHttp: boolean;
}

export interface AuthorizerEvent {
  methodArn: string;
  headers?: Record<string, string | undefined> | null;
  multiValueHeaders?: Record<string, string[] | undefined> | null;
  queryStringParameters?: Record<string, string | undefined> | null;
}

export interface AuthorizerResult {
  principalId: string;
  policyDocument: {
    Version: "2012-10-17";
    Statement: Array<{ Action: "execute-api:Invoke"; Effect: "Allow"; Resource: string }>;
  };
  context: Record<string, string>;
}

/** A refusal: becomes `Error("Unauthorized")` (401) after one log line with the reason. */
class Refusal {
  constructor(readonly reason: string, readonly detail?: Record<string, unknown>) {}
}

function log(level: "warn" | "error", reason: string, detail: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ level, source: "jwt-authorizer", reason, ...detail }));
}

// Config is read on each call (cheap) and memoized by the raw values, so a changed environment
// (tests, or a redeploy in a warm container) is never served stale settings.
let memo: { key: string; config: Config } | undefined;

function config(): Config {
  const names = ["JWT_ISSUER", "JWT_AUDIENCE", "JWT_JWKS_URI", "JWT_SCOPES", "JWT_TOKEN_USE",
    "JWT_ALGORITHMS", "JWT_IDENTITY_SOURCE", "JWT_CLAIMS", "JWT_ALLOW_HTTP_ISSUER"];
  const key = JSON.stringify(names.map((n) => process.env[n] ?? null));
  if (memo?.key !== key) memo = { key, config: parseConfig(process.env) };
  return memo.config;
}

function parseConfig(env: NodeJS.ProcessEnv): Config {
  const allowHttp = env.JWT_ALLOW_HTTP_ISSUER === "true";
  const url = (name: string, value: string | undefined): string => {
    let parsed: URL;
    try {
      parsed = new URL(value ?? "");
    } catch {
      throw new Error(`${name} must be a URL, got ${JSON.stringify(value ?? "")}`);
    }
    if (parsed.protocol !== "https:" && !(allowHttp && parsed.protocol === "http:")) {
      throw new Error(`${name} must be an https:// URL, got ${JSON.stringify(value)}`);
    }
    return value!;
  };
  const list = (name: string, fallback: string[] | undefined): string[] => {
    const raw = env[name];
    if (raw === undefined || raw === "") {
      if (fallback) return fallback;
      throw new Error(`${name} is required (a JSON array of strings)`);
    }
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      value = undefined;
    }
    if (!Array.isArray(value) || !value.every((v) => typeof v === "string" && v !== "")) {
      throw new Error(`${name} must be a JSON array of non-empty strings, got ${raw}`);
    }
    return value;
  };
  const audience = list("JWT_AUDIENCE", undefined);
  if (audience.length === 0) throw new Error("JWT_AUDIENCE must list at least one audience");
  const algorithms = list("JWT_ALGORITHMS", RSA_ALGORITHMS);
  const bad = algorithms.filter((a) => !ALLOWED_ALGORITHMS.has(a));
  if (algorithms.length === 0 || bad.length > 0) {
    throw new Error(`JWT_ALGORITHMS must list asymmetric JWS algorithms, got ${JSON.stringify(algorithms)}`);
  }
  const tokenUse = env.JWT_TOKEN_USE || undefined;
  if (tokenUse !== undefined && tokenUse !== "id" && tokenUse !== "access") {
    throw new Error(`JWT_TOKEN_USE must be "id" or "access", got ${JSON.stringify(tokenUse)}`);
  }
  const identitySource = list("JWT_IDENTITY_SOURCE", ["route.request.querystring.token"]).map((s) => {
    const m = IDENTITY_SOURCE.exec(s);
    if (!m) throw new Error(`JWT_IDENTITY_SOURCE entries must be route.request.header.X or route.request.querystring.X, got ${s}`);
    return { kind: m[1] as "header" | "querystring", name: m[2] };
  });
  if (identitySource.length === 0) throw new Error("JWT_IDENTITY_SOURCE must list at least one source");
  return {
    issuer: url("JWT_ISSUER", env.JWT_ISSUER),
    audience,
    jwksUri: env.JWT_JWKS_URI ? url("JWT_JWKS_URI", env.JWT_JWKS_URI) : undefined,
    scopes: list("JWT_SCOPES", []),
    tokenUse,
    algorithms,
    identitySource,
    claims: list("JWT_CLAIMS", []),
    allowHttp,
  };
}

// Module scope, keyed by URL: warm invocations reuse discovery and keys.
const discoveries = new Map<string, Promise<string>>();
const keySets = new Map<string, JWTVerifyGetKey>();

async function discoverJwksUri(cfg: Config): Promise<string> {
  const url = `${cfg.issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`;
  let pending = discoveries.get(url);
  if (!pending) {
    pending = (async () => {
      const res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
      if (!res.ok) throw new Error(`HTTP ${res.status} from ${url}`);
      const doc = (await res.json()) as { jwks_uri?: unknown };
      if (typeof doc.jwks_uri !== "string") throw new Error(`no jwks_uri in ${url}`);
      const jwks = new URL(doc.jwks_uri);
      if (jwks.protocol !== "https:" && !(cfg.allowHttp && jwks.protocol === "http:")) {
        throw new Error(`jwks_uri ${doc.jwks_uri} is not https`);
      }
      return doc.jwks_uri;
    })();
    discoveries.set(url, pending);
    // A failed discovery is forgotten, so the next connect retries it.
    const mine = pending;
    mine.catch(() => discoveries.get(url) === mine && discoveries.delete(url));
  }
  try {
    return await pending;
  } catch (e) {
    throw new Refusal("discovery_failed", { detail: (e as Error).message });
  }
}

async function keySet(cfg: Config): Promise<JWTVerifyGetKey> {
  const uri = cfg.jwksUri ?? (await discoverJwksUri(cfg));
  let set = keySets.get(uri);
  if (!set) keySets.set(uri, (set = refetchingKeySet(uri)));
  return set;
}

/**
 * jose's remote key set (fetch timeout, JWKS_MAX_AGE_MS freshness) with our unknown-`kid` rule:
 * an unknown `kid` refetches the keys at once (a rotation is picked up by the first token that
 * uses the new key), at most once per JWKS_COOLDOWN_MS. jose's own cooldown counts from any
 * fetch, so it would refuse a rotated key for 30 s after every cold start; it is turned off.
 */
function refetchingKeySet(uri: string): JWTVerifyGetKey {
  const remote = createRemoteJWKSet(new URL(uri), {
    timeoutDuration: FETCH_TIMEOUT_MS,
    cooldownDuration: Number.POSITIVE_INFINITY,
    cacheMaxAge: JWKS_MAX_AGE_MS,
  });
  let lastRefetch = Number.NEGATIVE_INFINITY;
  return async (protectedHeader, token) => {
    const loadedBefore = remote.fresh; // if not, this call fetches: no point fetching twice
    try {
      return await remote(protectedHeader, token);
    } catch (e) {
      const unknownKid = (e as { code?: string }).code === "ERR_JWKS_NO_MATCHING_KEY";
      if (!unknownKid || !loadedBefore || Date.now() - lastRefetch < JWKS_COOLDOWN_MS) throw e;
      lastRefetch = Date.now();
      await remote.reload();
      return remote(protectedHeader, token);
    }
  };
}

function header(event: AuthorizerEvent, name: string): string | undefined {
  const lower = name.toLowerCase();
  const multi = Object.entries(event.multiValueHeaders ?? {}).find(([k]) => k.toLowerCase() === lower)?.[1];
  if (multi && multi.length > 0) return multi.join(", ");
  return Object.entries(event.headers ?? {}).find(([k]) => k.toLowerCase() === lower)?.[1];
}

/** The token from the first identity source that holds one: bare, `Bearer <jwt>`, or `bearer, <jwt>` as subprotocols. */
function tokenFrom(event: AuthorizerEvent, cfg: Config): string | undefined {
  for (const source of cfg.identitySource) {
    const raw = source.kind === "header" ? header(event, source.name) : event.queryStringParameters?.[source.name];
    let value = raw?.trim();
    if (!value) continue;
    if (source.kind === "header" && source.name.toLowerCase() === "sec-websocket-protocol") {
      const protocols = value.split(",").map((p) => p.trim());
      const at = protocols.findIndex((p) => p.toLowerCase() === "bearer");
      value = at >= 0 ? protocols[at + 1] : undefined;
    } else {
      value = value.replace(/^bearer(\s+|$)/i, "").trim();
    }
    if (value) return value;
  }
  return undefined;
}

/** jose's errors, as the log's reason. */
function reasonOf(e: unknown): Refusal {
  if (e instanceof Refusal) return e;
  const err = e as { code?: string; claim?: string; name?: string; message?: string };
  const claimReasons: Record<string, string> = { iss: "issuer_mismatch", nbf: "not_yet_valid", exp: "missing_exp", iat: "invalid_iat" };
  const reason =
    err.code === "ERR_JWT_EXPIRED" ? "expired"
    : err.code === "ERR_JWT_CLAIM_VALIDATION_FAILED" ? (claimReasons[err.claim ?? ""] ?? "invalid_claims")
    : err.code === "ERR_JWS_SIGNATURE_VERIFICATION_FAILED" ? "bad_signature"
    : err.code === "ERR_JWKS_NO_MATCHING_KEY" || err.code === "ERR_JWKS_MULTIPLE_MATCHING_KEYS" ? "unknown_kid"
    : err.code === "ERR_JOSE_ALG_NOT_ALLOWED" ? "algorithm_not_allowed"
    : err.code === "ERR_JWKS_TIMEOUT" ? "jwks_timeout"
    : err.code === "ERR_JWKS_INVALID" || err.code === "ERR_JOSE_GENERIC" || err.name === "TypeError" ? "jwks_unavailable"
    : err.code === "ERR_JWS_INVALID" || err.code === "ERR_JWT_INVALID" ? "malformed_token"
    : "invalid_token";
  return new Refusal(reason, { detail: err.message });
}

const asStrings = (v: unknown): string[] =>
  typeof v === "string" ? v.split(" ").filter(Boolean) : Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : [];

/** The claims checks jose does not make: `iat`, audience then `client_id`, `token_use`, scopes. */
function checkClaims(payload: JWTPayload, cfg: Config): { aud: string; scopes: string[] } {
  const now = Math.floor(Date.now() / 1000);
  if (typeof payload.iat === "number" && payload.iat > now + CLOCK_TOLERANCE_SECONDS) throw new Refusal("iat_in_future");
  let aud: string | undefined;
  if (payload.aud !== undefined) {
    aud = asStrings(payload.aud).find((a) => cfg.audience.includes(a));
    if (aud === undefined) throw new Refusal("audience_mismatch");
  } else {
    // Only without `aud` (Cognito access tokens) does `client_id` stand for the audience.
    if (typeof payload.client_id !== "string" || !cfg.audience.includes(payload.client_id)) {
      throw new Refusal(payload.client_id === undefined ? "missing_audience" : "client_id_mismatch");
    }
    aud = payload.client_id;
  }
  if (cfg.tokenUse && payload.token_use !== cfg.tokenUse) {
    throw new Refusal("token_use_mismatch", { expected: cfg.tokenUse, got: payload.token_use ?? null });
  }
  const scopes = [...new Set([...asStrings(payload.scope), ...asStrings(payload.scp)])];
  if (cfg.scopes.length > 0 && !scopes.some((s) => cfg.scopes.includes(s))) {
    throw new Refusal("insufficient_scope", { required: cfg.scopes });
  }
  return { aud, scopes };
}

const flat = (v: unknown): string | undefined =>
  v === undefined || v === null ? undefined : typeof v === "string" ? v : typeof v === "object" ? JSON.stringify(v) : String(v);

function allow(event: AuthorizerEvent, payload: JWTPayload, cfg: Config, aud: string, scopes: string[]): AuthorizerResult {
  const principalId = typeof payload.sub === "string" && payload.sub !== "" ? payload.sub : undefined;
  if (principalId === undefined) throw new Refusal("missing_sub");
  const result: AuthorizerResult = {
    principalId,
    policyDocument: {
      Version: "2012-10-17",
      Statement: [{ Action: "execute-api:Invoke", Effect: "Allow", Resource: event.methodArn }],
    },
    context: { sub: principalId, scopes: scopes.join(" "), iss: cfg.issuer, aud },
  };
  const size = () => Buffer.byteLength(JSON.stringify(result));
  if (size() > RESULT_LIMIT_BYTES) throw new Refusal("result_too_large");
  const dropped: string[] = [];
  for (const name of cfg.claims) {
    const value = flat(payload[name]);
    if (value === undefined || name in result.context) continue;
    result.context[name] = value;
    if (size() > RESULT_LIMIT_BYTES) {
      delete result.context[name];
      dropped.push(name);
    }
  }
  if (dropped.length > 0) log("warn", "claims_dropped_over_8kb", { claims: dropped });
  return result;
}

export const handler = async (event: AuthorizerEvent): Promise<AuthorizerResult> => {
  let cfg: Config;
  try {
    cfg = config();
  } catch (e) {
    // Misconfiguration is the deployer's error, not the client's: a 500, not a 401.
    log("error", "misconfigured", { detail: (e as Error).message });
    throw new Error(`JWT authorizer misconfigured: ${(e as Error).message}`);
  }
  let headerInfo: { alg?: string; kid?: string } = {};
  try {
    const token = tokenFrom(event, cfg);
    if (!token) throw new Refusal("missing_token");
    try {
      headerInfo = decodeProtectedHeader(token);
    } catch {
      throw new Refusal("malformed_token");
    }
    // Pinned before any key lookup: `alg: none` and HS256-with-the-public-key never reach jose.
    if (!headerInfo.alg || !cfg.algorithms.includes(headerInfo.alg)) throw new Refusal("algorithm_not_allowed");
    if (!headerInfo.kid) throw new Refusal("missing_kid");
    const { payload } = await jwtVerify(token, await keySet(cfg), {
      issuer: cfg.issuer,
      algorithms: cfg.algorithms,
      requiredClaims: ["exp"],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    });
    const { aud, scopes } = checkClaims(payload, cfg);
    return allow(event, payload, cfg, aud, scopes);
  } catch (e) {
    const refusal = reasonOf(e);
    const infra = ["discovery_failed", "jwks_timeout", "jwks_unavailable"].includes(refusal.reason);
    log(infra ? "error" : "warn", refusal.reason, { alg: headerInfo.alg, kid: headerInfo.kid, ...refusal.detail });
    throw new Error("Unauthorized");
  }
};
