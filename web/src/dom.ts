/** Tiny DOM builders: `h` for HTML elements, `svg` for SVG ones. Text is always set as text, never as HTML. */

export type Child = Node | string | number | null | undefined | false | Child[];
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

function apply(el: Element, attrs: Attrs | undefined, children: Child[]): void {
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
}

export function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  apply(el, attrs, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs?: Attrs, ...children: Child[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  apply(el, attrs, children);
  return el;
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/** A labelled input for filter forms. */
export function field(label: string, input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, grow = false): HTMLLabelElement {
  return h('label', { class: grow ? 'field grow' : 'field' }, label, input);
}

export function errorBox(message: string): HTMLElement {
  return h('div', { class: 'error', role: 'alert' }, message);
}

export const fmt = new Intl.NumberFormat('en');

/** `1 quote`, `2 quotes`. */
export const plural = (n: number, word: string, words = `${word}s`): string => `${fmt.format(n)} ${n === 1 ? word : words}`;

/** A table in a box that scrolls sideways on narrow screens instead of widening the page. */
export function tableWrap(table: HTMLTableElement, label?: string): HTMLElement {
  return h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': label ?? table.querySelector('caption')?.textContent ?? 'Table' }, table);
}
