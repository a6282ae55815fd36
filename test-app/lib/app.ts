// Every stack of the test app. The CLI synthesizes them through bin/app.ts; the tests
// build the same app in-process.
import * as cdk from "aws-cdk-lib";
import { AccessLogStack } from "./access-log-stack";
import { AuthorizerStack } from "./authorizer-stack";
import { BindingStack } from "./binding-stack";
import { CrossApiStack, CrossRoutesStack } from "./cross-stack";
import { DomainStack } from "./domain-stack";
import { ImportedStack } from "./imported-stack";
import { JwtStack } from "./jwt-stack";
import { PermissionsStack } from "./permissions-stack";
import { RoutesStack } from "./routes-stack";
import { RuntimesStack } from "./runtimes-stack";

export interface TestApp {
  readonly routes: RoutesStack;
  readonly runtimes: RuntimesStack;
  readonly crossApi: CrossApiStack;
  readonly crossRoutes: CrossRoutesStack;
  readonly imported: ImportedStack;
  readonly permissions: PermissionsStack;
  readonly binding: BindingStack;
  readonly accessLog: AccessLogStack;
  readonly domain: DomainStack;
  readonly authorizer: AuthorizerStack;
  readonly jwt: JwtStack;
}

export function buildApp(app: cdk.App): TestApp {
  const crossApi = new CrossApiStack(app, "CrossApi");
  return {
    routes: new RoutesStack(app, "Routes"),
    runtimes: new RuntimesStack(app, "Runtimes"),
    crossApi,
    crossRoutes: new CrossRoutesStack(app, "CrossRoutes", crossApi.api),
    imported: new ImportedStack(app, "Imported"),
    permissions: new PermissionsStack(app, "Permissions"),
    binding: new BindingStack(app, "Binding"),
    accessLog: new AccessLogStack(app, "AccessLog"),
    domain: new DomainStack(app, "Domain"),
    authorizer: new AuthorizerStack(app, "Authorizer"),
    jwt: new JwtStack(app, "Jwt"),
  };
}
