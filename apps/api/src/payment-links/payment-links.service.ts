import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { CapabilitySnapshot } from '@platform/capabilities';
import { toPage } from '@platform/pagination';
import type { ProblemFieldError } from '@platform/problem-details';
import {
  SaferpayApiError,
  type SaferpayClient,
  type SaferpayCredentials,
} from '@platform/saferpay-client';
import type { SaferpaySpgOfferRequest } from '@platform/saferpay-contract';
import { violatedUniqueConstraint } from '@api/common/database/unique-violation';
import { cursorPosition } from '@api/common/http/page-query.dto';
import { notFound, ProblemException } from '@api/common/problem/problem.exception';
import { AppConfig } from '@api/config/app-config';
import { errorReason, isDefinitiveRefusal } from '@api/fields-tokens/fields-token-gateway';
import { FranchisesService } from '@api/franchises/franchises.service';
import {
  OPERATIONAL_ACCOUNT_STATES,
  type MerchantAccountEntity,
} from '@api/merchant-accounts/merchant-account.entity';
import { MerchantAccountsRepository } from '@api/merchant-accounts/merchant-accounts.repository';
import { MerchantAccountsService } from '@api/merchant-accounts/merchant-accounts.service';
import { SaferpayClients } from '@api/saferpay/saferpay-clients';
import { SnapshotsRepository } from '@api/snapshots/snapshots.repository';
import type { CreatePaymentLinkDto, RenderEmailDto } from './dto/create-payment-link.dto';
import {
  CreatedPaymentLinkDto,
  DELETE_NOTICE,
  DeletedPaymentLinkDto,
  ListPaymentLinksQueryDto,
  PaymentLinkDto,
  PaymentLinkPageDto,
} from './dto/payment-link.dto';
import { createdAnswer, filterOf } from './dto/answers';
import { saferpayProblem } from './saferpay-problem';
import {
  amountProblems,
  checkAgainstSnapshot,
  expirationProblem,
  parseExpiration,
  requestHash,
  sha256,
  toSaferpayRequest,
} from './offer-rules';
import {
  SAFERPAY_OFFER_STATUSES,
  type PaymentLinkEntity,
  type PaymentLinkStatus,
} from './payment-link.entity';
import { PaymentLinksRepository, type PaymentLinkFilter } from './payment-links.repository';

const IDEMPOTENCY_CONSTRAINT = 'uq_payment_links_idempotency';

/**
 * Secure PayGate single-use links. A create is an intent row (CREATING, with its
 * Saferpay-RequestId and exact request) written before Saferpay is called; an
 * Idempotency-Key finds that row again, so a retry never makes a second offer while the
 * first one is known, and re-sends the same request with the same RequestId while its
 * outcome is uncertain.
 */
@Injectable()
export class PaymentLinksService {
  constructor(
    private readonly config: AppConfig,
    private readonly links: PaymentLinksRepository,
    private readonly accounts: MerchantAccountsRepository,
    private readonly merchantAccounts: MerchantAccountsService,
    private readonly franchises: FranchisesService,
    private readonly snapshots: SnapshotsRepository,
    private readonly saferpay: SaferpayClients,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(PaymentLinksService.name);
  }

  async create(
    tenantId: string,
    accountId: string,
    input: CreatePaymentLinkDto,
    idempotencyKey?: string,
  ): Promise<CreatedPaymentLinkDto> {
    const account = await this.requireAccount(tenantId, accountId);
    const hash = requestHash(accountId, input);
    // Scoped per tenant by the unique index; only the hash is stored.
    const keyHash = idempotencyKey === undefined ? null : sha256(idempotencyKey);
    if (keyHash) {
      const existing = await this.links.findByKeyHash(tenantId, keyHash);
      if (existing) return this.replay(existing, hash, account, input.renderEmail);
    }
    const { request, expiresAt } = await this.validated(tenantId, account, input);
    let intent: PaymentLinkEntity;
    try {
      intent = await this.links.insert(tenantId, {
        franchiseId: account.franchiseId,
        accountId,
        terminalId: input.terminalId,
        requestId: randomUUID(),
        idempotencyKeyHash: keyHash,
        requestHash: hash,
        saferpayRequest: request,
        amountValue: String(input.amount.value),
        currency: input.amount.currency,
        orderId: input.orderId,
        description: input.description,
        expirationText: input.expirationDate,
        expiresAt,
        callLockedUntil: this.callLockUntil(),
      });
    } catch (error) {
      // The same key raced in from a concurrent request: that one owns the create.
      if (keyHash && violatedUniqueConstraint(error) === IDEMPOTENCY_CONSTRAINT) {
        const existing = await this.links.findByKeyHash(tenantId, keyHash);
        if (existing) return this.replay(existing, hash, account, input.renderEmail);
      }
      throw error;
    }
    const created = await this.callCreate(account, intent);
    return createdAnswer(created, input.renderEmail, false);
  }

  async get(tenantId: string, id: string): Promise<PaymentLinkDto> {
    return PaymentLinkDto.from(await this.require(tenantId, id));
  }

  /** Reads the offer's status (and transaction id once paid) from Saferpay and stores it. */
  async refresh(tenantId: string, id: string): Promise<PaymentLinkDto> {
    const link = await this.require(tenantId, id);
    this.requireOffer(link);
    return PaymentLinkDto.from(await this.sync(link));
  }

  /**
   * Voids the link at Saferpay (DISABLED). Saferpay documents that this does not stop a
   * payment session the payer already started, so the answer says so.
   */
  async delete(tenantId: string, id: string): Promise<DeletedPaymentLinkDto> {
    let link = await this.require(tenantId, id);
    this.requireOffer(link);
    if (link.status === 'PAID') {
      throw new ProblemException('conflict', 'The link is already paid; it cannot be voided.');
    }
    if (link.status === 'OPEN') {
      const { client, credentials } = await this.clientFor(link);
      try {
        await client.deleteSpgOffer(credentials, link.terminalId, link.offerId!);
      } catch (error) {
        // Saferpay refuses to void a paid offer: our status was behind.
        if (error instanceof SaferpayApiError && error.errorName === 'ACTION_NOT_SUPPORTED') {
          link = await this.sync(link);
          if (link.status === 'PAID') {
            throw new ProblemException('conflict', 'The link was paid; it cannot be voided.');
          }
        }
        throw saferpayProblem(error, 'void the link');
      }
      await this.links.transition(tenantId, id, ['OPEN'], {
        status: 'DISABLED',
        disabledAt: new Date(),
        lastError: null,
      });
      link = await this.require(tenantId, id);
      // Best effort: Saferpay's own view (an expired offer stays EXPIRED).
      link = await this.sync(link).catch(() => link);
    }
    return { link: PaymentLinkDto.from(link), notice: DELETE_NOTICE };
  }

  async listForAccount(
    tenantId: string,
    accountId: string,
    query: ListPaymentLinksQueryDto,
  ): Promise<PaymentLinkPageDto> {
    await this.requireAccount(tenantId, accountId);
    return this.list(tenantId, { ...filterOf(query), accountId }, query);
  }

  async listForFranchise(
    tenantId: string,
    franchiseId: string,
    query: ListPaymentLinksQueryDto,
  ): Promise<PaymentLinkPageDto> {
    await this.franchises.get(tenantId, franchiseId);
    return this.list(tenantId, { ...filterOf(query), franchiseId }, query);
  }

  /** The scheduled sync's step for one link; false when Saferpay could not be read. */
  async syncById(tenantId: string, id: string): Promise<boolean> {
    const link = await this.links.findById(tenantId, id);
    if (!link || link.status !== 'OPEN') return true;
    try {
      await this.sync(link);
      return true;
    } catch (error) {
      this.logger.warn({ linkId: id, reason: errorReason(error) }, 'Payment link sync failed');
      return false;
    }
  }

  private async list(
    tenantId: string,
    filter: PaymentLinkFilter,
    query: ListPaymentLinksQueryDto,
  ): Promise<PaymentLinkPageDto> {
    const rows = await this.links.listPage(tenantId, filter, {
      limit: query.limit,
      after: cursorPosition(query.cursor),
    });
    const page = toPage(rows, query.limit);
    return {
      items: page.items.map((row) => PaymentLinkDto.from(row)),
      nextCursor: page.nextCursor,
    };
  }

  /** Every rule that Saferpay would check, against the latest snapshot and the clock. */
  private async validated(
    tenantId: string,
    account: MerchantAccountEntity,
    input: CreatePaymentLinkDto,
  ): Promise<{ request: SaferpaySpgOfferRequest; expiresAt: Date }> {
    if (!OPERATIONAL_ACCOUNT_STATES.includes(account.state)) {
      throw new ProblemException(
        'unprocessable',
        `The merchant account is ${account.state}; payment links need a ready (or non_compliant) account.`,
      );
    }
    const latest = await this.snapshots.latest(tenantId, account.id);
    if (!latest) {
      throw new ProblemException('unprocessable', 'The merchant account has no snapshot yet.');
    }
    const snapshot = latest.snapshot as unknown as CapabilitySnapshot;
    const problems: ProblemFieldError[] = [];
    const expiration = expirationProblem(input.expirationDate, new Date());
    if (expiration) problems.push({ pointer: '/expirationDate', detail: expiration });
    problems.push(...amountProblems(input.amount.value, input.amount.currency));
    const targets = checkAgainstSnapshot(snapshot, input);
    problems.push(
      ...targets.problems.filter((p) => !problems.some((q) => q.pointer === p.pointer)),
    );
    if (problems.length) {
      throw new ProblemException(
        'validationFailed',
        `${problems.length} field${problems.length === 1 ? '' : 's'} failed validation.`,
        problems,
      );
    }
    return {
      request: toSaferpayRequest(input, targets.configSet),
      expiresAt: parseExpiration(input.expirationDate)!,
    };
  }

  /** A repeated Idempotency-Key: the stored outcome, or the same Saferpay request once more. */
  private async replay(
    existing: PaymentLinkEntity,
    hash: string,
    account: MerchantAccountEntity,
    renderEmail: RenderEmailDto | undefined,
  ): Promise<CreatedPaymentLinkDto> {
    if (existing.requestHash !== hash) {
      throw new ProblemException(
        'unprocessable',
        'This Idempotency-Key was used for a different request; use a new key for a new link.',
        [{ pointer: '/header/idempotency-key', detail: 'already used with another body' }],
      );
    }
    if (existing.status === 'FAILED') {
      throw new ProblemException(
        'unprocessable',
        `Saferpay refused this payment link (${existing.lastError ?? 'unknown'}).`,
      );
    }
    if (existing.status !== 'CREATING') return createdAnswer(existing, renderEmail, true);
    if (!(await this.links.claimCall(existing.tenantId, existing.id, this.callLockUntil()))) {
      throw new ProblemException(
        'conflict',
        'A create with this Idempotency-Key is still in progress; retry shortly.',
        [],
        { 'Retry-After': '2' },
      );
    }
    return createdAnswer(await this.callCreate(account, existing), renderEmail, true);
  }

  /**
   * Calls Saferpay for a CREATING intent with its own RequestId and request. A final
   * refusal marks it FAILED (422); an uncertain failure leaves it CREATING (503): retrying
   * with the same Idempotency-Key sends the identical request again.
   */
  private async callCreate(
    account: MerchantAccountEntity,
    intent: PaymentLinkEntity,
  ): Promise<PaymentLinkEntity> {
    const { tenantId, id } = intent;
    const client = this.saferpay.forEnvironment(account.environment);
    let created: { OfferId: string; PaymentLink: string };
    try {
      created = await client.createSpgOffer(
        this.credentialsOf(account),
        intent.terminalId,
        intent.saferpayRequest as SaferpaySpgOfferRequest,
        { requestId: intent.requestId },
      );
    } catch (error) {
      const refused = isDefinitiveRefusal(error);
      await this.links.transition(tenantId, id, ['CREATING'], {
        ...(refused ? { status: 'FAILED' as const } : {}),
        lastError: errorReason(error),
        callLockedUntil: null,
      });
      throw saferpayProblem(error, 'create the payment link');
    }
    await this.links.transition(tenantId, id, ['CREATING'], {
      status: 'OPEN',
      offerId: created.OfferId,
      paymentLink: created.PaymentLink,
      lastSyncedAt: new Date(),
      lastError: null,
      callLockedUntil: null,
    });
    return this.require(tenantId, id);
  }

  private async sync(link: PaymentLinkEntity): Promise<PaymentLinkEntity> {
    const { client, credentials } = await this.clientFor(link);
    let offer: Awaited<ReturnType<SaferpayClient['getSpgOffer']>>;
    try {
      offer = await client.getSpgOffer(credentials, link.terminalId, link.offerId!);
    } catch (error) {
      await this.links.transition(link.tenantId, link.id, [link.status], {
        lastError: errorReason(error),
      });
      throw saferpayProblem(error, 'read the link');
    }
    const status = (SAFERPAY_OFFER_STATUSES as readonly string[]).includes(offer.Status ?? '')
      ? (offer.Status as PaymentLinkStatus)
      : link.status;
    await this.links.transition(link.tenantId, link.id, ['OPEN', 'PAID', 'EXPIRED', 'DISABLED'], {
      status,
      transactionId: offer.TransactionId ?? link.transactionId,
      lastSyncedAt: new Date(),
      lastError: null,
      ...(status === 'DISABLED' && !link.disabledAt ? { disabledAt: new Date() } : {}),
    });
    return this.require(link.tenantId, link.id);
  }

  /** A create owns its intent for as long as the client may retry it, at most. */
  private callLockUntil(): Date {
    return new Date(Date.now() + this.config.SAFERPAY_TIMEOUT_MS * 3 + 30_000);
  }

  private requireOffer(link: PaymentLinkEntity): void {
    if (link.offerId) return;
    throw new ProblemException(
      'conflict',
      link.status === 'FAILED'
        ? 'Saferpay refused this link; there is no offer.'
        : 'The link is still being created at Saferpay.',
    );
  }

  private async clientFor(
    link: PaymentLinkEntity,
  ): Promise<{ client: SaferpayClient; credentials: SaferpayCredentials }> {
    const account = await this.accounts.findById(link.tenantId, link.accountId);
    if (!account) throw notFound('Merchant account', link.accountId);
    return {
      client: this.saferpay.forEnvironment(account.environment),
      credentials: this.credentialsOf(account),
    };
  }

  private credentialsOf(account: MerchantAccountEntity): SaferpayCredentials {
    return { customerId: account.customerId, ...this.merchantAccounts.credentialsOf(account) };
  }

  private async requireAccount(tenantId: string, id: string): Promise<MerchantAccountEntity> {
    const account = await this.accounts.findById(tenantId, id);
    if (!account) throw notFound('Merchant account', id);
    return account;
  }

  private async require(tenantId: string, id: string): Promise<PaymentLinkEntity> {
    const link = await this.links.findById(tenantId, id);
    if (!link) throw notFound('Payment link', id);
    return link;
  }
}
