import { Injectable } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { CredentialCipher } from './credential-cipher';
import { SEALED_SECRET_STORE, type SealedSecretStoreInstance } from './sealed-secret-store';

export interface ReencryptionProgress {
  store: string;
  total: number;
  done: number;
}

/**
 * Moves every stored secret (merchant credentials, Fields tokens, webhook secrets, …) to the
 * active encryption key after a key rotation, store by store, in batches. Platform-wide by
 * design: an operator maintenance step run from the CLI, never reachable through the tenant
 * API. A rerun continues where an interrupted one stopped.
 */
@Injectable()
export class SecretsReencryptionService {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly cipher: CredentialCipher,
  ) {}

  stores(): { name: string; store: SealedSecretStoreInstance }[] {
    return this.discovery
      .getProviders()
      .flatMap((wrapper) => {
        const name = wrapper.metatype
          ? this.reflector.get<string | undefined>(SEALED_SECRET_STORE, wrapper.metatype)
          : undefined;
        return name ? [{ name, store: wrapper.instance as SealedSecretStoreInstance }] : [];
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async reencryptAll(
    onProgress: (progress: ReencryptionProgress) => void = () => undefined,
    {
      batchSize = 200,
      cipher = this.cipher,
    }: { batchSize?: number; cipher?: CredentialCipher } = {},
  ): Promise<ReencryptionProgress[]> {
    const results: ReencryptionProgress[] = [];
    for (const { name, store } of this.stores()) {
      const progress = { store: name, total: await store.countStale(cipher), done: 0 };
      onProgress({ ...progress });
      for (let moved = -1; moved !== 0 && progress.done < progress.total;) {
        moved = await store.reencryptBatch(cipher, batchSize);
        progress.done = Math.min(progress.total, progress.done + moved);
        onProgress({ ...progress });
      }
      results.push(progress);
    }
    return results;
  }
}
