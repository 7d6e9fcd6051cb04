/**
 * The heatmap palette: ColorBrewer Blues end points, monotone darkening, readable text on every shade
 * (WCAG AA 4.5:1), valid xterm indices.
 */
import { describe, expect, it } from 'vitest';
import { shade } from '../../src/render/_palette.js';

function luminance(hex: string): number {
  const channel = (i: number) => {
    const s = Number.parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

describe('shade', () => {
  it('runs from ColorBrewer Blues #f7fbff (0) through #6baed6 (0.5) to #08306b (1), clamping outside', () => {
    expect(shade(0)).toEqual({ background: '#f7fbff', text: '#000000', ansiBackground: 231, ansiText: 16 });
    expect(shade(0.5).background).toBe('#6baed6');
    expect(shade(1)).toEqual({ background: '#08306b', text: '#ffffff', ansiBackground: 23, ansiText: 231 });
    expect(shade(-1)).toEqual(shade(0));
    expect(shade(2)).toEqual(shade(1));
  });

  it('gets darker as the value grows, and its text always has a WCAG contrast of at least 4.5', () => {
    let previous = Number.POSITIVE_INFINITY;
    for (let i = 0; i <= 1000; i++) {
      const s = shade(i / 1000);
      const l = luminance(s.background);
      expect(l).toBeLessThanOrEqual(previous);
      previous = l;
      const text = s.text === '#ffffff' ? 1 : 0;
      const contrast = (Math.max(l, text) + 0.05) / (Math.min(l, text) + 0.05);
      expect(contrast).toBeGreaterThanOrEqual(4.5);
      expect(s.ansiBackground).toBeGreaterThanOrEqual(16);
      expect(s.ansiBackground).toBeLessThanOrEqual(255);
      expect(s.ansiText).toBe(s.text === '#ffffff' ? 231 : 16);
    }
  });
});
