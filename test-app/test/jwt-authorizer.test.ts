// The JWT authorizer Lambda (generated/handlers/jwt-authorizer.ts), called as API Gateway calls
// it, against a real discovery + JWKS server on 127.0.0.1 and tokens signed with real keys.
// Each case uses its own issuer path ("tenant"), so the handler's module-scope caches, keyed by
// URL, never leak between cases; the environment is set per call (the handler reads it lazily).
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { after, before, describe, it, mock } from "node:test";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from "jose";
import { handler as sourceHandler } from "../../generated/handlers/jwt-authorizer";

type Handler = typeof sourceHandler;
const METHOD_ARN = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/$connect";
const AUDIENCE = "client-1";

interface Key { kid: string; alg: string; privateKey: CryptoKey; jwk: JWK }
interface Tenant { issuer: string; keys: JWK[]; hits: { discovery: number; jwks: number }; discoveryStatus: number }

const tenants = new Map<string, Tenant>();
let server: http.Server;
let base: string;

before(async () => {
  server = http.createServer((req, res) => {
    const [, name, ...rest] = (req.url ?? "").split("/");
    const tenant = tenants.get(name);
    if (name === "hang" || !tenant) return; // never answers: the handler's timeout must end the wait
    if (rest.join("/") === ".well-known/openid-configuration") {
      tenant.hits.discovery++;
      res.writeHead(tenant.discoveryStatus, { "content-type": "application/json" });
      res.end(JSON.stringify({ issuer: tenant.issuer, jwks_uri: `${tenant.issuer}/jwks.json` }));
    } else if (rest.join("/") === "jwks.json") {
      tenant.hits.jwks++;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ keys: tenant.keys }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections(); // the hanging requests too
  await new Promise((resolve) => server.close(resolve));
});

let keyCount = 0;
async function newKey(alg = "RS256"): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  const kid = `key-${++keyCount}`;
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: "sig" } };
}

/** A tenant on the key server serving `keys`; its issuer is `${base}/<name>`. */
function tenant(name: string, keys: Key[]): Tenant {
  const t: Tenant = { issuer: `${base}/${name}`, keys: keys.map((k) => k.jwk), hits: { discovery: 0, jwks: 0 }, discoveryStatus: 200 };
  tenants.set(name, t);
  return t;
}

/** A token for `t`, valid unless `claims` override the defaults (undefined values remove a claim). */
async function token(t: Tenant, key: Key, claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = { iss: t.issuer, aud: AUDIENCE, sub: "user-1", iat: now, exp: now + 3600, ...claims };
  for (const k of Object.keys(payload)) if (payload[k] === undefined) delete payload[k];
  return new SignJWT(payload as JWTPayload).setProtectedHeader({ alg: key.alg, kid: key.kid, ...header }).sign(key.privateKey);
}

/** Sets the handler's environment: the tenant's issuer and audience, plus `extra` (JSON-encoded unless a string). */
function configure(t: Tenant, extra: Record<string, unknown> = {}): void {
  for (const k of Object.keys(process.env)) if (k.startsWith("JWT_")) delete process.env[k];
  const all: Record<string, unknown> = { JWT_ISSUER: t.issuer, JWT_AUDIENCE: [AUDIENCE], JWT_ALLOW_HTTP_ISSUER: "true", ...extra };
  for (const [k, v] of Object.entries(all)) if (v !== undefined) process.env[k] = typeof v === "string" ? v : JSON.stringify(v);
}

const query = (jwt: string) => ({ methodArn: METHOD_ARN, queryStringParameters: { token: jwt } });

/** Calls the handler, capturing its log lines. */
async function call(event: object, h: Handler = sourceHandler) {
  const logs: any[] = [];
  const spy = mock.method(console, "log", (line: string) => logs.push(JSON.parse(line)));
  try {
    return { result: await h(event as any), logs };
  } catch (error) {
    return { error: error as Error, logs };
  } finally {
    spy.mock.restore();
  }
}

async function allowed(event: object, h: Handler = sourceHandler) {
  const { result, error, logs } = await call(event, h);
  assert.equal(error, undefined, `refused: ${JSON.stringify(logs)}`);
  assert.equal(result!.policyDocument.Statement[0].Effect, "Allow");
  assert.equal(result!.policyDocument.Statement[0].Resource, METHOD_ARN);
  return result!;
}

/** Refused with 401, and exactly one log line with `reason`, which never holds the token. */
async function refused(event: object, reason: string, h: Handler = sourceHandler) {
  const { error, logs } = await call(event, h);
  assert.equal(error?.message, "Unauthorized");
  assert.equal(logs.length, 1, JSON.stringify(logs));
  assert.equal(logs[0].reason, reason, JSON.stringify(logs));
  const jwt = (event as any).queryStringParameters?.token;
  if (jwt) assert.ok(!JSON.stringify(logs).includes(jwt), "the token must not be logged");
  return logs[0];
}

describe("token location", () => {
  it("query string by default: Allow with a flat context", async () => {
    const key = await newKey();
    const t = tenant("query", [key]);
    configure(t);
    const result = await allowed(query(await token(t, key, { scope: "read write" })));
    assert.deepEqual(result, {
      principalId: "user-1",
      policyDocument: { Version: "2012-10-17", Statement: [{ Action: "execute-api:Invoke", Effect: "Allow", Resource: METHOD_ARN }] },
      context: { sub: "user-1", scopes: "read write", iss: t.issuer, aud: AUDIENCE },
    });
  });

  it("header, bare or `Bearer `, any case of the header name", async () => {
    const key = await newKey();
    const t = tenant("header", [key]);
    configure(t, { JWT_IDENTITY_SOURCE: ["route.request.header.Authorization"] });
    const jwt = await token(t, key);
    await allowed({ methodArn: METHOD_ARN, headers: { authorization: `Bearer ${jwt}` } });
    await allowed({ methodArn: METHOD_ARN, headers: { Authorization: jwt } });
    await refused({ methodArn: METHOD_ARN, headers: { Authorization: "Bearer " } }, "missing_token");
  });

  it("subprotocol `bearer, <jwt>`, in headers or multiValueHeaders", async () => {
    const key = await newKey();
    const t = tenant("subprotocol", [key]);
    configure(t, { JWT_IDENTITY_SOURCE: ["route.request.header.Sec-WebSocket-Protocol"] });
    const jwt = await token(t, key);
    await allowed({ methodArn: METHOD_ARN, headers: { "Sec-WebSocket-Protocol": `bearer, ${jwt}` } });
    await allowed({ methodArn: METHOD_ARN, multiValueHeaders: { "sec-websocket-protocol": ["chat", "bearer", jwt] } });
    await refused({ methodArn: METHOD_ARN, headers: { "Sec-WebSocket-Protocol": `chat, ${jwt}` } }, "missing_token");
  });

  it("missing or garbage token", async () => {
    const t = tenant("missing", [await newKey()]);
    configure(t);
    await refused({ methodArn: METHOD_ARN }, "missing_token");
    await refused(query("not-a-jwt"), "malformed_token");
    await refused(query("a.b.c"), "malformed_token");
    assert.deepEqual(t.hits, { discovery: 0, jwks: 0 });
  });
});

describe("signature and keys", () => {
  it("wrong signature (another key under the same kid)", async () => {
    const key = await newKey();
    const t = tenant("badsig", [key]);
    configure(t);
    const other = await newKey();
    await refused(query(await token(t, { ...other, kid: key.kid })), "bad_signature");
  });

  it("no kid", async () => {
    const key = await newKey();
    const t = tenant("nokid", [key]);
    configure(t);
    await refused(query(await token(t, key, {}, { kid: undefined })), "missing_kid");
  });

  it("a rotated key is picked up at once by one refetch", async () => {
    const [a, b] = [await newKey(), await newKey()];
    const t = tenant("rotation", [a]);
    configure(t);
    await allowed(query(await token(t, a)));
    t.keys.push(b.jwk);
    await allowed(query(await token(t, b)));
    await allowed(query(await token(t, a)));
    assert.deepEqual(t.hits, { discovery: 1, jwks: 2 });
  });

  it("unknown kid: exactly one refetch, then a 30 s cooldown", async () => {
    const [a, b, c] = [await newKey(), await newKey(), await newKey()];
    const t = tenant("cooldown", [a]);
    configure(t);
    mock.timers.enable({ apis: ["Date"], now: Date.now() });
    try {
      // Cold start with an unknown kid: the first fetch is the only one.
      await refused(query(await token(t, c)), "unknown_kid");
      assert.deepEqual(t.hits, { discovery: 1, jwks: 1 });
      await refused(query(await token(t, c)), "unknown_kid");
      assert.equal(t.hits.jwks, 2, "one refetch");
      for (let i = 0; i < 3; i++) await refused(query(await token(t, c)), "unknown_kid");
      assert.equal(t.hits.jwks, 2, "then the cooldown");
      t.keys.push(b.jwk); // rotation during the cooldown: refused until it ends
      await refused(query(await token(t, b)), "unknown_kid");
      await allowed(query(await token(t, a)));
      assert.equal(t.hits.jwks, 2);
      mock.timers.tick(29_000);
      await refused(query(await token(t, b)), "unknown_kid");
      mock.timers.tick(2_000);
      await allowed(query(await token(t, b)));
      assert.deepEqual(t.hits, { discovery: 1, jwks: 3 });
    } finally {
      mock.timers.reset();
    }
  });

  it("algorithms: RSA only by default; HS256 with the public key, alg none and ES256 refused", async () => {
    const key = await newKey();
    const ec = await newKey("ES256");
    const t = tenant("algs", [key, ec]);
    configure(t);
    const hs = await new SignJWT({ iss: t.issuer, aud: AUDIENCE, sub: "x", exp: Math.floor(Date.now() / 1000) + 60 })
      .setProtectedHeader({ alg: "HS256", kid: key.kid })
      .sign(new TextEncoder().encode(JSON.stringify(key.jwk)));
    await refused(query(hs), "algorithm_not_allowed");
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
    await refused(query(`${b64({ alg: "none", kid: key.kid })}.${b64({ iss: t.issuer, aud: AUDIENCE, sub: "x" })}.`), "algorithm_not_allowed");
    await refused(query(await token(t, ec)), "algorithm_not_allowed");
    assert.equal(t.hits.jwks, 0, "pinning happens before any key lookup");
    configure(t, { JWT_ALGORITHMS: ["RS256", "ES256"] });
    await allowed(query(await token(t, ec)));
  });

  it("caches discovery and keys at module scope across invocations", async () => {
    const key = await newKey();
    const t = tenant("cache", [key]);
    configure(t);
    const jwt = await token(t, key);
    await Promise.all(Array.from({ length: 5 }, () => allowed(query(jwt))));
    for (let i = 0; i < 20; i++) await allowed(query(jwt));
    assert.deepEqual(t.hits, { discovery: 1, jwks: 1 });
  });

  it("JWT_JWKS_URI overrides discovery", async () => {
    const key = await newKey();
    const t = tenant("jwksuri", [key]);
    configure(t, { JWT_JWKS_URI: `${t.issuer}/jwks.json` });
    await allowed(query(await token(t, key)));
    assert.deepEqual(t.hits, { discovery: 0, jwks: 1 });
  });

  it("a failed discovery is refused and retried on the next call", async () => {
    const key = await newKey();
    const t = tenant("nodiscovery", [key]);
    t.discoveryStatus = 404;
    configure(t);
    const jwt = await token(t, key);
    const line = await refused(query(jwt), "discovery_failed");
    assert.equal(line.level, "error");
    t.discoveryStatus = 200;
    await allowed(query(jwt));
    assert.equal(t.hits.discovery, 2);
  });

  it("a JWKS server that never answers: refused after the 5 s timeout", { timeout: 15_000 }, async () => {
    const key = await newKey();
    const t = tenant("slow", [key]);
    configure(t, { JWT_JWKS_URI: `${base}/hang/jwks.json` });
    const started = Date.now();
    const line = await refused(query(await token(t, key)), "jwks_timeout");
    assert.equal(line.level, "error");
    assert.ok(Date.now() - started < 8_000);
  });
});

describe("claims", () => {
  let t: Tenant;
  let key: Key;
  const now = () => Math.floor(Date.now() / 1000);
  before(async () => {
    key = await newKey();
    t = tenant("claims", [key]);
  });

  it("exp: required, in the future (5 s tolerance)", async () => {
    configure(t);
    await refused(query(await token(t, key, { exp: now() - 60 })), "expired");
    await refused(query(await token(t, key, { exp: now() - 10 })), "expired");
    await allowed(query(await token(t, key, { exp: now() - 2 })));
    await refused(query(await token(t, key, { exp: undefined })), "missing_exp");
  });

  it("nbf and iat not in the future", async () => {
    configure(t);
    await refused(query(await token(t, key, { nbf: now() + 60 })), "not_yet_valid");
    await refused(query(await token(t, key, { iat: now() + 60 })), "iat_in_future");
    await allowed(query(await token(t, key, { nbf: now() - 60, iat: now() - 60 })));
  });

  it("iss must equal the issuer", async () => {
    configure(t);
    await refused(query(await token(t, key, { iss: `${t.issuer}/other` })), "issuer_mismatch");
    await refused(query(await token(t, key, { iss: undefined })), "issuer_mismatch");
  });

  it("aud must match one audience; only without aud does client_id count", async () => {
    configure(t, { JWT_AUDIENCE: ["other", AUDIENCE] });
    await refused(query(await token(t, key, { aud: "nope" })), "audience_mismatch");
    const r = await allowed(query(await token(t, key, { aud: ["x", AUDIENCE] })));
    assert.equal(r.context.aud, AUDIENCE);
    const access = await allowed(query(await token(t, key, { aud: undefined, client_id: AUDIENCE, token_use: "access" })));
    assert.equal(access.context.aud, AUDIENCE);
    await refused(query(await token(t, key, { aud: undefined, client_id: "nope" })), "client_id_mismatch");
    await refused(query(await token(t, key, { aud: "nope", client_id: AUDIENCE })), "audience_mismatch");
    await refused(query(await token(t, key, { aud: undefined })), "missing_audience");
  });

  it("scopes any-of, from `scope` or `scp`", async () => {
    configure(t, { JWT_SCOPES: ["chat:write", "admin"] });
    assert.equal((await allowed(query(await token(t, key, { scope: "read chat:write" })))).context.scopes, "read chat:write");
    assert.equal((await allowed(query(await token(t, key, { scp: ["admin"] })))).context.scopes, "admin");
    await allowed(query(await token(t, key, { scp: "read admin" })));
    const line = await refused(query(await token(t, key, { scope: "read" })), "insufficient_scope");
    assert.deepEqual(line.required, ["chat:write", "admin"]);
    await refused(query(await token(t, key)), "insufficient_scope");
  });

  it("token_use (Cognito)", async () => {
    configure(t, { JWT_TOKEN_USE: "id" });
    await allowed(query(await token(t, key, { token_use: "id" })));
    await refused(query(await token(t, key, { token_use: "access" })), "token_use_mismatch");
    await refused(query(await token(t, key)), "token_use_mismatch");
  });

  it("named claims as flat strings", async () => {
    configure(t, { JWT_CLAIMS: ["email", "email_verified", "age", "groups", "address", "absent", "sub"] });
    const r = await allowed(query(await token(t, key, {
      email: "a@b.c", email_verified: true, age: 42, groups: ["g1", "g2"], address: { city: "X" },
    })));
    assert.deepEqual(r.context, {
      sub: "user-1", scopes: "", iss: t.issuer, aud: AUDIENCE,
      email: "a@b.c", email_verified: "true", age: "42", groups: '["g1","g2"]', address: '{"city":"X"}',
    });
  });

  it("keeps the result under 8 KB: a huge claim is dropped and logged", async () => {
    configure(t, { JWT_CLAIMS: ["email", "huge", "groups"] });
    const { result, logs } = await call(query(await token(t, key, { email: "a@b.c", huge: "x".repeat(9000), groups: ["g"] })));
    assert.ok(result);
    assert.equal(result.context.email, "a@b.c");
    assert.equal(result.context.groups, '["g"]');
    assert.equal(result.context.huge, undefined);
    assert.ok(Buffer.byteLength(JSON.stringify(result)) <= 8192);
    assert.deepEqual(logs.map((l) => [l.reason, l.claims]), [["claims_dropped_over_8kb", ["huge"]]]);
  });
});

describe("misconfiguration is a 500, not a 401", () => {
  const cases: Array<[string, Record<string, unknown>]> = [
    ["no issuer", { JWT_ISSUER: undefined }],
    ["no audience", { JWT_AUDIENCE: undefined }],
    ["empty audience", { JWT_AUDIENCE: [] }],
    ["audience not JSON", { JWT_AUDIENCE: "client-1" }],
    ["http issuer without the test switch", { JWT_ALLOW_HTTP_ISSUER: undefined }],
    ["HS256 allowed", { JWT_ALGORITHMS: ["HS256"] }],
    ["bad token_use", { JWT_TOKEN_USE: "refresh" }],
    ["HTTP-style identity source", { JWT_IDENTITY_SOURCE: ["$request.header.Authorization"] }],
  ];
  for (const [name, env] of cases) {
    it(name, async () => {
      const key = await newKey();
      const t = tenant(`misconfig-${keyCount}`, [key]);
      configure(t, env);
      const { error, logs } = await call(query(await token(t, key)));
      assert.ok(error && error.message !== "Unauthorized", String(error));
      assert.match(error.message, /^JWT authorizer misconfigured: /);
      assert.deepEqual(logs.map((l) => [l.level, l.reason]), [["error", "misconfigured"]]);
    });
  }
});

describe("the shipped bundle (lib/handlers/jwt-authorizer/index.js)", () => {
  const generated = path.resolve(__dirname, "../../generated");
  let bundled: Handler;
  before(() => {
    execFileSync(process.execPath, ["scripts/bundle-handlers.mjs"], { cwd: generated, stdio: "pipe", timeout: 60_000 });
    bundled = require(path.join(generated, "lib/handlers/jwt-authorizer/index.js")).handler;
  });

  it("allows a valid token and refuses the others, as Lambda calls it", async () => {
    const key = await newKey();
    const t = tenant("bundled", [key]);
    configure(t, { JWT_CLAIMS: ["email"] });
    const r = await allowed(query(await token(t, key, { email: "a@b.c" })), bundled);
    assert.deepEqual(r.context, { sub: "user-1", scopes: "", iss: t.issuer, aud: AUDIENCE, email: "a@b.c" });
    await refused(query(await token(t, key, { exp: Math.floor(Date.now() / 1000) - 60 })), "expired", bundled);
    await refused(query(await token(t, key, { aud: "nope" })), "audience_mismatch", bundled);
    await refused(query(await token(t, await newKey())), "unknown_kid", bundled);
    await refused(query(await token(t, await newKey())), "unknown_kid", bundled);
    assert.deepEqual(t.hits, { discovery: 1, jwks: 2 }, "one refetch for unknown kids, then the cooldown");
  });

  it("the built-in $connect handler echoes `bearer`", async () => {
    const connect = require(path.join(generated, "lib/handlers/connect-bearer/index.js")).handler;
    assert.deepEqual(await connect({ headers: { "Sec-WebSocket-Protocol": "bearer, x.y.z" } }), { statusCode: 200, headers: { "Sec-WebSocket-Protocol": "bearer" } });
    assert.deepEqual(await connect({ headers: {} }), { statusCode: 200 });
  });
});
