// Builds native/nsfd.c (and netns.c) into build/nsfd.node (npm `prepare`, so a clean `npm ci` builds it).
// Plain cc against the Node-API headers of the running node: no node-gyp, no header download.
// A machine without a compiler or headers gets a warning, and nslab uses iproute2 processes.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'build', 'nsfd.node');
const include = [join(dirname(process.execPath), '..', 'include', 'node'), '/usr/include/node', '/usr/local/include/node']
  .find((d) => existsSync(join(d, 'node_api.h')));
if (process.platform !== 'linux') process.exit(0);
if (!include) {
  console.warn('build-native: no node_api.h found; nslab will use iproute2 processes only');
  process.exit(0);
}
mkdirSync(dirname(out), { recursive: true });
const cc = process.env.CC ?? 'cc';
try {
  execFileSync(cc, ['-O2', '-Wall', '-Werror', '-shared', '-fPIC', '-fvisibility=hidden', '-pthread', `-I${include}`, '-o', out, ...['nsfd.c', 'netns.c'].map((f) => join(root, 'native', f))], { stdio: 'inherit' });
  console.log(`build-native: ${out}`);
} catch (e) {
  console.warn(`build-native: ${cc} failed (${e.message}); nslab will use iproute2 processes only`);
}
