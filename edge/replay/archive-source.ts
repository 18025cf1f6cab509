import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { ArchiveReadError } from '../errors';

/** One archived object: its key (relative to the archive root) and its bytes as stored (gzip or not). */
export interface ArchivedObject {
  readonly key: string;
  readonly body: Uint8Array;
}

/** Where archived frames come from: a local folder in the archive's layout, or an S3 bucket and prefix. */
export interface ArchiveSource {
  /** Keys of the objects under `prefix` (e.g. `raw/tdf2022/2022/07/03/`), sorted. */
  list(prefix: string): Promise<string[]>;
  read(key: string): Promise<ArchivedObject>;
  /** For messages: the folder or s3:// URL. */
  readonly description: string;
}

/** Parses `s3://bucket/prefix`; undefined for anything else (a folder). */
export function parseS3Url(from: string): { bucket: string; prefix: string } | undefined {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(from);
  if (!match) return undefined;
  const prefix = match[2] ?? '';
  return { bucket: match[1]!, prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/` };
}

/** A folder holding the archive's layout (`raw/<tour>/YYYY/MM/DD/HH/<object>`), e.g. a synced copy of the bucket. */
export function folderSource(root: string): ArchiveSource {
  const walk = (dir: string): string[] => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return entries.flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [relative(root, path).split(sep).join('/')];
    });
  };
  return {
    description: root,
    list: async (prefix) => walk(join(root, prefix)).sort(),
    read: async (key) => ({ key, body: readFileSync(join(root, key)) }),
  };
}

/** An S3 bucket (the archive bucket, or its replica in the backup region); `root` is a key prefix above `raw/`. */
export function s3Source(client: S3Client, bucket: string, root: string): ArchiveSource {
  return {
    description: `s3://${bucket}/${root}`,
    list: async (prefix) => {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: `${root}${prefix}`, ContinuationToken: token }),
        );
        for (const o of page.Contents ?? []) if (o.Key !== undefined) keys.push(o.Key.slice(root.length));
        token = page.NextContinuationToken;
      } while (token !== undefined);
      return keys.sort();
    },
    read: async (key) => {
      const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: `${root}${key}` }));
      if (out.Body === undefined) throw new ArchiveReadError(`s3://${bucket}/${root}${key} has no body`);
      return { key, body: await out.Body.transformToByteArray() };
    },
  };
}

/** The text of an archived object: gunzipped when it starts with the gzip magic bytes (Firehose GZIP), else as is. */
export function objectText(object: ArchivedObject): string {
  const gz = object.body[0] === 0x1f && object.body[1] === 0x8b;
  return Buffer.from(gz ? gunzipSync(object.body) : object.body).toString('utf8');
}
