/** The JSON API as the UI calls it; every failure becomes an ApiError carrying the server's message. */
import type { DocumentSummary, Page, Stats } from '../../src/server/api-types.js';
import type { DocumentIn, EntityRow, EventRow, QuoteRow } from '../../src/store/types.js';

export type { DocumentIn, DocumentSummary, EntityRow, EventRow, Page, QuoteRow, Stats };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export type Params = Record<string, string | number | undefined | null>;

export function query(params: Params): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

async function answer<T>(res: Response): Promise<T> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new ApiError(res.status, `the server answered ${res.status} ${res.statusText} without JSON`);
  }
  if (!res.ok) {
    const msg = body && typeof body === 'object' && 'error' in body ? String((body as { error: unknown }).error) : `HTTP ${res.status}`;
    throw new ApiError(res.status, msg);
  }
  return body as T;
}

export async function getJson<T>(path: string, params: Params = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path + query(params), { headers: { Accept: 'application/json' } });
  } catch {
    throw new ApiError(0, 'cannot reach the Herald server; is `herald serve` still running?');
  }
  return answer<T>(res);
}

export async function postJson<T>(path: string, body: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'cannot reach the Herald server; is `herald serve` still running?');
  }
  return answer<T>(res);
}
