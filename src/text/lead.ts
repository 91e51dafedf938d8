/**
 * The line that stands for an untitled article (in the API's excerpt and the UI's heading). Dependency-free, so
 * the web UI bundles the same code the server runs.
 */

/** A short line that only names the writer ("By Raphael Ahren, Times of Israel"): no part of the story. */
const BYLINE_RE = /^(?:By|BY)\s+\p{Lu}[^\n]{0,80}$/u;

/** The first non-empty line of `text` that is not a byline (else the first line), whitespace collapsed. */
export function leadLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return (lines.find((l) => !BYLINE_RE.test(l)) ?? lines[0] ?? '').replace(/\s+/g, ' ');
}
