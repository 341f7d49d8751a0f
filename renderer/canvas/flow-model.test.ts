import { describe, expect, it } from 'vitest';
import { estimatedSize } from './flow-model';

// The sizes unmounted cards get (the canvas only mounts the nodes in view); canvas.css's box.
describe('estimatedSize', () => {
  it('gives a short card its minimum width and one line per address shown', () => {
    expect(estimatedSize('h1', [])).toEqual({ width: 150, height: 50 });
    expect(estimatedSize('h1', ['10.0.0.1/24'])).toEqual({ width: 150, height: 50 });
    expect(estimatedSize('h1', ['10.0.0.1/24', '10.0.1.1/24'])).toEqual({ width: 150, height: 60 });
    expect(estimatedSize('h1', ['10.0.0.1/24', '10.0.1.1/24', '10.0.2.1/24'])).toEqual({ width: 150, height: 73 });
  });
  it('widens for long names and addresses', () => {
    expect(estimatedSize('a-very-long-router-name', []).width).toBeGreaterThan(150);
    expect(estimatedSize('r', ['2001:db8:1234:5678::1/64']).width).toBeGreaterThan(150);
  });
  it('leaves out the address lines zoomed far out', () => {
    expect(estimatedSize('h1', ['10.0.0.1/24', '10.0.1.1/24', '10.0.2.1/24'], true)).toEqual({ width: 150, height: 50 });
  });
});
