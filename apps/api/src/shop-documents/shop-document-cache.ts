import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppConfig } from '@api/config/app-config';
import { ClusterNotifications } from '@api/database/cluster-notifications';
import { CredentialCipher, DecryptionError } from '@api/secrets/credential-cipher';
import { ServedDocument } from './http-caching';
import { ShopDocumentEntity } from './shop-document.entity';
import { TtlCache } from './ttl-cache';

const MAX_CACHED_DOCUMENTS = 20_000;

/** Shops whose documents were rewritten or deleted: every replica drops its copies. */
export const SHOP_DOCUMENTS_CHANGED = 'shop-documents.changed';

/** The associated data that binds a document's ciphertext to its shop and content hash. */
export function shopDocumentAad(shopId: string, contentHash: string): string {
  return `shop_documents:${shopId}:${contentHash}`;
}

/**
 * Decrypted documents in memory, by shop. An entry is served without asking the database
 * for SHOP_DOCUMENT_CACHE_TTL_MS; then one indexed read compares the stored hash and only a
 * changed document is decrypted again. Commits in this process drop their shops' entries
 * at once (ShopDocumentsService), and through a cluster notice on the other replicas (within
 * the TTL should the notice be lost).
 */
@Injectable()
export class ShopDocumentCache {
  private readonly cache: TtlCache<string, ServedDocument>;
  private readonly loading = new Map<string, Promise<ServedDocument | undefined>>();
  /** Bumped by every invalidation: a read that started before one must not be remembered. */
  private generation = 0;

  constructor(
    config: AppConfig,
    private readonly cipher: CredentialCipher,
    @InjectRepository(ShopDocumentEntity) private readonly repo: Repository<ShopDocumentEntity>,
    cluster: ClusterNotifications,
  ) {
    this.cache = new TtlCache(MAX_CACHED_DOCUMENTS, config.SHOP_DOCUMENT_CACHE_TTL_MS);
    cluster.subscribe(SHOP_DOCUMENTS_CHANGED, {
      onIds: (ids) => this.invalidate(ids),
      onResync: () => {
        this.generation += 1;
        this.cache.deleteWhere(() => true);
        this.loading.clear();
      },
    });
  }

  /**
   * Synchronous: the document while fresh. Past half its TTL its hash is re-read in the
   * background, so a busy shop's document never expires (and never waits for the database).
   */
  peek(tenantId: string, shopId: string): ServedDocument | undefined {
    const hit = this.cache.lookup(shopId);
    if (hit?.refreshDue && !this.loading.has(shopId)) {
      // A failed read: the entry expires and the next request reads (and reports) through Nest.
      this.startRead(tenantId, shopId).catch(() => undefined);
    }
    return hit?.value;
  }

  /** The stored document (undefined when there is none); concurrent callers share one read. */
  load(tenantId: string, shopId: string): Promise<ServedDocument | undefined> {
    const fresh = this.cache.get(shopId);
    if (fresh) return Promise.resolve(fresh);
    return this.loading.get(shopId) ?? this.startRead(tenantId, shopId);
  }

  private startRead(tenantId: string, shopId: string): Promise<ServedDocument | undefined> {
    const read = this.read(tenantId, shopId).finally(() => {
      if (this.loading.get(shopId) === read) this.loading.delete(shopId);
    });
    this.loading.set(shopId, read);
    return read;
  }

  invalidate(shopIds: Iterable<string>): void {
    this.generation += 1;
    for (const shopId of shopIds) {
      this.cache.delete(shopId);
      this.loading.delete(shopId);
    }
  }

  private async read(tenantId: string, shopId: string): Promise<ServedDocument | undefined> {
    const generation = this.generation;
    const row = await this.repo.findOne({
      where: { tenantId, shopId },
      select: { shopId: true, contentHash: true, bodyCiphertext: true },
    });
    if (!row) {
      // Deleted (its shop went): stop serving the copy now rather than at its TTL.
      if (generation === this.generation) this.cache.delete(shopId);
      return undefined;
    }
    const known = this.cache.peek(shopId);
    let document = known?.hash === row.contentHash ? known : undefined;
    if (!document) {
      let plaintext: string;
      try {
        plaintext = this.cipher.decrypt(
          row.bodyCiphertext,
          shopDocumentAad(shopId, row.contentHash),
        );
      } catch (error) {
        // Its key was retired: treat it as missing, the caller rebuilds it under the active key.
        if (error instanceof DecryptionError) return undefined;
        throw error;
      }
      document = new ServedDocument(row.contentHash, Buffer.from(plaintext, 'utf8'));
    }
    if (generation === this.generation) this.cache.set(shopId, document);
    return document;
  }
}
