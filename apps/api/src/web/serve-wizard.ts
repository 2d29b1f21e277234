import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';

export const WIZARD_BASE_PATH = '/app';

/**
 * Serves the built wizard (apps/wizard) at /app with a single-page-app fallback, so one URL
 * is all a new user needs. Plain Express middleware: outside the bearer guard (the page itself
 * is public; its API calls carry the token) and outside the OpenAPI document. Skipped when the
 * wizard was not built (API-only deployments and most tests).
 */
export function serveWizard(app: INestApplication, dir: string | undefined): boolean {
  const root = resolve(dir ?? join(process.cwd(), 'dist/apps/wizard'));
  const indexHtml = join(root, 'index.html');
  if (!existsSync(indexHtml)) return false;

  const securityHeaders = (_req: Request, res: Response, next: NextFunction) => {
    res.set({
      'Content-Security-Policy':
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
    });
    next();
  };
  app.use(WIZARD_BASE_PATH, securityHeaders);
  // Vite's assets have content hashes in their names: cache them long.
  app.use(
    `${WIZARD_BASE_PATH}/assets`,
    express.static(join(root, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }),
  );
  app.use(WIZARD_BASE_PATH, express.static(root, { index: false }));
  app.use(WIZARD_BASE_PATH, (req: Request, res: Response, next: NextFunction) => {
    // Client-side routes get index.html; a missing file (a dot in the last segment) stays a 404.
    if ((req.method !== 'GET' && req.method !== 'HEAD') || /\.[^/]*$/.test(req.path)) {
      next();
      return;
    }
    res.set('Cache-Control', 'no-cache');
    res.sendFile(indexHtml);
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'GET' && req.path === '/') res.redirect(302, `${WIZARD_BASE_PATH}/`);
    else next();
  });
  return true;
}
