import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { DataSource, type EntityManager } from 'typeorm';
import { toPage } from '@platform/pagination';
import { AppConfig } from '@api/config/app-config';
import { cursorPosition, PageQueryDto } from '@api/common/http/page-query.dto';
import { notFound, ProblemException } from '@api/common/problem/problem.exception';
import { JobsService } from '@api/jobs/jobs.service';
import { OPERATIONAL_ACCOUNT_STATES } from '@api/merchant-accounts/merchant-account.entity';
import { MerchantAccountsRepository } from '@api/merchant-accounts/merchant-accounts.repository';
import { ShopDocumentsService } from '@api/shop-documents/shop-documents.service';
import type { ShopEntity } from '@api/shops/shop.entity';
import { ShopsService } from '@api/shops/shops.service';
import { tokenDescription } from '@api/shops/token-description';
import {
  FieldsTokenDto,
  FieldsTokenPageDto,
  ProvisionedFieldsTokenDto,
} from './dto/fields-token.dto';
import type { FieldsTokenEntity } from './fields-token.entity';
import {
  errorReason,
  FieldsTokenGateway,
  isDefinitiveRefusal,
  maskToken,
} from './fields-token-gateway';
import { FIELDS_TOKENS_SETTLE_JOB, settleDedupeKey } from './fields-token-jobs';
import { FieldsTokensRepository } from './fields-tokens.repository';

/** Thrown by a job step that must be tried again later (the job's retry takes care of it). */
export class RetryLaterError extends Error {}

/**
 * The lifecycle of a shop's Fields tokens. Every create is preceded by an
 * intent row (`provisioning`, with the RequestId and description it will
 * send) and confirmed in one transaction; every delete goes through a state
 * (`retiring`, `revoking`) that a job finishes if Saferpay fails.
 */
@Injectable()
export class FieldsTokensService {
  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly tokens: FieldsTokensRepository,
    private readonly shops: ShopsService,
    private readonly accounts: MerchantAccountsRepository,
    private readonly gateway: FieldsTokenGateway,
    private readonly jobs: JobsService,
    private readonly shopDocuments: ShopDocumentsService,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(FieldsTokensService.name);
  }

  /** The shop's first token (or a new one after revocation). Returns the value once. */
  async provision(tenantId: string, shopId: string): Promise<ProvisionedFieldsTokenDto> {
    const shop = await this.shops.require(tenantId, shopId);
    await this.requireReadyAccount(shop);
    const live = await this.tokens.findForShop(tenantId, shopId, ['provisioning', 'active']);
    if (live.length) {
      throw new ProblemException(
        'conflict',
        live.some((t) => t.state === 'active')
          ? 'The shop has an active Fields token; rotate it instead.'
          : 'A Fields token for this shop is being provisioned.',
      );
    }
    return this.createAndConfirm(shop, null);
  }

  /** A new active token; the current one stays usable (`retiring`) for the grace period. */
  async rotate(tenantId: string, shopId: string): Promise<ProvisionedFieldsTokenDto> {
    const shop = await this.shops.require(tenantId, shopId);
    await this.requireReadyAccount(shop);
    const live = await this.tokens.findForShop(tenantId, shopId, ['provisioning', 'active']);
    if (live.some((t) => t.state === 'provisioning')) {
      throw new ProblemException('conflict', 'A Fields token for this shop is being provisioned.');
    }
    const current = live.find((t) => t.state === 'active');
    if (!current) {
      throw new ProblemException('conflict', 'The shop has no active Fields token to rotate.');
    }
    return this.createAndConfirm(shop, current.id);
  }

  /** Deletes the token at Saferpay; a failure leaves it `revoking` for the settle job. */
  async revoke(tenantId: string, tokenId: string): Promise<FieldsTokenDto> {
    const token = await this.require(tenantId, tokenId);
    if (token.state === 'provisioning') {
      throw new ProblemException(
        'conflict',
        'The token is being provisioned; revoke it once active.',
      );
    }
    if (token.state === 'revoked' || token.state === 'failed') return this.dto(token);
    // `revoking` first: after a crash here the sweep finds the row and finishes the delete.
    // With it the shop's document loses the token (same transaction).
    await this.dataSource.transaction(async (manager) => {
      await this.tokens.transition(
        tenantId,
        tokenId,
        ['active', 'retiring'],
        { state: 'revoking' },
        manager,
      );
      if (token.shopId) await this.shopDocuments.shopsChanged(tenantId, [token.shopId], manager);
    });
    try {
      await this.deleteAndConfirm(tenantId, tokenId);
    } catch (error) {
      if (!(error instanceof RetryLaterError)) throw error;
      this.logger.warn(
        { tokenId, reason: errorReason(error.cause) },
        'Revoking a Fields token failed; the settle job retries',
      );
      await this.enqueueSettle(tenantId, tokenId, new Date());
    }
    return this.dto(await this.require(tenantId, tokenId));
  }

  async list(tenantId: string, shopId: string, query: PageQueryDto): Promise<FieldsTokenPageDto> {
    await this.shops.require(tenantId, shopId);
    const rows = await this.tokens.listPage(tenantId, shopId, {
      limit: query.limit,
      after: cursorPosition(query.cursor),
    });
    const page = toPage(rows, query.limit);
    const active = await this.tokens.findForShop(tenantId, shopId, ['active']);
    const rotated = active.find((t) => t.replacesId !== null);
    return {
      items: page.items.map((t) => this.dto(t)),
      nextCursor: page.nextCursor,
      lastRotatedAt: rotated?.activatedAt?.toISOString() ?? null,
    };
  }

  /**
   * The settle job's step for one token: recover a stale `provisioning` intent
   * (the same RequestId again), delete a due `retiring` or any `revoking` token.
   * Throws RetryLaterError when Saferpay failed and the job should try again.
   */
  async settle(tenantId: string, tokenId: string): Promise<string> {
    const token = await this.tokens.findById(tenantId, tokenId);
    if (!token) return 'gone';
    if (token.state === 'provisioning') {
      const shop = token.shopId
        ? await this.shops.require(tenantId, token.shopId).catch(() => null)
        : null;
      // A create may have reached Saferpay before a crash: clear the terminal where that is
      // safe, otherwise rely on the same RequestId (see README, "Fields tokens").
      const cleared = await this.gateway
        .clearTerminalIfOwned(token, this.config.FIELDS_TOKEN_EXCLUSIVE_TERMINALS)
        .catch((error: unknown) => {
          throw new RetryLaterError('Clearing the terminal failed', { cause: error });
        });
      await this.confirmCreate(token, shop);
      return cleared ? 'recovered after clearing the terminal' : 'recovered';
    }
    // Enqueued for its retireAfter; run early (a clock skew), the sweep enqueues it again when due.
    if (token.state === 'retiring' && token.retireAfter && token.retireAfter > new Date()) {
      return 'not yet due';
    }
    if (token.state === 'retiring' || token.state === 'revoking') {
      await this.deleteAndConfirm(tenantId, tokenId);
      return 'deleted';
    }
    return 'nothing to do';
  }

  /** The rotate job's step: rotate when the shop has an active token whose URLs or age call for it. */
  async rotateIfNeeded(tenantId: string, shopId: string): Promise<string> {
    const shop = await this.shops.require(tenantId, shopId).catch(() => null);
    if (!shop) return 'shop gone';
    const live = await this.tokens.findForShop(tenantId, shopId, ['provisioning', 'active']);
    if (live.some((t) => t.state === 'provisioning')) {
      throw new RetryLaterError('a token of the shop is being provisioned');
    }
    const current = live.find((t) => t.state === 'active');
    if (!current) return 'no active token';
    const account = await this.accounts.findById(tenantId, shop.accountId);
    // A disabled or broken account is not called; the sweep tries again once it is ready.
    if (!account || !OPERATIONAL_ACCOUNT_STATES.includes(account.state)) {
      return `account ${account?.state ?? 'gone'}`;
    }
    await this.createAndConfirm(shop, current.id);
    return 'rotated';
  }

  /** Shop deletion: its live tokens become `revoking` (settled by jobs); refused mid-provisioning. */
  async revokeAllOfShop(tenantId: string, shopId: string, manager: EntityManager): Promise<void> {
    if ((await this.tokens.findForShop(tenantId, shopId, ['provisioning'], manager)).length) {
      throw new ProblemException(
        'conflict',
        'A Fields token for this shop is being provisioned; try again shortly.',
      );
    }
    const ids = await this.tokens.setShopTokensState(
      tenantId,
      shopId,
      ['active', 'retiring'],
      { state: 'revoking' },
      manager,
    );
    for (const id of ids) await this.enqueueSettle(tenantId, id, new Date(), manager);
  }

  private async createAndConfirm(
    shop: ShopEntity,
    replacesId: string | null,
  ): Promise<ProvisionedFieldsTokenDto> {
    const intent = await this.tokens.insert(shop.tenantId, {
      id: randomUUID(),
      shopId: shop.id,
      accountId: shop.accountId,
      terminalId: shop.terminalId,
      requestId: randomUUID(),
      description: tokenDescription(shop.name, shop.id),
      sourceUrls: shop.sourceUrls,
      replacesId,
    });
    let accessToken: string;
    try {
      accessToken = await this.confirmCreate(intent, shop);
    } catch (error) {
      if (error instanceof RetryLaterError) {
        throw new ProblemException(
          'notReady',
          `Saferpay did not confirm the token (${errorReason(error.cause)}); it is retried with the same request id and will appear in the shop's token list.`,
          [],
          { 'Retry-After': String(this.config.FIELDS_TOKEN_RECOVERY_SECONDS) },
        );
      }
      throw error;
    }
    return { token: this.dto(await this.require(shop.tenantId, intent.id)), accessToken };
  }

  /**
   * Calls Saferpay for an intent and confirms it in one transaction. A final
   * refusal marks it `failed`; an uncertain failure leaves it `provisioning`
   * with a settle job due after the recovery delay, and throws RetryLaterError.
   */
  private async confirmCreate(intent: FieldsTokenEntity, shop: ShopEntity | null): Promise<string> {
    const { tenantId } = intent;
    let accessToken: string;
    try {
      accessToken = await this.gateway.create(intent);
    } catch (error) {
      if (isDefinitiveRefusal(error)) {
        await this.tokens.transition(tenantId, intent.id, ['provisioning'], {
          state: 'failed',
          lastError: errorReason(error),
        });
        throw new ProblemException(
          'unprocessable',
          `Saferpay refused the Fields access token: ${error.errorMessage ?? error.errorName ?? error.kind}.`,
        );
      }
      await this.dataSource.transaction(async (manager) => {
        await this.tokens.transition(
          tenantId,
          intent.id,
          ['provisioning'],
          { lastError: errorReason(error) },
          manager,
        );
        const due = new Date(Date.now() + this.config.FIELDS_TOKEN_RECOVERY_SECONDS * 1000);
        await this.enqueueSettle(tenantId, intent.id, due, manager);
      });
      throw new RetryLaterError('Saferpay did not confirm the create', { cause: error });
    }
    const now = new Date();
    const confirmed = await this.dataSource.transaction(async (manager) => {
      const ok = await this.tokens.transition(
        tenantId,
        intent.id,
        ['provisioning'],
        {
          state: shop ? 'active' : 'revoking',
          tokenCiphertext: this.gateway.seal(intent.id, accessToken),
          tokenHint: maskToken(accessToken),
          lastError: null,
          activatedAt: now,
        },
        manager,
      );
      if (!ok) return false;
      if (!shop) {
        // The shop was deleted meanwhile: the token is not wanted.
        await this.enqueueSettle(tenantId, intent.id, now, manager);
      } else if (intent.replacesId) {
        const retireAfter = new Date(now.getTime() + this.config.FIELDS_TOKEN_GRACE_SECONDS * 1000);
        await this.tokens.transition(
          tenantId,
          intent.replacesId,
          ['active'],
          { state: 'retiring', retireAfter },
          manager,
        );
        await this.enqueueSettle(tenantId, intent.replacesId, retireAfter, manager);
      }
      // The new active token goes into the shop's document in this same transaction.
      if (shop) await this.shopDocuments.shopsChanged(tenantId, [shop.id], manager);
      return true;
    });
    if (!confirmed) await this.discardDuplicate(intent, accessToken);
    return accessToken;
  }

  /** Someone else confirmed this intent first; a different token from our call would be an orphan. */
  private async discardDuplicate(intent: FieldsTokenEntity, accessToken: string): Promise<void> {
    const stored = await this.tokens.findById(intent.tenantId, intent.id);
    if (stored && this.gateway.open(stored) === accessToken) return;
    this.logger.warn(
      { tokenId: intent.id },
      'Deleting a duplicate Fields token from a raced confirmation',
    );
    await this.gateway.delete(intent, accessToken);
  }

  private async deleteAndConfirm(tenantId: string, tokenId: string): Promise<void> {
    const token = await this.require(tenantId, tokenId);
    const value = this.gateway.open(token);
    try {
      if (value) await this.gateway.delete(token, value);
    } catch (error) {
      await this.tokens.transition(tenantId, tokenId, [token.state], {
        lastError: errorReason(error),
      });
      throw new RetryLaterError(`Deleting Fields token ${tokenId} failed`, { cause: error });
    }
    await this.tokens.transition(tenantId, tokenId, ['retiring', 'revoking'], {
      state: 'revoked',
      revokedAt: new Date(),
      tokenCiphertext: null,
      lastError: null,
    });
  }

  private async enqueueSettle(
    tenantId: string,
    tokenId: string,
    runAt: Date,
    manager?: EntityManager,
  ): Promise<void> {
    await this.jobs.enqueue(tenantId, FIELDS_TOKENS_SETTLE_JOB, {
      manager,
      payload: { tokenId },
      dedupeKey: settleDedupeKey(tokenId),
      runAt,
      maxAttempts: 10,
    });
  }

  private async requireReadyAccount(shop: ShopEntity): Promise<void> {
    const account = await this.accounts.findById(shop.tenantId, shop.accountId);
    if (!account || !OPERATIONAL_ACCOUNT_STATES.includes(account.state)) {
      throw new ProblemException(
        'unprocessable',
        `The shop's merchant account is ${account?.state ?? 'gone'}; Fields tokens need a ready (or non_compliant) account.`,
      );
    }
  }

  private async require(tenantId: string, id: string): Promise<FieldsTokenEntity> {
    const token = await this.tokens.findById(tenantId, id);
    if (!token) throw notFound('Fields token', id);
    return token;
  }

  private dto(token: FieldsTokenEntity): FieldsTokenDto {
    return FieldsTokenDto.from(token, new Date());
  }
}
