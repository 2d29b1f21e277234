import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { issueToken } from '@platform/tokens';
import { notFound } from '@api/common/problem/problem.exception';
import { IssuedOperatorKeyDto, OperatorKeyDto } from './dto/operator-key.dto';
import { OperatorKeysRepository } from './operator-keys.repository';

@Injectable()
export class OperatorKeysService {
  constructor(private readonly keys: OperatorKeysRepository) {}

  async issue(
    tenantId: string,
    name: string,
    manager?: EntityManager,
  ): Promise<IssuedOperatorKeyDto> {
    const issued = issueToken('operatorKey');
    const entity = await this.keys.create(
      tenantId,
      { name, tokenHash: issued.hash, hint: issued.hint },
      manager,
    );
    return { ...OperatorKeyDto.from(entity), token: issued.token };
  }

  async list(tenantId: string): Promise<OperatorKeyDto[]> {
    return (await this.keys.listForTenant(tenantId)).map((key) => OperatorKeyDto.from(key));
  }

  async revoke(tenantId: string, id: string): Promise<void> {
    const key = await this.keys.findForTenant(tenantId, id);
    if (!key) throw notFound('Operator key', id);
    await this.keys.revoke(tenantId, id, new Date());
  }
}
