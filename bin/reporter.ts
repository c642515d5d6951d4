/**
 * How the CLI talks to people: results on stdout, progress and problems on stderr. A
 * progress line redraws in place on a terminal and stays silent when piped.
 */
export const reporter = {
  line(text = ''): void {
    process.stdout.write(`${text}\n`);
  },
  problem(text: string): void {
    process.stderr.write(`${text}\n`);
  },
  progress(text: string): void {
    if (!process.stderr.isTTY) return;
    process.stderr.write(`\r\x1b[2K${text}`);
  },
  endProgress(): void {
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
  },
};

/** Right-aligned numbers, left-aligned text: a plain table a terminal shows well. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const numeric = header.map(
    (_, column) => rows.length > 0 && rows.every((row) => /^[-+$€£\d.,%\s]*$/.test(row[column] ?? '')),
  );
  const render = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        numeric[column] ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [render(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(render)].join(
    '\n',
  );
}
