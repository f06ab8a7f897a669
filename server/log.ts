/**
 * Structured logs (pino, one JSON line per event). Ids and codes only: never the text of an
 * interaction, a reply or a note, never a password or a token. Redaction is the safety net for
 * the fields where a secret could end up by mistake; request logs show the path without a
 * query string's token.
 */
import { pino } from 'pino';
import type { DestinationStream, Logger } from 'pino';
import type { LogLevel } from './config';

export type { Logger } from 'pino';

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'authorization',
  'password',
  'token',
  '*.password',
  '*.token',
  '*.passwordHash',
  'databaseUrl',
  '*.databaseUrl',
];

/** `/sync/socket?token=abc` → `/sync/socket?token=[Redacted]`; Meta's `hub.verify_token` too. */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:token|access_token|hub\.verify_token)=)[^&#]*/gi, '$1[Redacted]');
}

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'moderator-desk-server' },
    redact: { paths: REDACTED_PATHS, censor: '[Redacted]' },
    serializers: {
      req: (req: { method?: string; url?: string; id?: string }) => ({
        method: req.method,
        url: redactUrl(req.url ?? ''),
        id: req.id,
      }),
    },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
