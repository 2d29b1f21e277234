import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CredentialCipher } from '@api/secrets/credential-cipher';
import {
  SealedSecretStore,
  countStaleColumn,
  reencryptColumn,
  type SealedColumn,
  type SealedSecretStoreInstance,
} from '@api/secrets/sealed-secret-store';
import { fieldsTokenAad } from './fields-token-aad';

const COLUMN: SealedColumn = {
  table: 'fields_tokens',
  column: 'token_ciphertext',
  aad: fieldsTokenAad,
};

/** Fields access token values, for key rotation. */
@Injectable()
@SealedSecretStore('Fields access tokens')
export class FieldsTokenSecretStore implements SealedSecretStoreInstance {
  constructor(private readonly dataSource: DataSource) {}

  countStale(cipher: CredentialCipher): Promise<number> {
    return countStaleColumn(this.dataSource, cipher, COLUMN);
  }

  reencryptBatch(cipher: CredentialCipher, limit: number): Promise<number> {
    return reencryptColumn(this.dataSource, cipher, COLUMN, limit);
  }
}
