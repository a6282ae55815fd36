import * as cdk from "aws-cdk-lib";

/** One account and region for every stack: hosted-zone lookups are answered from cdk.context.json. */
export const ENV: cdk.Environment = { account: "123456789012", region: "us-east-1" };
