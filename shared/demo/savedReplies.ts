import type { SavedReply, SavedReplyPreApproval } from '../domain/entities';
import { replyTextHash } from '../domain/hash';
import { CONSUMER, PHARMA, POLITICS } from './ids';

/**
 * Each client's saved replies: variables the composer fills, some pre-approved by the client —
 * which, as in production (shared/domain/preApproval.ts), means the client's whole chain e-signed
 * the exact text for public replies: the seed carries those signatures (one approver per step, as
 * workspace.ts lists the chains), submitted by the demo admin.
 */

const SEED_AT = Date.UTC(2025, 0, 2, 9, 0, 0);

/** Per client: who signs each step of its chain (workspace.ts), with the name printed on the signature. */
const SIGNERS: Readonly<Record<string, readonly (readonly [string, string, string])[]>> = {
  [PHARMA]: [
    ['us-medical', 'Dott.ssa Elena Marchetti', 'Revisione medica'],
    ['us-legal', 'Avv. Federica Galli', 'Revisione legale'],
    ['us-regulatory', 'Dott. Stefano Villa', 'Affari regolatori'],
  ],
  [POLITICS]: [
    ['us-press', 'Valentina Ricci', 'Ufficio stampa'],
    ['us-staff', 'Giorgio Leone', 'Capo di gabinetto'],
  ],
  [CONSUMER]: [['us-brand', 'Martina Costa', 'Brand manager']],
};

function seedPreApproval(clientId: string, text: string): SavedReplyPreApproval {
  const textHash = replyTextHash(text, 'public');
  return {
    visibility: 'public',
    textHash,
    submittedBy: 'us-admin',
    submittedAt: SEED_AT,
    signatures: (SIGNERS[clientId] ?? []).map(([approverId, printedName, step], stepIndex) => {
      const meaning = `Pre-approvato — ${step}`;
      const at = SEED_AT + (stepIndex + 1) * 60_000;
      return {
        stepIndex,
        approverId,
        meaning,
        at,
        signature: { printedName, signedAt: at, meaning, lang: 'it' as const, textHash, method: 'password' as const },
      };
    }),
  };
}

const saved = (
  id: string,
  clientId: string,
  name: string,
  lang: 'it' | 'en',
  preApproved: boolean,
  text: string,
): SavedReply => ({
  id,
  clientId,
  name,
  lang,
  preApproved,
  text,
  preApproval: preApproved ? seedPreApproval(clientId, text) : null,
});

export const savedReplies: readonly SavedReply[] = [
  saved(
    'sr-vit-1',
    PHARMA,
    'Rimando al medico',
    'it',
    true,
    'Gentile {{contact.first_name}}, grazie per averci scritto. Per domande sulla sua terapia la invitiamo a rivolgersi al suo medico o al farmacista, che conoscono la sua storia clinica. Un cordiale saluto, {{agent.first_name}} per {{client.name}}.',
  ),
  saved(
    'sr-vit-2',
    PHARMA,
    'Segnalazione evento avverso',
    'it',
    true,
    'Gentile {{contact.first_name}}, ci dispiace per quanto accaduto. Per trasmettere la sua segnalazione alla farmacovigilanza le scriviamo in privato per raccogliere alcune informazioni. Grazie.',
  ),
  saved(
    'sr-vit-3',
    PHARMA,
    'Disponibilità prodotto',
    'it',
    false,
    'Ciao {{contact.first_name}}, stiamo lavorando con i distributori per ripristinare la disponibilità il prima possibile. Ti consigliamo di chiedere al farmacista un ordine diretto.',
  ),
  saved(
    'sr-vit-4',
    PHARMA,
    'Refer to doctor (EN)',
    'en',
    true,
    'Dear {{contact.first_name}}, thank you for reaching out. For questions about your treatment please talk to your doctor or pharmacist. Kind regards, {{agent.first_name}} for {{client.name}}.',
  ),
  saved(
    'sr-vit-5',
    PHARMA,
    'Ringraziamento',
    'it',
    true,
    'Grazie {{contact.first_name}} per il tuo messaggio! Il team di {{client.name}}.',
  ),
  saved(
    'sr-bel-1',
    POLITICS,
    'Grazie per il sostegno',
    'it',
    true,
    'Grazie {{contact.first_name}}, il tuo sostegno conta moltissimo. Andiamo avanti insieme! Laura',
  ),
  saved(
    'sr-bel-2',
    POLITICS,
    'Invito a scrivere in privato',
    'it',
    false,
    'Ciao {{contact.first_name}}, scrivici in privato con i dettagli: lo staff ti risponderà entro 48 ore. {{agent.first_name}}, segreteria di {{client.name}}',
  ),
  saved(
    'sr-bel-3',
    POLITICS,
    'Programma incontri',
    'it',
    true,
    'Ciao {{contact.first_name}}, il calendario degli incontri sul territorio è sul sito, nella sezione Agenda. Ti aspettiamo!',
  ),
  saved(
    'sr-bel-4',
    POLITICS,
    'Richiesta stampa',
    'it',
    false,
    'Buongiorno {{contact.first_name}}, per richieste stampa può scrivere all’ufficio stampa: la ricontatteremo in giornata.',
  ),
  saved(
    'sr-pd-1',
    CONSUMER,
    'Grazie!',
    'it',
    true,
    'Grazie mille {{contact.first_name}}! Buon appetito da tutto il team di {{client.name}} 🍝',
  ),
  saved(
    'sr-pd-2',
    CONSUMER,
    'Reclamo qualità',
    'it',
    false,
    'Ciao {{contact.first_name}}, ci dispiace molto. Ti scriviamo in privato per avere il numero di lotto e una foto della confezione, così possiamo verificare subito.',
  ),
  saved(
    'sr-pd-3',
    CONSUMER,
    'Dove trovarci',
    'it',
    true,
    'Ciao {{contact.first_name}}, trovi i nostri formati nei principali supermercati e sul nostro shop online. {{agent.first_name}}',
  ),
  saved(
    'sr-pd-4',
    CONSUMER,
    'Thanks (EN)',
    'en',
    true,
    'Thank you {{contact.first_name}}! Buon appetito from everyone at {{client.name}} 🍝',
  ),
  saved(
    'sr-pd-5',
    CONSUMER,
    'Tempi di cottura',
    'it',
    true,
    'Ciao {{contact.first_name}}! Ti consigliamo di assaggiare un minuto prima del tempo indicato: la nostra pasta tiene benissimo la cottura.',
  ),
];
