import type { Contact, Platform } from '../domain/entities';
import { mixSeed, Rng } from './prng';
import type { Lang } from './content/engine';

/** People of the demo: who they are depends only on (seed, contact number), never on order. */

const italianFirst = [
  'Giulia',
  'Marco',
  'Francesca',
  'Luca',
  'Chiara',
  'Alessandro',
  'Sara',
  'Matteo',
  'Valentina',
  'Andrea',
  'Federica',
  'Davide',
  'Martina',
  'Simone',
  'Elisa',
  'Lorenzo',
  'Silvia',
  'Stefano',
  'Paola',
  'Giuseppe',
  'Anna',
  'Francesco',
  'Laura',
  'Roberto',
  'Elena',
  'Antonio',
  'Alessia',
  'Gabriele',
  'Roberta',
  'Riccardo',
  'Giorgia',
  'Fabio',
  'Serena',
  'Nicola',
  'Ilaria',
  'Salvatore',
  'Claudia',
  'Vincenzo',
  'Monica',
  'Daniele',
  'Carmela',
  'Pietro',
  'Rosa',
  'Emanuele',
  'Teresa',
  'Michele',
  'Noemi',
  'Tommaso',
  'Beatrice',
  'Gennaro',
  'Niccolò',
  'Mattia',
  'Ludovica',
  'Raffaele',
  'Concetta',
  'Domenico',
  'Agnese',
  'Cristian',
  'Debora',
  'Emanuela',
] as const;

const italianLast = [
  'Rossi',
  'Russo',
  'Ferrari',
  'Esposito',
  'Bianchi',
  'Romano',
  'Colombo',
  'Ricci',
  'Marino',
  'Greco',
  'Bruno',
  'Gallo',
  'Conti',
  'De Luca',
  'Mancini',
  'Costa',
  'Giordano',
  'Rizzo',
  'Lombardi',
  'Moretti',
  'Barbieri',
  'Fontana',
  'Santoro',
  'Mariani',
  'Rinaldi',
  'Caruso',
  'Ferrara',
  'Galli',
  'Martini',
  'Leone',
  'Longo',
  'Gentile',
  'Martinelli',
  'Vitale',
  'Lombardo',
  'Serra',
  'Coppola',
  'De Santis',
  'D’Angelo',
  'Marchetti',
  'Parisi',
  'Villa',
  'Conte',
  'Ferraro',
  'Ferri',
  'Fabbri',
  'Bianco',
  'Marini',
  'Grasso',
  'Valentini',
  'Messina',
  'Sala',
  'De Rosa',
  'Gatti',
  'Pellegrini',
  'Palumbo',
  'Sanna',
  'Farina',
  'Rizzi',
  'Monti',
] as const;

const englishFirst = [
  'Emma',
  'Oliver',
  'Sophie',
  'James',
  'Charlotte',
  'Harry',
  'Amelia',
  'Jack',
  'Grace',
  'George',
  'Olivia',
  'Noah',
  'Chloe',
  'Liam',
  'Ava',
  'Ethan',
  'Isla',
  'Thomas',
  'Lily',
  'Daniel',
] as const;

const englishLast = [
  'Smith',
  'Jones',
  'Taylor',
  'Brown',
  'Williams',
  'Wilson',
  'Johnson',
  'Davies',
  'Robinson',
  'Wright',
  'Thompson',
  'Evans',
  'Walker',
  'White',
  'Roberts',
  'Green',
  'Hall',
  'Wood',
  'Jackson',
  'Clarke',
] as const;

export interface DemoPerson {
  index: number;
  id: string;
  lang: Lang;
  firstName: string;
  lastName: string;
  displayName: string;
  /** Handle per platform; the same person keeps a recognisable handle everywhere. */
  handles: Readonly<Record<Platform, string>>;
  labels: string[];
  /** How chatty: 0 quiet … 1 always there. */
  loyalty: number;
}

const ascii = (value: string): string =>
  value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();

export const contactId = (index: number): string => `ct-${String(index).padStart(7, '0')}`;

export function demoPerson(seed: number, index: number, italianShare: number): DemoPerson {
  const rng = new Rng(mixSeed(seed, 0x5ca1ab1e + index));
  const lang: Lang = rng.chance(italianShare) ? 'it' : 'en';
  const firstName = lang === 'it' ? rng.pick(italianFirst) : rng.pick(englishFirst);
  const lastName = lang === 'it' ? rng.pick(italianLast) : rng.pick(englishLast);
  const first = ascii(firstName);
  const last = ascii(lastName);
  const number = rng.int(1, 99);
  const style = rng.int(0, 3);
  const base =
    style === 0
      ? `${first}.${last}`
      : style === 1
        ? `${first}_${last}${number}`
        : style === 2
          ? `${first}${last}`
          : `${first[0] ?? 'x'}${last}${number}`;
  const suffix = index.toString(36);
  const handles: Record<Platform, string> = {
    facebook: `${firstName} ${lastName}`,
    instagram: `@${base}.${suffix}`,
    google: `${firstName} ${lastName[0] ?? ''}.`,
    youtube: `@${first}${last}${suffix}`,
    x: `@${first}_${last.slice(0, 6)}${suffix}`,
    linkedin: `${firstName} ${lastName}`,
  };
  const labels: string[] = [];
  if (rng.chance(0.02)) labels.push('vip');
  if (rng.chance(0.01)) labels.push('giornalista');
  if (rng.chance(0.015)) labels.push('influencer');
  if (rng.chance(0.02)) labels.push('critico');
  return {
    index,
    id: contactId(index),
    lang,
    firstName,
    lastName,
    displayName: `${firstName} ${lastName}`,
    handles,
    labels,
    loyalty: rng.float(),
  };
}

export function contactOf(person: DemoPerson, platforms: readonly Platform[], firstSeenAt: number): Contact {
  return {
    id: person.id,
    displayName: person.displayName,
    firstName: person.firstName,
    handles: platforms.map((platform) => ({ platform, handle: person.handles[platform] })),
    labels: person.labels,
    firstSeenAt,
  };
}
