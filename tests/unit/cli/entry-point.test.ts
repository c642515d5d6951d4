import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const entryPoint = new URL('../../../bin/ai-unit-economics.js', import.meta.url);
const [shebang] = readFileSync(entryPoint, 'utf8').split('\n', 1);
const packageJson = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));

describe('CLI entry point', () => {
  it('starts Node with a 48 MiB old generation, as land was measured with', () => {
    expect(shebang).toBe('#!/usr/bin/env -S node --initial-old-space-size=48');
  });

  it('is started with the same Node flags by every npm script that runs the CLI', () => {
    const flags = (shebang as string).split(' ').filter((word) => word.startsWith('--'));
    const cliScripts = Object.entries(packageJson.scripts as Record<string, string>).filter(([, command]) =>
      command.includes('bin/cli.ts'),
    );

    expect(cliScripts.map(([name]) => name)).toEqual(expect.arrayContaining(['start', 'cli', 'schemas']));
    for (const [name, command] of cliScripts) {
      expect({ name, starts: command.startsWith(`tsx ${flags.join(' ')} bin/cli.ts`) }).toEqual({
        name,
        starts: true,
      });
    }
  });

  it('runs as an executable, its flag accepted by Node', () => {
    const help = execFileSync(fileURLToPath(entryPoint), ['--help'], { encoding: 'utf8' });

    expect(help).toContain('Usage: ai-unit-economics');
  });
});
