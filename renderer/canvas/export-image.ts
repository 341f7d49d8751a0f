/** Export the whole lab drawing (not just what is in view) as PNG or SVG with html-to-image. */
import { getNodesBounds, getViewportForBounds, type Node } from '@xyflow/react';
import { toPng, toSvg } from 'html-to-image';
import { downloadUrl } from '../files/download';

export async function exportImage(format: 'png' | 'svg', nodes: Node[], name: string): Promise<void> {
  const el = document.querySelector<HTMLElement>('.react-flow__viewport');
  if (!el || nodes.length === 0) return;
  const bounds = getNodesBounds(nodes);
  const pad = 40;
  const width = Math.ceil(bounds.width + 2 * pad);
  const height = Math.ceil(bounds.height + 2 * pad);
  const vp = getViewportForBounds(bounds, width, height, 1, 1, pad);
  const options = {
    backgroundColor: getComputedStyle(document.documentElement).getPropertyValue('--canvas-bg').trim() || '#fff',
    width, height,
    style: { width: `${width}px`, height: `${height}px`, transform: `translate(${vp.x}px, ${vp.y}px) scale(${vp.zoom})` },
    // The minimap and controls are not part of the drawing.
    filter: (n: HTMLElement) => !n.classList?.contains('react-flow__minimap') && !n.classList?.contains('react-flow__controls'),
    pixelRatio: format === 'png' ? 2 : 1,
  };
  const url = format === 'png' ? await toPng(el, options) : await toSvg(el, options);
  downloadUrl(`${name}.${format}`, url);
}
