/**
 * Keyboard shortcuts on every page: j/k next/previous issue (rows of an index; on an item page,
 * its neighbours in the last index seen in this tab), c new issue, / search, ? this list, Escape closes it. Keys typed into a field are
 * left alone. Without JavaScript the menu's links do the same.
 */
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";

export interface ShortcutsProps {
  /** The tracker's URL path ("/demo"). */
  base: string;
}

const KEYS: Array<[string, string]> = [
  ["j", "next issue"],
  ["k", "previous issue"],
  ["c", "create a new issue"],
  ["/", "search issues"],
  ["?", "show or hide this list"],
];

function typing(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) || el.isContentEditable;
}

const LAST_INDEX = "roundup:last-index";

function rowLinks(): HTMLAnchorElement[] {
  return [...document.querySelectorAll<HTMLAnchorElement>(
    "#live-index table.list tbody tr:not(.group) td:first-child a",
  )];
}

/** Remembers the index on the page, so that j/k on an item page walk through it. */
function rememberIndex(): void {
  const links = rowLinks();
  if (!links.length) return;
  try {
    sessionStorage.setItem(
      LAST_INDEX,
      JSON.stringify(links.map((a) => a.pathname)),
    );
  } catch {
    // Storage may be off; j/k then work on the index page only.
  }
}

/** The neighbour of this page in the last index seen, if any. */
function neighbour(dir: 1 | -1): string | null {
  try {
    const paths = JSON.parse(
      sessionStorage.getItem(LAST_INDEX) ?? "[]",
    ) as string[];
    const at = paths.indexOf(location.pathname);
    return at >= 0 ? paths[at + dir] ?? null : null;
  } catch {
    return null;
  }
}

/** Moves the keyboard focus to the next (+1) or previous (-1) row of the index on the page. */
function step(dir: 1 | -1): boolean {
  const links = rowLinks();
  if (links.length) {
    const at = links.findIndex((a) =>
      a.closest("tr")?.classList.contains("kb-current")
    );
    const next = links[Math.min(links.length - 1, Math.max(0, at + dir))]!;
    for (const a of links) a.closest("tr")?.classList.remove("kb-current");
    next.closest("tr")?.classList.add("kb-current");
    next.focus();
    return true;
  }
  const next = neighbour(dir);
  if (next) location.href = next;
  return !!next;
}

/** The shortcuts and their help list. */
export default function Shortcuts(p: ShortcutsProps) {
  const open = useSignal(false);
  useEffect(() => {
    rememberIndex();
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      if (e.key === "Escape") open.value = false;
      else if (e.key === "?") open.value = !open.value;
      else if (e.key === "j") step(1);
      else if (e.key === "k") step(-1);
      else if (e.key === "c") location.href = `${p.base}/issue?@template=item`;
      else if (e.key === "/") {
        const box = document.querySelector<HTMLInputElement>(
          "input[name='@search_text']",
        );
        if (box) box.focus();
        else location.href = `${p.base}/issue?@template=search`;
      } else return;
      e.preventDefault();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [p.base]);
  return (
    <div
      class="shortcuts"
      role="dialog"
      aria-label="Keyboard shortcuts"
      hidden={!open.value}
    >
      <h2>Keyboard shortcuts</h2>
      <dl>
        {KEYS.map(([k, what]) => (
          <>
            <dt>
              <kbd>{k}</kbd>
            </dt>
            <dd>{what}</dd>
          </>
        ))}
      </dl>
      <button type="button" onClick={() => (open.value = false)}>Close</button>
    </div>
  );
}
