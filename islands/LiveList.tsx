/**
 * An index table that stays current: it listens to the tracker's change stream (server-sent
 * events) and, after any change by anyone (web, mail gateway, admin, REST), reloads its rows from
 * the index's JSON route. Without JavaScript it is the same table, current as of the page load.
 */
import { useSignal } from "@preact/signals";
import { render } from "preact";
import { useEffect } from "preact/hooks";
import { getJson } from "./_json.ts";
import { IndexTable, type LiveRow } from "./IndexTable.tsx";

export type { LiveCell, LiveRow } from "./IndexTable.tsx";

/** What the table shows; also the JSON the index route answers. */
export interface LiveListData {
  columns: string[];
  sortHrefs: string[];
  rows: LiveRow[];
  /** "1–50 of 120". */
  count: string;
}

export interface LiveListProps {
  /** The JSON route of this index (same query). */
  src: string;
  /** The change stream (server-sent events). */
  events: string;
  /** Id of the element holding the server-rendered count and table, replaced on updates. */
  target: string;
}

function View({ data }: { data: LiveListData }) {
  return (
    <>
      <p class="count">{data.count}</p>
      <IndexTable {...data} />
    </>
  );
}

/** The live index: a status line; it re-renders the target's table after each change. */
export default function LiveList(p: LiveListProps) {
  const live = useSignal(false);
  const updated = useSignal("");
  useEffect(() => {
    const es = new EventSource(p.events);
    let busy = false, again = false, owned = false;
    const reload = async () => {
      if (busy) {
        again = true;
        return;
      }
      busy = true;
      do {
        again = false;
        const next = await getJson<LiveListData>(p.src);
        const el = document.getElementById(p.target);
        if (next && el) {
          // The first update takes the server-rendered table over.
          if (!owned) el.textContent = "";
          owned = true;
          render(<View data={next} />, el);
          updated.value = `Updated ${new Date().toLocaleTimeString()}`;
        }
      } while (again);
      busy = false;
    };
    es.addEventListener("open", () => (live.value = true));
    es.addEventListener("error", () => (live.value = false));
    es.addEventListener("change", () => void reload());
    return () => es.close();
  }, [p.src, p.events, p.target]);
  return (
    <p class="live-list count" data-live={live.value ? "on" : "off"}>
      {live.value && (
        <span class="live-badge" title="This list updates by itself">
          ● live
        </span>
      )}
      <span class="live-status" role="status" aria-live="polite">
        {updated.value && ` · ${updated.value}`}
      </span>
    </p>
  );
}
