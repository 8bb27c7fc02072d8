/**
 * The nosy list as removable chips plus a picker to add users. The form still posts one
 * comma-separated `nosy` field (a hidden input once enhanced; the plain text field without
 * JavaScript), so the server sees the same form either way.
 */
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import Picker from "./Picker.tsx";

export interface NosyEditorProps {
  name: string;
  id: string;
  /** Comma-separated user names. */
  value: string;
  base: string;
}

function names(v: string): string[] {
  return v.split(",").map((s) => s.trim()).filter(Boolean);
}

/** The editor. */
export default function NosyEditor(p: NosyEditorProps) {
  const list = useSignal(names(p.value));
  const enhanced = useSignal(false);
  useEffect(() => {
    enhanced.value = true;
  }, []);
  if (!enhanced.value) {
    return (
      <input type="text" id={p.id} name={p.name} value={p.value} size={30} />
    );
  }
  const add = (n: string) => {
    if (!list.value.includes(n)) list.value = [...list.value, n];
  };
  return (
    <span class="nosy-editor">
      <input type="hidden" name={p.name} value={list.value.join(",")} />
      <ul class="chips" aria-label="Nosy list">
        {list.value.map((n) => (
          <li>
            {n}{" "}
            <button
              type="button"
              class="chip-remove"
              aria-label={`Remove ${n} from the nosy list`}
              onClick={() => (list.value = list.value.filter((x) => x !== n))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <Picker
        name={p.name}
        id={p.id}
        value=""
        cls="user"
        multiple={false}
        base={p.base}
        label="Add a user to the nosy list"
        onPick={add}
      />
    </span>
  );
}
