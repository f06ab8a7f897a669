/**
 * Saved replies waiting for the approver's pre-approval signature (shared/domain/preApproval.ts),
 * on the approver page: listed under the pending replies, each with its exact text, the visibility
 * it is submitted for and a form to sign it with the password again (preApproval.ts of this
 * folder signs it). Only the ones whose current step is the approver's are listed.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Client, SavedReply, User } from '../../../shared/domain/entities';
import { id } from '../../../shared/domain/entities';
import { checkPreApprovalSigner } from '../../../shared/domain';
import type { Db } from '../../db/db';
import { toJson } from '../../db/db';
import { sql } from '../../db/sql';
import { parseInput } from '../../http/errors';
import { actorOf } from '../../sync/apply';
import { canSeeClient, visibilityOf } from '../../sync/scope';
import type { DecisionContext } from '../decide';
import { DecisionError } from '../decide';
import { signPreApproval } from '../preApproval';
import type { Html } from './html';
import { html } from './html';
import type { PageFrame } from './layout';
import { BASE, hiddenCsrf } from './layout';
import { alert } from './views';

export interface PreApprovalEntry {
  readonly savedReply: SavedReply;
  readonly client: Client;
  readonly stepIndex: number;
}

/** Submitted saved replies of the approver's clients whose current step is theirs to sign. */
export async function pendingPreApprovals(db: Db, user: User): Promise<PreApprovalEntry[]> {
  const actor = actorOf(user);
  const visibility = visibilityOf(actor);
  const rows = await db.query(sql`
    SELECT s.data AS saved, c.data AS client FROM entities s
    JOIN entities c ON c.entity = 'client' AND c.id = s.data->>'clientId'
    WHERE s.entity = 'saved_reply' AND s.data->'preApproval' IS NOT NULL
      AND jsonb_typeof(s.data->'preApproval') = 'object'
    ORDER BY s.data->>'name', s.id`);
  const entries: PreApprovalEntry[] = [];
  for (const found of rows) {
    const savedReply = toJson(found.saved) as SavedReply;
    const client = toJson(found.client) as Client;
    if (!canSeeClient(visibility, client.id)) continue;
    const step = checkPreApprovalSigner(savedReply, client, actor);
    if (step.ok) entries.push({ savedReply, client, stepIndex: step.value });
  }
  return entries;
}

/** The section of the list page; nothing when no saved reply waits for this approver. */
export function preApprovalSection(frame: PageFrame, entries: readonly PreApprovalEntry[], signed: boolean): Html {
  const { t } = frame;
  const notice = signed ? alert(t('preApproval.signed'), 'info') : null;
  if (entries.length === 0) return html`${notice}`;
  const items = entries.map(({ savedReply, client, stepIndex }) => {
    const visibility = savedReply.preApproval?.visibility ?? 'public';
    const field = `pre-${savedReply.id}`;
    return html`<li class="card">
      <h3>${savedReply.name} · ${client.name}</h3>
      <p class="muted">
        ${t('preApproval.for', {
          visibility: t(`preApproval.visibility.${visibility}`),
          step: client.approvalChain[stepIndex]?.name ?? '',
        })}
      </p>
      <blockquote class="proposed">${savedReply.text}</blockquote>
      <form method="post" action="${BASE}/saved-replies/${encodeURIComponent(savedReply.id)}/sign">
        ${hiddenCsrf(frame.csrf ?? '')}
        <input type="hidden" name="textHash" value="${savedReply.preApproval?.textHash ?? ''}" />
        <input type="hidden" name="stepIndex" value="${String(stepIndex)}" />
        <label for="${field}">${t('preApproval.password')}</label>
        <input id="${field}" name="password" type="password" required autocomplete="current-password" />
        <button type="submit">${t('preApproval.sign')}</button>
      </form>
    </li>`;
  });
  return html`${notice}
    <section aria-labelledby="pre-approvals-title">
      <h2 id="pre-approvals-title">${t('preApproval.title')}</h2>
      <p class="muted">${t('preApproval.intro')}</p>
      <ul class="pre-approvals">
        ${items}
      </ul>
    </section>`;
}

const params = z.object({ savedReplyId: id }).strict();
const signForm = z
  .object({
    _csrf: z.string().max(512),
    textHash: z.string().min(1).max(128),
    stepIndex: z
      .string()
      .regex(/^[0-2]$/, 'must be 0, 1 or 2')
      .transform(Number),
    password: z.string().min(1).max(1024),
  })
  .strict();

export interface PreApprovalRouteDeps {
  readonly context: DecisionContext;
  readonly requireUser: (request: FastifyRequest, reply: FastifyReply) => Promise<User | null>;
  readonly fail: (request: FastifyRequest, reply: FastifyReply, user: User, error: DecisionError) => Promise<unknown>;
  readonly language: (request: FastifyRequest) => 'it' | 'en';
}

/** `POST /approve/saved-replies/:savedReplyId/sign`: the signature, then back to the list. */
export function registerPreApprovalRoutes(scope: FastifyInstance, deps: PreApprovalRouteDeps): void {
  scope.post('/saved-replies/:savedReplyId/sign', { preHandler: scope.csrfProtection }, async (request, reply) => {
    const user = await deps.requireUser(request, reply);
    if (user === null) return reply;
    const { savedReplyId } = parseInput(params, request.params, 'query');
    const form = parseInput(signForm, request.body, 'body');
    const lang = deps.language(request);
    try {
      await signPreApproval(
        deps.context,
        user,
        { savedReplyId, stepIndex: form.stepIndex, textHash: form.textHash, password: form.password, lang },
        lang,
        request.ip,
      );
    } catch (error) {
      if (!(error instanceof DecisionError)) throw error;
      return deps.fail(request, reply, user, error);
    }
    request.log.info({ userId: user.id, savedReplyId }, 'pre-approval signed');
    return reply.redirect(`${BASE}/?signed=1`, 303);
  });
}
