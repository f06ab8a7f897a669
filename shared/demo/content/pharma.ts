import { spamIntent, type ClientContent } from './engine';

/**
 * Vitalia Pharma: Cardiolex (blood pressure) and Respirax (asthma inhaler). Side-effect and
 * dosage questions, an off-label question now and then, and some adverse-event reports, which
 * the pharmacovigilance obligation makes the most urgent items in the queue.
 */
export const pharmaContent: ClientContent = {
  slots: {
    product: { it: ['Cardiolex', 'Respirax', 'Cardiolex'], en: ['Cardiolex', 'Respirax'] },
    condition: {
      it: ['ipertensione', 'pressione alta', 'asma', 'BPCO', 'asma allergica'],
      en: ['hypertension', 'high blood pressure', 'asthma', 'COPD'],
    },
    dose: {
      it: ['5 mg', '10 mg', '20 mg', 'due spruzzi', 'mezza compressa', '200 mcg'],
      en: ['5 mg', '10 mg', '20 mg', 'two puffs', 'half a tablet', '200 mcg'],
    },
    symptom: {
      it: [
        'mal di testa',
        'nausea',
        'capogiri',
        'tosse secca',
        'palpitazioni',
        'gonfiore alle caviglie',
        'stanchezza',
        'insonnia',
        'tremori alle mani',
        'bocca secca',
      ],
      en: [
        'headaches',
        'nausea',
        'dizziness',
        'a dry cough',
        'palpitations',
        'swollen ankles',
        'fatigue',
        'insomnia',
        'shaky hands',
      ],
    },
    severe: {
      it: [
        'un’eruzione cutanea su tutto il corpo',
        'una crisi respiratoria',
        'un calo di pressione improvviso',
        'un gonfiore alla gola',
      ],
      en: ['a rash all over my body', 'a breathing crisis', 'a sudden drop in blood pressure', 'a swollen throat'],
    },
    duration: {
      it: ['da due settimane', 'da qualche giorno', 'da un mese', 'da quando ho iniziato', 'da ieri'],
      en: ['for two weeks', 'for a few days', 'for a month', 'since I started', 'since yesterday'],
    },
    relative: {
      it: ['mia madre', 'mio padre', 'mio marito', 'mia moglie', 'mia nonna', 'mio figlio'],
      en: ['my mother', 'my father', 'my husband', 'my wife', 'my grandmother'],
    },
    city: {
      it: ['Milano', 'Roma', 'Napoli', 'Torino', 'Bologna', 'Bari', 'Padova', 'Palermo', 'Verona'],
      en: ['Milan', 'Rome', 'Naples', 'Turin', 'Bologna'],
    },
    lot: { it: ['L2391', 'AB4471', 'C0912X', 'R88213'], en: ['L2391', 'AB4471', 'C0912X'] },
  },
  posts: {
    it: [
      'Maggio è il mese della prevenzione cardiovascolare: misura la pressione almeno una volta l’anno.',
      'Giornata mondiale dell’asma: cinque consigli per riconoscere i primi sintomi.',
      'Il nostro stabilimento di Latina compie 40 anni. Grazie a tutte le persone che ci lavorano.',
      'Pressione alta? Parlane con il tuo medico: ecco le domande da fare alla prossima visita.',
      'Aria pulita in casa: piccoli gesti per chi soffre di allergie respiratorie.',
      'Siamo alla ricerca di nuovi talenti per il nostro team di ricerca e sviluppo.',
    ],
    en: [
      'World Asthma Day: five tips to recognise the first symptoms.',
      'High blood pressure? Questions to ask your doctor at your next visit.',
    ],
  },
  comments: [
    {
      id: 'side-effect',
      weight: 14,
      tone: 'worried',
      sentiment: [-0.25, 0.2],
      it: [
        'Prendo {product} {duration} e ho spesso {symptom}. È normale?',
        'Qualcuno ha avuto {symptom} con {product}? Il medico dice di aspettare.',
        '{relative} prende {product}: tra gli effetti collaterali c’è anche {symptom}?',
        'Da quando uso {product} ho {symptom}, devo smettere?',
        'Gli effetti collaterali di {product} passano dopo un po’? Ho {symptom} {duration}.',
      ],
      en: [
        'I have been on {product} {duration} and keep getting {symptom}. Is that normal?',
        'Has anyone had {symptom} with {product}?',
        'Are {symptom} a known side effect of {product}?',
      ],
    },
    {
      id: 'dosage',
      weight: 12,
      tone: 'neutral',
      sentiment: [0, 0.15],
      it: [
        'Qual è il dosaggio giusto di {product}? Il medico mi ha dato {dose} ma sul foglietto leggo altro.',
        'Si può prendere {product} {dose} la sera invece che la mattina?',
        'Se salto una dose di {product} devo prenderne il doppio il giorno dopo?',
        '{product} va preso a stomaco pieno o vuoto?',
        'Posso prendere {product} insieme all’ibuprofene?',
      ],
      en: [
        'What is the right dose of {product}? My doctor said {dose} but the leaflet says otherwise.',
        'Can I take {product} {dose} in the evening instead of the morning?',
        'If I miss a dose of {product} should I double the next one?',
      ],
    },
    {
      id: 'off-label',
      weight: 5,
      tone: 'neutral',
      sentiment: [0, 0.2],
      label: 'off-label',
      it: [
        'Ho letto che {product} aiuta anche a dimagrire, è vero?',
        'Un amico usa {product} per l’ansia prima delle gare, si può fare?',
        '{product} si può dare ai bambini per la tosse?',
        'Il mio cardiologo mi ha detto di usare {product} per l’emicrania, è un uso previsto?',
      ],
      en: [
        'I read that {product} also helps with weight loss, is that true?',
        'Can {product} be given to children for a cough?',
        'Is it ok to use {product} for migraines?',
      ],
    },
    {
      id: 'adverse-event',
      weight: 6,
      tone: 'worried',
      sentiment: [-0.7, 0.2],
      adverseEvent: true,
      label: 'farmacovigilanza',
      it: [
        'Dopo tre giorni di {product} ho avuto {symptom} fortissimi e sono finita al pronto soccorso.',
        '{relative} ha preso {product} {dose} ed è svenuto, ora è ricoverato. Cosa dobbiamo fare?',
        'Con {product} ho avuto {severe}: lo segnalo perché nessuno mi aveva avvisato.',
        'Ieri sera dopo {product} ho avuto {severe}, il medico di guardia mi ha detto di sospenderlo.',
      ],
      en: [
        'After three days on {product} I had severe {symptom} and ended up in the ER.',
        '{relative} took {product} {dose} and fainted, now in hospital. What should we do?',
        'I got {severe} after taking {product}. Reporting it because nobody warned me.',
      ],
    },
    {
      id: 'availability',
      weight: 8,
      tone: 'angry',
      sentiment: [-0.35, 0.25],
      it: [
        'In farmacia a {city} {product} non si trova da settimane, quando torna disponibile?',
        'Perché {product} è sempre esaurito? Non posso restare senza.',
        'Il farmacista dice che {product} è in carenza, esiste un equivalente?',
      ],
      en: ['{product} has been out of stock in {city} for weeks, when is it back?'],
    },
    {
      id: 'price',
      weight: 4,
      tone: 'angry',
      sentiment: [-0.5, 0.2],
      label: 'reclamo',
      it: [
        'Il prezzo di {product} è aumentato di nuovo, vergognoso.',
        'Perché {product} non è più rimborsato dal servizio sanitario?',
      ],
      en: ['The price of {product} went up again, shameful.'],
    },
    {
      id: 'praise',
      weight: 11,
      tone: 'happy',
      sentiment: [0.7, 0.2],
      it: [
        'Grazie a {product} finalmente respiro bene anche quando faccio le scale.',
        'Da quando prendo {product} la pressione è sotto controllo.',
        'Ottima campagna sulla {condition}, complimenti!',
        'Bellissima iniziativa sulla prevenzione, l’ho girata a tutta la famiglia.',
      ],
      en: ['Thanks to {product} I can finally take the stairs without losing my breath.', 'Great campaign, well done!'],
    },
    {
      id: 'awareness',
      weight: 10,
      tone: 'neutral',
      sentiment: [0.15, 0.25],
      it: [
        'Quali sono i primi sintomi della {condition}?',
        'Ci sarà una giornata di screening gratuito anche a {city}?',
        'Articolo molto utile, lo condivido con {relative}.',
        'Ogni quanto bisognerebbe misurare la pressione dopo i 50 anni?',
      ],
      en: ['What are the first symptoms of {condition}?', 'Very useful article, sharing it with {relative}.'],
    },
    {
      id: 'pregnancy',
      weight: 3,
      tone: 'worried',
      sentiment: [-0.1, 0.2],
      it: ['Posso continuare {product} in gravidanza?', 'Sto allattando, {product} passa nel latte?'],
      en: ['Is {product} safe during pregnancy?', 'I am breastfeeding, can I take {product}?'],
    },
    {
      id: 'rude',
      weight: 2,
      tone: 'angry',
      sentiment: [-0.85, 0.1],
      profanity: true,
      it: ['Le case farmaceutiche sono dei ladri schifosi, vergogna!', 'Ci avvelenate per soldi, bastardi.'],
      en: ['Big pharma are a bunch of crooks, shame on you!'],
    },
    spamIntent,
  ],
  dmFollowUps: [
    {
      id: 'dm-thanks',
      weight: 5,
      tone: 'happy',
      sentiment: [0.6, 0.2],
      it: ['Grazie della risposta, ne parlo con il medico.', 'Ok, grazie mille per l’aiuto.', 'Gentilissimi, grazie.'],
      en: ['Thanks for the answer, I will talk to my doctor.', 'Ok, thanks a lot.'],
    },
    {
      id: 'dm-detail',
      weight: 4,
      tone: 'worried',
      sentiment: [-0.2, 0.2],
      it: [
        'Vi mando la foto della confezione, il lotto è {lot}.',
        'Lo prendo {duration}, sempre {dose} al mattino.',
        'Il medico di base è in ferie, a chi posso chiedere?',
      ],
      en: ['Sending a photo of the box, the batch is {lot}.', 'I take {dose} every morning.'],
    },
    {
      id: 'dm-waiting',
      weight: 2,
      tone: 'angry',
      sentiment: [-0.5, 0.2],
      it: ['Non ho ancora ricevuto risposta.', 'Scusate, c’è qualcuno?'],
      en: ['Still waiting for an answer.', 'Hello? Anyone there?'],
    },
  ],
  reviews: {
    1: {
      it: [
        'Impossibile parlare con qualcuno al centralino, nessuno risponde.',
        'Parcheggio inesistente e personale sgarbato alla reception.',
      ],
      en: ['Impossible to reach anyone on the phone.'],
    },
    2: {
      it: [
        'Visita allo stabilimento annullata senza preavviso.',
        'Tempi di attesa lunghissimi per il ritiro dei campioni.',
      ],
      en: ['Visit cancelled without notice.'],
    },
    3: {
      it: ['Struttura moderna, ma indicazioni per arrivare poco chiare.', 'Nella media.'],
      en: ['Average, nothing special.'],
    },
    4: {
      it: ['Personale gentile e preparato, ottima organizzazione del convegno.', 'Bella sede, accoglienza curata.'],
      en: ['Friendly staff and a well organised conference.'],
    },
    5: {
      it: [
        'Azienda seria, ho partecipato all’open day: tutto perfetto.',
        'Ambiente di lavoro eccellente, colleghi fantastici.',
      ],
      en: ['Great company, the open day was perfect.'],
    },
  },
  mentions: [
    {
      id: 'mention-congress',
      weight: 3,
      tone: 'neutral',
      sentiment: [0.3, 0.2],
      it: ['Al congresso di cardiologia di {city} si è parlato molto dei nuovi dati di {handle} su {product}.'],
      en: ['Interesting data from {handle} on {product} at the {city} congress.'],
    },
    {
      id: 'mention-complaint',
      weight: 2,
      tone: 'angry',
      sentiment: [-0.5, 0.2],
      it: ['{handle} quando rispondete alle email dei pazienti? Aspetto da due settimane.'],
      en: ['{handle} when do you answer patients’ emails? Two weeks waiting.'],
    },
  ],
  shares: [
    {
      id: 'share-info',
      weight: 3,
      tone: 'neutral',
      sentiment: [0.3, 0.2],
      it: [
        'Condivido: informazione importante sulla {condition}.',
        'Da leggere 👇',
        'Utile per chi soffre di {condition}.',
      ],
      en: ['Sharing: important info on {condition}.', 'Worth a read 👇'],
    },
  ],
};
