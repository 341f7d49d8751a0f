/**
 * Imported first by main.tsx: zod probes `new Function` when schemas are built (at import time),
 * which the page's CSP refuses with a console error. jitless skips the probe.
 */
import { config } from 'zod';

config({ jitless: true });
