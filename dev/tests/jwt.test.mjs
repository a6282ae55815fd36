// A JWT authorizer (issue 14) served by `dev`: an app model whose issuer is a key server this test
// runs on 127.0.0.1 (OIDC discovery and a JWKS, RSA keys of its own), synthesized and served;
// the package's prebuilt authorizer lets a client in with a valid token and refuses the others,
// and routes see the token's claims.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { ask, connect, startDev, stopDev, workspace } from "./helpers.mjs";

// jose, as the test app pins it (the authorizer bundles the same version).
const jose = await import(pathToFileURL(path.join(workspace, "test-app/node_modules/jose/dist/webapi/index.js")).href);

let dev;
let keyServer;
let issuer;
const { privateKey, publicKey } = await jose.generateKeyPair("RS256");
const other = await jose.generateKeyPair("RS256");

before(async () => {
  const jwk = { ...(await jose.exportJWK(publicKey)), kid: "k1", alg: "RS256", use: "sig" };
  keyServer = http.createServer((req, res) => {
    const body =
      req.url === "/.well-known/openid-configuration" ? { issuer, jwks_uri: `${issuer}/jwks` } : req.url === "/jwks" ? { keys: [jwk] } : undefined;
    res.writeHead(body ? 200 : 404, { "content-type": "application/json" }).end(JSON.stringify(body ?? {}));
  });
  await new Promise((r) => keyServer.listen(0, "127.0.0.1", r));
  issuer = `http://127.0.0.1:${keyServer.address().port}`;
  // The model and the jwt example's handlers, in a folder of the test's own.
  const dir = path.join(workspace, "target/dev-tests/jwt-app");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(path.join(workspace, "examples/jwt/src"), path.join(dir, "src"), { recursive: true });
  fs.writeFileSync(
    path.join(dir, "app.yaml"),
    [
      "app: jwtdev",
      "stacks:",
      "  JwtDev:",
      "    webSocketApis:",
      "      Chat:",
      `        authorizer: { type: jwt, jwt: { issuer: "${issuer}", audience: [chat-web] }, claims: [email] }`,
      "        routes:",
      "          $connect: src/connect.main",
      "          whoami: { function: src/whoami.main, returnResponse: true }",
      "",
    ].join("\n"),
  );
  dev = await startDev([path.join(dir, "app.yaml"), "--port", "3901", "--no-local-dynamodb"], { timeoutMs: 240_000 });
});

after(async () => {
  if (dev) await stopDev(dev);
  keyServer?.closeAllConnections();
  await new Promise((r) => (keyServer ? keyServer.close(r) : r()));
});

const token = (claims, { key = privateKey, kid = "k1", audience = "chat-web" } = {}) =>
  new jose.SignJWT(claims)
    .setProtectedHeader({ alg: "RS256", kid })
    .setIssuer(issuer)
    .setAudience(audience)
    .setSubject("user-1")
    .setIssuedAt()
    .setExpirationTime("5m")
    .sign(key);
const status = (url) => connect(url).then((ws) => (ws.close(), 101), (e) => e.status);

describe("a JWT authorizer under dev", () => {
  test("a valid token connects, and routes see its claims as flat strings", async () => {
    const url = "ws://127.0.0.1:3901/default";
    const ws = await connect(`${url}?token=${await token({ email: "ada@example.com" })}`);
    const answer = await ask(ws, { action: "whoami" });
    assert.deepEqual(answer, { principalId: "user-1", sub: "user-1", scopes: "", email: "ada@example.com" });
    ws.close();
  });

  test("no token 401; a token of another key, for another audience, or garbage: 401", async () => {
    const url = "ws://127.0.0.1:3901/default";
    assert.equal(await status(url), 401);
    assert.equal(await status(`${url}?token=${await token({}, { key: other.privateKey })}`), 401);
    assert.equal(await status(`${url}?token=${await token({}, { audience: "someone-else" })}`), 401);
    assert.equal(await status(`${url}?token=not.a.jwt`), 401);
    assert.match(dev.stderr, /"reason":"bad_signature"/);
    assert.match(dev.stderr, /"reason":"audience_mismatch"/);
  });
});
