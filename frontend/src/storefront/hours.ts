// When a closed location opens next, from its weekly hours in its own time zone (the same shape
// the API documents: weekday → [["HH:MM", "HH:MM"], ...], exceptions by local date).
import type { Schemas } from "@/api/client";

const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

type Location = Pick<Schemas["LocationPublic"], "hours" | "hours_exceptions" | "timezone">;

interface LocalNow {
  date: string; // YYYY-MM-DD
  weekday: number; // 0 = Monday
  minutes: number;
}

export function localNow(timeZone: string, now: Date = new Date()): LocalNow {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  const weekday = WEEKDAYS.indexOf((parts.weekday ?? "Mon").toLowerCase().slice(0, 3) as (typeof WEEKDAYS)[number]);
  return { date: `${parts.year}-${parts.month}-${parts.day}`, weekday, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const toMinutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** The next opening within a week: days from today (0 = today) and the local "HH:MM", or null. */
export function nextOpening(location: Location, now: Date = new Date()): { inDays: number; at: string } | null {
  const today = localNow(location.timezone, now);
  for (let inDays = 0; inDays < 8; inDays++) {
    const date = addDays(today.date, inDays);
    const exception = location.hours_exceptions.find((e) => e.date === date);
    const ranges = exception?.ranges ?? location.hours[WEEKDAYS[(today.weekday + inDays) % 7]!] ?? [];
    const opens = ranges
      .map((range) => range[0])
      .filter((open): open is string => !!open && (inDays > 0 || toMinutes(open) > today.minutes))
      .sort();
    if (opens[0]) return { inDays, at: opens[0] };
  }
  return null;
}
