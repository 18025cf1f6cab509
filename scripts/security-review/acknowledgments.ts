import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** One acknowledged rule (cdk-nag or CloudFormation Validate) with its reason, where it was acknowledged. */
export interface Acknowledgment {
  /** Construct path below the stack, e.g. `Processing/Processor`. */
  readonly path: string;
  /** Rule id as recorded, e.g. `AwsSolutions-IAM5[Action::kms:ReEncrypt*]`. */
  readonly ruleId: string;
  readonly reason: string;
}

/** CDK records `acknowledge()` calls under this prefix for annotation-based rules. */
const ANNOTATION_PREFIX = 'Annotation::';

/**
 * Every acknowledgment made in `scope`'s subtree, read from the construct tree's metadata
 * (`Validations.ACKNOWLEDGED_RULES_METADATA_KEY`), paths relative to `scope`.
 */
export function acknowledgmentsIn(scope: IConstruct): Acknowledgment[] {
  const base = scope.node.path;
  const found: Acknowledgment[] = [];
  for (const node of scope.node.findAll()) {
    for (const entry of node.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      const rules = entry.data as Record<string, string>;
      for (const [id, reason] of Object.entries(rules)) {
        found.push({
          path: node.node.path.slice(base.length).replace(/^\//, '') || '(stack)',
          ruleId: id.startsWith(ANNOTATION_PREFIX) ? id.slice(ANNOTATION_PREFIX.length) : id,
          reason,
        });
      }
    }
  }
  return found;
}

/**
 * The reason a wildcard in a role's policy is acceptable: the acknowledgment of the matching IAM5 finding made on
 * the role, one of its policies, or a construct above them (cdk-nag applies an acknowledgment to the subtree).
 */
export function reasonFor(
  acknowledgments: readonly Acknowledgment[],
  rolePaths: readonly string[],
  finding: string,
): string | undefined {
  const ruleId = `AwsSolutions-IAM5[${finding}]`;
  const applies = (ack: Acknowledgment) =>
    ack.path === '(stack)' || rolePaths.some((p) => p === ack.path || p.startsWith(`${ack.path}/`));
  return acknowledgments.find((ack) => ack.ruleId === ruleId && applies(ack))?.reason;
}
