/** Form fields of an item page, one per property kind, and text with links to items and URLs. */
import { type ComponentChildren, Fragment } from "preact";

/** One property row of an item form, prepared by the route. */
export interface FieldRow {
  name: string;
  type: string;
  /** Text shown or put into the input. */
  value: string;
  editable: boolean;
  /** For small Link classes: choices as [id, label]. */
  options?: Array<[string, string]>;
  /** For Links and Multilinks shown read-only: where each linked item is. */
  links?: Array<{ href: string; label: string }>;
  required?: boolean;
  /** Ask for the old password too (the user's own record). */
  oldPassword?: boolean;
  /** The classhelp list of the linked class, for typing names. */
  helpHref?: string;
}

function Input({ row }: { row: FieldRow }) {
  const id = `f-${row.name}`;
  if (row.type === "Password") {
    return (
      <>
        {row.oldPassword && (
          <>
            <label>
              old{" "}
              <input
                type="password"
                name="@old_password"
                autocomplete="current-password"
              />
            </label>
            {" "}
          </>
        )}
        <input
          type="password"
          id={id}
          name={row.name}
          autocomplete="new-password"
        />{" "}
        <label>
          again{" "}
          <input
            type="password"
            name={`@confirm@${row.name}`}
            autocomplete="new-password"
          />
        </label>
      </>
    );
  }
  if (row.options) {
    return (
      <select id={id} name={row.name}>
        <option value="">- no selection -</option>
        {row.options.map(([, label]) => (
          <option value={label} selected={label === row.value}>{label}</option>
        ))}
      </select>
    );
  }
  if (row.type === "Boolean") {
    return (
      <span id={id}>
        <label>
          <input
            type="radio"
            name={row.name}
            value="yes"
            checked={row.value === "Yes"}
          />{" "}
          Yes
        </label>{" "}
        <label>
          <input
            type="radio"
            name={row.name}
            value="no"
            checked={row.value !== "Yes"}
          />{" "}
          No
        </label>
      </span>
    );
  }
  return (
    <input
      type="text"
      id={id}
      name={row.name}
      value={row.value}
      size={row.name === "title" ? 60 : 30}
      required={row.required}
    />
  );
}

/** The value cell: an input when editable, else the text (with links). */
export function FieldCell({ row }: { row: FieldRow }) {
  if (row.editable) {
    return (
      <>
        <Input row={row} />
        {row.helpHref && !row.options && (
          <>
            {" "}
            <a href={row.helpHref} target="_blank" rel="noopener">(list)</a>
          </>
        )}
      </>
    );
  }
  if (row.links?.length) {
    return (
      <>
        {row.links.map((l, i) => (
          <>
            {i > 0 && ", "}
            <a href={l.href}>{l.label}</a>
          </>
        ))}
      </>
    );
  }
  return <>{row.value}</>;
}

const LINKY =
  /(https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)])|\b([a-z_][a-z0-9_]*?)(\d+)\b/gi;

/** Message text with designators of known classes and http(s) URLs as links; the rest as text. */
export function LinkedText(
  { text, base, classes }: { text: string; base: string; classes: string[] },
): ComponentChildren {
  const out: ComponentChildren[] = [];
  let last = 0;
  for (const m of text.matchAll(LINKY)) {
    const isUrl = m[1] !== undefined;
    if (!isUrl && !classes.includes(m[2]!)) continue;
    out.push(text.slice(last, m.index));
    out.push(
      <a
        href={isUrl ? m[1] : `${base}/${m[2]}${m[3]}`}
        rel={isUrl ? "nofollow noopener" : undefined}
      >
        {m[0]}
      </a>,
    );
    last = m.index! + m[0].length;
  }
  out.push(text.slice(last));
  return out;
}

/** A message: quoted lines ("> …") folded into a collapsible block, the rest as linked text. */
export function MessageText(
  { text, base, classes }: { text: string; base: string; classes: string[] },
): ComponentChildren {
  const blocks: Array<{ quoted: boolean; lines: string[] }> = [];
  for (const line of text.split("\n")) {
    const quoted = /^\s*>/.test(line);
    const last = blocks[blocks.length - 1];
    if (last && last.quoted === quoted) last.lines.push(line);
    else blocks.push({ quoted, lines: [line] });
  }
  return blocks.map((b, i) => {
    const body = LinkedText({ text: b.lines.join("\n"), base, classes });
    return b.quoted && b.lines.length > 2
      ? (
        <details class="quoted" key={i}>
          <summary>quoted text ({b.lines.length} lines)</summary>
          {body}
        </details>
      )
      : <Fragment key={i}>{body}{i < blocks.length - 1 ? "\n" : ""}</Fragment>;
  });
}
