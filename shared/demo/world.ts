import type {
  Channel,
  Client,
  Contact,
  Interaction,
  InteractionKind,
  Note,
  Platform,
  SavedReply,
  Thread,
} from '../domain/entities';
import { compileSensitivity, type SensitivityMatcher } from '../domain/sensitivity';
import {
  followText,
  likeSummaryText,
  notice,
  pickIntent,
  review,
  threadReplyIntents,
  utter,
  type ClientContent,
  type Lang,
  type Stars,
  type Utterance,
} from './content/engine';
import { contactOf, demoPerson, type DemoPerson } from './names';
import type { Rng } from './prng';
import { channels, clients, CONSUMER, contentOf, PHARMA, POLITICS, savedReplies } from './workspace';

/**
 * The state the demo stream carries from one interaction to the next: recent posts per channel
 * (comments and replies land on them), open DM conversations, which platforms each person was
 * seen on. Everything else is derived, so memory stays small at a million items.
 */

export const pad = (n: number): string => String(n).padStart(7, '0');

const clientWeights: readonly (readonly [string, number])[] = [
  [PHARMA, 30],
  [POLITICS, 38],
  [CONSUMER, 32],
];
const platformWeights: Readonly<Record<string, readonly (readonly [Platform, number])[]>> = {
  [PHARMA]: [
    ['facebook', 24],
    ['instagram', 14],
    ['google', 10],
    ['youtube', 12],
    ['x', 15],
    ['linkedin', 25],
  ],
  [POLITICS]: [
    ['facebook', 32],
    ['instagram', 22],
    ['google', 4],
    ['youtube', 8],
    ['x', 26],
    ['linkedin', 8],
  ],
  [CONSUMER]: [
    ['facebook', 25],
    ['instagram', 35],
    ['google', 15],
    ['youtube', 12],
    ['x', 5],
    ['linkedin', 8],
  ],
};
const kindMix: Readonly<Record<Platform, readonly (readonly [InteractionKind, number])[]>> = {
  facebook: [
    ['comment', 38],
    ['reply', 14],
    ['dm', 16],
    ['mention', 8],
    ['share', 8],
    ['follow', 8],
    ['like_summary', 8],
  ],
  instagram: [
    ['comment', 42],
    ['reply', 14],
    ['dm', 16],
    ['mention', 12],
    ['follow', 9],
    ['like_summary', 7],
  ],
  google: [['review', 100]],
  youtube: [
    ['comment', 55],
    ['reply', 22],
    ['follow', 13],
    ['like_summary', 10],
  ],
  x: [
    ['comment', 30],
    ['reply', 10],
    ['mention', 25],
    ['dm', 10],
    ['share', 12],
    ['follow', 7],
    ['like_summary', 6],
  ],
  linkedin: [
    ['comment', 42],
    ['reply', 8],
    ['mention', 15],
    ['share', 18],
    ['follow', 11],
    ['like_summary', 6],
  ],
};
const starWeights: Readonly<Record<string, readonly (readonly [Stars, number])[]>> = {
  [PHARMA]: [
    [1, 10],
    [2, 8],
    [3, 15],
    [4, 32],
    [5, 35],
  ],
  [POLITICS]: [
    [1, 25],
    [2, 12],
    [3, 13],
    [4, 20],
    [5, 30],
  ],
  [CONSUMER]: [
    [1, 8],
    [2, 7],
    [3, 12],
    [4, 28],
    [5, 45],
  ],
};
const platformOrder: readonly Platform[] = ['facebook', 'instagram', 'google', 'youtube', 'x', 'linkedin'];
const noteTexts = [
  'Cliente abituale, ha già segnalato un problema a marzo: trattare con attenzione.',
  'Scrive spesso di notte, preferisce risposte in privato.',
  'Giornalista freelance: coinvolgere l’ufficio stampa prima di rispondere.',
  'Ha minacciato di rivolgersi ai carabinieri: tono molto fermo ma educato.',
  'Contatto molto positivo, possibile ambassador.',
];

interface PostState {
  id: string;
  comments: string[];
}

export interface ChannelState {
  channel: Channel;
  client: Client;
  content: ClientContent;
  matcher: SensitivityMatcher;
  savedReplies: readonly SavedReply[];
  posts: PostState[];
  profileThread: string | null;
}

/** What one step of the stream adds; the generator files it into the current batch. */
export interface Step {
  interaction: Interaction;
  person: DemoPerson;
  said: Utterance;
  channel: ChannelState;
  threads: Thread[];
  contact: Contact | null;
  note: Note | null;
}

export class DemoWorld {
  private readonly channelStates = new Map<string, ChannelState>();
  private readonly conversations = new Map<string, string>();
  private readonly people = new Map<number, DemoPerson>();
  private readonly sensitiveCores = new Map<string, boolean>();
  /** Per person: bit i = seen on platform i, bit 7 = already emitted. */
  private readonly seen: Uint8Array;
  private readonly firstSeen: Float64Array;
  private threadCount = 0;

  constructor(
    private readonly rng: Rng,
    private readonly seed: number,
    private readonly poolSize: number,
    private readonly now: number,
  ) {
    this.seen = new Uint8Array(poolSize);
    this.firstSeen = new Float64Array(poolSize);
    // One matcher per client, shared by its channels.
    const matchers = new Map(clients.map((client) => [client.id, compileSensitivity(client.sensitivity)]));
    for (const channel of channels) {
      const client = clients.find((c) => c.id === channel.clientId);
      const content = contentOf[channel.clientId];
      const matcher = matchers.get(channel.clientId);
      if (!client || !content || !matcher) throw new Error(`demo: no client for ${channel.id}`);
      this.channelStates.set(`${client.id}|${channel.platform}`, {
        channel,
        client,
        content,
        matcher,
        savedReplies: savedReplies.filter((saved) => saved.clientId === client.id),
        posts: [],
        profileThread: null,
      });
    }
  }

  step(index: number, createdAt: number): Step {
    const { rng } = this;
    const clientId = rng.weighted(clientWeights);
    const platform = rng.weighted(platformWeights[clientId] ?? []);
    const state = this.channelStates.get(`${clientId}|${platform}`);
    if (!state) throw new Error('demo: missing channel');
    // Skewed: a few people come back again and again, across channels and clients.
    const person = this.person(Math.floor(this.poolSize * rng.float() ** 2.2));
    const lang: Lang = state.client.languages.length === 1 && rng.chance(0.5) ? 'it' : person.lang;
    const threads: Thread[] = [];
    const content = state.content;

    let kind = rng.weighted(kindMix[platform]);
    const commented = state.posts.find((post) => post.comments.length > 0);
    if (kind === 'reply' && !commented) kind = 'comment';
    let threadId: string;
    let parentId: string | null = null;
    let rating: number | null = null;
    let said: Utterance;
    switch (kind) {
      case 'comment': {
        threadId = this.currentPost(state, lang, createdAt, threads).id;
        said = utter(rng, lang, pickIntent(rng, content.comments), content.slots);
        break;
      }
      case 'reply': {
        const post = commented ?? this.currentPost(state, lang, createdAt, threads);
        threadId = post.id;
        parentId = post.comments.length > 0 ? rng.pick(post.comments) : null;
        const intent = rng.chance(0.5) ? rng.pick(threadReplyIntents) : pickIntent(rng, content.comments);
        said = utter(rng, lang, intent, content.slots);
        break;
      }
      case 'dm': {
        const key = `${state.channel.id}|${person.index}`;
        const existing = this.conversations.get(key);
        threadId = existing ?? this.newThread(state, 'conversation', null, createdAt, threads);
        this.conversations.set(key, threadId);
        said = utter(
          rng,
          lang,
          pickIntent(rng, existing ? content.dmFollowUps : content.comments),
          content.slots,
          false,
        );
        break;
      }
      case 'review': {
        threadId = this.newThread(state, 'review', null, createdAt, threads);
        const stars = rng.weighted(starWeights[clientId] ?? []);
        rating = stars;
        said = review(rng, lang, stars, content);
        break;
      }
      case 'mention': {
        threadId = this.newThread(state, 'post', null, createdAt, threads);
        const handle = { it: [state.channel.handle], en: [state.channel.handle] };
        said = utter(rng, lang, pickIntent(rng, content.mentions), { ...content.slots, handle });
        break;
      }
      case 'share':
        threadId = this.currentPost(state, lang, createdAt, threads).id;
        said = utter(rng, lang, pickIntent(rng, content.shares), content.slots);
        break;
      case 'follow':
        state.profileThread ??= this.newThread(state, 'post', null, createdAt, threads);
        threadId = state.profileThread;
        said = notice(followText(lang, person.displayName), 0.3);
        break;
      case 'like_summary':
        threadId = this.currentPost(state, lang, createdAt, threads).id;
        said = notice(likeSummaryText(lang, person.displayName, rng.int(3, 250)), 0.5);
        break;
    }

    const interaction: Interaction = {
      id: `ix-${pad(index)}`,
      clientId,
      channelId: state.channel.id,
      threadId,
      kind,
      platformId: `${platform}-${pad(index)}`,
      parentId,
      contactId: person.id,
      text: said.text,
      lang,
      createdAt,
      sentiment: said.sentiment,
      rating,
      flags: {
        sensitive: said.adverseEvent || this.isSensitive(state, said.core),
        adverseEvent: said.adverseEvent,
        spam: said.spam,
        profanity: said.profanity,
      },
    };
    if (kind === 'comment') {
      const post = state.posts.find((p) => p.id === threadId);
      if (post) {
        post.comments.push(interaction.id);
        if (post.comments.length > 8) post.comments.shift();
      }
    }
    const { contact, note } = this.meet(person, platform, createdAt);
    return { interaction, person, said, channel: state, threads, contact, note };
  }

  private person(index: number): DemoPerson {
    let person = this.people.get(index);
    if (person === undefined) {
      person = demoPerson(this.seed, index, 0.8);
      // The skew makes low numbers frequent: those are worth keeping.
      if (index < 20_000) this.people.set(index, person);
    }
    return person;
  }

  /** Folding a text for the policy check is the costliest step: cores repeat, so remember them. */
  private isSensitive(state: ChannelState, core: string): boolean {
    if (core === '') return false;
    const key = `${state.client.id}\u0000${core}`;
    let answer = this.sensitiveCores.get(key);
    if (answer === undefined) {
      if (this.sensitiveCores.size > 100_000) this.sensitiveCores.clear();
      answer = state.matcher.test(core);
      this.sensitiveCores.set(key, answer);
    }
    return answer;
  }

  private newThread(state: ChannelState, kind: Thread['kind'], text: string | null, at: number, out: Thread[]): string {
    this.threadCount += 1;
    const id = `th-${pad(this.threadCount)}`;
    const platform = state.channel.platform;
    out.push({
      id,
      clientId: state.client.id,
      channelId: state.channel.id,
      kind,
      platformId: `${platform}-t${this.threadCount}`,
      text,
      url:
        text === null
          ? null
          : `https://${platform}.example/${state.channel.handle.replace('@', '')}/posts/${this.threadCount}`,
      createdAt: at - this.rng.int(1, 120) * 60_000,
    });
    return id;
  }

  private currentPost(state: ChannelState, lang: Lang, at: number, out: Thread[]): PostState {
    const { posts, content } = state;
    if (posts.length === 0 || this.rng.chance(1 / 40)) {
      const caption = this.rng.pick(content.posts[lang === 'en' && content.posts.en.length > 0 ? 'en' : 'it']);
      posts.unshift({ id: this.newThread(state, 'post', caption, at, out), comments: [] });
      if (posts.length > 6) posts.pop();
    }
    const post = posts[Math.floor(this.rng.float() ** 2 * posts.length)] ?? posts[0];
    if (!post) throw new Error('demo: no post');
    return post;
  }

  /** The contact to (re-)emit: the first time a person shows up, and on each new platform. */
  private meet(person: DemoPerson, platform: Platform, at: number): { contact: Contact | null; note: Note | null } {
    const bit = 1 << platformOrder.indexOf(platform);
    const before = this.seen[person.index] ?? 0;
    if ((before & 0x80) !== 0 && (before & bit) !== 0) return { contact: null, note: null };
    const isNew = (before & 0x80) === 0;
    const after = before | bit | 0x80;
    this.seen[person.index] = after;
    if (isNew) this.firstSeen[person.index] = at;
    const platforms = platformOrder.filter((_, i) => (after & (1 << i)) !== 0);
    const contact = contactOf(person, platforms, this.firstSeen[person.index] ?? at);
    const note: Note | null =
      isNew && this.rng.chance(0.03)
        ? {
            id: `nt-${pad(person.index)}`,
            contactId: person.id,
            authorId: this.rng.pick(['us-giulia', 'us-marco', 'us-sara', 'us-lead']),
            text: this.rng.pick(noteTexts),
            createdAt: Math.min(this.now, at + 3_600_000),
          }
        : null;
    return { contact, note };
  }
}
