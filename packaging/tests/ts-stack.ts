// The stack of the test's `cdk init` TypeScript project: one WebSocketApi whose $default route
// answers what it gets (a two-way route: the handler's body goes back to the client).
import * as cdk from 'aws-cdk-lib/core';
import { Construct } from 'constructs';
import { WebSocketApi } from '@cdk-from-rust/websocket-api';

export class TsAppStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);
    new WebSocketApi(this, 'Echo', {
      routes: { $default: { function: 'src/echo.main', returnResponse: true } },
    });
  }
}
