import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { toPage } from '@platform/pagination';
import type { SnapshotTerminal } from '@platform/capabilities';
import { cursorPosition, PageQueryDto } from '@api/common/http/page-query.dto';
import { notFound, ProblemException } from '@api/common/problem/problem.exception';
import { FIELDS_TOKENS_ROTATE_JOB, rotateDedupeKey } from '@api/fields-tokens/fields-token-jobs';
import { FranchisesService } from '@api/franchises/franchises.service';
import { JobsService } from '@api/jobs/jobs.service';
import { OPERATIONAL_ACCOUNT_STATES } from '@api/merchant-accounts/merchant-account.entity';
import { MerchantAccountsRepository } from '@api/merchant-accounts/merchant-accounts.repository';
import { ShopDocumentsService } from '@api/shop-documents/shop-documents.service';
import { SnapshotsRepository } from '@api/snapshots/snapshots.repository';
import {
  CreateShopDto,
  ShopDto,
  ShopPageDto,
  ShopWriteResultDto,
  UpdateShopDto,
} from './dto/shop.dto';
import type { ShopEntity } from './shop.entity';
import { ShopsRepository, type ShopValues } from './shops.repository';
import { normalizeSourceUrls } from './source-urls';

/** Shops: every rule is checked before anything is written or sent to Saferpay. */
@Injectable()
export class ShopsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly shops: ShopsRepository,
    private readonly franchises: FranchisesService,
    private readonly accounts: MerchantAccountsRepository,
    private readonly snapshots: SnapshotsRepository,
    private readonly jobs: JobsService,
    private readonly shopDocuments: ShopDocumentsService,
  ) {}

  async create(
    tenantId: string,
    franchiseId: string,
    input: CreateShopDto,
  ): Promise<ShopWriteResultDto> {
    await this.franchises.get(tenantId, franchiseId);
    const { urls, notices } = this.checkUrls(input.sourceUrls);
    await this.checkTerminal(tenantId, franchiseId, input.accountId, input.terminalId);
    const shop = await this.shops.insert(tenantId, {
      franchiseId,
      accountId: input.accountId,
      terminalId: input.terminalId,
      name: input.name,
      sourceUrls: urls,
    });
    await this.shopDocuments.shopsChanged(tenantId, [shop.id]);
    return { ...ShopDto.from(shop), notices };
  }

  async get(tenantId: string, id: string): Promise<ShopDto> {
    return ShopDto.from(await this.require(tenantId, id));
  }

  async list(tenantId: string, franchiseId: string, query: PageQueryDto): Promise<ShopPageDto> {
    await this.franchises.get(tenantId, franchiseId);
    const rows = await this.shops.listPage(tenantId, franchiseId, {
      limit: query.limit,
      after: cursorPosition(query.cursor),
    });
    const page = toPage(rows, query.limit);
    return { items: page.items.map((s) => ShopDto.from(s)), nextCursor: page.nextCursor };
  }

  /** New source URLs enqueue a rotation of the shop's Fields token (in the same transaction). */
  async update(tenantId: string, id: string, input: UpdateShopDto): Promise<ShopWriteResultDto> {
    const shop = await this.require(tenantId, id);
    const patch: Partial<ShopValues> = {};
    const notices: string[] = [];
    if (input.name !== undefined) patch.name = input.name;
    if (input.sourceUrls !== undefined) {
      const checked = this.checkUrls(input.sourceUrls);
      notices.push(...checked.notices);
      if (!sameUrls(checked.urls, shop.sourceUrls)) patch.sourceUrls = checked.urls;
    }
    if (Object.keys(patch).length) {
      await this.dataSource.transaction(async (manager) => {
        await this.shops.update(tenantId, id, patch, manager);
        await this.shopDocuments.shopsChanged(tenantId, [id], manager);
        if (patch.sourceUrls) {
          await this.jobs.enqueue(tenantId, FIELDS_TOKENS_ROTATE_JOB, {
            manager,
            payload: { shopId: id, reason: 'source_urls_changed' },
            dedupeKey: rotateDedupeKey(id),
          });
          notices.push('The source URLs changed: the Fields access token is being rotated.');
        }
      });
      if (patch.sourceUrls) this.jobs.wakeWorker();
    }
    return { ...ShopDto.from(await this.require(tenantId, id)), notices };
  }

  async require(tenantId: string, id: string): Promise<ShopEntity> {
    const shop = await this.shops.findById(tenantId, id);
    if (!shop) throw notFound('Shop', id);
    return shop;
  }

  private checkUrls(input: string[]): { urls: string[]; notices: string[] } {
    const result = normalizeSourceUrls(input);
    if (result.errors.length) {
      throw new ProblemException(
        'validationFailed',
        'The source URLs are not valid.',
        result.errors,
      );
    }
    return result;
  }

  /** The account must be the franchise's and `ready`; the terminal an ECOM one of its latest snapshot. */
  private async checkTerminal(
    tenantId: string,
    franchiseId: string,
    accountId: string,
    terminalId: string,
  ): Promise<void> {
    const account = await this.accounts.findById(tenantId, accountId);
    if (!account || account.franchiseId !== franchiseId) {
      throw new ProblemException(
        'unprocessable',
        'The merchant account is not one of this franchise.',
        [{ pointer: '/accountId', detail: 'no such merchant account in this franchise' }],
      );
    }
    // A non_compliant account lacks something the franchise requires, not what this shop uses.
    if (!OPERATIONAL_ACCOUNT_STATES.includes(account.state)) {
      throw new ProblemException(
        'unprocessable',
        `The merchant account is ${account.state}; a shop needs a ready account.`,
        [{ pointer: '/accountId', detail: `account state is ${account.state}, not ready` }],
      );
    }
    const snapshot = await this.snapshots.latest(tenantId, accountId);
    const terminals =
      (snapshot?.snapshot as { terminals?: SnapshotTerminal[] } | undefined)?.terminals ?? [];
    const types = terminals.filter((t) => t.terminalId === terminalId).map((t) => t.type);
    if (!types.length) {
      throw new ProblemException(
        'unprocessable',
        `Terminal ${terminalId} is not in the account's latest snapshot.`,
        [{ pointer: '/terminalId', detail: 'unknown terminal of this account' }],
      );
    }
    if (!types.includes('ECOM')) {
      throw new ProblemException(
        'unprocessable',
        `Terminal ${terminalId} is ${types.join('/')} only; Saferpay Fields need an eCommerce (ECOM) terminal.`,
        [{ pointer: '/terminalId', detail: `terminal type ${types.join('/')} cannot host Fields` }],
      );
    }
  }
}

function sameUrls(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((url, i) => url === b[i]);
}
