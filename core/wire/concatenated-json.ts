/**
 * Splits the body of a Firehose S3 object into its records. Firehose concatenates the records of a delivery as sent,
 * with no delimiter; each wire frame is one JSON object, so the body is a run of `{…}{…}` (whitespace allowed between).
 * Hand-written: a streaming JSON parser would do, but this is a 30-line brace scan that respects strings and escapes,
 * and no maintained library splits concatenated JSON without a delimiter.
 */
export function splitConcatenatedJson(body: string): { readonly objects: string[]; readonly trailing: string } {
  const objects: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === '}' && depth > 0) {
      depth--;
      if (depth === 0) {
        objects.push(body.slice(start, i + 1));
        start = -1;
      }
    }
  }
  // An object cut short (a truncated object or a corrupt tail) is returned for the caller to report, not parsed.
  const trailing = depth > 0 && start >= 0 ? body.slice(start) : '';
  return { objects, trailing };
}
