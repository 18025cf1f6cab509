import { RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

/**
 * Settings every tour-tracker bucket must have, applied after the caller's props so that no override weakens them
 * (STYLE §2.1): TLS only, no public access, no ACLs (the owner owns every object).
 */
export const PRIVATE_BUCKET = {
  enforceSSL: true,
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
} as const satisfies Partial<s3.BucketProps>;

/**
 * A customer-managed key with yearly rotation, kept when the stack is deleted: the data it protects is retained
 * too, and a deleted key would make that data unreadable.
 */
export function retainedRotatingKey(scope: Construct, id: string, description: string): kms.Key {
  return new kms.Key(scope, id, { description, enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
}
