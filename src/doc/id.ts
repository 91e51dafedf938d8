/**
 * A document's id: the sha256 (hex) of its text, as read. The pipeline gives it to every Doc and Result, the
 * store keys documents by it, and ingestion looks it up before analysing (an article already stored is skipped).
 */
import { createHash } from 'node:crypto';

export function documentId(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
