/**
 * Builds the web UI (web/) into dist/web: one esbuild bundle of web/src/main.ts (d3 modules, topojson-client,
 * all from npm), the page, the stylesheet, the offline world map (world-atlas 110m) and the licences of
 * everything bundled. Run by `npm run build` after tsc (as dist/scripts/build-web.js).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the package root');
    dir = up;
  }
  return dir;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const root = packageRoot();
  const web = join(root, 'web');
  const out = join(root, 'dist', 'web');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });

  const result = await build({
    entryPoints: [join(web, 'src', 'main.ts')],
    outfile: join(out, 'app.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    minify: true,
    sourcemap: 'linked',
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
    absWorkingDir: root,
  });

  for (const f of ['index.html', 'style.css', 'favicon.svg']) copyFileSync(join(web, f), join(out, f));
  const require = createRequire(import.meta.url);
  copyFileSync(require.resolve('world-atlas/countries-110m.json'), join(out, 'world-110m.json'));

  // The licences of the npm packages in the bundle (and of the map data), next to the bundle.
  const packages = new Set<string>(['world-atlas']);
  for (const input of Object.keys(result.metafile.inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) packages.add(m[1]);
  }
  const notices: string[] = ['Herald web UI: third-party code bundled in app.js and data in world-110m.json.\n'];
  for (const name of [...packages].sort()) {
    const dir = join(root, 'node_modules', name);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string; license?: string };
    const licenceFile = readdirSync(dir).find((f) => /^(licen[cs]e|copying)/i.test(f));
    notices.push(`== ${name} ${pkg.version} (${pkg.license ?? 'see below'})\n`);
    if (licenceFile) notices.push(readFileSync(join(dir, licenceFile), 'utf8').trim() + '\n');
  }
  notices.push('world-110m.json: country shapes from Natural Earth (public domain), packaged by world-atlas.\n');
  writeFileSync(join(out, 'licenses.txt'), notices.join('\n'));

  const size = readFileSync(join(out, 'app.js')).length;
  console.log(
    `web UI built into ${relative(process.cwd(), out) || out}: app.js ${(size / 1024).toFixed(0)} KB, ${packages.size} npm packages, ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}

main().catch((e: Error) => {
  console.error(`build-web: ${e.message}`);
  process.exit(1);
});
