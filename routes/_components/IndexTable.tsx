/** An index as a table: column headers that sort, group rows, links to items. */

/** One cell: text, optionally a link. */
export interface Cell {
  text: string;
  href?: string;
}

/** A prepared index. */
export interface IndexTableProps {
  columns: string[];
  /** Header link per column (sort by it). */
  sortHrefs: string[];
  rows: Array<{ group?: string; cells: Cell[] }>;
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
      <tr key={i}>
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
