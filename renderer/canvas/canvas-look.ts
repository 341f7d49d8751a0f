/**
 * How a cable and a node look on the canvas, as data: which CSS colour variable, stroke width and
 * dashes, decided from the state the canvas shows (deploy status, the lab's `up: false`, validation
 * issues, selection, live kernel state, the teaching marks). One source for both views: LinkEdge
 * and NodeCard style their SVG path / card with it, the overview (OverviewLayer) paints with it.
 * The colour values themselves stay in the stylesheets as CSS variables (app.css, canvas.css,
 * live.css, teaching.css); a look names the variable, e.g. `'--st-up'`.
 *
 * Pure: no DOM, no store (unit-tested in canvas-look.test.ts).
 */
import type { NodeKind } from '../../shared/lab/schema';
import type { LinkOper } from '../live/link-state';
import { rateWidth } from '../live/format';
import type { Status } from '../store/types';

/** A CSS custom property holding a colour, e.g. `--st-up`. */
export type ColorVar = `--${string}`;

export interface LinkLookInput {
  status: Status;
  /** the lab says `up: false` */
  down: boolean;
  issues: number;
  selected: boolean;
  /** live kernel state of the cable, or null when the lab is not live */
  live: { oper: LinkOper; bps: number | null; drift: boolean } | null;
  /** lit by the trace animation (which leg), or null */
  trace: 'request' | 'reply' | null;
  capturing: boolean;
}

export interface LinkLook {
  color: ColorVar;
  /** in flow px (the canvas scales it with the zoom) */
  width: number;
  /** dash pattern in flow px, or null for a solid line */
  dash: readonly number[] | null;
  /** a halo under the line (live drift), or null */
  glow: ColorVar | null;
}

const STATUS_STROKE: Record<Status, ColorVar> = {
  idle: '--link-idle', pending: '--st-pending', creating: '--st-creating', up: '--st-up', error: '--st-error',
};
const OPER_STROKE: Record<LinkOper, ColorVar> = {
  up: '--live-up', partial: '--live-partial', down: '--live-down', missing: '--live-missing',
};
const OPER_DASH: Record<LinkOper, readonly number[] | null> = { up: null, partial: [8, 4], down: [3, 5], missing: [2, 4] };
const DASH_PENDING = [6, 4] as const, DASH_DOWN = [2, 5] as const, DASH_CAPTURE = [8, 4] as const;

/**
 * A cable's stroke. Precedence, strongest first — colour: trace leg, selection, live state,
 * validation issues, deploy status; dashes: trace (solid), capture, live state, `up: false`,
 * pending/creating; width: the live rate, trace, selection.
 *
 * @example linkLook({ status: 'up', down: false, issues: 0, selected: false, live: null, trace: null, capturing: false })
 * // { color: '--st-up', width: 2, dash: null, glow: null }
 */
export function linkLook(i: LinkLookInput): LinkLook {
  const color: ColorVar = i.trace ? `--trace-${i.trace}`
    : i.selected ? '--accent'
    : i.live ? OPER_STROKE[i.live.oper]
    : i.issues ? '--st-error'
    : STATUS_STROKE[i.status];
  const dash = i.trace ? null
    : i.capturing ? DASH_CAPTURE
    : i.live && OPER_DASH[i.live.oper] ? OPER_DASH[i.live.oper]
    : i.down ? DASH_DOWN
    : i.status === 'pending' || i.status === 'creating' ? DASH_PENDING
    : null;
  const width = i.live ? rateWidth(i.live.bps) : i.trace ? 4 : i.selected ? 3 : 2;
  return { color, width, dash, glow: i.live?.drift ? '--live-drift' : null };
}

export interface NodeLookInput {
  kind: NodeKind;
  status: Status;
  selected: boolean;
  /** live kernel state of the node, or null when the lab is not live */
  live: { present: boolean; drift: boolean } | null;
  /** a cable is being drawn onto it (cards only) */
  dropTarget?: boolean;
}

export interface NodeLook {
  /** the kind's colour (the icon) */
  kind: ColorVar;
  /** the card's border */
  frame: ColorVar;
  frameDashed: boolean;
  /** the status light */
  light: ColorVar;
  /** the selection ring around the card, or null */
  ring: ColorVar | null;
  /** the drift outline, or null */
  outline: ColorVar | null;
}

/**
 * A card's colours. Border, strongest first: drop target, namespace missing (dashed), deploy
 * error, selection, up, plain.
 *
 * @example nodeLook({ kind: 'router', status: 'up', selected: false, live: null }).frame // '--node-up-border'
 */
export function nodeLook(i: NodeLookInput): NodeLook {
  const missing = i.live !== null && !i.live.present;
  const frame: ColorVar = i.dropTarget ? '--accent'
    : missing ? '--live-missing'
    : i.status === 'error' ? '--st-error'
    : i.selected ? '--accent'
    : i.status === 'up' ? '--node-up-border'
    : '--border-strong';
  return {
    kind: `--${i.kind}`,
    frame,
    frameDashed: Boolean(i.dropTarget) || missing,
    light: `--st-${i.status}`,
    ring: i.selected ? '--accent' : null,
    outline: i.live?.drift ? '--live-drift' : null,
  };
}

/** A look's dash pattern as an SVG `stroke-dasharray`. */
export const dashArray = (dash: readonly number[] | null): string => (dash ? dash.join(' ') : 'none');
