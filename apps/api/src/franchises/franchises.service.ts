import { Injectable } from '@nestjs/common';
import { toPage } from '@platform/pagination';
import {
  violatedForeignKey,
  violatedUniqueConstraint,
} from '@api/common/database/unique-violation';
import { cursorPosition } from '@api/common/http/page-query.dto';
import { notFound, ProblemException } from '@api/common/problem/problem.exception';
import {
  CreateFranchiseDto,
  FranchiseDto,
  FranchisePageDto,
  ListFranchisesQueryDto,
  UpdateFranchiseDto,
} from './dto/franchise.dto';
import { FranchisesRepository, type FranchiseValues } from './franchises.repository';

/** Which field a unique constraint guards, for a 409 that points at it. */
const UNIQUE_FIELDS: Record<string, { pointer: string; detail: string }> = {
  uq_franchises_tenant_name: {
    pointer: '/name',
    detail: 'another franchise already has this name',
  },
  uq_franchises_tenant_external_ref: {
    pointer: '/externalRef',
    detail: 'another franchise already has this externalRef',
  },
};

@Injectable()
export class FranchisesService {
  constructor(private readonly franchises: FranchisesRepository) {}

  async create(tenantId: string, input: CreateFranchiseDto): Promise<FranchiseDto> {
    const entity = await this.withConflictMapping(() =>
      this.franchises.insert(tenantId, {
        name: input.name,
        externalRef: input.externalRef ?? null,
        contactEmail: input.contactEmail ?? null,
      }),
    );
    return FranchiseDto.from(entity);
  }

  async get(tenantId: string, id: string): Promise<FranchiseDto> {
    const entity = await this.franchises.findById(tenantId, id);
    if (!entity) throw notFound('Franchise', id);
    return FranchiseDto.from(entity);
  }

  async list(tenantId: string, query: ListFranchisesQueryDto): Promise<FranchisePageDto> {
    const rows = await this.franchises.listPage(tenantId, {
      limit: query.limit,
      after: cursorPosition(query.cursor),
      search: query.search,
    });
    const page = toPage(rows, query.limit);
    return { items: page.items.map((row) => FranchiseDto.from(row)), nextCursor: page.nextCursor };
  }

  async update(tenantId: string, id: string, input: UpdateFranchiseDto): Promise<FranchiseDto> {
    const patch: Partial<FranchiseValues> = {};
    if (input.name !== undefined) patch.name = input.name;
    if (input.externalRef !== undefined) patch.externalRef = input.externalRef;
    if (input.contactEmail !== undefined) patch.contactEmail = input.contactEmail;
    if (Object.keys(patch).length === 0) return this.get(tenantId, id);
    const entity = await this.withConflictMapping(() =>
      this.franchises.update(tenantId, id, patch),
    );
    if (!entity) throw notFound('Franchise', id);
    return FranchiseDto.from(entity);
  }

  /**
   * Deletes a franchise that owns no merchant accounts or shops. Their foreign keys restrict the
   * delete in the database (so no concurrent registration slips through); that refusal is a 409.
   */
  async delete(tenantId: string, id: string): Promise<void> {
    let deleted: boolean;
    try {
      deleted = await this.franchises.delete(tenantId, id);
    } catch (error) {
      if (violatedForeignKey(error) === undefined) throw error;
      throw new ProblemException(
        'conflict',
        'The franchise still has merchant accounts or shops, so it cannot be deleted.',
      );
    }
    if (!deleted) throw notFound('Franchise', id);
  }

  private async withConflictMapping<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      const constraint = violatedUniqueConstraint(error);
      const field = constraint !== undefined ? UNIQUE_FIELDS[constraint] : undefined;
      if (field)
        throw new ProblemException(
          'conflict',
          `A franchise with this ${field.pointer.slice(1)} exists.`,
          [field],
        );
      throw error;
    }
  }
}
