/** A pipeline module for the server and UI tests (no trained models): see fixtures.ts `stubAnalyze`. */
import type { DocMeta } from '../../src/doc/doc.js';
import { stubAnalyze } from './fixtures.js';

export function createPipeline(): { analyze(text: string, meta?: DocMeta, opts?: { text?: boolean }): unknown } {
  return {
    analyze(text, meta = {}, opts = {}) {
      const r = stubAnalyze(text, { ...meta });
      if (opts.text === false) delete r.text;
      return r;
    },
  };
}
