/**
 * Reading articles from the places users keep them: files, directories (recursively), stdin (`-`), and
 * JSON / JSON Lines records `{text, title, published, url, source, author}`. A text or HTML file may carry the
 * same metadata in a sidecar beside it (`article.txt` + `article.meta.json`). Every failure names the input.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { DocMeta } from '../doc/doc.js';
import { datePublication } from '../time/publication.js';
import { decodeText, looksBinary, MAX_INPUT_BYTES, tooLarge } from './decode.js';
import { HeraldError } from './errors.js';
import { htmlToText } from './html.js';

export interface Article {
  /** Where it came from, for messages: a path, `path:line` for JSON Lines, or `-`. */
  label: string;
  text: string;
  meta: DocMeta;
  /** Dates the input suggests besides its metadata (see `datedMeta`): the HTML page's <meta> date, the file name. */
  dateHints?: { html?: string; fileName?: string };
}

/** An input (a JSON Lines line, a record of a JSON array) that was left out, and why. */
export interface BadRecord {
  label: string;
  reason: string;
}

export interface ReadOptions {
  /** Largest document, in bytes (default MAX_INPUT_BYTES, 5 MB). */
  maxBytes?: number;
}

/** A JSON Lines file may hold many articles: it is read whole up to this size, each line bounded by `maxBytes`. */
export const MAX_JSONL_BYTES = 256 * 1024 * 1024;

/**
 * The article's metadata with its publication date resolved by precedence (time/publication.ts): its own
 * metadata, then `--date`, a dateline in the text, the HTML <meta> date, the file name; `dateSource` says which.
 */
export function datedMeta(a: Article, date?: string): DocMeta {
  return datePublication(a.meta, a.text, { option: date, ...a.dateHints });
}

const TEXT_EXTENSIONS = new Set(['.txt', '.text', '.md', '.json', '.jsonl', '.ndjson', '.html', '.htm']);
const SIDECAR_RE = /\.meta\.json$/i;

/** Lists the article files under `path` (a file is returned as is). */
export function listInputFiles(path: string): string[] {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new HeraldError(`${path}: no such file or directory; check the path`);
  }
  if (st.isFile()) return [path];
  if (!st.isDirectory()) throw new HeraldError(`${path}: not a regular file or directory`);
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      // Hidden files and a folder's own documentation are not articles.
      if (name.startsWith('.') || /^(readme|license|licence|notice|changelog)(\.|$)/i.test(name)) continue;
      // metadata sidecars belong to the article beside them
      if (SIDECAR_RE.test(name)) continue;
      const full = join(dir, name);
      const s = statSync(full);
      if (s.isDirectory()) walk(full);
      else if (s.isFile() && TEXT_EXTENSIONS.has(extname(name).toLowerCase())) out.push(full);
    }
  };
  walk(path);
  if (out.length === 0) {
    throw new HeraldError(
      `${path}: no article files found (looked for ${[...TEXT_EXTENSIONS].join(' ')}); point Herald at a file or a folder of articles`,
    );
  }
  return out;
}

/** The size of a file (for progress and the small-job choice), 0 for stdin or what cannot be read. */
export function inputSize(path: string): number {
  if (path === '-') return 0;
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

const isJsonLines = (path: string): boolean => /\.(jsonl|ndjson)$/i.test(path);

function readBytes(path: string, maxBytes = MAX_INPUT_BYTES): Buffer {
  if (path === '-') return readFileSync(0);
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new HeraldError(`${path}: no such file or directory; check the path`);
  }
  const limit = isJsonLines(path) ? Math.max(maxBytes, MAX_JSONL_BYTES) : maxBytes;
  if (size > limit) {
    if (isJsonLines(path)) throw new HeraldError(`${path}: ${(size / 1048576).toFixed(0)} MB is over the ${MAX_JSONL_BYTES / 1048576} MB limit for one JSON Lines file; split it into several files`);
    throw tooLarge(path, size, maxBytes);
  }
  try {
    return readFileSync(path);
  } catch (e) {
    throw new HeraldError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'}); check its permissions`);
  }
}

function metaFromRecord(rec: Record<string, unknown>): DocMeta {
  const meta: DocMeta = {};
  for (const k of ['title', 'author', 'source', 'url', 'published'] as const) {
    const v = rec[k];
    if (typeof v === 'string' && v) meta[k] = v;
  }
  if (!meta.published && typeof rec.date === 'string') meta.published = rec.date;
  return meta;
}

function recordToArticle(rec: unknown, label: string): Article {
  if (!rec || typeof rec !== 'object' || typeof (rec as { text?: unknown }).text !== 'string') {
    throw new HeraldError(`${label}: a JSON article needs a "text" string field ({"text": "...", "title": ..., "published": "YYYY-MM-DD"})`);
  }
  const r = rec as Record<string, unknown>;
  return { label, text: r.text as string, meta: metaFromRecord(r) };
}

/**
 * The metadata in `X.meta.json` beside the text or HTML file `X.ext` (a plain text file has no place for a title
 * or a publication date), or nothing when there is no such file.
 */
function sidecarMeta(path: string): DocMeta {
  const side = path.replace(/\.[^./\\]+$/, '') + '.meta.json';
  if (side === path || !existsSync(side)) return {};
  const usage = 'one object like {"title": "...", "published": "YYYY-MM-DD", "source": "...", "url": "...", "author": "..."}';
  let rec: unknown;
  try {
    rec = JSON.parse(decodeText(readBytes(side), side));
  } catch (e) {
    if (e instanceof HeraldError) throw e;
    throw new HeraldError(`${side}: not valid JSON; a metadata file holds ${usage}`);
  }
  if (!rec || typeof rec !== 'object' || Array.isArray(rec)) throw new HeraldError(`${side}: a metadata file holds ${usage}`);
  return metaFromRecord(rec as Record<string, unknown>);
}

/**
 * Reads the articles in one file (or stdin for `-`). JSON Lines yields one article per line; a line (or a
 * record of a JSON array) that is not a valid article is reported in `bad`, by number, and the others are kept.
 * A file that cannot be read at all throws a HeraldError naming it.
 */
export function readInput(path: string, opts: ReadOptions = {}): { articles: Article[]; bad: BadRecord[] } {
  const maxBytes = opts.maxBytes ?? MAX_INPUT_BYTES;
  const ext = path === '-' ? '' : extname(path).toLowerCase();
  const jsonl = ext === '.jsonl' || ext === '.ndjson';
  const text = decodeText(readBytes(path, maxBytes), path, jsonl ? Math.max(maxBytes, MAX_JSONL_BYTES) : maxBytes);
  const fileName = path === '-' ? undefined : path;
  const bad: BadRecord[] = [];
  const tryRecord = (rec: unknown, label: string, out: Article[]): void => {
    try {
      const a = recordToArticle(rec, label);
      if (Buffer.byteLength(a.text, 'utf8') > maxBytes) throw tooLarge(label, Buffer.byteLength(a.text, 'utf8'), maxBytes);
      out.push(a);
    } catch (e) {
      if (!(e instanceof HeraldError)) throw e;
      bad.push({ label, reason: e.message });
    }
  };
  if (jsonl) {
    const out: Article[] = [];
    let i = 0;
    for (const line of text.split('\n')) {
      i++;
      if (!line.trim()) continue;
      const label = `${path}:${i}`;
      let rec: unknown;
      try {
        rec = JSON.parse(line);
      } catch (e) {
        bad.push({ label, reason: `${label}: not valid JSON (${(e as Error).message}); each line must be one article object` });
        continue;
      }
      tryRecord(rec, label, out);
    }
    return { articles: out, bad };
  }
  if (ext === '.json') {
    let rec: unknown;
    try {
      rec = JSON.parse(text);
    } catch {
      throw new HeraldError(`${path}: not valid JSON; give an article object or an array of them`);
    }
    const out: Article[] = [];
    if (Array.isArray(rec)) rec.forEach((r, i) => tryRecord(r, `${path}[${i}]`, out));
    else {
      out.push(recordToArticle(rec, path));
      out[0].dateHints = { fileName };
    }
    return { articles: out, bad };
  }
  if (ext === '.html' || ext === '.htm') {
    const page = htmlToText(text);
    const meta: DocMeta = { path };
    if (page.title) meta.title = page.title;
    if (page.byline) meta.author = page.byline;
    // what the user wrote down beats what the page's markup suggests; the page's <meta> date comes after a
    // dateline in the text (datedMeta)
    return { articles: [{ label: path, text: page.text, meta: { ...meta, ...sidecarMeta(path) }, dateHints: { html: page.published, fileName } }], bad };
  }
  return { articles: [{ label: path, text, meta: path === '-' ? {} : { path, ...sidecarMeta(path) }, dateHints: { fileName } }], bad };
}

/** The articles of one file; the first bad record (a JSON Lines line, an array item) throws, naming it. */
export function readArticles(path: string, opts: ReadOptions = {}): Article[] {
  const { articles, bad } = readInput(path, opts);
  if (bad.length) throw new HeraldError(bad[0].reason);
  return articles;
}

/** One thing read from an input: an article, or a record left out and why. */
export type InputItem = { article: Article; bad?: undefined } | { article?: undefined; bad: BadRecord };

const CHUNK = 1 << 20;

/**
 * The articles of one file as they are read, for inputs of any size: a JSON Lines file (any length) is read a
 * chunk at a time, one line = one article, a line over `maxBytes` skipped without being held in memory; any
 * other input is one document (bounded by `maxBytes`) and read as `readInput` does. A line that is not an article is yielded as `bad`, by number; a file that cannot be read
 * at all throws a HeraldError naming it.
 */
export async function* readInputStream(path: string, opts: ReadOptions = {}): AsyncGenerator<InputItem> {
  const maxBytes = opts.maxBytes ?? MAX_INPUT_BYTES;
  if (path === '-' || !isJsonLines(path)) {
    const { articles, bad } = readInput(path, opts);
    for (const b of bad) yield { bad: b };
    for (const a of articles) yield { article: a };
    return;
  }
  let fd: number;
  try {
    if (statSync(path).isDirectory()) throw new HeraldError(`${path}: is a directory`);
    fd = openSync(path, 'r');
  } catch (e) {
    if (e instanceof HeraldError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new HeraldError(code === 'ENOENT' ? `${path}: no such file or directory; check the path` : `${path}: cannot read (${code ?? 'error'}); check its permissions`);
  }
  try {
    const buf = Buffer.alloc(CHUNK);
    /** The current line's bytes so far; null while skipping a line over the limit. */
    let parts: Buffer[] | null = [];
    let size = 0;
    let lineNo = 0;
    let first = true;
    const line = (bytes: Buffer): InputItem | null => {
      lineNo++;
      const label = `${path}:${lineNo}`;
      if (first) {
        first = false;
        if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
      }
      let text: string;
      try {
        text = decodeText(bytes, label, maxBytes);
      } catch (e) {
        return { bad: { label, reason: (e as Error).message } };
      }
      if (!text.trim()) return null;
      let rec: unknown;
      try {
        rec = JSON.parse(text);
      } catch (e) {
        return { bad: { label, reason: `${label}: not valid JSON (${(e as Error).message}); each line must be one article object` } };
      }
      try {
        const a = recordToArticle(rec, label);
        const n = Buffer.byteLength(a.text, 'utf8');
        if (n > maxBytes) throw tooLarge(label, n, maxBytes);
        return { article: a };
      } catch (e) {
        if (!(e instanceof HeraldError)) throw e;
        return { bad: { label, reason: e.message } };
      }
    };
    for (let chunk = 0; ; chunk++) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, CHUNK, null);
      } catch (e) {
        throw new HeraldError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'}); check its permissions`);
      }
      if (chunk === 0 && n > 0) {
        if (buf[0] === 0xff && buf[1] === 0xfe) {
          // UTF-16 JSON Lines (saved by some Windows editors): read whole, as before, within the file limit.
          const { articles, bad } = readInput(path, opts);
          for (const b of bad) yield { bad: b };
          for (const a of articles) yield { article: a };
          return;
        }
        if (looksBinary(buf.subarray(0, n))) {
          throw new HeraldError(`${path}: looks like a binary file, not text; give Herald plain text (.txt), HTML or JSON Lines articles`);
        }
      }
      if (n === 0) break;
      const data = buf.subarray(0, n);
      let start = 0;
      for (;;) {
        const nl = data.indexOf(10, start);
        const end = nl < 0 ? data.length : nl;
        if (parts) {
          size += end - start;
          if (size > maxBytes) {
            parts = null;
          } else if (end > start) parts.push(Buffer.from(data.subarray(start, end)));
        }
        if (nl < 0) break;
        if (parts) {
          const item = line(Buffer.concat(parts, size));
          if (item) yield item;
        } else {
          lineNo++;
          const label = `${path}:${lineNo}`;
          yield { bad: { label, reason: tooLarge(label, size, maxBytes).message } };
        }
        parts = [];
        size = 0;
        start = nl + 1;
      }
    }
    if (parts === null) {
      lineNo++;
      const label = `${path}:${lineNo}`;
      yield { bad: { label, reason: tooLarge(label, size, maxBytes).message } };
    } else if (size > 0) {
      const item = line(Buffer.concat(parts, size));
      if (item) yield item;
    }
  } finally {
    closeSync(fd);
  }
}
