export class UsageError extends Error {
  constructor(message: string) { super(message); this.name = 'UsageError'; }
}

export const USAGE = `nslab — network labs from real Linux namespaces

Usage:
  nslab validate FILE              check a lab file; print every problem with file:line:col
  nslab up FILE                    deploy the lab, or apply only what changed if it runs
  nslab plan FILE                  show what up would do, without doing it
  nslab down FILE|LAB              remove exactly what the lab owns
  nslab ls [--json]                list running labs
  nslab status LAB [--json]        nodes, interfaces, routes, and drift from the lab file
                                   (--json adds live: neighbours and counters)
  nslab watch LAB [--json] [--interval MS]
                                   follow the lab's live state: snapshot, then changes,
                                   counters (every MS, default 1000; 0 = none) and drift
  nslab discover [--json]          every network namespace on this machine and its cables (read-only)
  nslab exec LAB NODE -- CMD…      run a command inside a node (like ip netns exec)
  nslab script FILE                print a standalone bash script of the equivalent commands
  nslab check FILE|LAB [--json] [--junit OUT.xml] [--reveal]
                                   run the lab's checks (exit 1 if any fails)
  nslab trace LAB SRC DST [--udp PORT|--tcp PORT] [--json]
                                   follow one probe hop by hop; say where and why it was lost
  nslab matrix LAB [--json]        who reaches whom: ping between every pair of hosts and routers
  nslab doctor                     check privileges, iproute2 and kernel features

Exit codes: 0 ok · 1 runtime failure (kernel, conflict, missing feature) · 2 invalid input
`;
