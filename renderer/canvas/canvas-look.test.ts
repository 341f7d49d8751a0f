import { describe, expect, it } from 'vitest';
import { rateWidth } from '../live/format';
import { dashArray, linkLook, nodeLook, type LinkLookInput, type NodeLookInput } from './canvas-look';

const link = (over: Partial<LinkLookInput> = {}): LinkLookInput =>
  ({ status: 'idle', down: false, issues: 0, selected: false, live: null, trace: null, capturing: false, ...over });
const live = (oper: 'up' | 'partial' | 'down' | 'missing', bps: number | null = null, drift = false) => ({ oper, bps, drift });

describe('linkLook', () => {
  it('colours a cable by its deploy status, dashed while pending or creating', () => {
    expect(linkLook(link())).toEqual({ color: '--link-idle', width: 2, dash: null, glow: null });
    expect(linkLook(link({ status: 'up' }))).toMatchObject({ color: '--st-up', dash: null });
    expect(linkLook(link({ status: 'error' })).color).toBe('--st-error');
    expect(linkLook(link({ status: 'pending' }))).toMatchObject({ color: '--st-pending', dash: [6, 4] });
    expect(linkLook(link({ status: 'creating' }))).toMatchObject({ color: '--st-creating', dash: [6, 4] });
  });
  it('dots a cable the lab has down, over the pending dashes', () => {
    expect(linkLook(link({ down: true })).dash).toEqual([2, 5]);
    expect(linkLook(link({ down: true, status: 'pending' })).dash).toEqual([2, 5]);
  });
  it('shows validation issues in red, and the selection over them, wider', () => {
    expect(linkLook(link({ status: 'up', issues: 2 })).color).toBe('--st-error');
    expect(linkLook(link({ issues: 2, selected: true }))).toMatchObject({ color: '--accent', width: 3 });
  });
  it('takes the live kernel state over the deploy status and issues, width from the rate', () => {
    expect(linkLook(link({ status: 'up', issues: 1, live: live('up', 125_000) }))).toEqual({ color: '--live-up', width: rateWidth(125_000), dash: null, glow: null });
    expect(linkLook(link({ live: live('partial') }))).toMatchObject({ color: '--live-partial', dash: [8, 4] });
    expect(linkLook(link({ live: live('down') }))).toMatchObject({ color: '--live-down', dash: [3, 5] });
    expect(linkLook(link({ live: live('missing') }))).toMatchObject({ color: '--live-missing', dash: [2, 4] });
    // the kernel has it up: the lab's own dashes still show
    expect(linkLook(link({ down: true, live: live('up') })).dash).toEqual([2, 5]);
    expect(linkLook(link({ live: live('partial'), selected: true })).color).toBe('--accent');
  });
  it('puts a halo under a drifted cable', () => {
    expect(linkLook(link({ live: live('up', null, true) })).glow).toBe('--live-drift');
  });
  it('lights a traced cable by leg, solid and wide, over everything else', () => {
    expect(linkLook(link({ trace: 'request', selected: true, down: true, capturing: true }))).toEqual({ color: '--trace-request', width: 4, dash: null, glow: null });
    expect(linkLook(link({ trace: 'reply', live: live('up', 0) }))).toMatchObject({ color: '--trace-reply', width: rateWidth(0), dash: null });
  });
  it('dashes a cable being captured on', () => {
    expect(linkLook(link({ capturing: true, down: true, live: live('partial') })).dash).toEqual([8, 4]);
  });
  it('writes dashes as an SVG dasharray', () => {
    expect(dashArray([6, 4])).toBe('6 4');
    expect(dashArray(null)).toBe('none');
  });
});

const node = (over: Partial<NodeLookInput> = {}): NodeLookInput => ({ kind: 'host', status: 'idle', selected: false, live: null, ...over });

describe('nodeLook', () => {
  it('gives the kind its colour and the status light the status colour', () => {
    expect(nodeLook(node())).toEqual({ kind: '--host', frame: '--border-strong', frameDashed: false, light: '--st-idle', ring: null, outline: null });
    expect(nodeLook(node({ kind: 'switch', status: 'creating' }))).toMatchObject({ kind: '--switch', light: '--st-creating' });
  });
  it('borders an up node green, a selected one blue, an error red even when selected', () => {
    expect(nodeLook(node({ status: 'up' })).frame).toBe('--node-up-border');
    expect(nodeLook(node({ status: 'up', selected: true }))).toMatchObject({ frame: '--accent', ring: '--accent' });
    expect(nodeLook(node({ status: 'error', selected: true }))).toMatchObject({ frame: '--st-error', ring: '--accent' });
  });
  it('dashes the border of a node whose namespace is missing, and outlines drift', () => {
    expect(nodeLook(node({ status: 'up', live: { present: false, drift: false } }))).toMatchObject({ frame: '--live-missing', frameDashed: true });
    expect(nodeLook(node({ live: { present: true, drift: true } }))).toMatchObject({ frame: '--border-strong', outline: '--live-drift' });
  });
  it('marks a drop target while a cable is drawn onto it', () => {
    expect(nodeLook(node({ status: 'error', dropTarget: true }))).toMatchObject({ frame: '--accent', frameDashed: true });
  });
});
