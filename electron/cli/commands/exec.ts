/** exec LAB NODE -- CMD…: a real `ip netns exec`, only inside a node the lab owns. */
import { execa } from 'execa';
import { ownedNodeNs } from '../../helper/engine';
import { UsageError } from '../usage';

export async function execCmd(args: string[]): Promise<number> {
  const dash = args.indexOf('--');
  const [lab, node] = args.slice(0, dash < 0 ? 2 : dash);
  const argv = dash < 0 ? args.slice(2) : args.slice(dash + 1);
  if (!lab || !node || argv.length === 0) throw new UsageError('exec needs LAB NODE -- COMMAND…');
  const ns = await ownedNodeNs(lab, node);
  const r = await execa('ip', ['netns', 'exec', ns, ...argv], { stdio: 'inherit', reject: false });
  return typeof r.exitCode === 'number' ? r.exitCode : 1;
}
