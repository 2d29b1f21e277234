import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { toPage } from '@platform/pagination';
import { violatedUniqueConstraint } from '@api/common/database/unique-violation';
import { cursorPosition } from '@api/common/http/page-query.dto';
import { notFound, ProblemException } from '@api/common/problem/problem.exception';
import { FranchisesService } from '@api/franchises/franchises.service';
import { JobDto } from '@api/jobs/dto/job.dto';
import { OnboardingService } from '@api/onboarding/onboarding.service';
import { CredentialCipher } from '@api/secrets/credential-cipher';
import { ShopDocumentsService } from '@api/shop-documents/shop-documents.service';
import {
  ListMerchantAccountsQueryDto,
  MerchantAccountDto,
  MerchantAccountPageDto,
  RegisterMerchantAccountDto,
  RegisteredMerchantAccountsDto,
  UpdateMerchantAccountDto,
} from './dto/merchant-account.dto';
import type { MerchantAccountEntity } from './merchant-account.entity';
import { MerchantAccountsRepository } from './merchant-accounts.repository';

export interface MerchantCredentials {
  username: string;
  password: string;
}

/** The associated data that binds an account's credentials ciphertext to its row. */
export function credentialsAad(accountId: string): string {
  return `merchant_accounts:${accountId}:credentials`;
}

@Injectable()
export class MerchantAccountsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: MerchantAccountsRepository,
    private readonly franchises: FranchisesService,
    private readonly onboarding: OnboardingService,
    private readonly cipher: CredentialCipher,
    private readonly shopDocuments: ShopDocumentsService,
  ) {}

  /** Registers accounts and starts one onboarding job for them, atomically. */
  async register(
    tenantId: string,
    franchiseId: string,
    inputs: RegisterMerchantAccountDto[],
    pointerPrefix = '',
  ): Promise<RegisteredMerchantAccountsDto> {
    await this.franchises.get(tenantId, franchiseId);
    this.rejectDuplicatesWithin(inputs, pointerPrefix);
    try {
      const registered = await this.dataSource.transaction(async (manager) => {
        const created = await this.accounts.insertMany(
          tenantId,
          inputs.map((input) => {
            const id = randomUUID();
            return {
              id,
              franchiseId,
              customerId: input.customerId,
              environment: input.environment,
              label: input.label,
              credentialsCiphertext: this.seal(id, input),
            };
          }),
          manager,
        );
        const job = await this.onboarding.start(
          tenantId,
          created.map((a) => a.id),
          manager,
        );
        // Re-read once (states were set by the job start), in registration order.
        const byId = new Map(
          (
            await this.accounts.findByIds(
              tenantId,
              created.map((a) => a.id),
              manager,
            )
          ).map((a) => [a.id, a]),
        );
        return {
          accounts: created.map((a) => MerchantAccountDto.from(byId.get(a.id) ?? a)),
          job: JobDto.from(job),
        };
      });
      this.onboarding.wakeWorkers();
      return registered;
    } catch (error) {
      if (violatedUniqueConstraint(error) === 'uq_merchant_accounts_customer') {
        throw new ProblemException(
          'conflict',
          'An account with this customer id and environment is already registered in this franchise.',
          [
            {
              pointer: `${pointerPrefix}/customerId`,
              detail: 'already registered in this franchise for this environment',
            },
          ],
        );
      }
      throw error;
    }
  }

  async list(
    tenantId: string,
    franchiseId: string,
    query: ListMerchantAccountsQueryDto,
  ): Promise<MerchantAccountPageDto> {
    await this.franchises.get(tenantId, franchiseId);
    const rows = await this.accounts.listPage(tenantId, franchiseId, {
      limit: query.limit,
      after: cursorPosition(query.cursor),
      state: query.state,
    });
    const page = toPage(rows, query.limit);
    return {
      items: page.items.map((a) => MerchantAccountDto.from(a)),
      nextCursor: page.nextCursor,
    };
  }

  async get(tenantId: string, id: string): Promise<MerchantAccountDto> {
    return MerchantAccountDto.from(await this.require(tenantId, id));
  }

  /**
   * A label change is just saved; new credentials, or enabling a disabled
   * account, run onboarding again. A disabled account is never read.
   */
  async update(
    tenantId: string,
    id: string,
    input: UpdateMerchantAccountDto,
  ): Promise<MerchantAccountDto> {
    const account = await this.require(tenantId, id);
    const credentialsChanged = input.username !== undefined || input.password !== undefined;
    const disabled = input.disabled ?? account.state === 'disabled';
    await this.dataSource.transaction(async (manager) => {
      // Both given: no need to read the old ones (they may be unreadable after a lost key).
      const credentials = credentialsChanged
        ? this.seal(id, {
            ...(input.username === undefined || input.password === undefined
              ? this.credentialsOf(account)
              : {}),
            ...definedOnly(input),
          } as MerchantCredentials)
        : undefined;
      await this.accounts.update(
        tenantId,
        id,
        {
          ...(input.label ? { label: input.label } : {}),
          ...(credentials ? { credentialsCiphertext: credentials } : {}),
        },
        manager,
      );
      if (disabled) {
        await this.accounts.setState(
          tenantId,
          [id],
          {
            state: 'disabled',
            stateReason: null,
            stateDetail: 'Disabled by an operator: not read from Saferpay.',
          },
          manager,
        );
        await this.shopDocuments.accountsChanged(tenantId, [id], manager);
      } else if (credentialsChanged || account.state === 'disabled') {
        await this.onboarding.start(tenantId, [id], manager);
      }
    });
    this.onboarding.wakeWorkers();
    return this.get(tenantId, id);
  }

  /** Reads the account from Saferpay again. */
  async reonboard(tenantId: string, id: string): Promise<JobDto> {
    const account = await this.require(tenantId, id);
    if (account.state === 'disabled') {
      throw new ProblemException(
        'conflict',
        'The account is disabled. Enable it (PATCH disabled: false) to read it again.',
      );
    }
    const job = await this.dataSource.transaction((manager) =>
      this.onboarding.start(tenantId, [id], manager),
    );
    this.onboarding.wakeWorkers();
    return JobDto.from(job);
  }

  credentialsOf(account: MerchantAccountEntity): MerchantCredentials {
    return JSON.parse(
      this.cipher.decrypt(account.credentialsCiphertext, credentialsAad(account.id)),
    ) as MerchantCredentials;
  }

  private seal(accountId: string, credentials: MerchantCredentials): string {
    return this.cipher.encrypt(
      JSON.stringify({ username: credentials.username, password: credentials.password }),
      credentialsAad(accountId),
    );
  }

  private async require(tenantId: string, id: string): Promise<MerchantAccountEntity> {
    const account = await this.accounts.findById(tenantId, id);
    if (!account) throw notFound('Merchant account', id);
    return account;
  }

  private rejectDuplicatesWithin(
    inputs: RegisterMerchantAccountDto[],
    pointerPrefix: string,
  ): void {
    const seen = new Map<string, number>();
    inputs.forEach((input, index) => {
      const key = `${input.customerId}:${input.environment}`;
      const first = seen.get(key);
      if (first !== undefined) {
        throw new ProblemException(
          'conflict',
          `Accounts ${first} and ${index} are the same customer id and environment.`,
          [
            {
              pointer: `${pointerPrefix}/${index}/customerId`,
              detail: `duplicates entry ${first}`,
            },
          ],
        );
      }
      seen.set(key, index);
    });
  }
}

function definedOnly(input: UpdateMerchantAccountDto): Partial<MerchantCredentials> {
  return {
    ...(input.username !== undefined ? { username: input.username } : {}),
    ...(input.password !== undefined ? { password: input.password } : {}),
  };
}
