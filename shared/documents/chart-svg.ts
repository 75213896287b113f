import type * as echarts from 'echarts/core';

/*
 * Charts drawn on the server as SVG text (ECharts' server-side rendering: no browser, no canvas), to be
 * inlined in the documents the product writes: a page that prints, mails and opens from a presigned link as
 * it is. Only the bar chart and the parts it needs are registered.
 */

let barCharts: Promise<typeof echarts> | undefined;

/**
 * ECharts with the bar chart registered, loaded by the first chart drawn: with its renderer it weighs half a
 * megabyte, so the functions that write documents take it from a layer and load it only when they write one
 * (docs/decisions/0019-document-libraries-layer.md).
 */
function loadBarCharts(): Promise<typeof echarts> {
  barCharts ??= Promise.all([import('echarts/core'), import('echarts/charts'), import('echarts/components'), import('echarts/renderers')]).then(
    ([core, { BarChart }, { GridComponent, LegendComponent, TitleComponent }, { SVGRenderer }]) => {
      core.use([BarChart, GridComponent, TitleComponent, LegendComponent, SVGRenderer]);
      return core;
    },
  );
  return barCharts;
}

/**
 * The documents' type: a CJK face first, so that Chinese names are drawn as Chinese. Single quotes: ECharts
 * writes it into a double-quoted style attribute as it is.
 */
export const CHART_FONT_FAMILY = "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

export interface BarSeries {
  name: string;
  /** One value per category, in the categories' order; null draws no bar. */
  values: readonly (number | null)[];
  /** A CSS colour; ECharts' palette when left out. */
  color?: string;
}

export interface BarChartSpec {
  title?: string;
  categories: readonly string[];
  series: readonly BarSeries[];
  /** The series stacked on one bar per category instead of side by side. */
  stacked?: boolean;
  /** Bars run left to right with the categories down the side, the first on top: long names stay readable. */
  horizontal?: boolean;
  width: number;
  height: number;
  /** The value axis' end (e.g. 100 for percentages); ECharts picks one when left out. */
  max?: number;
  /** Appended to the values on the axis and on the bars (e.g. `%`). */
  unit?: string;
  /** Each bar's value written at its end. */
  labels?: boolean;
  /** What a screen reader says of the chart; the title when left out. */
  description?: string;
}

/**
 * The chart as one `<svg>` element's text, with no script, no outside reference and no animation, named for
 * screen readers (role img and an aria-label: ECharts' own aria labels its browser container, absent here).
 */
export async function barChartSvg(spec: BarChartSpec): Promise<string> {
  const chart = (await loadBarCharts()).init(null, null, { renderer: 'svg', ssr: true, width: spec.width, height: spec.height });
  try {
    chart.setOption(optionOf(spec));
    const label = spec.description ?? spec.title ?? '';
    return chart.renderToSVGString().replace(/^<svg /, `<svg role="img" aria-label="${escapeAttribute(label)}" `);
  } finally {
    chart.dispose();
  }
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeAttribute(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function optionOf(spec: BarChartSpec): echarts.EChartsCoreOption {
  const unit = spec.unit ?? '';
  const categoryAxis = {
    type: 'category',
    data: [...spec.categories],
    inverse: spec.horizontal === true,
    axisTick: { alignWithLabel: true },
    // Every name shown: ECharts would otherwise drop the ones that do not fit, and a document names each unit.
    axisLabel: { interval: 0, ...(spec.horizontal ? {} : { rotate: spec.categories.length > 8 ? 45 : 0 }) },
  };
  const valueAxis = { type: 'value', max: spec.max, axisLabel: { formatter: `{value}${unit}` } };
  const hasLegend = spec.series.length > 1;
  const top = (spec.title ? 36 : 12) + (hasLegend ? 28 : 0);
  return {
    animation: false,
    textStyle: { fontFamily: CHART_FONT_FAMILY },
    title: spec.title ? { text: spec.title, left: 'center', textStyle: { fontSize: 14, fontWeight: 'bold' } } : undefined,
    legend: hasLegend ? { top: spec.title ? 28 : 4, data: spec.series.map((series) => series.name) } : undefined,
    // The axis names inside the chart's box, however long they are.
    grid: { left: 12, right: spec.labels ? 48 : 16, top, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: spec.horizontal ? valueAxis : categoryAxis,
    yAxis: spec.horizontal ? categoryAxis : valueAxis,
    series: spec.series.map((series) => ({
      type: 'bar',
      name: series.name,
      data: [...series.values],
      stack: spec.stacked ? 'total' : undefined,
      itemStyle: series.color ? { color: series.color } : undefined,
      // A printed page has no pointer: no hover styles in the SVG.
      silent: true,
      emphasis: { disabled: true },
      label: spec.labels ? { show: true, position: spec.stacked ? 'inside' : spec.horizontal ? 'right' : 'top', formatter: `{c}${unit}` } : undefined,
    })),
  };
}
