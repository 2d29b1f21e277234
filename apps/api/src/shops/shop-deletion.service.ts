import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { notFound } from '@api/common/problem/problem.exception';
import { FieldsTokensService } from '@api/fields-tokens/fields-tokens.service';
import { JobsService } from '@api/jobs/jobs.service';
import { ShopDocumentsService } from '@api/shop-documents/shop-documents.service';
import { ShopsRepository } from './shops.repository';

/**
 * Deleting a shop revokes its Fields tokens: in one transaction they become
 * `revoking` (with a settle job each) and the shop row goes; the token rows
 * stay, without shop, as the record of what was deleted at Saferpay.
 */
@Injectable()
export class ShopDeletionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly shops: ShopsRepository,
    private readonly fieldsTokens: FieldsTokensService,
    private readonly jobs: JobsService,
    private readonly shopDocuments: ShopDocumentsService,
  ) {}

  async delete(tenantId: string, shopId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.shops.findById(tenantId, shopId, manager))) throw notFound('Shop', shopId);
      await this.fieldsTokens.revokeAllOfShop(tenantId, shopId, manager);
      // Its document and shop tokens go with it (foreign keys); no rebuild may race the delete.
      await this.shopDocuments.deletingShops([shopId], manager);
      await this.shops.delete(tenantId, shopId, manager);
    });
    this.jobs.wakeWorker();
  }
}
