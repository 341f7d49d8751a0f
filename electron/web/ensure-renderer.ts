/**
 * `npm run web` is one command from a clean checkout: when dist/renderer is missing, or older than
 * the renderer's sources, build it (vite, as an argument array) before serving.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export async function ensureRenderer(root: string, opts: { force?: boolean; log: (m: string) => void }): Promise<string> {
  const dir = join(root, 'dist', 'renderer');
  const index = join(dir, 'index.html');
  if (!opts.force && existsSync(index) && !isStale(root, statSync(index).mtimeMs)) return dir;
  if (!existsSync(join(root, 'renderer', 'index.html'))) {
    if (existsSync(index)) return dir; // an installed copy without sources: serve what there is
    throw new Error(`${index} is missing and there are no renderer sources to build it from`);
  }
  let vite: string;
  try {
    vite = join(createRequire(join(root, 'package.json')).resolve('vite/package.json'), '..', 'bin', 'vite.js');
  } catch {
    throw new Error('dist/renderer is missing and vite is not installed: run `npm install`, then `npm run build:renderer`');
  }
  opts.log(`web: building the renderer into ${dir} (npx vite build)…`);
  // vite's output goes to our stderr: stdout is for the NSLAB_URL line scripts read.
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build'], { cwd: root, stdio: ['ignore', process.stderr, process.stderr], shell: false });
    child.on('error', reject);
    child.on('exit', resolve);
  });
  if (code !== 0 || !existsSync(join(dir, 'index.html'))) throw new Error(`building the renderer failed (vite exited with ${code}); run \`npm run build:renderer\` to see why`);
  return dir;
}

/** Whether any renderer input (renderer/, shared/, vite.config.ts) is newer than the build. */
export function isStale(root: string, builtMs: number): boolean {
  const newer = (p: string): boolean => {
    let st;
    try {
      st = statSync(p);
    } catch {
      return false;
    }
    if (!st.isDirectory()) return st.mtimeMs > builtMs;
    return readdirSync(p).some((f) => f !== 'node_modules' && newer(join(p, f)));
  };
  return ['renderer', 'shared', 'vite.config.ts'].some((p) => newer(join(root, p)));
}
