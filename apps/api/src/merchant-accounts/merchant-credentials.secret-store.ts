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
import { credentialsAad } from './merchant-accounts.service';

const COLUMN: SealedColumn = {
  table: 'merchant_accounts',
  column: 'credentials_ciphertext',
  aad: credentialsAad,
};

/** The merchant accounts' JSON API credentials, for key rotation. */
@Injectable()
@SealedSecretStore('merchant account credentials')
export class MerchantCredentialsSecretStore implements SealedSecretStoreInstance {
  constructor(private readonly dataSource: DataSource) {}

  countStale(cipher: CredentialCipher): Promise<number> {
    return countStaleColumn(this.dataSource, cipher, COLUMN);
  }

  reencryptBatch(cipher: CredentialCipher, limit: number): Promise<number> {
    return reencryptColumn(this.dataSource, cipher, COLUMN, limit);
  }
}
