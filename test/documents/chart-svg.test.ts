import { describe, expect, it } from 'vitest';
import { barChartSvg, CHART_FONT_FAMILY } from '../../shared/documents/chart-svg.js';

/** The drawn bars: ECharts writes each as a path carrying its series and data index. */
function bars(svg: string): { series: number; index: number; fill: string; d: string }[] {
  return [...svg.matchAll(/<path d="([^"]+)" fill="([^"]+)" ecmeta_series_index="(\d+)" ecmeta_data_index="(\d+)"/g)].map((m) => ({
    d: m[1]!,
    fill: m[2]!,
    series: Number(m[3]),
    index: Number(m[4]),
  }));
}

/** A horizontal bar's length: its path is `M x y l <length> 0 …`. */
function lengthOf(d: string): number {
  return Number(/^M[\d.]+ [\d.]+l([\d.]+) 0/.exec(d)![1]);
}

describe('barChartSvg', () => {
  it('draws one bar per value in the series colour, lengths proportional to the values, null drawing none', async () => {
    // Prepare
    const spec = {
      title: '各单位办结率',
      categories: ['宗汉街道', '坎墩街道', '市农业农村局'],
      series: [{ name: '办结率', values: [25, 100, null], color: '#2e7d32' }],
      horizontal: true,
      max: 100,
      unit: '%',
      width: 600,
      height: 240,
    };

    // Act
    const svg = await barChartSvg(spec);

    // Assess
    expect(svg.startsWith('<svg ')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('width="600" height="240"');
    const drawn = bars(svg);
    expect(drawn.map((bar) => bar.index)).toEqual([0, 1]);
    expect(drawn.every((bar) => bar.fill === '#2e7d32')).toBe(true);
    expect(lengthOf(drawn[1]!.d) / lengthOf(drawn[0]!.d)).toBeCloseTo(4, 1);
    for (const name of spec.categories) expect(svg).toContain(`>${name}</text>`);
    expect(svg).toContain('>100%</text>');
  });

  it('is named for screen readers and written in a CJK face, with no script, outside reference or animation', async () => {
    // Act
    const svg = await barChartSvg({ title: '办结情况', categories: ['甲'], series: [{ name: '办结', values: [1] }], width: 300, height: 200 });

    // Assess
    expect(svg).toMatch(/^<svg role="img" aria-label="办结情况" /);
    expect(svg).toContain(`font-family:${CHART_FONT_FAMILY}`);
    expect(svg).not.toMatch(/<script|href=|url\(http|@keyframes|animation/i);
  });

  it('escapes the text it is given', async () => {
    // Act
    const svg = await barChartSvg({
      title: 'A&B <b>"x"</b>',
      categories: ['<script>alert(1)</script>'],
      series: [{ name: '<i>', values: [1] }],
      width: 300,
      height: 200,
    });

    // Assess
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('aria-label="A&amp;B &lt;b&gt;&quot;x&quot;&lt;/b&gt;"');
  });

  it('stacks series on one bar per category when asked, with a legend naming each', async () => {
    // Prepare
    const spec = {
      categories: ['甲', '乙'],
      series: [
        { name: '已办结', values: [3, 1] },
        { name: '未办结', values: [1, 3] },
      ],
      width: 400,
      height: 300,
    };

    // Act
    const stacked = bars(await barChartSvg({ ...spec, stacked: true }));
    const sideBySide = bars(await barChartSvg(spec));

    // Assess: stacked bars of one category share their x; side by side they do not.
    const x = (d: string) => /^M([\d.]+)/.exec(d)![1];
    expect(stacked).toHaveLength(4);
    expect(x(stacked.find((b) => b.series === 0 && b.index === 0)!.d)).toBe(x(stacked.find((b) => b.series === 1 && b.index === 0)!.d));
    expect(x(sideBySide.find((b) => b.series === 0 && b.index === 0)!.d)).not.toBe(x(sideBySide.find((b) => b.series === 1 && b.index === 0)!.d));
    expect(await barChartSvg({ ...spec, stacked: true })).toContain('>已办结</text>');
  });
});
