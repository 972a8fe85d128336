import type { ReactNode } from 'react'

export interface DataTableColumn {
  label: string
  /** Right-aligned figures. */
  num?: boolean
  /** Read to screen readers only (a column of row buttons). */
  hidden?: boolean
}

/**
 * A table that scrolls sideways inside its own box on a narrow screen (never the page), named by
 * a caption for screen readers, with one header per column; the caller renders the rows.
 */
export function DataTable({ caption, columns, children }: { caption: string; columns: DataTableColumn[]; children: ReactNode }) {
  return (
    <div className="table-wrap" tabIndex={0}>
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.label} scope="col" className={c.num ? 'num' : undefined}>
                {c.hidden ? <span className="visually-hidden">{c.label}</span> : c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  )
}
