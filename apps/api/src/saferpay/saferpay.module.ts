import { Global, Module } from '@nestjs/common';
import { SaferpayClients } from './saferpay-clients';

@Global()
@Module({ providers: [SaferpayClients], exports: [SaferpayClients] })
export class SaferpayModule {}
