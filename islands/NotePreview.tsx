/**
 * The change note's text area with a preview of the note as it will be shown: Markdown rendered
 * and sanitised by the server when the tracker renders messages as Markdown. Without JavaScript
 * it is the plain text area.
 */
import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { postJson } from "./_json.ts";

export interface NotePreviewProps {
  name: string;
  id: string;
  value: string;
  base: string;
}

/** The markdown route's answer: sanitised HTML made by the server. */
export interface RenderedNote {
  html: string;
}

/** The note field and its preview. */
export default function NotePreview(p: NotePreviewProps) {
  const text = useSignal(p.value);
  const html = useSignal("");
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const render = (v: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      const r = await postJson<RenderedNote>(`${p.base}/@@api/markdown`, v);
      if (r) html.value = r.html;
    }, 200);
  };
  return (
    <div class="note-preview">
      <textarea
        id={p.id}
        name={p.name}
        rows={6}
        cols={60}
        value={text.value}
        onInput={(e) => {
          text.value = (e.target as HTMLTextAreaElement).value;
          render(text.value);
        }}
      />
      {html.value && (
        <section class="preview" aria-label="Preview of the note">
          <h3>Preview</h3>
          {/* The server sanitised this HTML (sanitize-html allowlist). */}
          <div
            class="markdown"
            dangerouslySetInnerHTML={{ __html: html.value }}
          />
        </section>
      )}
    </div>
  );
}
