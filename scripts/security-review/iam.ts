import { reasonFor, type Acknowledgment } from './acknowledgments';
import {
  asList,
  constructPath,
  referencedId,
  renderValue,
  resourcesOfType,
  type CfnTemplate,
  type ConstructPaths,
} from './template-values';

/** A wildcard in an action or resource, and the acknowledged reason it is there (undefined: none given). */
export interface Wildcard {
  /** As cdk-nag names it: `Action::s3:List*` or `Resource::<Bucket.Arn>/*`. */
  readonly finding: string;
  readonly reason: string | undefined;
}

/** One Allow/Deny statement of a role's policies, rendered. */
export interface RoleStatement {
  readonly effect: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly conditions?: string;
  readonly wildcards: readonly Wildcard[];
}

/** An IAM role: who may assume it and everything its policies allow. */
export interface RoleReview {
  readonly path: string;
  readonly assumedBy: readonly string[];
  readonly managedPolicies: readonly string[];
  readonly statements: readonly RoleStatement[];
}

interface PolicyDocument {
  readonly Statement?: unknown;
}

/** Every role of a template with its trust, managed policies and statements (inline and attached). */
export function reviewRoles(
  template: CfnTemplate,
  paths: ConstructPaths,
  acknowledgments: readonly Acknowledgment[],
): RoleReview[] {
  const attached = new Map<string, { path: string; document: PolicyDocument }[]>();
  for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
    for (const [id, policy] of resourcesOfType(template, type)) {
      for (const role of asList(policy.Properties?.Roles)) {
        const roleId = referencedId(role);
        if (!roleId) continue;
        const list = attached.get(roleId) ?? [];
        list.push({ path: constructPath(id, paths), document: policy.Properties?.PolicyDocument as PolicyDocument });
        attached.set(roleId, list);
      }
    }
  }
  return resourcesOfType(template, 'AWS::IAM::Role').map(([id, role]) => {
    const props = role.Properties ?? {};
    const path = constructPath(id, paths);
    const inline = asList(props.Policies).map((p) => (p as { PolicyDocument: PolicyDocument }).PolicyDocument);
    const policies = attached.get(id) ?? [];
    const rolePaths = [path, ...policies.map((p) => p.path)];
    const documents = [...inline, ...policies.map((p) => p.document)];
    return {
      path,
      assumedBy: principals(props.AssumeRolePolicyDocument as PolicyDocument | undefined),
      managedPolicies: asList(props.ManagedPolicyArns).map(renderValue),
      statements: documents.flatMap((doc) =>
        asList(doc?.Statement).map((s) => statementOf(s as Record<string, unknown>, rolePaths, acknowledgments)),
      ),
    };
  });
}

function statementOf(
  statement: Record<string, unknown>,
  rolePaths: readonly string[],
  acknowledgments: readonly Acknowledgment[],
): RoleStatement {
  const actions = asList(statement.Action).map(renderValue);
  const resources = asList(statement.Resource).map(renderValue);
  const findings = [
    ...actions.filter((a) => a.includes('*')).map((a) => `Action::${a}`),
    ...resources.filter((r) => r.includes('*')).map((r) => `Resource::${r}`),
  ];
  return {
    effect: String(statement.Effect),
    actions,
    resources,
    ...(statement.Condition !== undefined && { conditions: JSON.stringify(statement.Condition) }),
    wildcards: findings.map((finding) => ({ finding, reason: reasonFor(acknowledgments, rolePaths, finding) })),
  };
}

function principals(document: PolicyDocument | undefined): string[] {
  return asList(document?.Statement).flatMap((s) => {
    const principal = (s as { Principal?: Record<string, unknown> }).Principal ?? {};
    return Object.entries(principal).flatMap(([kind, value]) => asList(value).map((v) => `${kind}: ${renderValue(v)}`));
  });
}
