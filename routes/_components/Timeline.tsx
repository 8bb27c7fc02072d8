/** An item's history as a timeline: newest first, one marker per change, grouped by day. */
import type { HistoryView } from "../_item_data.ts";

const ICONS: Record<string, string> = {
  create: "created",
  set: "changed",
  link: "linked",
  unlink: "unlinked",
  retired: "retired",
  restored: "restored",
};

/**
 * The timeline inside a "History" disclosure; with `allHref`, a note that it shows the newest
 * entries only and a link to all of them.
 */
export function Timeline(
  { history, allHref }: { history: HistoryView[]; allHref?: string },
) {
  const days = new Map<string, HistoryView[]>();
  for (const h of history) {
    const day = h.date.slice(0, 10);
    days.set(day, [...(days.get(day) ?? []), h]);
  }
  return (
    <details class="history" open>
      <summary>History</summary>
      <ol class="timeline">
        {[...days].map(([day, entries]) => (
          <li class="day">
            <h3>
              <time>{day}</time>
            </h3>
            <ol>
              {entries.map((h) => (
                <li class={`event ${h.action}`}>
                  <span class="when">{h.date.slice(11, 16)}</span>{" "}
                  <strong>{h.user}</strong> {ICONS[h.action] ?? h.action}
                  {h.details && <div class="what">{h.details}</div>}
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ol>
      {allHref && (
        <p class="history-limit">
          Showing {history.length} items. <a href={allHref}>Show all history</a>
          {" "}
          (warning: this could be VERY long)
        </p>
      )}
    </details>
  );
}
