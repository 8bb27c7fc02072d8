/**
 * An index table that stays current: it listens to the tracker's change stream (server-sent
 * events) and, after any change by anyone (web, mail gateway, admin, REST), reloads its rows from
 * the index's JSON route. Without JavaScript it is the same table, current as of the page load.
 */
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { getJson } from "./_json.ts";

/** One cell: text, optionally a link. */
export interface LiveCell {
  text: string;
  href?: string;
}

/** One row, with the label of its group when the index is grouped. */
export interface LiveRow {
  group?: string;
  cells: LiveCell[];
}

/** What the table shows; also the JSON the index route answers. */
export interface LiveListData {
  columns: string[];
  sortHrefs: string[];
  rows: LiveRow[];
  /** "1–50 of 120". */
  count: string;
}

export interface LiveListProps extends LiveListData {
  /** The JSON route of this index (same query). */
  src: string;
  /** The change stream (server-sent events). */
  events: string;
}

function Table({ data }: { data: LiveListData }) {
  if (!data.rows.length) {
    return <p class="count">There are no items to show.</p>;
  }
  let group: string | undefined;
  const body = [];
  for (const [i, r] of data.rows.entries()) {
    if (r.group !== undefined && r.group !== group) {
      group = r.group;
      body.push(
        <tr class="group" key={`g${i}`}>
          <th colSpan={data.columns.length}>{r.group || "(none)"}</th>
        </tr>,
      );
    }
    body.push(
      <tr key={r.cells[0]?.href ?? i}>
        {r.cells.map((cell) => (
          <td>
            {cell.href
              ? <a href={cell.href}>{cell.text || "(no title)"}</a>
              : cell.text}
          </td>
        ))}
      </tr>,
    );
  }
  return (
    <table class="list">
      <thead>
        <tr>
          {data.columns.map((col, i) => (
            <th scope="col">
              <a href={data.sortHrefs[i]}>{col}</a>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{body}</tbody>
    </table>
  );
}

/** The live index. */
export default function LiveList(p: LiveListProps) {
  const data = useSignal<LiveListData>(p);
  const live = useSignal(false);
  const updated = useSignal("");
  useEffect(() => {
    const es = new EventSource(p.events);
    let busy = false, again = false;
    const reload = async () => {
      if (busy) {
        again = true;
        return;
      }
      busy = true;
      do {
        again = false;
        const next = await getJson<LiveListData>(p.src);
        if (next) {
          data.value = next;
          updated.value = `Updated ${new Date().toLocaleTimeString()}`;
        }
      } while (again);
      busy = false;
    };
    es.addEventListener("open", () => (live.value = true));
    es.addEventListener("error", () => (live.value = false));
    es.addEventListener("change", () => void reload());
    return () => es.close();
  }, [p.src, p.events]);
  return (
    <div class="live-list" data-live={live.value ? "on" : "off"}>
      <p class="count">
        {data.value.count}
        {live.value && (
          <span class="live-badge" title="This list updates by itself">
            {" "}· live
          </span>
        )}
        <span class="live-status" role="status" aria-live="polite">
          {updated.value && ` · ${updated.value}`}
        </span>
      </p>
      <Table data={data.value} />
    </div>
  );
}
