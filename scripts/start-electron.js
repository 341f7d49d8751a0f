// `npm start`: the desktop app. Needs Electron's binary (the npm package alone is not enough);
// without it, says so and points at browser mode. Builds dist/electron (esbuild, fast) and, when
// missing, dist/renderer, then runs Electron on package.json's "main".
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The Electron binary the `electron` package would run, or null when it was never downloaded. */
export function electronBinary(packageDir) {
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const rel = readFileSync(pathFile, 'utf8').trim();
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(packageDir, 'dist');
  const bin = join(dist, rel);
  return existsSync(bin) ? bin : null;
}

function electronPackageDir() {
  try {
    return dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

async function main() {
  const dir = electronPackageDir();
  const bin = dir && electronBinary(dir);
  if (!bin) {
    console.error("Electron's binary is not installed here; run `npm run web` and open the printed URL");
    process.exit(1);
  }
  if (process.getuid?.() === 0) {
    console.error('nslab: do not run the desktop app as root; run `npm start` as your user (the helper asks for privileges via pkexec), or use `npm run web`.');
    process.exit(1);
  }
  const { buildElectron } = await import('./build-electron.mjs');
  await buildElectron();
  if (!existsSync(join(root, 'dist', 'renderer', 'index.html'))) {
    const vite = join(dirname(createRequire(join(root, 'package.json')).resolve('vite/package.json')), 'bin', 'vite.js');
    const code = await new Promise((r) => spawn(process.execPath, [vite, 'build'], { cwd: root, stdio: 'inherit', shell: false }).on('exit', r));
    if (code !== 0) process.exit(1);
  }
  const child = spawn(bin, [root, ...process.argv.slice(2)], { stdio: 'inherit', shell: false });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
