import type { ItemDetail } from '../../../../shared/contract';
import type { User } from '../../../../shared/domain/entities';

/** The composer for the selected item; wired to the composer feature and the reply calls. */
export function ReplyPanel(_props: { detail: ItemDetail; me: User; mode: 'public' | 'private' }) {
  return null;
}
