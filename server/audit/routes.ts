/**
 * `GET /audit/verify?clientId=` and `GET /audit/export?clientId=&from=&to=&format=csv|pdf
 * [&lang=it|en][&tz=Europe/Rome]`. Who may read a chain: admins and leads all; an approver their
 * own clients' only; moderators none. The workspace chain (logins; no clientId) is for admins and
 * leads. A client the reader may not see is refused (403) before anything is read, whether it
 * exists or not.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { User } from '../../shared/domain/entities';
import { id, language } from '../../shared/domain/entities';
import { sql } from '../db/sql';
import { toText } from '../db/db';
import type { Queryable } from '../db/db';
import { authenticate } from '../http/authenticate';
import type { ServerContext } from '../http/context';
import { HttpError, parseInput } from '../http/errors';
import { auditCsv, auditPdf } from './export';
import { auditTexts } from './i18n';
import { parsePeriod, timeZone } from './period';
import { readPeriod } from './store';
import { verifyStoredChain } from './verify';

/** At most this many events per export: a longer period is refused with a clear message. */
export const EXPORT_LIMITS = { csv: 200_000, pdf: 5_000 } as const;

const verifyQuery = z.object({ clientId: id.optional() }).strict();
const exportQuery = z
  .object({
    clientId: id,
    from: z.string().min(1).max(40),
    to: z.string().min(1).max(40),
    format: z.enum(['csv', 'pdf']),
    lang: language.optional(),
    tz: timeZone.optional(),
  })
  .strict();

/** Throws 403 unless `user` may read the audit trail of `clientId` (null: the workspace's). */
export function checkAuditAccess(user: Pick<User, 'role' | 'clientIds'>, clientId: string | null): void {
  if (user.role === 'admin' || user.role === 'lead') return;
  if (user.role === 'approver' && clientId !== null && (user.clientIds ?? []).includes(clientId)) return;
  throw new HttpError(
    403,
    'forbidden',
    clientId === null
      ? 'only admins and leads may read the workspace audit trail'
      : "only admins, leads and the client's approvers may read its audit trail",
  );
}

async function clientName(db: Queryable, clientId: string): Promise<string> {
  const [row] = await db.query(
    sql`SELECT data->>'name' AS name FROM entities WHERE entity = 'client' AND id = ${clientId}`,
  );
  if (row === undefined) throw new HttpError(404, 'not_found', 'no such client');
  return toText(row.name);
}

export function registerAuditRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db, now } = context;

  app.get('/audit/verify', async (request) => {
    const { user } = await authenticate(db, request, now());
    const query = parseInput(verifyQuery, request.query, 'query');
    const clientId = query.clientId ?? null;
    checkAuditAccess(user, clientId);
    const report = await verifyStoredChain(db, clientId);
    request.log.info({ userId: user.id, clientId, ok: report.ok }, 'audit verify');
    return report;
  });

  app.get('/audit/export', async (request, reply) => {
    const { user } = await authenticate(db, request, now());
    const query = parseInput(exportQuery, request.query, 'query');
    checkAuditAccess(user, query.clientId);
    const zone = query.tz ?? 'UTC';
    const period = parsePeriod(query.from, query.to, zone);
    const name = await clientName(db, query.clientId);
    const limit = EXPORT_LIMITS[query.format];
    const events = await readPeriod(db, query.clientId, period, limit + 1);
    if (events.length > limit) {
      throw new HttpError(
        400,
        'invalid_request',
        `the period holds more than ${limit} events, the most a ${query.format.toUpperCase()} export takes: choose a shorter period`,
      );
    }
    request.log.info({ userId: user.id, clientId: query.clientId, format: query.format }, 'audit export');
    const file = `audit-${query.clientId}-${query.from}-${query.to}`.replace(/[^A-Za-z0-9._-]/g, '_');
    if (query.format === 'csv') {
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file}.csv"`)
        .send(auditCsv(events));
    }
    const language = query.lang ?? 'en';
    const pdf = await auditPdf(
      await auditTexts(language),
      {
        clientId: query.clientId,
        clientName: name,
        period,
        timeZone: zone,
        language,
        generatedAt: now(),
        generatedBy: `${user.name} <${user.email}>`,
        verification: await verifyStoredChain(db, query.clientId),
      },
      events,
    );
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${file}.pdf"`)
      .send(pdf);
  });
}
