/**
 * Geometry of the HTML report's inline SVG charts. This module only computes coordinates and
 * labels as plain data; the SVG markup is written by the template (reports/html/partials/
 * bar-chart.hbs), so every label, which may come from a website, goes through Handlebars'
 * escaping like any other text. No chart library, no external resource.
 */

/** One series of a chart (e.g. a phase), drawn in one colour. */
export interface ChartSeries {
  label: string;
  /** CSS class suffix of the series colour (`.chart .s-<tone>` in report.css). */
  tone: string;
}

/** One row of a horizontal bar chart: a label and one value per series. */
export interface ChartRow {
  label: string;
  values: number[];
}

export interface ChartBar {
  x: number;
  y: number;
  width: number;
  height: number;
  tone: string;
  /** The number written after the bar. */
  value: number;
  valueX: number;
  valueY: number;
  /** Read by screen readers and shown as a tooltip: "Before consent: 3". */
  title: string;
}

export interface ChartRowGeometry {
  label: string;
  labelX: number;
  labelY: number;
  bars: ChartBar[];
}

export interface ChartLegendItem {
  label: string;
  tone: string;
  x: number;
  y: number;
  textX: number;
  textY: number;
}

/** Everything the bar-chart partial needs; ids are generated here, never taken from a site. */
export interface BarChartView {
  id: string;
  title: string;
  description: string;
  width: number;
  height: number;
  rows: ChartRowGeometry[];
  legend: ChartLegendItem[];
  /** The chart has no non-zero value: the template says so instead of drawing empty bars. */
  empty: boolean;
  /** The same data as a table, for screen readers and for readers who prefer numbers. */
  table: { headers: string[]; rows: Array<{ label: string; values: number[] }> };
}

const LABEL_WIDTH = 190;
const BAR_AREA = 330;
const VALUE_GAP = 6;
const VALUE_WIDTH = 40;
const BAR_HEIGHT = 14;
const BAR_GAP = 3;
const ROW_GAP = 12;
const LEGEND_HEIGHT = 26;
const LABEL_MAX = 28;

/** Shortens a label so it fits the label column (the full text stays in the data table). */
function fitLabel(label: string): string {
  const chars = Array.from(label);
  return chars.length > LABEL_MAX ? `${chars.slice(0, LABEL_MAX - 1).join('')}…` : label;
}

/**
 * A horizontal bar chart: one group of bars per row, one bar per series, all on one linear scale
 * starting at zero, each bar labelled with its value (charts must be readable in black and white).
 */
export function barChart(id: string, title: string, description: string, series: readonly ChartSeries[], rows: readonly ChartRow[]): BarChartView {
  const max = Math.max(0, ...rows.flatMap((r) => r.values));
  const showLegend = series.length > 1;
  const top = showLegend ? LEGEND_HEIGHT : 4;
  const groupHeight = series.length * BAR_HEIGHT + (series.length - 1) * BAR_GAP;
  const geometry: ChartRowGeometry[] = rows.map((row, r) => {
    const y0 = top + r * (groupHeight + ROW_GAP);
    return {
      label: fitLabel(row.label),
      labelX: LABEL_WIDTH - 8,
      labelY: y0 + groupHeight / 2 + 4,
      bars: series.map((s, i) => {
        const value = row.values[i] ?? 0;
        const width = max > 0 ? Math.round((value / max) * BAR_AREA * 10) / 10 : 0;
        const y = y0 + i * (BAR_HEIGHT + BAR_GAP);
        return {
          x: LABEL_WIDTH,
          y,
          // A zero still gets a hairline, so "0" visibly belongs to its row.
          width: Math.max(width, 1),
          height: BAR_HEIGHT,
          tone: s.tone,
          value,
          valueX: LABEL_WIDTH + Math.max(width, 1) + VALUE_GAP,
          valueY: y + BAR_HEIGHT - 3,
          title: `${row.label}, ${s.label}: ${value}`,
        };
      }),
    };
  });
  let legendX = LABEL_WIDTH;
  const legend: ChartLegendItem[] = showLegend
    ? series.map((s) => {
        const item = { label: s.label, tone: s.tone, x: legendX, y: 6, textX: legendX + 16, textY: 16 };
        legendX += 24 + s.label.length * 7;
        return item;
      })
    : [];
  const height = top + rows.length * (groupHeight + ROW_GAP);
  return {
    id,
    title,
    description,
    width: Math.max(LABEL_WIDTH + BAR_AREA + VALUE_GAP + VALUE_WIDTH, legendX),
    height: Math.max(height, 30),
    rows: geometry,
    legend,
    empty: max === 0,
    table: {
      headers: series.map((s) => s.label),
      rows: rows.map((r) => ({ label: r.label, values: series.map((_, i) => r.values[i] ?? 0) })),
    },
  };
}
