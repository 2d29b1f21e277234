import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Global, Logger, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AppConfig } from '@api/config/app-config';
import { CredentialCipher, parseEncryptionKeys } from './credential-cipher';
import { SecretsReencryptionService } from './secrets-reencryption.service';

/**
 * The cipher for secrets at rest. Production takes keys from ENCRYPTION_KEYS
 * (config refuses to start without them). A development start on embedded
 * PGlite keeps a generated key beside the data folder, so `npm start` works
 * with no set-up and restarts can still read what they stored; an in-memory
 * database gets a key for this process only.
 */
export function createCredentialCipher(config: AppConfig): CredentialCipher {
  if (config.ENCRYPTION_KEYS) {
    const keys = parseEncryptionKeys(config.ENCRYPTION_KEYS);
    return new CredentialCipher(keys, config.ENCRYPTION_ACTIVE_KEY_ID ?? keys[keys.length - 1].id);
  }
  const logger = new Logger('SecretsModule');
  if (config.usesEmbeddedDatabase && !config.PGLITE_DATA_DIR.startsWith('memory://')) {
    const file = `${config.PGLITE_DATA_DIR.replace(/\/+$/, '')}.encryption-key`;
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
    }
    logger.warn(`ENCRYPTION_KEYS is not set: using the development key in ${file}`);
    return new CredentialCipher(
      [{ id: 'dev', key: Buffer.from(readFileSync(file, 'utf8'), 'base64') }],
      'dev',
    );
  }
  // Only an in-memory database gets here (config requires keys with DATABASE_URL): nothing outlives the process.
  logger.warn('ENCRYPTION_KEYS is not set: using a key for this in-memory database only');
  return new CredentialCipher([{ id: 'ephemeral', key: randomBytes(32) }], 'ephemeral');
}

@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [
    { provide: CredentialCipher, inject: [AppConfig], useFactory: createCredentialCipher },
    SecretsReencryptionService,
  ],
  exports: [CredentialCipher, SecretsReencryptionService],
})
export class SecretsModule {}
