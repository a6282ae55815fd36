// The route-handler helpers of the JWT authorizer (generated/handlers/claims.ts): the flat
// authorizer context back into HTTP API's `{ jwt: { claims, scopes } }`, and the `bearer` echo.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bearerProtocol, jwtFromAuthorizer } from "../../generated/handlers/claims";
import { handler as connectBearer } from "../../generated/handlers/connect-bearer";

describe("jwtFromAuthorizer", () => {
  it("turns the flat context into claims and scopes", () => {
    const requestContext = {
      routeKey: "sendMessage",
      authorizer: {
        principalId: "user-1",
        integrationLatency: 12,
        sub: "user-1",
        iss: "https://issuer.example.com",
        aud: "client-1",
        scopes: "chat:write  read",
        email: "a@b.c",
        groups: '["g1","g2"]',
        age: 42,
      },
    };
    assert.deepEqual(jwtFromAuthorizer(requestContext), {
      jwt: {
        claims: {
          sub: "user-1",
          iss: "https://issuer.example.com",
          aud: "client-1",
          email: "a@b.c",
          groups: '["g1","g2"]',
          age: "42",
        },
        scopes: ["chat:write", "read"],
      },
    });
  });

  it("is empty without an authorizer context", () => {
    const empty = { jwt: { claims: {}, scopes: [] } };
    assert.deepEqual(jwtFromAuthorizer({}), empty);
    assert.deepEqual(jwtFromAuthorizer({ authorizer: null }), empty);
    assert.deepEqual(jwtFromAuthorizer(undefined), empty);
    assert.deepEqual(jwtFromAuthorizer({ authorizer: { principalId: "x", scopes: "" } }), empty);
  });
});

describe("bearerProtocol", () => {
  it("echoes bearer when the client offered it", () => {
    const echo = { "Sec-WebSocket-Protocol": "bearer" };
    assert.deepEqual(bearerProtocol({ headers: { "Sec-WebSocket-Protocol": "bearer, x.y.z" } }), echo);
    assert.deepEqual(bearerProtocol({ headers: { "sec-websocket-protocol": "chat,bearer,x.y.z" } }), echo);
    assert.deepEqual(bearerProtocol({ multiValueHeaders: { "Sec-WebSocket-Protocol": ["bearer", "x.y.z"] } }), echo);
  });

  it("echoes the offered spelling, which browsers compare exactly", () => {
    assert.deepEqual(bearerProtocol({ headers: { "Sec-WebSocket-Protocol": "Bearer, x.y.z" } }), { "Sec-WebSocket-Protocol": "Bearer" });
  });

  it("is undefined when bearer was not offered", () => {
    assert.equal(bearerProtocol({ headers: { "Sec-WebSocket-Protocol": "chat" } }), undefined);
    assert.equal(bearerProtocol({ headers: { Authorization: "bearer x" } }), undefined);
    assert.equal(bearerProtocol({ headers: null }), undefined);
    assert.equal(bearerProtocol({}), undefined);
    assert.equal(bearerProtocol(undefined), undefined);
  });
});

describe("connect-bearer handler", () => {
  it("returns 200, with the echo when bearer was offered", async () => {
    assert.deepEqual(await connectBearer({ headers: { "Sec-WebSocket-Protocol": "bearer, x.y.z" } }), {
      statusCode: 200,
      headers: { "Sec-WebSocket-Protocol": "bearer" },
    });
    assert.deepEqual(await connectBearer({ headers: {} }), { statusCode: 200 });
  });
});
