import { z } from 'zod';
import { id } from '../domain/entities';

/**
 * A notification as the desktop core announces it to a renderer that shows its own (the browser
 * host; the Electron shell shows system notifications instead). Texts are i18n keys with params,
 * translated where shown, so a language switch applies at once. Never any message text.
 */
export interface NotifyTextWire {
  key: string;
  params?: Record<string, string | number | NotifyTextWire> | undefined;
}

export const notifyText: z.ZodType<NotifyTextWire> = z.lazy(() =>
  z.object({
    key: z.string().min(1),
    params: z.record(z.string(), z.union([z.string(), z.number(), notifyText])).optional(),
  }),
);

export const notifyTarget = z.discriminatedUnion('type', [
  z.object({ type: z.literal('item'), itemId: id }),
  z.object({ type: z.literal('view'), view: z.enum(['queue', 'approvals']) }),
]);

export const notification = z.object({
  kind: z.string().min(1),
  title: notifyText,
  body: notifyText,
  target: notifyTarget,
  silent: z.boolean(),
  /** A notification still shown with the same tag is replaced, not stacked. */
  replaces: z.string().nullable(),
});

export const notifyEvent = z.object({
  /** Items waiting for this user (their work, or approvals they may decide). */
  badge: z.number().int().nonnegative(),
  notifications: z.array(notification),
});
export type NotifyEvent = z.infer<typeof notifyEvent>;
