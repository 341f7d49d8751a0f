/** React Flow node and edge types, at module scope so React Flow never sees a new object. */
import { memo } from 'react';
import type { EdgeTypes, NodeProps, NodeTypes } from '@xyflow/react';
import type { HostFlowNode, LabFlowNode, RouterFlowNode, SwitchFlowNode } from './flow-model';
import { LinkEdge } from './LinkEdge';
import { NodeCard } from './NodeCard';

export const HostNode = memo((p: NodeProps<HostFlowNode>) => <NodeCard {...(p as NodeProps<LabFlowNode>)} />);
export const RouterNode = memo((p: NodeProps<RouterFlowNode>) => <NodeCard {...(p as NodeProps<LabFlowNode>)} />);
export const SwitchNode = memo((p: NodeProps<SwitchFlowNode>) => <NodeCard {...(p as NodeProps<LabFlowNode>)} />);

export const nodeTypes: NodeTypes = { host: HostNode, router: RouterNode, switch: SwitchNode };
export const edgeTypes: EdgeTypes = { link: LinkEdge };
