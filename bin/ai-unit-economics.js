#!/usr/bin/env -S node --initial-old-space-size=64
// The installed entry point: runs the TypeScript CLI through tsx, so no build step is needed.
//
// Node starts with a 64 MiB old generation (the npm scripts and bench:land do the same).
// land's main thread moves about 4 GiB of buffers per GiB of events between its worker
// and the disk; from V8's small default, every ~64 MiB of them started a full collection,
// which also dropped zod's compiled validators for V8 to compile again. 1 GiB landed:
// 48-55 full collections fall to 3-4 and land takes 8-13% less time, for 10-20 MiB more
// peak memory (the flag cannot be set in NODE_OPTIONS or once Node runs).
import { register } from 'tsx/esm/api';

register();
await import('./cli.ts');
