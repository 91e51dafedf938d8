/**
 * Bytes → text. Herald refuses what is not text instead of analysing garbage: binary data (NUL bytes or
 * many control characters), invalid UTF-8 and oversized inputs get a HeraldError naming the input and the fix.
 * The decoded string is the document's text from then on; nothing else is normalised.
 */
import { HeraldError } from './errors.js';

/**
 * One document larger than this is refused by default (issue 14): news articles are < 200 KB, and a 30 MB text
 * would take minutes and gigabytes to analyse. `herald ingest --max-doc MB` raises it.
 */
export const MAX_INPUT_BYTES = 5 * 1024 * 1024;

/** "5 MB", "0.5 MB": a byte limit as users give it. */
export const formatMb = (n: number): string => `${+(n / 1048576).toFixed(2)} MB`;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const utf16le = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: false });

export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return true;
    // Control characters other than tab, LF, VT, FF, CR and ESC are rare in text.
    if (b < 32 && b !== 9 && b !== 10 && b !== 11 && b !== 12 && b !== 13 && b !== 27) control++;
  }
  return n > 0 && control / n > 0.05;
}

/** Decodes one input; `maxBytes` (default MAX_INPUT_BYTES) bounds its size. */
export function decodeText(bytes: Uint8Array, label: string, maxBytes = MAX_INPUT_BYTES): string {
  if (bytes.length > maxBytes) throw tooLarge(label, bytes.length, maxBytes);
  // UTF-16 with a byte-order mark (e.g. saved by Windows editors) is text, not binary.
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    try {
      return utf16le.decode(bytes);
    } catch {
      throw new HeraldError(`${label}: invalid UTF-16 text; re-save the file as UTF-8`);
    }
  }
  if (looksBinary(bytes)) {
    throw new HeraldError(`${label}: looks like a binary file, not text; give Herald plain text (.txt), HTML or JSON Lines articles`);
  }
  try {
    return utf8.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    throw new HeraldError(
      `${label}: invalid UTF-8 at byte ${at}; convert it first, e.g. iconv -f WINDOWS-1252 -t UTF-8 ${label === '-' ? 'FILE' : label} > fixed.txt`,
    );
  }
}

/** Offset of the first byte that breaks UTF-8, for the error message. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const len = b < 0x80 ? 1 : b >> 5 === 6 ? 2 : b >> 4 === 14 ? 3 : b >> 3 === 30 ? 4 : 0;
    if (len === 0 || i + len > bytes.length) return i;
    for (let k = 1; k < len; k++) if (bytes[i + k] >> 6 !== 2) return i;
    i += len;
  }
  return i;
}

/** The error for a document over the size limit, naming both fixes. */
export function tooLarge(label: string, size: number, maxBytes: number): HeraldError {
  return new HeraldError(
    `${label}: ${formatMb(size)} is over the ${formatMb(maxBytes)} limit for one document (news articles are well under 1 MB); split it into articles (one file each, or JSON Lines), or raise the limit with --max-doc MB`,
  );
}
