import { spamIntent, type ClientContent } from './engine';

/**
 * Laura Bellini, a (fictional) member of parliament: policy questions, support, criticism,
 * insults (the profanity flag), strikes and unions, elections: the last two are the sensitive
 * topics of her office's policy.
 */
export const politicsContent: ClientContent = {
  slots: {
    policy: {
      it: [
        'le pensioni',
        'la sanità pubblica',
        'il trasporto locale',
        'la scuola',
        'il caro affitti',
        'il salario minimo',
        'le liste d’attesa',
        'i giovani precari',
        'la sicurezza sul lavoro',
      ],
      en: ['pensions', 'public healthcare', 'local transport', 'schools', 'rents', 'the minimum wage'],
    },
    sector: {
      it: ['trasporti', 'metalmeccanici', 'insegnanti', 'infermieri', 'rider', 'lavoratori della logistica'],
      en: ['transport workers', 'teachers', 'nurses', 'delivery riders'],
    },
    election: {
      it: ['regionali', 'europee', 'comunali', 'politiche'],
      en: ['regional elections', 'European elections', 'local elections'],
    },
    city: {
      it: ['Bologna', 'Modena', 'Reggio Emilia', 'Parma', 'Ferrara', 'Rimini', 'Piacenza', 'Imola'],
      en: ['Bologna', 'Modena', 'Parma'],
    },
    paper: {
      it: ['la Gazzetta di Modena', 'il Resto del Carlino', 'una radio locale', 'un quotidiano online'],
      en: ['a local newspaper', 'an online magazine'],
    },
  },
  posts: {
    it: [
      'Oggi in Aula abbiamo votato la legge sul salario minimo. Una giornata importante.',
      'Sabato sarò a Modena per ascoltare i lavoratori della logistica. Vi aspetto.',
      'Le liste d’attesa nella sanità pubblica sono una priorità: ecco la nostra proposta.',
      'Grazie a tutti i volontari che hanno animato la festa di quartiere a Bologna.',
      'Trasporto pubblico: abbiamo chiesto più fondi per le linee extraurbane.',
      'In diretta alle 18 per rispondere alle vostre domande sulla manovra.',
    ],
    en: ['Today parliament voted on the minimum wage. An important day.'],
  },
  comments: [
    {
      id: 'policy-question',
      weight: 14,
      tone: 'neutral',
      sentiment: [-0.05, 0.25],
      it: [
        'Onorevole, cosa pensa di fare concretamente per {policy}?',
        'Qual è la vostra proposta su {policy}? Finora solo slogan.',
        'E per {policy} cosa avete previsto nella manovra?',
        'Potrebbe spiegare meglio la posizione del partito su {policy}?',
      ],
      en: ['What is your actual plan on {policy}?', 'Could you explain your position on {policy}?'],
    },
    {
      id: 'support',
      weight: 14,
      tone: 'happy',
      sentiment: [0.7, 0.2],
      it: [
        'Brava Laura, finalmente qualcuno che parla di {policy}!',
        'Sempre al fianco di chi lavora. Avanti così!',
        'Ti ho votata e lo rifarei. Grazie per l’impegno.',
        'Intervento bellissimo oggi in Aula.',
      ],
      en: ['Well done Laura, finally someone talking about {policy}!', 'Great speech today.'],
    },
    {
      id: 'criticism',
      weight: 12,
      tone: 'angry',
      sentiment: [-0.5, 0.25],
      it: [
        'Promesse su {policy} e poi niente, come sempre.',
        'Avete votato contro e ora fate finta di niente?',
        'A {city} nessuno vi ha mai visto, parlate solo in televisione.',
        'Su {policy} avete cambiato idea tre volte in un anno.',
      ],
      en: ['Promises on {policy} and then nothing, as usual.', 'You voted against it and now pretend otherwise?'],
    },
    {
      id: 'insult',
      weight: 6,
      tone: 'angry',
      sentiment: [-0.9, 0.1],
      profanity: true,
      it: [
        'Buffona, vai a lavorare!',
        'Siete tutti uguali, una manica di ladri e incapaci.',
        'Vergognati, pagliaccia.',
        'Ma stai zitta che fai più bella figura, fai schifo.',
        'Str***a venduta, a casa!',
      ],
      en: ['Clown, go get a real job!', 'You are all the same, crooks and incompetents.'],
    },
    {
      id: 'strike',
      weight: 8,
      tone: 'neutral',
      sentiment: [-0.15, 0.4],
      it: [
        'Sarà presente allo sciopero dei {sector} di venerdì?',
        'Cosa risponde ai sindacati che chiedono il rinnovo del contratto dei {sector}?',
        'Lo sciopero generale è sacrosanto, lei da che parte sta?',
        'Con lo sciopero dei {sector} a {city} è tutto bloccato, intervenite.',
      ],
      en: ['Will you join the {sector} strike on Friday?', 'What do you say to the unions asking for a new contract?'],
    },
    {
      id: 'election',
      weight: 8,
      tone: 'neutral',
      sentiment: [0, 0.3],
      it: [
        'Si ricandida alle {election}?',
        'Dove si vota a {city} per le {election}? Il mio seggio è cambiato.',
        'I sondaggi vi danno in calo, che ne pensa?',
        'Chi sarà il candidato sindaco a {city}?',
      ],
      en: ['Are you running in the {election}?', 'Polls show you dropping, any comment?'],
    },
    {
      id: 'local-issue',
      weight: 8,
      tone: 'angry',
      sentiment: [-0.3, 0.3],
      it: [
        'A {city} la linea del bus è soppressa da mesi, potete fare qualcosa?',
        'Il pronto soccorso di {city} è al collasso, venite a vedere.',
        'Le buche in via Emilia a {city} sono pericolose, chi se ne occupa?',
      ],
      en: ['In {city} the bus line has been cut for months, can you help?'],
    },
    {
      id: 'event',
      weight: 6,
      tone: 'neutral',
      sentiment: [0.3, 0.3],
      it: [
        'A che ora inizia l’incontro a {city}?',
        'Ci sarà la diretta dell’evento di sabato?',
        'Si può partecipare senza iscrizione?',
      ],
      en: ['What time does the meeting in {city} start?', 'Will the event be streamed?'],
    },
    {
      id: 'press',
      weight: 2,
      tone: 'neutral',
      sentiment: [0, 0.1],
      label: 'stampa',
      it: ['Buongiorno, scrivo per {paper}: possiamo avere un commento sulla manovra entro stasera?'],
      en: ['Hello, I write for {paper}: could we get a comment on the budget by tonight?'],
    },
    spamIntent,
  ],
  dmFollowUps: [
    {
      id: 'dm-thanks',
      weight: 4,
      tone: 'happy',
      sentiment: [0.6, 0.2],
      it: ['Grazie per avermi risposto, non me lo aspettavo.', 'Gentilissimi, ci vediamo all’incontro.'],
      en: ['Thanks for answering, I did not expect it.'],
    },
    {
      id: 'dm-detail',
      weight: 4,
      tone: 'neutral',
      sentiment: [-0.1, 0.3],
      it: [
        'Le allego la lettera che abbiamo mandato al Comune di {city}.',
        'Siamo un comitato di 200 famiglie, possiamo incontrarla?',
      ],
      en: ['Attaching the letter we sent to the city of {city}.'],
    },
    {
      id: 'dm-angry',
      weight: 2,
      tone: 'angry',
      sentiment: [-0.6, 0.2],
      it: ['Risposta di circostanza, come al solito.', 'Non ho più intenzione di votarvi.'],
      en: ['Canned answer, as usual.'],
    },
  ],
  reviews: {
    1: { it: ['Ufficio sempre chiuso, nessuno risponde al telefono.'], en: ['Office always closed.'] },
    2: { it: ['Sportello per i cittadini poco utile.'], en: ['Not very helpful.'] },
    3: { it: ['Disponibili ma tempi lunghi.'], en: ['Helpful but slow.'] },
    4: {
      it: ['Segreteria gentile, mi hanno richiamato in giornata.'],
      en: ['Kind staff, they called me back the same day.'],
    },
    5: {
      it: ['Ho incontrato l’onorevole di persona: disponibile e attenta.'],
      en: ['Met her in person: attentive and kind.'],
    },
  },
  mentions: [
    {
      id: 'mention-tv',
      weight: 3,
      tone: 'neutral',
      sentiment: [0.1, 0.5],
      it: [
        'Ieri {handle} in tv ha detto cose sensate su {policy}.',
        '{handle} ci spiega perché avete votato così su {policy}?',
      ],
      en: ['{handle} made good points on {policy} last night.'],
    },
    {
      id: 'mention-attack',
      weight: 2,
      tone: 'angry',
      sentiment: [-0.7, 0.2],
      it: ['{handle} l’ennesima giravolta su {policy}. Ridicola.'],
      en: ['{handle} another U-turn on {policy}. Ridiculous.'],
    },
  ],
  shares: [
    {
      id: 'share-support',
      weight: 3,
      tone: 'happy',
      sentiment: [0.5, 0.3],
      it: ['Condivido, finalmente qualcuno che ne parla.', 'Da leggere tutto 👇'],
      en: ['Sharing, finally someone talks about it.'],
    },
    {
      id: 'share-critic',
      weight: 1,
      tone: 'angry',
      sentiment: [-0.5, 0.2],
      it: ['Condivido così tutti vedono quanto sono incoerenti.'],
      en: ['Sharing so everyone sees the inconsistency.'],
    },
  ],
};
