import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * The renderer: root renderer/, built to dist/renderer with relative asset paths (base './') so
 * Electron can load it from file://. The page's CSP forbids inline scripts; the dev server's
 * React Refresh preamble is one, so `vite dev` (and only it) relaxes the policy.
 */
const devCsp = (): Plugin => ({
  name: 'nslab-dev-csp',
  apply: 'serve',
  transformIndexHtml: (html) =>
    html.replace(/default-src 'self';/, "default-src 'self'; script-src 'self' 'unsafe-inline';").replace(/connect-src 'self'/, "connect-src 'self' ws: "),
});

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), devCsp()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
});
