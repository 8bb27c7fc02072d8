/**
 * A user or keyword picker: the plain text field of the form (one name, or comma-separated names
 * for a Multilink) that, with JavaScript on, suggests matching items of the class as you type
 * (an ARIA combobox: arrows, Enter, Escape). It replaces Roundup's classhelp pop-up window.
 */
import { useSignal } from "@preact/signals";
import { useRef } from "preact/hooks";
import { getJson } from "./_json.ts";

export interface PickerProps {
  /** The form field's name (the property). */
  name: string;
  /** Its id, for the label. */
  id: string;
  value: string;
  /** The class the names come from ("user", "keyword"). */
  cls: string;
  /** Comma-separated names allowed (a Multilink). */
  multiple: boolean;
  /** The tracker's URL path. */
  base: string;
  /** Extra accessible name when no <label for> points at the field. */
  label?: string;
}

/** One suggestion of the lookup route. */
export interface Suggestion {
  id: string;
  name: string;
  /** Shown beside the name (a user's real name). */
  detail?: string;
}

/** The last comma-separated token of a Multilink field is the one being typed. */
function current(text: string, multiple: boolean): string {
  return multiple ? text.split(",").pop()!.trim() : text.trim();
}

function replaced(text: string, name: string, multiple: boolean): string {
  if (!multiple) return name;
  const parts = text.split(",").map((s) => s.trim());
  parts[parts.length - 1] = name;
  return parts.filter(Boolean).join(",") + ",";
}

/** The picker; `onPick` lets the nosy editor take a chosen name instead of the field. */
export default function Picker(
  p: PickerProps & { onPick?: (name: string) => void },
) {
  const text = useSignal(p.value);
  const items = useSignal<Suggestion[]>([]);
  const active = useSignal(-1);
  const seq = useRef(0);
  const listId = `${p.id}-list`;
  const lookup = async (q: string) => {
    const n = ++seq.current;
    const found = await getJson<Suggestion[]>(
      `${p.base}/@@api/lookup/${p.cls}?q=${encodeURIComponent(q)}`,
    );
    if (n !== seq.current) return;
    items.value = found ?? [];
    active.value = -1;
  };
  const choose = (s: Suggestion) => {
    items.value = [];
    if (p.onPick) {
      p.onPick(s.name);
      text.value = "";
    } else text.value = replaced(text.value, s.name, p.multiple);
  };
  const onKey = (e: KeyboardEvent) => {
    const n = items.value.length;
    if (e.key === "ArrowDown" && n) active.value = (active.value + 1) % n;
    else if (e.key === "ArrowUp" && n) {
      active.value = (active.value + n - 1) % n;
    } else if (e.key === "Enter" && active.value >= 0) {
      choose(items.value[active.value]!);
    } else if (e.key === "Enter" && p.onPick && text.value.trim()) {
      p.onPick(text.value.trim());
      text.value = "";
      items.value = [];
    } else if (e.key === "Escape") items.value = [];
    else return;
    e.preventDefault();
  };
  const open = items.value.length > 0;
  return (
    <span class="picker">
      <input
        type="text"
        id={p.id}
        name={p.onPick ? undefined : p.name}
        value={text.value}
        size={30}
        autocomplete="off"
        role="combobox"
        aria-label={p.label}
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={active.value >= 0
          ? `${listId}-${active.value}`
          : undefined}
        onInput={(e) => {
          text.value = (e.target as HTMLInputElement).value;
          void lookup(current(text.value, p.multiple));
        }}
        onKeyDown={onKey}
        onBlur={() => setTimeout(() => (items.value = []), 150)}
      />
      <ul id={listId} role="listbox" class="suggestions" hidden={!open}>
        {items.value.map((s, i) => (
          <li
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active.value}
            onMouseDown={(e) => {
              e.preventDefault();
              choose(s);
            }}
          >
            {s.name}
            {s.detail && <small>{` ${s.detail}`}</small>}
          </li>
        ))}
      </ul>
    </span>
  );
}
