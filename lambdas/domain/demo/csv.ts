/** CSV text as spreadsheets and AWS exports write it: quotes only where a cell needs them. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | null)[])[]): string {
  return [header, ...rows]
    .map((row) => row.map(cell).join(','))
    .join('\n')
    .concat('\n');
}

function cell(value: string | null): string {
  if (value === null) return '';
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
