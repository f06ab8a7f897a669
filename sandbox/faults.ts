/**
 * Fault injection per Graph route: the next N calls to a route answer with a throttle (codes
 * 4/17/32/613/80001… with usage headers), a 5xx, a policy block (368), or never answer (timeout).
 * Token expiry and revocation live on the account (SandboxWorld) since they last until reconnect.
 */
export const graphRoutes = [
  'feed',
  'comments',
  'conversations',
  'object',
  'reply',
  'hide',
  'delete',
  'messages',
] as const;
export type GraphRoute = (typeof graphRoutes)[number];

export type Fault =
  | {
      readonly kind: 'rate_limit';
      readonly code: 4 | 17 | 32 | 613 | 80001 | 80002 | 80006;
      /** Meta answers throttles with 400 (sometimes 403 or 429); the code is what counts. */
      readonly status?: number;
      /** `estimated_time_to_regain_access` in the `X-Business-Use-Case-Usage` header, minutes. */
      readonly regainMinutes?: number;
    }
  | { readonly kind: 'server_error'; readonly status?: 500 | 502 | 503 }
  | { readonly kind: 'blocked' }
  | { readonly kind: 'timeout' };

export interface FaultAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

export class FaultPlan {
  private readonly planned = new Map<GraphRoute, Fault[]>();

  /** The next `times` calls to `route` meet `fault`. */
  inject(route: GraphRoute, fault: Fault, times = 1): void {
    const list = this.planned.get(route) ?? [];
    for (let i = 0; i < times; i += 1) list.push(fault);
    this.planned.set(route, list);
  }

  take(route: GraphRoute): Fault | undefined {
    return this.planned.get(route)?.shift();
  }

  clear(): void {
    this.planned.clear();
  }
}

/** What Graph answers for a fault (timeouts are handled by the caller: no answer at all). */
export function faultAnswer(fault: Exclude<Fault, { kind: 'timeout' }>, accountId: string): FaultAnswer {
  const trace = { fbtrace_id: 'SandboxTrace' };
  if (fault.kind === 'server_error') {
    return {
      status: fault.status ?? 500,
      headers: {},
      body: {
        error: {
          message: 'An unexpected error has occurred. Please retry your request later.',
          type: 'OAuthException',
          code: 2,
          is_transient: true,
          ...trace,
        },
      },
    };
  }
  if (fault.kind === 'blocked') {
    return {
      status: 400,
      headers: {},
      body: {
        error: {
          message: 'You have been temporarily blocked from performing this action.',
          type: 'OAuthException',
          code: 368,
          error_subcode: 1390008,
          ...trace,
        },
      },
    };
  }
  const usage = { call_count: 100, total_cputime: 42, total_time: 67 };
  const buc = {
    [accountId]: [{ type: 'pages', ...usage, estimated_time_to_regain_access: fault.regainMinutes ?? 10 }],
  };
  return {
    status: fault.status ?? 400,
    headers: { 'x-app-usage': JSON.stringify(usage), 'x-business-use-case-usage': JSON.stringify(buc) },
    body: {
      error: {
        message: '(#' + fault.code + ') Application request limit reached',
        type: 'OAuthException',
        code: fault.code,
        ...trace,
      },
    },
  };
}
