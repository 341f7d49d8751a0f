/** The helper's one terminal manager: real ptys, namespaces checked against the lab's ledger. */
import { ownedNodeNs } from '../engine';
import { killSession } from './kill-session';
import { TerminalManager } from './manager';
import { spawnNodePty } from './node-pty';

export const terminals = new TerminalManager({
  spawn: spawnNodePty,
  resolveNs: ownedNodeNs,
  killSession: (sid) => void killSession(sid, 'SIGKILL'),
});
