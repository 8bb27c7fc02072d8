/**
 * One property's "search for" field on the search page: a drop-down of names for a Link or
 * Multilink to a small class (status, priority, keyword, a few users), as Roundup's search page
 * has, with "don't care" and "not set" (-1); a text field otherwise, or when the value in hand
 * is not one of the names (a comma list, an id range).
 */
import type { ClassDef } from "../store/mod.ts";
import type { Ctx } from "../server/context.ts";
import { labelerFor } from "../server/display.ts";

/** Above this many items a linked class gets a text field instead of a drop-down. */
const MAX_CHOICES = 50;

/** The names to offer per Link/Multilink property, for linked classes small enough to list. */
export async function linkChoices(
  c: Ctx,
  cls: ClassDef,
  props: string[],
): Promise<Map<string, string[]>> {
  const t = c.get("tracker");
  const a = c.get("actor");
  const lab = labelerFor(c);
  const out = new Map<string, string[]>();
  for (const name of props) {
    const p = cls.props.get(name);
    if (!p?.class || (p.type !== "Link" && p.type !== "Multilink")) continue;
    if (!(await a.may("View", p.class))) continue;
    // One item past the limit says the class is too large, without listing all of it.
    const { ids } = await t.db.cls(p.class).filterPage({
      sort: [["+", "id"]],
      limit: MAX_CHOICES + 1,
    });
    if (ids.length > MAX_CHOICES) continue;
    await lab.prefetch(p.class, ids);
    out.set(name, await Promise.all(ids.map((id) => lab.label(p.class!, id))));
  }
  return out;
}

/** The field: a select when `choices` are given and hold `value`, else a text input. */
export function SearchField(
  p: { name: string; value: string; choices?: string[] },
) {
  const id = `s-${p.name}`;
  const fits = p.choices &&
    (p.value === "" || p.value === "-1" || p.choices.includes(p.value));
  if (!fits) {
    return <input type="text" id={id} name={p.name} value={p.value} />;
  }
  return (
    <select id={id} name={p.name}>
      <option value="" selected={p.value === ""}>don't care</option>
      <option value="-1" selected={p.value === "-1"}>not set</option>
      {p.choices!.map((label) => (
        <option key={label} value={label} selected={p.value === label}>
          {label}
        </option>
      ))}
    </select>
  );
}
