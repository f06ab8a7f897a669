/**
 * Registers the approvals API and the approver page on the team server:
 * - `POST /approvals/decide` (JSON, `Authorization: Bearer`): a signed decision, online only —
 *   the password is in the body and is never stored or logged (decide.ts).
 * - `POST /approvals/saved-replies/decide` (JSON, bearer): a signed step of a saved reply's
 *   pre-approval, online only, the same way (preApproval.ts).
 * - `/approve/…`: the browser page for client approvers (page/plugin.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { Approval } from '../../shared/domain/entities';
import type { Reply } from '../../shared/domain/entities';
import type { ServerContext } from '../http/context';
import { authenticate } from '../http/authenticate';
import { parseInput } from '../http/errors';
import { DecisionError, decideSigned } from './decide';
import { decideRequest } from './decision';
import { languageFromHeader } from './i18n';
import { BASE } from './page/layout';
import { approverPage } from './page/plugin';
import { preApprovalRequest, signPreApproval } from './preApproval';

export interface DecideResponse {
  /** The reply as it is now (status, text, approvals with their signatures). */
  readonly reply: Reply;
  /** The decision just recorded. */
  readonly approval: Approval;
}

export async function registerApprovals(app: FastifyInstance, context: ServerContext): Promise<void> {
  const { db, now } = context;
  app.post('/approvals/decide', { bodyLimit: 64 * 1024 }, async (request, reply) => {
    const { user } = await authenticate(db, request, now());
    const body = parseInput(decideRequest, request.body, 'body');
    const lang = body.lang ?? languageFromHeader(request.headers['accept-language']);
    try {
      const decided = await decideSigned(context, user, body, lang, request.ip);
      const approval = decided.reply.approvals.find((entry) => entry.id === decided.approvalId);
      if (approval === undefined) throw new Error('the recorded approval is missing from the reply');
      request.log.info({ userId: user.id, replyId: body.replyId, decision: body.decision }, 'approval signed');
      const answer: DecideResponse = { reply: decided.reply, approval };
      return answer;
    } catch (error) {
      if (!(error instanceof DecisionError)) throw error;
      request.log.info({ userId: user.id, replyId: body.replyId, code: error.code }, 'approval refused');
      return reply
        .status(error.status)
        .headers(error.headers)
        .send({ error: { code: error.code, message: error.message } });
    }
  });
  app.post('/approvals/saved-replies/decide', { bodyLimit: 16 * 1024 }, async (request, reply) => {
    const { user } = await authenticate(db, request, now());
    const body = parseInput(preApprovalRequest, request.body, 'body');
    const lang = body.lang ?? languageFromHeader(request.headers['accept-language']);
    try {
      const savedReply = await signPreApproval(context, user, body, lang, request.ip);
      request.log.info({ userId: user.id, savedReplyId: body.savedReplyId }, 'pre-approval signed');
      return { savedReply };
    } catch (error) {
      if (!(error instanceof DecisionError)) throw error;
      request.log.info({ userId: user.id, savedReplyId: body.savedReplyId, code: error.code }, 'pre-approval refused');
      return reply
        .status(error.status)
        .headers(error.headers)
        .send({ error: { code: error.code, message: error.message } });
    }
  });
  await app.register(approverPage, { prefix: BASE, context });
}
