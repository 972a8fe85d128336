/** A column header that sorts the table by its column; a second click turns the order round. */
export function SortHeader<K extends string>({
  label,
  column,
  sort,
  order,
  onSort,
}: {
  label: string
  column: K
  sort: K
  order: 'asc' | 'desc'
  onSort: (sort: K) => void
}) {
  const active = sort === column
  return (
    <th scope="col" aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="sort-button" onClick={() => onSort(column)}>
        {label}
        <span aria-hidden="true">{active ? (order === 'asc' ? ' ▲' : ' ▼') : ' ↕'}</span>
      </button>
    </th>
  )
}
