// Misuse of routes, functions and the API's CDK overrides throws at synth time with SST's
// text, or one that names the bad value and what is accepted (issue 2).
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import * as apigwv2 from "aws-cdk-lib/aws-apigatewayv2";
import { Function, WebSocketApi, WebSocketApiProps } from "@cdk-from-rust/websocket-api";
import { freshStack, throwsExactly } from "./support";

function api(props: WebSocketApiProps): WebSocketApi {
  return new WebSocketApi(freshStack(), "Api", { accessLog: false, ...props });
}

describe("route errors", () => {
  it("refuses a route key that exists after trimming", () => {
    const chat = api({ routes: { $connect: "handlers/node/connect.main" } });
    throwsExactly(
      () => chat.addRoutes(chat, { " $connect  ": "handlers/node/connect.main" }),
      'A route already exists for "$connect"',
    );
  });

  it("refuses an empty route key", () => {
    throwsExactly(
      () => api({ routes: { "  ": "handlers/node/connect.main" } }),
      'Invalid route key "  ": a route key cannot be empty. Use "$connect", "$disconnect", "$default" or a custom key such as "sendMessage".',
    );
  });

  it("refuses a route value that is not a handler, a Function or route props", () => {
    throwsExactly(
      () => api({ routes: { ping: 42 as any } }),
      'Invalid route "ping": pass a handler string, a Function construct, or { function or functionProps, returnResponse? }.',
    );
    throwsExactly(
      () => api({ routes: { ping: { function: 42 as any } } }),
      'Invalid function definition for the "ping" Function: 42. Pass a handler string ("src/chat.main"), a Function construct, or FunctionProps with a handler.',
    );
  });

  it("refuses defaults.function with a Function instance", () => {
    const stack = freshStack();
    const fn = new Function(stack, "Fn", { handler: "handlers/node/echo.main" });
    throwsExactly(
      () =>
        new WebSocketApi(stack, "Api", {
          accessLog: false,
          defaults: { function: { timeout: 3 } },
          routes: { ping: fn },
        }),
      'The "defaults.function" cannot be applied if an instance of a Function construct is passed in. Make sure to define all the routes using FunctionProps, so the Api construct can apply the "defaults.function" to them.',
    );
  });
});

describe("props inside unions are checked", () => {
  it("names an unknown key of route props and lists what is accepted", () => {
    throwsExactly(
      () => api({ routes: { ping: { function: "handlers/node/echo.main", returnResponce: true } as any } }),
      'Unknown prop "returnResponce" in routes.ping. Accepted: function, functionProps, type, returnResponse.',
    );
  });

  it("tells a snake_case key its camelCase name", () => {
    throwsExactly(
      () => api({ accessLog: { destination_arn: "arn:aws:logs:us-east-1:123456789012:log-group:x" } as any }),
      'Unknown prop "destination_arn" in accessLog: did you mean "destinationArn"? Props are camelCase.',
    );
    throwsExactly(
      () => api({ routes: { ping: { function: { handler: "handlers/node/echo.main", memory_size: 256 } as any } } }),
      'Unknown prop "memory_size" in routes.ping.function: did you mean "memorySize"? Props are camelCase.',
    );
  });

  it("accepts SST's type: \"function\" on route props, and nothing else there", () => {
    api({ routes: { ping: { type: "function", function: "handlers/node/echo.main" } } });
    throwsExactly(
      () => api({ routes: { ping: { type: "url", function: "handlers/node/echo.main" } } }),
      'Invalid route type "url". Accepted: function.',
    );
  });
});

describe("function errors", () => {
  it("needs a handler", () => {
    throwsExactly(() => api({ routes: { ping: { function: { timeout: 3 } } } }), 'No handler defined for the "ping" Lambda function');
  });

  it("needs path/to/file.export", () => {
    throwsExactly(
      () => api({ routes: { ping: "handlers/node/connect" } }),
      'Invalid handler "handlers/node/connect": expected "path/to/file.exportName", for example "src/chat.main"',
    );
  });

  it("names the handler, the folder and the files it tried", () => {
    assert.throws(() => api({ routes: { ping: "handlers/node/nope.main" } }), (e: Error) => {
      assert.match(
        e.message,
        /^Could not find file for handler "handlers\/node\/nope.main" in ".*\/test-app" \(tried handlers\/node\/nope.ts, handlers\/node\/nope.tsx, .*handlers\/node\/nope.cjs\)$/,
      );
      return true;
    });
  });

  it("reports esbuild's error for a handler that does not parse", () => {
    assert.throws(
      () => api({ routes: { ping: { function: { handler: "handler.main", srcPath: "test/fixtures/broken" } } } }),
      (e: Error) => {
        // The package stages bundles itself: esbuild's file, line and column, with no CDK prefix.
        assert.match(
          e.message,
          /^Failed to bundle the handler "handler.main" with esbuild: Build failed with 1 error:\nhandler.js:2:27: ERROR: Expected "}" but found ";"$/,
        );
        return true;
      },
    );
  });

  it("says what to install when a Cargo package handler has no cargo-lambda to build it", () => {
    const saved = process.env.PATH;
    // A PATH without cargo-lambda, whatever this machine has installed.
    process.env.PATH = fs.mkdtempSync(path.join(os.tmpdir(), "no-cargo-lambda-"));
    try {
      assert.throws(
        () => api({ routes: { ping: { function: { handler: "cargo-package", srcPath: "test/fixtures", runtime: "provided.al2023" } } } }),
        (e: Error) => {
          // CDK prefixes bundling errors with the asset's path.
          assert.match(e.message, /^Failed to bundle asset Test\/Api\/ping\/Code\/Stage, .*: Error: Cannot build the Rust handler "cargo-package": cargo-lambda did not run \(.*ENOENT\)\. Install it with `pip install cargo-lambda` \(it brings zig\) or `cargo install cargo-lambda`/);
          return true;
        },
      );
    } finally {
      process.env.PATH = saved;
    }
  });

  it("needs a bootstrap for provided.al2023", () => {
    assert.throws(
      () => api({ routes: { ping: { function: { handler: "no-bootstrap", srcPath: "test/fixtures", runtime: "provided.al2023" } } } }),
      (e: Error) => {
        assert.match(e.message, /^Cannot find a "bootstrap" file for the provided.al2023 handler "no-bootstrap" in ".*\/test\/fixtures\/no-bootstrap" \(nor a Cargo.toml to build one from\)\. Point the handler at the Rust handler's Cargo package folder/);
        return true;
      },
    );
  });

  it("checks runtime, architecture and tracing literals at synth time, listing what is accepted", () => {
    throwsExactly(
      () => api({ routes: { ping: { function: { handler: "handlers/node/echo.main", runtime: "nodejs16.x" } } } }),
      'Invalid runtime "nodejs16.x". Supported runtimes: nodejs22.x, nodejs24.x, python3.11, python3.12, python3.13, python3.14, provided.al2023.',
    );
    throwsExactly(
      () => api({ routes: { ping: { function: { handler: "handlers/node/echo.main", architecture: "arm64" } } } }),
      'Invalid architecture "arm64". Supported architectures: x86_64, arm_64.',
    );
    throwsExactly(
      () => api({ routes: { ping: { function: { handler: "handlers/node/echo.main", tracing: "on" } } } }),
      'Invalid tracing mode "on". Supported modes: active, pass_through, disabled.',
    );
  });
});

describe("cdk.webSocketApi and cdk.webSocketStage errors", () => {
  it("refuses an imported stage without an imported API", () => {
    const stack = freshStack();
    const other = apigwv2.WebSocketApi.fromWebSocketApiAttributes(stack, "Other", { webSocketId: "x" });
    const stage = apigwv2.WebSocketStage.fromWebSocketStageAttributes(stack, "Stage", { api: other, stageName: "s" });
    throwsExactly(
      () => new WebSocketApi(stack, "Api", { cdk: { webSocketStage: stage } }),
      'Cannot import the "webSocketStage" when the "webSocketApi" is not imported.',
    );
  });

  it("refuses accessLog and customDomain with an imported stage", () => {
    const stack = freshStack();
    const other = apigwv2.WebSocketApi.fromWebSocketApiAttributes(stack, "Other", { webSocketId: "x" });
    const stage = apigwv2.WebSocketStage.fromWebSocketStageAttributes(stack, "Stage", { api: other, stageName: "s" });
    throwsExactly(
      () => new WebSocketApi(stack, "A", { accessLog: true, cdk: { webSocketApi: other, webSocketStage: stage } }),
      'Cannot configure the "accessLog" when "webSocketStage" is a construct',
    );
    throwsExactly(
      () => new WebSocketApi(stack, "B", { customDomain: "api.example.com", cdk: { webSocketApi: other, webSocketStage: stage } }),
      'Cannot configure the "customDomain" when "webSocketStage" is a construct',
    );
  });

  it("refuses webSocketStage.domainMapping", () => {
    const stack = freshStack();
    const domainName = apigwv2.DomainName.fromDomainNameAttributes(stack, "D", {
      name: "api.example.com",
      regionalDomainName: "d.execute-api.us-east-1.amazonaws.com",
      regionalHostedZoneId: "Z1",
    });
    throwsExactly(
      () => new WebSocketApi(stack, "Api", { cdk: { webSocketStage: { domainMapping: { domainName } } } }),
      'Do not configure the "webSocketStage.domainMapping". Use the "customDomain" to configure the Api domain.',
    );
  });
});
