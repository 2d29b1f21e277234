import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { buildOpenApiDocument } from '@api/openapi/openapi-document';
import { config, EXIT, scratchConfig, withApp } from './context';

type Run = (code: number) => void;

/** openapi. */
export function registerOpenApiCommand(program: Command, done: Run): void {
  program
    .command('openapi')
    .description("print or write the API's OpenAPI document")
    .option('--out <file>', 'write it to this file instead of stdout')
    .action(async (options: { out?: string }) => {
      const document = await withApp(scratchConfig(config()), (app) =>
        Promise.resolve(buildOpenApiDocument(app)),
      );
      const text = `${JSON.stringify(document, null, 2)}\n`;
      if (options.out) writeFileSync(resolve(process.cwd(), options.out), text);
      else process.stdout.write(text);
      done(EXIT.ok);
    });
}
