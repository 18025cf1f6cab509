import { afterEach, beforeEach, vi } from 'vitest';

/**
 * Captures what the tests of the calling `describe` block print: `console.log` lines in `out`, `console.error`
 * lines in `err`, emptied before each test; the console is restored after each. The arrays keep their identity, so
 * they can be destructured once.
 */
export function captureConsole(): { readonly out: string[]; readonly err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  beforeEach(() => {
    out.length = 0;
    err.length = 0;
    vi.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
    vi.spyOn(console, 'error').mockImplementation((line: string) => void err.push(line));
  });
  afterEach(() => vi.restoreAllMocks());
  return { out, err };
}
