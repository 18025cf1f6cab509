/**
 * Matches a request path against a route template such as `/v1/tours/{tour}/stages/{stage}/live`, returning the
 * raw (still unvalidated) values of its `{placeholders}`, or undefined when the path has another shape. Routing is
 * on the path itself, never on API Gateway's `resource`/`pathParameters`, so the same handler serves explicit API
 * Gateway resources, a proxy resource and the local gateway alike. Hand-written: a dozen fixed templates do not
 * need a router library.
 */
export function matchTemplate(template: string, path: string): Record<string, string> | undefined {
  const wanted = template.split('/');
  const got = normalisePath(path).split('/');
  if (wanted.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < wanted.length; i += 1) {
    const w = wanted[i]!;
    const g = got[i]!;
    if (w.startsWith('{') && w.endsWith('}')) {
      if (g === '') return undefined;
      params[w.slice(1, -1)] = safeDecode(g);
    } else if (w !== g) return undefined;
  }
  return params;
}

/** The path without a trailing slash (`/v1/health/` is `/v1/health`). */
export function normalisePath(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

// A malformed escape (`%E0%A4%A`) stays as sent; validation then rejects it with a 400 naming the parameter.
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch (error) {
    if (error instanceof URIError) return segment;
    throw error;
  }
}
