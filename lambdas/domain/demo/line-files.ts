import type { Random } from './random.ts';

/** An NDJSON file being assembled: its lines, when it arrives, and whether it is shipped gzipped. */
export interface LineFile {
  readonly key: string;
  readonly lines: string[];
  receivedAtMs: number;
  readonly gzip: boolean;
}

/** Lines grouped into files by key, in order of first appearance. */
export function groupLines(
  entries: readonly { readonly key: string; readonly line: string }[],
  fileOf: (key: string) => Omit<LineFile, 'lines' | 'key'>,
): LineFile[] {
  const files = new Map<string, LineFile>();
  for (const { key, line } of entries) {
    let file = files.get(key);
    if (!file) {
      file = { key, lines: [], ...fileOf(key) };
      files.set(key, file);
    }
    file.lines.push(line);
  }
  return [...files.values()];
}

/** Repeats `count` different lines, chosen at random, right after themselves in their file. */
export function duplicateLines(files: readonly LineFile[], count: number, random: Random): void {
  const places = files.flatMap((file) => file.lines.map((_, index) => ({ file, index })));
  if (places.length < count) throw new RangeError(`cannot repeat ${count} lines out of ${places.length}`);
  const chosen: typeof places = [];
  for (let i = 0; i < count; i++) chosen.push(...places.splice(random.int(0, places.length - 1), 1));
  // From the end of each file backwards, so an insertion does not move the places still to come.
  chosen.sort((a, b) => b.index - a.index);
  for (const { file, index } of chosen) file.lines.splice(index + 1, 0, file.lines[index] as string);
}

/** Puts each line at a random place in the file its key names. */
export function insertLines(
  files: readonly LineFile[],
  entries: readonly { readonly key: string; readonly line: string }[],
  random: Random,
): void {
  for (const { key, line } of entries) {
    const file = files.find((candidate) => candidate.key === key);
    if (!file) throw new RangeError(`no file "${key}" to put a line in`);
    file.lines.splice(random.int(0, file.lines.length), 0, line);
  }
}

export function ndjson(lines: readonly string[]): string {
  return lines.map((line) => `${line}\n`).join('');
}
