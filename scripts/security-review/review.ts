import { CfnElement, Stack } from 'aws-cdk-lib';
import { acknowledgmentsIn, type Acknowledgment } from './acknowledgments';
import { reviewEndpoints, type EndpointReview } from './endpoints';
import { reviewRoles, type RoleReview } from './iam';
import { reviewStores, type StoreReview } from './stores';
import type { CfnTemplate, ConstructPaths } from './template-values';

/** The security review of one synthesized stack. */
export interface StackReview {
  readonly stackName: string;
  readonly region: string;
  readonly roles: readonly RoleReview[];
  readonly stores: readonly StoreReview[];
  readonly endpoints: readonly EndpointReview[];
  readonly acknowledgments: readonly Acknowledgment[];
}

/** Reviews a stack from its synthesized template and its construct tree (for the acknowledgments). */
export function reviewStack(stack: Stack, template: CfnTemplate): StackReview {
  const acknowledgments = acknowledgmentsIn(stack);
  const paths = constructPaths(stack);
  return {
    stackName: stack.stackName,
    region: stack.region,
    roles: reviewRoles(template, paths, acknowledgments),
    stores: reviewStores(template, paths),
    endpoints: reviewEndpoints(template, paths),
    acknowledgments,
  };
}

/** Every CloudFormation element's path below the stack, by logical id; an L2's `/Resource` child is shown as the L2. */
function constructPaths(stack: Stack): ConstructPaths {
  const base = stack.node.path.length + 1;
  const paths = new Map<string, string>();
  for (const node of stack.node.findAll()) {
    if (!CfnElement.isCfnElement(node) || Stack.of(node) !== stack) continue;
    paths.set(stack.resolve(node.logicalId) as string, node.node.path.slice(base).replace(/\/Resource$/, ''));
  }
  return paths;
}

/** Wildcards no acknowledgment explains: the review's open findings. */
export function unexplainedWildcards(review: StackReview): { role: string; finding: string }[] {
  return review.roles.flatMap((role) =>
    role.statements.flatMap((s) =>
      s.wildcards.filter((w) => w.reason === undefined).map((w) => ({ role: role.path, finding: w.finding })),
    ),
  );
}
