import {
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { AppConfig } from '@api/config/app-config';
import { ShopTokensRepository } from './shop-tokens.repository';

/**
 * When each shop token was last used, without a database write per request: the times
 * are kept in memory and written every SHOP_TOKEN_LAST_USED_FLUSH_MS (and at shutdown)
 * in one UPDATE, so a token costs at most one write per interval.
 */
@Injectable()
export class ShopTokenUsage implements OnApplicationBootstrap, BeforeApplicationShutdown {
  /** Token id → last use (epoch ms): a number, so a request allocates nothing here. */
  private pending = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;

  constructor(
    private readonly config: AppConfig,
    private readonly tokens: ShopTokensRepository,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(ShopTokenUsage.name);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.flush(), this.config.SHOP_TOKEN_LAST_USED_FLUSH_MS);
    this.timer.unref();
  }

  /** Runs before the database closes (onApplicationShutdown), so the last times are kept. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  touch(tokenId: string, at = Date.now()): void {
    this.pending.set(tokenId, at);
  }

  /** Writes what was collected; a failed write is merged back and tried again next time. */
  flush(): Promise<void> {
    this.flushing ??= this.write().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async write(): Promise<void> {
    if (!this.pending.size) return;
    const batch = this.pending;
    this.pending = new Map();
    try {
      await this.tokens.recordLastUsed(new Map([...batch].map(([id, at]) => [id, new Date(at)])));
    } catch (error) {
      for (const [id, at] of batch) {
        const newer = this.pending.get(id);
        if (!newer || newer < at) this.pending.set(id, at);
      }
      this.logger.warn({ err: error, tokens: batch.size }, 'Recording shop token use failed');
    }
  }
}
