/**
 * Sends the ONE probe a trace follows, from inside the source node. ICMP uses ping; UDP and TCP
 * use Node itself (no netcat in a minimal install, and no shell): a fixed script passed with -e,
 * the destination, port and source port as separate arguments. We choose the source port, so the
 * probe's packets can be told apart from anything else on the wire.
 */
import { execInNode } from '../engine';

export type Probe = { kind: 'icmp' } | { kind: 'udp'; port: number } | { kind: 'tcp'; port: number };

// process.argv of `node -e SCRIPT a b c` is [node, a, b, c]. Each prints one JSON line.
const UDP_SCRIPT = `const [h,p,s]=process.argv.slice(1);const k=require('dgram').createSocket(h.includes(':')?'udp6':'udp4');
const done=(o)=>{console.log(JSON.stringify(o));process.exit(0)};
k.on('error',(e)=>done({error:e.code||e.message}));k.on('message',(m,r)=>done({reply:r.address}));
k.bind(Number(s),()=>k.connect(Number(p),h,()=>k.send('nslab-trace',(e)=>{if(e)done({error:e.code||e.message})})));
setTimeout(()=>done({timeout:true}),1000);`;

const TCP_SCRIPT = `const [h,p,s]=process.argv.slice(1);
const done=(o)=>{console.log(JSON.stringify(o));process.exit(0)};
const c=require('net').connect({host:h,port:Number(p),localPort:Number(s)});
c.on('connect',()=>{c.destroy();done({connected:true})});c.on('error',(e)=>done({error:e.code||e.message}));
setTimeout(()=>done({timeout:true}),1000);`;

export interface ProbeResult { sport: number | null; output: string; exitCode: number }

export async function sendProbe(lab: string, node: string, dst: string, probe: Probe): Promise<ProbeResult> {
  if (probe.kind === 'icmp') {
    const r = await execInNode(lab, node, ['ping', '-n', '-c', '1', '-W', '1', dst], 5_000);
    return { sport: null, output: (r.stdout + r.stderr).trim(), exitCode: r.exitCode };
  }
  // An ephemeral-range port nobody in a fresh namespace is using.
  const sport = 40_000 + Math.floor(Math.random() * 20_000);
  const script = probe.kind === 'udp' ? UDP_SCRIPT : TCP_SCRIPT;
  const r = await execInNode(lab, node, [process.execPath, '-e', script, dst, String(probe.port), String(sport)], 5_000);
  return { sport, output: (r.stdout + r.stderr).trim(), exitCode: r.exitCode };
}
