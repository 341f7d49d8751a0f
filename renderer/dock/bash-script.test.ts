import { expect, it } from 'vitest';
import { toBashScript } from './bash-script';

it('exports the command log as a bash script', () => {
  expect(toBashScript('demo', [{ command: 'ip netns add nslab-demo-h1' }, { command: 'ip -n nslab-demo-h1 link set dev lo up' }])).toBe(
    '#!/usr/bin/env bash\n# nslab: the commands that build lab "demo" (run as root)\nset -euo pipefail\n\nip netns add nslab-demo-h1\nip -n nslab-demo-h1 link set dev lo up\n',
  );
});
