import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Injectable } from '@nestjs/common';
import { TOKEN_PREFIXES } from '@platform/tokens';
import { ShopCapabilitiesService } from './shop-capabilities.service';

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

const SHOP_PATH =
  /^\/shops\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/capabilities$/;
const BEARER_SHOP = `Bearer ${TOKEN_PREFIXES.shopToken}_`;

/**
 * The hot path in front of Express. A checkout page asks on every render, and Express
 * plus the Nest pipeline cost more than the whole answer does when it is in memory (see
 * the README's benchmark). So the HTTP server's request listener first offers a request
 * to ShopCapabilitiesService.serveFromMemory; whatever that declines (other routes, a
 * token or document not in memory, a 404, a 429) goes to Express unchanged. Both lanes
 * write through the same function, so answers are identical.
 */
@Injectable()
export class ShopCapabilitiesFastLane {
  constructor(private readonly capabilities: ShopCapabilitiesService) {}

  install(server: Server): void {
    const listeners = server.listeners('request') as RequestListener[];
    server.removeAllListeners('request');
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (this.tryServe(req, res)) return;
      for (const listener of listeners) listener.call(server, req, res);
    });
  }

  /** True when this lane answered the request. */
  tryServe(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'GET') return false;
    const authorization = req.headers.authorization;
    if (!authorization?.startsWith(BEARER_SHOP)) return false;
    const url = req.url ?? '';
    let shopId: string | undefined;
    if (url !== '/shop/capabilities') {
      const match = SHOP_PATH.exec(url);
      if (!match) return false;
      shopId = match[1];
    }
    try {
      return this.capabilities.serveFromMemory(req, res, authorization.slice(7), shopId);
    } catch {
      // Nothing sent yet: let Nest answer (and log) it; otherwise the response is lost anyway.
      if (res.headersSent) res.destroy();
      return res.headersSent;
    }
  }
}
