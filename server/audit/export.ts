/**
 * A client's audit trail for a period, as a CSV file (RFC 4180, UTF-8 with a BOM so Excel reads
 * accents right) that holds every hashed field — so anyone can re-verify it — and as a PDF
 * report a compliance officer can file: who did what, when, in what capacity, with e-signatures
 * and the result of the chain's verification.
 */
import PDFDocument from 'pdfkit';
import { stringify } from 'csv-stringify/sync';
import type { TFunction } from 'i18next';
import type { AuditEvent } from '../../shared/domain/audit';
import { canonicalJson } from '../../shared/domain/audit';
import type { Language } from '../../shared/domain/entities';
import type { ChainReport } from './verify';

export interface ExportContext {
  readonly clientId: string;
  readonly clientName: string;
  readonly period: { readonly from: number; readonly to: number };
  readonly timeZone: string;
  readonly language: Language;
  readonly generatedAt: number;
  readonly generatedBy: string;
  readonly verification: ChainReport;
}

const CSV_COLUMNS = [
  'seq',
  'time_utc',
  'at_ms',
  'actor_id',
  'actor_name',
  'actor_role',
  'action',
  'entity',
  'entity_id',
  'client_id',
  'signature_printed_name',
  'signature_meaning',
  'signature_at_ms',
  'before',
  'after',
  'prev_hash',
  'hash',
] as const;

/**
 * Spreadsheets run a cell that starts with = + - @ as a formula (CSV injection): free text from
 * people gets a leading apostrophe. Hash inputs that need it exactly (before/after) are JSON,
 * which never starts with those characters except a negative number.
 */
const safeText = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
/** Canonical JSON: the bytes that were hashed, whatever key order the database returns. */
const jsonCell = (value: unknown): string => (value === null ? '' : canonicalJson(value));

export function auditCsv(events: readonly AuditEvent[]): string {
  const rows = events.map((event) => [
    event.seq,
    new Date(event.at).toISOString(),
    event.at,
    event.actor.id ?? '',
    safeText(event.actor.name),
    event.actor.role ?? '',
    event.action,
    event.entity,
    safeText(event.entityId),
    event.clientId ?? '',
    safeText(event.signature?.printedName ?? ''),
    safeText(event.signature?.meaning ?? ''),
    event.signature?.at ?? '',
    jsonCell(event.before),
    jsonCell(event.after),
    event.prevHash,
    event.hash,
  ]);
  return stringify([[...CSV_COLUMNS], ...rows], { bom: true, record_delimiter: '\r\n' });
}

export function formatTime(at: number, language: Language, timeZone: string): string {
  // Four-digit years and seconds: a filed report is read years later and orders events to the second.
  return new Intl.DateTimeFormat(language === 'it' ? 'it-IT' : 'en-GB', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(at);
}

export function verificationText(t: TFunction, report: ChainReport): string {
  if (report.ok) return t('report.verifiedOk', { count: report.events, hash: report.head.hash });
  return t('report.verifiedProblem', {
    seq: report.problem.seq,
    position: report.problem.index + 1,
    problem: t(`problem.${report.problem.kind}`),
  });
}

function actorName(t: TFunction, event: AuditEvent): string {
  if (event.actor.id === 'system') return t('system');
  if (event.actor.id === null) return t('unknownAccount');
  return event.actor.name;
}

/**
 * The reason an event carries, shown under its action in the report: the policy reason of a hide
 * or delete (required for political clients, part of what the report must show), an archive's
 * reason, a rejection's reason.
 */
export function reasonOf(event: AuditEvent): string | null {
  const after = event.after;
  if (after === null || typeof after !== 'object' || Array.isArray(after)) return null;
  if (event.action === 'hide' || event.action === 'delete' || event.action === 'archive') {
    return typeof after.closedReason === 'string' ? after.closedReason : null;
  }
  if (event.action === 'reject') {
    const approval = after.approval;
    if (approval === null || typeof approval !== 'object' || Array.isArray(approval)) return null;
    return typeof approval.comment === 'string' ? approval.comment : null;
  }
  return null;
}

function actionText(t: TFunction, event: AuditEvent): string {
  const action = t(`action.${event.action}`);
  const reason = reasonOf(event);
  return reason === null ? action : `${action}\n${t('reason', { reason })}`;
}

interface Column {
  readonly header: string;
  readonly width: number;
  readonly cell: (event: AuditEvent) => string;
}

const MARGIN = 36;
const FONT_SIZE = 8;
const CELL_PADDING = 3;

/** The PDF report; resolves with the whole file (a period's report is at most a few MB). */
export function auditPdf(t: TFunction, context: ExportContext, events: readonly AuditEvent[]): Promise<Buffer> {
  const time = (at: number) => formatTime(at, context.language, context.timeZone);
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: t('report.documentTitle', { client: context.clientName }),
      Subject: `${context.clientName} (${context.clientId})`,
      Author: context.generatedBy,
      Creator: 'Moderator Desk',
      CreationDate: new Date(context.generatedAt),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - 2 * MARGIN;
  const columns: Column[] = [
    { header: t('column.seq'), width: 40, cell: (event) => String(event.seq) },
    { header: t('column.time'), width: 105, cell: (event) => time(event.at) },
    { header: t('column.actor'), width: 130, cell: (event) => actorName(t, event) },
    { header: t('column.role'), width: 80, cell: (event) => t(`role.${event.actor.role ?? 'none'}`) },
    { header: t('column.action'), width: 110, cell: (event) => actionText(t, event) },
    { header: t('column.entity'), width: 130, cell: (event) => `${t(`entity.${event.entity}`)} ${event.entityId}` },
  ];
  const used = columns.reduce((sum, column) => sum + column.width, 0);
  columns.push({
    header: t('column.signature'),
    width: width - used,
    cell: (event) =>
      event.signature === null
        ? ''
        : t('signature', {
            meaning: event.signature.meaning,
            name: event.signature.printedName,
            at: time(event.signature.at),
          }),
  });

  doc.font('Helvetica-Bold').fontSize(16).text(t('report.title'));
  doc.moveDown(0.5);
  const field = (label: string, value: string) => {
    doc.font('Helvetica-Bold').fontSize(10).text(`${label}: `, { continued: true });
    doc.font('Helvetica').text(value);
  };
  field(t('report.client'), `${context.clientName} (${context.clientId})`);
  field(
    t('report.period'),
    // The period's end is excluded: show its last second.
    t('report.periodValue', {
      from: time(context.period.from),
      to: time(context.period.to - 1000),
      zone: context.timeZone,
    }),
  );
  field(t('report.generatedAt'), time(context.generatedAt));
  field(t('report.generatedBy'), context.generatedBy);
  field(t('report.verification'), verificationText(t, context.verification));
  doc
    .font('Helvetica-Bold')
    .fontSize(10)
    .text(t('report.eventsInPeriod', { count: events.length }));
  doc.moveDown(0.5);

  const rowHeight = (cells: readonly string[], font: string) => {
    doc.font(font).fontSize(FONT_SIZE);
    return (
      Math.max(
        ...cells.map((text, index) =>
          doc.heightOfString(text, { width: (columns[index]?.width ?? 0) - 2 * CELL_PADDING }),
        ),
      ) +
      2 * CELL_PADDING
    );
  };
  const drawRow = (cells: readonly string[], font: string, shaded: boolean) => {
    const height = rowHeight(cells, font);
    const top = doc.y;
    if (shaded) doc.rect(MARGIN, top, width, height).fill('#eeeeee').fillColor('black');
    let x = MARGIN;
    cells.forEach((text, index) => {
      const columnWidth = columns[index]?.width ?? 0;
      doc
        .font(font)
        .fontSize(FONT_SIZE)
        .text(text, x + CELL_PADDING, top + CELL_PADDING, { width: columnWidth - 2 * CELL_PADDING });
      x += columnWidth;
    });
    doc
      .moveTo(MARGIN, top + height)
      .lineTo(MARGIN + width, top + height)
      .lineWidth(0.3)
      .strokeColor('#999999')
      .stroke();
    doc.x = MARGIN;
    doc.y = top + height;
  };
  const headers = columns.map((column) => column.header);
  const bottom = () => doc.page.height - MARGIN - 20;

  if (events.length === 0) doc.font('Helvetica-Oblique').fontSize(10).text(t('report.noEvents'));
  else drawRow(headers, 'Helvetica-Bold', true);
  for (const event of events) {
    const cells = columns.map((column) => column.cell(event));
    if (doc.y + rowHeight(cells, 'Helvetica') > bottom()) {
      doc.addPage();
      drawRow(headers, 'Helvetica-Bold', true);
    }
    drawRow(cells, 'Helvetica', false);
  }

  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index += 1) {
    doc.switchToPage(index);
    const footerY = doc.page.height - MARGIN - 10;
    doc.font('Helvetica').fontSize(7).fillColor('#555555');
    doc.text(t('report.footer'), MARGIN, footerY, { width: width - 80, lineBreak: false });
    doc.text(t('report.page', { page: index + 1, pages: range.count }), MARGIN + width - 80, footerY, {
      width: 80,
      align: 'right',
      lineBreak: false,
    });
  }
  doc.end();
  return done;
}
