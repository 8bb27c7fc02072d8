/**
 * A date field that takes Roundup's whole date grammar ("2026-12-24", "-1d", ". + 2w",
 * "2026-03-01;2026-04-01" in searches) and shows what the text means as you type, as the server
 * reads it for you (your timezone). Without JavaScript it is the plain text field.
 */
import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { getJson } from "./_json.ts";

export interface DateFieldProps {
  name: string;
  id: string;
  value: string;
  base: string;
  /** A search field: ranges ("from;to") are allowed. */
  range?: boolean;
}

/** The date route's answer. */
export interface DateMeaning {
  ok: boolean;
  /** The date (or range) in full, or the reason it is not a date. */
  text: string;
}

/** The field and its preview. */
export default function DateField(p: DateFieldProps) {
  const text = useSignal(p.value);
  const meaning = useSignal<DateMeaning | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const seq = useRef(0);
  const ask = (v: string) => {
    clearTimeout(timer.current);
    if (!v.trim()) {
      meaning.value = null;
      return;
    }
    timer.current = setTimeout(async () => {
      const n = ++seq.current;
      const m = await getJson<DateMeaning>(
        `${p.base}/@@api/date?${new URLSearchParams({
          v,
          range: p.range ? "1" : "",
        })}`,
      );
      if (n === seq.current) meaning.value = m;
    }, 150);
  };
  useEffect(() => () => clearTimeout(timer.current), []);
  const m = meaning.value;
  return (
    <span class="date-field">
      <input
        type="text"
        id={p.id}
        name={p.name}
        value={text.value}
        size={30}
        aria-describedby={`${p.id}-meaning`}
        onInput={(e) => {
          text.value = (e.target as HTMLInputElement).value;
          ask(text.value);
        }}
      />
      <output
        id={`${p.id}-meaning`}
        class={m ? (m.ok ? "date-ok" : "date-bad") : "date-none"}
        aria-live="polite"
      >
        {m?.text ?? ""}
      </output>
    </span>
  );
}
