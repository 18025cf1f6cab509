import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { storeErrorOf } from '../../../core/ports/errors';
import { quarantineKeyOf, type QuarantinedRecord, type QuarantineSink } from '../../../core/ports/quarantine-sink';

/**
 * Quarantine in S3, one JSON object per source record and reason. S3 rather than SQS: objects are keyed, so a
 * retried batch overwrites instead of duplicating; a raw record (up to 1 MiB) exceeds SQS's 256 KiB message limit;
 * and forensics needs retention beyond SQS's 14 days (a lifecycle rule expires them instead).
 */
export class S3QuarantineSink implements QuarantineSink {
  constructor(
    private readonly client: S3Client,
    private readonly bucketName: string,
  ) {}

  async put(records: readonly QuarantinedRecord[]): Promise<void> {
    await Promise.all(
      records.map((record) =>
        this.client
          .send(
            new PutObjectCommand({
              Bucket: this.bucketName,
              Key: quarantineKeyOf(record),
              Body: JSON.stringify(record),
              ContentType: 'application/json',
            }),
          )
          .catch((error: unknown) => {
            throw storeErrorOf('PutObject', error);
          }),
      ),
    );
  }
}
