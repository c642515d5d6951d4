/** Types of node-flags.js, which stays JavaScript: the entry point reads it before tsx is registered. */
export declare const CLI_NODE_FLAGS: readonly string[];
