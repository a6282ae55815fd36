"""test-app/lib/env.ts: one account and region for every stack (hosted-zone lookups come from cdk.context.json)."""
import aws_cdk as cdk

ENV = cdk.Environment(account="123456789012", region="us-east-1")
