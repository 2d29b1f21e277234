import { Injectable } from '@nestjs/common';
import { DataSource, Not, Like } from 'typeorm';
import { CredentialCipher } from '@api/secrets/credential-cipher';
import { MerchantAccountEntity } from './merchant-account.entity';
import { credentialsAad } from './merchant-accounts.service';

export interface ReencryptionProgress {
  total: number;
  done: number;
}

/**
 * Moves every stored credential to the active encryption key (after a key
 * rotation), in batches. Platform-wide by design: an operator maintenance step
 * run from the CLI, never reachable through the tenant API. Each row is updated
 * only if its ciphertext is still the one that was read, so a concurrent
 * credential change is never overwritten; a rerun continues where it stopped.
 */
@Injectable()
export class CredentialsReencryptionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: CredentialCipher,
  ) {}

  async reencryptAll(
    onProgress: (progress: ReencryptionProgress) => void = () => undefined,
    batchSize = 200,
  ): Promise<ReencryptionProgress> {
    const repo = this.dataSource.getRepository(MerchantAccountEntity);
    const stale = { credentialsCiphertext: Not(Like(`v1.${this.cipher.activeKeyId}.%`)) };
    const total = await repo.countBy(stale);
    let done = 0;
    onProgress({ total, done });
    for (;;) {
      const batch = await repo.find({
        where: stale,
        select: { id: true, credentialsCiphertext: true },
        take: batchSize,
        order: { id: 'ASC' },
      });
      if (batch.length === 0) break;
      for (const row of batch) {
        const plaintext = this.cipher.decrypt(row.credentialsCiphertext, credentialsAad(row.id));
        await repo.update(
          { id: row.id, credentialsCiphertext: row.credentialsCiphertext },
          { credentialsCiphertext: this.cipher.encrypt(plaintext, credentialsAad(row.id)) },
        );
        done += 1;
      }
      onProgress({ total, done });
    }
    return { total, done };
  }
}
