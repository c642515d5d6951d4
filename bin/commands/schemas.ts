import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { contractJsonSchemas } from '../../lambdas/domain/json-schemas.ts';
import { reporter } from '../reporter.ts';

export async function schemasCommand(outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  for (const [name, schema] of Object.entries(contractJsonSchemas())) {
    await writeFile(join(outDir, name), `${JSON.stringify(schema, null, 2)}\n`);
    reporter.line(`wrote ${join(outDir, name)}`);
  }
}
