/**
 * Open issues over the last days by status: a stacked area chart (uPlot) over the table that
 * the page shows without JavaScript (the table stays, folded, for screen readers and numbers).
 */
import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";

export interface OpenChartProps {
  /** Days as "YYYY-MM-DD" (UTC), oldest first. */
  days: string[];
  /** One series per status: its name and the open issues in it at the end of each day. */
  series: Array<{ label: string; values: number[] }>;
}

const COLOURS = [
  "#1d5fbf",
  "#c2410c",
  "#15803d",
  "#7c3aed",
  "#b91c1c",
  "#0e7490",
  "#a16207",
  "#be185d",
];

function CountsTable({ p }: { p: OpenChartProps }) {
  const shown = p.days.map((d, i) => [d, i] as const).filter((_, i) =>
    (p.days.length - 1 - i) % 7 === 0
  );
  return (
    <table class="list chart-table">
      <caption>Open issues by status (every 7th day)</caption>
      <thead>
        <tr>
          <th scope="col">day</th>
          {p.series.map((s) => <th scope="col" key={s.label}>{s.label}</th>)}
        </tr>
      </thead>
      <tbody>
        {shown.map(([d, i]) => (
          <tr>
            <th scope="row">{d}</th>
            {p.series.map((s) => <td key={s.label}>{s.values[i]}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Stacks the series so each line is the sum of itself and those below it. */
function stacked(p: OpenChartProps): number[][] {
  const sum = p.days.map(() => 0);
  return p.series.map((s) => s.values.map((v, i) => (sum[i]! += v)));
}

/** The chart. */
export default function OpenChart(p: OpenChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const drawn = useSignal(false);
  useEffect(() => {
    if (!box.current) return;
    const xs = p.days.map((d) => Date.parse(`${d}T12:00:00Z`) / 1000);
    const ys = stacked(p);
    const width = Math.max(280, box.current.clientWidth || 600);
    // Canvas text takes no CSS: read the page's colour (it follows dark mode).
    const fg = getComputedStyle(box.current).color;
    const axis = { stroke: fg, grid: { stroke: "rgba(128,128,128,0.25)" } };
    const plot = new uPlot(
      {
        width,
        height: 220,
        series: [
          {},
          ...p.series.map((s, i) => ({
            label: s.label,
            stroke: COLOURS[i % COLOURS.length],
            fill: `${COLOURS[i % COLOURS.length]}33`,
            width: 1.5,
          })),
        ],
        axes: [axis, axis],
      },
      [xs, ...ys] as uPlot.AlignedData,
      box.current,
    );
    drawn.value = true;
    return () => plot.destroy();
  }, [p.days.join(), p.series.length]);
  return (
    <figure class="open-chart">
      <figcaption>Open issues over the last {p.days.length} days</figcaption>
      <div
        ref={box}
        class="chart"
        role="img"
        aria-label="Chart of open issues by status; the numbers are in the table"
      />
      {drawn.value
        ? (
          <details>
            <summary>Numbers</summary>
            <CountsTable p={p} />
          </details>
        )
        : <CountsTable p={p} />}
    </figure>
  );
}
