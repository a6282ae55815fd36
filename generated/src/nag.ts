// cdk-nag suppressions of what this library chooses, with their reasons. The library cannot
// depend on cdk-nag, so it writes the `cdk_nag` metadata cdk-nag reads.
import * as cdk from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as constructs from "constructs";
import { NAG_MANAGE_CONNECTIONS, NAG_XRAY_RESOURCE } from "./function.generated";

/** The cdk-nag findings of the wildcard connections ARN of a stage (`{api}/{stage}/…/@connections/…`). */
const CONNECTIONS_FINDING = "/^Resource::arn:<AWS::Partition>:execute-api:.*\\/\\*\\/@connections\\/\\*$/";

/**
 * Records cdk-nag suppressions in the `cdk_nag` metadata of a resource (or of a construct's
 * default child), where cdk-nag reads them, merged with those already there. The one place
 * this library suppresses: it cannot depend on cdk-nag.
 */
export function addNagSuppressions(
  scope: constructs.IConstruct | undefined,
  rules: Array<{ id: string; reason: string; appliesTo?: Array<string | { regex: string }> }>,
): void {
  const resource = scope instanceof cdk.CfnResource ? scope : scope?.node.defaultChild;
  if (!(resource instanceof cdk.CfnResource)) {
    return;
  }
  const existing = resource.getMetadata("cdk_nag") ?? {};
  const entries: unknown[] = [...(existing.rules_to_suppress ?? [])];
  for (const { id, reason, appliesTo } of rules) {
    const entry = appliesTo === undefined ? { id, reason } : { id, reason, applies_to: appliesTo };
    if (!entries.some((e) => JSON.stringify(e) === JSON.stringify(entry))) {
      entries.push(entry);
    }
  }
  resource.addMetadata("cdk_nag", { ...existing, rules_to_suppress: entries });
}

/**
 * Suppresses the wildcards of a function's policy that this library puts there: X-Ray's
 * `Resource: *` (only while no other statement grants on `*`) and `ManageConnections` on a
 * stage's connections. What users attach or bind stays reported.
 */
export class PolicyNagSuppressions implements cdk.IAspect {
  constructor(private readonly fn: lambda.Function) {}

  public visit(node: constructs.IConstruct): void {
    if (node !== this.fn) {
      return;
    }
    const policy = this.fn.role?.node.tryFindChild("DefaultPolicy")?.node.defaultChild;
    if (!(policy instanceof iam.CfnPolicy)) {
      return;
    }
    const statements: Array<{ Action?: unknown; Resource?: unknown }> =
      cdk.Stack.of(policy).resolve(policy.policyDocument)?.Statement ?? [];
    const actionsOf = (s: { Action?: unknown }) => [s.Action].flat();
    const onStar = statements.filter((s) => [s.Resource].flat().includes("*"));
    const rules: Array<{ id: string; reason: string; appliesTo: Array<string | { regex: string }> }> = [];
    if (onStar.length > 0 && onStar.every((s) => actionsOf(s).every((a) => typeof a === "string" && a.startsWith("xray:")))) {
      rules.push({ id: "AwsSolutions-IAM5", reason: NAG_XRAY_RESOURCE, appliesTo: ["Resource::*"] });
    }
    if (statements.some((s) => actionsOf(s).length === 1 && actionsOf(s)[0] === "execute-api:ManageConnections")) {
      rules.push({ id: "AwsSolutions-IAM5", reason: NAG_MANAGE_CONNECTIONS, appliesTo: [{ regex: CONNECTIONS_FINDING }] });
    }
    addNagSuppressions(policy, rules);
  }
}
