import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI_NODE_FLAGS } from '../../../bin/node-flags.js';

const entryPoint = fileURLToPath(new URL('../../../bin/ai-unit-economics.js', import.meta.url));
const packageJson = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));

describe('CLI entry point', () => {
  it('runs Node with a 48 MiB old generation, as land was measured with', () => {
    expect(CLI_NODE_FLAGS).toEqual(['--initial-old-space-size=48']);
  });

  it('is started with the same Node flags by every npm script that runs the CLI', () => {
    const cliScripts = Object.entries(packageJson.scripts as Record<string, string>).filter(([, command]) =>
      command.includes('bin/cli.ts'),
    );

    expect(cliScripts.map(([name]) => name)).toEqual(expect.arrayContaining(['start', 'cli', 'schemas']));
    for (const [name, command] of cliScripts) {
      expect({ name, starts: command.startsWith(`tsx ${CLI_NODE_FLAGS.join(' ')} bin/cli.ts`) }).toEqual({
        name,
        starts: true,
      });
    }
  });

  it('runs as an executable with a plain shebang, starting Node again with the flags', () => {
    expect(readFileSync(entryPoint, 'utf8').split('\n', 1)[0]).toBe('#!/usr/bin/env node');

    const help = execFileSync(entryPoint, ['--help'], { encoding: 'utf8' });

    expect(help).toContain('Usage: ai-unit-economics');
  });

  it("passes the CLI's exit code on: 2 for an unknown command", () => {
    const run = spawnSync(entryPoint, ['no-such-command'], { encoding: 'utf8' });

    expect(run.status).toBe(2);
    expect(run.stderr).toContain("unknown command 'no-such-command'");
  });
});
