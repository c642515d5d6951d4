/** One object of the demo lake, with the time it arrived in the bucket. */
export interface DemoFile {
  readonly key: string;
  /** Plain text or bytes; a `gzip` file's body is the uncompressed text. */
  readonly body: string | Uint8Array;
  readonly receivedAt: Date;
  /** The writer compresses the body (the key ends in `.gz`); domain code never does. */
  readonly gzip?: boolean;
}
