import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI_NODE_FLAGS } from '../../../bin/node-flags.js';

const entryPoint = fileURLToPath(new URL('../../../bin/ai-unit-economics.js', import.meta.url));
const packageJson = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));

describe('CLI entry point', () => {
  it('runs the CLI in a Node started with a 48 MiB old generation', async () => {
    // Each Node process started here reports its flags first (NODE_OPTIONS reaches the restarted one too);
    // tsx's loader thread would report them again.
    const dir = await mkdtemp(join(tmpdir(), 'aiue-entry-'));
    const report = join(dir, 'report-flags.cjs');
    await writeFile(
      report,
      "if (require('node:worker_threads').isMainThread) process.stderr.write('flags ' + JSON.stringify(process.execArgv) + '\\n');",
    );
    try {
      const run = spawnSync(entryPoint, ['--help'], {
        encoding: 'utf8',
        env: { ...process.env, NODE_OPTIONS: `--require ${report}` },
      });
      const flags = [...run.stderr.matchAll(/^flags (.*)$/gm)].map(([, json]) => JSON.parse(json as string));

      expect(run.status).toBe(0);
      expect(CLI_NODE_FLAGS).toEqual(['--initial-old-space-size=48']);
      // The entry point as the shell starts it, then the Node it starts with the flags.
      expect(flags).toEqual([[], expect.arrayContaining([...CLI_NODE_FLAGS])]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
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
