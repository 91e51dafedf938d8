/**
 * Where shipped resources live. Code runs both from `src/` (tsx) and from `dist/src/` (compiled), so the
 * package root is found by walking up to the nearest package.json rather than by a fixed relative path.
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find Herald package root (no package.json above the code)');
    dir = up;
  }
  root = dir;
  return dir;
}

/** Path of a shipped model file under `models/`. */
export const modelPath = (name: string): string => join(packageRoot(), 'models', name);
/** Path of a compiled dictionary under `data/`. */
export const dataPath = (name: string): string => join(packageRoot(), 'data', name);
/**
 * Path of a data file kept beside a module's source (`src/…/name`), given that module's `import.meta.url`: the
 * same file whether the code runs from src/ (tsx) or from dist/src/ (tsc copies no data files).
 */
export function besidePath(moduleUrl: string, name: string): string {
  const dir = relative(packageRoot(), dirname(fileURLToPath(moduleUrl))).replace(/^dist[\\/]/, '');
  return join(packageRoot(), dir, name);
}
/** Default location of the shared corpora (`../shared/data` beside the checkout); override per script. */
export const sharedDataPath = (rel: string): string => join(packageRoot(), '..', 'shared', 'data', rel);
