import { spamIntent, type ClientContent } from './engine';

/**
 * Pasta Dorata, a pasta maker from Gragnano: praise and recipes, quality complaints with lot
 * numbers, allergens (sensitive), a prize contest (sensitive: contest rules are legal text).
 */
export const consumerContent: ClientContent = {
  slots: {
    product: {
      it: ['Fusilli Oro', 'Spaghetti al Bronzo', 'Paccheri di Gragnano', 'Penne Integrali', 'Linguine Dorate'],
      en: ['Fusilli Oro', 'Bronze-cut Spaghetti', 'Paccheri di Gragnano', 'Wholewheat Penne'],
    },
    recipe: {
      it: ['carbonara', 'pasta e patate', 'amatriciana', 'pesto alla genovese', 'sugo di pomodorini', 'cacio e pepe'],
      en: ['carbonara', 'pesto', 'a simple tomato sauce', 'cacio e pepe'],
    },
    city: {
      it: ['Napoli', 'Salerno', 'Milano', 'Roma', 'Torino', 'Firenze', 'Genova', 'Caserta', 'Bergamo'],
      en: ['London', 'Munich', 'New York', 'Milan'],
    },
    store: {
      it: ['Esselunga', 'Coop', 'Conad', 'Carrefour', 'un negozio di alimentari'],
      en: ['Tesco', 'Whole Foods', 'my local deli'],
    },
    lot: { it: ['L23145', 'P0912', 'LOT 4471B', 'G77120'], en: ['L23145', 'P0912'] },
  },
  posts: {
    it: [
      'Il segreto dei nostri paccheri? Trafilatura al bronzo ed essiccazione lenta a bassa temperatura.',
      'Domenica in famiglia: qual è il vostro formato preferito per il ragù?',
      'Concorso “Gragnano a tavola”: ogni confezione un codice, in palio un weekend in Costiera.',
      'Nuovo formato: Linguine Dorate, perfette con il pesce.',
      'Ricetta della settimana: pasta e patate con provola affumicata.',
      'Dal grano al piatto: visita il nostro pastificio durante le giornate aperte.',
    ],
    en: ['Our secret? Bronze dies and slow drying.', 'New shape: Linguine Dorate, perfect with seafood.'],
  },
  comments: [
    {
      id: 'praise',
      weight: 18,
      tone: 'happy',
      sentiment: [0.8, 0.15],
      it: [
        'I {product} sono i migliori, tengono la cottura alla perfezione!',
        'Stasera {recipe} con i vostri {product}, successo assicurato.',
        'Da quando ho provato i {product} non compro altro.',
        'Che profumo quando si apre la confezione, si sente che è pasta vera.',
      ],
      en: ['Your {product} are the best, perfect every time!', 'Made {recipe} with your {product}, everyone loved it.'],
    },
    {
      id: 'recipe',
      weight: 12,
      tone: 'neutral',
      sentiment: [0.2, 0.2],
      it: [
        'Quanti minuti di cottura per i {product}? Sulla confezione c’è scritto 12 ma restano duri.',
        'Che sugo consigliate con i {product}?',
        'I {product} vanno bene per la {recipe}?',
        'Si possono surgelare i {product} già cotti?',
      ],
      en: ['How many minutes for the {product}?', 'Which sauce would you pair with {product}?'],
    },
    {
      id: 'quality',
      weight: 10,
      tone: 'angry',
      sentiment: [-0.6, 0.2],
      label: 'reclamo',
      it: [
        'Ho trovato un corpo estraneo nella confezione di {product}, lotto {lot}. Inaccettabile.',
        'Ultimamente i {product} si spaccano in cottura, avete cambiato grano?',
        'Confezione di {product} arrivata con farfalline dentro. Schifo.',
        'La qualità è peggiorata tantissimo, i {product} non sono più quelli di una volta.',
      ],
      en: [
        'Found something foreign in a pack of {product}, batch {lot}. Unacceptable.',
        'Your {product} break while cooking now.',
      ],
    },
    {
      id: 'allergen',
      weight: 5,
      tone: 'worried',
      sentiment: [-0.1, 0.2],
      it: [
        'I {product} contengono tracce di soia? Mia figlia è allergica.',
        'Avete pasta senza glutine certificata per celiaci?',
        'Nello stabilimento lavorate anche frutta a guscio? Devo stare attenta agli allergeni.',
      ],
      en: [
        'Do {product} contain traces of soy? My daughter is allergic.',
        'Do you make gluten-free pasta for coeliacs?',
      ],
    },
    {
      id: 'availability',
      weight: 8,
      tone: 'neutral',
      sentiment: [-0.2, 0.25],
      it: [
        'Non trovo più i {product} da {store} a {city}, dove li vendete?',
        'Spedite anche all’estero? Vivo a {city}.',
      ],
      en: ['Can’t find {product} at {store} anymore, where can I buy them?', 'Do you ship to {city}?'],
    },
    {
      id: 'price',
      weight: 5,
      tone: 'angry',
      sentiment: [-0.5, 0.2],
      it: ['Due euro per mezzo chilo di {product}? Siete impazziti.', 'Prezzi aumentati del 30% in un anno, vergogna.'],
      en: ['Two euros for half a kilo? Are you kidding?'],
    },
    {
      id: 'contest',
      weight: 4,
      tone: 'neutral',
      sentiment: [-0.1, 0.4],
      it: [
        'Come si partecipa al concorso? Il codice nella confezione non funziona.',
        'Ho vinto il concorso a marzo ma il premio non è mai arrivato.',
        'Il regolamento del concorso dice fino al 30, ma il sito è già chiuso.',
      ],
      en: ['How do I enter the contest? The code does not work.', 'I won the contest but never got the prize.'],
    },
    {
      id: 'collab',
      weight: 3,
      tone: 'happy',
      sentiment: [0.5, 0.2],
      label: 'collaborazione',
      it: [
        'Ciao! Sono una food blogger con 40k follower, vi andrebbe una collaborazione?',
        'Gestisco un ristorante a {city}, fate forniture?',
      ],
      en: ['Hi! Food creator with 40k followers here, open to a collaboration?'],
    },
    {
      id: 'insult',
      weight: 2,
      tone: 'angry',
      sentiment: [-0.85, 0.1],
      profanity: true,
      it: ['Pasta scotta e cara, fate schifo.', 'Ladri, m***a in confezione di lusso.'],
      en: ['Overpriced crap, you suck.'],
    },
    spamIntent,
  ],
  dmFollowUps: [
    {
      id: 'dm-thanks',
      weight: 5,
      tone: 'happy',
      sentiment: [0.7, 0.2],
      it: ['Grazie, gentilissimi!', 'Perfetto, allora li cerco da {store}.', 'Grazie per il buono sconto!'],
      en: ['Thank you, very kind!', 'Great, I will look at {store}.'],
    },
    {
      id: 'dm-detail',
      weight: 4,
      tone: 'neutral',
      sentiment: [-0.2, 0.2],
      it: [
        'Vi allego la foto del lotto {lot} e lo scontrino.',
        'L’ho comprata da {store} a {city} la settimana scorsa.',
      ],
      en: ['Here is a photo of batch {lot} and the receipt.'],
    },
    {
      id: 'dm-waiting',
      weight: 2,
      tone: 'angry',
      sentiment: [-0.5, 0.2],
      it: ['Ancora niente? Aspetto il rimborso da un mese.'],
      en: ['Still nothing? Waiting for my refund for a month.'],
    },
  ],
  reviews: {
    1: {
      it: ['Spaccio chiuso nell’orario indicato su Google, viaggio a vuoto.', 'Commessa maleducata, non tornerò.'],
      en: ['Closed during the opening hours shown, wasted trip.'],
    },
    2: { it: ['Prezzi più alti che al supermercato, poca scelta.'], en: ['Pricier than the supermarket.'] },
    3: {
      it: ['Buona pasta ma parcheggio difficile.', 'Nella media, niente di speciale.'],
      en: ['Good pasta, hard to park.'],
    },
    4: {
      it: ['Ottima pasta e personale cordiale, consigliato.', 'Bella la visita al pastificio, un po’ caro lo spaccio.'],
      en: ['Great pasta and friendly staff.'],
    },
    5: {
      it: [
        'Il miglior pastificio di Gragnano, visita guidata bellissima!',
        'Pasta eccezionale, prezzi onesti allo spaccio.',
      ],
      en: ['Best pasta factory in Gragnano, lovely tour!'],
    },
  },
  mentions: [
    {
      id: 'mention-recipe',
      weight: 4,
      tone: 'happy',
      sentiment: [0.7, 0.2],
      it: [
        'Domenica pranzo con {recipe} e i {product} di {handle} 😍',
        'Nuovo video sul canale: {recipe} con {handle}!',
      ],
      en: ['Sunday lunch: {recipe} with {product} by {handle} 😍'],
    },
    {
      id: 'mention-complaint',
      weight: 2,
      tone: 'angry',
      sentiment: [-0.6, 0.2],
      it: ['{handle} la confezione di {product} era piena di farfalline, nessuno risponde alle email.'],
      en: ['{handle} my pack of {product} was full of moths, no answer to my emails.'],
    },
  ],
  shares: [
    {
      id: 'share-recipe',
      weight: 3,
      tone: 'happy',
      sentiment: [0.6, 0.2],
      it: ['Questa la provo stasera!', 'Salvata, grazie per la ricetta.', 'Guardate che meraviglia 👇'],
      en: ['Trying this tonight!', 'Saved, thanks for the recipe.'],
    },
  ],
};
