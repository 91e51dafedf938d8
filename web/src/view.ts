/** What the router needs from a page of the app. */
export interface RouteContext {
  /** Path segments after the view name (`#/articles/ID` → ['ID']). */
  path: string[];
  params: URLSearchParams;
}

export interface View {
  title: string;
  /** Builds the page into `root` (emptied beforehand). */
  mount(root: HTMLElement, ctx: RouteContext): void;
  /** Called instead of mount when only the address within the same view changed; false to remount. */
  update?(ctx: RouteContext): boolean;
}

/** Sets the address of the current view without adding a history entry when `replace`. */
export function go(hash: string, replace = false): void {
  if (replace) history.replaceState(null, '', hash);
  else location.hash = hash;
}
