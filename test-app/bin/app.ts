// The test app as the CDK CLI runs it (`cdk synth`): every stack of lib/app.ts.
import * as cdk from "aws-cdk-lib";
import { buildApp } from "../lib/app";

buildApp(new cdk.App());
