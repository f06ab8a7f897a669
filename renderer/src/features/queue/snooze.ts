/** Snooze choices relative to now, in local time: later today, this evening, tomorrow, next week. */
export function snoozeOptions(now: number): { id: string; until: number }[] {
  const at = (days: number, hour: number) => {
    const d = new Date(now);
    d.setDate(d.getDate() + days);
    d.setHours(hour, 0, 0, 0);
    return d.getTime();
  };
  const nextMonday = (() => {
    const d = new Date(now);
    const days = (8 - d.getDay()) % 7 || 7;
    return at(days, 9);
  })();
  return [
    { id: 'in1h', until: now + 60 * 60_000 },
    { id: 'in3h', until: now + 3 * 60 * 60_000 },
    { id: 'tomorrow', until: at(1, 9) },
    { id: 'nextWeek', until: nextMonday },
  ];
}
