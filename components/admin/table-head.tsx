/** A table's header row: each column a label, numbers right-aligned. */
export function TableHead({ columns }: { columns: (string | { label: string; numeric: true })[] }) {
  return (
    <thead className="text-left text-zinc-600">
      <tr>
        {columns.map((c, i) =>
          typeof c === "string" ? (
            <th key={i} className="py-2 font-medium">
              {c}
            </th>
          ) : (
            <th key={i} className="py-2 text-right font-medium">
              {c.label}
            </th>
          ),
        )}
      </tr>
    </thead>
  );
}
