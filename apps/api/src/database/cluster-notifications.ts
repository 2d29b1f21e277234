import { randomUUID } from 'node:crypto';
import {
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig } from '@api/config/app-config';

const CHANNEL = 'platform_cache';
/** 100 uuids keep a payload near 4 KB, under NOTIFY's 8000-byte limit. */
const IDS_PER_NOTICE = 100;
const MAX_RETRY_MS = 30_000;

interface Notice {
  origin: string;
  topic: string;
  ids: string[];
}

interface Subscription {
  onIds: (ids: string[]) => void;
  /** Notices may have been missed (the listening connection was down): drop everything. */
  onResync: () => void;
}

/**
 * Tells the other replicas that rows they cache changed, over PostgreSQL LISTEN/NOTIFY, so a
 * revoked shop token or a rewritten capability document stops being served everywhere at once
 * instead of at the cache's TTL. Best effort by design: while the listening connection is down
 * each replica falls back to its TTLs, and once it is back every subscriber drops its cache.
 * Embedded PGlite serves one process, which forgets locally: nothing is sent there.
 */
@Injectable()
export class ClusterNotifications implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly origin = randomUUID();
  private readonly subscriptions = new Map<string, Subscription[]>();
  private client?: Client;
  private failures = 0;
  private listenedBefore = false;
  private stopped = false;
  private retryTimer?: NodeJS.Timeout;

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(ClusterNotifications.name);
  }

  get enabled(): boolean {
    return !this.config.usesEmbeddedDatabase;
  }

  /** True while this replica hears the others (for tests and diagnostics). */
  get listening(): boolean {
    return this.client !== undefined;
  }

  subscribe(topic: string, subscription: Subscription): void {
    this.subscriptions.set(topic, [...(this.subscriptions.get(topic) ?? []), subscription]);
  }

  /** Sends `ids` of `topic` to the other replicas. Call after the change committed. */
  async publish(topic: string, ids: readonly string[]): Promise<void> {
    if (!this.enabled || ids.length === 0) return;
    for (let at = 0; at < ids.length; at += IDS_PER_NOTICE) {
      const notice: Notice = {
        origin: this.origin,
        topic,
        ids: ids.slice(at, at + IDS_PER_NOTICE),
      };
      await this.dataSource.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(notice)]);
    }
  }

  /** `publish` for callers that must not wait or fail: a lost notice costs one TTL. */
  publishSoon(topic: string, ids: readonly string[]): void {
    this.publish(topic, ids).catch((error: unknown) =>
      this.logger.warn({ err: error, topic }, 'Sending a cache notice failed'),
    );
  }

  onApplicationBootstrap(): void {
    if (this.enabled) void this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({
      connectionString: this.config.DATABASE_URL,
      application_name: 'saferpay-platform cache notices',
    });
    let lost = false;
    const onLost = (error?: unknown) => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = undefined;
      client.end().catch(() => undefined);
      if (this.stopped) return;
      const delay = Math.min(MAX_RETRY_MS, 500 * 2 ** this.failures);
      this.failures += 1;
      this.logger.warn(
        { err: error, retryInMs: delay },
        'Not hearing other replicas; their cache changes count after the TTLs until reconnected',
      );
      this.retryTimer = setTimeout(() => void this.connect(), delay);
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (message) => this.receive(message.payload));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      onLost(error);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.failures = 0;
    if (this.listenedBefore) {
      for (const list of this.subscriptions.values()) for (const s of list) s.onResync();
    }
    this.listenedBefore = true;
  }

  private receive(payload: string | undefined): void {
    let notice: Notice;
    try {
      notice = JSON.parse(payload ?? '') as Notice;
    } catch {
      return;
    }
    if (notice.origin === this.origin || !Array.isArray(notice.ids)) return;
    for (const subscription of this.subscriptions.get(notice.topic) ?? []) {
      subscription.onIds(notice.ids);
    }
  }
}
