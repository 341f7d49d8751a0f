// Smoke: browser mode serves the renderer, the right token connects it to the real helper, and a
// page without (or with a wrong) token stays in its offline / refused state.
import { expect, it } from 'vitest';
import { describeRoot } from '../testing/root';
import { useNslab } from './support/harness';

describeRoot('browser mode smoke', () => {
  const nslab = useNslab();

  it('renders the app and connects with the token', async () => {
    const app = await nslab.open();
    await app.title.waitFor({ state: 'visible' });
    await app.canvas.flow.waitFor({ state: 'visible' });
    await expect.poll(() => app.connectionState(), { timeout: 15_000 }).toBeNull();
    expect(app.pageErrors()).toEqual([]);
  });

  it('round-trips list over the page’s own WebSocket', async () => {
    const app = await nslab.open();
    await app.title.waitFor();
    const reply = await app.page.evaluate(async () => {
      const token = new URLSearchParams(location.search).get('token')!;
      const ws = new WebSocket(`ws://${location.host}/api?token=${encodeURIComponent(token)}`);
      return new Promise<unknown>((resolve, reject) => {
        ws.onopen = () => ws.send(JSON.stringify({ id: 1, method: 'list', params: {} }));
        ws.onmessage = (e) => {
          const f = JSON.parse(String(e.data)) as { id?: number; reply?: unknown };
          if (f.id === 1) resolve(f.reply);
        };
        ws.onclose = (e) => reject(new Error(`closed ${e.code}`));
      });
    });
    expect(reply).toMatchObject({ ok: true, value: { labs: expect.any(Array) } });
  });

  it('shows the missing-token state without a token', async () => {
    const app = await nslab.open('');
    await app.title.waitFor();
    await expect.poll(() => app.connectionState()).toBe('no-token');
  });

  it('is refused with a wrong token', async () => {
    const app = await nslab.open('?token=wrong');
    await app.title.waitFor();
    await expect.poll(() => app.connectionState(), { timeout: 15_000 }).toBe('disconnected');
    await expect.poll(() => app.connectionBanner.textContent()).toContain('refused the token');
  });
});
