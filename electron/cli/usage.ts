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
  nslab exec LAB NODE -- CMD…      run a command inside a node (like ip netns exec)
  nslab script FILE                print a standalone bash script of the equivalent commands
  nslab doctor                     check privileges, iproute2 and kernel features

Exit codes: 0 ok · 1 runtime failure (kernel, conflict, missing feature) · 2 invalid input
`;
