import { describe, expect, it } from 'vitest';
import { archiveObjectKey } from '../../../local/archive-forwarder';

describe('archiveObjectKey', () => {
  it("follows Firehose's layout under the archive construct's raw/<tour>/ prefix, in UTC", () => {
    const key = archiveObjectKey(
      'tdf2022',
      'tour-tracker-tdf2022-archive-delivery',
      Date.UTC(2022, 6, 8, 9, 5, 7, 450),
      'abc-123',
    );

    expect(key).toBe(
      'raw/tdf2022/2022/07/08/09/tour-tracker-tdf2022-archive-delivery-1-2022-07-08-09-05-07-abc-123.gz',
    );
  });
});
