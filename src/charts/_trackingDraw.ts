/** The drawing of {@link cumulativeTransactionsChart}: two lines over calendar time and the calibration end. */
import { axes, CHART_WIDTH, largest, legend, line, linearScale, MUTED, type Point, px, SERIES_COLOURS, svgDocument, text } from '../render/_plot.js';
import type { CumulativeTransactionsChartData } from './cumulativeTransactionsChart.js';

/** Height of the tracking plot in px. */
export const TRACKING_HEIGHT = 400;
const HEIGHT = TRACKING_HEIGHT;
const LEFT = 68;
const RIGHT = 20;

export function capital(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export function drawTracking(title: string, description: string, data: CumulativeTransactionsChartData, modelName: string, xTitle: string): string {
  const actualColour = SERIES_COLOURS[0] as string;
  const expectedColour = SERIES_COLOURS[1] as string;
  const key = legend(
    [
      { label: 'Actual', colour: actualColour },
      { label: `${modelName} (expected)`, colour: expectedColour, swatch: 'dashed' },
    ],
    LEFT,
    46,
    CHART_WIDTH - LEFT - RIGHT,
  );
  const top = 46 + key.height + 14;
  const area = { left: LEFT, top, width: CHART_WIDTH - LEFT - RIGHT, height: HEIGHT - top - 52 };
  const x = linearScale([0, data.observationEnd], [area.left, area.left + area.width], { integer: true, ticks: 8 });
  const highest = largest(data.points.map((p) => Math.max(p.actual, p.expected)));
  const y = linearScale([0, highest], [area.top + area.height, area.top], { integer: !data.incremental || highest >= 5 });
  const yTitle = data.incremental ? `Repeat transactions per ${data.timeUnit}` : 'Cumulative repeat transactions';
  const parts = [axes(x, y, area, { xTitle, yTitle })];
  if (data.points.length > 0 && data.calibrationEnd >= 0 && data.calibrationEnd <= x.domain[1]) {
    const cx = x.map(data.calibrationEnd);
    parts.push(`<line x1="${px(cx)}" x2="${px(cx)}" y1="${px(area.top)}" y2="${px(area.top + area.height)}" stroke="${MUTED}" stroke-dasharray="3 3"/>`);
    const label = 'end of calibration';
    const leftSide = cx + 6 + label.length * 7 > area.left + area.width;
    parts.push(text(leftSide ? cx - 6 : cx + 6, area.top + 12, label, { anchor: leftSide ? 'end' : 'start', fill: MUTED }));
  }
  const start: Point[] = data.incremental ? [] : [[x.map(0), y.map(0)]];
  const actual: Point[] = [...start, ...data.points.map((p): Point => [x.map(p.t), y.map(p.actual)])];
  const expected: Point[] = [...start, ...data.points.map((p): Point => [x.map(p.t), y.map(p.expected)])];
  if (data.points.length > 0) parts.push(line(actual, { colour: actualColour }), line(expected, { colour: expectedColour, dash: '6 4' }));
  else parts.push(text(area.left + area.width / 2, area.top + area.height / 2, 'No purchases to track', { anchor: 'middle', fill: MUTED, size: 14 }));
  return svgDocument(CHART_WIDTH, HEIGHT, title, description, key.svg + parts.join(''));
}
