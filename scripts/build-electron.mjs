// Compiles Electron's main process, the preload and the privileged helper with esbuild (it comes
// with tsx and vite) into dist/electron/: main.mjs (ESM), preload.cjs (CommonJS: a sandboxed
// preload cannot be ESM) and helper.mjs (run by node or ELECTRON_RUN_AS_NODE, as root).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// ESM bundles of CommonJS dependencies still call require().
const requireShim = "import { createRequire as __nslabCreateRequire } from 'node:module'; const require = __nslabCreateRequire(import.meta.url);";
const common = { absWorkingDir: root, bundle: true, platform: 'node', target: 'node22', sourcemap: true, logLevel: 'warning', legalComments: 'none' };

export async function buildElectron() {
  await Promise.all([
    build({ ...common, entryPoints: ['electron/main/main.ts'], outfile: 'dist/electron/main.mjs', format: 'esm', external: ['electron'], banner: { js: requireShim } }),
    build({ ...common, entryPoints: ['electron/main/preload.ts'], outfile: 'dist/electron/preload.cjs', format: 'cjs', external: ['electron'] }),
    // node-pty is a native addon: not bundled, shipped beside the helper (electron-builder.yml).
    build({ ...common, entryPoints: ['electron/helper/main.ts'], outfile: 'dist/electron/helper.mjs', format: 'esm', external: ['node-pty'], banner: { js: requireShim } }),
  ]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildElectron();
  console.error('built dist/electron/{main.mjs,preload.cjs,helper.mjs}');
}
