import { App, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderReport } from '../../../scripts/security-review/report';
import { reviewStack, unexplainedWildcards } from '../../../scripts/security-review/review';

/** A small stack: a role with one exact and one wildcard grant, an encrypted TLS-only bucket, a plain queue. */
function smallStack(outdir: string, acknowledgeWildcard: boolean) {
  const app = new App({ outdir });
  const stack = new Stack(app, 'Review', { env: { account: '123456789012', region: 'eu-west-3' } });
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const bucket = new s3.Bucket(stack, 'Bucket', { encryptionKey: key, enforceSSL: true });
  new sqs.Queue(stack, 'Queue');
  const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  role.addToPolicy(
    new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: ['arn:aws:sqs:eu-west-3:123456789012:q'] }),
  );
  bucket.grantRead(role);
  if (acknowledgeWildcard) {
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Action::s3:GetObject*]',
      reason: 'Reads the one bucket it is given',
    });
  }
  const template = app.synth().getStackArtifact(stack.artifactId).template;
  return { stack, template };
}

describe('reviewStack', () => {
  let outdir: string;
  afterEach(() => rmSync(outdir, { recursive: true, force: true }));

  function review(acknowledgeWildcard: boolean) {
    outdir = mkdtempSync(join(tmpdir(), 'review-test-'));
    const { stack, template } = smallStack(outdir, acknowledgeWildcard);
    return reviewStack(stack, template);
  }

  it('lists a role with who assumes it and the actions it may take', () => {
    const result = review(true);

    const reader = result.roles.find((r) => r.path === 'Reader');
    expect(reader?.assumedBy).toEqual(['Service: lambda.amazonaws.com']);
    expect(reader?.statements.flatMap((s) => s.actions)).toEqual(
      expect.arrayContaining(['sqs:SendMessage', 's3:GetObject*', 's3:GetBucket*', 's3:List*', 'kms:Decrypt']),
    );
  });

  it('flags each wildcard and gives the acknowledged reason for it', () => {
    const result = review(true);

    const wildcards = result.roles.flatMap((r) => r.statements.flatMap((s) => s.wildcards));
    expect(wildcards).toContainEqual({ finding: 'Action::s3:GetObject*', reason: 'Reads the one bucket it is given' });
    expect(wildcards).toContainEqual({ finding: 'Action::s3:List*', reason: undefined });
    expect(unexplainedWildcards(result)).toContainEqual({ role: 'Reader', finding: 'Action::s3:List*' });
  });

  it('lists every acknowledgment with where it was made and why', () => {
    const result = review(true);

    expect(result.acknowledgments).toContainEqual({
      path: 'Reader',
      ruleId: 'AwsSolutions-IAM5[Action::s3:GetObject*]',
      reason: 'Reads the one bucket it is given',
    });
  });

  it('reports the bucket KMS key and TLS-only policy, and the queue without a policy', () => {
    const result = review(false);

    expect(result.stores).toContainEqual({
      type: 'AWS::S3::Bucket',
      path: 'Bucket',
      encryption: expect.stringMatching(/^KMS <Key\w+\.Arn>$/),
      tlsOnly: true,
    });
    expect(result.stores).toContainEqual({
      type: 'AWS::SQS::Queue',
      path: 'Queue',
      encryption: 'SSE-SQS',
      tlsOnly: false,
    });
  });

  it('renders the open findings and the acknowledgments into the Markdown report', () => {
    const markdown = renderReport([review(true)], 'test');

    expect(markdown).toContain('## Review (eu-west-3)');
    expect(markdown).toMatch(/\| AWS::S3::Bucket \| `Bucket` \| KMS `<Key\w+\.Arn>` \| yes/);
    expect(markdown).toContain('⚠ `Reader`: `Action::s3:List*` has no acknowledged reason');
    expect(markdown).toContain(
      '| `Reader` | `AwsSolutions-IAM5[Action::s3:GetObject*]` | Reads the one bucket it is given |',
    );
  });
});
