/**
 * The Node flags the CLI runs with: its entry point starts Node again with them, the npm
 * scripts pass them to tsx, and bench:land starts its phases with them.
 *
 * A 48 MiB old generation to start with. land's main thread moves about 4 GiB of buffers per
 * GiB of events between its worker and the disk; from V8's small default, every ~64 MiB of
 * them started a full collection, which also dropped zod's compiled validators for V8 to
 * compile again. Landing 1 GiB: 48-55 full collections fall to 6-7 and land takes about a
 * tenth less time, for about 12 MiB more peak memory (64 MiB: 3-4 collections, no faster,
 * 10 MiB more again). NODE_OPTIONS refuses this flag and a running Node ignores it.
 */
export const CLI_NODE_FLAGS = ['--initial-old-space-size=48'];
