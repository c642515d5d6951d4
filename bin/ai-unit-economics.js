#!/usr/bin/env -S node --initial-old-space-size=48
// The installed entry point: runs the TypeScript CLI through tsx, so no build step is needed.
//
// Node starts with a 48 MiB old generation (the npm scripts and bench:land do the same).
// land's main thread moves about 4 GiB of buffers per GiB of events between its worker
// and the disk; from V8's small default, every ~64 MiB of them started a full collection,
// which also dropped zod's compiled validators for V8 to compile again. Landing 1 GiB:
// 48-55 full collections fall to 6-7 and land takes about a tenth less time, for about
// 12 MiB more peak memory (64 MiB: 3-4 collections, no faster, 10 MiB more again). The
// flag cannot be set in NODE_OPTIONS or once Node runs.
import { register } from 'tsx/esm/api';

register();
await import('./cli.ts');
