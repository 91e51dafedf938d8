/**
 * HTML article pages → main text and metadata. The article body is found with Mozilla Readability on a
 * linkedom DOM; title, byline and publication date come from meta tags (article:*, og:*, date, author) and
 * JSON-LD. When Readability finds nothing worth keeping (or the page is too odd to parse), a tag stripper
 * that never builds a tree takes the whole page. Malformed markup never throws.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

export interface HtmlPage {
  text: string;
  title?: string;
  byline?: string;
  published?: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“', mdash: '—', ndash: '–', hellip: '…' };

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp > 0 && cp < 0x110000 ? String.fromCodePoint(cp) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** The fallback: drops scripts, styles and markup, keeps block boundaries as blank lines, decodes entities. */
export function stripTags(html: string): { text: string; title?: string } {
  const titleMatch = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html);
  const body = html
    .replace(/<(script|style|noscript|template|svg|head)\b[\s\S]*?(<\/\1\s*>|$)/gi, ' ')
    .replace(/<!--[\s\S]*?(-->|$)/g, ' ')
    .replace(/<\/?(p|div|br|h[1-6]|li|ul|ol|article|section|header|footer|blockquote|tr|table|figure|figcaption)\b[^>]*>/gi, '\n\n')
    .replace(/<[^>]*>?/g, ' ');
  const text = decodeEntities(body)
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const title = titleMatch ? decodeEntities(titleMatch[1]).replace(/\s+/g, ' ').trim() : undefined;
  return title ? { text, title } : { text };
}

/** Pages bigger than this skip the DOM (and Readability) and go straight to the stripper. */
const MAX_DOM_CHARS = 5_000_000;
/** Readability gives up (and we fall back) on pages with more elements than this. */
const MAX_ELEMENTS = 50_000;
/**
 * Readability's time grows with the square of the nesting depth (5,000 nested divs take seconds); real
 * article pages nest a few dozen levels, so deeper pages go to the stripper.
 */
const MAX_DEPTH = 400;

interface Node {
  children?: ArrayLike<Node>;
}

/** Whether any element is nested deeper than `limit` (iterative: no recursion on hostile input). */
function tooDeep(root: Node | null | undefined, limit: number): boolean {
  if (!root) return false;
  const stack: [Node, number][] = [[root, 0]];
  while (stack.length) {
    const [n, d] = stack.pop() as [Node, number];
    if (d > limit) return true;
    const kids = n.children;
    if (kids) for (let i = 0; i < kids.length; i++) stack.push([kids[i], d + 1]);
  }
  return false;
}

type El = { getAttribute(n: string): string | null; textContent: string | null };
type Doc = { querySelectorAll(sel: string): Iterable<El>; querySelector(sel: string): El | null };

const clean = (s: string | null | undefined): string | undefined => {
  const t = s ? decodeEntities(s).replace(/\s+/g, ' ').trim() : '';
  return t || undefined;
};

function metaContent(doc: Doc, keys: string[]): string | undefined {
  const want = new Set(keys);
  for (const m of doc.querySelectorAll('meta')) {
    const k = (m.getAttribute('property') ?? m.getAttribute('name') ?? m.getAttribute('itemprop') ?? '').toLowerCase().trim();
    if (want.has(k)) {
      const v = clean(m.getAttribute('content'));
      if (v) return v;
    }
  }
  return undefined;
}

interface LdMeta {
  headline?: string;
  datePublished?: string;
  author?: string;
}

function authorName(a: unknown): string | undefined {
  if (typeof a === 'string') return clean(a);
  if (Array.isArray(a)) {
    const names = a.map(authorName).filter((x): x is string => !!x);
    return names.length ? names.join(', ') : undefined;
  }
  if (a && typeof a === 'object' && typeof (a as { name?: unknown }).name === 'string') return clean((a as { name: string }).name);
  return undefined;
}

/** The first JSON-LD object with article fields (looks inside arrays and @graph). */
function jsonLd(doc: Doc): LdMeta {
  const out: LdMeta = {};
  const visit = (node: unknown, depth: number): void => {
    if (!node || typeof node !== 'object' || depth > 4) return;
    if (Array.isArray(node)) {
      for (const n of node) visit(n, depth + 1);
      return;
    }
    const o = node as Record<string, unknown>;
    if (!out.datePublished && typeof o.datePublished === 'string') out.datePublished = clean(o.datePublished);
    if (!out.headline && typeof o.headline === 'string') out.headline = clean(o.headline);
    if (!out.author && o.author !== undefined) out.author = authorName(o.author);
    if (o['@graph']) visit(o['@graph'], depth + 1);
  };
  for (const s of doc.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      visit(JSON.parse(s.textContent ?? ''), 0);
    } catch {
      // broken JSON-LD is common; ignore it
    }
  }
  return out;
}

function pageMeta(doc: Doc): Omit<HtmlPage, 'text'> {
  const ld = jsonLd(doc);
  const timeEl = doc.querySelector('time[datetime]');
  const published =
    metaContent(doc, ['article:published_time', 'og:published_time', 'og:article:published_time', 'datepublished', 'date', 'pubdate', 'publishdate', 'dc.date', 'dc.date.issued', 'dcterms.created']) ??
    ld.datePublished ??
    clean(timeEl?.getAttribute('datetime'));
  const byline = metaContent(doc, ['author', 'article:author', 'og:article:author', 'dc.creator', 'byl']) ?? ld.author;
  const title = metaContent(doc, ['og:title', 'twitter:title']) ?? ld.headline;
  const out: Omit<HtmlPage, 'text'> = {};
  if (title) out.title = title;
  // article:author is often a profile URL; a name is what the metadata wants.
  if (byline && !/^https?:\/\//i.test(byline)) out.byline = byline;
  if (published) out.published = published;
  return out;
}

/** Main text of an article page, with title, byline and publication date where the page gives them. */
export function htmlToText(html: string): HtmlPage {
  const stripped = stripTags(html);
  if (html.length > MAX_DOM_CHARS) return stripped;
  let meta: Omit<HtmlPage, 'text'> = {};
  let main: string | undefined;
  try {
    const { document } = parseHTML(html);
    meta = pageMeta(document as unknown as Doc);
    if (tooDeep(document.documentElement as unknown as Node, MAX_DEPTH)) throw new Error('nested too deeply for Readability');
    const article = new Readability(document as unknown as Document, { maxElemsToParse: MAX_ELEMENTS }).parse();
    if (article) {
      main = article.content ? stripTags(article.content).text : (article.textContent ?? '').trim();
      if (!meta.byline && article.byline) meta.byline = clean(article.byline);
      if (!meta.published && article.publishedTime) meta.published = clean(article.publishedTime);
    }
  } catch {
    // a page the DOM or Readability cannot handle: the stripper's text stands
  }
  // Readability keeps the main column; when it keeps almost nothing of a short page, the page was the article.
  const useMain = !!main && (main.length >= 200 || main.length >= 0.5 * stripped.text.length);
  const page: HtmlPage = { text: useMain ? (main as string) : stripped.text };
  const title = meta.title ?? stripped.title;
  if (title) page.title = title;
  if (meta.byline) page.byline = meta.byline;
  if (meta.published) page.published = meta.published;
  return page;
}
