/** Text cells as real exports write "nothing": empty, `NULL`, `null`, `(null)`. */
const NULL_CELL = /^(null|\(null\))$/i;

/** A CSV cell's trimmed text, or null for the null encodings real files use. */
export function csvCell(value: string | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed && !NULL_CELL.test(trimmed) ? trimmed : null;
}

/** A JSON string field's trimmed text, or null when absent or blank. */
export function blankToNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}
