import { readFile, stat } from 'node:fs/promises';
import { extname, join, relative, resolve, sep } from 'node:path';

/** Content types of the files the second-screen page is made of. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** A static file answer, or why there is none. */
export type StaticFile =
  | { readonly ok: true; readonly body: Buffer; readonly contentType: string }
  | { readonly ok: false; readonly status: 403 | 404 };

/**
 * Resolves a URL path to a file under `root` (`/` and folders → their index.html). A path that would leave the
 * root (`..`, encoded or not, or an absolute path) is refused with 403 before the file system is touched.
 */
export async function readStaticFile(root: string, urlPath: string): Promise<StaticFile> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { ok: false, status: 403 };
  }
  if (decoded.includes('\0')) return { ok: false, status: 403 };
  const base = resolve(root);
  const target = resolve(base, '.' + (decoded.startsWith('/') ? decoded : `/${decoded}`));
  const inside = relative(base, target);
  if (inside.startsWith('..') || inside.split(sep).includes('..') || resolve(base, inside) !== target) {
    return { ok: false, status: 403 };
  }
  let file = target;
  const info = await stat(file).catch(() => undefined);
  if (info?.isDirectory()) file = join(file, 'index.html');
  else if (!info) return { ok: false, status: 404 };
  const body = await readFile(file).catch(() => undefined);
  if (body === undefined) return { ok: false, status: 404 };
  return { ok: true, body, contentType: CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream' };
}
