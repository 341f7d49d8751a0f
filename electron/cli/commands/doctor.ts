/** doctor: can this machine run labs, and if not, what to do about it. */
import { detectFeatures } from '../../helper/kernel/features';

export async function doctorCmd(args: string[]): Promise<number> {
  const f = await detectFeatures();
  if (args.includes('--json')) { console.log(JSON.stringify(f, null, 2)); }
  const required = new Set(['privileges', 'iproute2', 'veth', 'bridge']);
  let bad = false;
  if (!args.includes('--json')) {
    for (const [name, v] of Object.entries(f)) {
      const feat = v as { ok: boolean; detail: string; fix?: string };
      const need = required.has(name) ? 'required' : 'optional';
      console.log(`${feat.ok ? '✓' : '✗'} ${name.padEnd(9)} ${feat.detail}${feat.ok ? '' : ` (${need})`}`);
      if (!feat.ok && feat.fix) console.log(`  fix: ${feat.fix}`);
    }
  }
  for (const name of required) if (!(f as unknown as Record<string, { ok: boolean }>)[name]?.ok) bad = true;
  return bad ? 1 : 0;
}
