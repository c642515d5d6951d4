#!/usr/bin/env node
// The installed entry point: runs the TypeScript CLI through tsx, so no build step is needed.
import { spawnSync } from 'node:child_process';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import { CLI_NODE_FLAGS } from './node-flags.js';

if (CLI_NODE_FLAGS.every((flag) => process.execArgv.includes(flag))) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./cli.ts');
} else {
  // A shebang cannot pass them everywhere (BusyBox env has no -S): Node starts again with them.
  const args = [
    ...CLI_NODE_FLAGS,
    ...process.execArgv,
    fileURLToPath(import.meta.url),
    ...process.argv.slice(2),
  ];
  const cli = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (cli.error) throw cli.error;
  process.exitCode = cli.status ?? 128 + (constants.signals[cli.signal] ?? 0);
}
