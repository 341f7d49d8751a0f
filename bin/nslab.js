#!/usr/bin/env node
// The `nslab` command in a checkout: TypeScript runs through tsx's loader on Node 20+.
import { register } from 'tsx/esm/api';

register();
await import('../electron/cli/main.ts');
