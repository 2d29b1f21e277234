import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  DataSource,
  In,
  type EntityManager,
  type EntitySubscriberInterface,
  type FindOptionsWhere,
  type QueryRunner,
} from 'typeorm';
import type { CapabilitySnapshot } from '@platform/capabilities';
import { ClusterNotifications } from '@api/database/cluster-notifications';
import { FieldsTokenEntity } from '@api/fields-tokens/fields-token.entity';
import { fieldsTokenAad } from '@api/fields-tokens/fields-token-aad';
import { MerchantAccountEntity } from '@api/merchant-accounts/merchant-account.entity';
import { CredentialCipher } from '@api/secrets/credential-cipher';
import { ShopEntity } from '@api/shops/shop.entity';
import { CapabilitySnapshotEntity } from '@api/snapshots/capability-snapshot.entity';
import {
  buildCapabilityDocument,
  CAPABILITY_DOCUMENT_SCHEMA_VERSION,
  serializeDocument,
} from './capability-document';
import { ShopDocumentEntity } from './shop-document.entity';
import { SHOP_DOCUMENTS_CHANGED, ShopDocumentCache, shopDocumentAad } from './shop-document-cache';
import { SHOPS_DELETED, ShopTokenResolver } from './shop-token-resolver';

/** Namespace (classid) of the per-shop advisory locks: "shpd". */
const SHOP_DOCUMENT_LOCK_CLASS = 0x73687064;

/**
 * Keeps every shop's precomputed capability document equal to its inputs. Whoever changes
 * an input (a snapshot, the account's state or compliance, the active Fields token, the
 * shop) calls in with its transaction `manager`, so the document commits, or rolls back,
 * with the change. After the commit this process drops its cached copy at once.
 *
 * Concurrent rebuilds of one shop are serialized: the account row is locked FOR SHARE (the
 * recorders hold it FOR UPDATE while they change it), then a transaction-scoped advisory
 * lock per shop, then the inputs are read. The last transaction to commit therefore read
 * everything committed before it, and the stored document is never older than its inputs.
 * Lock order is always (a Fields token's row →) account → shops by id; deleting a shop takes
 * its token rows, then its shop lock, never the account. So this adds no deadlock.
 */
@Injectable()
export class ShopDocumentsService implements OnModuleInit {
  /** Shops whose documents a still-open transaction rewrote (or deleted). */
  private readonly pending = new WeakMap<
    QueryRunner,
    { rewritten: Set<string>; deleted: Set<string> }
  >();

  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: CredentialCipher,
    private readonly cache: ShopDocumentCache,
    private readonly tokens: ShopTokenResolver,
    private readonly cluster: ClusterNotifications,
  ) {}

  onModuleInit(): void {
    const subscriber: EntitySubscriberInterface = {
      afterTransactionCommit: ({ queryRunner }) => this.settle(queryRunner, true),
      afterTransactionRollback: ({ queryRunner }) => this.settle(queryRunner, false),
    };
    this.dataSource.subscribers.push(subscriber);
  }

  /** The accounts' snapshot, state or compliance changed: rebuild the documents of their shops. */
  async accountsChanged(
    tenantId: string,
    accountIds: string[],
    manager: EntityManager,
  ): Promise<void> {
    if (accountIds.length) await this.rebuild(tenantId, { accountId: In(accountIds) }, manager);
  }

  /** The shops (name, Fields token) changed, or have no document yet. Opens a transaction if not given one. */
  async shopsChanged(tenantId: string, shopIds: string[], manager?: EntityManager): Promise<void> {
    if (!shopIds.length) return;
    if (!manager) {
      return this.dataSource.transaction((m) => this.shopsChanged(tenantId, shopIds, m));
    }
    await this.rebuild(tenantId, { id: In(shopIds) }, manager);
  }

  /**
   * In a transaction deleting these shops, after their Fields tokens and before the delete:
   * waits for running rebuilds of them (none then writes a document for a deleted shop; the
   * token-rows-first order matches the token services', so no deadlock), and forgets their
   * documents and tokens in this process after the commit.
   */
  async deletingShops(shopIds: string[], manager: EntityManager): Promise<void> {
    await this.lockShops(shopIds, manager);
    this.afterCommit(manager, shopIds, true);
  }

  private async rebuild(
    tenantId: string,
    which: FindOptionsWhere<ShopEntity>,
    manager: EntityManager,
  ): Promise<void> {
    const shopRepo = manager.getRepository(ShopEntity);
    const where = { tenantId, ...which };
    // Most accounts have no shop: then one read and nothing locked.
    const candidates = await shopRepo.find({ where, select: { id: true, accountId: true } });
    if (!candidates.length) return;
    const accountIds = [...new Set(candidates.map((shop) => shop.accountId))].sort();
    const accounts = await manager.getRepository(MerchantAccountEntity).find({
      where: { tenantId, id: In(accountIds) },
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_read' },
    });
    // Again under the account lock: a shop created meanwhile is included.
    const ids = (await shopRepo.find({ where, select: { id: true }, order: { id: 'ASC' } })).map(
      (shop) => shop.id,
    );
    if (!ids.length) return;
    await this.lockShops(ids, manager);
    // Read after the locks: whatever committed while we waited is visible now.
    const shops = await shopRepo.findBy({ tenantId, id: In(ids) });
    const snapshots = await this.latestSnapshots(tenantId, accountIds, manager);
    const tokens = await this.activeTokens(tenantId, ids, manager);
    const documents = manager.getRepository(ShopDocumentEntity);
    const stored = new Map(
      (
        await documents.find({
          where: { tenantId, shopId: In(ids) },
          select: { shopId: true, contentHash: true, bodyCiphertext: true },
        })
      ).map((row) => [row.shopId, row]),
    );
    const byAccount = new Map(accounts.map((account) => [account.id, account]));
    const changed: Omit<ShopDocumentEntity, 'shop' | 'tenant'>[] = [];
    for (const shop of shops) {
      const account = byAccount.get(shop.accountId);
      if (!account) continue;
      const snapshot = snapshots.get(account.id);
      const token = tokens.get(shop.id);
      const { bytes, hash } = serializeDocument(
        buildCapabilityDocument({
          shop,
          account,
          snapshot: snapshot
            ? {
                version: snapshot.version,
                readAt: snapshot.readAt,
                content: snapshot.snapshot as unknown as CapabilitySnapshot,
              }
            : null,
          fieldsToken: token
            ? {
                value: this.cipher.decrypt(token.tokenCiphertext!, fieldsTokenAad(token.id)),
                terminalId: token.terminalId,
              }
            : null,
        }),
      );
      // An unchanged document is not written (its generation time stays), unless it is
      // under an older encryption key: then this is its re-encryption.
      const current = stored.get(shop.id);
      if (current?.contentHash === hash && !this.cipher.needsReencryption(current.bodyCiphertext)) {
        continue;
      }
      changed.push({
        shopId: shop.id,
        tenantId,
        contentHash: hash,
        bodyCiphertext: this.cipher.encrypt(bytes.toString('utf8'), shopDocumentAad(shop.id, hash)),
        schemaVersion: CAPABILITY_DOCUMENT_SCHEMA_VERSION,
        generatedAt: new Date(),
      });
    }
    if (!changed.length) return;
    await documents.upsert(changed, ['shopId']);
    this.afterCommit(
      manager,
      changed.map((row) => row.shopId),
    );
  }

  /** Transaction-scoped advisory locks, one per shop, always in id order. */
  private async lockShops(shopIds: string[], manager: EntityManager): Promise<void> {
    for (const id of [...shopIds].sort()) {
      await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
        SHOP_DOCUMENT_LOCK_CLASS,
        id,
      ]);
    }
  }

  private async latestSnapshots(
    tenantId: string,
    accountIds: string[],
    manager: EntityManager,
  ): Promise<Map<string, CapabilitySnapshotEntity>> {
    const rows = await manager
      .getRepository(CapabilitySnapshotEntity)
      .createQueryBuilder('s')
      .select(['s.id', 's.accountId', 's.version', 's.snapshot', 's.readAt'])
      .distinctOn(['s.account_id'])
      .where('s.tenant_id = :tenantId AND s.account_id IN (:...accountIds)', {
        tenantId,
        accountIds,
      })
      .orderBy('s.account_id')
      .addOrderBy('s.version', 'DESC')
      .getMany();
    return new Map(rows.map((row) => [row.accountId, row]));
  }

  /** The active token of each shop (the newest, should there ever be two). */
  private async activeTokens(
    tenantId: string,
    shopIds: string[],
    manager: EntityManager,
  ): Promise<Map<string, FieldsTokenEntity>> {
    const rows = await manager.getRepository(FieldsTokenEntity).find({
      where: { tenantId, shopId: In(shopIds), state: 'active' },
      order: { activatedAt: 'ASC', id: 'ASC' },
    });
    return new Map(
      rows.filter((row) => row.tokenCiphertext !== null).map((row) => [row.shopId!, row]),
    );
  }

  private afterCommit(manager: EntityManager, shopIds: string[], deleted = false): void {
    const changes = { rewritten: new Set<string>(), deleted: new Set<string>() };
    const runner = manager.queryRunner;
    const open = runner?.isTransactionActive ? this.pending.get(runner) : undefined;
    const target = open ?? changes;
    for (const id of shopIds) (deleted ? target.deleted : target.rewritten).add(id);
    if (open) return;
    if (runner?.isTransactionActive) this.pending.set(runner, changes);
    else this.forget(changes);
  }

  private settle(runner: QueryRunner | undefined, committed: boolean): void {
    // A released or rolled-back savepoint: the outer transaction decides.
    if (!runner || runner.isTransactionActive) return;
    const changes = this.pending.get(runner);
    if (!changes) return;
    this.pending.delete(runner);
    if (committed) this.forget(changes);
  }

  private forget({ rewritten, deleted }: { rewritten: Set<string>; deleted: Set<string> }): void {
    this.cache.invalidate([...rewritten, ...deleted]);
    this.cluster.publishSoon(SHOP_DOCUMENTS_CHANGED, [...rewritten, ...deleted]);
    if (deleted.size) {
      this.tokens.forgetShops(deleted);
      this.cluster.publishSoon(SHOPS_DELETED, [...deleted]);
    }
  }
}
