/**
 * Reading articles from the places users keep them: files, directories (recursively), stdin (`-`), and
 * JSON / JSON Lines records `{text, title, published, url, source, author}`. A text or HTML file may carry the
 * same metadata in a sidecar beside it (`article.txt` + `article.meta.json`). Every failure names the input.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { DocMeta } from '../doc/doc.js';
import { decodeText, MAX_INPUT_BYTES } from './decode.js';
import { HeraldError } from './errors.js';
import { htmlToText } from './html.js';

export interface Article {
  /** Where it came from, for messages: a path, `path:line` for JSON Lines, or `-`. */
  label: string;
  text: string;
  meta: DocMeta;
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

function readBytes(path: string): Buffer {
  if (path === '-') return readFileSync(0);
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new HeraldError(`${path}: no such file or directory; check the path`);
  }
  if (size > MAX_INPUT_BYTES && !/\.(jsonl|ndjson)$/i.test(path)) {
    throw new HeraldError(
      `${path}: ${(size / 1048576).toFixed(0)} MB is over the ${MAX_INPUT_BYTES / 1048576} MB limit for one document; split it into articles or use JSON Lines`,
    );
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

/** Reads the articles in one file (or stdin for `-`). JSON Lines yields one article per line. */
export function readArticles(path: string): Article[] {
  const ext = path === '-' ? '' : extname(path).toLowerCase();
  const text = decodeText(readBytes(path), path);
  if (ext === '.jsonl' || ext === '.ndjson') {
    const out: Article[] = [];
    text.split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      let rec: unknown;
      try {
        rec = JSON.parse(line);
      } catch {
        throw new HeraldError(`${path}:${i + 1}: not valid JSON; each line must be one article object`);
      }
      out.push(recordToArticle(rec, `${path}:${i + 1}`));
    });
    return out;
  }
  if (ext === '.json') {
    let rec: unknown;
    try {
      rec = JSON.parse(text);
    } catch {
      throw new HeraldError(`${path}: not valid JSON; give an article object or an array of them`);
    }
    return Array.isArray(rec) ? rec.map((r, i) => recordToArticle(r, `${path}[${i}]`)) : [recordToArticle(rec, path)];
  }
  if (ext === '.html' || ext === '.htm') {
    const page = htmlToText(text);
    const meta: DocMeta = { path };
    if (page.title) meta.title = page.title;
    if (page.byline) meta.author = page.byline;
    if (page.published) meta.published = page.published;
    // what the user wrote down beats what the page's markup suggests
    return [{ label: path, text: page.text, meta: { ...meta, ...sidecarMeta(path) } }];
  }
  return [{ label: path, text, meta: path === '-' ? {} : { path, ...sidecarMeta(path) } }];
}
