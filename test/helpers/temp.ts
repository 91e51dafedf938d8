/**
 * Scratch folders for tests that remove themselves: `tempDir('herald-x-')` makes a fresh folder under the
 * system temporary directory and registers it for removal once every test in the importing file has run (a
 * node:test `after()` hook on the file's root, registered when this module is first imported, so never while a
 * test is running). A process 'exit' handler removes whatever is left if the file dies before its hooks run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

const dirs = new Set<string>();

function removeAll(): void {
  for (const dir of dirs) {
    rmSync(dir, { recursive: true, force: true });
    dirs.delete(dir);
  }
}

after(removeAll);
process.on('exit', removeAll);

/** A new, empty folder named `prefix` plus six random characters, removed when the test file finishes. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.add(dir);
  return dir;
}
