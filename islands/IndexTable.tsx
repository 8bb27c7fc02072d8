/**
 * An index as a table: column headers that sort, group rows, links to items. The server renders
 * it into the index page and the LiveList island renders it again after each change, so both
 * show one markup.
 */

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

/** A prepared index. */
export interface IndexTableProps {
  columns: string[];
  /** Header link per column (sort by it). */
  sortHrefs: string[];
  rows: LiveRow[];
}

/** The table; an empty index says so. */
export function IndexTable(p: IndexTableProps) {
  if (!p.rows.length) return <p class="count">There are no items to show.</p>;
  let group: string | undefined;
  const body = [];
  for (const [i, r] of p.rows.entries()) {
    if (r.group !== undefined && r.group !== group) {
      group = r.group;
      body.push(
        <tr class="group" key={`g${i}`}>
          <th colSpan={p.columns.length}>{r.group || "(none)"}</th>
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
          {p.columns.map((col, i) => (
            <th scope="col">
              <a href={p.sortHrefs[i]}>{col}</a>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{body}</tbody>
    </table>
  );
}
